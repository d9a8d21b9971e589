"""Incremental builds (the cache) give exactly what a clean serial build gives: after a
page is changed, added or removed, after the registry changes, with worker processes, and
with a damaged cache."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from rdflib.namespace import SKOS

import kg.outputs
import kg.results
from conftest import PROJECT
from kg import pipeline
from kg.cli import main
from kg.errors import InputError
from kg.outputs import as_left, stamps_of
from kg.pipeline import CACHE_FOLDER, BuildResult, build, collect_sources
from kg.resolve.registry import REGISTRY
from kg.run import cache

CORPUS = PROJECT / "tests" / "corpus"
PERU = '\n[[party]]\nid = "pe-cpp"\ncountry = "PE"\nname = { en = "Communist Party of Peru" }\n'


def outputs(result: BuildResult) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in result.written}


def clean(pages: Path, out: Path, registry: Path = REGISTRY) -> dict[str, bytes]:
    """What a build from nothing writes: no cache, one process."""
    return outputs(build([pages], out, workers=1, registry=registry, cache=None))


def redone(result: BuildResult, stage: str) -> list[str]:
    """What a build did again at a stage, by name (the runner's count, not the cache's)."""
    return sorted(result.work[stage].computed) if stage in result.work else []


@pytest.fixture
def pages(tmp_path: Path) -> Path:
    folder = tmp_path / "pages"
    shutil.copytree(CORPUS, folder)
    return folder


def test_a_rebuild_parses_only_what_changed_and_writes_what_a_clean_build_writes(
    pages: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    built = build([pages], out)
    first = outputs(built)
    assert first == clean(pages, tmp_path / "clean-0")
    every = sorted(page.name for page in pages.iterdir())
    assert redone(built, "parse") == redone(built, "map") == every
    assert redone(built, "resolve")  # the first build reads every mention …
    assert built.work["parse"].reused == []

    changed = pages / "20-greek.txt"
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("9-11 Δεκεμβρίου", "9-12 Δεκεμβρίου"), encoding="utf-8")
    (pages / "07-run-on.txt").unlink()
    shutil.copy(CORPUS / "09-party-comma-country.txt", pages / "30-republished.txt")
    rebuilt = build([pages], out)
    again = outputs(rebuilt)
    assert redone(rebuilt, "parse") == ["20-greek.txt", "30-republished.txt"]
    assert redone(rebuilt, "map") == ["20-greek.txt", "30-republished.txt"]
    assert len(rebuilt.work["parse"].reused) == len(every) - 2
    assert redone(rebuilt, "resolve") == []  # … the next ones know them (a copied page)
    assert redone(rebuilt, "validation") == ["graph"]
    # The graph files' pieces of the unchanged pages are copied from the last files.
    assert built.work["pieces"].reused == [] and built.work["pieces"].computed
    made, copied = redone(rebuilt, "pieces"), rebuilt.work["pieces"].reused
    assert {piece.split()[0] for piece in made} == {"graph.jsonld", "graph.trig", "graph.ttl"}
    assert copied and len(made) < len(copied)
    assert again != first  # the change is in the output …
    assert again == clean(pages, tmp_path / "clean-1")  # … exactly as a clean build has it

    unchanged = build([pages], out)
    assert outputs(unchanged) == again
    for stage in ("parse", "resolve", "map", "validation"):  # nothing changed: nothing redone
        assert redone(unchanged, stage) == [], stage
    assert unchanged.work["build"].reused == ["whole build"]  # … not even looked at
    assert unchanged.triple_count == rebuilt.triple_count
    assert unchanged.findings == rebuilt.findings and unchanged.documents == rebuilt.documents
    assert unchanged.validation.results == rebuilt.validation.results
    # Its record, when asked for, is made again (from the cache) and is the same; and
    # asking for it writes nothing.
    left = {path.name: path.stat().st_mtime_ns for path in out.iterdir() if path.is_file()}
    assert unchanged.kb == rebuilt.kb
    assert unchanged.mapped.graphs == rebuilt.mapped.graphs
    assert {path.name: path.stat().st_mtime_ns for path in out.iterdir() if path.is_file()} == left
    later = build([pages], out)
    assert later.unchanged
    changed.write_text(text, encoding="utf-8")  # the page as it was: its record is another
    with pytest.raises(InputError, match="the pages changed since this build"):
        _ = later.kb


def test_what_the_build_depends_on_beyond_the_pages_is_in_its_key(
    pages: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another validation engine (or pyoxigraph, or Python), another base: not unchanged."""
    out = tmp_path / "out"
    build([pages], out)
    assert build([pages], out).unchanged
    monkeypatch.setattr(kg.results, "engine_version", lambda: "another engine")
    assert not build([pages], out).unchanged
    assert build([pages], out).unchanged  # … and after that build, unchanged again
    assert not build([pages], out, base="https://example.org/kg/").unchanged


def test_pages_are_the_folders_files_but_hidden_ones_and_the_output(tmp_path: Path) -> None:
    folder = tmp_path / "pages"
    for name in ("b.txt", "a.HTML", "sub/c.htm", ".hidden/d.txt", ".e.txt", "notes.md",
                 "out/report.txt", "out/.kg-cache/parse/x.txt", "sub/out/f.txt"):  # fmt: skip
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text("page", encoding="utf-8")
    found = collect_sources([folder], folder / "out")
    assert [name for _, name in found] == ["a.HTML", "b.txt", "sub/c.htm", "sub/out/f.txt"]
    assert all(path == folder / name for path, name in found)
    assert collect_sources([folder / "out"], folder / "out") == []  # the output itself
    assert collect_sources([folder / "b.txt"]) == [(folder / "b.txt", "b.txt")]


def test_an_unchanged_rebuild_does_the_work_again_when_a_file_was_touched_or_asked(
    pages: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    first = outputs(build([pages], out))
    (out / "report.txt").write_text("edited by hand\n", encoding="utf-8")
    touched = build([pages], out)
    assert "build" not in touched.work and touched.work["parse"].reused  # from the cache
    assert outputs(touched) == first
    (out / "review.tsv").unlink()
    assert outputs(build([pages], out)) == first
    assert "build" not in build([pages], out, again=True).work
    assert build([pages], out).work["build"].reused == ["whole build"]


def test_an_unchanged_graph_leaves_its_files_be_unless_they_were_touched(
    pages: Path, tmp_path: Path
) -> None:
    """The graph files of the same graph are the same bytes: a rebuild that changed
    nothing leaves them as they are (not even written again); one a person edited, or a
    changed page, has them written anew."""
    out = tmp_path / "out"
    first = outputs(build([pages], out))
    graph_files = ("graph.jsonld", "graph.trig", "graph.ttl", "graph.nt", "graph.nq")
    written = {name: (out / name).stat().st_mtime_ns for name in graph_files}
    assert outputs(build([pages], out)) == first  # every output still listed and the same
    assert {name: (out / name).stat().st_mtime_ns for name in graph_files} == written

    (out / "graph.ttl").write_text("edited by hand\n", encoding="utf-8")
    assert outputs(build([pages], out)) == first  # the edited file is written again
    assert (out / "graph.nq").stat().st_mtime_ns == written["graph.nq"]
    # … from nothing it can copy; the notes of the files left as they were are still kept
    notes = sorted(path.name for path in (out / CACHE_FOLDER / "pieces").iterdir())
    assert notes == ["graph.jsonld.notes", "graph.trig.notes", "graph.ttl.notes"]

    changed = pages / "20-greek.txt"
    text = changed.read_text(encoding="utf-8")
    changed.write_text(text.replace("9-11 Δεκεμβρίου", "9-12 Δεκεμβρίου"), encoding="utf-8")
    rebuilt = build([pages], out)
    again = outputs(rebuilt)
    assert again["graph.nq"] != first["graph.nq"]
    assert again == clean(pages, tmp_path / "clean")
    copied = {piece.split()[0] for piece in rebuilt.work["pieces"].reused}
    assert copied == {"graph.jsonld", "graph.trig", "graph.ttl"}


def test_a_registry_change_reaches_every_output(pages: Path, tmp_path: Path) -> None:
    registry = tmp_path / "parties.toml"
    shutil.copy(REGISTRY, registry)
    out = tmp_path / "out"
    before = outputs(build([pages], out, registry=registry))
    registry.write_text(registry.read_text(encoding="utf-8") + PERU, encoding="utf-8")
    after = outputs(build([pages], out, registry=registry))
    assert b"party/pe-cpp>" in after["graph.nq"] and b"party/pe-cpp>" not in before["graph.nq"]
    assert after == clean(pages, tmp_path / "clean", registry)


def test_a_new_alias_in_the_registry_remaps_the_pages_that_spell_it(
    pages: Path, tmp_path: Path
) -> None:
    """The pages themselves do not change, nor which party each mention is: only what the
    registry already calls the party, which decides whether a page's spelling is a new
    label of it."""
    registry = tmp_path / "parties.toml"
    shutil.copy(REGISTRY, registry)
    out = tmp_path / "out"
    akel, hidden = "https://w3id.org/imcwp/party/cy-akel", f"{SKOS}hiddenLabel"
    label = f'<{akel}> <{hidden}> "AKEL (Cyprus)"@en .'
    assert label.encode() in outputs(build([pages], out, registry=registry))["graph.nt"]
    known = 'aliases = { en = ["Progressive Party of the Working People"'
    text = registry.read_text(encoding="utf-8")
    registry.write_text(text.replace(known, f'{known}, "AKEL (Cyprus)"'), encoding="utf-8")
    after = outputs(build([pages], out, registry=registry))
    assert label.encode() not in after["graph.nt"]
    assert after == clean(pages, tmp_path / "clean", registry)


def test_parallel_parsing_and_writing_equal_a_clean_serial_build(
    pages: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "PARALLEL_FROM", 2)
    monkeypatch.setattr(kg.outputs, "PARALLEL_WRITE_FROM", 1)
    parallel = outputs(build([pages], tmp_path / "parallel", workers=2))
    monkeypatch.undo()
    assert parallel == clean(pages, tmp_path / "serial")


def test_a_damaged_cache_entry_is_rebuilt_not_trusted(
    pages: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    out = tmp_path / "out"
    first = outputs(build([pages], out))
    entries = sorted((out / CACHE_FOLDER).rglob("*"))
    damaged = [p for p in entries if p.is_file()][:3]
    for entry in damaged:
        entry.write_bytes(b"not a pickle")
    assert outputs(build([pages], out)) == first
    assert "damaged cache entry" in caplog.text
    assert all(entry.read_bytes() != b"not a pickle" for entry in damaged)


def test_other_code_misses_the_cache(
    pages: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    build([pages], out)
    monkeypatch.setattr(cache, "code_version", lambda: "another kg")
    assert redone(build([pages], out), "parse") == sorted(p.name for p in CORPUS.iterdir())


def test_entries_no_build_uses_are_removed(pages: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    retired = out / CACHE_FOLDER / "resolver" / "an-entry-of-an-earlier-kg"
    retired.parent.mkdir(parents=True)
    retired.write_bytes(b"")
    build([pages], out)
    assert not retired.parent.exists()  # a kind kg no longer reads
    before = len(list((out / CACHE_FOLDER / "parse").iterdir()))
    # what a build killed while keeping an entry leaves: its temporary
    left = (
        out
        / CACHE_FOLDER
        / "parse"
        / f".{next((out / CACHE_FOLDER / 'parse').iterdir()).name}.99999.tmp"
    )
    left.write_bytes(b"half an entry")
    for page in sorted(pages.iterdir())[:5]:
        page.unlink()
    build([pages], out)
    assert len(list((out / CACHE_FOLDER / "parse").iterdir())) == before - 5
    assert not left.exists()


def test_the_cli_keeps_the_cache_where_it_is_told(pages: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    elsewhere = tmp_path / "cache"
    ran = runner.invoke(main, ["build", str(pages), "--out", str(tmp_path / "a"), "--no-cache"])
    assert ran.exit_code in (0, 1), ran.output
    assert not (tmp_path / "a" / CACHE_FOLDER).exists()
    args = ["build", str(pages), "--out", str(tmp_path / "b"), "--cache", str(elsewhere)]
    ran = runner.invoke(main, args)
    assert ran.exit_code in (0, 1), ran.output
    assert not (tmp_path / "b" / CACHE_FOLDER).exists()
    kinds = ["build", "map", "outputs", "parse", "pieces", "resolve", "validation"]
    assert sorted(p.name for p in elsewhere.iterdir()) == kinds
    for name in ("graph.nq", "validation.ttl", "report.json"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_many_claims_of_one_congress_report_each_disagreeing_claim_once(tmp_path: Path) -> None:
    """A congress that many pages mention: each claim is compared with the earlier claims
    of other pages that state other dates (only those), as a scan of all of them would,
    and said once for each other value, naming the sources that state it (a finding for
    each pair grows with the square of the pages: 3.7 million for 10,000 pages)."""
    page = (CORPUS / "18-sidebar-events.txt").read_text(encoding="utf-8")
    line = "April 2, 2025 - April 6, 2025 - Madurai, Tamilnadu, India 24th Congress of the CPI(M)"
    other = line.replace("April 6, 2025", "April 7, 2025")
    pages = tmp_path / "pages"
    pages.mkdir()
    for number, shown in enumerate([line, line, other, other, line], start=1):
        (pages / f"{number}.txt").write_text(page.replace(line, shown), encoding="utf-8")
    built = build([pages], tmp_path / "out", cache=None)
    found = [f for f in built.kb.findings if f.code == "event-dates-disagree"]
    # The third and fourth pages each disagree with the first two; the fifth with those two.
    assert sorted(f.source for f in found) == ["3.txt", "4.txt", "5.txt"]
    assert {f.message.count("2025-04-07") for f in found} == {1}
    said = {f.source: f.message for f in found}
    assert said["3.txt"].endswith("2025-04-02..2025-04-06 in 1 and 2")
    assert said["5.txt"].endswith("2025-04-02..2025-04-07 in 3 and 4")


def test_a_claim_that_many_pages_contradict_names_three_and_counts_the_rest(
    tmp_path: Path,
) -> None:
    """Six pages date the congress one way, a seventh another: its one finding names the
    first three sources and says how many more there are, not all six."""
    page = (CORPUS / "18-sidebar-events.txt").read_text(encoding="utf-8")
    line = "April 2, 2025 - April 6, 2025 - Madurai, Tamilnadu, India 24th Congress of the CPI(M)"
    pages = tmp_path / "pages"
    pages.mkdir()
    for number in range(1, 7):
        (pages / f"{number}.txt").write_text(page, encoding="utf-8")
    other = page.replace(line, line.replace("April 6, 2025", "April 7, 2025"))
    (pages / "7.txt").write_text(other, encoding="utf-8")
    built = build([pages], tmp_path / "out", cache=None)
    [found] = [f for f in built.kb.findings if f.code == "event-dates-disagree"]
    assert found.source == "7.txt"
    assert found.message.endswith("2025-04-02..2025-04-06 in 1, 2, 3 and 3 other sources")


def test_the_registry_given_is_the_one_pages_are_parsed_with(tmp_path: Path) -> None:
    """Whether a title starts with a party's name (its publisher) is read against the
    registry: the one given to the build, not the bundled one; a cached parse made with
    another registry is not reused."""
    from conftest import SAMPLE_TEXT

    pages = tmp_path / "pages"
    pages.mkdir()
    first = SAMPLE_TEXT.splitlines()[0]
    page = SAMPLE_TEXT.replace(first, "Zeta Front, Solidarity with Kazakhstan Workers [En., Ru.]")
    (pages / "zeta.txt").write_text(page, encoding="utf-8")
    registry = tmp_path / "parties.toml"
    zeta = '\n[[party]]\nid = "gr-zf"\ncountry = "GR"\nname = { en = "Zeta Front" }\n'
    registry.write_text(REGISTRY.read_text(encoding="utf-8") + zeta, encoding="utf-8")
    out = tmp_path / "out"
    publisher = b"<https://schema.org/publisher> <https://w3id.org/imcwp/party/gr-zf>"
    assert publisher not in outputs(build([pages], out))["graph.nt"]
    assert publisher in outputs(build([pages], out, registry=registry))["graph.nt"]


def test_a_file_is_as_left_only_when_its_stamp_was_taken_and_still_holds(tmp_path: Path) -> None:
    (tmp_path / "kept.txt").write_text("kept", encoding="utf-8")
    (tmp_path / "edited.txt").write_text("before", encoding="utf-8")
    stamps = stamps_of(tmp_path, ["kept.txt", "edited.txt", "missing.txt"])
    assert stamps["missing.txt"] is None
    (tmp_path / "edited.txt").write_text("after, longer", encoding="utf-8")
    (tmp_path / "missing.txt").write_text("there now", encoding="utf-8")
    assert as_left(tmp_path, stamps) == {"kept.txt"}
    (tmp_path / "missing.txt").unlink()  # missing then and now: still not as left
    assert as_left(tmp_path, stamps) == {"kept.txt"}


def test_the_collector_rests_while_the_record_is_assembled_and_only_then(
    pages: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Assembling only grows the record: the collector's passes over it are paused for it,
    and on again for the rest of the build (and after)."""
    import gc

    seen: list[bool] = []
    assemble = pipeline.assemble

    def watched(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return assemble(*args, **kwargs)

    monkeypatch.setattr(pipeline, "assemble", watched)
    mapping = pipeline.to_graphs

    def mapped(*args: object, **kwargs: object) -> object:
        seen.append(gc.isenabled())
        return mapping(*args, **kwargs)

    monkeypatch.setattr(pipeline, "to_graphs", mapped)
    assert gc.isenabled()
    build([pages], tmp_path / "out")
    assert seen[:2] == [False, True] and gc.isenabled()


def test_a_cache_entry_is_written_whole_or_not_at_all(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Kept: the entry, no temporary beside it; a temporary a killed build left under the
    same name taken over; a write that fails leaves the entry as it was and no temporary."""
    import os
    import threading

    kept = cache.BuildCache(tmp_path)
    entry = tmp_path / "parse" / "a-key"
    entry.parent.mkdir()
    stale = entry.with_name(f".a-key.{os.getpid()}-{threading.get_ident()}.tmp")
    stale.write_bytes(b"left by a killed build")
    kept.keep_pickled("parse", "a-key", b"first")
    assert entry.read_bytes() == b"first"
    assert sorted(p.name for p in entry.parent.iterdir()) == ["a-key"]

    def refused(source: object, target: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", refused)
    with pytest.raises(OSError, match="No space"):
        kept.keep_pickled("parse", "a-key", b"second")
    assert entry.read_bytes() == b"first"
    assert sorted(p.name for p in entry.parent.iterdir()) == ["a-key"]
