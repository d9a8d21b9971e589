"""SPARQL 1.1 over a built graph, on pyoxigraph's embedded store: no server needed.

The store holds the build's named graphs (from its N-Quads: `GRAPH ?g { … }` asks which
page said something) and, as its default graph, their RDF merge (from its N-Triples): each
triple once, however many pages state it, so that counts are right. (A union default graph
would count a triple once per graph that holds it.) The project's prefixes may be used
without declaring them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph as ox

from kg.errors import KgError
from kg.files import built_file
from kg.text import counted
from kg.vocab import DEFAULT_BASE, prefixes

FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
}
DECLARED = re.compile(r"^\s*PREFIX\s+([\w-]*):", re.IGNORECASE | re.MULTILINE)
POSITION = re.compile(r"error at (\d+):(\d+)")


class QuerySyntaxError(KgError):
    """A query the engine cannot read: its message, with line and column in the query."""


@dataclass(frozen=True)
class Answer:
    variables: tuple[str, ...]
    rows: tuple[tuple[ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple | None, ...], ...]
    boolean: bool | None = None
    triples: tuple[ox.Triple, ...] = ()


def open_store(out: Path) -> ox.Store:
    """An in-memory store holding the graph `kg build --out` wrote: its named graphs, and
    their merge as the default graph."""
    named, merged = built_file(out), built_file(out, "graph.nt")
    store = ox.Store()
    store.bulk_load(path=str(named), format=ox.RdfFormat.N_QUADS)
    store.bulk_load(path=str(merged), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    return store


def with_prefixes(query: str, base: str = DEFAULT_BASE) -> tuple[str, int]:
    """The query with the project's PREFIX lines it does not declare itself, and how many
    lines were added (to report positions in the user's own text)."""
    declared = {name.casefold() for name in DECLARED.findall(query)}
    added = [
        f"PREFIX {p}: <{ns}>" for p, ns in prefixes(base).items() if p.casefold() not in declared
    ]
    return "\n".join([*added, query]), len(added)


def execute(store: ox.Store, query: str, base: str, source: str) -> object:
    """The engine's result; a syntax error is a `QuerySyntaxError` at the user's line."""
    text, shift = with_prefixes(query, base)
    try:
        return store.query(text)
    except SyntaxError as err:
        message = str(err)
        position = POSITION.search(message)
        line = int(position.group(1)) - shift if position else None
        column = int(position.group(2)) if position else None
        unknown = undeclared_prefixes(text) if "Prefix not found" in message else []
        if unknown:
            raise QuerySyntaxError(
                f"unknown prefix {', '.join(p + ':' for p in unknown)}",
                source=source,
                line=line,
                hint=f"declare it: PREFIX {unknown[0]}: <…>; the project's own ("
                + ", ".join(prefixes(base))
                + ") need no PREFIX line",
            ) from err
        what = POSITION.sub("", message).strip(" :") or message
        raise QuerySyntaxError(
            f"SPARQL syntax error: {what}",
            source=source,
            line=line,
            column=column,
            hint="see the SPARQL 1.1 grammar; the project's prefixes need no PREFIX line",
        ) from err


# A prefixed name outside IRIs, strings, comments and variables: `foo:` in `?s foo:bar ?o`.
PREFIXED = re.compile(
    r"<[^>\s]*>|\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'|#[^\n]*|[?$]\w+"
    r"|(?<![\w.-])([A-Za-z][\w.-]*)?:"
)


def undeclared_prefixes(text: str) -> list[str]:
    """The prefixes a query uses but neither declares nor gets from kg, in order of use."""
    declared = {name.casefold() for name in DECLARED.findall(text)}
    found: list[str] = []
    for match in PREFIXED.finditer(text):
        name = match.group(1)
        if name is not None and name.casefold() not in declared and name not in found:
            found.append(name)
    return found


def ask(store: ox.Store, query: str, base: str = DEFAULT_BASE, source: str = "query") -> Answer:
    """Run a SPARQL query into an `Answer` (rows, a boolean, or triples)."""
    result = execute(store, query, base, source)
    if isinstance(result, ox.QueryBoolean):
        return Answer((), (), boolean=bool(result))
    if isinstance(result, ox.QuerySolutions):
        variables = tuple(v.value for v in result.variables)
        rows = tuple(tuple(solution[v] for v in variables) for solution in result)
        return Answer(variables, rows)
    assert isinstance(result, ox.QueryTriples)
    return Answer((), (), triples=tuple(result))


def compact(term: object, base: str = DEFAULT_BASE) -> str:
    """A term as people read it: a prefixed name, a literal's text with its language."""
    if term is None:
        return ""
    if isinstance(term, ox.NamedNode):
        for prefix, namespace in sorted(prefixes(base).items(), key=lambda item: -len(item[1])):
            if term.value.startswith(namespace) and "/" not in term.value[len(namespace) :]:
                return f"{prefix}:{term.value[len(namespace) :]}"
        return f"<{term.value}>"
    if isinstance(term, ox.Literal):
        return f"{term.value}@{term.language}" if term.language else term.value
    return str(term)


def table(answer: Answer, base: str = DEFAULT_BASE) -> str:
    if answer.boolean is not None:
        return ("yes" if answer.boolean else "no") + "\n"
    if answer.triples:
        return "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in answer.triples)
    cells = [[compact(term, base) for term in row] for row in answer.rows]
    widths = [max([len(v), *(len(r[i]) for r in cells)]) for i, v in enumerate(answer.variables)]

    def line(values: list[str] | tuple[str, ...]) -> str:
        return "  ".join(v.ljust(w) for v, w in zip(values, widths, strict=True)).rstrip()

    out = [line(answer.variables), line(["-" * w for w in widths]), *(line(r) for r in cells)]
    return "\n".join(out) + f"\n({counted(len(cells), 'row')})\n"


def serialize(
    store: ox.Store, query: str, format_name: str, base: str = DEFAULT_BASE, source: str = "query"
) -> str:
    """The standard SPARQL results formats (CSV, TSV, JSON) as the engine writes them."""
    result = execute(store, query, base, source)
    if isinstance(result, (ox.QueryBoolean, ox.QuerySolutions)):
        written = result.serialize(format=FORMATS[format_name])
        return written.decode("utf-8") if written else ""
    assert isinstance(result, ox.QueryTriples)
    return "".join(f"{t.subject} {t.predicate} {t.object} .\n" for t in result)
