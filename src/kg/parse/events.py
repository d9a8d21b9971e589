"""Event lines: `April 2, 2025 - April 6, 2025 - Madurai, Tamilnadu, India 24th Congress of …`.

Also a single date, a span (`20-22 October 2023 - …`), and events announced without a date
or postponed (`Postponed - Spain XII Congress of …`).
"""

from __future__ import annotations

import re
from collections.abc import Callable

from kg.model import DateSpan, EventMention, PlaceMention, Span
from kg.parse.dates import parse_date_span, roman_to_int
from kg.text import holds_any

PARTS = re.compile(r"\s+[-–—]\s+")
STATUS = {
    "postponed": "postponed",
    "aplazado": "postponed",
    "adiado": "postponed",
    "rinviato": "postponed",
    "reporté": "postponed",
    "verschoben": "postponed",
    "отложен": "postponed",
    "tba": "scheduled",
    "to be announced": "scheduled",
    "date to be announced": "scheduled",
    "date tba": "scheduled",
    "por anunciar": "scheduled",
}
EVENT_WORDS = (
    r"Congress|Conference|Meeting|Plenum|Festival|Congreso|Congresso|Congrès|Kongress|Parteitag"
    r"|sjezd|съезд|конференция|Συνέδριο"
)
UNITS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}  # fmt: skip
TENS = {"twenty": 20, "thirty": 30}
WORD_ORDINALS = (
    rf"(?:(?:{'|'.join(TENS)})[-\s]?)?(?:{'|'.join(sorted(UNITS, key=len, reverse=True))})"
)
ORDINAL_TITLE = re.compile(
    rf"(?<![\w-])(?P<ordinal>\d+(?:st|nd|rd|th|\.|-й|-я|-ой|º|°|ª)?|(?-i:[IVXLCDM]+)\.?"
    rf"|{WORD_ORDINALS})\s+(?:[\w-]+\s+)?(?:{EVENT_WORDS})\b",
    re.IGNORECASE,
)
# The numbered International Meetings, as the pages name them in several languages.
MEETING_PATTERNS = (
    re.compile(
        rf"(?P<ordinal>\d+(?:st|nd|rd|th)?|{WORD_ORDINALS}|(?-i:[IVXLC]+))\s+IMCWP\b", re.IGNORECASE
    ),
    re.compile(
        rf"(?P<ordinal>\d+(?:st|nd|rd|th)|{WORD_ORDINALS})\s+International\s+Meeting\s+of\s+"
        r"Communist\s+and\s+Workers['’`]?\s+Parties",
        re.IGNORECASE,
    ),
    re.compile(
        r"(?P<ordinal>\d+)[ºª°]?\s+(?:Encuentro|Encontro|Incontro|Rencontre)\s+Internacional\w*\s+"
        r"(?:de|dei|des)\s+(?:los\s+|os\s+|les\s+)?Partid\w*\s+Comunist\w*",
        re.IGNORECASE,
    ),
    re.compile(r"(?P<ordinal>\d+)(?:ης|η)?\s+Διεθν\w*\s+Συνάντησ\w*", re.IGNORECASE),
    re.compile(
        r"(?P<ordinal>\d+)(?:-?(?:й|я|ая|ой|ей|го|ую))?\s+Международн\w*\s+встреч\w*\s+"
        r"Коммунистических\s+и\s+Рабочих\s+партий",
        re.IGNORECASE,
    ),
)
# A word each of the patterns needs: a text without one is spared them (their ordinals,
# tried at every place of every line, were a twentieth of parsing).
MEETING_WORDS = tuple(
    word.casefold()
    for word in (
        "IMCWP", "International", "Encuentro", "Encontro", "Incontro", "Rencontre", "Διεθν",
        "Международн",
    )
)  # fmt: skip


def may_name_a_meeting(text: str) -> bool:
    return holds_any(text, MEETING_WORDS)


def meetings_in(text: str) -> list[re.Match[str]]:
    """Every `MEETING_PATTERNS` match in `text`, pattern by pattern."""
    if not may_name_a_meeting(text):
        return []
    return [match for pattern in MEETING_PATTERNS for match in pattern.finditer(text)]


ORGANISER = re.compile(
    rf"(?:{EVENT_WORDS})\s+(?:of|de|del|da|do|dos|des|der|della|dello)\s+(?:the\s+|la\s+|los\s+)?"
    r"(?P<organiser>.+)$",
    re.I,
)
# `XI. sjezd KSČM`, `22-й съезд КПРФ`: the party's short name right after the word.
ORGANISER_ACRONYM = re.compile(
    rf"(?:{EVENT_WORDS})\s+(?P<organiser>(?-i:[A-ZА-ЯÀ-Ž][A-ZА-ЯÀ-Ž0-9()-]+))$", re.I
)
CONGRESS = re.compile(
    r"congress|congreso|congresso|congrès|kongress|parteitag|sjezd|съезд|συνέδριο", re.I
)
# A status written after the title: `22nd Congress of the KKE (postponed)`.
STATUS_SUFFIX = re.compile(
    r"\s*\((postponed|aplazado|adiado|rinviato|tba|to be announced)\)\s*$", re.I
)


def word_ordinal(text: str) -> int | None:
    """`Thirteenth` → 13, `twenty-second` → 22."""
    words = re.split(r"[-\s]+", text.casefold())
    if len(words) == 1:
        return UNITS.get(words[0])
    if len(words) == 2 and words[0] in TENS and words[1] in UNITS and UNITS[words[1]] < 10:
        return TENS[words[0]] + UNITS[words[1]]
    return None


def meeting_ordinal(match: re.Match[str]) -> int | None:
    """The number of the meeting a `MEETING_PATTERNS` match names."""
    token = match.group("ordinal")
    if token[0].isdigit():
        return int(re.sub(r"\D", "", token))
    return word_ordinal(token) or roman_to_int(token)


def find_meeting(text: str) -> re.Match[str] | None:
    """The first meeting `text` names (the earliest match; of two at one place, the one
    of the pattern listed first)."""
    if not may_name_a_meeting(text):
        return None
    matches = [m for pattern in MEETING_PATTERNS if (m := pattern.search(text))]
    return min(matches, key=lambda m: m.start()) if matches else None


def split_place(rest: str, is_country: Callable[[str], bool]) -> tuple[str, str] | None:
    """`Madrid, Spain Congress of the PCE` → (`Madrid, Spain`, `Congress of the PCE`): the
    longest start of the text whose last part ends with a country."""
    words = rest.split()
    for size in range(len(words) - 1, 0, -1):
        place = " ".join(words[:size]).rstrip(",")
        last = place.rsplit(",", 1)[-1].strip()
        if is_country(last) or (len(last.split()) > 1 and is_country(last.split()[-1])):
            return place, " ".join(words[size:])
    return None


def ordinal_value(token: str) -> int | None:
    """`24th` → 24, `XII` → 12, `22-й` → 22, `Thirteenth` → 13."""
    digits = re.match(r"\d+", token)
    if digits:
        return int(digits.group(0))
    return roman_to_int(token.rstrip(".")) or word_ordinal(token)


def parse_event_line(
    text: str,
    line: int,
    language: str,
    year: int | None = None,
    is_country: Callable[[str], bool] | None = None,
) -> EventMention | None:
    """An event line, or None when `text` is not one.

    It starts with a date (or a span, or a status such as `Postponed`), optionally an end
    date, then the place and the title. A title naming a numbered International Meeting is
    that meeting. Raises `DateError` for an impossible date.
    """
    parts = PARTS.split(text.strip())
    if len(parts) < 2:
        return None
    status = STATUS.get(parts[0].casefold().strip(" :"))
    first: DateSpan | None = None
    if status is None:
        first = parse_date_span(parts[0], year)
        if first is None:
            return None
        if first.precision != "day":  # `April 2025`: no day is known; none is made up
            status, first = "month-only", None
    rest_parts = parts[1:]
    last: DateSpan | None = None
    if first is not None and len(rest_parts) > 1:
        last = parse_date_span(rest_parts[0], year)
        if last is not None:
            rest_parts = rest_parts[1:]
    rest = " - ".join(rest_parts)
    meeting = find_meeting(rest)
    title_match = ORDINAL_TITLE.search(rest)
    split = split_place(rest, is_country) if is_country else None
    if meeting:
        place_text, title, ordinal = rest[: meeting.start()], rest[meeting.start() :], None
        ordinal = meeting_ordinal(meeting)
    elif title_match:
        place_text, title = rest[: title_match.start()], rest[title_match.start() :]
        ordinal = ordinal_value(title_match.group("ordinal"))
    elif split:
        place_text, title, ordinal = split[0], split[1], None
    elif status is not None:
        return None  # a status word before text that names no event
    else:
        place_text, title, ordinal = "", rest, None
    place_text = place_text.strip(" ,-–")
    title = title.strip()
    if suffix := STATUS_SUFFIX.search(title):
        status = status or STATUS.get(suffix.group(1).casefold())
        title = title[: suffix.start()].strip()
    place = (
        PlaceMention(place_text, tuple(p.strip() for p in place_text.split(",")), language)
        if place_text
        else None
    )
    organiser = None if meeting else ORGANISER.search(title) or ORGANISER_ACRONYM.search(title)
    kind = "meeting" if meeting else "congress" if CONGRESS.search(title) else "event"
    return EventMention(
        raw=text.strip(),
        title=title,
        start=first.start if first else None,
        end=(last.end if last else first.end) if first else None,
        place=place,
        ordinal=ordinal,
        kind=kind,
        organiser=organiser.group("organiser").strip() if organiser else None,
        span=Span(line),
        status=status,
        year_inferred=bool(first and first.year_inferred),
    )
