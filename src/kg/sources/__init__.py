"""Reading inputs: bytes from files to text documents with a checksum, or a clear error.

A page saved by `kg fetch` has a sidecar `<file>.json` with its URL and retrieval time; they
become the document's provenance.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlsplit, urlunsplit

from kg.errors import InputError
from kg.limits import DEFAULT_LIMITS
from kg.model import SourceDocument
from kg.sources.html import html_to_text, looks_like_html
from kg.sources.http import known_charset

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


def read_document(
    path: Path, name: str | None = None, max_bytes: int = DEFAULT_LIMITS.page_bytes
) -> SourceDocument:
    """One file as a `SourceDocument`, known by `name` (its file name by default).

    Raises `InputError` for unreadable or non-text files, and for a file larger than
    `max_bytes`.
    """
    name = name or path.name
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise InputError(
                f"the file is {size:,} bytes, more than the {max_bytes:,} a page may have",
                source=name,
                hint="raise the limit with `kg build --max-page-bytes N` if it is a real page",
            )
        data = path.read_bytes()
    except OSError as err:
        raise InputError(f"cannot read the file: {err.strerror}", source=str(path)) from err
    metadata, problems = checked_metadata(read_sidecar(path))
    if path.suffix.lower() in (".html", ".htm"):
        if not data.strip():
            decode(data, name)  # the same clear error as for an empty text page
        # lxml reads the charset the page declares (or the server declared when fetched).
        text = html_to_text(data, name, metadata.get("charset"), problems)
    else:
        text = decode(data, name)
        if looks_like_html(text):
            text = html_to_text(text, name, problems=problems)
    return SourceDocument(
        name=name,
        location=str(path.resolve()),
        sha256=hashlib.sha256(data).hexdigest(),
        text=text,
        url=metadata.get("url"),
        retrieved_at=metadata.get("retrieved_at"),
        aliases=metadata.get("aliases", ()),
        withdrawn_at=metadata.get("withdrawn_at"),
        media_type="text/html" if path.suffix.lower() in (".html", ".htm") else "text/plain",
        reading_problems=tuple(problems),
    )


# Characters no IRI may hold (RFC 3987): percent-encoded, as a browser does.
NOT_IN_IRI = re.compile(r'[\x00-\x20<>"{}|\\^`\x7f-\x9f]')
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
# A query parameter that carries a secret: such a URL never enters the graph.
SECRET_PARAMETER = re.compile(
    r"(?i)(?:^|[&;])(?:password|passwd|pwd|secret|token|access_token|api_?key|auth)="
)


def checked_metadata(metadata: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    """The sidecar's fields a page can use: its URL (and a crawl's aliases of it) as an IRI
    without credentials, its retrieval (and withdrawal) time, a charset Python knows; what
    is wrong is said and left out."""
    checked: dict[str, Any] = {}
    problems: list[str] = []
    url = metadata.get("url")
    if url is not None and (safe := checked_url(url, "saved URL", problems)):
        checked["url"] = safe
    aliases = metadata.get("aliases")
    if isinstance(aliases, list):  # the addresses a crawl reached the page by
        found = [checked_url(alias, "alias", problems) for alias in aliases]
        checked["aliases"] = tuple(sorted({alias for alias in found if alias}))
    for field, what in (("retrieved_at", "retrieval"), ("withdrawn_at", "withdrawal")):
        moment = metadata.get(field)
        if moment is not None:
            try:
                checked[field] = dt.datetime.fromisoformat(str(moment))
            except ValueError:
                problems.append(f"the {what} time {str(moment)[:40]!r} is not a date: left out")
    charset = metadata.get("charset")
    if charset is not None:
        if known_charset(str(charset)):
            checked["charset"] = str(charset)
        else:
            problems.append(
                f"the charset {str(charset)[:40]!r} is unknown: the page's own is read instead"
            )
    return checked, problems


def checked_url(url: object, what: str, problems: list[str]) -> str | None:
    """A saved URL as an IRI without credentials, or None; what is wrong is said."""
    if not isinstance(url, str) or CONTROL.search(url):
        problems.append(f"the {what} {str(url)[:80]!r} is not a URL: left out")
        return None
    if not re.match(r"^https?://", url, re.IGNORECASE):
        problems.append(f"the {what} {url[:80]!r} is not an http(s) URL: left out")
        return None
    if SECRET_PARAMETER.search(urlsplit(url).query):
        problems.append(f"the {what} holds a password or token parameter: left out")
        return None
    safe = without_credentials(url)
    if safe != url:
        problems.append(f"the {what} held a user name or password: removed")
    encoded = NOT_IN_IRI.sub(lambda found: quote(found.group(0)), safe)
    if encoded != safe:
        problems.append(f"the {what} held characters no IRI may hold: percent-encoded")
    return encoded


def without_credentials(url: str) -> str:
    """`http://alice:pw@host/path` → `http://host/path`: a password never leaves."""
    parts = urlsplit(url)
    if parts.username is None and parts.password is None and "@" not in parts.netloc:
        return url
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


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
