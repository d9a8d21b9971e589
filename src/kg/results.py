"""What a build says about itself (`BuildResult`), and the rebuild that has nothing to do
because nothing changed: it says again what the last build said (`LastBuild`)."""

from __future__ import annotations

import logging
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from importlib.metadata import version
from pathlib import Path

from rdflib import Graph

from kg.errors import InputError
from kg.mapping import MappedGraphs
from kg.model import Finding, KnowledgeBase
from kg.outputs import Stamp, as_left, stamps_of
from kg.run.cache import key_of
from kg.run.runner import Runner, StageTime, Tally, Unit
from kg.validate import ValidationReport, engine_version

log = logging.getLogger(__name__)


@dataclass
class BuildResult:
    validation: ValidationReport
    failures: list[InputError]
    documents: int
    triple_count: int
    finding_count: int
    record: Callable[[], KnowledgeBase]  # the record (made again when not kept)
    graphs: Callable[[KnowledgeBase], MappedGraphs]  # the record's graphs, mapped when asked
    written: list[Path] = field(default_factory=list)
    timings: dict[str, StageTime] = field(default_factory=dict)
    work: dict[str, Tally] = field(default_factory=dict)  # by stage: what was reused, redone
    unchanged: bool = False  # nothing changed since the last build: nothing was done
    errors: tuple[Finding, ...] = ()  # the findings of error severity

    @cached_property
    def kb(self) -> KnowledgeBase:
        return self.record()

    @cached_property
    def mapped(self) -> MappedGraphs:
        return self.graphs(self.kb)

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.kb.findings

    @property
    def graph(self) -> Graph:
        """The union of the named graphs: the graph of the build."""
        return self.mapped.union


# A rebuild of the same pages with the same registry, base, limits and code, that finds
# every file as the last such build left it, has nothing to do: it says what that build
# said (at 10,000 pages, reading the cache of every stage again took 30 s).


def whole_build_key(units: list[Unit], base: str) -> str | None:
    """What a whole build depends on: each page's parse key (its bytes, the registry, the
    limits, kg's code), the base, and the engines that validate and write (their versions,
    as in their stages' keys); None when a page cannot be read (its error is to be
    reported) or there is none."""
    keys = [unit.key for unit in units]
    if not keys or None in keys:
        return None
    engines = (engine_version(), version("pyoxigraph"), sys.version)
    return key_of("build", base, *engines, *(key for key in keys if key))


@dataclass(frozen=True)
class LastBuild:
    """What a build said (not every finding: at 10,000 pages, they take seconds to read
    back; they are in report.txt), and the files it left, as it left them."""

    documents: int
    triple_count: int
    finding_count: int
    errors: tuple[Finding, ...]
    failures: tuple[InputError, ...]
    validation: ValidationReport
    stamps: dict[str, Stamp | None]  # by file name

    @classmethod
    def of(cls, result: BuildResult, out: Path) -> LastBuild:
        stamps = stamps_of(out, (path.name for path in result.written))
        return cls(
            result.documents, result.triple_count, result.finding_count, result.errors,
            tuple(result.failures), result.validation, stamps,
        )  # fmt: skip

    def as_result(
        self,
        out: Path,
        record: Callable[[], KnowledgeBase],
        graphs: Callable[[KnowledgeBase], MappedGraphs],
        runner: Runner,
    ) -> BuildResult:
        for failure in self.failures:  # said again: the page still fails
            log.error("%s", failure)
        written = [out / name for name in sorted(self.stamps)]
        return BuildResult(
            self.validation, list(self.failures), self.documents, self.triple_count,
            self.finding_count, record, graphs, written, runner.stopwatch.stages, runner.work,
            unchanged=True, errors=self.errors,
        )  # fmt: skip


def unchanged_build(out: Path, key: str, runner: Runner) -> LastBuild | None:
    """The last build of the same input, if every file it wrote is as it left it."""
    with runner.stopwatch("check"):
        last = runner.recall("build", key)
        if not isinstance(last, LastBuild):
            return None
        if as_left(out, last.stamps) != last.stamps.keys():
            return None
        runner.reused("build", "whole build")
        return last
