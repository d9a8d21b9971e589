"""The build cache: results of work on unchanged input, kept between builds.

An entry is named by what it was computed from (a digest of its input) and the code that
computed it (a digest of every file of the kg package, data included), so a changed page,
a changed registry or a changed kg each miss the cache. Entries a build did not use are
removed at its end: the cache holds one build's worth, not every build's. A damaged entry
is a miss (and is reported), never an error: the work is simply done again.
"""

from __future__ import annotations

import hashlib
import logging
import pickle
import shutil
from functools import cache
from pathlib import Path
from typing import Any

from kg.files import write_atomically

log = logging.getLogger(__name__)

PACKAGE = Path(__file__).parent.parent  # kg


@cache
def code_version() -> str:
    """A digest of the kg package's files: any change to the code or its data changes it."""
    digest = hashlib.sha256()
    for path in sorted(PACKAGE.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(PACKAGE).as_posix().encode())
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def key_of(*parts: str | bytes) -> str:
    """A cache key: the digest of the parts and of the code."""
    digest = hashlib.sha256(code_version().encode())
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        digest.update(len(data).to_bytes(8, "big"))
        digest.update(data)
    return digest.hexdigest()


class BuildCache:
    """Pickled entries in `folder/<kind>/<key>`; `None` as folder keeps nothing."""

    def __init__(self, folder: Path | None) -> None:
        self.folder = folder
        self.used: dict[str, set[str]] = {}

    def has(self, kind: str, key: str) -> bool:
        """Whether an entry is kept under `key` (it may still prove damaged when read)."""
        return self.folder is not None and (self.folder / kind / key).is_file()

    def get(self, kind: str, key: str) -> Any | None:
        if self.folder is None:
            return None
        self.used.setdefault(kind, set()).add(key)
        path = self.folder / kind / key
        try:
            value = pickle.loads(path.read_bytes())
        except FileNotFoundError:
            return None
        except Exception as err:  # a damaged entry: do the work again
            log.warning("ignoring a damaged cache entry %s (%s); it is rebuilt", path, err)
            return None
        return value

    def keep(self, kind: str, key: str, value: Any) -> None:
        if self.folder is not None:  # (nothing pickled for no cache)
            self.keep_pickled(kind, key, pickle.dumps(value, pickle.HIGHEST_PROTOCOL))

    def keep_pickled(self, kind: str, key: str, data: bytes) -> None:
        """Keep a value already pickled (`data`)."""
        if self.folder is None:
            return
        self.used.setdefault(kind, set()).add(key)
        # (not waited for on disk: an entry lost is only work done again)
        write_atomically(self.folder / kind / key, data, durable=False)

    def place(self, kind: str, key: str) -> Path | None:
        """Where the entry `key` is kept, for one who writes it there (pickled, replacing
        the file whole) rather than through `keep`: a forked worker, as it ends its work."""
        if self.folder is None:
            return None
        self.used.setdefault(kind, set()).add(key)
        return self.folder / kind / key

    def prune(self) -> None:
        """Remove the entries of each kind this build did not use, and the kinds earlier
        versions of kg kept that it no longer reads."""
        if self.folder is None:
            return
        for kind, keys in self.used.items():
            for path in (self.folder / kind).iterdir():
                if path.name not in keys:
                    path.unlink(missing_ok=True)
        for kind in RETIRED_KINDS:
            shutil.rmtree(self.folder / kind, ignore_errors=True)


RETIRED_KINDS = ("resolver",)  # now "resolve"
