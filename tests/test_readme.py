"""Every example of the README runs as written: each `kg …` line of its examples is run
here through the shell, in a fresh folder, against what it needs on loopback (a site for
`kg fetch`, an Oxigraph on 7878 and a Virtuoso on 8890 as the examples name them, a Party
Facts mirror for `kg link --partyfacts`, given by KG_PARTYFACTS_MIRROR since tests reach no
outside network). The README's lines that change the machine (installing and starting the
system's Virtuoso) are run by .ci/run, as written; `make build` and `make test` too."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from functools import partial
from http.server import SimpleHTTPRequestHandler
from pathlib import Path

import pytest

from conftest import PARTYFACTS, PROJECT, loopback
from kg.sources import BUNDLED_EXAMPLE
from kg.store.servers import OxigraphServer, VirtuosoServer, port_in_use

README = (PROJECT / "README.md").read_text(encoding="utf-8")
EXAMPLE = re.compile(
    r"^    (?:\$ )?((?:KG_\w+=\S+ )*(?:kg|\.venv/bin/\w+|make|service|apt-get) .*?)"
    r"(?:\s+#.*)?$"
)
# The lines that install or start things on the machine itself: run by .ci/run as written.
BY_CI = {
    "make build",
    "make test",
    "apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "
    "virtuoso-opensource",
    "service virtuoso-opensource-7 start",
    "KG_STORE_USER=dba KG_STORE_PASSWORD=dba kg load --endpoint "
    "http://127.0.0.1:8890/sparql-graph-crud-auth --verify",
}
# Benchmarks and the full fuzz suite: minutes to hours; run by hand, their figures recorded.
BY_HAND = {"make bench", "make bench-scale", "make bench-load", "make bench-site", "make fuzz"}


def examples() -> list[str]:
    """The README's example lines, in order; the usage synopsis (`[--out DIR]`) is not one."""
    found = []
    for line in README.splitlines():
        match = EXAMPLE.match(line)
        placeholder = re.search(r"\b[A-Z]{3,}\b|\[|\.\.\.", match.group(1)) if match else None
        if match and not placeholder:  # `kg validate FILE`, `[--out DIR]`: a synopsis
            found.append(match.group(1).strip())
    return found


def test_the_examples_are_all_accounted_for() -> None:
    found = examples()
    assert "kg query queries/top-signatories.rq --format csv" in found
    ci = (PROJECT / ".ci" / "run").read_text(encoding="utf-8")
    for line in BY_CI:
        assert line in found, f"{line!r} is no longer in the README: update BY_CI"
        assert line in ci, f".ci/run does not run {line!r}"


@pytest.fixture
def site(tmp_path: Path) -> Iterator[str]:
    """A site on loopback holding the bundled page, and a robots.txt that allows it."""
    root = tmp_path / "site"
    root.mkdir()
    shutil.copy(BUNDLED_EXAMPLE, root / "resolution.txt")
    (root / "robots.txt").write_text("User-agent: *\nAllow: /\n", encoding="utf-8")
    with loopback(partial(QuietFiles, directory=str(root))) as url:
        yield url


@pytest.fixture
def mirror() -> Iterator[str]:
    """Party Facts' tables on loopback (the team's small ones)."""
    with loopback(partial(QuietFiles, directory=str(PARTYFACTS))) as url:
        yield url


class QuietFiles(SimpleHTTPRequestHandler):
    def log_message(self, *_: object) -> None:
        pass


def test_every_readme_example_runs_as_written(tmp_path: Path, site: str, mirror: str) -> None:
    for port, name in ((7878, "Oxigraph"), (8890, "Virtuoso")):
        assert not port_in_use(port), f"port {port} is taken: the README's {name} example needs it"
    work = tmp_path / "work"
    work.mkdir()
    shutil.copytree(PROJECT / "queries", work / "queries")
    (work / "urls.txt").write_text(f"{site}/resolution.txt\n", encoding="utf-8")
    (work / ".venv").symlink_to(Path(sys.executable).parent.parent)
    (work / "tests").symlink_to(PROJECT / "tests")
    environment = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}",
        "KG_PARTYFACTS_MIRROR": mirror,
    }
    run = [line for line in examples() if line not in BY_CI | BY_HAND]
    assert len(run) >= 7
    with (
        OxigraphServer(port=7878),
        VirtuosoServer(tmp_path / "virtuoso", port=8890),
    ):
        for line in run:
            done = subprocess.run(
                ["bash", "-c", line], cwd=work, env=environment, capture_output=True,
                text=True, timeout=600, check=False,
            )  # fmt: skip
            assert done.returncode == 0, f"{line}\n{done.stderr[-2000:]}"
            if line.startswith("kg query"):
                assert done.stdout.startswith("party,name,declarations\n")
    assert (work / "pages").is_dir() and (work / "output" / "links.sssom.tsv").exists()
