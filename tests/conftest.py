"""Shared fixtures: the sample page parsed, resolved and built once per session."""

from __future__ import annotations

import functools
import hashlib
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from rdflib import Graph

from kg.model import ParsedDocument, SourceDocument
from kg.parse import parse_document
from kg.pipeline import BuildResult, build
from kg.resolve.parties import PartyResolver
from kg.resolve.places import Gazetteer
from kg.resolve.registry import Registry
from kg.sources import BUNDLED_EXAMPLE, read_document

PROJECT = Path(__file__).resolve().parents[1]
# A small Party-Facts-shaped table written for the test parties (tests/data/partyfacts/README.md).
PARTYFACTS = PROJECT / "tests" / "data" / "partyfacts"
SAMPLE_TEXT = BUNDLED_EXAMPLE.read_text(encoding="utf-8")


def source(text: str, name: str = "variant.txt") -> SourceDocument:
    """A document made in the test, as if read from a file."""
    return SourceDocument(name, f"/tests/{name}", hashlib.sha256(text.encode()).hexdigest(), text)


def sample_variant(old: str, new: str) -> str:
    """The sample page with one piece of text changed."""
    assert old in SAMPLE_TEXT, f"{old!r} is not in the sample"
    return SAMPLE_TEXT.replace(old, new)


@pytest.fixture(scope="session")
def sample() -> ParsedDocument:
    return parse_document(read_document(BUNDLED_EXAMPLE))


@pytest.fixture(scope="session")
def registry() -> Registry:
    return Registry.load()


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return Gazetteer()


@pytest.fixture(scope="session")
def resolver(registry: Registry, gazetteer: Gazetteer) -> PartyResolver:
    return PartyResolver(registry, gazetteer)


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    """The bundled example built into a temporary output folder."""
    return build([], tmp_path_factory.mktemp("output"))


@contextmanager
def loopback(handler: Callable[..., BaseHTTPRequestHandler]) -> Iterator[str]:
    """An HTTP server on a free loopback port answering with `handler`; yields its root URL."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


@functools.cache
def shapes_graph() -> Graph:
    """The shapes as rdflib reads them: what the tests hand pySHACL, the reference engine."""
    from kg.validate import SHAPES_FILE

    return Graph().parse(SHAPES_FILE, format="turtle")
