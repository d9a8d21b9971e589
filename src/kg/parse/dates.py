"""Dates as the pages write them, in the languages of the record.

`find_dates` finds dates and spans of dates (`8-10 November 2013`, `18, 19 and 20 October`,
`from March 30 to April 2, 2017`, `22/06/2025`, `Noviembre del 2012`); a date without a year
takes one from the context and says so. An impossible date such as 31 February raises
`DateError` rather than being moved to a real day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable, Iterator
from typing import Any

from kg.errors import DateError
from kg.model import DateSpan
from kg.text import remembered

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
        # the written genitive and nominative, and the spoken forms (`10 Νοέμβρη 2013`)
        "ιανουαρίου ιανουάριος γενάρη", "φεβρουαρίου φεβρουάριος φλεβάρη",
        "μαρτίου μάρτιος μάρτη", "απριλίου απρίλιος απρίλη", "μαΐου μάιος μάη",
        "ιουνίου ιούνιος ιούνη", "ιουλίου ιούλιος ιούλη", "αυγούστου αύγουστος αυγούστου",
        "σεπτεμβρίου σεπτέμβριος σεπτέμβρη", "οκτωβρίου οκτώβριος οκτώβρη",
        "νοεμβρίου νοέμβριος νοέμβρη", "δεκεμβρίου δεκέμβριος δεκέμβρη",
    ),
    "pl": (
        "stycznia styczeń", "lutego luty", "marca marzec", "kwietnia kwiecień", "maja maj",
        "czerwca czerwiec", "lipca lipiec", "sierpnia sierpień", "września wrzesień",
        "października październik", "listopada listopad", "grudnia grudzień",
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


def one_of(words: Iterable[str]) -> str:
    """A pattern matching any of `words`, as a tree of their shared beginnings
    (`ma(?:r(?:ch|)|y)`): the regex engine tries only the words that start as the text
    does, not each of the 150 month names at every word (four times as fast). At each
    branch a longer word comes first, so that `march` is not read as `mar` + `ch`."""
    tree: dict[str, Any] = {}
    for word in words:
        node = tree
        for letter in word:
            node = node.setdefault(letter, {})
        node[""] = {}  # a word ends here

    def pattern(node: dict[str, Any]) -> str:
        branches = [re.escape(letter) + pattern(node[letter]) for letter in sorted(node) if letter]
        if not branches:
            return ""
        if "" in node:
            branches.append("")
        return branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"

    return pattern(tree)


# The month names of every pattern here and in the event readers. Each use is followed by
# `\b` or `(?!\w)` and every name is letters alone, so no two names match at one place
# (whichever is tried first) and none starts inside another (what `at_months` needs).
# (Caseless, the combining mark U+0345 is `ι` yet no letter: no name has an `ι` that a
# name follows, so none starts after one.)
assert all(re.fullmatch(r"\w+", name) for name in MONTH_NUMBER), "a month name of letters"
MONTH_NAMES = one_of(MONTH_NUMBER)
_D = r"\d{1,2}(?!\d)(?:st|nd|rd|th|\.|º|°|ª|-?го|-?е|η)?"
# Between two days: a range (`8-10`, `20 to 22`, `20. bis 22.`) or a list (`18, 19 and 20`).
_RANGE = r"\s*(?:-|–|—|to|till|until|au|al|a|bis|do|až|до|по|έως|ως)\s*"
_LIST = r"\s*(?:,|and|e|y|et|und|и|και|a)\s*"
_DAYS = rf"{_D}(?:(?:{_RANGE}|{_LIST}){_D})*"
_OF = r"\s*(?:of\s+|de\s+|del\s+|του\s+)?"
_YEAR = r"(?P<year>\d{4})(?!\d)"
_OPT_YEAR = rf"(?:\s*,?\s*(?:of\s+|de\s+|del\s+|του\s+)?{_YEAR})?"

PATTERNS = {
    # 30 March to 2 April 2017; 30 mars au 2 avril 2017; с 30 марта по 2 апреля 2017 г.
    "cross-dmy": rf"(?P<d1>{_D}){_OF}(?P<m1>{MONTH_NAMES})\b\.?{_RANGE}"
    rf"(?P<d2>{_D}){_OF}(?P<m2>{MONTH_NAMES})\b\.?{_OPT_YEAR}",
    # from March 30 to April 2, 2017
    "cross-mdy": rf"\b(?P<m1>{MONTH_NAMES})\b\.?\s*(?P<d1>{_D}){_RANGE}"
    rf"(?P<m2>{MONTH_NAMES})\b\.?\s*(?P<d2>{_D}){_OPT_YEAR}",
    # 11th of December 2011; 8-10 November 2013; 29, 30 и 31 января 2026; 18, 19 and 20 October
    "days-month": rf"(?<!\d)(?P<days>{_DAYS}){_OF}(?P<m1>{MONTH_NAMES})\b\.?{_OPT_YEAR}",
    # November 23-25, 2018; December 07, 2005; October 18, 19 and 20
    "month-days": rf"\b(?P<m1>{MONTH_NAMES})\b\.?\s+(?P<days>{_DAYS}){_OPT_YEAR}",
    # 18. – 19. 4. 2020
    "numeric-range": r"(?<!\d)(?P<d1>\d{1,2})\.\s*[-–]\s*(?P<d2>\d{1,2})\.\s*"
    r"(?P<m1>\d{1,2})\.\s*(?P<year>\d{4})(?!\d)",
    # 22/06/2025; 08.02.17 (day first, as the texts write it; the site's own timestamp is
    # month first and is read by the page parser, not here)
    "numeric": r"(?<![\d/.])(?P<d1>\d{1,2})[/.](?P<m1>\d{1,2})[/.](?P<year>\d{4}|\d{2})(?![\d/])",
    # 2011-12-11 (ISO 8601)
    "iso": r"(?<![\d-])(?P<year>\d{4})-(?P<m1>\d{2})-(?P<d1>\d{2})(?![\d-])",
    # 14. a 15. 5. 2022 (listed days, the month in digits)
    "numeric-list": r"(?<![\d.])(?P<days>\d{1,2}\.(?:\s*(?:,|a|and|и|e|y|i)\s*\d{1,2}\.)+)\s*"
    r"(?P<m1>\d{1,2})\.\s*(?P<year>\d{4})(?!\d)",
    # 11-12.12.2011, 9-11/12/2011
    "numeric-days": r"(?<![\d./])(?P<d1>\d{1,2})\s*[-–]\s*(?P<d2>\d{1,2})[./](?P<m1>\d{1,2})[./]"
    r"(?P<year>\d{4})(?!\d)",
    # Noviembre del 2012; Athens November, 2018
    "month-year": rf"\b(?P<m1>{MONTH_NAMES})\b\.?(?:,(?=\s*\d))?{_OF}{_YEAR}",
}
COMPILED = {name: re.compile(pattern, re.IGNORECASE) for name, pattern in PATTERNS.items()}
# What every pattern needs somewhere in the text: a digit. A text without one is spared
# the patterns (texts of hundreds of letters and no date took 40% of the time here).
DIGIT = re.compile(r"\d")
# And what the patterns that start with the month's name need: that name as a word. One
# look for it spares a text without one three scans.
MONTH_WORD = re.compile(rf"\b(?:{MONTH_NAMES})\b", re.IGNORECASE)
MONTH_FIRST = frozenset(
    name for name, pattern in PATTERNS.items() if pattern.startswith(rf"\b(?P<m1>{MONTH_NAMES})\b")
)
# Words that may stand around a date in a place-and-date or event line.
DATE_HEAD = re.compile(
    r"^[\s(]*(?:(?:on|from|the|de|du|le|del|dal|el|il|vom|am|с|от|από|dne|od)\s+)*\s*$",
    re.IGNORECASE,
)
WEEKDAY = re.compile(
    r"^\s*(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|понедельник|вторник|среда"
    r"|четверг|пятница|суббота|воскресенье|lunes|martes|miércoles|jueves|viernes|sábado|domingo"
    r"|segunda-feira|terça-feira|quarta-feira|quinta-feira|sexta-feira|lunedì|martedì"
    r"|mercoledì|giovedì|venerdì|sabato|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
    r"|montag|dienstag|mittwoch|donnerstag|freitag|samstag|sonntag),?\s*",
    re.IGNORECASE,
)
DATE_TAIL = re.compile(r"^\s*(?:г\.?|года|год|r\.)?\s*[.)]?\s*$", re.IGNORECASE)


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


def leading_int(token: str) -> int:
    """`30th` → 30."""
    return int(re.sub(r"\D.*$", "", token))


def month_number(token: str) -> int:
    return int(token) if token.isdigit() else MONTH_NUMBER[token.casefold().rstrip(".")]


def day_numbers(text: str) -> tuple[list[int], bool]:
    """The days of `8-10` or `18, 19 and 20`, and whether they form a range."""
    days = [int(d) for d in re.findall(r"\d{1,2}", text)]
    is_range = (
        len(days) == 2
        and re.search(_RANGE, re.sub(r"\d+(?:st|nd|rd|th|\.)?", " ", text)) is not None
    )
    is_range = is_range and not re.search(r",|\b(?:and|e|y|et|und|и|και)\b", text)
    return days, is_range


def span_of(name: str, match: re.Match[str], default_year: int | None) -> DateSpan | None:
    year_text = match.group("year")
    if year_text is None and default_year is None:
        return None
    year = int(year_text) if year_text else default_year
    assert year is not None
    if len(str(year)) == 2:
        year += 2000 if year < 70 else 1900
    text = match.group(0)
    month = month_number(match.group("m1"))
    inferred = year_text is None
    if name == "month-year":
        start = make_date(year, month, 1, text)
        end = make_date(year, month, calendar.monthrange(year, month)[1], text)
        return DateSpan(start, end, text, match.start(), match.end(), (), inferred, "month")
    if name in {"cross-dmy", "cross-mdy"}:
        end_month = month_number(match.group("m2"))
        # The year is written once, at the end: 30 December to 2 January 2020 starts in 2019.
        start_year = year - 1 if end_month < month else year
        start = make_date(start_year, month, leading_int(match.group("d1")), text)
        end = make_date(year, end_month, leading_int(match.group("d2")), text)
        return DateSpan(start, end, text, match.start(), match.end(), (), inferred)
    if name in {"numeric", "numeric-range", "numeric-days", "iso"}:
        day1 = int(match.group("d1"))
        day2 = int(match.group("d2")) if name in {"numeric-range", "numeric-days"} else day1
        start, end = make_date(year, month, day1, text), make_date(year, month, day2, text)
        return DateSpan(start, end, text, match.start(), match.end(), (), inferred)
    days, is_range = day_numbers(match.group("days"))
    dates = [make_date(year, month, day, text) for day in days]
    listed = () if is_range or len(days) == 1 else tuple(days)
    return DateSpan(min(dates), max(dates), text, match.start(), match.end(), listed, inferred)


@remembered  # a page's top lines and datelines are read for dates by several readers
def find_dates(text: str, default_year: int | None = None) -> tuple[DateSpan, ...]:
    """Every date or span in `text`, left to right, the longest reading at each place.

    Without a year in the text, `default_year` is used and the span says so
    (`year_inferred`); with neither, such dates are not returned. An impossible date raises
    `DateError`.
    """
    candidates: list[tuple[int, int, str, re.Match[str]]] = []
    if not DIGIT.search(text):
        return ()
    months = [month.start() for month in MONTH_WORD.finditer(text)]
    for name, pattern in COMPILED.items():
        found = at_months(pattern, text, months) if name in MONTH_FIRST else pattern.finditer(text)
        for match in found:
            candidates.append((match.start(), -(match.end() - match.start()), name, match))
    spans: list[DateSpan] = []
    taken_until = -1
    for begin, _, name, match in sorted(candidates, key=lambda c: (c[0], c[1])):
        if begin < taken_until:
            continue
        span = span_of(name, match, default_year)
        if span is not None:
            spans.append(span)
            taken_until = match.end()
    return tuple(spans)


def at_months(pattern: re.Pattern[str], text: str, months: list[int]) -> Iterator[re.Match[str]]:
    """What `pattern.finditer(text)` finds, for a pattern that starts with a month's name
    as a word: tried only where `MONTH_WORD` found one (`months`, where such names start;
    they cannot overlap), not at every word of the text: its scans took a fifth of the
    time of parsing a page."""
    end = 0
    for start in months:
        if start >= end and (match := pattern.match(text, start)):
            end = match.end()
            yield match


def find_date_span(text: str, default_year: int | None = None) -> DateSpan | None:
    spans = find_dates(text, default_year)
    return spans[0] if spans else None


def parse_date_span(text: str, default_year: int | None = None) -> DateSpan | None:
    """A date or span that makes up the whole of `text`, else None.

    Words around it are allowed: a weekday (`Wednesday,`), a preposition (`on`, `from`), a
    tail (`г.`, `года`). Raises `DateError` for an impossible date.
    """
    head = WEEKDAY.match(text)
    body = text[head.end() :] if head else text
    span = find_date_span(body, default_year)
    if span is None or not DATE_HEAD.match(body[: span.begin]):
        return None
    if not DATE_TAIL.match(body[span.finish :]):
        return None
    return span


def parse_full_date(text: str, default_year: int | None = None) -> dt.date | None:
    """A single day that makes up the whole of `text`, else None."""
    span = parse_date_span(text, default_year)
    return span.start if span and span.single_day else None


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
