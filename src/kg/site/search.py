"""The site's search: a Pagefind index (Pagefind's binary, shipped on PyPI) of every party
by its names in every language and of every declaration by its titles and texts, written
into `pagefind/` with the search box's script. Built from the graph's words, not by
Pagefind reading the site's pages back: a party's page lists thousands of declarations,
and the search should find the party by its names, not by the declarations it signed."""

from __future__ import annotations

import html
import logging
import shutil
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox
from pagefind.service import get_executable

from kg.site.describe import KG, NAME_KINDS, ORG_FORMAL, SCHEMA, SPATIAL, Described

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Record:
    url: str  # from the site's root: `/party/gr-kke.html`
    title: str
    content: str


def records(described: Described) -> list[Record]:
    """What the search finds: parties by every name they have (in every language, and as
    the lists spelled them) and their country; declarations by their titles and texts in
    every language, their meeting and place."""
    found: list[Record] = []
    for document in described.documents():
        kinds = described.types(document)
        url = f"/{described.path(document)}.html"
        if ORG_FORMAL in kinds:
            names = [v.value for p, _ in NAME_KINDS for v in described.values(document, p)]
            country = described.first(document, SPATIAL)
            if country is not None:
                names.append(described.label(country.value))
            found.append(Record(url, described.label(document), "\n".join(names)))
        elif f"{KG}Declaration" in kinds:
            words = [v.value for v in described.values(document, f"{SCHEMA}name")]
            for version in described.pointing_to(document, f"{SCHEMA}exampleOfWork"):
                words += [v.value for v in described.values(version, f"{SCHEMA}name")]
                words += [v.value for v in described.values(version, f"{SCHEMA}text")]
            for predicate in (f"{KG}adoptedAt", f"{SCHEMA}locationCreated"):
                words += [described.label(v.value) for v in described.values(document, predicate)
                          if isinstance(v, ox.NamedNode)]  # fmt: skip
            found.append(Record(url, described.label(document), "\n".join(words)))
    return found


def write_index(found: list[Record], folder: Path) -> bool:
    """Pagefind's index of `found` into `folder` (the site's `pagefind/`): each record as a
    small page of its words, at its page's path in a folder of its own, for Pagefind's
    binary to read (its Python service answers one record a tenth of a second). One
    language for all: the search box searches its page's language's index, and a party's
    Greek name must be found from an English page. No filters: Pagefind writes them in a
    different order each time, and the site is the same bytes for the same graph.
    Without Pagefind, or nothing to index, the site goes without search (said, not
    fatal: its pages and indexes work without it)."""
    binary = get_executable()
    if binary is None or not found:
        why = "no Pagefind binary (pip install 'pagefind[bin]')" if found else "nothing to index"
        log.warning("the site has no search: %s", why)
        return False
    with tempfile.TemporaryDirectory(prefix="kg-search-") as words:
        for record in found:
            page = Path(words, record.url.lstrip("/"))
            page.parent.mkdir(parents=True, exist_ok=True)
            page.write_text(as_page(record), encoding="utf-8")
        command = [
            str(binary), "--site", words, "--output-path", str(folder.resolve()),
            "--force-language", "en", "--silent",
        ]  # fmt: skip
        try:
            done = subprocess.run(command, capture_output=True, text=True, check=False)
        except OSError as err:
            log.warning(
                "the site has no search: Pagefind (%s) did not start: %s (reinstall it with "
                "pip install 'pagefind[bin]')", binary, err,
            )  # fmt: skip
            return False
    if done.returncode != 0:
        said = " ".join(f"{done.stdout} {done.stderr}".split()) or "no message"
        log.warning(
            "the site has no search: Pagefind (%s) ended with code %s: %s (reinstall it "
            "with pip install 'pagefind[bin]', or set PAGEFIND_BINARY_PATH to a working one)",
            binary, done.returncode, said,
        )  # fmt: skip
        shutil.rmtree(folder, ignore_errors=True)
        return False
    return True


def as_page(record: Record) -> str:
    paragraphs = "".join(f"<p>{html.escape(line)}</p>" for line in record.content.split("\n"))
    return (
        f'<!DOCTYPE html><html lang="en"><head><title>{html.escape(record.title)}</title>'
        f"</head><body><h1>{html.escape(record.title)}"
        f"</h1>{paragraphs}</body></html>"
    )
