"""One error hierarchy: each error carries where it happened and what to do about it."""

from __future__ import annotations

import re
from urllib.parse import urlsplit, urlunsplit


class KgError(Exception):
    """Base of kg's errors. `str()` gives the full message: what, where, and what to do."""

    def __init__(
        self,
        what: str,
        *,
        source: str | None = None,
        line: int | None = None,
        column: int | None = None,
        url: str | None = None,
        status: int | None = None,
        excerpt: str | None = None,
        hint: str | None = None,
    ) -> None:
        self.what = what
        self.source = source
        self.line = line
        self.column = column
        self.url = redacted_url(url) if url else url
        self.status = status
        # An answer to a refused login may echo the request's headers: never quoted.
        self.excerpt = None if status in LOGIN_REFUSED else redacted(excerpt) if excerpt else None
        self.hint = hint
        super().__init__(self.message())

    def __reduce__(self) -> tuple[object, ...]:
        """Pickled with its fields (worker processes send errors back to the build)."""
        fields = {
            name: getattr(self, name)
            for name in ("source", "line", "column", "url", "status", "excerpt", "hint")
        }
        return (rebuild, (type(self), self.what, fields))

    def where(self) -> str:
        parts = [p for p in (self.source, self.line, self.column) if p is not None]
        where = ":".join(str(p) for p in parts)
        if self.url:
            where = f"{where} ({self.url})" if where else self.url
        return where

    def message(self) -> str:
        text = f"{self.where()}: {self.what}" if self.where() else self.what
        if self.status is not None:
            text += f" (HTTP {self.status})"
        if self.excerpt:
            text += f"\n    {self.excerpt!r}"
        if self.hint:
            text += f"\n    hint: {self.hint}"
        return text


LOGIN_REFUSED = {401, 403, 407}
SECRET_VALUE = re.compile(
    r"(?i)((?<![a-z])(?:password|passwd|pwd|pass|secret|token|api_?key|key|auth\w*|session)=)[^&#\s]*"
)
CREDENTIALS = re.compile(r"(?i)\b(Basic|Bearer|Digest|Negotiate)\s+[A-Za-z0-9+/=._~-]+")


def redacted_url(url: str) -> str:
    """A URL fit to print: no user name or password, no secret-looking parameter's value."""
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    query = SECRET_VALUE.sub(r"\1***", parts.query)
    return urlunsplit((parts.scheme, host, parts.path, query, parts.fragment))


def redacted(text: str) -> str:
    """A server's message fit to print: credentials it may echo are blanked."""
    return SECRET_VALUE.sub(r"\1***", CREDENTIALS.sub(r"\1 ***", text))


class InputError(KgError):
    """An input that cannot be processed at all: empty, binary, undecodable, unrecognisable."""


class DateError(KgError):
    """A date that does not exist (31 February) or cannot be read."""


class ConfigurationError(KgError):
    """A broken project file: the registry, the gazetteer, the shapes."""


def rebuild(kind: type[KgError], what: str, fields: dict[str, object]) -> KgError:
    return kind(what, **fields)  # type: ignore[arg-type]
