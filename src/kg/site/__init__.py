"""`kg site`: the built graph as a static linked-data site. Every IRI under the base has
a page at its path (`party/gr-kke.html`) with its description beside it (`.ttl`,
`.jsonld`, `.nt`); index pages by meeting, party, country and year; and the content
negotiation for Apache and nginx that makes the IRIs answer."""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.serialize import built_file, jsonld, jsonld_context
from kg.site.describe import Described
from kg.site.negotiation import htaccess, nginx
from kg.site.pages import TEMPLATES, PageMaker
from kg.site.plots import PICTURES, svg
from kg.vocab import DEFAULT_BASE, prefixes


@dataclass(frozen=True)
class SiteReport:
    resources: int
    files: int
    bytes: int


def write_site(out: Path, dest: Path, base: str = DEFAULT_BASE) -> SiteReport:
    """The site of the graph built in `out`, written whole into `dest` (built beside it and
    switched in: a reader never sees half a site)."""
    described = Described.read(built_file(out), base)
    names = prefixes(base)
    maker = PageMaker(described, names, findings_by_source(out / "report.json"))
    dest.parent.mkdir(parents=True, exist_ok=True)
    building = Path(tempfile.mkdtemp(prefix=f".{dest.name}-", dir=dest.parent))
    try:
        for document in described.documents():
            path = described.path(document)
            if path == "index":
                continue  # the base itself: the home page is the site's own
            triples = described.description(document)
            write(building / f"{path}.html", maker.resource_page(document).encode())
            turtle = ox.serialize(triples, format=ox.RdfFormat.TURTLE, prefixes=names) or b""
            write(building / f"{path}.ttl", turtle)
            lines = ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""
            write(building / f"{path}.nt", lines)
            context = f"{base}context.jsonld"
            write(building / f"{path}.jsonld", b"".join(jsonld(lines, base, context)))
        for page, html in maker.index_pages().items():
            write(building / page, html.encode())
        for name, draw in PICTURES.items():  # the pictures the home page shows
            write(building / "pictures" / f"{name}.svg", svg(draw(described)))
        write(building / "site.css", (TEMPLATES / "site.css").read_bytes())
        context_text = json.dumps({"@context": jsonld_context(base)}, indent=2, sort_keys=True)
        write(building / "context.jsonld", (context_text + "\n").encode())
        write(building / ".htaccess", htaccess().encode())
        write(building / "nginx.conf", nginx(str(dest.resolve())).encode())
        written = [p for p in building.rglob("*") if p.is_file()]
        size = sum(p.stat().st_size for p in written)
        switch(building, dest)
    except BaseException:
        shutil.rmtree(building, ignore_errors=True)
        raise
    return SiteReport(len(described.documents()), len(written), size)


def write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)


def switch(built: Path, dest: Path) -> None:
    """The new site in place of the old one: renamed aside, the new one renamed in."""
    old = dest.with_name(f".{dest.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if dest.exists():
        dest.rename(old)
    built.rename(dest)
    shutil.rmtree(old, ignore_errors=True)


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
