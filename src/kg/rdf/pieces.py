"""Graph files made of pieces, each made again only when what it is made from changed.

The body of a large graph file is cut into pieces by its input: a named graph for TriG, a
run of subjects for Turtle and JSON-LD (`subject_runs`: cut where the lines themselves
say, so that a changed page moves no cut but its own). Each piece is written from its own
lines alone, so a file is the same bytes whichever build made which of its pieces. A build
notes where each piece lies in the file it wrote (in the cache); the next one copies from
that file each piece made from the same lines, once its bytes are checked against the
digest noted, and makes only the others (at 10,000 pages, one changed page leaves all but
a few of thousands of pieces as they were).
"""

from __future__ import annotations

import hashlib
import io
import itertools
import logging
import pickle
import tempfile
from collections.abc import Callable, Generator, Iterator, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from kg.files import write_atomically
from kg.rdf.terms import RdfData

log = logging.getLogger(__name__)

# A part of a piece: where it goes in the file (JSON-LD: its node's @id; "" keeps the
# input's order) and its bytes.
Part = tuple[str, bytes]
# What makes a piece: its parts, and what its writer marked in them (the prefixes it used).
Maker = Callable[[bytes], tuple[list[Part], frozenset[bytes]]]
Spans = tuple[tuple[str, int, int], ...]  # a piece's parts in a file: place, offset, size


@dataclass(frozen=True)
class Cut:
    """How a file's input is cut into pieces: the offsets where its pieces start (after the
    first's), the file the last build wrote and its notes (in the cache; None: none kept)."""

    starts: Sequence[int] = ()
    last: Path | None = None
    notes: Path | None = None


WHOLE = Cut()  # one piece, nothing noted: a small graph, made whole


@dataclass(frozen=True)
class Frame:
    """What a file's pieces are set in: its head (made from every piece's marks), what
    stands between two parts, and its tail. With `by_place`, the parts are sorted by their
    places, no two of which may be the same (`by_place` says what is wrong when two are)."""

    head: Callable[[frozenset[bytes]], bytes]
    between: bytes
    tail: bytes = b""
    by_place: str | None = None


@dataclass(frozen=True)
class Noted:
    """A piece as a build wrote it: its parts' places and spans in the file, the digest of
    their bytes (in the piece's order), and its marks."""

    parts: Spans
    digest: bytes
    marks: frozenset[bytes]


@dataclass(frozen=True)
class Notes:
    """A file's pieces as the build that wrote it left them, by the digest of each one's
    input; how many there are, and which of them (by number) that build made anew."""

    pieces: dict[bytes, Noted]
    made: tuple[int, ...] = ()

    @property
    def count(self) -> int:
        return len(self.pieces)


def read_notes(path: Path | None) -> Notes | None:
    """The notes a build left (None when there are none, or they cannot be read: then
    every piece is made)."""
    if path is None:
        return None
    try:
        notes = pickle.loads(path.read_bytes())
    except FileNotFoundError:
        return None
    except Exception as err:
        log.warning(
            "ignoring damaged notes of pieces %s (%s); the pieces are made again", path, err
        )
        return None
    if not (isinstance(notes, Notes) and isinstance(notes.pieces, dict)):
        return None  # another kg's notes, of another shape
    return notes


# What a part's bytes are read from: the pieces made (a file, or in memory), or the last
# build's file (in memory: its spans are handed on without a copy).
Bytes = IO[bytes] | memoryview


@dataclass(frozen=True)
class Piece:
    """A piece of the file being made: its input's digest, its parts (place, what their
    bytes are read from, offset, size), their bytes' digest, its marks, whether copied."""

    key: bytes
    parts: list[tuple[str, Bytes, int, int]]
    digest: bytes
    marks: frozenset[bytes]
    copied: bool


def assembled(data: RdfData, cut: Cut, salt: bytes, make: Maker, frame: Frame) -> Iterator[bytes]:
    """The file of `data`'s pieces (cut by `cut`) in `frame`: each piece copied from the
    last build's file when its input (with `salt`: the format and all else that decides
    its bytes) and its bytes are as noted there, else made by `make`. The pieces made wait
    (in memory, or in a temporary file) until the head, which depends on them all, is
    written; the notes are written after the file's last bytes. Notes of a file that then
    never lands (another file failed) do no harm: a piece is copied only when its bytes
    in the file found next time hash to the digest noted."""
    last = read_notes(cut.notes)
    noted = last.pieces if last else {}
    # The pieces made wait in memory when they are laid out by place (read back in another
    # order), else in a file beside the data, read back in turn.
    directory = data.parent if isinstance(data, Path) else None
    old = last_file(cut, noted)
    with (
        opened(data) as source,
        io.BytesIO() if frame.by_place else tempfile.TemporaryFile(dir=directory) as fresh,
    ):
        pieces: list[Piece] = []
        for text in cut_pieces(source, cut.starts):
            key = hashlib.sha256(salt + text).digest()
            kept = noted.get(key)
            piece = copy_of(key, kept, old) if kept and old is not None else None
            pieces.append(piece or piece_made(key, text, make, fresh))
        spans = yield from laid_out(pieces, frame)
    if cut.notes is not None:
        notes = Notes(
            {
                piece.key: Noted(spans[n], piece.digest, piece.marks)
                for n, piece in enumerate(pieces)
            },
            tuple(n for n, piece in enumerate(pieces) if not piece.copied),
        )
        try:
            write_atomically(cut.notes, pickle.dumps(notes, pickle.HIGHEST_PROTOCOL), durable=False)
        except OSError as err:  # the notes only save the next build time: the file stands
            log.warning("could not keep the notes of pieces %s (%s)", cut.notes, err)


def laid_out(pieces: list[Piece], frame: Frame) -> Generator[bytes, None, list[Spans]]:
    """The file: the pieces' parts in `frame` (in order, or by place); returns where each
    piece's parts are in it (in the piece's order)."""
    order = [(n, m) for n, piece in enumerate(pieces) for m in range(len(piece.parts))]
    if frame.by_place:
        order.sort(key=lambda at: pieces[at[0]].parts[at[1]][0])
        for (n, m), (k, j) in itertools.pairwise(order):
            if pieces[n].parts[m][0] == pieces[k].parts[j][0]:
                raise ValueError(f"{pieces[n].parts[m][0]!r} twice: {frame.by_place}")
    head = frame.head(frozenset().union(*(piece.marks for piece in pieces)))
    yield head
    position = len(head)
    spans: list[list[tuple[str, int, int]]] = [[("", 0, 0)] * len(p.parts) for p in pieces]
    # Parts handed on in blocks of about a megabyte: a JSON-LD node is a line, a TriG
    # piece may be a large graph.
    block: list[bytes | memoryview] = []
    filled = 0
    for number, (n, m) in enumerate(order):
        if number:
            block.append(frame.between)
            position += len(frame.between)
        place, where, at, size = pieces[n].parts[m]
        block.append(read(where, at, size))
        spans[n][m] = (place, position, size)
        position += size
        filled += size
        if filled >= BLOCK:
            yield b"".join(block)
            block, filled = [], 0
    yield b"".join([*block, frame.tail])
    return [tuple(piece_spans) for piece_spans in spans]


BLOCK = 1 << 20  # bytes


def copy_of(key: bytes, kept: Noted, old: memoryview) -> Piece | None:
    """A piece as the last build's file holds it, if its bytes there are as noted (the
    file may have been edited, or replaced by another build's)."""
    digest = hashlib.sha256()
    for _, at, size in kept.parts:
        if at + size > len(old):
            return None
        digest.update(old[at : at + size])
    if digest.digest() != kept.digest:
        return None
    parts: list[tuple[str, Bytes, int, int]] = [
        (place, old, at, size) for place, at, size in kept.parts
    ]
    return Piece(key, parts, kept.digest, kept.marks, copied=True)


def piece_made(key: bytes, text: bytes, make: Maker, fresh: IO[bytes]) -> Piece:
    """A piece made from its input `text`, its parts' bytes put in `fresh`."""
    made_parts, marks = make(text)
    digest = hashlib.sha256()
    parts: list[tuple[str, Bytes, int, int]] = []
    for place, part in made_parts:
        parts.append((place, fresh, fresh.tell(), len(part)))
        fresh.write(part)
        digest.update(part)
    return Piece(key, parts, digest.digest(), marks, copied=False)


def read(where: Bytes, at: int, size: int) -> bytes | memoryview:
    if isinstance(where, memoryview):
        return where[at : at + size]
    where.seek(at)
    return where.read(size)


def cut_pieces(source: IO[bytes], starts: Sequence[int]) -> Iterator[bytes]:
    """The input's pieces, read in turn: its bytes from one start to the next, the last
    to its end (none empty)."""
    position = 0
    for start in starts:
        if start > position:
            yield source.read(start - position)
            position = start
    if rest := source.read():
        yield rest


def opened(data: RdfData) -> AbstractContextManager[IO[bytes]]:
    return io.BytesIO(data) if isinstance(data, bytes) else data.open("rb")


def last_file(cut: Cut, noted: dict[bytes, Noted]) -> memoryview | None:
    """The file the last build wrote, when it noted pieces and the file is there: read
    whole (pieces are copied from all over it, a JSON-LD node a line)."""
    if not noted or cut.last is None:
        return None
    try:
        return memoryview(cut.last.read_bytes())
    except OSError:  # gone, or a folder: its pieces are made
        return None


def subject_runs(lines: list[str], every: int = 97) -> Iterator[list[str]]:
    """Sorted N-Triples lines in runs of whole subjects: a run ends with the subject of a
    line whose length is a multiple of `every` (a mark of the lines themselves, so that a
    change moves no cut but its own; cutting every n subjects would move every cut after
    a new one). About `every` lines a run: hundreds of pieces for a large graph."""
    start = 0
    for index in [n for n, line in enumerate(lines) if len(line) % every == 0]:
        if index < start:
            continue
        subject = lines[index][: lines[index].index(" ") + 1]
        end = index + 1
        while end < len(lines) and lines[end].startswith(subject):
            end += 1
        yield lines[start:end]
        start = end
    if start < len(lines):
        yield lines[start:]
