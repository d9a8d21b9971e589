"""Each field the parser reads from the real sample page."""

from __future__ import annotations

import datetime as dt
import hashlib

from conftest import sample_variant, source
from kg.model import ParsedDocument
from kg.parse import parse_document
from kg.sources import BUNDLED_EXAMPLE

# The real page as the site served it (checked against the copy it came from when it was
# bundled): an edit to the example would quietly change what these tests prove.
EXAMPLE_SHA256 = "21ce054f82416895af3c33c0a16cd8125f690ae0a17e412e5405689675271f96"


def test_bundled_example_is_the_real_page_unchanged() -> None:
    assert hashlib.sha256(BUNDLED_EXAMPLE.read_bytes()).hexdigest() == EXAMPLE_SHA256


def test_title_line(sample: ParsedDocument) -> None:
    header = sample.header
    assert header.prefix == "13 IMCWP Resolution"
    assert header.title == "Solidarity with Kazakhstan Workers"
    assert header.markers == ("en", "ru")


def test_publication_timestamp_is_kept_apart_from_adoption(sample: ParsedDocument) -> None:
    assert sample.header.published == dt.datetime(2011, 12, 23, 15, 47)
    assert all(v.adopted_on == dt.date(2011, 12, 11) for v in sample.versions)


def test_language_switch_line(sample: ParsedDocument) -> None:
    assert sample.header.switch_languages == ("en", "ru")


def test_bodies_split_by_language_in_order(sample: ParsedDocument) -> None:
    assert [v.language for v in sample.versions] == ["en", "ru"]


def test_english_version(sample: ParsedDocument) -> None:
    english = sample.versions[0]
    assert english.title == "Solidarity with Kazakhstan Workers"
    assert english.subtitle is not None
    assert english.subtitle.startswith("Declaration of the participants of the 13th")
    assert english.text.startswith("Declaration of the participants")
    assert english.text.endswith("the people who ordered these crimes.")
    assert "Солидарность" not in english.text


def test_russian_version_has_its_own_title(sample: ParsedDocument) -> None:
    russian = sample.versions[1]
    assert russian.title == "Солидарность с рабочими Казахстана"
    assert russian.subtitle == (
        "Заявление участников 13-й Международной встречи Коммунистических и Рабочих партий."
    )
    assert russian.text.endswith("заказчиков этих гнусных преступлений.")
    assert "Participants" not in russian.text


def test_place_and_date_of_adoption_per_language(sample: ParsedDocument) -> None:
    english, russian = sample.versions
    assert english.place is not None and english.place.text == "Athens"
    assert russian.place is not None and russian.place.text == "Афины"
    assert english.adopted_on == russian.adopted_on == dt.date(2011, 12, 11)
    assert english.place_date_span is not None and english.place_date_span.line == 7
    assert russian.place_date_span is not None and russian.place_date_span.line == 13


def test_adopting_meeting_and_its_series(sample: ParsedDocument) -> None:
    assert {(m.series, m.ordinal) for m in sample.meetings} == {("imcwp", 13)}
    texts = [m.text for m in sample.meetings]
    assert "13 IMCWP" in texts
    assert any(t.startswith("13th International Meeting") for t in texts)
    assert any(t.startswith("13-й Международной встречи") for t in texts)


def test_numbered_signatory_list_keeps_numbers_and_raw_text(sample: ParsedDocument) -> None:
    entries = sample.signatories
    assert len(entries) == 54  # 1-55 without 40
    assert (entries[0].position, entries[0].raw) == (1, "CP of Albania")
    assert (entries[27].position, entries[27].raw) == (28, "CPof Malta")
    assert (entries[-1].position, entries[-1].raw) == (55, "CP of Venezuela")
    assert 40 not in [e.position for e in entries]
    assert [e.raw for e in entries if e.position in (45, 48)] == ["Syrian CP", "Syrian CP"]
    assert entries[0].span.line == 17
    assert all(e.language == "en" for e in entries)


def test_sidebar_congress_of_the_cpim(sample: ParsedDocument) -> None:
    event = sample.events[0]
    assert (event.start, event.end) == (dt.date(2025, 4, 2), dt.date(2025, 4, 6))
    assert event.place is not None
    assert event.place.parts == ("Madurai", "Tamilnadu", "India")
    assert (event.ordinal, event.kind, event.organiser) == (24, "congress", "CPI(M)")
    assert event.title == "24th Congress of the CPI(M)"


def test_sidebar_congress_with_roman_ordinal_and_country_only(sample: ParsedDocument) -> None:
    event = sample.events[1]
    assert (event.start, event.end) == (dt.date(2025, 4, 25), dt.date(2025, 4, 27))
    assert event.place is not None and event.place.parts == ("Spain",)
    assert (event.ordinal, event.organiser) == (12, "CP of the Peoples of Spain")


def test_event_lines_are_not_signatories(sample: ParsedDocument) -> None:
    assert not any("Congress" in e.raw for e in sample.signatories)


def test_timestamp_without_comma_and_page_without_one() -> None:
    no_comma = parse_document(source(sample_variant("12/23/11, 3:47 PM", "12/23/11 1:18 PM")))
    assert no_comma.header.published == dt.datetime(2011, 12, 23, 13, 18)
    absent = parse_document(source(sample_variant("12/23/11, 3:47 PM\n", "")))
    assert absent.header.published is None
    assert absent.header.switch_languages == ("en", "ru")
    assert [v.language for v in absent.versions] == ["en", "ru"]


def test_an_impossible_timestamp_is_a_finding_not_a_date() -> None:
    document = parse_document(source(sample_variant("12/23/11, 3:47 PM", "2/30/11, 3:47 PM")))
    assert document.header.published is None
    assert ("impossible-timestamp", 3) in [(f.code, f.line) for f in document.findings]
