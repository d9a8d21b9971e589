"""The whole job: sources → parse → resolve → map → validate → serialize.

One document that cannot be processed is reported and skipped; the others are still built
and written. Each stage is a function of its inputs; the runner (`kg.run`) takes their
units through the cache and the worker processes, and counts what was reused.
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections.abc import Iterable, Iterator, Sequence
from contextlib import ExitStack
from pathlib import Path
from typing import Literal

from kg.assemble import assemble
from kg.errors import InputError
from kg.files import remove_stale_temporaries, write_all_atomically
from kg.limits import DEFAULT_LIMITS, Limits
from kg.mapping import MappedGraphs, to_graphs
from kg.model import KnowledgeBase, ParsedDocument, Resolution, Severity
from kg.outputs import (
    LINKED,
    PIECED,
    build_report,
    count_pieces,
    graph_files,
    notes_of,
    report_text,
    review_table,
    stamp_graph_files,
    unchanged_graph_files,
    validation_files,
    writers,
)
from kg.parse import parse_document
from kg.parse.context import standard_context
from kg.parse.languages import whole_model
from kg.progress import Progress
from kg.resolve.parties import PartyResolver
from kg.resolve.places import Gazetteer
from kg.resolve.registry import REGISTRY, Registry
from kg.results import BuildResult, LastBuild, unchanged_build, whole_build_key
from kg.run.cache import BuildCache, key_of
from kg.run.memory import collector_paused, collector_spares_what_exists
from kg.run.runner import Runner, Unit
from kg.sources import BUNDLED_EXAMPLE, read_document, sidecar
from kg.text import counted
from kg.validate import checked, report_of, validation_key
from kg.vocab import DEFAULT_BASE

log = logging.getLogger(__name__)

SOURCE_SUFFIXES = (".txt", ".html", ".htm")


def collect_sources(paths: Sequence[Path], skip: Path | None = None) -> list[tuple[Path, str]]:
    """Each input file with the name it is known by: a folder's files (sorted, for a stable
    order) by their path inside it, so that `a/page.txt` and `b/page.txt` stay two documents.
    Hidden files and folders, and the folder `skip` (the output), are left out."""
    found: list[tuple[Path, str]] = []
    skipped = skip.resolve() if skip else None
    for path in paths:
        if not path.is_dir():
            found.append((path, path.name))
            continue
        if skipped and skipped in (place := path.resolve(), *place.parents):
            continue  # a folder in the output: what kg wrote, not pages
        inside: list[Path] = []
        for folder, folders, files in os.walk(path):  # symbolic links to folders not followed
            here = Path(folder)
            folders[:] = [
                name for name in folders
                if not name.startswith(".") and (here / name).resolve() != skipped
            ]  # fmt: skip
            inside.extend(
                here / name
                for name in files
                if not name.startswith(".") and name.lower().endswith(SOURCE_SUFFIXES)
            )
        found.extend(
            (file, file.relative_to(path).as_posix()) for file in sorted(inside) if file.is_file()
        )
    return found


def parse_sources(
    paths: Sequence[Path],
    skip: Path | None = None,
    runner: Runner | None = None,
    registry: Path = REGISTRY,
    limits: Limits = DEFAULT_LIMITS,
) -> tuple[list[ParsedDocument], list[InputError]]:
    """The documents of the pages in `paths` (files, folders), and the errors of those that
    could not be parsed."""
    units = page_units(collect_sources(paths, skip), registry, limits)
    failures: list[InputError] = []
    documents = list(parse_pages(paths, units, runner or Runner(), registry, failures))
    return documents, failures


def page_units(inputs: list[tuple[Path, str]], registry: Path, limits: Limits) -> list[Unit]:
    """Parsing each page as a unit of work, keyed by what its parse depends on."""
    registry_digest = hashlib.sha256(registry.read_bytes()).hexdigest()  # once, not a page
    return [
        Unit(name, parse_key(path, name, registry_digest, limits), (path, name, registry, limits))
        for path, name in inputs
    ]


PARALLEL_FROM = 40  # documents: below this, starting worker processes costs more than it saves


def parse_pages(
    paths: Sequence[Path],
    units: list[Unit],
    runner: Runner,
    registry: Path,
    failures: list[InputError],
    said: bool = True,
) -> Iterator[ParsedDocument]:
    """Each page parsed (documents are independent: many are parsed in worker processes),
    given as soon as it and those before it are; its error reported (in `failures`) when it
    cannot be; no page at all in `paths` is an error too."""
    if not units:
        shown = ", ".join(str(p) for p in paths)
        failure = InputError(
            f"no source files found in {shown}",
            hint=f"give page files ({', '.join(SOURCE_SUFFIXES)}) or folders holding them",
        )
        log.error("%s", failure)
        failures.append(failure)

    def prepare() -> None:  # read once here, shared by the forked workers
        whole_model()
        standard_context(registry)

    for parsed in runner.stream("parse", parse_one, units, PARALLEL_FROM, prepare):
        if isinstance(parsed, InputError):
            if said:
                log.error("%s", parsed)
            failures.append(parsed)
        else:
            yield parsed


def parse_key(
    path: Path, name: str, registry_digest: str, limits: Limits = DEFAULT_LIMITS
) -> str | None:
    """What a page's parse depends on: its name, place, bytes and fetch metadata, the
    registry (which tells a party's name from a title's words) and the code; None when the
    file cannot be read (parsing it reports why)."""
    try:
        data = path.read_bytes()
        metadata = sidecar(path).read_bytes() if sidecar(path).exists() else b""
    except OSError:
        return None
    return key_of(
        "parse", name, os.path.abspath(path), data, metadata, registry_digest, repr(limits)
    )


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
    again: bool = False,
) -> BuildResult:
    """Build the graph of `sources` (the bundled example when none) and write it into `out`,
    parsing and writing in `workers` processes (one per core by default). What did not
    change since the last build is taken from `cache` (`out/.kg-cache` by default; None
    keeps no cache); when nothing changed, not even the files written, nothing is done
    (`again` does it all the same). The output is the same whatever the workers and the
    cache; `progress` is told how each stage goes."""
    if out.is_dir():  # what a killed build left: its half-done renames, its temporaries
        for stale in remove_stale_temporaries(out):
            log.info("removed %s, left by an interrupted build", stale)
    folder = out / CACHE_FOLDER if cache == "default" else cache
    runner = Runner(BuildCache(folder), workers, progress)
    sources = list(sources) or [BUNDLED_EXAMPLE]
    with runner.stopwatch("read"):  # every page: what its parse, and the build, depend on
        units = page_units(collect_sources(sources, out), registry, limits)
        whole = whole_build_key(units, base)
    if whole and not again:
        last = unchanged_build(out, whole, runner)
        if last is not None:
            quiet = Runner(BuildCache(folder), workers)

            def record() -> KnowledgeBase:  # asked for: made again from the cache, not written
                now = page_units(collect_sources(sources, out), registry, limits)
                if whole_build_key(now, base) != whole:
                    raise InputError(
                        "the pages changed since this build: its record cannot be made again",
                        hint="build again",
                    )
                return resolved_record(sources, now, quiet, registry, said=False)[0]

            def graphs(kb: KnowledgeBase) -> MappedGraphs:
                return to_graphs(kb, base, quiet.each)

            return last.as_result(out, record, graphs, runner)
    with runner.workers_kept():  # parse's and map's: forked by parse, while this process is small
        kb, failures = resolved_record(sources, units, runner, registry)
        with collector_spares_what_exists(), runner.stopwatch("map"):
            mapped = [to_graphs(kb, base, runner.each)]
    with collector_spares_what_exists():  # the graphs handed over: written, then let go
        result = write_build(kb, mapped.pop(), failures, out, base, runner)
    if result.written:
        if whole:
            runner.remember("build", whole, LastBuild.of(result, out))
        runner.finish()
    return result


def resolved_record(
    sources: Sequence[Path], units: list[Unit], runner: Runner, registry: Path, said: bool = True
) -> tuple[KnowledgeBase, list[InputError]]:
    """The pages parsed and their record resolved; the pages that failed (logged, unless
    `said` already). The pages as parsed (their lines, their text once more) need not stay
    in memory through mapping and writing: only the record is returned."""
    # Pages are resolved into the record as they come from the workers parsing the next:
    # what is not the workers' wait is the resolve stage's.
    failures: list[InputError] = []
    with runner.stopwatch("resolve"), collector_paused():
        try:
            documents = parse_pages(sources, units, runner, registry, failures, said)
            kb = resolve_mentions(runner.stopwatch.timed(documents, "parse"), registry, runner)
        finally:  # its resolver remembers every name it met: one build's, not a process's
            standard_context.cache_clear()
    return kb, failures


# What the resolver knows: each mention (with its country) read against the registry,
# and the country each mention states.
Learnt = tuple[dict[tuple[str, str | None], Resolution], dict[str, str | None]]


def resolve_mentions(
    documents: Iterable[ParsedDocument], registry_file: Path, runner: Runner
) -> KnowledgeBase:
    """The resolve stage, with what the resolver learnt kept for the next build, keyed by
    the registry's bytes: the same spellings come back, and reading a new one costs
    milliseconds. Resolving a mention depends on nothing else, so the record is the same."""
    key = key_of("resolver", registry_file.read_bytes())
    known: Learnt = runner.recall("resolve", key) or ({}, {})
    kb, learnt = resolve(documents, registry_file, known)
    anew = [mention for mention, _ in learnt[0].keys() - known[0].keys()]
    runner.count("resolve", reused=(), computed=sorted(anew))
    if (len(learnt[0]), len(learnt[1])) != (len(known[0]), len(known[1])) or not known[0]:
        runner.remember("resolve", key, learnt)
    return kb


def resolve(
    documents: Iterable[ParsedDocument], registry_file: Path, known: Learnt
) -> tuple[KnowledgeBase, Learnt]:
    """The documents assembled into one record, their mentions resolved with the registry
    in `registry_file`, starting from what the resolver already `known`; and what it knows
    after."""
    registry = Registry.load(registry_file)
    gazetteer = Gazetteer()
    resolver = PartyResolver(registry, gazetteer)
    resolver.resolved, resolver.stated = dict(known[0]), dict(known[1])
    kb = assemble(documents, registry, gazetteer, resolver)
    return kb, (resolver.resolved, resolver.stated)


def write_build(
    kb: KnowledgeBase,
    mapped: MappedGraphs,
    failures: list[InputError],
    out: Path,
    base: str,
    runner: Runner,
) -> BuildResult:
    """Validate and write a resolved record's graphs."""
    stopwatch = runner.stopwatch
    built_any = bool(kb.sources)
    log.info(
        "mapped %s to %s in %s",
        counted(len(kb.sources), "document"), counted(mapped.triple_count, "triple"),
        counted(len(mapped.graphs), "named graph"),
    )  # fmt: skip
    with ExitStack() as scratch:
        with stopwatch("validate"):  # the graph's lines on disk: the validator reads them
            folder = out if built_any else None
            files = scratch.enter_context(graph_files(mapped, base, folder, notes_of(runner)))
        # The graphs are on disk now: let them go before the writers are forked (a third
        # of the memory of a large build), and map the record again if they are asked for.
        triple_count = mapped.triple_count
        del mapped
        result: BuildResult | None = None

        def validate() -> None:  # while the graph's files are made from the same lines
            nonlocal result
            with stopwatch("validate"):
                key = validation_key(files.triples_digest)
                found = runner.one("validation", "graph", key, checked, files.triples, base)
                report = report_of(found, base)
            result = BuildResult(
                report, failures, len(kb.sources), triple_count, len(kb.findings), lambda: kb,
                lambda record: to_graphs(record, base), [], stopwatch.stages, runner.work,
                errors=tuple(f for f in kb.findings if f.severity is Severity.ERROR),
            )  # fmt: skip

        def validated() -> BuildResult:
            assert result is not None, "validated before the files that tell of it are made"
            return result

        if not built_any:  # no document built: keep whatever a previous build wrote
            validate()
            log.error("no document could be built; nothing written to %s", out)
            return validated()
        with stopwatch("serialize"):
            current = unchanged_graph_files(out, files, runner)
            graph = {name: make for name, make in files.writers.items() if name not in current}
            slow = {name: make for name, make in graph.items() if name not in LINKED}
            # The graph's slow files and the review first: they may be made while the graph
            # is validated; the reports after it, and last the scratch files, linked at once.
            outputs = {
                **slow,
                "review.tsv": lambda: review_table(kb).encode("utf-8"),
                "report.json": lambda: build_report(validated()),
                "report.txt": lambda: report_text(validated()),
                **validation_files(lambda: validated().validation),
                **{name: make for name, make in graph.items() if name in LINKED},
            }
            workers = writers(triple_count, runner.workers)
            written = write_all_atomically(out, outputs, workers, validate, len(slow) + 1)
            validated().written.extend(written)
            validated().written.extend(out / name for name in sorted(current))
    # Stamped once the scratch folder is gone: removing a scratch file's name changes the
    # graph file linked to it (its change time).
    stamp_graph_files(out, files, runner)
    count_pieces(runner, [name for name in PIECED if name in graph])
    return validated()
