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
        "imcwp-17", "cu-pcc/congress-9", "cy-akel/congress-22", "fr-pcf/congress-30",
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


def dates_of(event: Event) -> tuple[str | None, str | None, str]:
    return (str(event.start), str(event.end), event.precision)


def test_a_year_alone_or_this_year_dates_a_meeting_to_the_year_or_month(
    built: BuildResult,
) -> None:
    """`in November in St. Petersburg this year` on a page of April 2017: November 2017;
    `in Pyongyang in 2020`: the year 2020 (xsd:gYear), no month or day made up."""
    page = "20-meeting-this-year-and-a-year-alone"
    nineteenth = claim(built, page, "imcwp-19")
    assert dates_of(nineteenth) == ("2017-11-01", "2017-11-30", "month")
    assert nineteenth.place == "ru/saint-petersburg"  # `St.` does not end the sentence
    twenty_second = claim(built, page, "imcwp-22")
    assert dates_of(twenty_second) == ("2020-01-01", "2020-12-31", "year")
    assert twenty_second.place == "kp/pyongyang"
    starts = set(built.graph.objects(URIRef(f"{BASE}event/imcwp-22"), URIRef(f"{SCHEMA}startDate")))
    assert Literal("2020", datatype=XSD.gYear) in starts
    assert built.validation.conforms


def test_next_year_is_the_pages_next_and_a_finer_date_wins_within_a_coarser(
    built: BuildResult,
) -> None:
    """`il prossimo anno` on a page of October 2025 is 2026; `previsto en 2026` then
    `previsto en abril de 2026` is April 2026; a communiqué's own dateline (`Roma, …`) is
    no place of the congress."""
    page = "21-congress-next-year-and-a-finer-date"
    postponed = claim(built, page, "it-pc/congress-5")
    assert dates_of(postponed) == ("2026-01-01", "2026-12-31", "year")
    assert (postponed.status, postponed.place) == ("postponed", None)
    assert dates_of(claim(built, page, "cu-pcc/congress-9")) == (
        "2026-04-01",
        "2026-04-30",
        "month",
    )


def test_a_statements_dateline_dates_the_meeting_that_adopted_it(built: BuildResult) -> None:
    """`Athens November, 2018` above `We, the parties … in the 20th IMCWP held in Athens`:
    November 2018, and the city rather than the country said first (`held in Greece`);
    `20 October 2019, Izmir` on top of the 21st meeting's statement: October 2019."""
    twentieth = claim(built, "22-statement-under-its-month-dateline", "imcwp-20")
    assert (dates_of(twentieth), twentieth.place) == (
        ("2018-11-01", "2018-11-30", "month"),
        "gr/athens",
    )
    twenty_first = claim(built, "23-meeting-dated-by-its-statement", "imcwp-21")
    assert (dates_of(twenty_first), twenty_first.place) == (
        ("2019-10-01", "2019-10-31", "month"),
        "tr/izmir",
    )


def test_a_month_agrees_with_the_days_it_shares() -> None:
    """A meeting of 30 October to 1 November whose statement is dated November: no conflict;
    October and December do conflict."""
    from kg.assemble import agree

    span = (dt.date(2015, 10, 30), dt.date(2015, 11, 1), "day")
    assert agree((dt.date(2015, 11, 1), dt.date(2015, 11, 30), "month"), span)
    assert not agree((dt.date(2015, 12, 1), dt.date(2015, 12, 31), "month"), span)
    assert not agree((dt.date(2015, 10, 1), dt.date(2015, 10, 31), "month"),
                     (dt.date(2015, 11, 1), dt.date(2015, 11, 30), "month"))  # fmt: skip


@pytest.mark.parametrize(
    ("page", "ordinal", "place"),
    [
        # `the International Meeting … in Athens` on the 13th's page: the page's own
        ("24-unnumbered-meeting-and-a-bare-meeting", 13, "gr/athens"),
        # `The Communist and Workers' Parties gathered in Guayaquil in the XVI Meeting`
        ("25-bare-meeting-ordinal", 16, "ec/guayaquil"),
        # `Isztanbulban kerül sor a … 17. Nemzetközi Találkozójára`: the inessive
        ("26-inessive-city-and-a-place-after-the-name", 17, "tr/istanbul"),
    ],
)
def test_a_meeting_named_without_its_full_name_is_placed(
    built: BuildResult, page: str, ordinal: int, place: str
) -> None:
    meeting = claim(built, page, f"imcwp-{ordinal}")
    assert meeting.place == place
    assert meeting.start is None  # `Október 30-november 1-e`: no year, no date


def test_the_working_group_of_the_meeting_is_not_the_meeting() -> None:
    """`The Working Group of the International Meeting … met in Lisbon on 21 June` names no
    meeting of its own; `nel 12° Incontro Internazionale in Sud Africa`, in a sentence
    about the group, keeps the place said right after the meeting's name."""
    from kg.parse.context import standard_context
    from kg.parse.prose_events import events_in_text

    lines = [
        (1, "Incontro Internazionale dei Partiti Comunisti e Operai"),
        (3, "The Working Group of the International Meeting of Communist and Workers' Parties "
            "met in Lisbon on 21 June 2014."),
        (5, "Il Gruppo di Lavoro ha valutato le azioni comuni decise nel 12° Incontro "
            "Internazionale in Sud Africa."),
    ]  # fmt: skip
    found = events_in_text(lines, "it", None, standard_context(), print)
    assert [(e.ordinal, e.place and e.place.text, e.start) for e in found] == [
        (12, "Sud Africa", None)
    ]


def test_a_congress_begun_and_ended_on_days_said_apart(built: BuildResult) -> None:
    """`ended on Sunday 7 June 2015 … which had begun on Thursday 4 June`: 4 to 7 June."""
    congress = claim(built, "27-congress-begun-and-ended-apart", "cy-akel/congress-22")
    assert dates_of(congress) == ("2015-06-04", "2015-06-07", "day")
    assert congress.place == "cy/nicosia"


def test_days_without_a_month_take_the_span_of_the_heading(built: BuildResult) -> None:
    """A chronicle: `23-26 mars 2000`, then `Du 23 au 26 se tient à Martigues le XXXe
    congrès du Parti communiste français`."""
    congress = claim(built, "28-chronicle-days-under-a-heading", "fr-pcf/congress-30")
    assert dates_of(congress) == ("2000-03-23", "2000-03-26", "day")
    assert congress.place == "fr/martigues"


def test_one_page_giving_a_meeting_two_spans_is_reported(built: BuildResult) -> None:
    """The Russian text says 20-25 November, the English 23-25: the first is kept, and the
    page's disagreement is said, with both lines."""
    page = "29-one-page-two-spans"
    assert dates_of(claim(built, page, "imcwp-20"))[:2] == ("2018-11-20", "2018-11-25")
    [said] = [
        f
        for f in built.kb.findings
        if f.code == "event-dates-disagree" and "on this page" in f.message
    ]
    assert "2018-11-23..2018-11-25" in said.message and "line 3" in said.message and said.line == 5


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        # a year said of another matter is not the event's
        (["The 20th International Meeting of Communist and Workers' Parties discussed the "
          "capitalist crisis that broke out in 2008."], []),
        (["The 3rd Congress of the CPRF, founded in 1993, was convened by the Central "
          "Committee."], [(3, "None")]),
        (["The 20th International Meeting of Communist and Workers' Parties took place in "
          "Athens in November, and the next one will be held next year."], [(20, "None")]),
        # another movement's or a party's own `5th Meeting` is no International Meeting
        (["The Communist Party of India held its 5th Meeting with farmers' organisations in "
          "Kerala in 2019."], []),
        (["The communist parties of the Balkans held their first Meeting on 5-6 May 2017."], []),
        # an unnumbered meeting in a sentence about another time gives the page nothing
        (["13 IMCWP, Resolution on Palestine", "",
          "As the International Meeting of Communist and Workers' Parties held in Lisbon in "
          "2006 said, the occupation must end."], []),
        # a heading with a year is no dateline; looking back from a dateline takes nothing
        (["Title of the page", "", "Some words here.", "The crisis in 2008",
          "The 17th International Meeting of Communist and Workers' Parties will discuss it."],
         []),
        (["Title of the page", "", "Some words here.", "Athens November, 2018",
          "Since the 19th International Meeting of Communist and Workers' Parties the struggle "
          "has grown."], []),
        # a discussion begun months before a congress ended is not its span
        (["The pre-congress discussion began on 15 March 2021, and the 21st Congress of the "
          "Communist Party of Greece concluded on 2 July 2021."], [(21, "2021-07-02")]),
    ],
)  # fmt: skip
def test_a_sentence_gives_an_event_only_what_it_says_of_it(
    lines: list[str], expected: list[tuple[int, str]]
) -> None:
    """Cases an independent review found: each once made a wrong fact."""
    from kg.parse.context import standard_context
    from kg.parse.prose_events import events_in_text

    numbered = [(number, text) for number, text in enumerate(lines, start=1) if text]
    found = events_in_text(numbered, "en", None, standard_context(), print, dt.date(2019, 4, 1))
    got = [(e.ordinal, str(e.start)) for e in found if e.start or e.status]
    assert got == expected


def test_a_later_city_replaces_a_country_only_when_it_is_in_it() -> None:
    from kg.parse.context import standard_context
    from kg.parse.prose_events import events_in_text

    lines = [
        (1, "The 19th International Meeting of Communist and Workers' Parties was held in "
            "Russia on 2-3 November 2017."),
        (2, "The decisions of the 19th International Meeting of Communist and Workers' "
            "Parties were presented at a rally in Lisbon."),
    ]  # fmt: skip
    [found] = events_in_text(lines, "en", None, standard_context(), print)
    assert found.place is not None and found.place.text == "Russia"


def test_a_partys_message_dated_after_the_meeting_does_not_date_it(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "message.txt").write_text(
        "20 IMCWP, Message of the Communist Party of Cuba\n\nHavana, 6 December 2018\n\n"
        "Dear comrades, we greet the parties gathered at the meeting and wish them success in "
        "their work for peace and socialism.\n",
        encoding="utf-8",
    )
    result = build([pages], tmp_path / "out")
    assert not [e for e in result.kb.events if e.start is not None or e.place is not None]


def test_every_name_of_an_event_holds_a_word_the_quick_look_finds() -> None:
    """A sentence without one of EVENT_NOUNS is not read for names of events: every
    name the patterns find, in every page the tests hold, must hold one of those words."""
    from kg.parse.event_words import (
        BARE_MEETING,
        CONGRESS,
        MEETING,
        PLACE_MEETING,
        THE_MEETING,
        names_an_event,
    )
    from kg.parse.events import MEETING_PATTERNS, may_name_a_meeting

    pages = sorted(Path(__file__).parent.glob("**/*.txt")) + sorted(
        Path(__file__).parent.glob("**/*.html")
    )
    names = 0
    for page in pages:
        for line in page.read_text(encoding="utf-8", errors="replace").splitlines():
            for pattern in (MEETING, BARE_MEETING, THE_MEETING, CONGRESS):
                for match in pattern.finditer(line):
                    names += 1
                    for text in (match.group(0), match.group(0).upper(), match.group(0).lower()):
                        assert names_an_event(text), (page.name, text)
            if at := PLACE_MEETING.match(line):
                assert names_an_event(at.group(0)), (page.name, at.group(0))
            for pattern in MEETING_PATTERNS:  # a page's meeting lines: their own quick look
                for match in pattern.finditer(line):
                    names += 1
                    for text in (match.group(0), match.group(0).upper(), match.group(0).lower()):
                        assert may_name_a_meeting(text), (page.name, text)
    assert names > 50  # the pages name many events: the check looked at something
    # what the patterns' IGNORECASE equates: a Turkish capital İ, a Greek final sigma
    assert names_an_event("İNCONTRO İNTERNAZİONALE") and names_an_event("ΣΥΝΆΝΤΗΣ")
    for text in ("the 20th International Meetıng", "XX Parteıtag der DKP", "5th Conventıon"):
        assert names_an_event(text)  # a dotless ı, which IGNORECASE reads as an i
    assert not names_an_event("the working people of the world")
