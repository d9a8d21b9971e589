"""What a build shows while it runs, stage by stage.

On a terminal, one bar per stage, redrawn in place: done of total, the rate and the time
left. Otherwise (a log, a pipe) one plain line as each stage ends. With `-q`, nothing.
Work taken from the cache is counted as reused, apart from the work done again, and the
build ends with a line that sums up both.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal, TextIO

from kg.text import counted

Mode = Literal["bar", "lines", "off"]
BAR_WIDTH = 24
REDRAW_EVERY = 0.1  # seconds: a terminal need not be redrawn more often


@dataclass(frozen=True)
class Work:
    """How a stage names its pieces and what it does to them."""

    noun: str  # "page"
    done: str  # what doing one again is called: "parsed"
    plural: str | None = None  # when not the noun and an s


WORK = {
    "parse": Work("page", "parsed"),
    "map": Work("page graph", "mapped"),
    "validation": Work("graph", "validated"),
    "pieces": Work("piece of the graph files", "made", "pieces of the graph files"),
    "build": Work("unchanged build", "built"),
}


@dataclass
class Stage:
    name: str
    total: int
    work: Work
    started: float
    reused: int = 0
    redone: int = 0
    drawn: float = 0.0

    @property
    def finished(self) -> int:
        return self.reused + self.redone

    def summary(self, clock: float) -> str:
        parts = [f"{self.reused} reused"] if self.reused else []
        parts.append(f"{self.redone} {self.work.done}")
        return (
            f"{self.name}: {counted(self.total, self.work.noun, self.work.plural)} "
            f"({', '.join(parts)}) in {clock - self.started:.1f} s"
        )


@dataclass
class Progress:
    """Stages begin with their total, tick as each piece is reused or done, and end."""

    stream: TextIO | None = None
    mode: Mode = "off"
    clock: Callable[[], float] = time.monotonic
    stages: dict[str, Stage] = field(default_factory=dict)
    ended: list[Stage] = field(default_factory=list)

    @classmethod
    def for_stream(cls, stream: TextIO, quiet: bool) -> Progress:
        """A bar on a terminal, plain lines elsewhere, nothing when quiet."""
        if quiet:
            return cls()
        return cls(stream, "bar" if stream.isatty() else "lines")

    def begin(self, name: str, total: int) -> None:
        work = WORK.get(name, Work("piece", "done"))
        self.stages[name] = Stage(name, total, work, self.clock())
        self.draw(self.stages[name], force=True)

    def tick(self, name: str, reused: bool = False) -> None:
        stage = self.stages.get(name)
        if stage is None:
            return
        if reused:
            stage.reused += 1
        else:
            stage.redone += 1
        self.draw(stage)

    def end(self, name: str) -> None:
        stage = self.stages.pop(name, None)
        if stage is None:
            return
        self.ended.append(stage)
        if self.mode == "off" or self.stream is None:
            return
        if self.mode == "bar":
            self.stream.write("\r\x1b[2K")  # the bar's line, cleared for the summary
        self.stream.write(f"kg: {stage.summary(self.clock())}\n")
        self.stream.flush()

    def summary(self) -> str:
        """What the build reused and what it did again, stage by stage."""
        parts = [
            f"{s.name} {s.reused} of {s.total} reused, {s.redone} {s.work.done}" for s in self.ended
        ]
        return "; ".join(parts)

    def draw(self, stage: Stage, force: bool = False) -> None:
        if self.mode != "bar" or self.stream is None:
            return
        now = self.clock()
        if not force and now - stage.drawn < REDRAW_EVERY and stage.finished < stage.total:
            return
        stage.drawn = now
        self.stream.write("\r\x1b[2K" + bar_line(stage, now))
        self.stream.flush()


def bar_line(stage: Stage, now: float) -> str:
    """`parse [#########...............]  120/1000 pages  35.2/s  0:25 left`"""
    total = max(stage.total, 1)
    filled = BAR_WIDTH * stage.finished // total
    elapsed = now - stage.started
    rate = stage.redone / elapsed if elapsed > 0 else 0.0
    left = (stage.total - stage.finished) / rate if rate > 0 else None
    eta = f"{int(left) // 60}:{int(left) % 60:02d} left" if left is not None else "…"
    return (
        f"kg: {stage.name} [{'#' * filled}{'.' * (BAR_WIDTH - filled)}] "
        f"{stage.finished}/{counted(stage.total, stage.work.noun, stage.work.plural)}  "
        f"{rate:.1f}/s  {eta}"
    )
