"""Graph files made of pieces: the same bytes however the input is cut and whichever build
made which piece; a piece copied from the last build's file only when its input and its
bytes there are as noted; a change makes again only the pieces it touches."""

from __future__ import annotations

import hashlib
import itertools
import pickle
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from rdflib import URIRef

from kg.outputs import written_in_sections
from kg.rdf import pieces
from kg.rdf.formats import trig_of, turtle_of
from kg.rdf.jsonld import jsonld
from kg.rdf.pieces import WHOLE, Cut, Notes, read_notes, subject_runs
from kg.rdf.terms import nquads_graphs, sorted_graphs
from kg.vocab import DEFAULT_BASE, prefixes

NAMESPACES = prefixes(DEFAULT_BASE)
PARTY = "https://w3id.org/imcwp/party/"
SCHEMA = "https://schema.org/"


def triples(count: int = 240, changed: int | None = None) -> list[str]:
    """Sorted N-Triples lines of `count` subjects (parties: a type, names in two languages,
    a link, a number); the `changed` one named otherwise."""
    lines = []
    for n in range(count):
        node = f"<{PARTY}p{n:04d}>"
        name = "Another name" if n == changed else f"Party {n} of the workers" + "!" * (n % 7)
        lines += [
            f"{node} <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{SCHEMA}Organization> .",
            f'{node} <{SCHEMA}name> "{name}"@en .',
            f'{node} <{SCHEMA}name> "Partido {n}"@es .',
            f"{node} <{SCHEMA}sameAs> <{PARTY}p{(n + 1) % count:04d}> .",
            f'{node} <{SCHEMA}position> "{n}"^^<http://www.w3.org/2001/XMLSchema#integer> .',
        ]
    return sorted(lines)


def quads(count: int = 60, changed: int | None = None) -> list[list[str]]:
    """The N-Quads of `count` named graphs of four subjects each, graph by graph."""
    graphs = {
        URIRef(f"https://w3id.org/imcwp/graph/source/g{g:03d}"): set(
            triples(4, changed=0 if g == changed else None)
        )
        for g in range(count)
    }
    return list(nquads_graphs(sorted_graphs(graphs)))


def written(sections: list[list[str]], path: Path) -> tuple[Path, list[int]]:
    """The sections' lines in `path`, and where each section after the first starts."""
    return path, written_in_sections(path, sections, hashlib.sha256())


Writer = Callable[[Path, Cut], Iterator[bytes]]
WRITERS: dict[str, tuple[Writer, Callable[..., list[list[str]]]]] = {
    "graph.ttl": (
        lambda data, cut: turtle_of(data, NAMESPACES, cut),
        lambda **change: list(subject_runs(triples(**change), every=13)),
    ),
    "graph.jsonld": (
        lambda data, cut: jsonld(data, DEFAULT_BASE, cut),
        lambda **change: list(subject_runs(triples(**change), every=13)),
    ),
    "graph.trig": (lambda data, cut: trig_of(data, NAMESPACES, cut), quads),
}


def made_in(folder: Path, name: str, sections: list[list[str]]) -> tuple[bytes, Notes]:
    """The file `name` written into `folder` in pieces (its last version's noted pieces
    copied), and the notes of it."""
    write, _ = WRITERS[name]
    data, starts = written(sections, folder / f"input-{name}")
    text = b"".join(write(data, Cut(starts, folder / name, folder / f"{name}.notes")))
    (folder / name).write_bytes(text)
    notes = read_notes(folder / f"{name}.notes")
    assert notes is not None
    return text, notes


def whole_file(tmp_path: Path, name: str, sections: list[list[str]]) -> bytes:
    """The file made from the same lines in one piece, nothing noted."""
    write, _ = WRITERS[name]
    data, _ = written([[line for section in sections for line in section]], tmp_path / "whole")
    return b"".join(write(data, WHOLE))


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_a_file_in_pieces_is_the_file_made_whole(name: str, tmp_path: Path) -> None:
    _, sections_of = WRITERS[name]
    sections = sections_of()
    assert len(sections) > 10  # many pieces, or the test proves nothing
    text, notes = made_in(tmp_path, name, sections)
    assert text == whole_file(tmp_path, name, sections)
    assert notes.count == len(sections) and notes.made == tuple(range(len(sections)))


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_a_change_makes_again_only_the_piece_it_is_in(name: str, tmp_path: Path) -> None:
    _, sections_of = WRITERS[name]
    made_in(tmp_path, name, sections_of())
    changed = sections_of(changed=3)
    text, notes = made_in(tmp_path, name, changed)
    assert text == whole_file(tmp_path, name, changed)
    assert len(notes.made) == 1  # the piece of the changed subject (graph), no other
    assert b"Another name" in text
    unchanged_text, unchanged = made_in(tmp_path, name, changed)
    assert unchanged_text == text and unchanged.made == ()


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_a_piece_edited_in_the_last_file_is_made_again(name: str, tmp_path: Path) -> None:
    """The notes say where a piece lies; its bytes there are checked before they are
    copied: a person's edit (of the same length, even) is not carried into the next file."""
    _, sections_of = WRITERS[name]
    sections = sections_of()
    first, _ = made_in(tmp_path, name, sections)
    at = first.index(b"Partido 2")
    (tmp_path / name).write_bytes(first[:at] + b"Partido X" + first[at + 9 :])
    text, notes = made_in(tmp_path, name, sections)
    assert text == first
    assert len(notes.made) == 1


@pytest.mark.parametrize("name", sorted(WRITERS))
def test_damaged_notes_or_a_missing_file_make_every_piece_again(
    name: str, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    _, sections_of = WRITERS[name]
    sections = sections_of()
    first, _ = made_in(tmp_path, name, sections)
    (tmp_path / f"{name}.notes").write_bytes(b"not a pickle")
    text, notes = made_in(tmp_path, name, sections)
    assert text == first and len(notes.made) == notes.count
    assert "damaged notes of pieces" in caplog.text
    (tmp_path / name).unlink()
    text, notes = made_in(tmp_path, name, sections)
    assert text == first and len(notes.made) == notes.count


def test_notes_of_another_kind_of_file_are_not_read_as_its_own(tmp_path: Path) -> None:
    """The pieces are keyed by the format too: the same lines in Turtle are not JSON-LD."""
    sections = WRITERS["graph.ttl"][1]()
    made_in(tmp_path, "graph.ttl", sections)
    notes = tmp_path / "graph.ttl.notes"
    (tmp_path / "graph.jsonld.notes").write_bytes(notes.read_bytes())
    (tmp_path / "graph.jsonld").write_bytes((tmp_path / "graph.ttl").read_bytes())
    text, made = made_in(tmp_path, "graph.jsonld", sections)
    assert text == whole_file(tmp_path, "graph.jsonld", sections)
    assert len(made.made) == made.count
    assert isinstance(pickle.loads(notes.read_bytes()), pieces.Notes)


def test_subject_runs_keep_subjects_whole_and_a_change_moves_no_other_cut() -> None:
    lines = triples()
    runs = list(subject_runs(lines, every=13))
    assert [line for run in runs for line in run] == lines
    assert len(runs) > 10
    for before, after in itertools.pairwise(runs):
        assert before[-1].split(" ")[0] != after[0].split(" ")[0]  # a subject in one run
    changed = list(subject_runs(triples(changed=100), every=13))
    new = [run for run in changed if run not in runs]
    assert 1 <= len(new) <= 2  # the changed line's run (and one cut it may move): no other
    assert len(changed) - len(new) == len(runs) - len([run for run in runs if run not in changed])


def test_the_jsonld_writer_still_refuses_lines_out_of_order(tmp_path: Path) -> None:
    lines = triples(3)
    sections = [lines, [lines[0].replace("Organization", "Person")]]
    data, starts = written(sections, tmp_path / "input")
    with pytest.raises(ValueError, match="not adjacent"):
        b"".join(jsonld(data, DEFAULT_BASE, Cut(starts)))


def test_notes_that_cannot_be_kept_are_said_and_the_file_still_written(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    sections = WRITERS["graph.ttl"][1]()
    (tmp_path / "graph.ttl.notes").mkdir()  # a folder where the notes go
    write, _ = WRITERS["graph.ttl"]
    data, starts = written(sections, tmp_path / "input")
    text = b"".join(write(data, Cut(starts, tmp_path / "graph.ttl", tmp_path / "graph.ttl.notes")))
    assert text == whole_file(tmp_path, "graph.ttl", sections)
    assert "could not keep the notes of pieces" in caplog.text
