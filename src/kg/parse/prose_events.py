"""Meetings and congresses named in running text, with the dates and place said with them.

`the 20th International Meeting of Communist and Workers' Parties, held on 23-25 November
2018 in Athens`, `XX Международной встречи коммунистических и рабочих партий … 23-25 ноября
2018 года`, `convocar o XXII Congresso do PCP para 13, 14 e 15 de dezembro deste ano 2024`,
`Report of the 56th Congress of the Communist Party of Britain … November 6-7, 2021`, `XI.
sjezd KSČM … 18. – 19. 4. 2020`.

The sentence that names an event gives its dates and place, between its name and the next
event's; a meeting named without them takes them from the next sentences that speak of it
(`The meeting was hosted … in Izmir`). The page's other dates (its publication, a plenum's,
a deadline for greetings) are never the event's. A congress is read only with its party and
with dates or a status (convened, postponed): a congress named in passing is no claim.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import replace

from kg.errors import DateError
from kg.model import EventMention, PlaceMention, finer, overlap
from kg.parse.context import Context
from kg.parse.dates import find_dates, roman_to_int
from kg.parse.event_facts import Reader, Sentence, spans_at_top
from kg.parse.event_words import (
    ANOTHER_TIME,
    BARE_MEETING,
    COMMUNIST,
    COMMUNIST_AND_WORKERS,
    CONGRESS,
    CYRILLIC_ROMAN,
    DATELINE,
    FOLLOW_ON,
    MEETING,
    OPENING,
    ORDINAL_WORDS,
    OTHER_MOVEMENT,
    PARTY_NAME,
    PLACE_MEETING,
    SENTENCE,
    SINCE,
    THE_MEETING,
    WHOSE,
    WORKING_GROUP,
    YEAR,
    names_an_event,
)
from kg.parse.events import word_ordinal

PROSE_WORDS = 6  # a sentence has this many words at least
CUT_SHORT = re.compile(r"(?:,|\s[a-zà-ÿα-ωа-я]{1,3})\s*$")  # `…, ` or `… y`: a line cut short
WHOSE_NEAR = 80  # `of …` after a meeting's name says whose meeting it is within this


def names_imcwp(text: str, match: re.Match[str], about_meetings: bool) -> bool:
    """Whether a meeting's name is one of the International Meetings of communist and
    workers' parties: `of …` after it must say so (`of Communist and Workers' Parties`, not
    `of Women`); without `of`, the sentence or the page's top says so."""
    after = text[match.end() : match.end() + WHOSE_NEAR]
    if OTHER_MOVEMENT.search(after):
        return False
    if WHOSE.match(after):
        return bool(COMMUNIST.search(after))
    return about_meetings or bool(COMMUNIST.search(text))


def ordinal_of(token: str) -> int | None:
    """`20th` → 20, `XX` or `ХХ` → 20, `Х (ХХ)` → 10, `twentieth`, `восемнадцатый` → 18."""
    token = token.split("(")[0].strip()
    if digits := re.match(r"\d+", token):
        return int(digits.group(0))
    numeral = re.sub(r"(?:\.|e|er|ème)$", "", token.translate(CYRILLIC_ROMAN))
    roman = roman_to_int(numeral)
    return roman or word_ordinal(token) or ORDINAL_WORDS.get(token.casefold())


def paragraphs(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Lines that run on (`… XIV Encuentro Internacional de los PP CC y` / `OO que se reúne
    en Beirut`) joined: a long line that does not end a sentence, and the next line."""
    joined: list[tuple[int, str]] = []
    last = None
    for number, text in lines:
        previous = joined[-1][1] if joined else ""
        # `… de los PP CC y` / `OO que se reúne …`: a line that ends in the middle of its
        # sentence (a comma, a short word such as `y`, `de`, `the`) or whose next begins in
        # lower case; a heading over a paragraph stays apart.
        runs_on = text[:1].islower() or bool(CUT_SHORT.search(previous))
        if len(joined) > 1 and last == number - 1 and runs_on:  # never onto the title
            joined[-1] = (joined[-1][0], f"{joined[-1][1].rstrip()} {text.strip()}")
        else:
            joined.append((number, text))
        last = number
    return joined


def sentences(lines: list[tuple[int, str]]) -> Iterator[tuple[Sentence, str]]:
    """Each sentence, with the short lines after its line (a title's dateline: `23rd
    International Meeting …` then `20-22 October 2023, Izmir Turkey`) or, for a paragraph's
    first, the dated short line just above it (a statement's: `Athens November, 2018` then
    `We, participating parties in the 20th IMCWP …`)."""
    lines = paragraphs(lines)
    for index, (number, text) in enumerate(lines):
        after = []
        for _, following in lines[index + 1 : index + 3]:
            if len(following) > DATELINE or not following.strip():
                break
            after.append(following.strip())
        above = lines[index - 1][1].strip() if index else ""
        if index < 2 or len(above) > DATELINE or not is_dateline(above):
            above = ""  # never the title, nor a line that is more than a place and a date
        for number_in, piece in enumerate(p for p in SENTENCE.split(text) if p.strip()):
            below = "  ".join(after)
            from_above = bool(above) and number_in == 0 and not YEAR.search(below)
            yield Sentence(piece.strip(), number, from_above), above if from_above else below


def is_dateline(line: str) -> bool:
    """A place and a date and nothing else (`Athens November, 2018`, `Izmir, 20-22
    October 2023`); not a heading with a year (`The crisis in 2008`), nor a date alone."""
    try:
        spans = find_dates(line)
    except DateError:
        return False
    if not spans:
        return False
    rest = line
    for span in spans:
        rest = rest.replace(span.text, " ")
    words = re.findall(r"[^\W\d_]+", rest)
    return 1 <= len(words) <= 4 and all(word[0].isupper() for word in words)


def events_in_text(
    lines: list[tuple[int, str]],
    language: str,
    year: int | None,
    context: Context,
    finding: Callable[[str, str, int], None],
    today: dt.date | None = None,
) -> list[EventMention]:
    """The meetings and congresses the running text names with dates, place or status.
    `finding(code, message, line)` reports what cannot be read (`impossible-date`) and
    mentions of one event that date it differently (`event-dates-disagree`)."""
    found: list[EventMention] = []
    reader = Reader(language, year, context, finding, today=today, top=spans_at_top(lines))
    # The party a page is about, named in its title (`22ο Συνέδριο ΑΚΕΛ`): the party of a
    # congress its text names with no party (`πήραν μέρος στο 22ο Συνέδριο`).
    page_party = party_before(lines[0][1], context.names_party) if lines else None
    undated: int | None = None  # a meeting a sentence just before named without its facts
    waited = 0  # sentences read since
    # A page about the International Meetings says so at its top; further down, `the 12°
    # Incontro Internazionale in Sud Africa` needs no more words to be one of them.
    about_meetings = any(COMMUNIST.search(text) for _, text in lines[:OPENING])
    previous = ""
    for sentence, dateline in sentences(lines):
        text = sentence.text
        said_year = YEAR.search(previous)
        reader.recent_year = int(said_year.group(0)) if said_year else None
        previous = text
        named = events_named(text, dateline, about_meetings, context, page_party)
        # (a sentence naming an International Meeting it would not read speaks of that one)
        if (
            not named
            and undated
            and not THE_MEETING.search(text)
            and (held := reader.held(sentence, undated))
        ):
            # `… de la 22ᵉ réunion internationale …` then `145 représentants … se sont réunis
            # à La Havane du 27 au 29 octobre 2022`: the next sentence says when and where.
            found.append(held)
            undated = None
        waited += len(text.split()) >= PROSE_WORDS  # a menu's word is no sentence between
        if named or waited > FOLLOW_ON:
            undated = None
        for index, (match, kind, ordinal, party) in enumerate(named):
            if kind == "congress" and not (party and ordinal):
                continue
            # Its dates and place lie between the names around it: `… the VII. Congress, on
            # 17-18 May 2008, judged the work done since the VI. Congress` dates one.
            # (what lies between two names is the first's: the second looks only after it)
            window = (
                match.start() if index else 0,
                named[index + 1][0].start() if index + 1 < len(named) else len(text),
            )
            # A statement's dateline above its text is the meeting's that adopted it, never
            # a congress's (`Roma, 28 ottobre 2025` over a communiqué is the committee's).
            own_dateline = dateline if index + 1 == len(named) else ""
            looks_back = SINCE.search(text[: match.start()])  # `Since the 19th …`
            if sentence.dated_above and (kind == "congress" or looks_back):
                own_dateline = ""
            event = reader.event(sentence, own_dateline, match, kind, ordinal, party, window)
            if match.re is THE_MEETING:  # `the International Meeting … in Athens`: its
                event = replace(event, start=None, end=None)  # place, no dates
            # A congress named in passing says nothing; a meeting named alone is a reference.
            said = event.start or (event.status if kind == "congress" else event.place)
            if said and (ordinal or kind == "meeting"):
                found.append(event)
            if kind == "meeting" and ordinal and not (event.start and event.place):
                undated, waited = ordinal, 0
    return unique(found, context, finding)


Named = list[tuple[re.Match[str], str, int | None, str | None]]


def events_named(
    text: str, dateline: str, about_meetings: bool, context: Context, page_party: str | None
) -> Named:
    """The meetings and congresses a sentence names, in its order: (the name's match, its
    kind, its ordinal, a congress's party)."""
    named: Named = []
    if not names_an_event(text):  # no event's noun: none of the names below can match
        return named
    for match in MEETING.finditer(text):
        if names_imcwp(f"{text} {dateline}", match, about_meetings):
            named.append((match, "meeting", ordinal_of(match.group("ordinal")), None))
    for match in BARE_MEETING.finditer(text):
        before = text[: match.start()]  # `The Communist and Workers' Parties gathered …`
        if (
            COMMUNIST_AND_WORKERS.search(before)
            and not OTHER_MOVEMENT.search(text)
            and not overlaps(match, named)
        ):
            named.append((match, "meeting", ordinal_of(match.group("ordinal")), None))
    for match in THE_MEETING.finditer(text):
        of_a_group = WORKING_GROUP.search(text[max(0, match.start() - WHOSE_NEAR) : match.start()])
        # the page's own, if it has one, where the sentence speaks of no other time
        another_time = YEAR.search(text) or ANOTHER_TIME.search(text)
        if not (overlaps(match, named) or of_a_group or another_time) and names_imcwp(
            text, match, about_meetings
        ):
            named.append((match, "meeting", None, None))
    if (at := PLACE_MEETING.match(text)) and context.is_place(at.group("place")):
        named.append((at, "meeting", None, None))  # the page's own: its title's ordinal
    congresses = list(CONGRESS.finditer(text))
    for index, match in enumerate(congresses):
        # its party's words stop where the sentence names the next congress
        stop = congresses[index + 1].start() if index + 1 < len(congresses) else len(text)
        after = text[match.start("party") : stop] if match.group("party") else ""
        party = (
            organiser(after, context.names_party)
            or party_before(text[: match.start()], context.names_party)
            or page_party
        )
        named.append((match, "congress", ordinal_of(match.group("ordinal")), party))
    named.sort(key=lambda item: item[0].start())
    return named


def overlaps(match: re.Match[str], named: Named) -> bool:
    return any(m.start() <= match.end() and match.start() <= m.end() for m, *_ in named)


def organiser(words: str, names_party: Callable[[str], bool]) -> str | None:
    """The party's name in the words after `Congress of`: the longest start that names a
    party (`the Communist Party of Bohemia and Moravia`, `PCP`, `CPI(M)`), else None."""
    tokens = words.split()
    for size in range(len(tokens), 0, -1):
        candidate = " ".join(tokens[:size]).strip(" ,.;:")
        if names_party(candidate):
            return candidate
    return None


def party_before(text: str, names_party: Callable[[str], bool]) -> str | None:
    """The party a sentence names before its congress (`O Comité Central do PCP convocou o
    XXII Congresso`, `El Partido Comunista de Cuba … su noveno congreso`): the nearest."""
    for found in reversed(list(PARTY_NAME.finditer(text))):
        words = found.group(0).split()
        for size in range(len(words), 0, -1):
            candidate = " ".join(words[:size]).strip(" ,.;:()")
            if names_party(candidate):
                return candidate
    return None


def unique(
    events: list[EventMention], context: Context, finding: Callable[[str, str, int], None]
) -> list[EventMention]:
    """One mention of each event a page names, with what its mentions say: the dates of
    the first that dates it (or of a later one that dates it more finely within them), the
    place of the first that places it (a city rather than its country) (`… took place on 19–22
    October 2023.` then `The meeting was hosted … in Izmir, Turkey.`)."""
    merged: dict[tuple[str, int | None, str | None], EventMention] = {}
    for event in events:
        key = (event.kind, event.ordinal, event.organiser)
        known = merged.get(key)
        if known is None:
            merged[key] = event
            continue
        dated = known if known.start and not finer(event, known) else event
        if days_for_a_month(event, known):  # `in November` then `30 October to 1 November`
            dated = event
        if apart(known, event):
            finding(
                "event-dates-disagree",
                f"{event.kind} {event.title!r}: dated {show_span(known)} (line "
                f"{known.span.line}) and {show_span(event)} (line {event.span.line}) on "
                "this page; the first is kept",
                event.span.line,
            )
        merged[key] = replace(
            known,
            start=dated.start,
            end=dated.end,
            precision=dated.precision,
            year_inferred=dated.year_inferred,
            place=known.place if stays(known.place, event.place, context) else event.place,
            status=known.status or event.status,
        )
    return list(merged.values())


def stays(place: PlaceMention | None, other: PlaceMention | None, context: Context) -> bool:
    """Whether a place stays: `held in Greece`, then `held in Athens`, gives way to the city
    in it (never to a city elsewhere: `a rally in Lisbon`)."""
    if place is None:
        return False
    if other is None or not context.is_country(place.parts[0]):
        return True
    country = context.place_country(place.text)
    return context.is_country(other.parts[0]) or context.place_country(other.text) != country


def apart(known: EventMention, event: EventMention) -> bool:
    """Whether two mentions date one event differently: days against days, or a month
    or year against days it does not share."""
    if not (known.start and event.start) or (known.start, known.end) == (event.start, event.end):
        return False
    coarse = "day" not in (known.precision, event.precision) or known.precision != event.precision
    return not (coarse and overlap(known, event))


def days_for_a_month(event: EventMention, known: EventMention) -> bool:
    """Days that share a month or a year said before (not within it): the days are kept."""
    return (
        event.precision == "day"
        and known.precision != "day"
        and event.start != event.end
        and overlap(event, known)
    )


def show_span(event: EventMention) -> str:
    size = {"month": 7, "year": 4}.get(event.precision, 10)
    start, end = str(event.start)[:size], str(event.end)[:size]
    return start if start == end else f"{start}..{end}"
