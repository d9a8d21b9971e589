"""The live linking path against a server on loopback that answers in the Wikidata API's and
the query service's JSON formats, with their faults: maxlag told with HTTP 200, 429 with
Retry-After, 5xx, a service that stays down."""

from __future__ import annotations

import json
import re
import threading
import time
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar
from urllib.parse import parse_qs, urlsplit

import pytest
from click.testing import CliRunner

from kg.cli import main
from kg.link import link
from kg.link.wikidata import WikidataClient, WikidataError, WikidataSettings, sparql_string
from kg.pipeline import build

ITEMS: dict[str, dict[str, Any]] = {
    "Q192406": {"en": "Communist Party of Greece", "el": "Κομμουνιστικό Κόμμα Ελλάδας",
                "aliases": ["KKE"], "iso": "GR", "inception": "1918", "short": "KKE"},
    "Q3565932": {"en": "Communist Party of Greece (Interior)", "iso": "GR",
                 "inception": "1968", "dissolved": "1987"},
    "Q79854": {"en": "Communist Party of the Soviet Union", "aliases": ["CPSU"], "iso": "SU",
               "inception": "1912", "dissolved": "1991", "short": "CPSU"},
    "Q837159": {"en": "Communist Party of India", "iso": "IN", "inception": "1925", "short": "CPI"},
    "Q234277": {"en": "Communist Party of India (Marxist)", "iso": "IN", "inception": "1964",
                "short": "CPI(M)"},
    "Q1164324": {"en": "Communist Party of Denmark", "da": "Danmarks Kommunistiske Parti",
                 "iso": "DK", "inception": "1919", "short": "DKP"},
    "Q999": {"en": "Communist Party", "internal": True},
    "Q41": {"en": "Greece", "iso": "GR", "type": None},
}  # fmt: skip
SEARCH = {
    "communist party of greece": ["Q192406", "Q3565932", "Q999"],
    "kke": ["Q192406"],
    "communist party of the soviet union": ["Q79854"],
    "communist party of india (marxist)": ["Q234277", "Q837159"],
    "communist party in denmark": ["Q1164324"],
    "communist party of denmark": ["Q1164324"],
    "greece": ["Q41"],
}


class FakeWikidata(BaseHTTPRequestHandler):
    hits: ClassVar[Counter[str]] = Counter()
    seen: ClassVar[list[dict[str, Any]]] = []
    down: ClassVar[bool] = False

    def log_message(self, *_: object) -> None:
        pass

    def answer(self, status: int, data: Any, **headers: str) -> None:
        body = json.dumps(data).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # http.server's name
        url = urlsplit(self.path)
        params = {k: v[0] for k, v in parse_qs(url.query).items()}
        FakeWikidata.seen.append(
            {"path": url.path, "params": params, "agent": self.headers["User-Agent"]}
        )
        kind = params.get("action", "sparql")
        FakeWikidata.hits[kind] += 1
        if FakeWikidata.down:
            self.answer(503, {"error": "down"})
        elif kind == "wbgetentities" and FakeWikidata.hits[kind] == 1:
            self.answer(
                200, {"error": {"code": "maxlag", "info": "Waiting for a replica"}}, Retry_After="1"
            )
        elif kind == "sparql" and FakeWikidata.hits[kind] == 1:
            self.answer(429, {"error": "too many requests"}, Retry_After="1")
        elif kind == "wbsearchentities" and FakeWikidata.hits[kind] == 2:
            self.answer(500, {"error": "internal"})
        elif kind == "wbsearchentities":
            ids = SEARCH.get(params["search"].casefold(), [])
            self.answer(200, {"search": [{"id": q} for q in ids]})
        elif kind == "wbgetentities":
            entities = {}
            for qid in params["ids"].split("|"):
                item = ITEMS.get(qid, {})
                labels = {
                    lang: {"language": lang, "value": v}
                    for lang, v in item.items()
                    if len(lang) == 2 and isinstance(v, str) and lang != "iso"
                }
                aliases = {"en": [{"language": "en", "value": a} for a in item.get("aliases", [])]}
                entities[qid] = {
                    "id": qid,
                    "lastrevid": 1000 + int(qid[1:]) % 97,
                    "labels": labels,
                    "aliases": aliases,
                }
            self.answer(200, {"entities": entities})
        else:
            query = params["query"]
            rows = []
            for qid in re.findall(r"wd:(Q\d+)", query.split("}")[0]):
                item = ITEMS.get(qid)
                if not item:
                    continue
                row: dict[str, Any] = {
                    "item": {"type": "uri", "value": f"http://www.wikidata.org/entity/{qid}"}
                }
                if item.get("internal"):
                    row["type"] = {
                        "type": "uri",
                        "value": "http://www.wikidata.org/entity/Q17442446",
                    }
                elif "type" not in item:
                    row["type"] = {"type": "uri", "value": "http://www.wikidata.org/entity/Q7278"}
                for name in ("iso", "short"):
                    if name in item:
                        row[name] = {"type": "literal", "value": item[name]}
                for name in ("inception", "dissolved"):
                    if name in item:
                        row[name] = {"type": "literal", "value": f"+{item[name]}-01-01T00:00:00Z"}
                rows.append(row)
            self.answer(200, {"head": {"vars": ["item"]}, "results": {"bindings": rows}})


@pytest.fixture()
def wikidata() -> Iterator[str]:
    FakeWikidata.hits = Counter()
    FakeWikidata.seen = []
    FakeWikidata.down = False
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeWikidata)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def client(url: str, cache: Path, waits: list[float], **settings: Any) -> WikidataClient:
    def sleep(seconds: float) -> None:
        waits.append(seconds)
        time.sleep(seconds)

    options: dict[str, Any] = {
        "api": f"{url}/w/api.php",
        "sparql": f"{url}/sparql",
        "cache": cache,
        "backoff": 0.05,
    }
    options.update(settings)
    return WikidataClient(WikidataSettings(**options), sleep=sleep)


def test_live_linking_end_to_end_with_faults(wikidata: str, tmp_path: Path) -> None:
    build([], tmp_path)
    waits: list[float] = []
    live = client(wikidata, tmp_path / "cache", waits)
    result = link(tmp_path, live.candidates, curated=tmp_path / "none.tsv", date="2026-11-27")
    links = {
        d.subject.iri.rsplit("/", 1)[-1]: d.chosen.qid
        for d in result.decisions
        if d.outcome == "accepted" and d.chosen
    }
    assert links["gr-kke"] == "Q192406"
    assert links["in-cpi-m"] == "Q234277"  # not the CPI
    assert links["gr"] == "Q41"
    assert "ru-kpss" not in links and "dk-kpid" not in links
    decisions = {d.subject.iri.rsplit("/", 1)[-1]: d for d in result.decisions}
    assert ("Q79854", "country SU, not RU; dissolved 1991, before 2011") in decisions[
        "ru-kpss"
    ].rejected
    # The Communist Party *of* Denmark's item bears another registry party's name: not
    # proposed for the Communist Party *in* Denmark.
    assert all(c.qid != "Q1164324" for c, _ in decisions["dk-kpid"].ranked)
    assert links["dk-dkp"] == "Q1164324"
    # The faults were met and waited out: maxlag (HTTP 200) and 429 as Retry-After says,
    # the 500 with backoff.
    assert waits.count(1.0) == 2 and 0.05 in waits
    assert all(s["agent"].startswith("kg/") for s in FakeWikidata.seen)
    api_calls = [s for s in FakeWikidata.seen if s["path"] == "/w/api.php"]
    assert all(s["params"]["maxlag"] == "5" and s["params"]["format"] == "json" for s in api_calls)


def test_the_cache_answers_a_rerun_and_keeps_provenance(wikidata: str, tmp_path: Path) -> None:
    build([], tmp_path)
    first = client(wikidata, tmp_path / "cache", [])
    link(tmp_path, first.candidates, curated=tmp_path / "none.tsv", date="2026-11-27")
    hits = sum(FakeWikidata.hits.values())
    again = client(wikidata, tmp_path / "cache", [])
    link(tmp_path, again.candidates, curated=tmp_path / "none.tsv", date="2026-11-27")
    assert sum(FakeWikidata.hits.values()) == hits and again.requests_made == 0
    records = [json.loads(p.read_text()) for p in (tmp_path / "cache").iterdir()]
    assert all(r["retrieved_at"].endswith("+00:00") and r["request"]["url"] for r in records)
    assert any(r["lastrevid"].get("Q192406") for r in records)


def test_a_service_that_stays_down_is_a_clear_error(wikidata: str, tmp_path: Path) -> None:
    FakeWikidata.down = True
    live = client(wikidata, tmp_path / "cache", [], retries=2)
    with pytest.raises(WikidataError) as raised:
        live.search("Communist Party of Greece", "en")
    message = str(raised.value)
    assert (
        "kept answering 503" in message and "/w/api.php" in message and "try again later" in message
    )
    assert FakeWikidata.hits["wbsearchentities"] == 3


def test_the_cli_live_path_reports_a_failure_with_exit_3(wikidata: str, tmp_path: Path) -> None:
    build([], tmp_path / "out")
    FakeWikidata.down = True
    result = CliRunner().invoke(main, [
        "link", "--out", str(tmp_path / "out"), "--live", "--api", f"{wikidata}/w/api.php",
        "--sparql", f"{wikidata}/sparql", "--cache", str(tmp_path / "cache"),
    ])  # fmt: skip
    assert result.exit_code == 3 and "kept answering 503" in result.stderr


@pytest.mark.parametrize(
    ("name", "literal"),
    [('Party "X"', '"Party \\"X\\""'), ("a\\b", '"a\\\\b"'), ("two\nlines", '"two\\nlines"')],
)
def test_names_put_into_sparql_are_escaped(name: str, literal: str) -> None:
    assert sparql_string(name) == literal


@pytest.mark.parametrize(
    ("code", "wait"), [("maxlag", 5.0), ("ratelimited", 5.0), ("badvalue", None)]
)
def test_errors_that_arrive_with_http_200(code: str, wait: float | None) -> None:
    import requests

    from kg.link.wikidata import lagged_or_busy

    response = requests.Response()
    response.status_code = 200
    response.headers["Retry-After"] = "5"
    response._content = json.dumps({"error": {"code": code, "info": "…"}}).encode()
    verdict = lagged_or_busy(response)
    assert (verdict[0] if verdict else None) == wait
