"""A fuzz and fault suite the project keeps: seeded mutations of the test corpus built by
`kg build`, and the fault modes of `kg fetch`, the Wikidata client and `kg load` against
servers on loopback. `tests/test_fuzz.py` runs it at a size that fits CI; `make fuzz`
(benchmarks/fuzz.py) at full size.

What must hold, whatever the input: no traceback; every page built or refused with a
reason (none lost); every output file parses; a planted secret appears in no output, log
or cache file.
"""

from __future__ import annotations

import base64
import contextlib
import json
import random
import re
import resource
import time
import traceback
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import ClassVar

import pyoxigraph as ox
from click.testing import CliRunner

from kg.cli import main

TESTS = Path(__file__).parent
SECRET = "Pl4ntedS3cret"
STORE_LOGIN = {"KG_STORE_USER": "alice", "KG_STORE_PASSWORD": SECRET}
BASIC = base64.b64encode(f"alice:{SECRET}".encode()).decode()  # as an Authorization header has it
EXAMPLE = TESTS.parent / "src" / "kg" / "data" / "examples" / "imcwp-13-kazakhstan-solidarity.txt"
SEEDS = [
    *sorted(
        [*TESTS.glob("corpus/*.txt"), *TESTS.glob("corpus/*.html"), *TESTS.glob("events/*.txt")]
    ),
    EXAMPLE,
]
HOMOGLYPHS = str.maketrans("aeopcxAEOPCX", "аеорсхАЕОРСХ")  # Latin → Cyrillic look-alikes
HOSTILE_NAMES = [
    '"> ; <http://evil.example/x> a <http://evil.example/Y> .',
    "} ; DROP ALL ; INSERT DATA { <a> <b> <c> }",
    "Party\\u0000of\\\\Nothing \"quoted\" 'single' @en ^^xsd:date",
    "<script>alert(1)</script> Workers' Party",
    "&amp;&lt;&#0;&#xD800; Entity Party",
]


# -- mutations -----------------------------------------------------------------------------

Mutation = Callable[[random.Random, str], bytes]


def truncate_bytes(rng: random.Random, text: str) -> bytes:
    data = text.encode("utf-8")
    return data[: rng.randrange(0, max(1, len(data)))]  # may cut a character in two


def control_characters(rng: random.Random, text: str) -> bytes:
    chars = list(text)
    for _ in range(rng.randrange(1, 20)):
        chars.insert(rng.randrange(len(chars) + 1), chr(rng.choice([0, 1, 7, 8, 11, 12, 27, 127])))
    return "".join(chars).encode("utf-8")


def separators(rng: random.Random, text: str) -> bytes:
    chars = list(text)
    for _ in range(rng.randrange(1, 30)):
        mark = rng.choice(["\u2028", "\u2029", "\u0085", "\x0c", "\r", "\u200b", "\ufeff"])
        chars.insert(rng.randrange(len(chars) + 1), mark)
    return "".join(chars).encode("utf-8")


def homoglyphs(rng: random.Random, text: str) -> bytes:
    lines = text.split("\n")
    for index in rng.sample(range(len(lines)), k=min(len(lines), rng.randrange(1, 15))):
        lines[index] = lines[index].translate(HOMOGLYPHS)
    return "\n".join(lines).encode("utf-8")


SIZE = {"full": 1.0}  # the size of the big mutations: `make test` runs them smaller


def big(rng: random.Random, low: int, high: int) -> int:
    return max(2, int(rng.randrange(low, high) * SIZE["full"]))


def long_line(rng: random.Random, text: str) -> bytes:
    names = ", ".join(f"Workers Party {rng.randrange(10**6)}" for _ in range(big(rng, 2000, 40000)))
    lines = text.split("\n")
    lines.insert(rng.randrange(len(lines) + 1), f"Signed by: {names}.")
    return "\n".join(lines).encode("utf-8")


def hostile_names(rng: random.Random, text: str) -> bytes:
    names = "\n".join(f"{n}. {rng.choice(HOSTILE_NAMES)}" for n in range(1, rng.randrange(3, 30)))
    return f"{text}\n{names}\n".encode()


def long_list(rng: random.Random, text: str) -> bytes:
    size = big(rng, 900, 3000)
    names = "\n".join(f"{n}. Party of Nowhere {n}" for n in range(1, size))
    return f"{text.split(chr(10), 1)[0]}\n\nSigned by the parties below.\n\n{names}\n".encode()


def shuffled(rng: random.Random, text: str) -> bytes:
    lines = text.split("\n")
    rng.shuffle(lines)
    return "\n".join(lines).encode("utf-8")


def as_html(rng: random.Random, text: str) -> bytes:
    depth = rng.choice([1, 50, 300, 3000])
    paragraphs = "".join(f"<p>{line}</p>" for line in text.split("\n"))
    bomb = (
        '<!DOCTYPE html [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">'
        '<!ENTITY ext SYSTEM "file:///etc/passwd">]>'
        if rng.random() < 0.5
        else "<!DOCTYPE html>"
    )
    body = f"{'<div>' * depth}{paragraphs}&b;&ext;{'</div>' * depth}"
    return f"{bomb}<html><body>{body}</body></html>".encode()


def junk(rng: random.Random, text: str) -> bytes:
    choice = rng.randrange(4)
    if choice == 0:
        return b""
    if choice == 1:
        return bytes(rng.randrange(256) for _ in range(rng.randrange(1, 5000)))
    if choice == 2:
        return "\ufeff".encode() + text.replace("\n", "\r\n").encode("utf-16")
    return text.encode("latin-1", errors="replace")


def dates(rng: random.Random, text: str) -> bytes:
    bad = rng.choice(
        ["31 February 2019", "2019-13-45", "0/0/0000", "99.99.9999", "30-40 June 2018"]
    )
    lines = text.split("\n")
    lines.insert(min(2, len(lines)), f"Athens, {bad}")
    return "\n".join(lines).encode("utf-8")


MUTATIONS: list[Mutation] = [
    truncate_bytes, control_characters, separators, homoglyphs, long_line, hostile_names,
    long_list, shuffled, as_html, junk, dates,
]  # fmt: skip


def sidecar(rng: random.Random) -> dict[str, object] | None:
    """Fetch metadata, good or broken, with a planted secret in some URLs."""
    choice = rng.randrange(8)
    if choice == 0:
        return None
    url: object = rng.choice([
        "http://solidnet.org/article/a page{1}|x",
        "http://solidnet.org/x\r\nInjected: 1",
        123,
        f"http://alice:{SECRET}@solidnet.org/article/x",
        f"http://solidnet.org/article/x?password={SECRET}",
        "http://solidnet.org/article/good",
    ])  # fmt: skip
    return {
        "url": url,
        "retrieved_at": rng.choice(["2025-01-01T00:00:00+00:00", "yesterday", 7, None]),
        "charset": rng.choice(["utf-8", "x-bogus-evil", None, "latin-1"]),
    }


def make_cases(count: int, seed: int, folder: Path) -> list[Path]:
    """`count` mutated pages (with their sidecars) in `folder`, the same for a seed."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    pages = []
    for number in range(count):
        original = rng.choice(SEEDS)
        text = original.read_text(encoding="utf-8")
        mutation = MUTATIONS[number % len(MUTATIONS)]
        data = mutation(rng, text)
        suffix = ".html" if mutation is as_html or original.suffix == ".html" else ".txt"
        page = folder / f"{number:05d}-{mutation.__name__}{suffix}"
        page.write_bytes(data)
        if (metadata := sidecar(rng)) is not None:
            page.with_name(page.name + ".json").write_text(json.dumps(metadata), encoding="utf-8")
        pages.append(page)
    return pages


# -- what must hold ------------------------------------------------------------------------


@dataclass
class Figures:
    cases: int = 0
    exit_codes: Counter[int] = field(default_factory=Counter)
    tracebacks: list[str] = field(default_factory=list)
    lost: list[str] = field(default_factory=list)
    unparseable: list[str] = field(default_factory=list)
    leaks: list[str] = field(default_factory=list)
    seconds_per_page: float = 0.0  # the slowest batch's
    peak_mb: float = 0.0
    # Each page read alone (make fuzz): the slowest, and the most memory one page took.
    slowest_page: tuple[float, str] = (0.0, "")
    hungriest_page: tuple[float, str] = (0.0, "")

    def add(self, other: Figures) -> None:
        self.cases += other.cases
        self.exit_codes.update(other.exit_codes)
        self.tracebacks += other.tracebacks
        self.lost += other.lost
        self.unparseable += other.unparseable
        self.leaks += other.leaks
        self.seconds_per_page = max(self.seconds_per_page, other.seconds_per_page)
        self.peak_mb = max(self.peak_mb, other.peak_mb)
        self.slowest_page = max(self.slowest_page, other.slowest_page)
        self.hungriest_page = max(self.hungriest_page, other.hungriest_page)

    def clean(self) -> bool:
        return not (self.tracebacks or self.lost or self.unparseable or self.leaks)

    def summary(self) -> str:
        codes = ", ".join(f"{code}: {n}" for code, n in sorted(self.exit_codes.items()))
        return (
            f"cases {self.cases}; exit codes {{{codes}}}; tracebacks {len(self.tracebacks)}; "
            f"pages lost {len(self.lost)}; outputs that do not parse {len(self.unparseable)}; "
            f"leaks of the planted secret {len(self.leaks)}; slowest {self.seconds_per_page:.3f} "
            f"s a page; peak memory {self.peak_mb:.0f} MB"
        ) + (
            f"; a page alone: slowest {self.slowest_page[0]:.2f} s ({self.slowest_page[1]}), "
            f"most memory {self.hungriest_page[0]:.0f} MB ({self.hungriest_page[1]})"
            if self.slowest_page[1]
            else ""
        )


def invoke(
    arguments: list[str], figures: Figures, what: str, env: dict[str, str] | None = None
) -> str:
    """Run kg in this process; a traceback (an exception other than an exit) is counted."""
    result = CliRunner().invoke(main, arguments, catch_exceptions=True, env=env)
    figures.exit_codes[result.exit_code] += 1
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        trace = "".join(traceback.format_exception(result.exception))
        figures.tracebacks.append(f"{what}: {trace[-800:]}")
    if "Traceback (most recent call last)" in output:
        figures.tracebacks.append(f"{what}: {output[-800:]}")
    return output


def leaks_in(folder: Path, secret: str = SECRET) -> Iterator[str]:
    for path in folder.rglob("*"):
        if path.is_file() and secret.encode() in path.read_bytes():
            yield str(path)


OUTPUT_FORMATS = {
    "graph.ttl": ox.RdfFormat.TURTLE,
    "graph.nt": ox.RdfFormat.N_TRIPLES,
    "graph.nq": ox.RdfFormat.N_QUADS,
    "graph.trig": ox.RdfFormat.TRIG,
    "graph.jsonld": ox.RdfFormat.JSON_LD,
    "validation.ttl": ox.RdfFormat.TURTLE,
}


def build_batch(pages: list[Path], folder: Path, out: Path, each_page: bool = False) -> Figures:
    """`kg build` of a folder of mutated pages, and what must hold of what it wrote; with
    `each_page`, each page is first parsed alone for its time and memory (the peak resident
    memory while reading it, above what was resident before)."""
    figures = Figures(cases=len(pages))
    if each_page:
        measure_each_page(pages, figures)
    started = time.perf_counter()
    output = invoke(["build", str(folder), "--out", str(out), "--workers", "1", "-q"], figures,
                    f"build {folder.name}")  # fmt: skip
    figures.seconds_per_page = (time.perf_counter() - started) / max(1, len(pages))
    figures.peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    report = out / "report.json"
    accounted: set[str] = set()
    if report.exists():
        data = json.loads(report.read_text(encoding="utf-8"))
        accounted |= {d["name"] for d in data["documents"]}
        accounted |= {f["source"] for f in data["failures"] if f["source"]}
        figures.tracebacks += [  # a page dropped by an unexpected exception is a crash
            f"{f['source']}: {f['error']}" for f in data["failures"] if "bug in kg" in f["hint"]
        ]
    else:  # no document could be built: each page must be named in the error output
        accounted |= {p.name for p in pages if p.name in output}
    figures.lost += [p.name for p in pages if p.name not in accounted]
    for name, rdf_format in OUTPUT_FORMATS.items():
        if (out / name).exists():
            try:
                for _ in ox.parse(path=str(out / name), format=rdf_format):
                    pass
            except (SyntaxError, ValueError, OSError) as err:
                figures.unparseable.append(f"{out / name}: {err}")
    if (out / "report.json").exists():
        try:
            json.loads((out / "report.json").read_text(encoding="utf-8"))
        except ValueError as err:
            figures.unparseable.append(f"report.json: {err}")
    figures.leaks += list(leaks_in(out)) + ([f"{folder} build output"] if SECRET in output else [])
    return figures


def measure_each_page(pages: list[Path], figures: Figures) -> None:
    from kg.pipeline import parse_one

    for page in pages:
        before = resident_kb(reset_peak=True)
        started = time.perf_counter()
        parse_one(page, page.name)
        seconds = time.perf_counter() - started
        megabytes = (resident_kb(peak=True) - before) / 1024
        figures.slowest_page = max(figures.slowest_page, (seconds, page.name))
        figures.hungriest_page = max(figures.hungriest_page, (megabytes, page.name))


def resident_kb(peak: bool = False, reset_peak: bool = False) -> int:
    """This process's resident memory now (or its peak since the last reset), from Linux's
    /proc: resetting the peak (`clear_refs` 5) lets one page's peak be read without
    tracemalloc, which slows the parser three times."""
    if reset_peak:
        Path("/proc/self/clear_refs").write_text("5")
    status = Path("/proc/self/status").read_text()
    found = re.search(rf"{'VmHWM' if peak else 'VmRSS'}:\s+(\d+)", status)
    return int(found.group(1)) if found else 0


def fuzz_builds(count: int, seed: int, work: Path, batch: int = 50) -> Figures:
    figures = Figures()
    for start in range(0, count, batch):
        folder = work / f"pages-{start:05d}"
        pages = make_cases(min(batch, count - start), seed + start, folder)
        figures.add(build_batch(pages, folder, work / f"out-{start:05d}"))
    return figures


# -- fault modes of the servers kg talks to -----------------------------------------------


class FaultSite(BaseHTTPRequestHandler):
    """A site on loopback with every way a page can fail."""

    def log_message(self, *_: object) -> None:
        pass

    def reply(self, status: int, body: bytes, kind: str = "text/html", **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        with contextlib.suppress(ConnectionError):  # kg hangs up on a page too big
            self.wfile.write(body)

    def do_GET(self) -> None:
        path = self.path.split("?")[0]
        echo = f"you sent {dict(self.headers)} {self.path}".encode()
        if path == "/robots.txt":
            self.reply(200, b"User-agent: *\nDisallow: /private\n", "text/plain")
        elif path == "/ok":
            self.reply(200, b"<html><body><h1>A page</h1><p>Text.</p></body></html>")
        elif path == "/500":
            self.reply(500, echo)
        elif path == "/503":
            self.reply(503, b"busy", Retry_After="1")
        elif path == "/429":
            self.reply(429, b"slow down", Retry_After="100000")
        elif path == "/401":
            self.reply(401, echo, WWW_Authenticate='Basic realm="x"')
        elif path == "/404":
            self.reply(404, echo)
        elif path == "/410":
            self.reply(410, b"gone")
        elif path == "/pdf":
            self.reply(200, b"%PDF-1.4", "application/pdf")
        elif path == "/bogus-charset":
            self.reply(200, b"<p>caf\xe9</p>", "text/html; charset=x-bogus-evil")
        elif path == "/loop":
            self.reply(302, b"", Location="/loop")
        elif path == "/to-private":
            self.reply(302, b"", Location="/private/x")
        elif path == "/to-ftp":
            self.reply(302, b"", Location="ftp://example.org/x")
        elif path == "/garbage-length":
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", "100000")
            self.end_headers()
            self.wfile.write(b"<p>short</p>")
        elif path == "/big":
            self.reply(200, b"<p>" + b"x" * 30_000_000 + b"</p>")
        else:
            self.reply(404, b"no")


FETCH_FAULTS = [
    "/ok", "/500", "/503", "/429", "/401", "/404", "/410", "/pdf", "/bogus-charset", "/loop",
    "/to-private", "/to-ftp", "/garbage-length", "/big", "/private/x",
]  # fmt: skip


def fetch_faults(root: str, work: Path) -> Figures:
    """`kg fetch` of every fault, one URL a run, and one run with them all; with a
    password in some URLs."""
    figures = Figures()
    pages = work / "fetched"
    urls = [f"{root}{path}" for path in FETCH_FAULTS]
    urls.append(root.replace("http://", f"http://alice:{SECRET}@") + "/ok")
    urls.append(f"{root}/ok?password={SECRET}")
    for url in urls:
        figures.cases += 1
        output = invoke(["fetch", "--out", str(pages), "--retries", "1", "--timeout", "2",
                         "--delay", "0", "-q", url], figures, f"fetch {url}")  # fmt: skip
        if SECRET in output:
            figures.leaks.append(f"kg fetch output for {url}")
    figures.leaks += list(leaks_in(pages)) if pages.exists() else []
    return figures


class OddService(BaseHTTPRequestHandler):
    """A Wikidata API, query service and triple store that answer every way but right."""

    answers: ClassVar[list[tuple[int, bytes]]] = []
    turn: ClassVar[int] = 0

    def log_message(self, *_: object) -> None:
        pass

    def answer(self) -> None:
        status, body = OddService.answers[OddService.turn % len(OddService.answers)]
        OddService.turn += 1
        body = body.replace(b"{ECHO}", json.dumps(dict(self.headers)).encode())
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_PUT = do_DELETE = do_HEAD = answer


ODD_ANSWERS: list[tuple[int, bytes]] = [
    (200, b"[]"), (200, b'{"search": null}'), (200, b'{"entities": []}'),
    (200, b'{"results": {"bindings": [{"type": {"value": "x"}}]}}'), (200, b'{"results": null}'),
    (200, b"not json"), (500, b"{ECHO}"), (401, b"{ECHO}"), (200, b'{"search": [{"id": "Q1\\n"}]}'),
    (200, b'{"error": {"code": "maxlag", "info": "lagged"}}'), (404, b"{ECHO}"),
]  # fmt: skip


def service_faults(root: str, work: Path, built: Path) -> Figures:
    """The Wikidata client (as `kg link --live` uses it) and `kg load`, against a service
    answering each odd way in turn."""
    from kg.link.wikidata import WikidataClient, WikidataError, WikidataSettings

    figures = Figures()
    OddService.answers = ODD_ANSWERS
    cache = work / "wikidata-cache"
    for turn in range(len(ODD_ANSWERS)):
        OddService.turn = turn
        figures.cases += 1
        settings = WikidataSettings(
            api=f"{root}/w/api.php", sparql=f"{root}/sparql", cache=cache, retries=0,
            max_wait=1.0,
        )  # fmt: skip
        client = WikidataClient(settings, sleep=lambda _: None)
        try:
            client.search("Communist Party of Greece", "en")
            client.facts(["Q192406"])
            figures.exit_codes[0] += 1
        except WikidataError as err:
            figures.exit_codes[2] += 1
            if SECRET in str(err):
                figures.leaks.append(f"wikidata error {err}")
        except Exception:
            figures.tracebacks.append(f"wikidata turn {turn}: {traceback.format_exc()[-800:]}")
    for turn in range(len(ODD_ANSWERS)):
        OddService.turn = turn
        figures.cases += 1
        output = invoke(
            ["load", "--out", str(built), "--retries", "0", "--timeout", "5",
             "--endpoint", f"{root}/store?password={SECRET}",
             "--update-endpoint", f"{root}/update", "--query-endpoint", f"{root}/query"],
            figures, f"load turn {turn}", env=STORE_LOGIN,
        )  # fmt: skip
        if SECRET in output or BASIC in output:
            figures.leaks.append(f"kg load output, turn {turn}")
    figures.leaks += list(leaks_in(cache)) if cache.exists() else []
    return figures
