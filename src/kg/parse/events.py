"""Event lines: `April 2, 2025 - April 6, 2025 - Madurai, Tamilnadu, India 24th Congress of …`."""

from __future__ import annotations

import re

from kg.model import EventMention, PlaceMention, Span
from kg.parse.dates import parse_full_date, roman_to_int

DATED_LINE = re.compile(
    r"^\s*(?P<start>[^-–]*?\d{4})\s+[-–]\s+(?:(?P<end>[^-–]*?\d{4})\s+[-–]\s+)?(?P<rest>\S.*?)\s*$"
)
EVENT_WORDS = (
    r"Congress|Conference|Meeting|Plenum|Festival|Congreso|Congresso|Congrès|Kongress"
    r"|sjezd|съезд|конференция|Συνέδριο"
)
ORDINAL_TITLE = re.compile(
    rf"(?<![\w-])(?P<ordinal>\d+(?:st|nd|rd|th|\.|-й|-я|-ой|º|°)?|[IVXLCDM]+\.?)\s+"
    rf"(?:[\w-]+\s+)?(?:{EVENT_WORDS})\b",
    re.IGNORECASE,
)
ORGANISER = re.compile(
    rf"(?:{EVENT_WORDS})\s+(?:of|de|del|da|do|dos|des|der)\s+(?:the\s+)?(?P<organiser>.+)$", re.I
)
CONGRESS = re.compile(r"congress|congreso|congresso|congrès|kongress|sjezd|съезд|συνέδριο", re.I)


def ordinal_value(token: str) -> int | None:
    """`24th` → 24, `XII` → 12, `22-й` → 22."""
    digits = re.match(r"\d+", token)
    if digits:
        return int(digits.group(0))
    return roman_to_int(token.rstrip("."))


def parse_event_line(text: str, line: int, language: str) -> EventMention | None:
    """An event line, or None when `text` is not one (it must start with a full date).

    Raises `DateError` for an impossible date in a line that is otherwise an event line.
    """
    match = DATED_LINE.match(text)
    if not match:
        return None
    start = parse_full_date(match.group("start"))
    if start is None:
        return None
    end = parse_full_date(match.group("end")) if match.group("end") else None
    rest = match.group("rest")
    title_match = ORDINAL_TITLE.search(rest)
    if title_match:
        place_text = rest[: title_match.start()].strip(" ,-–")
        title = rest[title_match.start() :].strip()
        ordinal = ordinal_value(title_match.group("ordinal"))
    else:
        place_text, title, ordinal = "", rest, None
    place = (
        PlaceMention(place_text, tuple(p.strip() for p in place_text.split(",")), language)
        if place_text
        else None
    )
    organiser = ORGANISER.search(title)
    return EventMention(
        raw=text.strip(),
        title=title,
        start=start,
        end=end,
        place=place,
        ordinal=ordinal,
        kind="congress" if CONGRESS.search(title) else "event",
        organiser=organiser.group("organiser").strip() if organiser else None,
        span=Span(line),
    )
