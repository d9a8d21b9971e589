"""Text folding shared by the parsers and resolvers: Unicode, homoglyphs, case, slugs."""

from __future__ import annotations

import functools
import hashlib
import re
import unicodedata
from collections.abc import Callable, Hashable
from functools import cache, lru_cache
from typing import Any, TypeVar, cast

Asking = TypeVar("Asking", bound=Callable[..., Any])

# Greek and Cyrillic letters that look like Latin ones. Lists in the wild carry them by
# accident (a Greek capital Tau in `Τudeh`, a Cyrillic `С` in `Сommunist`).
HOMOGLYPHS = str.maketrans(
    {
        # Cyrillic
        "А": "A", "В": "B", "С": "C", "Е": "E", "Н": "H", "І": "I", "Ј": "J", "К": "K",
        "М": "M", "О": "O", "Р": "P", "Ѕ": "S", "Т": "T", "Х": "X", "У": "Y",
        "а": "a", "с": "c", "е": "e", "і": "i", "ј": "j", "о": "o", "р": "p", "ѕ": "s",
        "х": "x", "у": "y",
        # Greek
        "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M",
        "Ν": "N", "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X", "ο": "o",
    }
)  # fmt: skip

APOSTROPHES = "'’‘`´ʼ"
DASHES = "‐‑‒–—―−"


@cache  # a page holds few distinct characters and many of each
def script_of(char: str) -> str | None:
    """The script of a letter ("LATIN", "CYRILLIC", "GREEK", …), None for non-letters."""
    if not char.isalpha():
        return None
    name = unicodedata.name(char, "")
    return name.split(" ", 1)[0] if name else None


def fold_homoglyphs(text: str) -> str:
    """Replace Greek/Cyrillic look-alikes by Latin letters inside words that also hold Latin.

    A word wholly in Cyrillic or Greek (`КПРФ`) is a real word in that script and is kept.
    """

    def fold_word(match: re.Match[str]) -> str:
        word = match.group(0)
        if any(script_of(c) == "LATIN" for c in word):
            return word.translate(HOMOGLYPHS)
        return word

    return re.sub(r"\w+", fold_word, text)


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


@lru_cache(maxsize=1 << 16)  # names come back page after page
def clean(text: str) -> str:
    """NFKC, homoglyphs folded, typographic apostrophes and dashes made plain, spaces collapsed."""
    text = unicodedata.normalize("NFKC", text)
    text = fold_homoglyphs(text)
    text = text.translate({ord(c): "'" for c in APOSTROPHES})
    text = text.translate({ord(c): "-" for c in DASHES})
    return " ".join(text.split())


@lru_cache(maxsize=1 << 16)  # names come back page after page
def fold(text: str) -> str:
    """A comparison key: cleaned, casefolded, accents and punctuation removed, `&` read as `and`."""
    text = clean(text).replace("&", " and ")
    text = strip_accents(text.casefold()).replace("'", "")
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(text.split())


MAX_SLUG = 200  # characters: a title or name longer than any real one keeps its start


@lru_cache(maxsize=1 << 16)  # names come back page after page
def slug(text: str) -> str:
    """An IRI-safe, lower-case ASCII slug; text with no Latin letters gets a short stable hash.
    A slug longer than MAX_SLUG is cut and given the hash of the whole text (still unique):
    a page whose title is a 500,000-character line would otherwise name its declaration
    with it, in each of its thousands of triples."""
    folded = fold(text)
    ascii_text = strip_accents(folded).encode("ascii", "ignore").decode("ascii")
    result = re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")
    if result and len(result) <= MAX_SLUG:
        return result
    digest = hashlib.sha256(folded.encode()).hexdigest()[:12]
    return f"{result[: MAX_SLUG - 13].rstrip('-')}-{digest}" if result else f"h-{digest}"


def counted(count: int, noun: str, plural: str | None = None) -> str:
    """`1 document`, `2 documents`, `1,352 triples`: a count with its noun in the right number."""
    return f"{count:,} {noun if count == 1 else plural or noun + 's'}"


# What a pattern's IGNORECASE equates that str.casefold() does not: `İ` and `ı` are `i`
# to it (every other letter of the words looked for folds as it matches).
CASELESS = {0x130: "I", 0x131: "i"}


def holds_any(text: str, words: tuple[str, ...]) -> bool:
    """Whether `text` holds one of `words` (casefolded) in any case: the quick look before
    a caseless pattern that needs one of them (several times faster than the pattern's
    search, which tries each of its words at every character)."""
    folded = text.translate(CASELESS).casefold()
    return any(word in folded for word in words)


SHORT_TEXT = 200  # characters: a name, a line, a sentence; longer texts seldom recur
REMEMBERED = 50_000  # short texts whose answers are kept


def remembered(ask: Asking) -> Asking:
    """`ask` (a function of a text, and of other hashable arguments), its answers about
    short texts kept (party names and place names recur on thousands of pages); a longer
    text (a paragraph, a page) is answered each time, never kept: it would keep its text."""
    kept = lru_cache(maxsize=REMEMBERED)(ask)

    @functools.wraps(ask)
    def answer(text: str, *rest: Hashable, **named: Hashable) -> Any:
        return (kept if len(text) <= SHORT_TEXT else ask)(text, *rest, **named)

    return cast(Asking, answer)
