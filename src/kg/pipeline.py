"""The whole job: sources → parse → resolve → map → validate → serialize.

One document that cannot be processed is reported and skipped; the others are still built
and written.

Over 400 lines: the stages' order and their plumbing (cache look-ups, worker
processes) live here with the writers of the build report; the plumbing is due to move to
a runner of its own, which will bring this under 400.
"""

from __future__ import annotations

import gc
import hashlib
import json
import logging
import resource
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from importlib.metadata import version
from pathlib import Path
from typing import Any, Literal

from rdflib import Graph

from kg.assemble import assemble
from kg.cache import BuildCache, key_of
from kg.errors import InputError
from kg.files import Content, file_blocks, remove_stale_temporaries, write_all_atomically
from kg.limits import DEFAULT_LIMITS, Limits
from kg.mapping import MappedGraphs, to_graphs
from kg.model import Finding, KnowledgeBase, MatchRule, ParsedDocument
from kg.parse import parse_document
from kg.parse.context import standard_context
from kg.parse.languages import whole_model
from kg.progress import Progress
from kg.rdf.formats import trig_of, turtle, turtle_of
from kg.rdf.jsonld import jsonld
from kg.rdf.terms import line_blocks, nquads_lines
from kg.resolve.parties import PartyResolver
from kg.resolve.places import Gazetteer
from kg.resolve.registry import REGISTRY, Registry
from kg.sources import BUNDLED_EXAMPLE, read_document, sidecar
from kg.text import counted
from kg.validate import ValidationReport, validate_file
from kg.vocab import DEFAULT_BASE, prefixes

log = logging.getLogger(__name__)

SOURCE_SUFFIXES = (".txt", ".html", ".htm")


@dataclass
class BuildResult:
    kb: KnowledgeBase
    mapped: MappedGraphs
    validation: ValidationReport
    failures: list[InputError] = field(default_factory=list)
    written: list[Path] = field(default_factory=list)
    timings: dict[str, StageTime] = field(default_factory=dict)

    @property
    def documents(self) -> int:
        return len(self.kb.sources)

    @property
    def graph(self) -> Graph:
        """The union of the named graphs: the graph of the build."""
        return self.mapped.union


def collect_sources(paths: Sequence[Path], skip: Path | None = None) -> list[tuple[Path, str]]:
    """Each input file with the name it is known by: a folder's files (sorted, for a stable
    order) by their path inside it, so that `a/page.txt` and `b/page.txt` stay two documents.
    Hidden folders and the output folder are skipped."""
    found: list[tuple[Path, str]] = []
    skipped = skip.resolve() if skip else None
    for path in paths:
        if not path.is_dir():
            found.append((path, path.name))
            continue
        for file in sorted(path.rglob("*")):
            inside = file.relative_to(path)
            if file.suffix.lower() not in SOURCE_SUFFIXES or not file.is_file():
                continue
            if any(part.startswith(".") for part in inside.parts):
                continue
            if skipped and skipped in file.resolve().parents:
                continue
            found.append((file, inside.as_posix()))
    return found


def parse_sources(
    paths: Sequence[Path],
    skip: Path | None = None,
    workers: int | None = None,
    cache: BuildCache | None = None,
    registry: Path = REGISTRY,
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[list[ParsedDocument], list[InputError]]:
    documents: list[ParsedDocument] = []
    failures: list[InputError] = []
    inputs = collect_sources(paths, skip)
    if not inputs:
        shown = ", ".join(str(p) for p in paths)
        failure = InputError(
            f"no source files found in {shown}",
            hint=f"give page files ({', '.join(SOURCE_SUFFIXES)}) or folders holding them",
        )
        log.error("%s", failure)
        failures.append(failure)
    for parsed in parse_all(inputs, workers, cache, registry, limits):
        if isinstance(parsed, InputError):
            log.error("%s", parsed)
            failures.append(parsed)
        else:
            documents.append(parsed)
    return documents, failures


PARALLEL_FROM = 40  # documents: below this, starting worker processes costs more than it saves


def parse_all(
    inputs: list[tuple[Path, str]],
    workers: int | None,
    cache: BuildCache | None = None,
    registry: Path = REGISTRY,
    limits: Limits = DEFAULT_LIMITS,
) -> list[ParsedDocument | InputError]:
    """Each input parsed (or its error), in input order. A page whose file (and fetch
    metadata) did not change since the last build is taken from the cache; documents are
    independent, so with many of them the others are parsed in worker processes."""
    registry_bytes = registry.read_bytes()

    def prepare() -> None:  # read once here, shared by the forked workers
        whole_model()
        standard_context(registry)

    return (cache or BuildCache(None)).computed(
        "parse",
        [parse_key(path, name, registry_bytes, limits) for path, name in inputs],
        parse_one,
        [(path, name, registry, limits) for path, name in inputs],
        workers,
        parallel=lambda left: len(left) >= PARALLEL_FROM,
        what="parsing the pages",
        prepare=prepare,
    )


def parse_key(
    path: Path, name: str, registry: bytes, limits: Limits = DEFAULT_LIMITS
) -> str | None:
    """What a page's parse depends on: its name, place, bytes and fetch metadata, the
    registry (which tells a party's name from a title's words) and the code; None when the
    file cannot be read (parsing it reports why)."""
    try:
        data = path.read_bytes()
        metadata = sidecar(path).read_bytes() if sidecar(path).exists() else b""
    except OSError:
        return None
    return key_of("parse", name, str(path.resolve()), data, metadata, registry, repr(limits))


def parse_one(
    path: Path, name: str, registry: Path = REGISTRY, limits: Limits = DEFAULT_LIMITS
) -> ParsedDocument | InputError:
    """One page, or the error that stops it; an unexpected failure is reported against
    the page (the others are still built) rather than ending the build."""
    try:
        source = read_document(path, name, limits.page_bytes)
        return parse_document(source, standard_context(registry), limits)
    except InputError as err:
        return err
    except Exception as err:
        return InputError(
            f"the page could not be parsed: {type(err).__name__}: {err}",
            source=name,
            hint="this is a bug in kg: please report it with the page",
        )


CACHE_FOLDER = ".kg-cache"  # inside the output folder


def build(
    sources: Sequence[Path] = (),
    out: Path = Path("output"),
    base: str = DEFAULT_BASE,
    workers: int | None = None,
    registry: Path = REGISTRY,
    cache: Path | Literal["default"] | None = "default",
    progress: Progress | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> BuildResult:
    """Build the graph of `sources` (the bundled example when none) and write it into `out`,
    parsing and writing in `workers` processes (one per core by default). What did not
    change since the last build is taken from `cache` (`out/.kg-cache` by default; None
    keeps no cache). The output is the same whatever the workers and the cache; `progress`
    is told how each stage goes."""
    stopwatch = Stopwatch()
    if out.is_dir():  # what a killed build left: its half-done renames, its temporaries
        for stale in remove_stale_temporaries(out):
            log.info("removed %s, left by an interrupted build", stale)
    folder = out / CACHE_FOLDER if cache == "default" else cache
    build_cache = BuildCache(folder, progress)
    with stopwatch("parse"):
        sources = list(sources) or [BUNDLED_EXAMPLE]
        try:
            documents, failures = parse_sources(
                sources, out, workers, build_cache, registry, limits
            )
        finally:  # its resolver remembers every name it met: one build's, not a process's
            standard_context.cache_clear()
    with stopwatch("resolve"):
        kb = resolved(documents, registry, build_cache)
    # The record holds what the pages say; the pages as parsed (their lines, their text
    # once more) need not stay in memory through mapping and writing.
    built_any, documents = bool(documents), []
    with collector_spares_what_exists():
        return write_build(kb, built_any, failures, out, base, workers, build_cache, stopwatch)


def resolved(
    documents: list[ParsedDocument], registry_file: Path, build_cache: BuildCache
) -> KnowledgeBase:
    """The documents assembled into one record, their mentions resolved. What the resolver
    learnt (each mention read against the registry) is kept for the next build, keyed by the
    registry's bytes: the same spellings come back, and reading a new one costs
    milliseconds. Resolving a mention depends on nothing else, so the record is the same."""
    registry = Registry.load(registry_file)
    gazetteer = Gazetteer()
    resolver = PartyResolver(registry, gazetteer)
    key = key_of("resolver", registry_file.read_bytes())
    known = build_cache.get("resolver", key)
    if known is not None:
        resolver.resolved, resolver.stated = known
    sizes = (len(resolver.resolved), len(resolver.stated))
    kb = assemble(documents, registry, gazetteer, resolver)
    if known is None or sizes != (len(resolver.resolved), len(resolver.stated)):
        build_cache.put("resolver", key, (resolver.resolved, resolver.stated))
    return kb


@contextmanager
def collector_spares_what_exists() -> Iterator[None]:
    """The record lives to the end of the build: spare the garbage collector rescanning its
    millions of objects while mapping and writing allocate millions more (a quarter of
    their time at 10k pages). Unfrozen after, so that a later collection can free them."""
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()


def write_build(
    kb: KnowledgeBase,
    built_any: bool,
    failures: list[InputError],
    out: Path,
    base: str,
    workers: int | None,
    build_cache: BuildCache,
    stopwatch: Stopwatch,
) -> BuildResult:
    """Map, validate and write a resolved record."""
    with stopwatch("map"):
        build_cache.progress.begin("map", len(kb.sources))
        mapped = to_graphs(kb, base, build_cache)
        build_cache.progress.end("map")
    log.info(
        "mapped %s to %s in %s",
        counted(len(kb.sources), "document"), counted(mapped.triple_count, "triple"),
        counted(len(mapped.graphs), "named graph"),
    )  # fmt: skip
    with ExitStack() as scratch:
        with stopwatch("validate"):  # the graph's lines on disk: the validator reads them too
            files = scratch.enter_context(graph_files(mapped, base, out if built_any else None))
            report = validate_file(files.triples, base, build_cache, files.triples_digest)
        result = BuildResult(kb, mapped, report, failures, timings=stopwatch.stages)
        with stopwatch("serialize"):
            if not built_any:  # no document built: keep whatever a previous build wrote
                log.error("no document could be built; nothing written to %s", out)
                return result
            current = unchanged_graph_files(out, files, build_cache)
            outputs = {
                **{name: make for name, make in files.writers.items() if name not in current},
                **validation_files(report),
                "report.json": lambda: build_report(result).encode("utf-8"),
                "report.txt": lambda: report_text(result).encode("utf-8"),
                "review.tsv": lambda: review_table(kb).encode("utf-8"),
            }
            result.written.extend(write_all_atomically(out, outputs, writers(mapped, workers)))
            result.written.extend(out / name for name in sorted(current))
            stamp_graph_files(out, files, build_cache)
            build_cache.prune()
    return result


# The files that hold the graph itself: the same graph (the same N-Quads, base and kg)
# gives the same bytes, so a build that finds them as the last build of that graph left
# them leaves them be (at 10,000 pages, writing them is most of an unchanged rebuild).


def unchanged_graph_files(out: Path, files: GraphFiles, cache: BuildCache) -> set[str]:
    """The graph files in `out` that the last build of the same graph wrote and nothing
    has touched since (each file as it left it)."""
    stamps = cache.get("outputs", files.digest)
    if not isinstance(stamps, dict):
        return set()
    return {name for name in files.writers if stamps.get(name) == file_stamp(out / name)}


def stamp_graph_files(out: Path, files: GraphFiles, cache: BuildCache) -> None:
    cache.keep("outputs", files.digest, {name: file_stamp(out / name) for name in files.writers})


def file_stamp(path: Path) -> tuple[int, int, int, int] | None:
    """A file as it was left: the same inode, size and times (a copy that keeps the
    modification time, `cp -p`, still changes the inode and the change time)."""
    try:
        status = path.stat()
    except OSError:
        return None
    return status.st_ino, status.st_size, status.st_mtime_ns, status.st_ctime_ns


@dataclass(frozen=True)
class StageTime:
    wall: float
    cpu: float  # this process and its children


class Stopwatch:
    """Wall and CPU seconds of named stages: `with stopwatch("parse"): …`."""

    def __init__(self) -> None:
        self.stages: dict[str, StageTime] = {}

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        wall, cpu = time.perf_counter(), cpu_seconds()
        try:
            yield
        finally:
            self.stages[stage] = StageTime(time.perf_counter() - wall, cpu_seconds() - cpu)


def cpu_seconds() -> float:
    own, children = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def report_text(result: BuildResult) -> str:
    """The human-readable report: what was built, what failed, what to look at."""
    kb = result.kb
    lines = [
        f"Built {counted(len(kb.sources), 'document')} into "
        f"{counted(result.mapped.triple_count, 'triple')}; "
        f"{counted(len(result.failures), 'input')} failed; {counted(len(kb.findings), 'finding')}; "
        f"validation: {'conforms' if result.validation.conforms else 'DOES NOT CONFORM'}.",
    ]
    if result.failures:
        lines += ["", "Inputs that could not be processed:"]
        lines += [f"  {err}" for err in result.failures]
    if kb.findings:
        lines += ["", "Findings (reported, never silently fixed):"]
        lines += [f"  {format_finding(f)}" for f in kb.findings]
    rules = Counter(r.rule.value for r in kb.resolutions)
    counts = ", ".join(f"{rule} {count}" for rule, count in sorted(rules.items()))
    review = sum(1 for r in kb.resolutions if r.rule in REVIEWED_RULES)
    lines += ["", f"Party mentions by resolution rule: {counts}; {review} to review (review.tsv)"]
    return "\n".join(lines) + "\n"


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


def writers(mapped: MappedGraphs, workers: int | None) -> int | None:
    """How many processes make the output files: the files are independent, and for a
    large record making them takes as long as validating it."""
    return workers if mapped.triple_count >= PARALLEL_WRITE_FROM else 1


PARALLEL_WRITE_FROM = 20_000  # triples: below this, forking writers costs more than it saves


@dataclass(frozen=True)
class GraphFiles:
    triples: Path  # the union's sorted N-Triples lines (what the validator reads)
    triples_digest: str  # of those lines
    writers: dict[str, Callable[[], Content]]  # the graph's files, by name
    digest: str  # of what they write (the N-Quads, the base, kg's code, pyoxigraph's)


@contextmanager
def graph_files(mapped: MappedGraphs, base: str, folder: Path | None) -> Iterator[GraphFiles]:
    """The graph on disk, and how to write it in every format: what `kg build` and `kg link`
    write into `folder`. The graph's N-Triples and N-Quads are written first, into a scratch
    folder there (or in the system's temporary folder when None), and the validator and each
    writer read them from it (pyoxigraph parses a file as it reads it): a writer holds the
    file it makes, not another copy of the graph (forked, it would copy every page of the
    lines it touched)."""
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
        for path, lines in ((triples, mapped.union_lines), (quads, nquads_lines(mapped.graphs))):
            with path.open("wb") as stream:
                for block in line_blocks(lines):
                    stream.write(block)
                    digests[path].update(block)
        writers: dict[str, Callable[[], Content]] = {  # the slowest first, side by side
            "graph.jsonld": lambda: jsonld(triples, base),
            "graph.trig": lambda: trig_of(quads, namespaces),
            "graph.ttl": lambda: turtle_of(triples, namespaces),
            "graph.nt": lambda: file_blocks(triples),
            "graph.nq": lambda: file_blocks(quads),
        }
        yield GraphFiles(triples, digests[triples].hexdigest(), writers, digests[quads].hexdigest())


def validation_files(report: ValidationReport) -> dict[str, Callable[[], Content]]:
    """The validation report, as SHACL's graph in Turtle and as a summary for people."""
    return {
        "validation.ttl": lambda: turtle(report.graph),
        "validation.txt": lambda: report.summary().encode("utf-8"),
    }


def build_report(result: BuildResult) -> str:
    """The machine-readable report: findings, failed inputs, how each party was resolved."""
    kb = result.kb
    report: dict[str, Any] = {
        "documents": [{"name": s.name, "sha256": s.sha256} for s in kb.sources],
        "failures": [
            {"source": e.source, "line": e.line, "error": e.what, "hint": e.hint}
            for e in result.failures
        ],
        "triples": result.mapped.triple_count,
        "validation": {
            "conforms": result.validation.conforms,
            "violations": result.validation.count("Violation"),
            "warnings": result.validation.count("Warning"),
            "infos": result.validation.count("Info"),
        },
        "resolution_rules": dict(sorted(Counter(r.rule.value for r in kb.resolutions).items())),
        "findings": [
            {
                "code": f.code,
                "severity": f.severity.value,
                "source": f.source,
                "line": f.line,
                "message": f.message,
                "hint": f.hint,
            }
            for f in kb.findings
        ],
        "resolutions": [
            {
                "mention": r.mention,
                "party": r.party_id,
                "rule": r.rule.value,
                "score": r.score,
                "candidates": [{"party": p, "score": s} for p, s in r.candidates],
            }
            for r in kb.resolutions
        ],
    }
    return readable_json(report)


def readable_json(document: dict[str, Any]) -> str:
    """JSON with a key a line, and a line for each entry of a list: readable and diffable.
    Indenting every level takes json's slow encoder (seconds for a large record)."""

    def text(value: object) -> str:
        return json.dumps(value, ensure_ascii=False)

    parts = []
    for key, value in document.items():
        if isinstance(value, list) and value:
            entries = ",\n".join(f"    {text(entry)}" for entry in value)
            parts.append(f"  {text(key)}: [\n{entries}\n  ]")
        else:
            parts.append(f"  {text(key)}: {text(value)}")
    return "{\n" + ",\n".join(parts) + "\n}\n"
