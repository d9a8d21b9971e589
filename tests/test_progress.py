"""Progress a person can follow: a bar per stage on a terminal (n of N, rate, time left),
plain lines elsewhere, nothing with -q; work from the cache counted as reused."""

from __future__ import annotations

import io
from pathlib import Path

from click.testing import CliRunner

from conftest import PROJECT
from kg.cli import main
from kg.pipeline import build
from kg.progress import Progress

CORPUS = PROJECT / "tests" / "corpus"


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_terminal_gets_a_bar_with_counts_rate_and_time_left() -> None:
    screen, clock = Terminal(), Clock()
    progress = Progress.for_stream(screen, quiet=False)
    progress.clock = clock
    assert progress.mode == "bar"
    progress.begin("parse", 40)
    for _ in range(10):
        clock.now += 0.5
        progress.tick("parse")
    bar = screen.getvalue().rsplit("\r", 1)[-1]
    assert "10/40 pages" in bar and "2.0/s" in bar and "0:15 left" in bar
    assert "[######..................]" in bar
    progress.end("parse")
    assert screen.getvalue().endswith("kg: parse: 40 pages (10 parsed) in 5.0 s\n")


def test_elsewhere_a_line_per_stage_and_reused_work_is_not_called_parsed(tmp_path: Path) -> None:
    stream = io.StringIO()
    first = Progress.for_stream(stream, quiet=False)
    assert first.mode == "lines"
    build([CORPUS], tmp_path, progress=first)
    pages = len(list(CORPUS.iterdir()))
    assert f"kg: parse: {pages} pages ({pages} parsed)" in stream.getvalue()
    assert "\r" not in stream.getvalue()
    again = Progress.for_stream(io.StringIO(), quiet=False)
    build([CORPUS], tmp_path, progress=again, again=True)
    assert again.summary().startswith(f"parse {pages} of {pages} reused, 0 parsed; map {pages} of")
    unchanged = Progress.for_stream(io.StringIO(), quiet=False)
    build([CORPUS], tmp_path, progress=unchanged)  # nothing changed: nothing looked at
    assert unchanged.summary() == "build 1 of 1 reused, 0 built"


def test_one_changed_page_is_the_one_redone(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    for page in sorted(CORPUS.iterdir())[:5]:
        (pages / page.name).write_bytes(page.read_bytes())
    build([pages], tmp_path / "out")
    changed = sorted(pages.iterdir())[0]
    changed.write_text(changed.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    progress = Progress.for_stream(io.StringIO(), quiet=False)
    build([pages], tmp_path / "out", progress=progress)
    assert progress.summary().startswith("parse 4 of 5 reused, 1 parsed")


def test_the_cli_shows_stages_and_what_was_reused_and_quiet_shows_nothing(tmp_path: Path) -> None:
    first = CliRunner().invoke(main, ["build", "--out", str(tmp_path)])
    assert "kg: parse: 1 page (1 parsed)" in first.stderr
    unchanged = CliRunner().invoke(main, ["build", "--out", str(tmp_path)])
    assert "kg: reused and redone: build 1 of 1 reused, 0 built" in unchanged.stderr
    # What the last build said, said again (its counts, its verdict; its findings are in
    # its report: 64 MB at 10,000 pages, printed once is enough); not its stages.
    [verdict] = [line for line in first.stderr.splitlines() if "conforms (0 violations" in line]
    said_before = verdict.replace("written to", "as written to") + " by the last build"
    assert said_before in unchanged.stderr.splitlines()
    assert "[numbering-gap]" in first.stderr and "[numbering-gap]" not in unchanged.stderr
    assert f"its findings are in {tmp_path / 'report.txt'}" in unchanged.stderr
    (tmp_path / "report.txt").write_text("edited by hand\n", encoding="utf-8")
    again = CliRunner().invoke(main, ["build", "--out", str(tmp_path)])
    assert "kg: parse: 1 page (1 reused, 0 parsed)" in again.stderr
    assert "kg: reused and redone: parse 1 of 1 reused, 0 parsed" in again.stderr
    quiet = CliRunner().invoke(main, ["build", "-q", "--out", str(tmp_path)])
    assert quiet.stderr == ""
