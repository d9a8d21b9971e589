"""Dates as the pages write them, in the languages of the record.

`find_date` finds the first full date (day, month, year) in a text; an impossible date such as
31 February raises `DateError` rather than being moved to a real day.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from kg.errors import DateError

# Month names by language, nominative and genitive forms, with common abbreviations.
MONTHS: dict[str, tuple[str, ...]] = {
    "en": (
        "january jan", "february feb", "march mar", "april apr", "may", "june jun",
        "july jul", "august aug", "september sept sep", "october oct", "november nov",
        "december dec",
    ),
    "ru": (
        "января январь", "февраля февраль", "марта март", "апреля апрель", "мая май",
        "июня июнь", "июля июль", "августа август", "сентября сентябрь",
        "октября октябрь", "ноября ноябрь", "декабря декабрь",
    ),
    "es": (
        "enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
        "septiembre setiembre", "octubre", "noviembre", "diciembre",
    ),
    "pt": (
        "janeiro", "fevereiro", "março marco", "abril", "maio", "junho", "julho", "agosto",
        "setembro", "outubro", "novembro", "dezembro",
    ),
    "it": (
        "gennaio", "febbraio", "marzo", "aprile", "maggio", "giugno", "luglio", "agosto",
        "settembre", "ottobre", "novembre", "dicembre",
    ),
    "fr": (
        "janvier", "février fevrier", "mars", "avril", "mai", "juin", "juillet",
        "août aout", "septembre", "octobre", "novembre", "décembre decembre",
    ),
    "de": (
        "januar jänner", "februar", "märz", "april", "mai", "juni", "juli", "august",
        "september", "oktober", "november", "dezember",
    ),
    "el": (
        "ιανουαρίου ιανουάριος", "φεβρουαρίου φεβρουάριος", "μαρτίου μάρτιος",
        "απριλίου απρίλιος", "μαΐου μάιος", "ιουνίου ιούνιος", "ιουλίου ιούλιος",
        "αυγούστου αύγουστος", "σεπτεμβρίου σεπτέμβριος", "οκτωβρίου οκτώβριος",
        "νοεμβρίου νοέμβριος", "δεκεμβρίου δεκέμβριος",
    ),
    "cs": (
        "ledna leden", "února únor", "března březen", "dubna duben", "května květen",
        "června červen", "července červenec", "srpna srpen", "září", "října říjen",
        "listopadu listopad", "prosince prosinec",
    ),
}  # fmt: skip

MONTH_NUMBER: dict[str, int] = {
    name: number
    for forms in MONTHS.values()
    for number, names in enumerate(forms, start=1)
    for name in names.split()
}
# Longest first, so that `march` is not read as `mar` + `ch`.
_MONTH = "|".join(sorted(map(re.escape, MONTH_NUMBER), key=len, reverse=True))
_DAY_SUFFIX = r"(?:st|nd|rd|th|-?го|-?е|\.|º|°|η)?"

DAY_MONTH_YEAR = re.compile(
    rf"(?<!\d)(?P<day>\d{{1,2}}){_DAY_SUFFIX}\s+(?:of\s+|de\s+)?(?P<month>{_MONTH})\b\.?,?"
    rf"\s+(?:of\s+|de\s+|del\s+)?(?P<year>\d{{4}})(?!\d)",
    re.IGNORECASE,
)
MONTH_DAY_YEAR = re.compile(
    rf"\b(?P<month>{_MONTH})\b\.?\s+(?P<day>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<year>\d{{4}})(?!\d)",
    re.IGNORECASE,
)
# What may follow a date in a place-and-date line: `г.`, `года`, a full stop.
DATE_TAIL = re.compile(r"^\s*(?:г\.?|года|год)?\s*\.?\s*$", re.IGNORECASE)


@dataclass(frozen=True)
class DateMatch:
    date: dt.date
    start: int
    end: int
    text: str


def make_date(year: int, month: int, day: int, text: str) -> dt.date:
    """The date, or `DateError` naming the impossible text (31 February is not 3 March)."""
    try:
        return dt.date(year, month, day)
    except ValueError as err:
        raise DateError(
            f"impossible date {text!r}: {err}",
            excerpt=text,
            hint="check the source; the date is left out rather than guessed",
        ) from err


def find_date(text: str) -> DateMatch | None:
    """The first full date in `text`, in any supported language and order."""
    matches = [m for pattern in (DAY_MONTH_YEAR, MONTH_DAY_YEAR) if (m := pattern.search(text))]
    if not matches:
        return None
    match = min(matches, key=lambda m: m.start())
    month = MONTH_NUMBER[match.group("month").casefold()]
    date = make_date(int(match.group("year")), month, int(match.group("day")), match.group(0))
    return DateMatch(date, match.start(), match.end(), match.group(0))


def parse_full_date(text: str) -> dt.date | None:
    """A date that makes up the whole of `text` (a tail like `г.` allowed), else None."""
    found = find_date(text)
    if found is None or text[: found.start].strip() or not DATE_TAIL.match(text[found.end :]):
        return None
    return found.date


ROMAN = re.compile(r"^M{0,3}(CM|CD|D?C{0,3})(XC|XL|L?X{0,3})(IX|IV|V?I{0,3})$")
ROMAN_VALUES = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100, "D": 500, "M": 1000}


def roman_to_int(text: str) -> int | None:
    """`XII` → 12; None when `text` is not a well-formed Roman numeral."""
    text = text.upper()
    if not text or not ROMAN.match(text):
        return None
    total = 0
    for char, following in zip(text, [*text[1:], ""], strict=True):
        value = ROMAN_VALUES[char]
        total += -value if following and ROMAN_VALUES[following] > value else value
    return total
