"""What a build writes: the graph in every format (written from its N-Triples and
N-Quads on disk), the validation report, and the build's reports for people and programs.
A graph file that the last build of the same graph left untouched is not written again."""

from __future__ import annotations

import hashlib
import itertools
import json
import tempfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kg.files import Content
from kg.mapping import MappedGraphs
from kg.model import Finding, KnowledgeBase, MatchRule
from kg.rdf.formats import trig_of, turtle, turtle_of
from kg.rdf.jsonld import jsonld
from kg.rdf.pieces import Cut, Notes, subject_runs
from kg.rdf.terms import line_blocks, nquads_graphs, sorted_graphs
from kg.run.cache import key_of
from kg.run.runner import Runner
from kg.text import counted
from kg.validate import ValidationReport
from kg.vocab import prefixes

if TYPE_CHECKING:
    from kg.results import BuildResult


def writers(triple_count: int, workers: int | None) -> int | None:
    """How many processes make the output files: the files are independent, and for a
    large record making them takes as long as validating it."""
    return workers if triple_count >= PARALLEL_WRITE_FROM else 1


PARALLEL_WRITE_FROM = 20_000  # triples: below this, forking writers costs more than it saves


LINKED = ("graph.nt", "graph.nq")  # the graph files that are the scratch files, linked


@dataclass(frozen=True)
class GraphFiles:
    triples: Path  # the union's sorted N-Triples lines (what the validator reads)
    triples_digest: str  # of those lines
    writers: dict[str, Callable[[], Content]]  # the graph's files, by name
    digest: str  # of what they write (the N-Quads, the base, kg's code, pyoxigraph's)


PIECED = ("graph.jsonld", "graph.trig", "graph.ttl")  # the graph files made of pieces


@contextmanager
def graph_files(
    mapped: MappedGraphs,
    base: str,
    folder: Path | None,
    notes: Callable[[str], Path | None] = lambda name: None,
) -> Iterator[GraphFiles]:
    """The graph on disk, and how to write it in every format: what `kg build` and `kg link`
    write into `folder`. The graph's N-Triples and N-Quads are written first, into a scratch
    folder there (or in the system's temporary folder when None), and the validator and each
    writer read them from it (pyoxigraph parses a file as it reads it): a writer holds the
    file it makes, not another copy of the graph (forked, it would copy every page of the
    lines it touched). The slow formats are made in pieces (`kg.rdf.pieces`), whose notes
    for the file of each name are kept where `notes` says: a piece the last build made from
    the same lines is copied from the file it wrote."""
    namespaces = prefixes(base)
    if folder is not None:
        folder.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix=".kg-scratch-", dir=folder) as scratch:
        triples, quads = Path(scratch) / "graph.nt", Path(scratch) / "graph.nq"
        # The bytes follow from the N-Quads, the base, kg's code and pyoxigraph's writers.
        digests = {
            triples: hashlib.sha256(),
            quads: hashlib.sha256(key_of("graph files", base, version("pyoxigraph")).encode()),
        }
        graphs = sorted_graphs(mapped.graphs)
        union = subject_runs(mapped.union_lines)
        del mapped  # on disk soon: its caller may let it go (this frame lives as long as the files)
        starts = {
            triples: written_in_sections(triples, union, digests[triples]),
            quads: written_in_sections(quads, nquads_graphs(graphs), digests[quads]),
        }
        del graphs, union

        def cut(data: Path, name: str) -> Cut:
            return Cut(starts[data], folder / name if folder else None, notes(name))

        writers: dict[str, Callable[[], Content]] = {  # the slowest first, side by side
            "graph.jsonld": lambda: jsonld(triples, base, cut(triples, "graph.jsonld")),
            "graph.trig": lambda: trig_of(quads, namespaces, cut(quads, "graph.trig")),
            "graph.ttl": lambda: turtle_of(triples, namespaces, cut(triples, "graph.ttl")),
            "graph.nt": lambda: triples,  # the scratch files themselves (linked, not copied)
            "graph.nq": lambda: quads,
        }
        yield GraphFiles(triples, digests[triples].hexdigest(), writers, digests[quads].hexdigest())


def written_in_sections(path: Path, sections: Iterable[Iterable[str]], digest: Any) -> list[int]:
    """The sections' lines written into `path` (and `digest`), each ended by a newline;
    the offsets where the sections after the first start."""
    starts: list[int] = []
    position = 0
    with path.open("wb") as stream:
        for section in sections:
            if position:
                starts.append(position)
            for block in line_blocks(section):
                stream.write(block)
                digest.update(block)
                position += len(block)
    return starts


def validation_files(
    report: Callable[[], ValidationReport],
) -> dict[str, Callable[[], Content]]:
    """The validation report (asked for when the files are made), as SHACL's graph in
    Turtle and as a summary for people."""
    return {
        "validation.ttl": lambda: turtle(report().graph),
        "validation.txt": lambda: report().summary().encode("utf-8"),
    }


def build_report(result: BuildResult) -> Iterator[bytes]:
    """The machine-readable report: findings, failed inputs, how each party was resolved;
    written entry by entry (at 10,000 pages, whole, it took 650 MB to make)."""
    kb = result.kb
    report: dict[str, Any] = {
        "documents": ({"name": s.name, "sha256": s.sha256} for s in kb.sources),
        "failures": (
            {"source": e.source, "line": e.line, "error": e.what, "hint": e.hint}
            for e in result.failures
        ),
        "triples": result.triple_count,
        "validation": {
            "conforms": result.validation.conforms,
            "violations": result.validation.count("Violation"),
            "warnings": result.validation.count("Warning"),
            "infos": result.validation.count("Info"),
        },
        "resolution_rules": dict(sorted(Counter(r.rule.value for r in kb.resolutions).items())),
        "findings": (
            {
                "code": f.code,
                "severity": f.severity.value,
                "source": f.source,
                "line": f.line,
                "message": f.message,
                "hint": f.hint,
            }
            for f in kb.findings
        ),
        "resolutions": (
            {
                "mention": r.mention,
                "party": r.party_id,
                "rule": r.rule.value,
                "score": r.score,
                "candidates": [{"party": p, "score": s} for p, s in r.candidates],
            }
            for r in kb.resolutions
        ),
    }
    return readable_json(report)


def readable_json(document: dict[str, Any]) -> Iterator[bytes]:
    """JSON with a key a line, and a line for each entry of a list (or of an iterator,
    read as it is written): readable and diffable, in blocks of lines. Indenting every
    level takes json's slow encoder (seconds for a large record); one encoder writes every
    entry (json.dumps makes one a call)."""
    text = JSON_TEXT
    yield b"{"
    for number, (key, value) in enumerate(document.items()):
        head = f"{',' if number else ''}\n  {text(key)}: "
        if not isinstance(value, list | Iterator):
            yield f"{head}{text(value)}".encode()
            continue
        entries = iter(value)
        first = next(entries, EMPTY)
        if first is EMPTY:
            yield f"{head}[]".encode()
            continue
        yield f"{head}[\n    {text(first)}".encode()
        while block := list(itertools.islice(entries, 5000)):
            yield "".join([f",\n    {text(entry)}" for entry in block]).encode()
        yield b"\n  ]"
    yield b"\n}\n"


EMPTY = object()  # a list's first entry when it has none


JSON_TEXT = json.JSONEncoder(ensure_ascii=False).encode  # as json.dumps(…, ensure_ascii=False)


# The files that hold the graph itself: the same graph (the same N-Quads, base and kg)
# gives the same bytes, so a build that finds them as the last build of that graph left
# them leaves them be (at 10,000 pages, writing them is most of an unchanged rebuild).


def unchanged_graph_files(out: Path, files: GraphFiles, runner: Runner) -> set[str]:
    """The graph files in `out` that the last build of the same graph wrote and nothing
    has touched since (each file as it left it)."""
    stamps = runner.recall("outputs", files.digest)
    return as_left(out, stamps) & files.writers.keys() if isinstance(stamps, dict) else set()


def notes_of(runner: Runner) -> Callable[[str], Path | None]:
    """Where the notes of the pieces of each file made in pieces are kept: in the cache,
    as this build's (so kept by it, even for a file it leaves as it was)."""
    places = {name: runner.cache.place("pieces", f"{name}.notes") for name in PIECED}
    return places.get


def count_pieces(runner: Runner, names: list[str]) -> None:
    """The pieces of the files made in pieces (by the writers, in their processes): copied
    from the last build's files, or made."""
    reused: list[str] = []
    computed: list[str] = []
    for name in names:
        notes = runner.recall("pieces", f"{name}.notes")
        if isinstance(notes, Notes):
            made = set(notes.made)
            for number in range(notes.count):
                (computed if number in made else reused).append(f"{name} piece {number}")
    if reused or computed:
        runner.done_elsewhere("pieces", reused, computed)


def stamp_graph_files(out: Path, files: GraphFiles, runner: Runner) -> None:
    runner.remember("outputs", files.digest, stamps_of(out, files.writers))


Stamp = tuple[int, int, int, int]


def stamps_of(out: Path, names: Iterable[str]) -> dict[str, Stamp | None]:
    return {name: file_stamp(out / name) for name in names}


def as_left(out: Path, stamps: dict[str, Stamp | None]) -> set[str]:
    """The files in `out` that are as their `stamps` say they were left (a file that could
    not be stamped, missing then, is not)."""
    return {
        name for name, stamp in stamps.items()
        if stamp is not None and file_stamp(out / name) == stamp
    }  # fmt: skip


def file_stamp(path: Path) -> Stamp | None:
    """A file as it was left: the same inode, size and times (a copy that keeps the
    modification time, `cp -p`, still changes the inode and the change time)."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns


def report_text(result: BuildResult) -> Iterator[bytes]:
    """The human-readable report: what was built, what failed, what to look at; written a
    block of lines at a time (a large record's findings are tens of megabytes)."""
    kb = result.kb
    lines: Iterable[str] = [
        f"Built {counted(result.documents, 'document')} into "
        f"{counted(result.triple_count, 'triple')}; "
        f"{counted(len(result.failures), 'input')} failed; {counted(len(kb.findings), 'finding')}; "
        f"validation: {'conforms' if result.validation.conforms else 'DOES NOT CONFORM'}.",
    ]
    if result.failures:
        lines = itertools.chain(lines, ["", "Inputs that could not be processed:"])
        lines = itertools.chain(lines, (f"  {err}" for err in result.failures))
    if kb.findings:
        lines = itertools.chain(lines, ["", "Findings (reported, never silently fixed):"])
        lines = itertools.chain(lines, (f"  {format_finding(f)}" for f in kb.findings))
    rules = Counter(r.rule.value for r in kb.resolutions)
    counts = ", ".join(f"{rule} {count}" for rule, count in sorted(rules.items()))
    review = sum(1 for r in kb.resolutions if r.rule in REVIEWED_RULES)
    last = f"Party mentions by resolution rule: {counts}; {review} to review (review.tsv)"
    lines = itertools.chain(lines, ["", last])
    return line_blocks(lines)


REVIEWED_RULES = (MatchRule.UNRESOLVED, MatchRule.FUZZY)


def review_table(kb: KnowledgeBase) -> str:
    """Mentions a person should look at: unresolved ones (kept as provisional parties) and
    close spellings, each with its best registry candidates and their scores."""
    lines = ["document\tline\tmention\trule\tparty\tscore\tcandidates"]
    for r in kb.resolutions:
        if r.rule in REVIEWED_RULES:
            candidates = "; ".join(f"{pid} {score:.2f}" for pid, score in r.candidates)
            mention = r.mention.replace("\t", " ")
            lines.append(
                f"{r.source}\t{r.line or ''}\t{mention}\t{r.rule.value}\t{r.party_id}\t"
                f"{r.score:.3f}\t{candidates}"
            )
    return "\n".join(lines) + "\n"


def format_finding(finding: Finding) -> str:
    text = f"{finding.location()}: {finding.severity.value} [{finding.code}] {finding.message}"
    return f"{text} (hint: {finding.hint})" if finding.hint else text
