"""Meetings and congresses as pages state them in running text (tests/events/: pages of our
own writing, one form each, modelled on the real pages of the fidelity benchmark)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from kg.model import Event, PlaceMention
from kg.parse.dates import find_dates
from kg.pipeline import BuildResult, build
from kg.resolve.places import Gazetteer

EVENTS = Path(__file__).parent / "events"
BASE = "https://w3id.org/imcwp/"
SCHEMA = "https://schema.org/"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> BuildResult:
    return build([EVENTS], tmp_path_factory.mktemp("events-output"))


def claim(built: BuildResult, page: str, event_id: str) -> Event:
    [found] = [e for e in built.kb.events if e.source == page and e.id == event_id]
    return found


def day(text: str) -> dt.date:
    return dt.date.fromisoformat(text)


@pytest.mark.parametrize(
    ("page", "ordinal", "start", "end", "place"),
    [
        ("01-meeting-held-in-running-text", 19, "2017-11-02", "2017-11-03", "ru/saint-petersburg"),
        ("02-meeting-statement-dateline", 20, "2018-11-23", "2018-11-25", "gr/athens"),
        ("03-meeting-numeric-span", 13, "2011-12-09", "2011-12-11", "gr/athens"),
        ("04-meeting-russian", 20, "2018-11-23", "2018-11-25", "gr/athens"),
        ("05-meeting-page", 23, "2023-10-20", "2023-10-22", "tr/izmir"),
        # a working group's sentence: what follows the meeting's own verb is the meeting's
        ("15-working-group-and-the-meeting-it-prepares", 16, "2014-11-13", "2014-11-15",
         "ec/guayaquil"),
    ],
)  # fmt: skip
def test_a_meeting_named_in_running_text_has_the_dates_and_place_said_with_it(
    built: BuildResult, page: str, ordinal: int, start: str, end: str, place: str
) -> None:
    meeting = claim(built, page, f"imcwp-{ordinal}")
    assert (meeting.start, meeting.end, meeting.place) == (day(start), day(end), place)
    assert meeting.kind == "meeting" and meeting.ordinal == ordinal


def test_a_working_group_sentence_gives_the_meeting_nothing_of_its_own(
    built: BuildResult,
) -> None:
    """`The Working Group … met in Lisbon on 21 June 2014 and discussed … the 16th …`: the
    group's city and day are not the meeting's."""
    meeting = claim(built, "15-working-group-and-the-meeting-it-prepares", "imcwp-16")
    assert meeting.place != "pt/lisbon" and meeting.start != dt.date(2014, 6, 21)


def test_a_month_alone_takes_the_year_the_page_states(built: BuildResult) -> None:
    meeting = claim(built, "16-meeting-month-and-the-pages-year", "imcwp-11")
    assert (meeting.start, meeting.precision) == (dt.date(2009, 11, 1), "month")
    assert meeting.place == "in/new-delhi"
    inferred = [
        f for f in built.kb.findings
        if f.code == "year-inferred" and f.source.startswith("16-meeting")
    ]  # fmt: skip
    assert inferred, "a year taken from elsewhere on the page is said"


def test_an_ordinal_does_not_end_a_sentence_and_a_capital_preposition_names_a_place(
    built: BuildResult,
) -> None:
    page = "17-serbian-ordinal-and-russian-place"
    assert claim(built, page, "imcwp-21").place == "tr/izmir"  # `u Izmiru`, another case
    assert claim(built, page, "imcwp-18").place == "vn/hanoi"  # `В Ханое`


def test_the_sections_of_a_meeting_page_are_not_parties(built: BuildResult) -> None:
    assert not [d for d in built.kb.declarations if d.source == "05-meeting-page" and d.lists]
    assert not [p for p in built.kb.parties if p.provisional]


def test_a_meeting_known_to_the_month_is_dated_by_its_month(built: BuildResult) -> None:
    """`held in Havana in October 2022`: the month, no day made up (xsd:gYearMonth)."""
    meeting = claim(built, "06-meeting-month-only", "imcwp-22")
    assert (meeting.precision, meeting.place) == ("month", "cu/havana")
    starts = set(built.graph.objects(URIRef(f"{BASE}event/imcwp-22"), URIRef(f"{SCHEMA}startDate")))
    assert Literal("2022-10", datatype=XSD.gYearMonth) in starts
    assert built.validation.conforms


@pytest.mark.parametrize(
    ("page", "event_id", "start", "end", "place", "status"),
    [
        ("07-congress-convened-portuguese", "pt-pcp/congress-22", "2024-12-13", "2024-12-15",
         "pt/almada", "scheduled"),
        ("08-congress-report-english", "gb-cpb/congress-56", "2021-11-06", "2021-11-07",
         "gb/london", None),
        ("09-congress-czech", "cz-kscm/congress-11", "2020-04-18", "2020-04-19", "cz/prague",
         "scheduled"),
        ("10-congress-russian-listed-days", "ru-kprf/congress-22", "2026-01-29", "2026-01-31",
         None, "scheduled"),
        ("11-congress-week-end", "gr-kke/congress-33", "2025-11-14", "2025-11-16", "gr/athens",
         "scheduled"),
        ("13-congress-and-the-one-before", "cz-kscm/congress-7", "2008-05-17", "2008-05-18",
         "cz/hradec-kralove", None),
    ],
)  # fmt: skip
def test_a_congress_named_in_running_text_is_its_partys_with_dates_place_and_status(
    built: BuildResult,
    page: str,
    event_id: str,
    start: str,
    end: str,
    place: str | None,
    status: str | None,
) -> None:
    congress = claim(built, page, event_id)
    assert congress.kind == "congress" and congress.series == f"{event_id.split('/')[0]}/congresses"
    assert (congress.start, congress.end) == (day(start), day(end))
    assert (congress.place, congress.status) == (place, status)


def test_days_named_from_the_pages_own_day(built: BuildResult) -> None:
    """`da venerdì fino a oggi` on a page of Sunday 30 March 2025: Friday 28 to Sunday 30;
    `apre domani` alone is one day, no span: the congress is left undated (and unread)."""
    page = "18-congress-days-from-the-pages-own-day"
    congress = claim(built, page, "it-pci/congress-3")
    assert (congress.start, congress.end) == (dt.date(2025, 3, 28), dt.date(2025, 3, 30))
    assert congress.place == "it/forli"
    assert not [e for e in built.kb.events if e.source == page and e.organiser == "it-prc"]


def test_the_day_a_meeting_ended_is_not_its_span_and_a_heading_is_not_run_on(
    built: BuildResult,
) -> None:
    """A heading (`… την επόμενη, 20ή Διεθνή Συνάντηση`) is not run into the paragraph under
    it, whose date is the 19th's last day (`Ολοκληρώθηκαν … 3 Νοέμβρη 2017`): neither
    meeting takes it."""
    page = "19-the-day-a-meeting-ended-and-a-heading"
    assert claim(built, page, "imcwp-20").place == "gr/athens"
    assert not [e for e in built.kb.events if e.source == page and e.start is not None]


def test_a_page_about_a_congress_is_its_source_not_a_declaration(built: BuildResult) -> None:
    """A page whose title is the congress (`Sjezd strany`, `Report of the 56th Congress …`)
    reports it; a Central Committee's communiqué that convenes one is a statement too."""
    declared = {d.source for d in built.kb.declarations}
    assert not declared & {"09-congress-czech", "08-congress-report-english"}
    assert "07-congress-convened-portuguese" in declared
    sources = {e.source for e in built.kb.events if e.kind == "congress"}
    assert {"09-congress-czech", "07-congress-convened-portuguese"} <= sources


def test_dates_that_are_not_the_events_are_left_out(built: BuildResult) -> None:
    """A plenum's date (`riunitosi il 25 ottobre 2025`) is not the postponed congress's; a
    congress named in the same sentence as another (`since the VI. Congress`) takes none of
    its dates; a statement's one-day dateline is no meeting's span."""
    postponed = claim(built, "12-congress-postponed-and-a-plenum", "it-pc/congress-5")
    assert (postponed.status, postponed.start) == ("postponed", None)
    assert not [e for e in built.kb.events if e.id == "cz-kscm/congress-6"]
    plenum = claim(built, "07-congress-convened-portuguese", "pt-pcp/congress-22")
    assert plenum.start != dt.date(2024, 4, 15)


def test_one_congress_from_two_sources_is_one_node_and_their_conflict_is_reported(
    built: BuildResult,
) -> None:
    claims = sorted((e.source, e.start) for e in built.kb.events if e.id == "gb-cpb/congress-56")
    assert claims == [
        ("08-congress-report-english", dt.date(2021, 11, 6)),
        ("14-congress-sidebar-line", dt.date(2021, 5, 6)),
    ]
    [conflict] = [
        f for f in built.kb.findings
        if f.code == "event-dates-disagree" and "56th Congress" in f.message
    ]  # fmt: skip
    assert "2021-05-06" in conflict.message and "2021-11-06" in conflict.message
    node = URIRef(f"{BASE}event/gb-cpb/congress-56")
    assert len(set(built.graph.objects(node, URIRef(f"{SCHEMA}startDate")))) == 2


def test_no_event_is_made_up(built: BuildResult) -> None:
    """Every event the pages' text gives is one a page names with an ordinal and a date,
    place or status: nothing from a mention in passing."""
    ids = {e.id for e in built.kb.events}
    assert ids == {
        "imcwp-19", "imcwp-20", "imcwp-13", "imcwp-23", "imcwp-22", "imcwp-16", "imcwp-11",
        "imcwp-21", "imcwp-18", "pt-pcp/congress-22",
        "gb-cpb/congress-56", "cz-kscm/congress-11", "ru-kprf/congress-22",
        "gr-kke/congress-33", "it-pc/congress-5", "cz-kscm/congress-7", "it-pci/congress-3",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("14. a 15. 5. 2022", "2022-05-14", "2022-05-15"),
        ("between 9-11/12/2011", "2011-12-09", "2011-12-11"),
        ("8, 9 και 10 Νοέμβρη 2013", "2013-11-08", "2013-11-10"),
    ],
)
def test_dates_of_the_record(text: str, start: str, end: str) -> None:
    [span] = find_dates(text)
    assert (span.start, span.end) == (day(start), day(end))


def test_a_city_in_another_case_or_spelling() -> None:
    gazetteer = Gazetteer()
    assert gazetteer.inflected_city("Афинах") == "Athens"
    assert gazetteer.inflected_city("Izmiru") == "Izmir"
    assert gazetteer.inflected_city("Rima") is None  # too short to read by its letters
    assert gazetteer.inflected_city("афинах") is None  # not a name: no capital
    places, known = gazetteer.resolve(PlaceMention("Leningrad", ("Leningrad",), "en"))
    assert known and places[0].id == "ru/saint-petersburg"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # the next congress's words are not this one's party, nor its dates
        ("Last year the XXI Congress of the PCP and the XXII Congress of the PCP which will be "
         "held on 13-15 December 2024 were discussed.", [(22, "PCP", "2024-12-13")]),
        # a bracket in the party's name is kept: the CPI(M), not the CPI
        ("The 24th Congress of the CPI(M) will be held on 2-6 April 2025 in Madurai.",
         [(24, "CPI(M)", "2025-04-02")]),
        # `no Partido` is no place (once read as Paris)
        ("O Comité Central convocou o XXII Congresso do PCP para 13, 14 e 15 de Dezembro de "
         "2024, com um amplo debate no Partido.", [(22, "PCP", "2024-12-13")]),
        # another movement's International Meeting is not one of ours
        ("The 3rd International Meeting of Women was held in Athens on 1-3 May 2015.", []),
        ("The 9th International Meeting of Communist Youth Organisations was held in Athens on "
         "1-3 May 2015.", []),
        # a name with `and` in it stays whole
        ("The 12th Congress of the Communist Party of Bohemia and Moravia was held on 1-2 May "
         "2024.", [(12, "Communist Party of Bohemia and Moravia", "2024-05-01")]),
    ],
)  # fmt: skip
def test_what_a_sentence_does_not_say(text: str, expected: list[tuple[int, str, str]]) -> None:
    from kg.parse.context import standard_context
    from kg.parse.prose_events import events_in_text

    found = events_in_text([(1, text)], "en", None, standard_context(), lambda *_: None)
    assert [(e.ordinal, e.organiser, str(e.start)) for e in found] == expected
    assert all(e.place is None or e.place.text != "Paris" for e in found)


def test_a_follow_on_sentence_must_speak_of_the_meeting_and_a_month_of_a_year_said_nearby() -> None:
    from kg.parse.context import standard_context
    from kg.parse.prose_events import events_in_text

    lines = [
        (1, "News of the week"),
        (3, "The 2nd International Meeting of Communist and Workers' Parties was a success."),
        (4, "Then the trade unions met in Lisbon on 3-5 May 2015."),
        (6, "In 2008 the parties agreed that the 11th International Meeting of Communist and "
            "Workers' Parties will be held in January in New Delhi."),
    ]  # fmt: skip
    found = {e.ordinal: e for e in events_in_text(lines, "en", 2008, standard_context(), print)}
    assert 2 not in found or found[2].place is None  # the unions' Lisbon is not the meeting's
    assert found[11].start == dt.date(2008, 1, 1)  # the year the sentence says, to the month
    page_year_only = [(1, "News"), (2, "The 11th International Meeting of Communist and "
                      "Workers' Parties will be held in January in New Delhi.")]  # fmt: skip
    [guessed] = events_in_text(page_year_only, "en", 2008, standard_context(), print)
    assert guessed.start is None  # the page's year is not the month's: January of which?


def test_an_acronym_two_parties_bear_gives_the_congress_no_made_up_party(tmp_path: Path) -> None:
    """`The XXII Congress of the PCP` on an English page: Portugal's or Palestine's? The
    event is kept, with its dates, as an event without a party, and said so; no provisional
    `PCP` party is made."""
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "greetings.txt").write_text(
        "Greetings to a congress\n\nThe XXII Congress of the PCP will be held on 13-15 December "
        "2024, and the parties send their greetings to its delegates.\n",
        encoding="utf-8",
    )
    result = build([pages], tmp_path / "out")
    [event] = result.kb.events
    assert (event.kind, event.organiser, event.start) == ("event", None, dt.date(2024, 12, 13))
    assert not [p for p in result.kb.parties if p.provisional]
    [said] = [f for f in result.kb.findings if f.code == "ambiguous-organiser"]
    assert "pt-pcp" in said.message and "ps-pcp" in said.message and said.line
