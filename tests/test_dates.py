"""Dates in the forms and languages of the record; impossible dates are errors, not guesses."""

from __future__ import annotations

import datetime as dt

import pytest

from kg.errors import DateError
from kg.parse.dates import find_date, parse_full_date, roman_to_int


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
    found = find_date("Adopted in Athens on 11 December 2011 by the meeting.")
    assert found is not None
    assert found.date == dt.date(2011, 12, 11)
    assert found.text == "11 December 2011"


@pytest.mark.parametrize("text", ["Athens", "11 December", "December 2011", "the 13th meeting"])
def test_partial_dates_are_not_full_dates(text: str) -> None:
    assert parse_full_date(text) is None


def test_text_around_a_date_is_not_a_full_date() -> None:
    assert parse_full_date("signed 11 December 2011 in Athens") is None


@pytest.mark.parametrize("text", ["31 February 2011", "February 30, 2024", "31 апреля 2011 г."])
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
