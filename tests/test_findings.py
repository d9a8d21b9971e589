"""Data-quality findings: reported with file and line, never silently fixed or dropped."""

from __future__ import annotations

import datetime as dt

from conftest import SAMPLE_TEXT, sample_variant, source
from kg.assemble import assemble
from kg.model import Finding, KnowledgeBase, Severity
from kg.parse import parse_document
from kg.resolve.places import Gazetteer
from kg.resolve.registry import Registry


def build_kb(text: str, registry: Registry, gazetteer: Gazetteer) -> KnowledgeBase:
    return assemble([parse_document(source(text))], registry, gazetteer)


def findings(kb: KnowledgeBase, code: str) -> list[Finding]:
    return [f for f in kb.findings if f.code == code]


def test_the_sample_duplicate_is_reported_with_both_entries(
    registry: Registry, gazetteer: Gazetteer
) -> None:
    kb = build_kb(SAMPLE_TEXT, registry, gazetteer)
    [duplicate] = findings(kb, "duplicate-signatory")
    assert "45 'Syrian CP' (line 60)" in duplicate.message
    assert "48 'Syrian CP' (line 63)" in duplicate.message
    assert duplicate.line == 63 and duplicate.severity is Severity.WARNING
    declaration = kb.declarations[0]
    syrian = [s for s in declaration.signatories if s.party_id == "sy-scp"]
    assert [s.position for s in syrian] == [45, 48]  # both entries kept


def test_the_sample_gap_at_40_is_reported(registry: Registry, gazetteer: Gazetteer) -> None:
    kb = build_kb(SAMPLE_TEXT, registry, gazetteer)
    [gap] = findings(kb, "numbering-gap")
    assert "skips number 40" in gap.message
    assert gap.location() == "variant.txt:56"


def test_the_sample_languages_agree_so_no_disagreement(
    registry: Registry, gazetteer: Gazetteer
) -> None:
    kb = build_kb(SAMPLE_TEXT, registry, gazetteer)
    assert not findings(kb, "adoption-date-disagree")
    assert not findings(kb, "adoption-place-disagree")
    assert kb.declarations[0].adopted_on == dt.date(2011, 12, 11)
    assert kb.declarations[0].place == "gr/athens"


def test_disagreeing_adoption_dates_are_reported_and_not_settled(
    registry: Registry, gazetteer: Gazetteer
) -> None:
    text = sample_variant("Афины, 11 декабря 2011 г.", "Афины, 10 декабря 2011 г.")
    kb = build_kb(text, registry, gazetteer)
    [finding] = findings(kb, "adoption-date-disagree")
    assert "en: 2011-12-11 (line 7)" in finding.message
    assert "ru: 2011-12-10 (line 13)" in finding.message
    declaration = kb.declarations[0]
    assert declaration.adopted_on is None  # not picked silently
    assert [v.adopted_on for v in declaration.versions] == [
        dt.date(2011, 12, 11),
        dt.date(2011, 12, 10),
    ]


def test_disagreeing_adoption_places_are_reported(registry: Registry, gazetteer: Gazetteer) -> None:
    text = sample_variant("Афины, 11 декабря", "Москва, 11 декабря")
    kb = build_kb(text, registry, gazetteer)
    [finding] = findings(kb, "adoption-place-disagree")
    assert "gr/athens" in finding.message and "ru/moscow" in finding.message
    assert kb.declarations[0].place is None


def test_an_unknown_party_becomes_a_provisional_party_and_is_reported(
    registry: Registry, gazetteer: Gazetteer
) -> None:
    text = sample_variant("54. Union of Communists of Ukraine", "54. Workers' Party of Atlantis")
    kb = build_kb(text, registry, gazetteer)
    [finding] = findings(kb, "unresolved-party")
    assert "Workers' Party of Atlantis" in finding.message and finding.line == 69
    assert "data/parties.toml" in finding.hint
    provisional = [p for p in kb.parties if p.provisional]
    assert [p.english_name for p in provisional] == ["Workers' Party of Atlantis"]
    signatory = kb.declarations[0].signatories[52]
    assert (signatory.position, signatory.party_id) == (54, provisional[0].id)


def test_an_unknown_party_keeps_the_country_it_states(
    registry: Registry, gazetteer: Gazetteer
) -> None:
    text = sample_variant("54. Union of Communists of Ukraine", "54. Party of Labour, Ukraine")
    kb = build_kb(text, registry, gazetteer)
    [provisional] = [p for p in kb.parties if p.provisional]
    assert provisional.country == "UA"


def test_an_impossible_adoption_date_is_reported_with_its_line(
    registry: Registry, gazetteer: Gazetteer
) -> None:
    text = sample_variant("Athens, 11th of December 2011", "Athens, 31st of February 2011")
    kb = build_kb(text, registry, gazetteer)
    [finding] = findings(kb, "impossible-date")
    assert finding.severity is Severity.ERROR
    assert finding.line == 7 and "31st of February 2011" in finding.message
    english = kb.declarations[0].versions[0]
    assert english.adopted_on is None and english.place is not None  # place still read
    # The Russian version's date stands; the English one is reported, not repaired.
    assert kb.declarations[0].adopted_on == dt.date(2011, 12, 11)


def test_an_empty_entry_is_reported(registry: Registry, gazetteer: Gazetteer) -> None:
    text = sample_variant("37. CP of Poland", "37.")
    kb = build_kb(text, registry, gazetteer)
    [finding] = findings(kb, "empty-entry")
    assert finding.line == 53 and "37" in finding.message


def test_meetings_that_disagree_are_reported(registry: Registry, gazetteer: Gazetteer) -> None:
    text = sample_variant("13-й Международной встречи", "14-й Международной встречи")
    kb = build_kb(text, registry, gazetteer)
    [finding] = findings(kb, "meeting-disagree")
    assert "14-й" in finding.message and "line 12" in finding.message


def test_an_event_that_ends_before_it_starts_is_reported_and_kept(
    registry: Registry, gazetteer: Gazetteer
) -> None:
    text = sample_variant("April 2, 2025 - April 6, 2025", "April 6, 2025 - April 2, 2025")
    kb = build_kb(text, registry, gazetteer)
    [finding] = findings(kb, "event-ends-before-start")
    assert finding.line == 73
    congress = next(e for e in kb.events if e.id == "in-cpi-m/congress-24")
    assert (congress.start, congress.end) == (dt.date(2025, 4, 6), dt.date(2025, 4, 2))


def test_a_page_cut_before_its_list_reports_the_missing_list(
    registry: Registry, gazetteer: Gazetteer
) -> None:
    truncated = SAMPLE_TEXT[: SAMPLE_TEXT.index("1. CP of Albania")]
    kb = build_kb(truncated, registry, gazetteer)
    assert findings(kb, "no-signatories")
    assert [v.language for v in kb.declarations[0].versions] == ["en", "ru"]
