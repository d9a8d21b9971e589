"""Loading the built graph into a triple store with the SPARQL 1.1 Graph Store HTTP Protocol.

Each named graph is sent in bounded N-Triples chunks to a staging graph (the first chunk with
PUT, which replaces whatever an interrupted load left there, the rest with POST), then moved
over its target with one SPARQL `MOVE`: a reader of the target sees the old graph or the new
one, never half. Loading twice leaves the same store. Our graphs have no blank nodes, so a
chunk boundary never splits one.

Credentials come from KG_STORE_USER / KG_STORE_PASSWORD or the netrc file, never from the
command line; the scheme (basic or digest) is the one the store asks for.

Over 400 lines: one protocol (chunked Graph Store uploads, the MOVE, the check that
the store holds what was built) whose steps share one HTTP session and its errors.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

import pyoxigraph as ox
import requests
from requests.auth import AuthBase, HTTPBasicAuth, HTTPDigestAuth

from kg.errors import ConfigurationError, InputError, KgError, redacted_url
from kg.files import built_file
from kg.sources.http import Politeness, body_text, polite_request

log = logging.getLogger(__name__)

STAGING_PREFIX = "urn:kg:staging:"
# Where kg records what it loaded: the SHA-256 of each graph's sorted N-Triples, so that an
# unchanged graph is not sent again.
LOAD_STATE = "urn:kg:load-state"
DIGEST = "urn:kg:sha256"
N_TRIPLES = "application/n-triples"
RESULTS_JSON = "application/sparql-results+json"
# The SPARQL endpoints beside a store's Graph Store endpoint, by the path it ends with.
KNOWN_LAYOUTS = (
    ("/store", "/update", "/query"),  # Oxigraph
    ("/sparql-graph-crud-auth", "/sparql-auth", "/sparql-auth"),  # Virtuoso, authenticated
    ("/sparql-graph-crud", "/sparql", "/sparql"),  # Virtuoso, anonymous (read-only)
)
UNSAFE_IRI = re.compile(r'[\x00-\x20<>"{}|^`\\]')
HINTS = {
    401: "the store refused the credentials: check KG_STORE_USER and KG_STORE_PASSWORD "
    "(or the netrc entry for this host)",
    403: "the account may read but not write: give it the store's update permission "
    "(Virtuoso: the SPARQL_UPDATE role)",
    404: "check the endpoint URL: it must be the store's Graph Store Protocol endpoint "
    "(Oxigraph: /store, Virtuoso: /sparql-graph-crud-auth)",
    405: "this URL does not accept the method: is it the Graph Store Protocol endpoint?",
    413: "the store refuses requests this large: lower --chunk-size",
    415: "the store does not accept N-Triples at this URL",
}


class LoadError(KgError):
    """The store refused or failed a request, or could not be reached."""


@dataclass(frozen=True)
class Endpoints:
    graph_store: str
    update: str
    query: str

    @classmethod
    def of(cls, graph_store: str, update: str | None = None, query: str | None = None) -> Endpoints:
        """The endpoints of a store, the update and query ones inferred for known stores."""
        base = check_url(graph_store, "the Graph Store endpoint").rstrip("/")
        for suffix, update_path, query_path in KNOWN_LAYOUTS:
            if base.endswith(suffix):
                root = base.removesuffix(suffix)
                update = update or root + update_path
                query = query or root + query_path
                break
        if update is None or query is None:
            raise ConfigurationError(
                f"cannot tell the SPARQL update and query endpoints of {redacted_url(graph_store)}",
                hint="give them with --update-endpoint and --query-endpoint",
            )
        return cls(
            base, check_url(update, "the update endpoint"), check_url(query, "the query endpoint")
        )


def check_url(url: str, what: str) -> str:
    """An http(s) URL without credentials in it (they would show in the process list, in
    logs and in messages; only the environment or netrc may hold them)."""
    try:
        parts = urlsplit(url)
        valid = parts.scheme in ("http", "https") and bool(parts.hostname)
        _ = parts.port  # raises on a port that is not a number
    except ValueError:
        valid = False
    if "@" in url.split("?", 1)[0]:
        raise ConfigurationError(
            f"{what} has credentials in its URL, where the process list and logs would show them",
            hint="set KG_STORE_USER and KG_STORE_PASSWORD, or use a netrc entry",
        )
    if not valid:
        raise ConfigurationError(
            f"{what} {url!r} is not an http(s) URL",
            hint="e.g. http://127.0.0.1:7878/store",
        )
    return url


@dataclass(frozen=True)
class Settings:
    chunk_triples: int = 50_000
    politeness: Politeness = field(default_factory=lambda: Politeness(timeout=(10.0, 300.0)))


@dataclass(frozen=True)
class GraphLoad:
    iri: str
    triples: int
    chunks: int  # 0: the store already held this graph as built
    seconds: float


@dataclass(frozen=True)
class LoadResult:
    graphs: list[GraphLoad]
    removed: list[str]  # graphs of documents no longer in the build, dropped from the store

    @property
    def sent(self) -> list[GraphLoad]:
        return [g for g in self.graphs if g.chunks]


@dataclass(frozen=True)
class GraphCount:
    iri: str
    local: int
    remote: int

    @property
    def matches(self) -> bool:
        return self.local == self.remote


@dataclass(frozen=True)
class Verification:
    counts: tuple[GraphCount, ...]
    leftover_staging: tuple[str, ...]
    not_built: tuple[str, ...] = ()  # loaded by kg before, no longer in the build

    @property
    def ok(self) -> bool:
        return all(c.matches for c in self.counts) and not self.leftover_staging + self.not_built


def staging_graph(target: str) -> str:
    """A graph of its own per target, so a rerun replaces what an interrupted load left."""
    return STAGING_PREFIX + hashlib.sha256(target.encode()).hexdigest()[:32]


class BuiltGraph:
    """The graph `kg build` wrote, by named graph, held in an embedded store so that each
    graph is cut out as N-Triples by the engine rather than triple by triple in Python.
    With `into`, all of it (each triple once) is the one graph `into`."""

    def __init__(self, out: Path, into: str | None = None) -> None:
        path = built_file(out)
        self.store = ox.Store()
        try:
            self.store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
        except SyntaxError as err:
            raise InputError(
                f"not N-Quads: {err}", source=str(path), hint=f"rebuild it: kg build --out {out}"
            ) from err
        if self.store.query("ASK { ?s ?p ?o }"):
            raise InputError(
                "a triple outside any named graph",
                source=str(path),
                hint="load a graph kg built: every triple is in a named graph",
            )
        if self.store.query("ASK { GRAPH ?g { ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) } }"):
            raise InputError(
                "the graph holds blank nodes, which chunked loading would split",
                source=str(path),
                hint="load a graph kg built: it has none",
            )
        if into is not None:
            self.store.update(
                f"INSERT {{ GRAPH <{into}> {{ ?s ?p ?o }} }} WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"
            )
            self.graphs = [into]
        else:
            self.graphs = sorted(g.value for g in self.store.named_graphs())
        # The graphs of one build share `<base>graph/`: the part of the store it owns.
        self.prefix = common_prefix(self.graphs).rpartition("graph/")[0] + "graph/"

    def ntriples(self, iri: str) -> list[bytes]:
        """The triples of graph `iri`, one N-Triples line each."""
        dump = self.store.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.NamedNode(iri))
        return (dump or b"").splitlines(keepends=True)

    def counts(self) -> dict[str, int]:
        answer = self.store.query(
            "SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g"
        )
        assert isinstance(answer, ox.QuerySolutions)
        found = {row["g"].value: int(row["n"].value) for row in answer}
        return {iri: found.get(iri, 0) for iri in self.graphs}


def common_prefix(texts: list[str]) -> str:
    first, last = min(texts, default=""), max(texts, default="")
    shared = 0
    while shared < min(len(first), len(last)) and first[shared] == last[shared]:
        shared += 1
    return first[:shared]


def check_iri(iri: str) -> str:
    if not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:", iri) or UNSAFE_IRI.search(iri):
        raise ConfigurationError(
            f"{iri!r} is not an absolute IRI", hint="e.g. https://example.org/g"
        )
    return iri


def credentials(url: str) -> tuple[str, str] | None:
    user = os.environ.get("KG_STORE_USER")
    password = os.environ.get("KG_STORE_PASSWORD")
    if user is not None and password is not None:
        return user, password
    if user is not None or password is not None:
        raise ConfigurationError(
            "only one of KG_STORE_USER and KG_STORE_PASSWORD is set", hint="set both, or neither"
        )
    return requests.utils.get_netrc_auth(url)


def batched(lines: list[bytes], size: int) -> Iterator[bytes]:
    """Request bodies of at most `size` N-Triples lines; one empty body for an empty graph."""
    if not lines:
        yield b""
    for start in range(0, len(lines), size):
        yield b"".join(lines[start : start + size])


class Credentials(AuthBase):
    """Each origin's credentials, set when its store first asks (401): a password never goes
    to a store that asks none, nor in clear to one that wants digest, nor to another host."""

    def __init__(self) -> None:
        self.by_origin: dict[str, AuthBase] = {}

    def __call__(self, request: requests.PreparedRequest) -> requests.PreparedRequest:
        auth = self.by_origin.get(origin(request.url or ""))
        return auth(request) if auth else request

    def answer(self, challenge: requests.Response) -> bool:
        """Take the scheme a 401 asks for; False if this origin was answered already."""
        where = origin(challenge.url)
        if where in self.by_origin:
            return False
        secret = credentials(challenge.url)
        if secret is None:
            raise LoadError(
                "the store asks for credentials and none are set",
                url=challenge.url,
                status=401,
                hint="set KG_STORE_USER and KG_STORE_PASSWORD, or add the host to your netrc",
            )
        scheme = challenge.headers.get("WWW-Authenticate", "").split(" ", 1)[0].casefold()
        self.by_origin[where] = (
            HTTPDigestAuth(*secret) if scheme == "digest" else HTTPBasicAuth(*secret)
        )
        return True


def origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"


class Store:
    """A triple store spoken to with the Graph Store Protocol and SPARQL 1.1."""

    def __init__(
        self,
        endpoints: Endpoints,
        settings: Settings | None = None,
        *,
        session: requests.Session | None = None,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.endpoints = endpoints
        self.settings = settings or Settings()
        self.session = session or requests.Session()
        # Set, so that requests does not add netrc credentials of its own (proxies and CA
        # settings from the environment still apply).
        self.credentials = self.session.auth = Credentials()
        self.sleep = sleep

    def request(
        self,
        method: str,
        url: str,
        *,
        params: dict[str, str] | None = None,
        data: bytes | dict[str, str] | None = None,
        headers: dict[str, str] | None = None,
        retries: int | None = None,
    ) -> requests.Response:
        """One request, retried on connection errors and 5xx; a 4xx raises `LoadError` with
        the store's own message. Writes do not follow redirects (they would lose the body)."""
        politeness = self.settings.politeness
        if retries is not None:
            politeness = replace(politeness, retries=retries)

        def send() -> requests.Response:
            return polite_request(
                self.session, method, url, params=params, data=data, headers=headers,
                politeness=politeness, error=LoadError, sleep=self.sleep,
                allow_redirects=method == "GET",
            )  # fmt: skip

        response = send()
        if response.status_code == 401 and self.credentials.answer(response):
            response = send()
        if response.status_code >= 300:
            moved = response.headers.get("Location")
            raise LoadError(
                f"the store refused {method}",
                url=response.url,
                status=response.status_code,
                excerpt=" ".join(body_text(response).split())[:300] or None,
                hint=f"the store redirects to {moved}: give that URL"
                if moved
                else HINTS.get(response.status_code, "see the store's message above"),
            )
        return response

    def update(self, operation: str, retries: int | None = None) -> None:
        self.request("POST", self.endpoints.update, data={"update": operation}, retries=retries)

    def put_graph(self, iri: str, triples: list[bytes], digest: str) -> int:
        """Replace graph `iri` with `triples` (N-Triples lines) through its staging graph,
        then record its digest; the requests that carried triples."""
        staging = staging_graph(iri)
        chunks = 0
        for body in batched(triples, self.settings.chunk_triples):
            self.request(
                "PUT" if chunks == 0 else "POST",
                self.endpoints.graph_store,
                params={"graph": staging},
                data=body,
                headers={"Content-Type": N_TRIPLES},
            )
            chunks += 1
        if triples:
            self.move(staging, iri, len(triples))
        else:  # an empty staging graph may not exist at all, and MOVE would fail on it
            self.update(f"DROP SILENT GRAPH <{staging}> ; DROP SILENT GRAPH <{iri}>")
        # Recorded after the MOVE, in a request of its own: Virtuoso aborts a request whose
        # transaction log grows too large, which a big MOVE alone avoids. If the load stops
        # in between, the old digest no longer matches and the graph is simply sent again.
        self.update(
            f"DELETE WHERE {{ GRAPH <{LOAD_STATE}> {{ <{iri}> <{DIGEST}> ?d }} }} ; "
            f'INSERT DATA {{ GRAPH <{LOAD_STATE}> {{ <{iri}> <{DIGEST}> "{digest}" }} }}'
        )
        return chunks

    def move(self, staging: str, iri: str, triples: int) -> None:
        """MOVE is not safe to repeat blindly: when its answer is lost or an error, the
        graphs tell whether it happened before it is tried again."""
        attempts = self.settings.politeness.retries + 1
        for attempt in range(attempts):
            try:
                self.update(f"MOVE GRAPH <{staging}> TO GRAPH <{iri}>", retries=0)
                return
            except LoadError as err:
                if err.status is not None and err.status < 500:
                    raise
                now = self.counts([staging, iri])
                if not now.get(staging) and now.get(iri) == triples:
                    return  # it did go through
                if now.get(staging) != triples or attempt + 1 == attempts:
                    raise
                self.sleep(self.settings.politeness.backoff * 2**attempt)

    def loaded_graphs(self, prefix: str) -> list[str]:
        """The graphs under `prefix` that kg recorded loading into this store."""
        query = (
            f"SELECT ?g WHERE {{ GRAPH <{LOAD_STATE}> {{ ?g <{DIGEST}> ?d }} "
            f'FILTER(STRSTARTS(STR(?g), "{prefix}")) }}'
        )
        return sorted(row["g"] for row in self.select(query, ("g",)))

    def drop_graph(self, iri: str) -> None:
        self.update(
            f"DROP SILENT GRAPH <{iri}> ; "
            f"DELETE WHERE {{ GRAPH <{LOAD_STATE}> {{ <{iri}> <{DIGEST}> ?d }} }}"
        )

    def counts(self, iris: Iterable[str]) -> dict[str, int]:
        """Triples per graph in the store (graphs it lacks are absent)."""
        found = self.per_graph(iris, "(COUNT(*) AS ?v)", "GRAPH ?g { ?s ?p ?o }", "GROUP BY ?g")
        return {iri: int(value) for iri, value in found.items()}

    def digests(self, iris: Iterable[str]) -> dict[str, str]:
        """The digest recorded when each graph was last loaded by kg."""
        return self.per_graph(iris, "?v", f"GRAPH <{LOAD_STATE}> {{ ?g <{DIGEST}> ?v }}")

    def per_graph(
        self, iris: Iterable[str], value: str, where: str, group: str = ""
    ) -> dict[str, str]:
        """One value per graph IRI, asked 200 graphs at a time (stores cap result sizes)."""
        found: dict[str, str] = {}
        pending = list(iris)
        for start in range(0, len(pending), 200):
            values = " ".join(f"<{iri}>" for iri in pending[start : start + 200])
            query = f"SELECT ?g {value} WHERE {{ VALUES ?g {{ {values} }} {where} }} {group}"
            found.update({row["g"]: row["v"] for row in self.select(query)})
        return found

    def select(self, query: str, variables: tuple[str, ...] = ("g", "v")) -> list[dict[str, str]]:
        """The rows of a SELECT query, each variable's value as text; an answer whose rows
        do not bind `variables` is an error, not a crash later."""
        response = self.request(
            "POST", self.endpoints.query, data={"query": query}, headers={"Accept": RESULTS_JSON}
        )
        try:
            rows = json.loads(response.content)["results"]["bindings"]
            found = [{name: cell["value"] for name, cell in row.items()} for row in rows]
            if not all(isinstance(row.get(name), str) for row in found for name in variables):
                raise KeyError(variables)
            return found
        except (ValueError, KeyError, TypeError, AttributeError) as err:
            raise LoadError(
                "the store's answer to a query is not SPARQL JSON results",
                url=self.endpoints.query,
                excerpt=body_text(response)[:200],
                hint="check --query-endpoint",
            ) from err


def load(
    out: Path,
    store: Store,
    *,
    into: str | None = None,
    force: bool = False,
    progress: Callable[[GraphLoad], None] | None = None,
) -> LoadResult:
    """Replace, in the store, each named graph of the build (or, with `into`, that one graph
    with all of it), and drop the graphs of documents no longer in the build. A graph the
    store holds as built, by the digest recorded when kg last loaded it, is not sent again
    unless `force`. An interruption names the graph it stopped at; the graphs before it are
    up to date, it and the rest keep their old contents, and a rerun finishes the work."""
    built = BuiltGraph(out, check_iri(into) if into else None)
    loaded_before = {} if force else store.digests(built.graphs)
    done: list[GraphLoad] = []
    for iri in built.graphs:
        started = time.perf_counter()
        triples = built.ntriples(iri)
        digest = hashlib.sha256(b"".join(sorted(triples))).hexdigest()
        try:
            unchanged = loaded_before.get(iri) == digest
            chunks = 0 if unchanged else store.put_graph(iri, triples, digest)
        except (LoadError, KeyboardInterrupt) as err:
            raise interrupted(
                err, f"graph {len(done) + 1} of {len(built.graphs)}, <{iri}>"
            ) from err
        loaded = GraphLoad(iri, len(triples), chunks, time.perf_counter() - started)
        done.append(loaded)
        log.debug("<%s>: %d triples, %d requests", iri, len(triples), chunks)
        if progress is not None:
            progress(loaded)
    removed = [] if into else store.loaded_graphs(built.prefix)
    removed = [iri for iri in removed if iri not in set(built.graphs)]
    for iri in removed:
        store.drop_graph(iri)
        log.info("dropped <%s>: its document is no longer in the build", iri)
    return LoadResult(done, removed)


def interrupted(err: LoadError | KeyboardInterrupt, where: str) -> LoadError:
    what = err.what if isinstance(err, LoadError) else "stopped by the user"
    return LoadError(
        f"load interrupted at {where}: {what}; the graphs before it are up to date, it and "
        "the rest keep their old contents",
        url=getattr(err, "url", None),
        status=getattr(err, "status", None),
        excerpt=getattr(err, "excerpt", None),
        hint=f"{getattr(err, 'hint', None) or 'when ready'}; then rerun `kg load` to finish",
    )


def verify(out: Path, store: Store, *, into: str | None = None) -> Verification:
    """Triple counts per graph, here and in the store; staging graphs an interrupted load
    left behind; graphs kg loaded before whose documents are no longer in the build."""
    built = BuiltGraph(out, check_iri(into) if into else None)
    local = built.counts()
    staging = {staging_graph(iri): iri for iri in local}
    remote = store.counts([*local, *staging])
    counts = tuple(GraphCount(iri, n, remote.get(iri, 0)) for iri, n in local.items())
    not_built = [] if into else store.loaded_graphs(built.prefix)
    return Verification(
        counts,
        tuple(sorted(g for g in staging if remote.get(g))),
        tuple(iri for iri in not_built if iri not in local),
    )
