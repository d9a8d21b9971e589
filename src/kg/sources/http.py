"""One polite request with retries, shared by the page fetcher, the Wikidata client and the
triple-store loader.

Timeouts on every request; connection errors and the answers a service gives when busy
(429, 5xx, or what the caller recognises, such as Wikidata's maxlag) are retried with a
doubling backoff, or after the `Retry-After` the service asks for, up to a limit.
"""

from __future__ import annotations

import codecs
import datetime as dt
import email.utils
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass

import requests

from kg.errors import KgError

log = logging.getLogger(__name__)

RETRY_STATUSES = {429, 500, 502, 503, 504}
# What to do with an answer: None to take it, or (seconds to wait, 0 for the backoff; why).
RetryRule = Callable[[requests.Response], tuple[float, str] | None]


@dataclass(frozen=True)
class Politeness:
    timeout: tuple[float, float] = (10.0, 30.0)  # connect, read
    retries: int = 4  # attempts after the first
    backoff: float = 1.0  # first wait; doubles at each retry
    max_wait: float = 120.0  # the longest wait a service may ask for before we give up


def retry_after(response: requests.Response) -> float | None:
    """The `Retry-After` header in seconds: a number of seconds or an HTTP date."""
    value = response.headers.get("Retry-After")
    if not value:
        return None
    if value.strip().isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    return max(0.0, (when - dt.datetime.now(dt.UTC)).total_seconds())


EXCERPT_BYTES = 2048  # of an answer's body, read to quote it: never the whole of it


def body_text(response: requests.Response, size: int = EXCERPT_BYTES) -> str:
    """The start of the body as text, UTF-8 unless the server says otherwise."""
    return at_most(response, size).decode(
        known_charset(response.encoding) or "utf-8", errors="replace"
    )


def at_most(response: requests.Response, size: int) -> bytes:
    """The first `size` bytes of the body (decompressed), the rest not read."""
    chunks, read = [], 0
    for chunk in response.iter_content(min(size, 64 * 1024)):
        chunks.append(chunk)
        read += len(chunk)
        if read >= size:
            break
    return b"".join(chunks)[:size]


def known_charset(name: str | None) -> str | None:
    """A charset's name when Python knows it (`x-bogus-evil` is not kept), else None."""
    try:
        return codecs.lookup(name).name if name else None
    except LookupError:
        return None


def stated_charset(content_type: str) -> str | None:
    """The charset a Content-Type header states, if Python knows it. Not requests'
    `encoding`, which says ISO-8859-1 for any text/html that states none (RFC 2616) and so
    would override the page's own `<meta charset="utf-8">`."""
    found = re.search(r"charset\s*=\s*[\"']?([^\"';\s]+)", content_type, re.IGNORECASE)
    return known_charset(found.group(1)) if found else None


def busy_status(response: requests.Response) -> tuple[float, str] | None:
    """429 and 5xx: the service is busy; wait as it asks, or back off."""
    if response.status_code in RETRY_STATUSES:
        return retry_after(response) or 0.0, str(response.status_code)
    return None


def polite_request(
    session: requests.Session,
    method: str,
    url: str,
    *,
    politeness: Politeness,
    error: type[KgError],
    sleep: Callable[[float], None],
    params: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
    retry: RetryRule = busy_status,
    before: Callable[[], None] | None = None,
    data: bytes | dict[str, str] | None = None,
    allow_redirects: bool = True,
    stream: bool = False,
) -> requests.Response:
    """`method` `url`, retrying as the service asks; raises `error` with the URL and a hint.

    Only for requests that may be repeated safely (GET, PUT, a POST that adds triples)."""
    attempts = politeness.retries + 1
    for attempt in range(attempts):
        if before is not None:
            before()
        last = attempt + 1 == attempts
        backoff = politeness.backoff * 2**attempt
        try:
            response = session.request(
                method, url, params=params, headers=headers, data=data,
                timeout=politeness.timeout, allow_redirects=allow_redirects, stream=stream,
            )  # fmt: skip
        except requests.TooManyRedirects as err:
            raise error(
                "the server redirects in a loop", url=url, hint="check the URL in a browser"
            ) from err
        except (requests.ConnectionError, requests.Timeout) as err:
            if last:
                kind = "timed out" if isinstance(err, requests.Timeout) else "could not connect"
                raise error(
                    f"the request {kind} after {attempts} attempts",
                    url=url,
                    hint="check the network and the host, or raise the timeout",
                ) from err
            log.info("%s: %s, retrying in %.1f s", url, type(err).__name__, backoff)
            sleep(backoff)
            continue
        except requests.RequestException as err:  # an invalid URL, a broken answer
            raise error(f"the request failed: {err}", url=url, hint="check the URL") from err
        verdict = retry(response)
        if verdict is None:
            return response
        asked, why = verdict
        if last:
            raise error(
                f"the server kept answering {why} after {attempts} attempts",
                url=url,
                status=response.status_code,
                excerpt=" ".join(body_text(response).split())[:300] or None,
                hint="the service is busy, limiting us or failing (its message is above): "
                "try again later",
            )
        wait = asked or backoff
        if wait > politeness.max_wait:
            raise error(
                f"the server asks to wait {wait:.0f} s, more than {politeness.max_wait:.0f} s",
                url=url,
                status=response.status_code,
                hint="try again later",
            )
        log.info("%s: %s, retrying in %.1f s", url, why, wait)
        sleep(wait)
    raise AssertionError("unreachable")
