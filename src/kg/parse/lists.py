"""Signatory lists in every shape the record prints them.

Numbered (any padding), bulleted, dashed, one per line, blank-line separated, TAB tables
with a `Party` header, comma run-ons (where `PADS, Algeria` is one party), under headings in
several languages and in more than one group. The list is the block after a heading, or
else the trailing block of entry-like lines after the bodies.

One module over 400 lines: the list shapes are read by one scanner whose states
(heading, group, run-on, table) share their helpers; split, each part would import the rest.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from kg.model import SignatoryEntry, Span
from kg.parse.languages import name_language

NUMBERED = re.compile(
    r"^\s*\(?(?P<number>\d{1,5})\s*[.)](?:\s*(?P<text>.*?))?\s*$"  # `1.`, `1)`, `(1)`
)
BULLET = re.compile(r"^\s*(?:[•·*▪●◦►▸○■□‣⁃]|[-–—](?=\s))\s*(?P<text>.+?)\s*$")
# Words of headings over signatory lists, in the languages of the record.
HEADING_WORDS = re.compile(
    r"part(?:y|ies|iti|ito|idos?|is|its|eien|ie|ij|ier)\b|signator|subscri|firmant|firmatar|signed"
    r"|firma|suscri|assin|signent|participa|attend|участни|συμμετ"
    r"|signatair|unterzeichn|подпис|партии|υπογρ|κόμματα|sygnatariusz|podpis|signatář|podepsan"
    r"|lista\b|list of",
    re.IGNORECASE,
)
# A list of the parties present at a meeting, not of those who signed a text.
ATTENDEES = re.compile(r"participa|attend|present|участни|συμμετ", re.IGNORECASE)
UPDATED = re.compile(r"\((?:updated|actualizad[ao]|aggiornat[ao]|atualizad[ao]|обновл\w*)\)", re.I)
# Words that make a short line look like a party's name rather than a sentence.
PARTY_WORDS = re.compile(
    r"\b(?:CP|WP|NCP|UCP|SWP|CWP|part(?:y|ido|ito|it|i|ei|ia|ij|isi)|communist\w*|comunist\w*"
    r"|komunist\w*|kommunist\w*|workers|trabajadores|trabalhadores|lavoratori|front|union"
    r"|league|movement|strana|парти\w*|коммунист\w*|κόμμα\w*|κομμουνιστ\w*|κκε|tudeh"
    r"|organi[sz]\w*|allian\w*|coalition|youth|young|juventud\w*|juventude|jeunes\w*"
    r"|federa\w*|tribun[ea])\b"
    r"|(?-i:\b[A-ZÄÖÜΑ-ΩА-Я]{2,}(?:\([A-Z]\))?(?:-\d+)?\b)",
    re.IGNORECASE,
)
# A `;` or `,` ending an entry, or a `.` after a word's last letter or a bracket.
ENTRY_END = re.compile(r"\s*[;,]\s*$|(?<=[a-zà-ÿа-яα-ω)\]])\.\s*$")
LONG_RUN = 8  # commas: a run this long is a list even with a sentence after it
RUN_ON_SHARE = 0.5  # of a run-on's pieces that name parties (a country alone is a piece too)
# Emoji, flags and other symbols some pages put before each entry, as bullets.
SYMBOLS = re.compile(r"^[\U0001F000-\U0001FAFF\u2600-\u27BF\uFE0F\u200D\s]+")
# A demand or an action point starts with a verb: `Ending …`, `Respecting …`, `Express …`.
DEMAND = re.compile(
    r"^(?:\w+ing|express|support|call|demand|condemn|denounce|solidarity\s+with|long\s+live"
    r"|viva|hands\s+off|stop|no\s+to)\b",
    re.IGNORECASE,
)
# A meeting's name is a title or a heading over a page, not a signatory.
MEETING_NAME = re.compile(
    r"\bInternational\s+Meeting\b|\bIMCWP\b|Международн\w+\s+встреч|Διεθνής\s+Συνάντηση"
)
# A line of prose wrapped at a fixed width: it starts in the middle of a sentence and stops
# at a word that needs the next line (`political solidarity and support among Communist and`).
WRAPPED_PROSE = re.compile(
    r"^[a-zà-ÿа-яα-ω].*\s(?:and|or|of|the|a|an|to|in|on|for|with|among|by|de|del|da|do|di"
    r"|la|le|et|e|y|und|и|в|και|του|της)$"
)
MAX_ENTRY = 150
MAX_TRAILING_NOISE = 3  # lines of page furniture allowed after a list
GLUED = re.compile(r"(?<=[a-zà-ÿ])(?=[A-ZÀ-Ý][a-zà-ÿ]{3,})")  # `…AustràliaPartit …`
MAX_ENTRY_WORDS = 14  # a party's name is rarely longer
TABLE_PARTY = re.compile(r"part(?:y|ido|ito|i|ei|ia)|organi[sz]ation|партия|κόμμα", re.I)
TABLE_COUNTRY = re.compile(r"country|pa[ií]s|paese|pays|land|страна|χώρα|kraj|země", re.I)


@dataclass(frozen=True)
class Line:
    number: int  # 1-based
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


@dataclass(frozen=True)
class ListGroup:
    """One printed list: its heading (if any) and its entries, with gaps noticed."""

    heading: str | None
    entries: tuple[SignatoryEntry, ...]
    updated: bool
    gaps: tuple[tuple[int, int, int], ...]  # (line, previous number, next number)
    empty: tuple[tuple[int, int], ...]  # (line, number) of entries with no text
    starts_at: int | None = None  # the first number of a numbered list
    glued: tuple[tuple[int, str], ...] = ()  # (line, text) of two names with no break between

    @property
    def role(self) -> str:
        return "attendees" if self.heading and ATTENDEES.search(self.heading) else "signatories"


PLURAL_HEADING = (
    r"(?:the\s+)?(?:\w+\s+){0,2}(?:parties|partiti|partidos|partis|parteien|partier|partie"
    r"|партии|κόμματα)(?:\s*\(.*\))?"
)


def is_heading(text: str) -> bool:
    """`Subscribing Parties:`, `SolidNet Parties`, `Altri partiti:`, `(updated)` lists."""
    stripped = text.strip()
    if not stripped or NUMBERED.match(stripped) or "\t" in text:
        return False  # a TAB makes it a table's row, even the `Country<TAB>Party` header
    if len(stripped) > MAX_ENTRY:  # a sentence that ends by announcing the list
        return stripped.endswith(":") and bool(HEADING_WORDS.search(stripped[-80:]))
    if not HEADING_WORDS.search(stripped):
        return False
    plain = UPDATED.sub("", stripped).strip()
    # `SolidNet Parties`, `Other parties`: parties, plural; `Portuguese Communist Party` is
    # a name, whatever its last word.
    return plain.endswith(":") or bool(re.fullmatch(PLURAL_HEADING, plain, re.I))


def without_separator(text: str) -> str:
    """An entry without the punctuation that separates it from the next (`CP of Cuba;`,
    `Workers' Party of Korea.`) and the symbols that mark it (`🇱🇧🚩`): list punctuation,
    not part of the name."""
    return ENTRY_END.sub("", SYMBOLS.sub("", text.strip()))


def looks_like_entry(text: str, known_party: Callable[[str], bool]) -> bool:
    stripped = without_separator(text)
    if not stripped or len(stripped) > MAX_ENTRY or WRAPPED_PROSE.match(stripped):
        return False
    if "\t" in text:
        return True
    if NUMBERED.match(stripped) or BULLET.match(text):  # marked: unless a demand or a sentence
        inner = strip_marker(stripped).strip()
        return not DEMAND.match(inner) and len(inner.split()) <= MAX_ENTRY_WORDS + 4
    if known_party(stripped):
        return True
    if DEMAND.match(stripped) or MEETING_NAME.search(stripped):
        return False  # a slogan or a title: `Solidarity with …`, `22nd International Meeting …`
    if stripped[0].islower():
        return False  # the rest of a sentence wrapped from the line above
    words = len(stripped.split())
    # A sentence is body text, not a party's name: it ends like one, or runs long.
    if stripped.endswith(("!", "?", ";", ":")) or (stripped.endswith(".") and words > 5):
        return False
    if words > MAX_ENTRY_WORDS or re.search(r"[.!?]\s(?!\()", stripped):
        return False
    return bool(PARTY_WORDS.search(stripped))


COUNTRY_DASH = re.compile(r"^[^–—-]{2,40}\s[–—-]\s")


def sandwiched(lines: Sequence[Line], index: int, known_party: Callable[[str], bool]) -> bool:
    """A short line between two entries (`Akel – Cyprus`, a name with no party word) is an
    entry too: a list does not stop for one name kg cannot vouch for."""
    text = lines[index].text.strip()
    # `Chad – Action Tchadienne pour l'Unité et le Socialisme – parti …`: a long name in the
    # list's own `Country – Party` shape.
    longest = 2 * MAX_ENTRY_WORDS if COUNTRY_DASH.match(text) else MAX_ENTRY_WORDS
    if not text or len(text.split()) > longest or re.search(r"[.!?:]\s|:$|\d", text):
        return False  # a sentence, a heading, or a place and date line
    before = next((ln for ln in reversed(lines[:index]) if not ln.blank), None)
    after = next((ln for ln in lines[index + 1 :] if not ln.blank), None)
    return all(ln is not None and looks_like_entry(ln.text, known_party) for ln in (before, after))


def is_marked(line: Line, known_party: Callable[[str], bool]) -> bool:
    """An entry that says it is one: numbered, bulleted, a table row, or a known party."""
    text = line.text
    return bool(NUMBERED.match(text) or BULLET.match(text) or "\t" in text) or known_party(
        text.strip()
    )


def run_on_part(text: str) -> str:
    """The run of a line that is a run-on list, without a sentence that follows it on the
    same line (`A, B, …, Z. Also present were …`) when the run is long."""
    end = re.search(r"(?<![A-Z])[.!?]\s", text)
    if end and text[: end.start()].count(",") >= LONG_RUN:
        return text[: end.start()]
    return text


def is_run_on(text: str) -> bool:
    """A comma-separated run of parties on one line: most of its pieces name one (a long
    sentence with commas is not a list)."""
    text = run_on_part(text)
    if text.count(",") < 3 or re.search(r"[.!?]\s", text):
        return False
    pieces = [p.strip() for p in text.split(",") if p.strip()]
    if any(len(p.split()) > MAX_ENTRY_WORDS for p in pieces):
        return False
    if sum(1 for p in pieces if p[0].islower() or p[0].isdigit()) > 1:
        return False  # clauses of a sentence, not names
    return sum(1 for p in pieces if PARTY_WORDS.search(p)) >= RUN_ON_SHARE * len(pieces)


def find_list_region(lines: Sequence[Line], known_party: Callable[[str], bool]) -> tuple[int, int]:
    """The [start, end) indexes of the list block in `lines` (start == end when none).

    After the first heading line that is followed by entries; else the last block of
    entry-like lines (blank lines and wrapped continuation lines allowed inside it, a few
    lines of page furniture such as `More news` allowed after it); else a final run-on line.
    """
    end = len(lines)
    while end > 0 and lines[end - 1].blank:
        end -= 1
    for index, line in enumerate(lines[:end]):
        if is_heading(line.text):
            following = [ln for ln in lines[index + 1 : end] if not ln.blank][:2]
            if following and all(
                looks_like_entry(ln.text, known_party) or is_run_on(ln.text) or is_heading(ln.text)
                for ln in following
            ):
                # A first group may stand without a heading just before this one, if its
                # entries say they are entries.
                start = block_start(lines, index, known_party)
                headless = sum(1 for ln in lines[start:index] if is_marked(ln, known_party)) >= 2
                return (start if headless else index), headed_end(lines, index, end, known_party)
    block_end = end
    for _ in range(MAX_TRAILING_NOISE + 1):
        start = block_start(lines, block_end, known_party)
        if sum(1 for ln in lines[start:block_end] if not ln.blank) >= 2:
            return start, block_end
        if start == block_end and block_end > 0 and is_run_on(lines[block_end - 1].text):
            return block_end - 1, block_end  # a paragraph that is a run of names
        block_end -= 1  # one more line of furniture after the list?
        while block_end > 0 and lines[block_end - 1].blank:
            block_end -= 1
        if block_end <= 0 or len(lines[block_end].text.strip()) > MAX_ENTRY:
            break
    if end > 0 and is_run_on(lines[end - 1].text):
        return end - 1, end
    return end, end


def headed_end(
    lines: Sequence[Line], heading: int, end: int, known_party: Callable[[str], bool]
) -> int:
    """Where a headed list ends: at the first line after it that is not an entry, a heading
    or blank (a signature block, page furniture), so that it is not read as a party."""
    index = heading + 1
    last = index
    while index < end:
        line = lines[index]
        if not line.blank:
            if not (
                looks_like_entry(line.text, known_party)
                or is_run_on(line.text)
                or is_heading(line.text)
                or sandwiched(lines[:end], index, known_party)
            ):
                wrapped = (
                    index + 1 < end
                    and NUMBERED.match(lines[index - 1].text)
                    and NUMBERED.match(lines[index + 1].text)
                )
                if not wrapped:
                    break
            last = index + 1
        index += 1
    return last


def block_start(lines: Sequence[Line], end: int, known_party: Callable[[str], bool]) -> int:
    """Where the block of entry-like lines ending at `end` starts."""
    start = end
    while start > 0:
        line = lines[start - 1]
        # A wrapped entry is kept too: `20. CP of India` / `(Marxist)` / `21. …`.
        if (
            line.blank
            or looks_like_entry(line.text, known_party)
            or (start < end and sandwiched(lines[:end], start - 1, known_party))
            or (
                start - 2 >= 0
                and start < end
                and NUMBERED.match(lines[start - 2].text)
                and NUMBERED.match(lines[start].text)
                and len(line.text.strip()) <= MAX_ENTRY
            )
        ):
            start -= 1
        else:
            break
    while start < end and lines[start].blank:
        start += 1
    return start


def split_run_on(text: str, is_country: Callable[[str], bool]) -> list[str]:
    """`KKE, PADS, Algeria, AKEL` → [`KKE`, `PADS, Algeria`, `AKEL`]."""
    return with_countries_joined([p.strip() for p in text.split(",")], is_country)


def with_countries_joined(pieces: list[str], is_country: Callable[[str], bool]) -> list[str]:
    """A country joins the piece before it (`PADS, Algeria` is one party); empty pieces go."""
    joined: list[str] = []
    for piece in pieces:
        if not piece:
            continue
        if joined and is_country(piece) and "," not in joined[-1]:
            joined[-1] = f"{joined[-1]}, {piece}"
        else:
            joined.append(piece)
    return joined


def read_groups(
    lines: Sequence[Line],
    language_of: Callable[[str], str],
    is_country: Callable[[str], bool],
    known_party: Callable[[str], bool] = lambda _: False,
    limit: int | None = None,
) -> list[ListGroup]:
    """The list block's groups: a heading starts a group; entries in any of the shapes. Of a
    group longer than `limit` (a hostile page), only its first `limit` + 1 entries are
    read further (each costs a language guess here, a resolution later)."""
    groups: list[ListGroup] = []
    heading: str | None = None
    block: list[Line] = []

    def close() -> None:
        if block or heading:
            groups.append(read_group(heading, block, language_of, is_country, known_party, limit))

    for line in lines:
        if is_heading(line.text) and not (block and "\t" in line.text):
            close()
            heading, block = strip_marker(line.text).strip(), []
        else:
            block.append(line)
    close()
    return [g for g in groups if g.entries or g.heading]


def read_group(
    heading: str | None,
    lines: Sequence[Line],
    language_of: Callable[[str], str],
    is_country: Callable[[str], bool],
    known_party: Callable[[str], bool] = lambda _: False,
    limit: int | None = None,
) -> ListGroup:
    content = [line for line in lines if not line.blank]
    language = language_of("\n".join(strip_marker(ln.text) for ln in content)) if content else "und"
    entries: list[SignatoryEntry] = []
    gaps: list[tuple[int, int, int]] = []
    empty: list[tuple[int, int]] = []
    glued: list[tuple[int, str]] = []
    previous: int | None = None
    columns: tuple[int, int | None] | None = None  # (party column, country column) of a table
    numbered_list = sum(1 for ln in content if NUMBERED.match(ln.text)) > len(content) / 2
    first_number: int | None = None
    last_line = -1  # the line the entry above ends on
    for line in content:
        if "\t" in line.text:
            cells = [c.strip() for c in line.text.split("\t")]
            if columns is None and any(TABLE_PARTY.fullmatch(c) for c in cells):
                party = next(i for i, c in enumerate(cells) if TABLE_PARTY.fullmatch(c))
                country = next((i for i, c in enumerate(cells) if TABLE_COUNTRY.fullmatch(c)), None)
                columns = (party, country)
                continue
            if columns is not None:
                party_cell = cells[columns[0]] if columns[0] < len(cells) else ""
                country_cell = (
                    cells[columns[1]]
                    if columns[1] is not None and columns[1] < len(cells)
                    else None
                )
                if party_cell:
                    entries.append(
                        SignatoryEntry(
                            None, line.text.strip(), language, Span(line.number), party_cell,
                            country_cell or None,
                        )
                    )  # fmt: skip
                continue
        numbered = NUMBERED.match(line.text)
        if numbered:
            number = int(numbered.group("number"))
            first_number = number if first_number is None else first_number
            if previous is not None and number > previous + 1:
                gaps.append((line.number, previous, number))
            previous = number
            text = without_separator(numbered.group("text") or "")
            if not text:
                empty.append((line.number, number))
                continue
            entries.append(SignatoryEntry(number, text, language, Span(line.number)))
            last_line = line.number
            continue
        bullet = BULLET.match(line.text)
        wrapped = (
            not bullet
            and numbered_list
            and entries
            and entries[-1].position is not None
            and last_line == line.number - 1  # right below, no blank line between
            and not known_party(line.text.strip())
        )
        last_line = line.number
        if wrapped:
            last = entries[-1]  # a wrapped line of the entry above
            entries[-1] = replace(last, raw=f"{last.raw} {line.text.strip()}")
            continue
        text = without_separator(bullet.group("text") if bullet else line.text)
        pieces = split_run_on(run_on_part(text), is_country) if is_run_on(text) else [text]
        if len(pieces) == 1 and len(unglued := split_glued(text)) > 1:
            glued.append((line.number, text))
            pieces = unglued
        for piece in pieces:
            entries.append(SignatoryEntry(None, piece, language, Span(line.number)))
    # Each name in its own language: a list may mix German, English and French names.
    entries = entries[: limit + 1] if limit is not None else entries
    entries = [replace(e, language=name_language(e.mention) or e.language) for e in entries]
    return ListGroup(
        heading=heading,
        entries=tuple(entries),
        updated=bool(heading and UPDATED.search(heading)),
        gaps=tuple(gaps),
        empty=tuple(empty),
        starts_at=first_number,
        glued=tuple(glued),
    )


def split_glued(text: str) -> list[str]:
    """`Partit Comunista d'AustràliaPartit Comunista Brasiler`: two names whose line break
    was lost, parted where a name's first party word starts inside a word."""
    for seam in GLUED.finditer(text):
        left, right = text[: seam.start()], text[seam.start() :]
        if PARTY_WORDS.search(left) and PARTY_WORDS.match(right.lower()):
            return [left, *split_glued(right)]
    return [text]


def strip_marker(text: str) -> str:
    numbered = NUMBERED.match(text)
    if numbered:
        return numbered.group("text") or ""
    bullet = BULLET.match(text)
    return bullet.group("text") if bullet else text
