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
from dataclasses import dataclass, replace

from kg.parse.lists import MAX_ENTRY_WORDS, PARTY_WORDS, with_countries_joined
from kg.text import holds_any

# What introduces the list, in the record's languages; the list follows the cue.
CUES = re.compile(
    r"(?:attended\s+by|participants\s+(?:were|included)|(?:participating|attending|present)"
    r"\s+(?:parties|organi[sz]ations)\s+(?:were|included)|parties\s+(?:that|who)\s+"
    r"(?:participated|took\s+part|attended)(?:\s+were)?|signed\s+by|with\s+the\s+participation\s+of"
    r"|(?:estado|estiveram|estavam)\s+presentes|participaram|com\s+a\s+participa[çc][ãa]o\s+d[eoa]s?"
    r"|participaron|asistieron|acudieron|estuvieron\s+presentes|con\s+la\s+participaci[óo]n\s+de"
    r"|hanno\s+partecipato|erano\s+presenti|con\s+la\s+partecipazione\s+d[ei]"
    r"|ont\s+particip[ée]|[ée]taient\s+pr[ée]sents|avec\s+la\s+participation\s+d[eu]s?"
    r"|приняли\s+участие|участвовали|присутствовали|συμμετείχαν"
    r"|representing|representando|repr[ée]sentant|representerande|представляющ\w+"
    r"|namely|nomeadamente|[àa]\s+savoir|cio[èe]"
    r"|(?:statement|declaration|communiqu[ée]|appeal)\s+(?:of|by)\s+(?:the\s+)?"
    r"(?:general\s+secretar(?:y|ies)|leaders(?:hips)?|central\s+committees)\s+of)"
    r"[^:.;]{0,120}?:?\s",
    re.IGNORECASE,
)
# A word each cue above holds (its first, or a stem of it): a line without one has no cue,
# and the cues' pattern, which tries each word at every character, need not look at it.
CUE_WORDS = tuple(
    word.casefold()
    for word in (
        "attended", "particip", "partecip", "attending", "present", "présent", "parties",
        "signed", "estado", "estiveram", "estavam", "asistieron", "acudieron", "estuvieron",
        "étaient", "etaient", "участ", "присутств", "συμμετείχαν", "represent", "représent",
        "представляющ", "namely", "nomeadamente", "savoir", "cioè", "cioe", "statement",
        "declaration", "communiqu", "appeal",
    )
)  # fmt: skip


def may_cue(text: str) -> bool:
    return holds_any(text, CUE_WORDS)


# A last `and` before the last piece, in the record's languages.
LAST_AND = re.compile(r"\s+(?:and|e|y|et|i|и|και|und|och|a)\s+(?=\S)", re.IGNORECASE)
# Articles and phrases before a party's name that are not part of it.
LEADING = re.compile(
    r"^(?:(?:and|e|y|et|i|и|και)\s+)?(?:by\s+)?(?:namely\s+|nomeadamente\s+|cio[èe]\s+)?"
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
# A clause after the last name (`… och Sveriges Kommunistiska Parti som möttes i …`).
RELATIVE = re.compile(r"\s+(?:som|that|which|who|que|qui|che|которые|который|που)\s+.*$")
SENTENCE_END = re.compile(r"(?<![A-Z])[.;!?](?:\s|$)")
PLAIN_NAME_WORDS = 8
MIN_PIECES = 3
PARTY_SHARE = 0.75  # of the pieces that must look like organisations


@dataclass(frozen=True)
class RunningList:
    cue: str  # the words that introduce it, as written
    entries: tuple[str, ...]


def listed_in_text(
    text: str,
    is_country: Callable[[str], bool],
    known_party: Callable[[str], bool],
    limit: int | None = None,
) -> RunningList | None:
    """The parties a line of running text lists, or None; of a run longer than `limit`
    (a hostile page), its first `limit` + 1 pieces only: those after are never read."""
    best: tuple[float, int, RunningList] | None = None
    for start, cue in starts(text):
        rest = text[start:]
        end = closing_bracket(rest) if cue == "(" else SENTENCE_END.search(rest)
        pieces = pieces_of(rest[: end.start()] if end else rest, is_country)
        pieces = pieces[: limit + 1] if limit is not None else pieces
        if len(pieces) < MIN_PIECES:
            continue
        share = sum(1 for p in pieces if looks_like_party(p, known_party)) / len(pieces)
        if share >= PARTY_SHARE and (best is None or (share, len(pieces)) > best[:2]):
            kept = tuple(p for p in pieces if looks_like_party(p, known_party) or plain_name(p))
            best = (share, len(pieces), RunningList(cue.strip(" :("), kept))
    return best[2] if best else None  # where the run is purest: `(A, B, C)` over its lead-in


def closing_bracket(rest: str) -> re.Match[str] | None:
    """The bracket that closes the one opened before `rest`: `(A, B (Marxist), C)`."""
    depth = 1
    for bracket in re.finditer(r"[()]", rest):
        depth += 1 if bracket.group(0) == "(" else -1
        if depth == 0:
            return bracket
    return None


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
    found = [(m.end(), m.group(0)) for m in CUES.finditer(text)] if may_cue(text) else []
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
    if parts:
        parts[-1] = RELATIVE.sub("", parts[-1])
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


# Parties named by their countries: `i rappresentanti dei PPCC di Cuba, Brasile (PCdoB), …`,
# `главы компартий Белоруссии (Игорь Карпенко), России (…)`, `the CPs of Cuba, Brazil …`.
COUNTRY_CUES = re.compile(
    r"(?:\bPPCC|\bpartiti\s+comunisti(?:\s+e\s+operai)?|\bCPs|\bcommunist\s+(?:and\s+workers['’]?\s+)?"
    r"parties|\bpartidos\s+comunistas(?:\s+[ey]\s+(?:obreros|oper[áa]rios))?|\bpartis\s+communistes"
    r"|\bкомпартий|\bкоммунистических\s+партий)"
    r"\s+(?:(?:of|from|di|de|da|del|des|du)\s+(?:the\s+following\s+countries\s*:?\s*)?)?",
    re.IGNORECASE,
)
COUNTRY_RUN_END = re.compile(r"(?<![A-Z])[.!?](?:\s|$)")  # `;` parts the run by region
AND_WORD = r"(?:and|e|y|et|i|и|och|και)"
AND_SEPARATOR = rf"\s+{AND_WORD}\s+"
ACRONYM = re.compile(r"^[A-ZÀ-ÝА-ЯΑ-Ω][\w-]*[A-ZА-ЯΑ-Ω][\w-]*(?:\s*\([a-zA-Z]{1,2}\))?$")
# `Brasile (PCdoB)`, `Sudan dall'Africa`, `Белоруссии (Игорь Карпенко)`: a country, what the
# brackets say about its party, and a lower-case tail (the region) that is no part of it.
COUNTRY_PIECE = re.compile(
    r"^(?P<country>[^\s(][^(]*?)\s*(?:\((?P<inner>[^()]*)\))?(?:\s+(?P<tail>[^\W\dA-ZÀ-ÝА-ЯΑ-Ω]\S*.*))?$"
)


@dataclass(frozen=True)
class CountryNamed:
    """A party a sentence names by its country (`Cuba`), or by an acronym after it."""

    raw: str  # as written: `Brasile (PCdoB)`, `Cuba`, `PCFR` (one of `Russia (PCFR e WP)`)
    name: str | None  # the acronym that names the party, if the text gives one
    country: str  # the country as written


def countries_in_text(
    text: str, country_of: Callable[[str], str | None]
) -> tuple[str, tuple[CountryNamed, ...]] | None:
    """The parties a line names by country after `the communist parties of`, or None."""
    for cue in COUNTRY_CUES.finditer(text):
        rest = text[cue.end() :]
        end = COUNTRY_RUN_END.search(rest)
        pieces = top_level_pieces(rest[: end.start()] if end else rest)
        named = with_lead_in_country(pieces, country_of)
        countries = {entry.country for entry in named}
        if len(countries) >= MIN_PIECES and len(named) >= PARTY_SHARE * len(pieces):
            return cue.group(0).strip(), tuple(named)
    return None


def with_lead_in_country(
    pieces: list[str], country_of: Callable[[str], str | None]
) -> list[CountryNamed]:
    """The parties the pieces name; acronyms after a lead-in that names their country (`i
    due PPCC indiani, CPI e CPI (m)`) are of that country."""
    named: list[CountryNamed] = []
    lead_in = ""
    for piece in pieces:
        found = country_named(piece, country_of)
        if not found and (words := piece.split()) and country_of(words[-1]):
            lead_in = words[-1]
        elif found and found[0].country:
            lead_in = ""
        named += [replace(f, country=lead_in) if not f.country else f for f in found]
    return named


def top_level_pieces(run: str) -> list[str]:
    """`Cuba, Palestina (PPP e PC); Sudafrica e Sudan` → `Cuba`, `Palestina (PPP e PC)`,
    `Sudafrica`, `Sudan`: commas, semicolons and `and` outside brackets part the pieces."""
    pieces, depth, current = [], 0, ""
    for token in re.split(rf"([(),;]|{AND_SEPARATOR})", run):
        if token == "(":
            depth += 1
        elif token == ")":
            depth = max(0, depth - 1)
        if depth == 0 and (token in (",", ";") or re.fullmatch(AND_SEPARATOR, token)):
            pieces.append(current)
            current = ""
        else:
            current += token
    pieces.append(current)
    return [p.strip(" .") for p in pieces if p.strip(" .")]


def country_named(piece: str, country_of: Callable[[str], str | None]) -> list[CountryNamed]:
    """The parties one piece names: `Cuba`, `Brasile (PCdoB)`, two for `Belgio (PC e PTB)`;
    an acronym alone (`CPI (m)`) is one with no country; anything else none."""
    found = COUNTRY_PIECE.match(piece)
    if not found:
        return []
    raw = piece[: found.start("tail")].strip() if found.group("tail") else piece
    if ACRONYM.match(raw):
        return [CountryNamed(raw, raw, "")]
    country, inner = found.group("country"), (found.group("inner") or "").strip()
    if country_of(country) is None:
        return []
    acronyms = [a for a in re.split(rf",\s*|{AND_SEPARATOR}", inner) if a]
    if len(acronyms) > 1 and all(ACRONYM.match(a) for a in acronyms):
        return [CountryNamed(a, a, country) for a in acronyms]
    return [CountryNamed(raw, inner if ACRONYM.match(inner) else None, country)]
