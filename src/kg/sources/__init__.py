"""Reading inputs: bytes from files to text documents with a checksum, or a clear error.

A page saved by `kg fetch` has a sidecar `<file>.json` with its URL and retrieval time; they
become the document's provenance.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.model import SourceDocument
from kg.sources.html import html_to_text, looks_like_html

BUNDLED_EXAMPLE = (
    Path(__file__).parent.parent / "data" / "examples" / "imcwp-13-kazakhstan-solidarity.txt"
)


def decode(data: bytes, name: str) -> str:
    """UTF-8 text from `data`, or `InputError` saying why it is not a text page."""
    if not data.strip():
        raise InputError("the file is empty", source=name, hint="check the download or the path")
    if b"\x00" in data[:8192]:
        raise InputError(
            "the file is binary, not a text page",
            source=name,
            hint="give the page saved as text or HTML",
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise InputError(
            f"the file is not valid UTF-8 (byte {err.start}: {data[err.start : err.start + 1]!r})",
            source=name,
            line=line,
            hint="save the page as UTF-8, or convert it with `iconv -f <encoding> -t utf-8`",
        ) from err
    return text.replace("\r\n", "\n").replace("\r", "\n")


def read_document(path: Path, name: str | None = None) -> SourceDocument:
    """One file as a `SourceDocument`, known by `name` (its file name by default).

    Raises `InputError` for unreadable or non-text files.
    """
    name = name or path.name
    try:
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read the file: {err.strerror}", source=str(path)) from err
    metadata = read_sidecar(path)
    if path.suffix.lower() in (".html", ".htm"):
        if not data.strip():
            decode(data, name)  # the same clear error as for an empty text page
        # lxml reads the charset the page declares (or the server declared when fetched).
        text = html_to_text(data, name, metadata.get("charset"))
    else:
        text = decode(data, name)
        if looks_like_html(text):
            text = html_to_text(text, name)
    retrieved = metadata.get("retrieved_at")
    return SourceDocument(
        name=name,
        location=str(path.resolve()),
        sha256=hashlib.sha256(data).hexdigest(),
        text=text,
        url=metadata.get("url"),
        retrieved_at=dt.datetime.fromisoformat(retrieved) if retrieved else None,
        media_type="text/html" if path.suffix.lower() in (".html", ".htm") else "text/plain",
    )


def sidecar(path: Path) -> Path:
    """Where `kg fetch` keeps what it knows of a saved page."""
    return path.with_name(path.name + ".json")


def read_sidecar(path: Path) -> dict[str, Any]:
    """The fetch metadata of a page, or {} when it was not fetched (or the file is broken:
    then the page is still read, only without its URL)."""
    try:
        data = json.loads(sidecar(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
