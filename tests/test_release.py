"""`kg release`: a dated, versioned release whose description tells the truth about its
files, the same bytes for the same input, and CHANGES against the release before."""

from __future__ import annotations

import gzip
import hashlib
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib import BNode, Graph, Literal, Namespace, URIRef

from conftest import PROJECT
from kg.cli import main
from kg.pipeline import build
from kg.vocab import DEFAULT_BASE

DCAT = Namespace("http://www.w3.org/ns/dcat#")
DCT = Namespace("http://purl.org/dc/terms/")
SPDX = Namespace("http://spdx.org/rdf/terms#")
CORPUS = PROJECT / "tests" / "corpus"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("built")
    build([CORPUS], out, workers=1)
    return out


def release(out: Path, dest: Path, version: str, day: str = "2026-12-03") -> None:
    result = CliRunner().invoke(
        main, ["release", version, "--out", str(out), "--dest", str(dest), "--date", day]
    )
    assert result.exit_code == 0, result.output


def test_the_description_tells_the_truth_about_each_file(built: Path, tmp_path: Path) -> None:
    release(built, tmp_path, "0.1.0")
    folder = tmp_path / "0.1.0"
    sums = dict(
        reversed(line.split("  ")) for line in (folder / "SHA256SUMS").read_text().splitlines()
    )
    for name, digest in sums.items():
        assert hashlib.sha256((folder / name).read_bytes()).hexdigest() == digest
    assert (
        gzip.decompress((folder / "graph.nt.gz").read_bytes()) == (built / "graph.nt").read_bytes()
    )
    void = Graph().parse(folder / "void.ttl")
    assert not [t for t in void if any(isinstance(term, BNode) for term in t)]
    dataset = URIRef(f"{DEFAULT_BASE}release/0.1.0")
    assert void.value(dataset, DCAT.version) == Literal("0.1.0")
    assert str(void.value(dataset, DCT.issued)) == "2026-12-03"
    assert void.value(dataset, DCT.license) == URIRef(
        "https://creativecommons.org/licenses/by/4.0/"
    )
    assert len(list(void.objects(dataset, URIRef("http://www.w3.org/ns/prov#wasDerivedFrom")))) > 10
    distributions = list(void.objects(dataset, DCAT.distribution))
    assert len(distributions) == 5
    for distribution in distributions:
        url = str(void.value(distribution, DCAT.downloadURL))
        assert url.startswith(f"{DEFAULT_BASE}release/0.1.0/")
        path = folder / url.rsplit("/", 1)[1]
        assert int(void.value(distribution, DCAT.byteSize)) == path.stat().st_size
        checksum = void.value(distribution, SPDX.checksum)
        assert str(void.value(checksum, SPDX.checksumValue)) == sums[path.name]
        assert void.value(distribution, DCAT.mediaType) is not None
    citation = (folder / "CITATION.cff").read_text(encoding="utf-8")
    assert 'version: "0.1.0"' in citation and "date-released: 2026-12-03" in citation
    assert (tmp_path / "kg-0.1.0.tar.gz").stat().st_size > 0


def test_two_releases_of_the_same_input_differ_only_in_their_dates(
    built: Path, tmp_path: Path
) -> None:
    release(built, tmp_path / "a", "1.0.0")
    release(built, tmp_path / "b", "1.0.0")
    release(built, tmp_path / "c", "1.0.0", day="2027-01-15")
    a, b, c = (tmp_path / x / "1.0.0" for x in "abc")
    names = sorted(p.name for p in a.iterdir())
    assert all((a / n).read_bytes() == (b / n).read_bytes() for n in names)
    assert (tmp_path / "a/kg-1.0.0.tar.gz").read_bytes() == (
        tmp_path / "b/kg-1.0.0.tar.gz"
    ).read_bytes()
    dated = {n for n in names if (a / n).read_bytes() != (c / n).read_bytes()}
    assert dated == {"void.ttl", "CHANGES.md", "CITATION.cff", "SHA256SUMS"}


def test_changes_says_what_was_added_and_removed_since_the_release_before(
    built: Path, tmp_path: Path
) -> None:
    releases = tmp_path / "releases"
    release(built, releases, "0.1.0")
    pages = tmp_path / "pages"
    shutil.copytree(CORPUS, pages)
    gone = sorted(pages.glob("*.txt"))[0]
    gone.unlink()
    smaller = tmp_path / "smaller"
    build([pages], smaller, workers=1)
    release(smaller, releases, "0.2.0")
    changes = (releases / "0.2.0" / "CHANGES.md").read_text(encoding="utf-8")
    assert "Against release 0.1.0" in changes
    removed = [line for line in changes.splitlines() if line.startswith("- declarations:")]
    assert removed and "0 added" in removed[0] and "0 removed" not in removed[0]
    assert "  - removed https://w3id.org/imcwp/declaration/" in changes


def test_a_version_that_is_no_version_or_exists_is_exit_2(built: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    bad = runner.invoke(main, ["release", "latest", "--out", str(built), "--dest", str(tmp_path)])
    assert bad.exit_code == 2 and "semantic version" in bad.stderr
    release(built, tmp_path, "0.1.0")
    again = runner.invoke(main, ["release", "0.1.0", "--out", str(built), "--dest", str(tmp_path)])
    assert again.exit_code == 2 and "exists" in again.stderr
