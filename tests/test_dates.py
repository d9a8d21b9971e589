"""Dates in the forms and languages of the record; impossible dates are errors, not guesses."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.errors import DateError
from kg.parse.dates import (
    find_date_span,
    find_dates,
    parse_date_span,
    parse_full_date,
    roman_to_int,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("11th of December 2011", dt.date(2011, 12, 11)),
        ("11 декабря 2011 г.", dt.date(2011, 12, 11)),
        ("April 2, 2025", dt.date(2025, 4, 2)),
        ("December 07, 2005", dt.date(2005, 12, 7)),
        ("1st of May 2019", dt.date(2019, 5, 1)),
        ("22 de junio de 2025", dt.date(2025, 6, 22)),
        ("13 dezembro 2015", dt.date(2015, 12, 13)),
        ("8 novembre 2013", dt.date(2013, 11, 8)),
        ("19. April 2020", dt.date(2020, 4, 19)),
        ("29 января 2026 года", dt.date(2026, 1, 29)),
        ("3 Νοεμβρίου 2017", dt.date(2017, 11, 3)),
        ("18 dubna 2020", dt.date(2020, 4, 18)),
    ],
)
def test_full_dates(text: str, expected: dt.date) -> None:
    assert parse_full_date(text) == expected


def test_a_date_inside_a_sentence_is_found_with_its_position() -> None:
    found = find_date_span("Adopted in Athens on 11 December 2011 by the meeting.")
    assert found is not None
    assert found.start == found.end == dt.date(2011, 12, 11)
    assert (found.text, found.begin) == ("11 December 2011", 21)


D = dt.date


@pytest.mark.parametrize(
    ("text", "start", "end", "days"),
    [
        ("8-10 November 2013", D(2013, 11, 8), D(2013, 11, 10), ()),
        ("November 23-25, 2018", D(2018, 11, 23), D(2018, 11, 25), ()),
        ("2-3 of November 2017", D(2017, 11, 2), D(2017, 11, 3), ()),
        ("from March 30 to April 2, 2017", D(2017, 3, 30), D(2017, 4, 2), ()),
        ("30 mars au 2 avril 2017", D(2017, 3, 30), D(2017, 4, 2), ()),
        ("с 30 марта по 2 апреля 2017 г.", D(2017, 3, 30), D(2017, 4, 2), ()),
        ("29, 30 и 31 января 2026 года", D(2026, 1, 29), D(2026, 1, 31), (29, 30, 31)),
        ("9-11 Δεκεμβρίου 2011", D(2011, 12, 9), D(2011, 12, 11), ()),
        ("del 20 al 22 de octubre de 2023", D(2023, 10, 20), D(2023, 10, 22), ()),
        ("dal 20 al 22 ottobre 2023", D(2023, 10, 20), D(2023, 10, 22), ()),
        ("du 20 au 22 octobre 2023", D(2023, 10, 20), D(2023, 10, 22), ()),
        ("20. bis 22. Oktober 2023", D(2023, 10, 20), D(2023, 10, 22), ()),
        ("18. – 19. 4. 2020", D(2020, 4, 18), D(2020, 4, 19), ()),
        ("Wednesday, December 07, 2005", D(2005, 12, 7), D(2005, 12, 7), ()),
        ("22/06/2025", D(2025, 6, 22), D(2025, 6, 22), ()),
        ("(08.02.17)", D(2017, 2, 8), D(2017, 2, 8), ()),
        ("30 December to 2 January 2020", D(2019, 12, 30), D(2020, 1, 2), ()),
    ],
)
def test_spans_of_dates(text: str, start: dt.date, end: dt.date, days: tuple[int, ...]) -> None:
    span = parse_date_span(text)
    assert span is not None
    assert (span.start, span.end, span.days) == (start, end, days)
    assert not span.year_inferred


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("on 18, 19 and 20 October", D(2017, 10, 18), D(2017, 10, 20)),
        ("13, 14 e 15 de dezembro", D(2017, 12, 13), D(2017, 12, 15)),
    ],
)
def test_a_date_without_a_year_takes_the_context_year_and_says_so(
    text: str, start: dt.date, end: dt.date
) -> None:
    assert parse_date_span(text) is None  # no year, no context: no date
    span = parse_date_span(text, default_year=2017)
    assert span is not None
    assert (span.start, span.end, span.year_inferred) == (start, end, True)


def test_a_month_and_year_is_a_span_of_month_precision() -> None:
    span = parse_date_span("Noviembre del 2012")
    assert span is not None
    assert (span.start, span.end, span.precision) == (D(2012, 11, 1), D(2012, 11, 30), "month")


def test_several_dates_in_one_text() -> None:
    spans = find_dates("Adopted on 11 December 2011, published on 23 December 2011.")
    assert [s.start for s in spans] == [D(2011, 12, 11), D(2011, 12, 23)]


@pytest.mark.parametrize("text", ["Athens", "11 December", "December 2011", "the 13th meeting"])
def test_partial_dates_are_not_full_dates(text: str) -> None:
    assert parse_full_date(text) is None


def test_text_around_a_date_is_not_a_full_date() -> None:
    assert parse_full_date("signed 11 December 2011 in Athens") is None


@pytest.mark.parametrize(
    "text",
    ["31 February 2011", "February 30, 2024", "31 апреля 2011 г.", "30-31 June 2020", "31/11/2019"],
)
def test_impossible_dates_raise_with_the_text(text: str) -> None:
    with pytest.raises(DateError) as raised:
        parse_full_date(text)
    assert "impossible date" in str(raised.value)
    assert text.split()[0] in str(raised.value)


def test_leap_day_is_a_real_date() -> None:
    assert parse_full_date("29 February 2024") == dt.date(2024, 2, 29)
    with pytest.raises(DateError):
        parse_full_date("29 February 2023")


@pytest.mark.parametrize(
    ("roman", "value"), [("XII", 12), ("XXII", 22), ("IV", 4), ("XIX", 19), ("MCMXC", 1990)]
)
def test_roman_numerals(roman: str, value: int) -> None:
    assert roman_to_int(roman) == value


@pytest.mark.parametrize("text", ["IIII", "VX", "", "ABC"])
def test_malformed_roman_numerals(text: str) -> None:
    assert roman_to_int(text) is None
