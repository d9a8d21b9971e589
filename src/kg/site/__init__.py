"""`kg site`: the built graph as a static linked-data site. Every IRI under the base has
a page at its path (`party/gr-kke.html`) with its description beside it (`.ttl`,
`.jsonld`, `.nt`); index pages by meeting, party, country and year; and the content
negotiation for Apache and nginx that makes the IRIs answer."""

from __future__ import annotations

import gc
import json
import logging
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import pyoxigraph as ox

from kg.files import built_file
from kg.rdf.jsonld import jsonld_context
from kg.run.executor import forked, usable_cores
from kg.site.describe import Described
from kg.site.negotiation import htaccess, nginx
from kg.site.pages import TEMPLATES, PageMaker, escaped
from kg.site.plots import PICTURES, svg
from kg.site.search import records, write_index
from kg.vocab import DEFAULT_BASE, prefixes

ONTOLOGY = Path(__file__).parent.parent / "data" / "kg.ttl"  # the project's own terms


log = logging.getLogger(__name__)
MARKER = ".kg-site"  # in every site kg writes: a folder kg may replace


class SiteError(Exception):
    """The site cannot be written where asked (nothing was touched)."""


@dataclass(frozen=True)
class SiteReport:
    resources: int
    files: int
    bytes: int
    seconds: dict[str, float]  # by step: where the time went (the benchmark prints it)


def write_site(
    out: Path, dest: Path, base: str = DEFAULT_BASE, workers: int | None = None
) -> SiteReport:
    """The site of the graph built in `out`, written whole into `dest` (built beside it and
    switched in: a reader never sees half a site). The resources' files are written by
    `workers` processes (one per usable core by default), forked after the graph is read:
    they share it and the indexes made of it, nothing is copied."""
    check_destination(out, dest)
    clock = Clock()
    collecting, frozen = gc.isenabled(), gc.get_freeze_count()
    gc.disable()  # millions of small containers: no collection finds a cycle among them
    try:
        described = Described.read(built_file(out), base, ONTOLOGY)
        names = prefixes(base)
        maker = PageMaker(described, names, findings_by_source(out / "report.json"))
        documents = [d for d in described.documents() if described.path(d) != "index"]
        described.count_co_signers()  # once, here, for the forked workers to share
    finally:
        if collecting:
            gc.enable()
    gc.freeze()  # nor are they looked at again, here or in the forked workers (no copying)
    clock.lap("read the graph")
    try:
        return written(described, maker, documents, dest, base, workers, clock)
    finally:
        if not frozen:  # a caller's own freeze is theirs to undo
            gc.unfreeze()
        escaped.cache_clear()


def check_destination(out: Path, dest: Path) -> None:
    """A site replaces its folder whole: never the build's, nor a folder kg did not write."""
    if out.resolve() == dest.resolve() or out.resolve().is_relative_to(dest.resolve()):
        raise SiteError(
            f"{dest} holds the build in {out}, and a site replaces its folder whole: "
            "choose another --dest (the default is OUT/site)"
        )
    if dest.is_dir() and any(dest.iterdir()) and not (dest / MARKER).is_file():
        raise SiteError(
            f"{dest} holds files and is not a site kg wrote (it has no {MARKER}); a site "
            "replaces its folder whole: choose a new or empty folder, or remove this one"
        )


def written(
    described: Described,
    maker: PageMaker,
    documents: list[str],
    dest: Path,
    base: str,
    workers: int | None,
    clock: Clock,
) -> SiteReport:
    dest.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{dest.name}-", dir=dest.parent))
    try:
        writer = Writer(building)
        resources = ResourceFiles(writer, described, maker, base)
        # A share for each worker and one more, the search index and the pictures being
        # about a share's work; the documents interleaved, so each share has every kind.
        shares = (workers or usable_cores()) + 1
        tasks = [partial(write_search_and_pictures, writer, described, building / "pagefind")]
        tasks += [partial(resources.write, documents[n::shares]) for n in range(shares)]
        forked(tasks, workers, "writing the site")
        clock.lap("resources, pictures and search index")
        for page, html in maker.index_pages().items():
            writer.write(page, html.encode())
        for name in ("site.css", "search.js", "favicon.svg"):
            writer.write(name, (TEMPLATES / name).read_bytes())
        context_text = json.dumps({"@context": jsonld_context(base)}, indent=2, sort_keys=True)
        writer.write("context.jsonld", (context_text + "\n").encode())
        writer.write(".htaccess", htaccess().encode())
        writer.write(MARKER, b"A site written by kg site: replaced whole when written again.\n")
        writer.write("nginx.conf", nginx(str(dest.resolve())).encode())
        clock.lap("index pages")
        files, size = measured(building)
        switch(building, dest)
        clock.lap("switched in")
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return SiteReport(len(documents), files, size, clock.laps)


class Clock:
    def __init__(self) -> None:
        self.started = time.perf_counter()
        self.laps: dict[str, float] = {}

    def lap(self, step: str) -> None:
        now = time.perf_counter()
        self.laps[step] = now - self.started
        self.started = now


class Writer:
    """Files written under one folder, each folder made once."""

    def __init__(self, root: Path) -> None:
        self.root = f"{root}{os.sep}"
        self.made: set[str] = set()

    def write(self, path: str, data: bytes) -> None:
        folder = os.path.dirname(path)
        if folder not in self.made:
            os.makedirs(self.root + folder, exist_ok=True)
            self.made.add(folder)
        # os.open rather than open(): no buffered file object for a write made at once
        file = os.open(self.root + path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
        try:
            left = memoryview(data)
            while left:
                left = left[os.write(file, left) :]
        finally:
            os.close(file)


@dataclass
class ResourceFiles:
    """A resource's page and its description as Turtle, N-Triples and JSON-LD (expanded:
    every IRI in full, so that any processor reads it without a context; pyoxigraph writes
    it seven times faster than compacting it with the graph's context)."""

    writer: Writer
    described: Described
    maker: PageMaker
    base: str

    def write(self, documents: list[str]) -> None:
        names = prefixes(self.base)
        for document in documents:
            path = self.described.path(document)
            triples = self.described.description(document)
            self.writer.write(f"{path}.html", self.maker.resource_page(document).encode())
            turtle = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=names) or b""
            self.writer.write(f"{path}.ttl", turtle)
            lines = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
            self.writer.write(f"{path}.nt", lines)
            linked = ox.serialize(triples, format=ox.RdfFormat.JSON_LD) or b""
            self.writer.write(f"{path}.jsonld", linked)


def write_search_and_pictures(writer: Writer, described: Described, search: Path) -> None:
    write_index(records(described), search)  # or a warning: the site works without it
    for name, draw in PICTURES.items():  # the pictures the home page shows
        writer.write(f"pictures/{name}.svg", svg(draw(described)))


def measured(folder: Path) -> tuple[int, int]:
    """How many files a folder holds, and their bytes."""
    files = size = 0
    for root, _, names in os.walk(folder):
        for name in names:
            files += 1
            size += os.stat(os.path.join(root, name)).st_size
    return files, size


def switch(built: Path, dest: Path) -> None:
    """The new site in place of the old one: the old renamed aside (and back, should the
    new one fail to move in), the new one renamed in, and the old removed by a process
    left to finish on its own (removing 180,000 files takes longer than writing them
    anew), with any an earlier removal left behind."""
    if not dest.exists():
        built.rename(dest)
        return
    old = Path(tempfile.mkdtemp(prefix=f".{dest.name}-old-", dir=dest.parent))
    dest.rename(old / dest.name)
    try:
        built.rename(dest)
    except BaseException:
        (old / dest.name).rename(dest)
        raise
    removed = sorted(str(p) for p in dest.parent.glob(f".{dest.name}-old-*"))
    # `sh` starts `rm` in the background and ends: no process of ours is left to wait for.
    remove = 'rm -rf -- "$@" >/dev/null 2>&1 &'
    try:
        subprocess.run(["sh", "-c", remove, "sh", *removed], check=False)
    except OSError as err:  # the site is written; only the old one is left
        log.warning("could not remove the old site %s: %s", old, err)


def findings_by_source(report: Path) -> dict[str, list[str]]:
    """The build's findings, by the name of the source they are about."""
    try:
        data = json.loads(report.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    found: dict[str, list[str]] = {}
    for finding in data.get("findings", []):
        code, message = finding.get("code", ""), finding.get("message", "")
        text = f"{finding.get('severity', '')} [{code}] {message}".strip()
        found.setdefault(str(finding.get("source", "")), []).append(text)
    return found
