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
