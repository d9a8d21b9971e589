"""`kg fetch` against a real HTTP server on loopback, faults included.

The server is Python's own http.server, started by the tests on 127.0.0.1; each path
behaves as a site might: a good page, a flaky one, rate limiting with Retry-After, a slow
one, a redirect loop, a PDF, a page with an ETag, a path robots.txt forbids.
"""

from __future__ import annotations

import json
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner

from conftest import SAMPLE_TEXT, loopback
from kg.cli import main
from kg.pipeline import build
from kg.sources.fetch import Fetcher, FetchError, FetchSettings

LINES = SAMPLE_TEXT.splitlines()
BODY = "".join(f"<p>{line}</p>" for line in LINES[5:15])
ENTRIES = "".join(f"<li>{line.split('. ', 1)[1]}</li>" for line in LINES[16:70] if ". " in line)
PAGE = f"""<!DOCTYPE html><html><head><title>SolidNet</title></head><body>
<h1>{LINES[0]}</h1>
<p>12/23/11, 3:47 PM</p>
<ul><li>En</li><li>Ru</li></ul>
{BODY}
<ol>{ENTRIES}</ol>
</body></html>"""


class Site(BaseHTTPRequestHandler):
    hits: ClassVar[Counter[str]] = Counter()
    headers_seen: ClassVar[dict[str, dict[str, str]]] = {}

    def log_message(self, *_: object) -> None:  # keep the test output quiet
        pass

    def send(
        self, status: int, body: bytes, content_type: str = "text/html", **headers: str
    ) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path
        Site.hits[path] += 1
        Site.headers_seen[path] = dict(self.headers)
        hits = Site.hits[path]
        if path == "/robots.txt":
            self.send(200, b"User-agent: *\nDisallow: /private\n", "text/plain")
        elif path == "/page.html":
            self.send(200, PAGE.encode("utf-8"), "text/html; charset=utf-8")
        elif path == "/flaky":
            if hits <= 2:
                self.send(500, b"internal error")
            else:
                self.send(200, PAGE.encode("utf-8"))
        elif path == "/broken":
            self.send(503, b"down for maintenance")
        elif path == "/limited":
            if hits == 1:
                self.send(429, b"slow down", Retry_After="1")
            else:
                self.send(200, PAGE.encode("utf-8"))
        elif path == "/slow":
            time.sleep(1.5)
            self.send(200, PAGE.encode("utf-8"))
        elif path == "/loop":
            self.send(302, b"", Location="/loop")
        elif path == "/report.pdf":
            self.send(200, b"%PDF-1.4 ...", "application/pdf")
        elif path == "/etag":
            if self.headers.get("If-None-Match") == '"v1"':
                self.send(304, b"", ETag='"v1"')
            else:
                self.send(200, PAGE.encode("utf-8"), ETag='"v1"')
        elif path == "/go-private":
            self.send(302, b"", Location="/private/page")
        elif path == "/latin1":
            body = PAGE.replace("Solidarity", "Solidarité").encode("utf-8").decode("utf-8")
            latin = body.encode("latin-1", errors="replace")
            self.send(200, latin, "text/html; charset=iso-8859-1")
        elif path == "/private/page":
            self.send(200, PAGE.encode("utf-8"))
        else:
            self.send(404, b"no such page")


@pytest.fixture()
def site() -> Iterator[str]:
    Site.hits = Counter()
    Site.headers_seen = {}
    with loopback(Site) as root:
        yield root


class Recorder:
    """Really sleeps, and remembers for how long: the waits are what these tests check."""

    def __init__(self) -> None:
        self.waits: list[float] = []

    def __call__(self, seconds: float) -> None:
        self.waits.append(seconds)
        time.sleep(seconds)


def fetcher(folder: Path, **settings: object) -> tuple[Fetcher, Recorder]:
    options: dict[str, object] = {
        "delay": 0.0,
        "backoff": 0.05,
        "retries": 3,
        "timeout": (2.0, 1.0),
    }
    options.update(settings)
    sleep = Recorder()
    return Fetcher(folder, FetchSettings(**options), sleep=sleep), sleep  # type: ignore[arg-type]


def test_a_page_is_saved_with_its_provenance(site: str, tmp_path: Path) -> None:
    got, _ = fetcher(tmp_path)
    fetched = got.fetch(f"{site}/page.html")
    assert fetched.status == "new" and fetched.path.suffix == ".html"
    meta = json.loads(fetched.path.with_name(fetched.path.name + ".json").read_text())
    assert meta["url"] == f"{site}/page.html"
    assert meta["retrieved_at"].endswith("+00:00")
    assert len(meta["sha256"]) == 64
    agent = Site.headers_seen["/page.html"]["User-Agent"]
    assert agent.startswith("kg/") and "requests/" in agent


def test_a_fetched_html_page_builds_like_the_text_page(site: str, tmp_path: Path) -> None:
    got, _ = fetcher(tmp_path / "pages")
    got.fetch(f"{site}/page.html")
    result = build([tmp_path / "pages"], tmp_path / "out")
    [source] = result.kb.sources
    assert source.url == f"{site}/page.html" and source.retrieved_at is not None
    [declaration] = result.kb.declarations
    assert [v.language for v in declaration.versions] == ["en", "ru"]
    assert len(declaration.signatories) == 54
    assert result.validation.conforms
    turtle = (tmp_path / "out" / "graph.ttl").read_text(encoding="utf-8")
    assert "pav:retrievedOn" in turtle and "pav:retrievedFrom" in turtle


def test_robots_txt_is_respected(site: str, tmp_path: Path) -> None:
    got, _ = fetcher(tmp_path)
    with pytest.raises(FetchError, match=r"robots\.txt does not allow"):
        got.fetch(f"{site}/private/page")
    assert Site.hits["/private/page"] == 0
    assert Site.hits["/robots.txt"] == 1


def test_500s_are_retried_with_backoff(site: str, tmp_path: Path) -> None:
    got, sleep = fetcher(tmp_path)
    assert got.fetch(f"{site}/flaky").status == "new"
    assert Site.hits["/flaky"] == 3
    assert sleep.waits == [0.05, 0.1]  # doubling


def test_a_server_that_keeps_failing_is_reported(site: str, tmp_path: Path) -> None:
    got, _ = fetcher(tmp_path)
    with pytest.raises(FetchError) as raised:
        got.fetch(f"{site}/broken")
    message = str(raised.value)
    assert "kept answering 503 after 4 attempts" in message and f"{site}/broken" in message
    assert "hint: the service is busy" in message
    assert Site.hits["/broken"] == 4


def test_429_waits_as_long_as_retry_after_says(site: str, tmp_path: Path) -> None:
    got, sleep = fetcher(tmp_path)
    assert got.fetch(f"{site}/limited").status == "new"
    assert sleep.waits == [1.0]


def test_a_retry_after_beyond_the_limit_gives_up(site: str, tmp_path: Path) -> None:
    got, _ = fetcher(tmp_path, max_wait=0.5)
    with pytest.raises(FetchError, match="asks to wait 1 s"):
        got.fetch(f"{site}/limited")


def test_a_timeout_is_retried_then_reported(site: str, tmp_path: Path) -> None:
    got, _ = fetcher(tmp_path, retries=1)
    with pytest.raises(FetchError, match="timed out after 2 attempts"):
        got.fetch(f"{site}/slow")
    assert Site.hits["/slow"] == 2


def test_a_redirect_loop_is_reported(site: str, tmp_path: Path) -> None:
    got, _ = fetcher(tmp_path)
    with pytest.raises(FetchError, match="redirects in a loop"):
        got.fetch(f"{site}/loop")


def test_an_answer_that_is_not_a_page_is_refused(site: str, tmp_path: Path) -> None:
    got, _ = fetcher(tmp_path)
    with pytest.raises(FetchError, match="not a web page but application/pdf"):
        got.fetch(f"{site}/report.pdf")
    assert list(tmp_path.iterdir()) == []  # nothing saved


def test_a_404_is_reported_with_its_status(site: str, tmp_path: Path) -> None:
    got, _ = fetcher(tmp_path)
    with pytest.raises(FetchError) as raised:
        got.fetch(f"{site}/nowhere")
    assert raised.value.status == 404 and "check the URL" in str(raised.value)


def test_a_second_fetch_is_conditional(site: str, tmp_path: Path) -> None:
    got, _ = fetcher(tmp_path)
    first = got.fetch(f"{site}/etag")
    again = got.fetch(f"{site}/etag")
    assert (first.status, again.status) == ("new", "unchanged")
    assert Site.headers_seen["/etag"]["If-None-Match"] == '"v1"'
    assert first.path == again.path


def test_requests_to_a_host_are_spaced_by_the_delay(site: str, tmp_path: Path) -> None:
    got, sleep = fetcher(tmp_path, delay=0.3)
    got.fetch(f"{site}/page.html")
    got.fetch(f"{site}/etag")
    assert sleep.waits and all(0 < wait <= 0.3 for wait in sleep.waits)


def test_the_cli_fetches_a_list_and_reports_failures(site: str, tmp_path: Path) -> None:
    urls = tmp_path / "urls.txt"
    urls.write_text(f"# pages\n{site}/page.html\n\n{site}/report.pdf\n", encoding="utf-8")
    result = CliRunner().invoke(
        main, ["fetch", "--list", str(urls), "--out", str(tmp_path / "pages"), "--delay", "0"]
    )
    assert result.exit_code == 3
    assert f"new: {site}/page.html" in result.stderr
    assert "application/pdf" in result.stderr
    assert "1 of 2 pages" in result.stderr


def test_a_redirect_into_a_forbidden_path_is_refused(site: str, tmp_path: Path) -> None:
    got, _ = fetcher(tmp_path)
    with pytest.raises(FetchError, match=r"redirected to .*/private/page, which robots"):
        got.fetch(f"{site}/go-private")
    assert list(tmp_path.iterdir()) == []


def test_an_unreachable_host_is_not_called_a_robots_refusal(tmp_path: Path) -> None:
    got, _ = fetcher(tmp_path, retries=0)
    with pytest.raises(FetchError) as raised:
        got.fetch("http://127.0.0.1:1/page")
    assert "could not read the site's robots.txt" in str(raised.value)
    assert "check the network" in str(raised.value)


def test_a_deleted_page_is_fetched_again_not_asked_for_conditionally(
    site: str, tmp_path: Path
) -> None:
    got, _ = fetcher(tmp_path)
    first = got.fetch(f"{site}/etag")
    first.path.unlink()
    again = got.fetch(f"{site}/etag")
    assert again.status == "new" and again.path.exists()


def test_a_page_in_another_charset_builds(site: str, tmp_path: Path) -> None:
    got, _ = fetcher(tmp_path / "pages")
    got.fetch(f"{site}/latin1")
    result = build([tmp_path / "pages"], tmp_path / "out")
    assert not result.failures
    [declaration] = result.kb.declarations
    assert declaration.versions[0].title.startswith("Solidarité")
