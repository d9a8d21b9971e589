"""The committed `output/` is the build of the bundled example: golden files kept true."""

from __future__ import annotations

from pathlib import Path

from kg.pipeline import BuildResult

OUTPUT = Path(__file__).resolve().parents[1] / "output"


def test_committed_output_equals_a_fresh_build(built: BuildResult) -> None:
    fresh = built.written[0].parent
    names = sorted(p.name for p in fresh.iterdir() if not p.name.startswith("."))
    assert names == sorted(p.name for p in OUTPUT.iterdir() if not p.name.startswith("."))
    for name in names:
        assert (OUTPUT / name).read_bytes() == (fresh / name).read_bytes(), (
            f"output/{name} differs from a fresh build: run `make build` and review the diff"
        )
