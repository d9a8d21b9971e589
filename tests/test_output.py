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


def test_readable_json_is_json_with_an_entry_a_line_whether_lists_or_iterators() -> None:
    import json

    from kg.outputs import readable_json

    document = {
        "counted": 3,
        "entries": ({"n": n, "text": "é"} for n in range(12_345)),  # read as it is written
        "none": iter(()),
        "listed": [1, [2, 3]],
        "empty": [],
        "nested": {"a": [1]},
    }
    text = b"".join(readable_json(document)).decode("utf-8")
    assert json.loads(text) == {
        "counted": 3, "entries": [{"n": n, "text": "é"} for n in range(12_345)], "none": [],
        "listed": [1, [2, 3]], "empty": [], "nested": {"a": [1]},
    }  # fmt: skip
    lines = text.splitlines()
    assert lines[:3] == ["{", '  "counted": 3,', '  "entries": [']
    assert lines[3] == '    {"n": 0, "text": "é"},' and lines[12_348] == "  ],"
    assert '  "none": [],' in lines and lines[-1] == "}"
