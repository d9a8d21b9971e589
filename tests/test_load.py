"""`kg load` and `kg serve` against real triple stores started on loopback: an Oxigraph
server (from the oxigraph package) and a private Virtuoso (Debian's virtuoso-opensource),
both installed by `make test`. Faults are real too: a store stopped midway, a wrong
password, and a local HTTP proxy that answers 500 or asks for basic auth in front of Oxigraph.
"""

from __future__ import annotations

import http.server
import json
import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
import pytest
import requests
from click.testing import CliRunner
from rdflib import Graph
from rdflib.compare import isomorphic

from conftest import PROJECT
from kg.cli import EXIT_STORE, main
from kg.errors import ConfigurationError
from kg.pipeline import build
from kg.sources.http import Politeness
from kg.store.load import (
    BuiltGraph,
    Endpoints,
    LoadError,
    Settings,
    Store,
    load,
    staging_graph,
    verify,
)
from kg.store.servers import OxigraphServer, VirtuosoServer, free_port

CORPUS = PROJECT / "tests" / "corpus"
CORPUS_BASE = "https://example.org/corpus/"
FAST = Politeness(timeout=(2.0, 30.0), retries=2, backoff=0.05)


# --- the stores -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def oxigraph() -> Iterator[OxigraphServer]:
    with OxigraphServer() as server:
        yield server


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[VirtuosoServer]:
    with VirtuosoServer(tmp_path_factory.mktemp("virtuoso")) as server:
        yield server


@pytest.fixture
def dba(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("KG_STORE_USER", VirtuosoServer.user)
    monkeypatch.setenv("KG_STORE_PASSWORD", VirtuosoServer.password)


@pytest.fixture(params=["oxigraph", "virtuoso"])
def server(request: pytest.FixtureRequest) -> OxigraphServer | VirtuosoServer:
    """Each store in turn; Virtuoso with its administrator's credentials in the environment."""
    if request.param == "virtuoso":
        request.getfixturevalue("dba")
    found: OxigraphServer | VirtuosoServer = request.getfixturevalue(request.param)
    return found


def store_of(server: OxigraphServer | VirtuosoServer, chunk: int = 50_000) -> Store:
    return Store(Endpoints.of(server.graph_store), Settings(chunk, FAST))


# --- the builds -------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("load-sample")
    build([], folder, "https://example.org/sample/")
    return folder


@pytest.fixture(scope="module")
def corpus_out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("load-corpus")
    build([CORPUS], folder, CORPUS_BASE)
    return folder


def variant(out: Path, folder: Path, version: str, only: str | None = None) -> Path:
    """The build in `out` with every named graph (or `only` that one) changed: a third of its
    triples dropped and a marker added, so that old and new contents are told apart."""
    quads = list(ox.parse(path=str(out / "graph.nq"), format=ox.RdfFormat.N_QUADS))
    named = {q.graph_name.value for q in quads if isinstance(q.graph_name, ox.NamedNode)}
    graphs = sorted(named if only is None else {only})
    kept = [
        q for i, q in enumerate(quads) if i % 3 or getattr(q.graph_name, "value", "") not in graphs
    ]
    marker = ox.NamedNode("urn:test:version")
    kept += [ox.Quad(ox.NamedNode(g), marker, ox.Literal(version), ox.NamedNode(g)) for g in graphs]
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "graph.nq").write_bytes(ox.serialize(kept, format=ox.RdfFormat.N_QUADS))
    return folder


# --- reading the store back with SPARQL -------------------------------------------------


def sparql(server: OxigraphServer | VirtuosoServer, query: str, accept: str) -> str:
    response = requests.post(
        server.query, data={"query": query}, headers={"Accept": accept}, timeout=60
    )
    assert response.ok, response.text
    return response.content.decode("utf-8")


def remote_graph(server: OxigraphServer | VirtuosoServer, iri: str) -> Graph:
    text = sparql(
        server, f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{iri}> {{ ?s ?p ?o }} }}", "text/turtle"
    )
    return Graph().parse(data=text, format="turtle")


def local_graphs(out: Path) -> dict[str, list[bytes]]:
    built = BuiltGraph(out)
    return {iri: built.ntriples(iri) for iri in built.graphs}


def local_graph(out: Path, iri: str) -> Graph:
    text = b"".join(local_graphs(out)[iri]).decode()
    return Graph().parse(data=text, format="nt")


def assert_round_trip(server: OxigraphServer | VirtuosoServer, out: Path) -> None:
    for iri in local_graphs(out):
        assert isomorphic(remote_graph(server, iri), local_graph(out, iri)), iri


def invoke(*args: str) -> Any:
    return CliRunner().invoke(main, list(args))


# --- round trips --------------------------------------------------------------------------


@pytest.mark.parametrize("build_name", ["sample_out", "corpus_out"])
def test_load_round_trips_every_named_graph(
    server: OxigraphServer | VirtuosoServer, build_name: str, request: pytest.FixtureRequest
) -> None:
    out: Path = request.getfixturevalue(build_name)
    result = invoke("load", "--endpoint", server.graph_store, "--out", str(out), "--verify")
    assert result.exit_code == 0, result.stderr
    graphs = local_graphs(out)
    assert f"verified: {len(graphs)} graphs" in result.stderr
    assert_round_trip(server, out)


def test_reload_is_idempotent(server: OxigraphServer | VirtuosoServer, sample_out: Path) -> None:
    store = store_of(server, chunk=200)  # several chunks per graph
    forced = load(sample_out, store, force=True).graphs
    assert max(g.chunks for g in forced) > 1
    before = every_quad(server)
    again = load(sample_out, store).graphs
    assert [g.chunks for g in again] == [0] * len(forced)  # the store holds them as built
    load(sample_out, store, force=True)
    assert every_quad(server) == before  # the whole store, not only our graphs
    verification = verify(sample_out, store)
    assert verification.ok and not verification.leftover_staging
    assert_round_trip(server, sample_out)


def every_quad(server: OxigraphServer | VirtuosoServer) -> set[tuple[str, ...]]:
    answer = json.loads(
        sparql(
            server,
            "SELECT ?g ?s ?p ?o WHERE { GRAPH ?g { ?s ?p ?o } "
            'FILTER(STRSTARTS(STR(?g), "https://example.org/") || STRSTARTS(STR(?g), "urn:kg:")) }',
            "application/sparql-results+json",
        )
    )
    return {
        tuple(json.dumps(row[v], sort_keys=True) for v in ("g", "s", "p", "o"))
        for row in answer["results"]["bindings"]
    }


def test_one_changed_page_is_one_small_reload(
    server: OxigraphServer | VirtuosoServer, corpus_out: Path, tmp_path: Path
) -> None:
    store = store_of(server)
    load(corpus_out, store)
    page = next(iri for iri in local_graphs(corpus_out) if "/graph/source/" in iri)
    changed = variant(corpus_out, tmp_path / "v2", "2", only=page)
    result = invoke("load", "--endpoint", server.graph_store, "--out", str(changed))
    assert result.exit_code == 0, result.stderr
    others = len(local_graphs(changed)) - 1
    assert "loaded 1 graph," in result.stderr
    assert f"{others} graphs were already up to date" in result.stderr
    assert_round_trip(server, changed)
    load(corpus_out, store)
    assert_round_trip(server, corpus_out)


def test_a_graph_changed_behind_kg_s_back_is_found_and_forced(
    server: OxigraphServer | VirtuosoServer, sample_out: Path
) -> None:
    store = store_of(server)
    load(sample_out, store)
    reference = next(iri for iri in local_graphs(sample_out) if iri.endswith("/reference"))
    store.update(
        f"DELETE {{ GRAPH <{reference}> {{ ?s ?p ?o }} }} WHERE "
        f"{{ GRAPH <{reference}> {{ ?s ?p ?o }} FILTER(isLiteral(?o)) }}"
    )
    result = invoke("load", "--endpoint", server.graph_store, "--out", str(sample_out), "--verify")
    assert result.exit_code == EXIT_STORE  # the digest still says "as built": counts tell
    assert f"<{reference}>" in result.stderr and "--force" in result.stderr
    result = invoke(
        "load", "--endpoint", server.graph_store, "--out", str(sample_out), "--verify", "--force"
    )
    assert result.exit_code == 0, result.stderr
    assert_round_trip(server, sample_out)


def test_a_reload_replaces_each_graph(
    server: OxigraphServer | VirtuosoServer, sample_out: Path, tmp_path: Path
) -> None:
    """A changed build replaces the graphs; nothing of the old contents stays behind."""
    store = store_of(server, chunk=150)
    load(sample_out, store)
    changed = variant(sample_out, tmp_path / "v2", "2")
    load(changed, store)
    assert_round_trip(server, changed)
    load(sample_out, store)
    assert_round_trip(server, sample_out)


def test_one_graph_for_everything(
    server: OxigraphServer | VirtuosoServer, sample_out: Path
) -> None:
    into = "https://example.org/imcwp-all"
    result = invoke(
        "load", "--endpoint", server.graph_store, "--out", str(sample_out), "--graph", into,
        "--verify", "--chunk-size", "500",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    union = Graph()
    for iri in local_graphs(sample_out):
        union += local_graph(sample_out, iri)
    assert isomorphic(remote_graph(server, into), union)
    assert "loaded 1 graph," in result.stderr


# The ready questions of queries/ on both stores: tests/test_query_endpoints.py.


# --- faults -------------------------------------------------------------------------------


def test_wrong_password_is_refused_and_the_store_keeps_its_graphs(
    virtuoso: VirtuosoServer, sample_out: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("KG_STORE_USER", "dba")
    monkeypatch.setenv("KG_STORE_PASSWORD", "dba")
    load(sample_out, store_of(virtuoso))
    monkeypatch.setenv("KG_STORE_PASSWORD", "not-the-password")
    changed = variant(sample_out, tmp_path / "v2", "2")
    result = invoke("load", "--endpoint", virtuoso.graph_store, "--out", str(changed))
    assert result.exit_code == EXIT_STORE
    assert "HTTP 401" in result.stderr and virtuoso.url in result.stderr
    assert "KG_STORE_PASSWORD" in result.stderr  # what to check
    assert "not-the-password" not in result.stdout + result.stderr
    assert_round_trip(virtuoso, sample_out)  # untouched


def test_no_credentials_for_a_store_that_asks(
    virtuoso: VirtuosoServer, sample_out: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("KG_STORE_USER", raising=False)
    monkeypatch.delenv("KG_STORE_PASSWORD", raising=False)
    monkeypatch.setenv("NETRC", str(tmp_path / "absent-netrc"))
    result = invoke("load", "--endpoint", virtuoso.graph_store, "--out", str(sample_out))
    assert result.exit_code == EXIT_STORE
    assert "asks for credentials and none are set" in result.stderr


def test_credentials_from_netrc(
    virtuoso: VirtuosoServer, sample_out: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.delenv("KG_STORE_USER", raising=False)
    monkeypatch.delenv("KG_STORE_PASSWORD", raising=False)
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login dba password dba\n")
    netrc.chmod(0o600)
    monkeypatch.setenv("NETRC", str(netrc))
    result = invoke(
        "load", "--endpoint", virtuoso.graph_store, "--out", str(sample_out), "--verify"
    )
    assert result.exit_code == 0, result.stderr


def test_credentials_in_the_url_are_refused(oxigraph: OxigraphServer, sample_out: Path) -> None:
    url = oxigraph.graph_store.replace("http://", "http://dba:secret@")
    result = invoke("load", "--endpoint", url, "--out", str(sample_out))
    assert result.exit_code == 2
    assert "KG_STORE_USER" in result.stderr and "secret" not in result.stderr


def test_an_unknown_endpoint_layout_asks_for_the_others() -> None:
    result = invoke("load", "--endpoint", "http://127.0.0.1:1/graphs", "--out", ".")
    assert result.exit_code == 2 and "--update-endpoint" in result.stderr


def test_a_store_stopped_midway_leaves_each_graph_old_or_new(
    sample_out: Path, tmp_path: Path
) -> None:
    """The store stops during the load; restarted, each graph holds its old or its new
    contents, never a mix; the load says where it stopped, and a rerun finishes it."""
    location, port = tmp_path / "store", free_port()
    old, new = sample_out, variant(sample_out, tmp_path / "v2", "2")
    graphs = list(local_graphs(new))
    first = len(local_graphs(new)[graphs[0]])
    # The probe, the digests query, the first graph's chunks, MOVE and digest, then two
    # chunks of the second graph.
    stop_before = 2 + (-(-first // 100) + 2) + 2 + 1
    with OxigraphServer(port, location) as server:
        load(old, store_of(server))
        stopping = Stopping(server, stop_before)
        store = Store(Endpoints.of(server.graph_store), Settings(100, FAST), session=stopping)
        with pytest.raises(LoadError) as caught:
            load(new, store)
    message = str(caught.value)
    assert "load interrupted at graph" in message and "rerun `kg load`" in message
    stopped_at = int(re.search(r"at graph (\d+) of", message).group(1))  # type: ignore[union-attr]
    assert stopped_at == 2 and len(local_graphs(new)[graphs[1]]) > 300  # stopped mid-graph
    with OxigraphServer(port, location) as server:
        for position, iri in enumerate(graphs, start=1):
            now = remote_graph(server, iri)
            expected = new if position < stopped_at else old
            assert isomorphic(now, local_graph(expected, iri)), (position, iri)
        verification = verify(new, store_of(server))
        assert verification.leftover_staging == (staging_graph(graphs[stopped_at - 1]),)
        result = invoke("load", "--endpoint", server.graph_store, "--out", str(new), "--verify")
        assert result.exit_code == 0, result.stderr
        assert_round_trip(server, new)


class Stopping(requests.Session):
    """A session that stops the server before its `after`-th request: a real outage."""

    def __init__(self, server: OxigraphServer, after: int) -> None:
        super().__init__()
        self.server, self.after, self.sent = server, after, 0

    def request(self, method: str | bytes, url: str | bytes, *args: Any, **kwargs: Any) -> Any:  # type: ignore[override]
        self.sent += 1
        if self.sent == self.after:
            self.server.stop()
        return super().request(method, url, *args, **kwargs)


class Proxy(http.server.ThreadingHTTPServer):
    """A local HTTP server in front of Oxigraph with the faults a real store shows now and
    then: 500 to the first `failures` Graph Store writes, basic auth (for every request, or
    only for writes), an answer lost after a MOVE went through, a redirect. It records the
    triples in each write it forwards."""

    def __init__(
        self,
        target: str,
        failures: int = 0,
        basic: tuple[str, str] | None = None,
        writes_only: bool = False,
        lose_move_answers: int = 0,
        redirect: bool = False,
    ):
        super().__init__(("127.0.0.1", 0), ProxyHandler)
        self.target, self.failures, self.basic = target, failures, basic
        self.writes_only, self.lose_move_answers, self.redirect = (
            writes_only, lose_move_answers, redirect,
        )  # fmt: skip
        self.seen_auth: list[str] = []
        self.written: list[int] = []  # triples per Graph Store write

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"


class ProxyHandler(http.server.BaseHTTPRequestHandler):
    server: Proxy

    def log_message(self, *_args: Any) -> None:
        pass

    def forward(self) -> None:
        proxy = self.server
        body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
        proxy.seen_auth.append(self.headers.get("Authorization", ""))
        writing = self.command == "PUT" or self.path.startswith(("/store", "/update"))
        wants_auth = proxy.basic and (writing or not proxy.writes_only)
        if wants_auth and self.headers.get("Authorization") != basic_header(*proxy.basic):  # type: ignore[misc]
            self.answer(401, b"who are you?", {"WWW-Authenticate": 'Basic realm="kg"'})
            return
        store_write = self.command != "GET" and self.path.startswith("/store")
        if store_write and proxy.redirect:
            self.answer(301, b"", {"Location": proxy.target + self.path})
            return
        if store_write and proxy.failures > 0:
            proxy.failures -= 1
            self.answer(500, b"Internal error: the disk is on fire", {})
            return
        if store_write:
            proxy.written.append(body.count(b"\n"))
        headers = {k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept")}
        response = requests.request(
            self.command, proxy.target + self.path, data=body, headers=headers, timeout=30
        )
        if b"MOVE" in body and proxy.lose_move_answers > 0:
            proxy.lose_move_answers -= 1
            self.close_connection = True  # done, but the client never hears so
            return
        kept = {k: v for k, v in response.headers.items() if k.lower() == "content-type"}
        self.answer(response.status_code, response.content, kept)

    def answer(self, status: int, body: bytes, headers: dict[str, str]) -> None:
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_PUT = do_POST = forward


def basic_header(user: str, password: str) -> str:
    import base64

    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


@pytest.fixture
def proxy_of(oxigraph: OxigraphServer) -> Iterator[Callable[..., Proxy]]:
    started: list[Proxy] = []

    def start(**options: Any) -> Proxy:
        proxy = Proxy(oxigraph.url, **options)
        threading.Thread(target=proxy.serve_forever, daemon=True).start()
        started.append(proxy)
        return proxy

    yield start
    for proxy in started:
        proxy.shutdown()
        proxy.server_close()


def test_a_passing_500_is_retried(
    proxy_of: Callable[..., Proxy], oxigraph: OxigraphServer, sample_out: Path
) -> None:
    proxy = proxy_of(failures=2)
    store = Store(Endpoints.of(proxy.url + "/store"), Settings(50_000, FAST))
    load(sample_out, store, force=True)
    assert proxy.failures == 0 and verify(sample_out, store).ok
    assert_round_trip(oxigraph, sample_out)


def test_a_lasting_500_is_reported_and_the_graph_kept(
    proxy_of: Callable[..., Proxy], oxigraph: OxigraphServer, sample_out: Path, tmp_path: Path
) -> None:
    load(sample_out, store_of(oxigraph))
    proxy = proxy_of(failures=1000)
    changed = variant(sample_out, tmp_path / "v2", "2")
    result = invoke(
        "load", "--endpoint", proxy.url + "/store", "--out", str(changed), "--retries", "1"
    )
    assert result.exit_code == EXIT_STORE
    assert "HTTP 500" in result.stderr and proxy.url in result.stderr
    assert "the disk is on fire" in result.stderr  # the store's own message
    assert "load interrupted at graph 1 of" in result.stderr
    assert_round_trip(oxigraph, sample_out)


def test_basic_auth_when_the_store_asks(
    proxy_of: Callable[..., Proxy],
    oxigraph: OxigraphServer,
    sample_out: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    proxy = proxy_of(basic=("editor", "s3cret"))
    monkeypatch.setenv("KG_STORE_USER", "editor")
    monkeypatch.setenv("KG_STORE_PASSWORD", "s3cret")
    result = invoke("load", "--endpoint", proxy.url + "/store", "--out", str(sample_out))
    assert result.exit_code == 0, result.stderr
    assert proxy.seen_auth[0] == ""  # the probe goes without the password
    assert set(proxy.seen_auth[1:]) == {basic_header("editor", "s3cret")}
    assert_round_trip(oxigraph, sample_out)
    monkeypatch.setenv("KG_STORE_PASSWORD", "wrong")
    result = invoke("load", "--endpoint", proxy.url + "/store", "--out", str(sample_out))
    assert result.exit_code == EXIT_STORE and "refused the credentials" in result.stderr
    assert "who are you?" not in result.stderr  # a refused login's body may echo headers


def test_a_store_that_cannot_be_reached(sample_out: Path) -> None:
    url = f"http://127.0.0.1:{free_port()}/store"
    result = invoke("load", "--endpoint", url, "--out", str(sample_out), "--retries", "0")
    assert result.exit_code == EXIT_STORE
    assert "could not connect" in result.stderr and url.removesuffix("/store") in result.stderr


def test_verify_finds_a_difference(oxigraph: OxigraphServer, sample_out: Path) -> None:
    load(sample_out, store_of(oxigraph))
    reference = next(iri for iri in local_graphs(sample_out) if iri.endswith("/reference"))
    requests.post(
        oxigraph.url + "/update",
        data={
            "update": f"DELETE {{ GRAPH <{reference}> {{ ?s ?p ?o }} }} WHERE "
            f"{{ GRAPH <{reference}> {{ ?s ?p ?o }} FILTER(isLiteral(?o)) }}"
        },
        timeout=30,
    ).raise_for_status()
    result = invoke(
        "load", "--endpoint", oxigraph.graph_store, "--out", str(sample_out), "--verify-only"
    )
    assert result.exit_code == EXIT_STORE
    assert f"<{reference}>" in result.stderr and "in the store" in result.stderr


# --- kg serve -----------------------------------------------------------------------------


def test_serve_answers_sparql_and_stops_on_ctrl_c(sample_out: Path) -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "kg", "serve", "--out", str(sample_out), "--port", str(port)],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONUNBUFFERED": "1"},
    )
    try:
        assert process.stdout is not None
        lines = [process.stdout.readline() for _ in range(3)]
        assert lines[1].strip() == f"SPARQL endpoint: http://127.0.0.1:{port}/query", lines
        assert lines[2].strip() == f"Query page:      http://127.0.0.1:{port}/"
        answer = requests.post(
            f"http://127.0.0.1:{port}/query",
            data={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
            headers={"Accept": "text/csv"},
            timeout=30,
        )
        # The build's merge, each triple once, and nothing else.
        total = len((sample_out / "graph.nt").read_text(encoding="utf-8").splitlines())
        assert answer.text.split() == ["n", str(total)]
        assert requests.get(f"http://127.0.0.1:{port}/", timeout=10).ok  # the query page
        refused = requests.post(
            f"http://127.0.0.1:{port}/update", data={"update": "DROP ALL"}, timeout=10
        )
        assert refused.status_code >= 400  # read-only: no web page can change it
    finally:
        process.send_signal(signal.SIGINT)
        _, stderr = process.communicate(timeout=30)
    assert process.returncode == 0, stderr
    assert "stopped" in stderr
    with pytest.raises(requests.ConnectionError):
        requests.get(f"http://127.0.0.1:{port}/", timeout=5)


def test_serve_on_a_busy_port(oxigraph: OxigraphServer, sample_out: Path) -> None:
    result = invoke("serve", "--out", str(sample_out), "--port", str(oxigraph.port))
    assert result.exit_code == 2 and "in use" in result.stderr


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("<urn:a> <urn:b> _:x <urn:g> .\n", "blank nodes"),
        ("<urn:a> <urn:b> <urn:c> .\n", "outside any named graph"),
        ("<urn:a> <urn:b> \n", "not N-Quads"),
    ],
)
def test_a_graph_kg_did_not_build_is_refused_before_any_request(
    tmp_path: Path, content: str, message: str
) -> None:
    (tmp_path / "graph.nq").write_text(content)
    url = f"http://127.0.0.1:{free_port()}/store"  # nothing listens: no request may be made
    result = invoke("load", "--endpoint", url, "--out", str(tmp_path))
    assert result.exit_code == 3 and message in result.stderr, result.stderr


def test_load_before_build_says_what_to_do(tmp_path: Path) -> None:
    result = invoke("load", "--endpoint", "http://127.0.0.1:1/store", "--out", str(tmp_path))
    assert result.exit_code == 3 and "run `kg build" in result.stderr


def test_a_store_open_to_read_asks_for_credentials_only_to_write(
    proxy_of: Callable[..., Proxy],
    oxigraph: OxigraphServer,
    sample_out: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    proxy = proxy_of(basic=("editor", "s3cret"), writes_only=True)
    monkeypatch.setenv("KG_STORE_USER", "editor")
    monkeypatch.setenv("KG_STORE_PASSWORD", "s3cret")
    result = invoke("load", "--endpoint", proxy.url + "/store", "--out", str(sample_out), "--force")
    assert result.exit_code == 0, result.stderr
    assert basic_header("editor", "s3cret") in proxy.seen_auth
    assert_round_trip(oxigraph, sample_out)


def test_a_move_whose_answer_is_lost_is_not_reported_as_failed(
    proxy_of: Callable[..., Proxy], oxigraph: OxigraphServer, sample_out: Path, tmp_path: Path
) -> None:
    """MOVE cannot be repeated blindly (its staging graph is gone once it went through):
    the loader asks the store what happened."""
    load(sample_out, store_of(oxigraph))
    proxy = proxy_of(lose_move_answers=1)
    changed = variant(sample_out, tmp_path / "v2", "2")
    result = invoke("load", "--endpoint", proxy.url + "/store", "--out", str(changed), "--verify")
    assert proxy.lose_move_answers == 0
    assert result.exit_code == 0, result.stderr
    assert_round_trip(oxigraph, changed)


def test_writes_go_in_bounded_chunks(
    proxy_of: Callable[..., Proxy], oxigraph: OxigraphServer, corpus_out: Path
) -> None:
    proxy = proxy_of()
    result = invoke(
        "load", "--endpoint", proxy.url + "/store", "--out", str(corpus_out), "--force",
        "--chunk-size", "40",
    )  # fmt: skip
    assert result.exit_code == 0, result.stderr
    total = sum(len(lines) for lines in local_graphs(corpus_out).values())
    assert sum(proxy.written) == total and max(proxy.written) == 40
    assert_round_trip(oxigraph, corpus_out)


def test_a_redirected_write_is_reported_not_followed(
    proxy_of: Callable[..., Proxy], sample_out: Path
) -> None:
    proxy = proxy_of(redirect=True)
    result = invoke("load", "--endpoint", proxy.url + "/store", "--out", str(sample_out), "--force")
    assert result.exit_code == EXIT_STORE
    assert "HTTP 301" in result.stderr and "redirects to" in result.stderr


def test_graphs_of_documents_no_longer_built_are_dropped(
    server: OxigraphServer | VirtuosoServer, corpus_out: Path, tmp_path: Path
) -> None:
    store = store_of(server)
    load(corpus_out, store)
    page = next(iri for iri in local_graphs(corpus_out) if "/graph/source/" in iri)
    fewer = without(corpus_out, tmp_path / "fewer", page)
    verification = verify(fewer, store)
    assert verification.not_built == (page,) and not verification.ok
    result = invoke("load", "--endpoint", server.graph_store, "--out", str(fewer), "--verify")
    assert result.exit_code == 0, result.stderr
    assert "dropped 1 graph no longer built" in result.stderr
    assert len(remote_graph(server, page)) == 0
    load(corpus_out, store)  # the sample's graphs, under another base, were never touched
    assert_round_trip(server, corpus_out)


def without(out: Path, folder: Path, graph: str) -> Path:
    quads = ox.parse(path=str(out / "graph.nq"), format=ox.RdfFormat.N_QUADS)
    kept = [q for q in quads if getattr(q.graph_name, "value", "") != graph]
    folder.mkdir(parents=True)
    (folder / "graph.nq").write_bytes(ox.serialize(kept, format=ox.RdfFormat.N_QUADS))
    return folder


@pytest.mark.parametrize(
    "options",
    [
        ["--update-endpoint", "http://u:hunter2@127.0.0.1:1/update"],
        ["--query-endpoint", "ftp://u:hunter2@127.0.0.1:1/query"],
        ["--query-endpoint", "http://[::1/query"],
        ["--query-endpoint", "http://127.0.0.1:abc/query"],
        ["--graph", "urn:a\x01b"],
        ["--graph", "https://e.org/g> } ; DROP ALL ; INSERT DATA { GRAPH <urn:x"],
    ],
)
def test_bad_endpoints_and_iris_are_refused_before_any_request(
    sample_out: Path, options: list[str]
) -> None:
    url = f"http://127.0.0.1:{free_port()}/store"
    result = invoke("load", "--endpoint", url, "--out", str(sample_out), *options)
    assert result.exit_code == 2, result.stderr
    assert "hunter2" not in result.stderr and "Traceback" not in result.stderr


def test_a_server_that_never_answers_is_stopped_not_left_running() -> None:
    class Deaf(OxigraphServer):
        def ready_url(self) -> str:
            return f"http://127.0.0.1:{free_port()}/"  # nothing listens there

    server = Deaf()
    server.ready_timeout = 1.0
    with pytest.raises(ConfigurationError, match="did not answer"):
        server.start()
    assert server.process is not None and server.process.poll() is not None
    with OxigraphServer() as first, pytest.raises(ConfigurationError, match="in use"):
        OxigraphServer(first.port).start()  # another server there would look "ready"
