"""The whole job: sources → parse → resolve → map → validate → serialize.

One document that cannot be processed is reported and skipped; the others are still built
and written.
"""

from __future__ import annotations

import json
import logging
import os
import resource
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rdflib import Graph

from kg.assemble import assemble
from kg.errors import InputError
from kg.mapping import MappedGraphs, to_graphs
from kg.model import Finding, KnowledgeBase, MatchRule, ParsedDocument
from kg.parse import parse_document
from kg.resolve.places import Gazetteer
from kg.resolve.registry import Registry
from kg.serialize import jsonld, nquads, ntriples, trig, turtle, write_atomically
from kg.sources import BUNDLED_EXAMPLE, read_document
from kg.validate import ValidationReport, validate
from kg.vocab import DEFAULT_BASE

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
    paths: Sequence[Path], skip: Path | None = None, workers: int | None = None
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
    for (_, name), parsed in zip(inputs, parse_all(inputs, workers), strict=True):
        if isinstance(parsed, InputError):
            log.error("%s", parsed)
            failures.append(parsed)
        else:
            documents.append(parsed)
            log.info("parsed %s", name)
    return documents, failures


PARALLEL_FROM = 40  # documents: below this, starting worker processes costs more than it saves


def parse_all(
    inputs: list[tuple[Path, str]], workers: int | None
) -> list[ParsedDocument | InputError]:
    """Each input parsed (or its error), in input order; documents are independent, so
    with many of them they are parsed in worker processes, one per usable core by default.
    A pool that breaks (a worker killed, out of memory) falls back to parsing here."""
    workers = workers or len(os.sched_getaffinity(0)) or 1
    if workers == 1 or len(inputs) < PARALLEL_FROM:
        return [parse_one(path, name) for path, name in inputs]
    pool = ProcessPoolExecutor(workers)
    try:
        chunk = max(1, len(inputs) // (workers * 8))
        return list(pool.map(parse_one, *zip(*inputs, strict=True), chunksize=chunk))
    except BrokenProcessPool:
        log.warning("a parsing process died; parsing the pages in this process instead")
        return [parse_one(path, name) for path, name in inputs]
    finally:
        pool.shutdown(cancel_futures=True)  # on Ctrl-C too: no page parsed after it


def parse_one(path: Path, name: str) -> ParsedDocument | InputError:
    """One page, or the error that stops it; an unexpected failure is reported against
    the page (the others are still built) rather than ending the build."""
    try:
        return parse_document(read_document(path, name))
    except InputError as err:
        return err
    except Exception as err:
        return InputError(
            f"the page could not be parsed: {type(err).__name__}: {err}",
            source=name,
            hint="this is a bug in kg: please report it with the page",
        )


def build(
    sources: Sequence[Path] = (),
    out: Path = Path("output"),
    base: str = DEFAULT_BASE,
    workers: int | None = None,
) -> BuildResult:
    """Build the graph of `sources` (the bundled example when none) and write it into `out`,
    parsing in `workers` processes (one per core by default; the output is the same)."""
    stopwatch = Stopwatch()
    with stopwatch("parse"):
        sources = list(sources) or [BUNDLED_EXAMPLE]
        documents, failures = parse_sources(sources, skip=out, workers=workers)
    with stopwatch("resolve"):
        kb = assemble(documents, Registry.load(), Gazetteer())
    with stopwatch("map"):
        mapped = to_graphs(kb, base)
        graph = mapped.union
    log.info(
        "mapped %d documents to %d triples in %d named graphs",
        len(kb.sources), len(graph), len(mapped.graphs),
    )  # fmt: skip
    with stopwatch("validate"):
        report = validate(graph, base)
    result = BuildResult(kb, mapped, report, failures, timings=stopwatch.stages)
    with stopwatch("serialize"):
        outputs = {
            **graph_files(mapped, report, base),
            "report.json": build_report(result).encode("utf-8"),
            "report.txt": report_text(result).encode("utf-8"),
            "review.tsv": review_table(kb).encode("utf-8"),
        }
        if not documents:  # nothing built: keep whatever a previous build wrote
            log.error("no document could be built; nothing written to %s", out)
            return result
        for name, data in outputs.items():
            write_atomically(out / name, data)
            result.written.append(out / name)
    return result


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
        f"Built {len(kb.sources)} documents into {len(result.graph)} triples; "
        f"{len(result.failures)} inputs failed; {len(kb.findings)} findings; "
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


def graph_files(mapped: MappedGraphs, report: ValidationReport, base: str) -> dict[str, bytes]:
    """The graph in every format, and its validation: what `kg build` and `kg link` write."""
    return {
        "graph.ttl": turtle(mapped.union),
        "graph.jsonld": jsonld(mapped.union, base),
        "graph.nt": ntriples(mapped.union),
        "graph.trig": trig(mapped.graphs),
        "graph.nq": nquads(mapped.graphs),
        "validation.ttl": turtle(report.graph),
        "validation.txt": report.summary().encode("utf-8"),
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
        "triples": len(result.graph),
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
    return json.dumps(report, ensure_ascii=False, indent=2) + "\n"
