"""Files written whole or not at all: each to a temporary file beside it, then renamed; a
set of files renamed under a journal, so that a killed build leaves the old set or the new."""

from __future__ import annotations

import errno
import json
import os
import shutil
import threading
from collections.abc import Callable, Iterable, Iterator, Mapping
from functools import partial
from pathlib import Path
from typing import IO

from kg.errors import InputError
from kg.run.executor import forked

# A file's bytes, or its pieces in order: a file of hundreds of megabytes is written piece
# by piece, never whole in memory; or a file on disk that holds them already (linked to its
# new name, not copied, where the file system allows).
Content = bytes | Iterable[bytes] | Path


def file_blocks(path: Path) -> Iterator[bytes]:
    """A file's bytes, a block at a time."""
    with path.open("rb") as stream:
        yield from stream_blocks(stream)


def stream_blocks(stream: IO[bytes], size: int = 1 << 20) -> Iterator[bytes]:
    """What is left to read of `stream`, a block at a time."""
    while block := stream.read(size):
        yield block


def built_file(out: Path, name: str = "graph.nq") -> Path:
    """A file `kg build --out` wrote, or an error that says to build first; a set of
    outputs a killed build left half-renamed is finished first."""
    if (out / JOURNAL).exists():
        finish_interrupted(out)
    path = out / name
    if not path.exists():
        raise InputError(
            "no built graph here", source=str(path), hint=f"run `kg build --out {out}` first"
        )
    return path


def write_atomically(path: Path, data: bytes, durable: bool = True) -> None:
    """Write to a temporary file beside `path`, then rename: never a half-written file.
    `durable` waits until the data is on disk (not needed for what can be recomputed)."""
    temporary = temporary_beside(path)
    try:
        fill(temporary, lambda: data, durable)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_all_atomically(
    folder: Path,
    files: Mapping[str, Callable[[], Content]],
    workers: int | None = 1,
    meanwhile: Callable[[], None] | None = None,
    ready: int | None = None,
) -> list[Path]:
    """Each file made and written to a temporary file, then all renamed. A failure while
    making or writing any of them leaves every file as it was. With `workers` other than
    1, the files are made in forked worker processes, several at once (one per usable core
    by default); else one after the other, so that one file's bytes are in memory at a time
    (hundreds of megabytes for a large record). A worker that dies (killed, for lack of
    memory most often) has its file made again here. `meanwhile` is done here while the
    first `ready` files are made (those after may read what it made)."""
    temporaries: dict[str, Path] = {}
    for name in files:  # the one thing that stops a rename within a folder: checked first
        if (folder / name).is_dir():
            raise IsADirectoryError(
                errno.EISDIR, "a folder stands where this file is written", str(folder / name)
            )
    finish_interrupted(folder)
    try:
        for name in files:
            temporaries[name] = temporary_beside(folder / name)
        tasks = [partial(fill, temporaries[name], make) for name, make in files.items()]
        forked(tasks, workers, "writing the output files", meanwhile, ready)
        # The renames are not one act: a journal says which are due, so that a build
        # killed between them is finished by the next kg that looks (never half a set).
        journal = {name: temporary.name for name, temporary in temporaries.items()}
        write_atomically(folder / JOURNAL, json.dumps(journal, sort_keys=True).encode())
    except BaseException:
        for temporary in temporaries.values():
            temporary.unlink(missing_ok=True)
        raise
    finish_interrupted(folder)
    return [folder / name for name in files]


JOURNAL = ".kg-renames.json"  # the renames a set of output files still waits for


def finish_interrupted(folder: Path) -> None:
    """Do the renames a journal says are due (a build killed while making them), then
    drop the journal: the folder holds one whole set of outputs, the old or the new."""
    try:
        due = json.loads((folder / JOURNAL).read_text(encoding="utf-8"))
    except FileNotFoundError:
        return
    except ValueError:  # a journal is written atomically: a broken one is not ours
        due = {}
    for name, temporary in sorted(due.items() if isinstance(due, dict) else ()):
        if (folder / str(temporary)).exists():
            os.replace(folder / str(temporary), folder / str(name))
    (folder / JOURNAL).unlink(missing_ok=True)


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """The temporary files and scratch folders an earlier build, killed, left behind (a
    folder is built by one kg at a time). Returns what was removed."""
    finish_interrupted(folder)
    stale = [*folder.glob(".*.tmp"), *folder.glob(".kg-scratch-*")]
    for path in stale:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
    return sorted(stale)


def temporary_beside(path: Path) -> Path:
    """A new, empty temporary file beside `path`, with the permissions `path` would get
    (the umask's): named for this process and thread (no other writes it), made
    exclusively and not through a link left there. One left by a killed process of the
    same number is taken over. (A random name made exclusive, then its mode set, took
    twice as long: a build keeps 20,000 cache entries at 10,000 pages.)"""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}-{threading.get_ident()}.tmp")
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    try:
        handle = os.open(temporary, flags, 0o666)
    except FileExistsError:
        temporary.unlink()
        handle = os.open(temporary, flags, 0o666)
    os.close(handle)
    return temporary


def fill(temporary: Path, make: Callable[[], Content], durable: bool = True) -> None:
    """What `make` gives, written into `temporary` (waiting until it is on disk when
    `durable`: not needed for what can be recomputed). A file it gives becomes the output
    itself (linked): nothing may write to it after."""
    content = make()
    if isinstance(content, Path):
        if linked(content, temporary):
            if durable:
                with temporary.open("rb") as stream:
                    os.fsync(stream.fileno())
            return
        content = file_blocks(content)
    with temporary.open("wb") as stream:
        if isinstance(content, bytes):
            stream.write(content)
        else:
            stream.writelines(content)
        if durable:
            stream.flush()
            os.fsync(stream.fileno())


def linked(source: Path, temporary: Path) -> bool:
    """`temporary` made another name of `source` (a hard link: its bytes are not copied,
    at 10,000 pages hundreds of megabytes); False where the file system cannot (another
    device, no links)."""
    beside = temporary.with_name(f"{temporary.name.removesuffix('.tmp')}-link.tmp")
    try:
        os.link(source, beside)
    except OSError:
        return False
    os.replace(beside, temporary)
    return True
