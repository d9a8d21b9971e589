"""`kg release`: a dated, versioned release of a build, for users to cite and compare.

A release folder `RELEASES/VERSION/` holds every format compressed (gzip, no timestamp), the
validation report, a VoID and DCAT description of the release (`void.ttl`: each
distribution's media type, byte size, SHA-256 and download address under the base IRI,
the licence, version, issued day, and the sources it derives from), `CHANGES.md` against the
previous release in RELEASES, `CITATION.cff` and `SHA256SUMS`; beside it an archive
`kg-VERSION.tar.gz`. The same build released with the same `--date` is the same bytes.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import re
import shutil
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KgError
from kg.files import built_file, write_atomically
from kg.rdf.terms import RdfData, parsed
from kg.vocab import prefixes

FORMATS = (  # (file in the build, media type)
    ("graph.ttl", "text/turtle"),
    ("graph.jsonld", "application/ld+json"),
    ("graph.nt", "application/n-triples"),
    ("graph.nq", "application/n-quads"),
    ("graph.trig", "application/trig"),
)
KEPT = ("validation.ttl", "validation.txt", "report.json", "report.txt")
VERSION = re.compile(r"^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$")
KG = "https://w3id.org/imcwp/vocab#"
TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
SAME_AS = "http://www.w3.org/2002/07/owl#sameAs"
CC_BY = "https://creativecommons.org/licenses/by/4.0/"
GZIP = "https://www.iana.org/assignments/media-types/application/gzip"


class ReleaseError(KgError):
    """A release that cannot be made: a version that is no version, one that exists."""


@dataclass(frozen=True)
class Release:
    folder: Path
    archive: Path
    files: int


def make_release(
    version: str, out: Path, releases: Path, base: str, issued: dt.date | None = None
) -> Release:
    if not VERSION.match(version):
        raise ReleaseError(
            f"{version!r} is not a version", hint="give a semantic version: 0.1.0, 1.2.0-rc.1"
        )
    folder = releases / version
    if folder.exists():
        raise ReleaseError(
            f"release {version} exists: {folder}",
            hint="give a new version; releases are not rewritten",
        )
    day = issued or dt.date.today()
    graph = built_file(out, "graph.nt")
    previous = latest(releases, version)
    releases.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{version}-", dir=releases))
    try:
        for name, _ in FORMATS:
            write_atomically(
                building / f"{name}.gz", gzip.compress((out / name).read_bytes(), mtime=0)
            )
        for name in KEPT:
            if (out / name).exists():
                shutil.copyfile(out / name, building / name)
        download = f"{base}release/{version}/"
        facts = dataset_facts(graph, base)
        void = description(building, facts, version, day, base, download)
        write_atomically(building / "void.ttl", void)
        write_atomically(building / "CHANGES.md", changes(graph, previous, version, day).encode())
        write_atomically(building / "CITATION.cff", citation(facts, version, day, base).encode())
        sums = "".join(f"{sha256(path)}  {path.name}\n" for path in sorted(building.iterdir()))
        write_atomically(building / "SHA256SUMS", sums.encode())
        building.chmod(0o755)
        building.rename(folder)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    archive = releases / f"kg-{version}.tar.gz"
    write_atomically(archive, tarball(folder, version, day))
    return Release(folder, archive, len(list(folder.iterdir())))


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def latest(releases: Path, version: str) -> Path | None:
    """The release before this one: the highest version in RELEASES other than it."""
    if not releases.is_dir():
        return None

    def key(name: str) -> tuple[int, ...]:
        return tuple(int(part) for part in re.findall(r"\d+", name.split("-")[0].split("+")[0]))

    found = [p for p in releases.iterdir() if p.is_dir() and VERSION.match(p.name)]
    earlier = [p for p in found if p.name != version and key(p.name) <= key(version)]
    return max(earlier, key=lambda p: key(p.name)) if earlier else None


def description(
    folder: Path, facts: DatasetFacts, version: str, day: dt.date, base: str, download: str
) -> bytes:
    """VoID and DCAT of the release; every node named (no blank node)."""
    dataset = f"{base}release/{version}"
    lines = [
        f"<{dataset}> a dcat:Dataset , void:Dataset ;",
        f'    dct:title "IMCWP knowledge graph, release {version}"@en ;',
        f'    dcat:version "{version}" ;',
        f'    dct:issued "{day.isoformat()}"^^xsd:date ;',
        f"    dct:isVersionOf <{base}dataset> ;",
        f"    void:triples {facts.triples} ;",
        f'    void:uriSpace "{base}" ;',
    ]
    lines += [f"    dct:license <{licence}> ;" for licence in facts.licences]
    lines += [f"    prov:wasDerivedFrom <{source}> ;" for source in facts.sources]
    distributions = []
    for name, media in FORMATS:
        path = folder / f"{name}.gz"
        node = f"{dataset}/{name}.gz"
        lines.append(f"    dcat:distribution <{node}> ;")
        distributions += [
            f"<{node}> a dcat:Distribution ;",
            f'    dct:title "{name}, gzip"@en ;',
            f"    dcat:mediaType <https://www.iana.org/assignments/media-types/{media}> ;",
            f"    dcat:compressFormat <{GZIP}> ;",
            f"    dcat:byteSize {path.stat().st_size} ;",
            f"    spdx:checksum <{node}#sha256> ;",
            f"    dcat:downloadURL <{download}{name}.gz> .",
            "",
            f"<{node}#sha256> a spdx:Checksum ;",
            "    spdx:algorithm spdx:checksumAlgorithm_sha256 ;",
            f'    spdx:checksumValue "{sha256(path)}"^^xsd:hexBinary .',
            "",
        ]
    lines[-1] = lines[-1].rstrip(" ;") + " ."
    names = prefixes(base)
    head = [f"PREFIX {p}: <{names[p]}>" for p in ("dcat", "dct", "prov", "void", "xsd")]
    head.append("PREFIX spdx: <http://spdx.org/rdf/terms#>")
    text = "\n".join([*head, "", *lines, "", *distributions])
    # Checked by parsing, then written as pyoxigraph writes Turtle: one form for every release.
    triples = list(ox.parse(text.encode(), format=ox.RdfFormat.TURTLE))
    turtle = ox.serialize(sorted(triples, key=str), format=ox.RdfFormat.TURTLE,
                          prefixes={**{p: names[p] for p in ("dcat", "dct", "prov", "void", "xsd")},
                                    "spdx": "http://spdx.org/rdf/terms#"})  # fmt: skip
    return turtle or b""


@dataclass(frozen=True)
class DatasetFacts:
    licences: tuple[str, ...]
    sources: tuple[str, ...]
    triples: int


def dataset_facts(graph: Path, base: str) -> DatasetFacts:
    """What the build says of its dataset: licence and sources; and its triples."""
    dataset = f"{base}dataset"
    licences, sources, triples = set(), set(), 0
    for triple in ox.parse(path=str(graph), format=ox.RdfFormat.N_TRIPLES):
        triples += 1
        if triple.subject.value != dataset:
            continue
        if triple.predicate.value == "http://purl.org/dc/terms/license":
            licences.add(triple.object.value)
        if triple.predicate.value == "http://purl.org/dc/terms/source":
            sources.add(triple.object.value)
    return DatasetFacts(tuple(sorted(licences)), tuple(sorted(sources)), triples)


def summary(graph: RdfData) -> dict[str, set[str]]:
    """What CHANGES compares: declarations, parties, links to Wikidata, triples."""
    found: dict[str, set[str]] = {"declarations": set(), "parties": set(), "links": set(),
                                  "triples": set()}  # fmt: skip
    for triple in parsed(graph, ox.RdfFormat.N_TRIPLES):
        found["triples"].add(str(triple))
        subject, predicate, value = triple.subject.value, triple.predicate.value, triple.object
        if predicate == TYPE and value.value == f"{KG}Declaration":
            found["declarations"].add(subject)
        if predicate == TYPE and value.value == "http://www.w3.org/ns/org#FormalOrganization":
            found["parties"].add(subject)
        if predicate == SAME_AS:
            found["links"].add(f"{subject} = {value.value}")
    return found


def changes(graph: Path, previous: Path | None, version: str, day: dt.date) -> str:
    now = summary(graph)
    lines = [f"# Release {version} ({day.isoformat()})", ""]
    if previous is None:
        lines += ["The first release:", ""]
        lines += [f"- {len(now[kind]):,} {kind}" for kind in now]
        return "\n".join(lines) + "\n"
    before = summary(gzip.decompress((previous / "graph.nt.gz").read_bytes()))
    lines += [f"Against release {previous.name}:", ""]
    for kind in now:
        added, removed = now[kind] - before[kind], before[kind] - now[kind]
        lines.append(f"- {kind}: {len(added):,} added, {len(removed):,} removed")
        if kind != "triples":
            lines += [f"  - added {item}" for item in sorted(added)[:50]]
            lines += [f"  - removed {item}" for item in sorted(removed)[:50]]
    return "\n".join(lines) + "\n"


def citation(facts: DatasetFacts, version: str, day: dt.date, base: str) -> str:
    licence = "CC-BY-4.0" if CC_BY in facts.licences else "other"
    return (
        "cff-version: 1.2.0\n"
        "message: If you use this dataset, please cite it as below.\n"
        "type: dataset\n"
        'title: "IMCWP knowledge graph"\n'
        "authors:\n"
        '  - name: "The kg project"\n'
        f'version: "{version}"\n'
        f"date-released: {day.isoformat()}\n"
        f"license: {licence}\n"
        f'url: "{base}release/{version}"\n'
        "abstract: \"Declarations of the International Meeting of Communist and Workers' "
        'Parties, the parties that sign them, and party congresses, as linked data."\n'
    )


def tarball(folder: Path, version: str, day: dt.date) -> bytes:
    """The release as one archive: files sorted, owners and times fixed (the issued day)."""
    moment = int(dt.datetime.combine(day, dt.time(), dt.UTC).timestamp())
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w", format=tarfile.PAX_FORMAT) as tar:
        for path in sorted(folder.iterdir()):
            info = tarfile.TarInfo(f"kg-{version}/{path.name}")
            data = path.read_bytes()
            info.size, info.mtime, info.mode = len(data), moment, 0o644
            tar.addfile(info, io.BytesIO(data))
    return gzip.compress(buffer.getvalue(), mtime=0)
