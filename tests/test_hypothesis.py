"""Any text in: a parsed document or a clear `InputError` out, never a crash."""

from __future__ import annotations

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import SAMPLE_TEXT, source
from kg.errors import DateError, InputError
from kg.parse import parse_document
from kg.parse.dates import parse_full_date
from kg.sources import decode

LINES = st.lists(
    st.one_of(
        st.text(max_size=80),
        st.sampled_from(SAMPLE_TEXT.splitlines()),
        st.builds(lambda n, t: f"{n}. {t}", st.integers(0, 999), st.text(max_size=30)),
    ),
    max_size=40,
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(LINES)
def test_any_page_parses_or_fails_clearly(lines: list[str]) -> None:
    try:
        document = parse_document(source("\n".join(lines)))
    except InputError as err:
        assert err.source == "variant.txt" and err.what
        return
    assert document.header.title_line


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=200))
def test_any_bytes_decode_or_fail_clearly(data: bytes) -> None:
    try:
        text = decode(data, "input.bin")
    except InputError as err:
        assert err.source == "input.bin" and err.hint
        return
    assert isinstance(text, str)


@settings(max_examples=300, deadline=None)
@given(
    st.integers(1, 40),
    st.sampled_from(["January", "February", "апреля", "dezembro"]),
    st.integers(1900, 2100),
)
def test_dates_are_real_or_refused(day: int, month: str, year: int) -> None:
    try:
        date = parse_full_date(f"{day} {month} {year}")
    except DateError:
        return
    if date is not None:  # a day over 31 is not read as a day at all
        assert isinstance(date, dt.date) and date.day == day and date.year == year


# Month names, numbers and what stands between them; and the letters a caseless pattern
# reads as others: Kelvin's K, the long s, the dotted and dotless i, the Greek ypogegrammeni.
DATE_PIECES = st.sampled_from(
    ["March", "mar", "march", "Mai", "mayo", "Μαΐου", "марта", "sept", "September", "Nov.",
     "1", "23", "2017", "07", "th", "-", "–", " to ", " and ", ", ", " ", ".", "of ", "x",
     "de ", "Marchx", "é", "\u212a", "ſ", "İ", "ı", "\u0345", "σ", "ς", "ΜΑΐΟΥ", "ſept"]
)  # fmt: skip


@settings(max_examples=400, deadline=None)
@given(st.lists(DATE_PIECES, max_size=14))
def test_patterns_that_start_with_a_month_find_what_a_scan_of_every_place_finds(
    pieces: list[str],
) -> None:
    """Tried only where a month's name starts, as `find_dates` tries them, the patterns
    find the matches that `finditer` finds trying every place of the text."""
    from kg.parse.dates import COMPILED, MONTH_FIRST, MONTH_WORD, at_months

    text = "".join(pieces)
    months = [month.start() for month in MONTH_WORD.finditer(text)]
    assert MONTH_FIRST
    for name in MONTH_FIRST:
        scanned = [m.span() for m in COMPILED[name].finditer(text)]
        assert [m.span() for m in at_months(COMPILED[name], text, months)] == scanned, name


@settings(max_examples=400, deadline=None)
@given(st.lists(DATE_PIECES, max_size=14))
def test_the_tree_of_month_names_matches_as_their_list_longest_first(pieces: list[str]) -> None:
    """Every date pattern, its month names a tree of shared beginnings, finds what it finds
    with the plain list of names, longest first: the same places, the same groups."""
    import re

    from kg.parse.dates import MONTH_NAMES, MONTH_NUMBER, PATTERNS

    text = "".join(pieces)
    listed = "|".join(sorted(map(re.escape, MONTH_NUMBER), key=len, reverse=True))
    assert listed != MONTH_NAMES and listed not in "".join(PATTERNS.values())
    for name, pattern in PATTERNS.items():
        tree = re.compile(pattern, re.IGNORECASE)
        plain = re.compile(pattern.replace(MONTH_NAMES, listed), re.IGNORECASE)
        found = [(m.span(), m.groupdict()) for m in tree.finditer(text)]
        assert found == [(m.span(), m.groupdict()) for m in plain.finditer(text)], name
