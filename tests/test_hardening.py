"""Faults and hostile input, each the small form of a case a probe found: no traceback, no
leak, no hang, nothing lost without a word. Servers are real, on loopback."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner

from conftest import SAMPLE_TEXT, loopback, source
from kg.cli import main
from kg.link.model import QID
from kg.link.wikidata import WikidataClient, WikidataError, WikidataSettings
from kg.model import SourceDocument
from kg.parse import parse_document
from kg.pipeline import build
from kg.sources import read_document
from kg.sources.fetch import Fetcher, FetchError, FetchSettings
from kg.sources.html import html_to_text

SECRET = "S3cretPW"


def saved_page(folder: Path, metadata: dict[str, object], name: str = "page.txt") -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    page = folder / name
    page.write_text(SAMPLE_TEXT, encoding="utf-8")
    (folder / f"{name}.json").write_text(json.dumps(metadata), encoding="utf-8")
    return page


# -- 1, 2, 9: a sidecar's fields ----------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("http://solidnet.org/a page{1}|x", "http://solidnet.org/a%20page%7B1%7D%7Cx"),
        ("http://solidnet.org/x\r\nInjected: 1", None),
        (123, None),
        ("ftp://solidnet.org/x", None),
        (f"http://alice:{SECRET}@solidnet.org/x", "http://solidnet.org/x"),
    ],
)
def test_a_sidecar_url_that_is_no_iri_is_mended_or_left_out_and_said(
    tmp_path: Path, url: object, kept: str | None
) -> None:
    """`kg fetch` saves URLs as given: a space or `{}|` is percent-encoded, a CRLF or a
    number is no URL, a password is removed; the build goes on and writes its graph."""
    saved_page(tmp_path / "pages", {"url": url, "retrieved_at": "2025-01-01T00:00:00+00:00"})
    result = build([tmp_path / "pages"], tmp_path / "out")
    [document] = result.kb.sources
    assert document.url == kept
    assert [f for f in result.kb.findings if f.code == "page-read-warning"]
    assert (tmp_path / "out" / "graph.ttl").exists()
    for written in (tmp_path / "out").rglob("*"):
        if written.is_file():
            assert SECRET.encode() not in written.read_bytes(), written


def test_malformed_retrieval_time_and_charset_are_left_out_not_fatal(tmp_path: Path) -> None:
    page = tmp_path / "page.html"
    lines = SAMPLE_TEXT.split("\n")
    entries = "".join(f"<li>{line.split('. ', 1)[1]}</li>" for line in lines if ". " in line[:5])
    body = "".join(f"<p>{line}</p>" for line in lines[1:15])
    page.write_bytes(
        f"<html><body><h1>{lines[0]}</h1>{body}<ol>{entries}</ol></body></html>".encode()
    )
    page.with_name("page.html.json").write_text(
        json.dumps({"retrieved_at": "yesterday", "charset": "x-bogus-evil"}), encoding="utf-8"
    )
    document = read_document(page)
    assert document.retrieved_at is None
    assert len(document.reading_problems) == 2
    parsed = parse_document(document)
    assert parsed.lists and parsed.lists[0].entries  # the page is read, not dropped


# -- 3: HTML nested deeper than libxml2's limits ------------------------------------------


@pytest.mark.parametrize("depth", [300, 3000])
def test_html_nested_deep_loses_nothing(depth: int) -> None:
    """256+ levels were silently dropped (4 signatories instead of 6); beyond libxml2's
    2048 even with huge_tree, the containers become line breaks, and it is said."""
    items = "".join(f"<li>Party {n}</li>" for n in range(1, 7))
    html = (
        f"<html><body>{'<div>' * depth}<ol>{items}</ol>{'</div>' * depth}<p>End.</p></body></html>"
    )
    problems: list[str] = []
    text = html_to_text(html.encode(), "deep.html", None, problems)
    assert all(f"Party {n}" in text for n in range(1, 7)) and "End." in text
    assert bool(problems) == (depth > 2048)


# -- 4, 5: the Wikidata client and QIDs ---------------------------------------------------


class OddWikidata(BaseHTTPRequestHandler):
    """Valid JSON of shapes the services never promise, then, once healthy, a good answer."""

    answers: ClassVar[list[object]] = []
    hits: ClassVar[Counter[str]] = Counter()

    def log_message(self, *_: object) -> None:
        pass

    def do_GET(self) -> None:
        OddWikidata.hits["all"] += 1
        body = json.dumps(OddWikidata.answers[0]).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@pytest.mark.parametrize(
    "odd",
    [[], {"search": None}, {"search": [1, 2]}, "text", {"search": [{"id": None}]}],
)
def test_wikidata_search_of_an_unexpected_shape_is_an_error_and_not_cached(
    tmp_path: Path, odd: object
) -> None:
    OddWikidata.answers = [odd]
    with loopback(OddWikidata) as root:
        settings = WikidataSettings(
            api=f"{root}/w/api.php", sparql=f"{root}/sparql", cache=tmp_path, retries=0
        )
        client = WikidataClient(settings, sleep=lambda _: None)
        if (
            isinstance(odd, dict)
            and isinstance(odd.get("search"), list)
            and all(isinstance(hit, dict) for hit in odd["search"])
        ):
            assert client.search("KKE", "en") == []  # a hit without an id is skipped
            return
        with pytest.raises(WikidataError, match="unexpected shape"):
            client.search("KKE", "en")
        assert not list(tmp_path.iterdir())  # the bad answer was not cached
        OddWikidata.answers = [{"search": [{"id": "Q192406"}]}]
        assert client.search("KKE", "en") == ["Q192406"]  # healthy again: read, not the cache


@pytest.mark.parametrize(
    "odd",
    [
        {"results": None},
        {"results": {"bindings": [{"type": {"value": "x"}}]}},  # a row without its item
        {"results": {"bindings": [{"item": "Q1"}]}},
        {"results": {"bindings": None}},
    ],
)
def test_wikidata_sparql_of_an_unexpected_shape_is_an_error(tmp_path: Path, odd: object) -> None:
    OddWikidata.answers = [odd]
    with loopback(OddWikidata) as root:
        settings = WikidataSettings(
            api=f"{root}/w/api.php", sparql=f"{root}/sparql", cache=tmp_path, retries=0
        )
        client = WikidataClient(settings, sleep=lambda _: None)
        with pytest.raises(WikidataError, match="unexpected shape"):
            client.facts(["Q1"])
        assert not list(tmp_path.iterdir())


def test_a_qid_with_a_trailing_line_feed_is_no_qid() -> None:
    assert QID.match("Q192406") and not QID.match("Q192406\n") and not QID.match("Q0")


# -- 6: options out of range --------------------------------------------------------------


@pytest.mark.parametrize(
    "arguments",
    [
        ["fetch", "--retries", "-1", "http://127.0.0.1:9/"],
        ["fetch", "--timeout", "0", "http://127.0.0.1:9/"],
        ["fetch", "--delay", "-5", "http://127.0.0.1:9/"],
        ["build", "--base", "https://ex.org/a b/"],
        ["build", "--base", f"https://alice:{SECRET}@ex.org/"],
    ],
)
def test_options_out_of_range_are_usage_errors_not_tracebacks(arguments: list[str]) -> None:
    result = CliRunner().invoke(main, arguments)
    assert result.exit_code == 2, result.output
    assert ("Traceback" not in result.output and result.exception is None) or isinstance(
        result.exception, SystemExit
    )


# -- 7, 8, 9: a polite fetcher that cannot be held, led astray, or made to leak -----------

BOMB = gzip.compress(b"<html><body>" + b"x" * 5_000_000 + b"</body></html>")


class Hostile(BaseHTTPRequestHandler):
    hits: ClassVar[Counter[str]] = Counter()
    other: ClassVar[str] = ""  # the root of the second host

    def log_message(self, *_: object) -> None:
        pass

    def do_GET(self) -> None:
        Hostile.hits[self.path] += 1
        if self.path == "/robots.txt":
            self.reply(200, b"User-agent: *\nDisallow: /private\n", "text/plain")
        elif self.path == "/drip":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.end_headers()
            for _ in range(40):
                self.wfile.write(b"<p>x</p>")
                self.wfile.flush()
                time.sleep(0.1)
        elif self.path == "/bomb":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Encoding", "gzip")
            self.send_header("Content-Length", str(len(BOMB)))
            self.end_headers()
            self.wfile.write(BOMB)
        elif self.path == "/away":
            self.reply(302, b"", Location=f"{Hostile.other}/private/page")
        elif self.path == "/echo":
            self.reply(401, f"denied: {self.headers.get('Authorization')}".encode(), "text/plain")
        else:
            self.reply(200, b"<html><body><p>A page.</p></body></html>")

    def reply(self, status: int, body: bytes, kind: str = "text/html", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


class SlowRobots(Hostile):
    def do_GET(self) -> None:
        if self.path == "/robots.txt":
            self.reply(200, b"User-agent: *\nCrawl-delay: 100000\n", "text/plain")
        else:
            super().do_GET()


@pytest.fixture()
def hostile() -> Iterator[tuple[str, str]]:
    Hostile.hits = Counter()
    with loopback(Hostile) as first, loopback(Hostile) as second:
        Hostile.other = second
        yield first, second


def quick(folder: Path, **settings: object) -> Fetcher:
    options: dict[str, object] = {"delay": 0.0, "retries": 0, "timeout": (2.0, 1.0)}
    options.update(settings)
    return Fetcher(folder, FetchSettings(**options), sleep=lambda _: None)  # type: ignore[arg-type]


def test_a_server_that_drips_is_not_waited_for(hostile: tuple[str, str], tmp_path: Path) -> None:
    started = time.monotonic()
    with pytest.raises(FetchError, match="longer than 1 s"):
        quick(tmp_path).fetch(f"{hostile[0]}/drip")
    assert time.monotonic() - started < 3  # the timeout bounds the answer, not each read
    assert not [p for p in tmp_path.iterdir() if p.suffix == ".html"]


def test_a_compressed_answer_that_expands_without_end_is_capped(
    hostile: tuple[str, str], tmp_path: Path
) -> None:
    with pytest.raises(FetchError, match="cap of 1,000,000 bytes"):
        quick(tmp_path, max_bytes=1_000_000, timeout=(2.0, 10.0)).fetch(f"{hostile[0]}/bomb")
    assert not list(tmp_path.iterdir())


def test_a_crawl_delay_of_a_day_is_refused_not_slept(tmp_path: Path) -> None:
    slept: list[float] = []
    with loopback(SlowRobots) as root:
        fetcher = Fetcher(tmp_path, FetchSettings(delay=0.0, retries=0), sleep=slept.append)
        with pytest.raises(FetchError, match="Crawl-delay"):  # robots.txt was one request
            fetcher.fetch(f"{root}/one")
    assert not slept and not list(tmp_path.iterdir())


def test_a_redirect_to_a_path_another_host_forbids_is_not_fetched(
    hostile: tuple[str, str], tmp_path: Path
) -> None:
    with pytest.raises(FetchError, match=r"robots\.txt does not allow"):
        quick(tmp_path).fetch(f"{hostile[0]}/away")
    assert Hostile.hits["/private/page"] == 0  # asked robots.txt first, then stopped
    assert Hostile.hits["/robots.txt"] == 2  # both hosts'


def test_a_password_in_a_url_is_never_sent_logged_or_saved(
    hostile: tuple[str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    root = hostile[0].replace("http://", f"http://alice:{SECRET}@")
    result = CliRunner().invoke(main, ["fetch", "--out", str(tmp_path), f"{root}/page"])
    assert result.exit_code != 0
    assert SECRET not in result.output and SECRET not in capsys.readouterr().err
    assert not Hostile.hits  # nothing was asked
    assert not list(tmp_path.iterdir())


# -- 11: long lists and line separators ---------------------------------------------------


def test_a_list_past_a_thousand_entries_is_read_whole() -> None:
    names = "\n".join(f"{n}. Communist Party number {n}" for n in range(1, 1206))
    text = f"Declaration of many parties\n\nThe parties below sign this text together.\n\n{names}\n"
    document = parse_document(SourceDocument("long.txt", "long.txt", "0", text))
    assert sum(len(group.entries) for group in document.lists) == 1205
    assert all(len(f.message) < 1000 for f in document.findings)


def test_a_line_separator_inside_a_name_neither_cuts_it_nor_shifts_lines() -> None:
    lines = SAMPLE_TEXT.split("\n")
    index = next(i for i, line in enumerate(lines) if line.startswith("1. "))
    lines[index] = lines[index] + "\u2028(in exile)\x0c"
    text = "\n".join(lines)
    document = parse_document(SourceDocument("sep.txt", "sep.txt", "0", text))
    entries = [entry for group in document.lists for entry in group.entries]
    assert "\u2028" in entries[0].raw
    assert entries[0].span.line == index + 1  # the line numbers are the file's


class EchoingStore(BaseHTTPRequestHandler):
    """A store behind a proxy that refuses the login and echoes the request's headers."""

    def log_message(self, *_: object) -> None:
        pass

    def do_any(self) -> None:
        body = f"denied {self.path} {dict(self.headers)}".encode()
        self.send_response(401)
        self.send_header("WWW-Authenticate", 'Basic realm="store"')
        self.send_header("Content-Type", "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_HEAD = do_DELETE = do_any


def test_a_store_refusing_the_login_never_gets_its_echo_printed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    build([], tmp_path / "out")  # the bundled example
    monkeypatch.setenv("KG_STORE_USER", "alice")
    monkeypatch.setenv("KG_STORE_PASSWORD", SECRET)
    with loopback(EchoingStore) as root:
        result = CliRunner().invoke(
            main,
            ["load", "--out", str(tmp_path / "out"), "--retries", "0",
             "--endpoint", f"{root}/store?password={SECRET}&graph=x",
             "--update-endpoint", f"{root}/update?password={SECRET}",
             "--query-endpoint", f"{root}/query?password={SECRET}"],
        )  # fmt: skip
    assert result.exit_code == 4, result.output
    assert SECRET not in result.output and "YWxpY2U" not in result.output  # base64 of alice:
    assert "password=***" in result.output or "password" not in result.output


# -- 10: one set of outputs, always -------------------------------------------------------

KILL_DURING_RENAMES = """
import os, sys
from pathlib import Path
import kg.files as files
from kg.pipeline import build
renames = 0
real = os.replace
def dying_replace(source, target):
    global renames
    if str(target).endswith(("graph.ttl", "graph.nt", "validation.txt", "report.json")):
        renames += 1
        if renames == 3:
            os._exit(9)  # killed between two renames
    real(source, target)
files.os.replace = dying_replace
build([Path(sys.argv[1])], Path(sys.argv[2]))
"""


def test_a_build_killed_during_its_renames_leaves_one_whole_set(tmp_path: Path) -> None:
    """Killed after some renames, before others: the next kg that reads the folder (or
    builds into it) finishes them from the journal, so the graph and its validation and
    report describe the same build; stale temporaries and scratch folders are removed."""
    import subprocess
    import sys

    pages, out = tmp_path / "pages", tmp_path / "out"
    saved_page(pages, {})
    build([pages], out)
    before = (out / "report.json").read_text()
    (pages / "page.txt").write_text(SAMPLE_TEXT.replace("Kazakhstan", "Kasakhstan"))
    done = subprocess.run(
        [sys.executable, "-c", KILL_DURING_RENAMES, str(pages), str(out)], check=False
    )
    assert done.returncode == 9
    assert (out / ".kg-renames.json").exists()  # the killed build's journal
    assert "Kasakhstan" in (out / "graph.ttl").read_text()  # half a set: a new graph,
    assert (out / "report.json").read_text() == before  # an old report
    (out / ".kg-scratch-left").mkdir()
    (out / ".graph.ttl.abc.tmp").write_text("half")
    from kg.files import built_file

    built_file(out, "graph.ttl")  # a reader finishes the renames first
    assert not (out / ".kg-renames.json").exists()
    after = (out / "report.json").read_text()
    assert after != before and "Kasakhstan" in (out / "graph.ttl").read_text()
    build([pages], out)  # the next build removes what the killed one left
    assert not list(out.glob(".*.tmp")) and not list(out.glob(".kg-scratch-*"))


# -- 12: limits a user can see ------------------------------------------------------------


def test_a_page_past_the_size_limit_is_refused_and_the_others_built(tmp_path: Path) -> None:
    from kg.limits import Limits

    pages = tmp_path / "pages"
    saved_page(pages, {})
    (pages / "huge.txt").write_text(SAMPLE_TEXT + "x" * 50_000, encoding="utf-8")
    result = build(
        [pages], tmp_path / "out", limits=Limits(page_bytes=len(SAMPLE_TEXT.encode()) + 10)
    )
    [refused] = result.failures
    assert refused.source == "huge.txt" and "--max-page-bytes" in (refused.hint or "")
    assert [s.name for s in result.kb.sources] == ["page.txt"]


def test_a_list_past_its_limit_is_cut_and_said(tmp_path: Path) -> None:
    from kg.limits import Limits

    pages = tmp_path / "pages"
    saved_page(pages, {})
    result = build([pages], tmp_path / "out", limits=Limits(list_entries=5))
    [declaration] = result.kb.declarations
    assert len(declaration.signatories) == 5
    [said] = [f for f in result.kb.findings if f.code == "list-too-long"]
    assert "--max-list-entries" in said.hint and said.line
    runner = CliRunner().invoke(
        main, ["build", str(pages), "--out", str(tmp_path / "o2"), "--max-list-entries", "0"]
    )
    assert runner.exit_code == 2


def test_a_line_past_its_limit_is_read_for_names_only_and_said() -> None:
    """Found by the fuzz suite: a run-on line of 800,000 characters took 40 s to read for
    meetings, dates and events (regular expressions over the whole line, several times)."""
    from kg.limits import Limits

    line = (
        "The 14th International Meeting of Communist and Workers' Parties was held in Tshwane "
        "on 2-4 December 2012, " + "and the parties spoke at length there; " * 20
    )
    text = SAMPLE_TEXT.rstrip("\n") + "\n\n" + line + "\n"
    number = text.count("\n")
    read = parse_document(source(text))
    assert [e.start for e in read.events if e.ordinal == 14] == [dt.date(2012, 12, 2)]
    limited = parse_document(source(text), None, Limits(line_chars=len(line) - 1))
    assert not [e for e in limited.events if e.ordinal == 14]
    [said] = [f for f in limited.findings if f.code == "line-too-long"]
    assert said.line == number and "--max-line-chars" in said.hint
    # a title as long (found by the fuzz suite: 150 s, each name in it resolved)
    titled = parse_document(
        source(f"{line}\n{SAMPLE_TEXT}"), None, Limits(line_chars=len(line) - 10)
    )
    assert [f.line for f in titled.findings if f.code == "line-too-long"] == [1]
    assert not [e for e in titled.events if e.ordinal == 14]


def test_a_title_of_thousands_of_words_names_its_declaration_in_a_short_iri(
    tmp_path: Path,
) -> None:
    """Found by the fuzz suite: a 500,000-character line as a page's title named its
    declaration, in each of 2,000 triples: a graph of 1.9 GB and 7 GB of memory."""
    from kg.text import MAX_SLUG, slug

    words = " ".join(f"Workers Party {n}" for n in range(400))
    assert len(slug(words)) == MAX_SLUG and slug(words) != slug(words + " 401")
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "long.txt").write_text(
        SAMPLE_TEXT.replace(SAMPLE_TEXT.splitlines()[0], f"Solidarity with {words}", 1),
        encoding="utf-8",
    )
    build([pages], tmp_path / "out", workers=1)
    longest = max(len(line) for line in (tmp_path / "out/graph.nt").read_text().splitlines()
                  if "vocab#signatory>" in line)  # fmt: skip
    assert longest < 2 * MAX_SLUG + 200


def test_a_process_that_builds_again_and_again_keeps_no_build_s_names(tmp_path: Path) -> None:
    """Found by the fuzz suite: the parser's resolver (a cached context) kept every distinct
    name of every build for the process's life: 700 MB grew to 10 GB over 1,500 pages."""
    from kg.parse.context import standard_context

    pages = tmp_path / "pages"
    saved_page(pages, {})
    (pages / "other.txt").write_text(SAMPLE_TEXT.replace("Party", "Partei"), encoding="utf-8")
    build([pages], tmp_path / "out", workers=1, cache=None)
    assert standard_context.cache_info().currsize == 0


def test_a_charset_python_knows_and_libxml2_does_not_is_read(tmp_path: Path) -> None:
    """Found by the fuzz suite: `latin-1` (Python's name) made lxml raise LookupError, and
    the page was dropped as a bug in kg."""
    page = tmp_path / "page.html"
    page.write_bytes(b"<html><body><h1>Solidarit\xe9</h1><p>caf\xe9</p></body></html>")
    page.with_name("page.html.json").write_text(json.dumps({"charset": "latin-1"}))
    assert "Solidarité" in read_document(page).text
