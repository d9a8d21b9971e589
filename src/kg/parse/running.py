"""Parties listed in running text: `The meeting was attended by the CP of Argentina, WP of
Belgium, … and the Lebanese CP.`, `tendo estado presentes 13 partidos: o Partido Comunista
Sul-Africano, …`, `Among the participating parties were: A, B, C`.

A sentence lists parties when, after a cue (`attended by`, `participating parties were`,
`estado presentes`, `приняли участие`, …) or a colon, it runs on as three or more pieces
separated by commas and a last `and`, nearly all of which look like organisations (a party
word in some language, an acronym, a registry name). A country after a piece joins it
(`Party of the Communists, Mexico`).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from kg.parse.lists import MAX_ENTRY_WORDS, PARTY_WORDS, with_countries_joined

# What introduces the list, in the record's languages; the list follows the cue.
CUES = re.compile(
    r"(?:attended\s+by|participants\s+(?:were|included)|(?:participating|attending|present)"
    r"\s+(?:parties|organi[sz]ations)\s+(?:were|included)|parties\s+(?:that|who)\s+"
    r"(?:participated|took\s+part|attended)(?:\s+were)?|signed\s+by|with\s+the\s+participation\s+of"
    r"|(?:estado|estiveram|estavam)\s+presentes|participaram|com\s+a\s+participa[çc][ãa]o\s+d[eoa]s?"
    r"|participaron|asistieron|acudieron|estuvieron\s+presentes|con\s+la\s+participaci[óo]n\s+de"
    r"|hanno\s+partecipato|erano\s+presenti|con\s+la\s+partecipazione\s+d[ei]"
    r"|ont\s+particip[ée]|[ée]taient\s+pr[ée]sents|avec\s+la\s+participation\s+d[eu]s?"
    r"|приняли\s+участие|участвовали|присутствовали|συμμετείχαν)"
    r"[^:.;]{0,120}?:?\s",
    re.IGNORECASE,
)
# A last `and` before the last piece, in the record's languages.
LAST_AND = re.compile(r"\s+(?:and|e|y|et|i|и|και|und|och|a)\s+(?=\S)", re.IGNORECASE)
# Articles and phrases before a party's name that are not part of it.
LEADING = re.compile(
    r"^(?:(?:and|e|y|et|i|и|και)\s+)?(?:by\s+)?"
    r"(?:(?:the\s+)?(?:members|representatives?|delegations?)\s+of\s+(?:the\s+)?"
    r"(?:working\s+group\s+)?)?"
    r"(?:εκπρόσωποι\s+)?"
    r"(?:(?:the|o|a|os|as|el|la|los|las|il|lo|l'|i|gli|le|les|der|die|das|del|dos"
    r"|του|της|των|το|η|ο|οι|τα)\s+)?",
    re.IGNORECASE,
)
# Where a name begins after a lead-in: an article before a capital.
NAME_AFTER_ARTICLE = re.compile(
    r"(?:^|\s)(?:il|lo|la|l'|the|el|o|a|os|le|les|der|die|das|του|της)\s+(?=[A-ZÀ-ÝΑ-ΩА-Я])"
)
SENTENCE_END = re.compile(r"(?<![A-Z])[.;!?](?:\s|$)")
BRACKET_END = re.compile(r"\)")
PLAIN_NAME_WORDS = 8
MIN_PIECES = 3
PARTY_SHARE = 0.75  # of the pieces that must look like organisations


@dataclass(frozen=True)
class RunningList:
    cue: str  # the words that introduce it, as written
    entries: tuple[str, ...]


def listed_in_text(
    text: str, is_country: Callable[[str], bool], known_party: Callable[[str], bool]
) -> RunningList | None:
    """The parties a line of running text lists, or None."""
    best: tuple[float, int, RunningList] | None = None
    for start, cue in starts(text):
        rest = text[start:]
        end = (BRACKET_END if cue == "(" else SENTENCE_END).search(rest)
        pieces = pieces_of(rest[: end.start()] if end else rest, is_country)
        if len(pieces) < MIN_PIECES:
            continue
        share = sum(1 for p in pieces if looks_like_party(p, known_party)) / len(pieces)
        if share >= PARTY_SHARE and (best is None or (share, len(pieces)) > best[:2]):
            kept = tuple(p for p in pieces if looks_like_party(p, known_party) or plain_name(p))
            best = (share, len(pieces), RunningList(cue.strip(" :("), kept))
    return best[2] if best else None  # where the run is purest: `(A, B, C)` over its lead-in


def plain_name(piece: str) -> bool:
    """A name with no party word among names with one (`Sjednocená levice ze Španělska`): a
    short capitalised piece with no number (`13 partidos` is a lead-in, not a name)."""
    return (
        piece[:1].isupper()
        and len(piece.split()) <= PLAIN_NAME_WORDS
        and not re.search(r"\d", piece)
    )


def starts(text: str) -> list[tuple[int, str]]:
    """Where a list may begin: after each cue, each colon and each opening bracket."""
    found = [(m.end(), m.group(0)) for m in CUES.finditer(text)]
    found += [(m.end(), text[max(0, m.start() - 40) : m.end()]) for m in re.finditer(r":\s", text)]
    found += [(m.end(), "(") for m in re.finditer(r"\(", text)]
    return sorted(found)


def pieces_of(run: str, is_country: Callable[[str], bool]) -> list[str]:
    """The comma-separated pieces of a run, the last `and` a comma too, articles dropped, a
    country joined to the piece before it."""
    parts = [p for chunk in run.split(",") for p in split_and(chunk)]
    # A lead-in before a colon (`integrando todos os membros: o Partido …`) is not the name.
    parts = [p.rsplit(": ", 1)[-1] for p in parts]
    if parts and parts[0].strip()[:1].islower():  # `alla Riunione il Partito …`: a lead-in
        names = list(NAME_AFTER_ARTICLE.finditer(parts[0]))
        parts[0] = parts[0][names[-1].end() :] if names else parts[0]
    cleaned = [LEADING.sub("", p.strip()).strip(" .") for p in parts]
    return with_countries_joined(cleaned, is_country)


def split_and(chunk: str) -> list[str]:
    """`the CP of Cuba and the Lebanese CP` → two pieces, at each `and` with a party on both
    sides; `Party of Labour and Progress` stays whole."""
    for found in LAST_AND.finditer(chunk):
        left, right = chunk[: found.start()], chunk[found.end() :]
        if PARTY_WORDS.search(left) and PARTY_WORDS.search(right):
            return [left, *split_and(right)]
    return [chunk]


def looks_like_party(piece: str, known_party: Callable[[str], bool]) -> bool:
    words = len(piece.split())
    if words == 0 or words > MAX_ENTRY_WORDS:
        return False
    return bool(known_party(piece) or PARTY_WORDS.search(piece))
