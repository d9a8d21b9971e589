"""The written files: re-read by independent parsers as the same graph, byte-identical on
a second run, only the prefixes they use, JSON-LD readable offline."""

from __future__ import annotations

import io
import json
import logging
import os
import re
import subprocess
import sys
from pathlib import Path

import pyoxigraph
import pytest
from pyld import jsonld
from rdflib import Graph
from rdflib.compare import graph_diff, isomorphic, to_isomorphic

from kg.files import write_all_atomically
from kg.pipeline import BuildResult, build
from kg.rdf import formats, terms
from kg.rdf import jsonld as linked_data
from kg.rdf.jsonld import jsonld_context

PROJECT = Path(__file__).resolve().parents[1]
OUTPUTS = ("graph.ttl", "graph.jsonld", "graph.nt", "validation.ttl", "validation.txt")


def assert_same_graph(expected: Graph, actual: Graph) -> None:
    """Isomorphic, or an error that prints the triples that differ."""
    if not isomorphic(expected, actual):
        _, only_expected, only_actual = graph_diff(to_isomorphic(expected), to_isomorphic(actual))

        def show(graph: Graph) -> str:
            return "\n  ".join(sorted(" ".join(n.n3() for n in t) for t in graph)[:10])

        raise AssertionError(
            f"graphs differ\nonly expected:\n  {show(only_expected)}\n"
            f"only actual:\n  {show(only_actual)}"
        )


def oxigraph_graph(path: Path, rdf_format: pyoxigraph.RdfFormat) -> Graph:
    """Parse with pyoxigraph (an independent parser), hand the triples to rdflib to compare."""
    quads = pyoxigraph.parse(path=str(path), format=rdf_format)
    nt = "".join(f"{q.subject} {q.predicate} {q.object} .\n" for q in quads)
    return Graph().parse(data=nt, format="nt")


def test_turtle_read_by_oxigraph_is_the_graph(built: BuildResult) -> None:
    out = built.written[0].parent
    assert_same_graph(built.graph, oxigraph_graph(out / "graph.ttl", pyoxigraph.RdfFormat.TURTLE))


def test_ntriples_read_by_oxigraph_is_the_graph(built: BuildResult) -> None:
    out = built.written[0].parent
    nt = oxigraph_graph(out / "graph.nt", pyoxigraph.RdfFormat.N_TRIPLES)
    assert_same_graph(built.graph, nt)


def test_jsonld_read_by_pyld_is_the_graph(built: BuildResult) -> None:
    document = json.loads((built.written[0].parent / "graph.jsonld").read_text(encoding="utf-8"))
    nquads = jsonld.to_rdf(document, {"format": "application/n-quads"})
    assert_same_graph(built.graph, Graph().parse(data=nquads, format="nt"))


def test_jsonld_has_its_context_inline_with_language_maps(built: BuildResult) -> None:
    document = json.loads((built.written[0].parent / "graph.jsonld").read_text(encoding="utf-8"))
    assert isinstance(document["@context"], dict)  # nothing to fetch: readable offline
    ids = [node["@id"] for node in document["@graph"]]
    assert ids == sorted(ids)
    party = next(n for n in document["@graph"] if n["@id"] == "party:gr-kke")
    assert party["prefLabel"]["en"] == "Communist Party of Greece"
    assert "el" in party["prefLabel"]


def test_the_context_file_in_the_project_is_the_one_embedded() -> None:
    kept = json.loads((PROJECT / "ontology" / "context.jsonld").read_text(encoding="utf-8"))
    assert kept == {"@context": jsonld_context()}


def test_turtle_binds_only_the_prefixes_it_uses(built: BuildResult) -> None:
    text = (built.written[0].parent / "graph.ttl").read_text(encoding="utf-8")
    declared = [
        line.split()[1].rstrip(":") for line in text.splitlines() if line.startswith("PREFIX")
    ]
    body = text.split("\n\n", 1)[1]
    for prefix in declared:
        assert f"{prefix}:" in body, f"prefix {prefix} declared but unused"
    assert "ns1:" not in text and "sh:" not in declared


def test_ntriples_are_sorted_lines(built: BuildResult) -> None:
    lines = (built.written[0].parent / "graph.nt").read_text(encoding="utf-8").splitlines()
    assert lines == sorted(lines) and len(lines) == len(built.graph)


def test_a_second_run_is_byte_identical(tmp_path: Path, built: BuildResult) -> None:
    first = built.written[0].parent
    build([], tmp_path)
    for name in OUTPUTS:
        assert (first / name).read_bytes() == (tmp_path / name).read_bytes(), name


def test_identical_across_processes_with_other_hash_seeds(
    tmp_path: Path, built: BuildResult
) -> None:
    first = built.written[0].parent
    for seed in ("1", "2"):
        out = tmp_path / seed
        environment = {**os.environ, "PYTHONHASHSEED": seed}
        subprocess.run(
            [sys.executable, "-m", "kg", "build", "-q", "--out", str(out)],
            check=True, env=environment, capture_output=True,
        )  # fmt: skip
        for name in OUTPUTS:
            assert (first / name).read_bytes() == (out / name).read_bytes(), name


def test_no_temporary_files_are_left_behind(built: BuildResult) -> None:
    out = built.written[0].parent
    leftovers = [p.name for p in out.rglob("*") if p.name.endswith(".tmp")]
    assert leftovers == []
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == [".kg-cache"]


def test_validation_report_has_no_blank_nodes(built: BuildResult) -> None:
    report = Graph().parse(built.written[0].parent / "validation.ttl")
    assert len(report) > 0
    assert "_:" not in (built.written[0].parent / "validation.ttl").read_text(encoding="utf-8")


def test_the_base_iri_is_configurable(tmp_path: Path) -> None:
    result = build([], tmp_path, base="https://example.org/kg/")
    subjects = {str(s) for s in result.graph.subjects()}
    assert all(s.startswith("https://example.org/kg/") for s in subjects)
    assert result.validation.conforms


@pytest.mark.parametrize("workers", [1, 2, 3])
def test_a_failure_while_writing_the_outputs_leaves_every_file_as_it_was(
    tmp_path: Path, workers: int, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "a.ttl").write_bytes(b"old a")

    def broken() -> bytes:
        raise OSError(28, "disk full")

    parent = os.getpid()

    def killed_in_a_worker() -> bytes:
        if os.getpid() != parent:
            os._exit(9)  # a worker that dies without a word (out of memory, killed)
        return b"made here"

    many = {f"{n}.nt": (lambda n=n: str(n).encode() * 100_000) for n in range(5)}
    with pytest.raises(OSError, match="disk full"):
        write_all_atomically(tmp_path, {"a.ttl": lambda: b"new a", "b.ttl": broken}, workers)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.ttl"]
    assert (tmp_path / "a.ttl").read_bytes() == b"old a"
    if workers > 1:  # all written again, one at a time in this process
        with caplog.at_level(logging.WARNING):
            write_all_atomically(tmp_path, {**many, "b.ttl": killed_in_a_worker}, workers)
        assert "ended with code 9" in caplog.text
        assert (tmp_path / "b.ttl").read_bytes() == b"made here"
        assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["a.ttl", "b.ttl", *many])
        (tmp_path / "b.ttl").unlink()
    files = {"a.ttl": lambda: b"new a", "b.ttl": lambda: b"b", **many}
    written = write_all_atomically(tmp_path, files, workers)
    assert [p.name for p in written] == list(files)
    assert [p.read_bytes() for p in written] == [make() for make in files.values()]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(files)


def test_a_file_already_on_disk_is_linked_to_its_name_or_copied_where_links_fail(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The graph's N-Triples and N-Quads are the scratch files the writers read: linked to
    their names in the output (hundreds of megabytes not copied), copied where the file
    system has no links; the scratch file gone, the output stays."""
    scratch = tmp_path / "scratch.nt"
    scratch.write_bytes(b"<https://a/1> <https://p/x> <https://a/2> .\n")
    out = tmp_path / "out"
    (written,) = write_all_atomically(out, {"graph.nt": lambda: scratch})
    assert written.read_bytes() == scratch.read_bytes()
    assert written.stat().st_ino == scratch.stat().st_ino  # one file, two names
    scratch.unlink()
    assert written.read_bytes().startswith(b"<https://a/1>")

    scratch.write_bytes(b"copied\n")

    def no_links(source: object, target: object) -> None:
        raise OSError(18, "Invalid cross-device link")

    monkeypatch.setattr(os, "link", no_links)
    (written,) = write_all_atomically(out, {"graph.nt": lambda: scratch})
    assert written.read_bytes() == b"copied\n"
    assert written.stat().st_ino != scratch.stat().st_ino
    assert sorted(p.name for p in out.iterdir()) == ["graph.nt"]  # no temporaries left


def test_jsonld_writes_each_node_once_or_says_the_lines_are_not_sorted() -> None:
    lines = ['<https://a/1> <https://p/x> "1" .', '<https://a/2> <https://p/x> "2" .']
    document = json.loads(b"".join(linked_data.jsonld(terms.joined(lines))))
    assert [node["@id"] for node in document["@graph"]] == ["https://a/1", "https://a/2"]
    with pytest.raises(ValueError, match="not adjacent"):
        b"".join(linked_data.jsonld(terms.joined([*lines, '<https://a/1> <https://p/x> "3" .'])))


@pytest.mark.parametrize("size", [1, 2, 3, 7, 4096])
def test_the_body_is_spaced_the_same_whatever_pieces_pyoxigraph_writes(size: int) -> None:
    written = (
        b"@prefix a: <https://a/> .\n@prefix b: <https://b/> .\n"
        b"a:g {\n\ta:s\n\t\ta:p a:o ;\n\t\ta:q b:x\\/y .\n\ta:t\n\t\ta:p rdf:y .\n}\n"
        b"a:h {\n\ta:u\n\t\ta:p a:o .\n}\n"
    )
    trig = re.compile(rb"\n(?=[^\t\n}]|\t[^\t}])")
    whole = b"\n".join(written.split(b"\n")[2:])
    expected = trig.sub(b"\n\n", whole).replace(b"b:x\\/y", b"<https://b/x/y>")
    kept = io.BytesIO()
    namespaces = {"a": "https://a/", "b": "https://b/"}
    body = formats.SpacedBody(kept, trig, [b"rdf:", b"xsd:"], namespaces)
    for start in range(0, len(written), size):
        body.write(written[start : start + size])
    body.finish()
    assert kept.getvalue() == expected
    assert expected.count(b"\n\n") == 4  # before each subject, and the second graph
    assert body.used == {b"rdf:"}


def test_only_names_with_escapes_are_written_in_full_on_any_line() -> None:
    """Names with escapes on the first line, the last, two on one line, several escapes in
    one name; a string that holds `b:x\\/y` as text, and names without escapes, stay."""
    written = (
        b"@prefix b: <https://b/> .\n"
        b"b:a\\#b b:p b:c\\/d\\/e , b:plain ;\n"
        b'\tb:q "see b:x\\\\/y and b:z" .\n'
        b"b:s b:p b:t .\n"
        b"b:u b:p b:last\\~one ."
    )
    kept = io.BytesIO()
    body = formats.SpacedBody(kept, re.compile(rb"\n(?=[^\t\n])"), [], {"b": "https://b/"})
    body.write(written)
    body.finish()
    assert kept.getvalue() == (
        b"<https://b/a#b> b:p <https://b/c/d/e> , b:plain ;\n"
        b'\tb:q "see b:x\\\\/y and b:z" .\n\n'
        b"b:s b:p b:t .\n\n"
        b"b:u b:p <https://b/last~one> ."
    )


def test_a_build_leaves_no_scratch_files(tmp_path: Path) -> None:
    out = tmp_path / "out"
    build(out=out)
    assert not list(out.glob(".kg-scratch-*"))
    assert (out / "graph.ttl").read_bytes().startswith(b"PREFIX ")


def test_every_property_kg_writes_has_a_term_in_the_context() -> None:
    """Each property the mapping can write (its source names them as `NS.term`) has a JSON-LD
    term, so that graph.jsonld never falls back to full IRIs for some of them."""
    import re

    from kg import mapping, vocab

    context = jsonld_context()
    namespaces = vocab.prefixes()
    termed = set()
    for value in context.values():
        iri = value if isinstance(value, str) else value.get("@id", "")
        prefix, _, local = iri.partition(":")
        termed.add(namespaces.get(prefix, prefix + ":") + local)
    spelled = {"DCTERMS": "dct", "SCHEMA": "schema", "KG": "kg", "PAV": "pav", "PROV": "prov",
               "RDFS": "rdfs", "SKOS": "skos", "VOID": "void", "OWL": "owl"}  # fmt: skip
    source = Path(mapping.__file__).read_text(encoding="utf-8")
    written = {
        namespaces[spelled[ns]] + name
        for ns, name in re.findall(r"\b([A-Z]+)\.([a-z]\w*)\b", source)
        if ns in spelled
    }
    assert len(written) > 30
    assert written - termed == set()


def test_turtle_writes_no_escaped_names(tmp_path: Path) -> None:
    """`place:gr\\/athens` is valid Turtle but unreadable: such IRIs are written in full, and
    the file still says exactly what the N-Triples say."""
    from rdflib.compare import isomorphic

    from kg.pipeline import build

    build([PROJECT / "tests" / "corpus"], tmp_path)
    for name in ("graph.ttl", "graph.trig"):
        text = (tmp_path / name).read_text(encoding="utf-8")
        assert "\\/" not in text and "\\(" not in text, name
        assert "<https://w3id.org/imcwp/place/gr/athens>" in text, name
    turtle = Graph().parse(tmp_path / "graph.ttl", format="turtle")
    assert isomorphic(turtle, Graph().parse(tmp_path / "graph.nt", format="nt"))
    text = (tmp_path / "graph.ttl").read_text(encoding="utf-8")
    body = text.split("\n\n", 1)[1]
    for line in text.splitlines():
        if line.startswith("PREFIX"):
            assert f"{line.split()[1]}" in body, f"{line} declared but unused"


def test_country_names_are_as_people_write_them(tmp_path: Path) -> None:
    from kg.resolve.places import Gazetteer
    from kg.resolve.registry import Registry

    gazetteer = Gazetteer()
    countries = {p.country for p in Registry.load().parties.values()}
    for code in sorted(countries):
        for language, name in gazetteer.country_names[code].items():
            assert ", " not in name and " (" not in name, (code, language, name)
    assert gazetteer.country_names["PS"]["en"] == "Palestine"
    assert gazetteer.country_names["RU"]["ru"] == "Россия"
    assert gazetteer.country_names["RU"]["fr"] == "Russie"
    assert gazetteer.country_code("Palestine, State of") == "PS"  # ISO's names are still read


def test_the_term_memo_forgets_when_full_and_still_writes_each_term_right() -> None:
    from rdflib import Literal as RdfLiteral
    from rdflib import URIRef as RdfIri

    from kg.rdf.terms import NTriplesTerms, literal

    term = NTriplesTerms(most=2)
    iris = [RdfIri(f"https://a/{n}") for n in range(5)]
    assert [term(i) for i in iris * 2] == [f"<https://a/{n}>" for n in range(5)] * 2
    assert len(term.iris) <= 2  # forgot, and began again
    texts = [literal("a"), literal("b", lang="el"), literal(3), RdfLiteral("c")]
    assert [term(t) for t in texts * 2] == ['"a"', '"b"@el', TYPED_3, '"c"'] * 2
    assert len(term.literals) <= 2


TYPED_3 = '"3"^^<http://www.w3.org/2001/XMLSchema#integer>'


def test_a_file_written_atomically_gets_the_umasks_permissions(tmp_path: Path) -> None:
    from kg.files import write_atomically

    mask = os.umask(0o027)
    try:
        write_atomically(tmp_path / "sub" / "file.txt", b"x", durable=False)
    finally:
        os.umask(mask)
    assert (tmp_path / "sub" / "file.txt").stat().st_mode & 0o777 == 0o640
    assert [p.name for p in (tmp_path / "sub").iterdir()] == ["file.txt"]
