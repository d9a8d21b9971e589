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

import calendar
import datetime as dt
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from kg.errors import DateError
from kg.model import DateSpan, EventMention, PlaceMention, Span
from kg.parse.context import Context
from kg.parse.dates import MONTH_NUMBER, find_dates, roman_to_int
from kg.parse.event_words import (
    AND_BETWEEN,
    BETWEEN_DAYS,
    COMMUNIST,
    CONGRESS,
    CYRILLIC_ROMAN,
    DATELINE,
    DAY_OFFSET,
    ENDED,
    FIRST_MEETING,
    FOLLOW_ON,
    FROM_WORDS,
    GATHERING,
    HELD,
    HOSTED_BY_CITY,
    ISO_DATE,
    MEETING,
    MONTH_ALONE,
    NEAR,
    OPENING,
    ORDINAL_WORDS,
    OTHER_MOVEMENT,
    PARTY_NAME,
    PLACE,
    PLACE_MEETING,
    POSTPONED,
    REFERS_BACK,
    RELATIVE_DAY,
    SCHEDULED,
    SENTENCE,
    SHORT_YEAR,
    SPACED_SUFFIX,
    UNTIL,
    WEEKDAY_NUMBER,
    WEEKDAYS,
    WHOSE,
    WORKING_GROUP,
    YEAR,
)
from kg.parse.events import word_ordinal

PROSE_WORDS = 6  # a sentence has this many words at least
CUT_SHORT = re.compile(r"(?:,|\s[a-zà-ÿα-ωа-я]{1,3})\s*$")  # `…, ` or `… y`: a line cut short
WHOSE_NEAR = 80  # `of …` after a meeting's name says whose meeting it is within this
VERB_NEAR = 80  # a meeting's own verb (`che si svolgerà`) follows its name this closely


@dataclass(frozen=True)
class Sentence:
    text: str
    line: int


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
    International Meeting …` then `20-22 October 2023, Izmir Turkey`)."""
    lines = paragraphs(lines)
    for index, (number, text) in enumerate(lines):
        after = []
        for _, following in lines[index + 1 : index + 3]:
            if len(following) > DATELINE or not following.strip():
                break
            after.append(following.strip())
        for piece in SENTENCE.split(text):
            if piece.strip():
                yield Sentence(piece.strip(), number), "  ".join(after)


def events_in_text(
    lines: list[tuple[int, str]],
    language: str,
    year: int | None,
    context: Context,
    finding: Callable[[str, int], None],
    today: dt.date | None = None,
) -> list[EventMention]:
    """The meetings and congresses the running text names with dates, place or status.
    `finding(message, line)` reports what cannot be read (an impossible date)."""
    found: list[EventMention] = []
    reader = Reader(language, year, context, finding, today=today)
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
        named: list[tuple[re.Match[str], str, int | None, str | None]] = []
        for match in MEETING.finditer(text):
            if names_imcwp(f"{text} {dateline}", match, about_meetings):
                named.append((match, "meeting", ordinal_of(match.group("ordinal")), None))
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
        if not named and undated and (held := reader.held(sentence, undated)):
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
            own_dateline = dateline if index + 1 == len(named) else ""
            event = reader.event(sentence, own_dateline, match, kind, ordinal, party, window)
            # A congress named in passing says nothing; a meeting named alone is a reference.
            said = event.start or (event.status if kind == "congress" else event.place)
            if said and (ordinal or kind == "meeting"):
                found.append(event)
            if kind == "meeting" and ordinal and not (event.start and event.place):
                undated, waited = ordinal, 0
    return unique(found)


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


@dataclass
class Reader:
    """Reads the dates, place and status a sentence gives an event it names."""

    language: str
    year: int | None
    context: Context
    finding: Callable[[str, int], None]
    recent_year: int | None = None  # a year the sentence before states
    today: dt.date | None = None  # the page's own day, for `today`, `tomorrow`, `Friday`

    def event(
        self,
        sentence: Sentence,
        dateline: str,
        match: re.Match[str],
        kind: str,
        ordinal: int | None,
        party: str | None,
        window: tuple[int, int],
    ) -> EventMention:
        text = sentence.text
        # Where the event's name ends: after the party's name, not the words read past it.
        name_end = match.end()
        if match.re is CONGRESS and match.group("party"):
            after = match.group("party")
            name_end = match.start("party") + (
                len(party) if party and after.startswith(party) else 0
            )
        about_a_group = kind == "meeting" and WORKING_GROUP.search(text[: match.start()])
        low, high = window
        if about_a_group and (
            HELD.search(text[name_end : name_end + VERB_NEAR])
            or SCHEDULED.search(text[name_end : name_end + VERB_NEAR])
        ):
            # `Il Gruppo di Lavoro … del 16° Incontro … che si svolgerà in Ecuador il 13-15
            # novembre 2014`: what follows the meeting's own verb is the meeting's
            about_a_group, window = None, (name_end, high)
        dates = place = None
        if not about_a_group:
            dates = self.dates(sentence, match.start(), name_end, kind, window)
            if dates is None and dateline:
                dateline_sentence = Sentence(dateline, sentence.line)
                dates = self.dates(dateline_sentence, 0, 0, kind, (0, len(dateline)), False)
                # A dateline's one day is when the text was adopted, not the meeting's span.
                dates = None if dates and dates.single_day else dates
            low, high = window
            place = self.place(text[name_end:high], text[max(low, 0) : match.start()])
            if match.re is PLACE_MEETING:  # `Athens Meeting …`
                place = self.dateline_place(match.group("place"))
            place = place or self.dateline_place(dateline)
        title = match.group(0) if party is None else text[match.start() : name_end]
        return EventMention(
            raw=text,
            title=title.strip(),
            start=dates.start if dates else None,
            end=dates.end if dates else None,
            place=place,
            ordinal=ordinal,
            kind=kind,
            organiser=party,
            span=Span(sentence.line),
            status=status_of(text[window[0] : window[1]]),
            year_inferred=bool(dates and dates.year_inferred),
            precision=dates.precision if dates else "day",
        )

    def dates(
        self,
        sentence: Sentence,
        start: int,
        end: int,
        kind: str,
        window: tuple[int, int],
        report: bool = True,
    ) -> DateSpan | None:
        """The span nearest the event's name in its sentence, after it first; never a
        timestamp (`2025-12-13`). An impossible date is reported unless `report` is off (a
        dateline: reported as the text's adoption date)."""
        # `3 rd to 5 th December 2010`, read in place (the offsets stay those of the text)
        text = SPACED_SUFFIX.sub(r"\1\2 ", sentence.text)
        text = WEEKDAYS.sub(lambda found: " " * len(found.group(0)), text)
        text = BETWEEN_DAYS.sub(lambda found: " " * len(found.group(0)), text)
        stated_year = YEAR.search(text)
        default_year = int(stated_year.group(0)) if stated_year else self.year
        try:
            spans = [s for s in find_dates(text, default_year) if not ISO_DATE.match(s.text)]
        except DateError as err:
            if report:
                self.finding(f"{kind}: {err.what}", sentence.line)
            return None
        spans = [s for s in joined(spans, text) if window[0] <= s.begin and s.finish <= window[1]]
        if kind == "meeting":
            # `… occupation since June 4 1967`: no meeting's date; the day a meeting ended
            # (`Ολοκληρώθηκαν … 3 Νοέμβρη`) is not its span
            spans = [
                s
                for s in spans
                if s.start.year >= FIRST_MEETING
                and not (s.single_day and ENDED.search(text[max(0, s.begin - NEAR) : s.begin]))
            ]
        after = [
            s
            for s in spans
            if end <= s.begin <= end + NEAR and not (s.single_day and UNTIL.search(text[: s.begin]))
        ]
        before = [
            s
            for s in spans
            if start - NEAR <= s.finish <= start and not GATHERING.search(text[: s.begin])
        ]
        if after or before:
            return after[0] if after else before[-1]
        if relative := self.relative(sentence.text, spans, window):
            return relative
        # a month alone takes a year said here or just before, never the page's (`will be
        # held in January` on a November page is next January)
        near_year = int(stated_year.group(0)) if stated_year else self.recent_year
        return self.month_alone(text, end, window, near_year)

    def relative(
        self, text: str, spans: list[DateSpan], window: tuple[int, int]
    ) -> DateSpan | None:
        """Days named from the page's own day: `desde el viernes y hasta el domingo` on a
        Saturday page is Friday to Sunday, `da venerdì fino a oggi`, `σήμερα … έως το Σάββατο
        31 Ιανουαρίου`. Only a first and a last day make a span; one day alone (`si aprono
        domani`) is no event's span."""
        if self.today is None:
            return None
        days = []
        for found in RELATIVE_DAY.finditer(text, window[0], window[1]):
            word, prep = found.group("word").casefold(), (found.group("prep") or "").strip()
            if word in DAY_OFFSET:
                days.append(self.today + dt.timedelta(days=DAY_OFFSET[word]))
                continue
            back = (self.today.weekday() - WEEKDAY_NUMBER[word]) % 7
            ahead = (WEEKDAY_NUMBER[word] - self.today.weekday()) % 7
            if FROM_WORDS.match(prep):  # `desde el viernes`: the Friday before
                days.append(self.today - dt.timedelta(days=back))
            elif prep:  # `hasta el domingo`: the Sunday after
                days.append(self.today + dt.timedelta(days=ahead))
        # `έως το Σάββατο 31 Ιανουαρίου`: a last day written out
        days += [s.start for s in spans if s.single_day and UNTIL.search(text[: s.begin])]
        if len(set(days)) < 2:
            return None
        first, last = min(days), max(days)
        return DateSpan(first, last, text[window[0] : window[1]], window[0], window[0], (), False)

    @staticmethod
    def month_alone(
        text: str, end: int, window: tuple[int, int], year: int | None
    ) -> DateSpan | None:
        """`will be held in November in Kerala`, the page saying `in 2009`: November 2009,
        to the month."""
        found = MONTH_ALONE.search(text, end, min(window[1], end + NEAR))
        if found is None or year is None:
            return None
        month = MONTH_NUMBER[found.group("month").casefold()]
        last = calendar.monthrange(year, month)[1]
        return DateSpan(
            dt.date(year, month, 1), dt.date(year, month, last), found.group(0),
            found.start(), found.end(), (), True, "month",
        )  # fmt: skip

    def place(self, after: str, before: str) -> PlaceMention | None:
        """The known place said after the event's name, else before it: a city rather than
        its country (`en Turquía, esta vez en Esmirna`)."""
        found = self.places(after) or self.places(before) or self.bare_places(before)
        cities = [p for p in found if not self.context.is_country(p.split(",")[0])]
        if not found:
            return None
        chosen = (cities or found)[0]
        return PlaceMention(chosen, tuple(p.strip() for p in chosen.split(",")), self.language)

    def dateline_place(self, dateline: str) -> PlaceMention | None:
        """The place of a dateline (`Athènes, 23-25 novembre 2018`, `20-22 October 2023,
        Izmir Turkey`, `Tshwane – South Africa`): its parts without a digit."""
        parts = [p.strip() for p in re.split(r",|\s[-–—]\s|\s{2,}", dateline)]
        places = [p for p in parts if p and not re.search(r"\d", p)]
        for index in range(len(places)):
            written = ", ".join(places[index : index + 2])
            for candidate in dict.fromkeys((written, places[index])):
                if self.context.is_place(candidate):
                    parts_of = tuple(p.strip() for p in candidate.split(","))
                    return PlaceMention(candidate, parts_of, self.language)
        return None

    def held(self, sentence: Sentence, ordinal: int) -> EventMention | None:
        """The dates and place a sentence gives a meeting the one before named, when it
        says the meeting was held (`se sont réunis à La Havane du 27 au 29 octobre 2022`)."""
        text = sentence.text
        if not (HELD.search(text) and REFERS_BACK.search(text)):
            return None
        dates = self.dates(sentence, 0, 0, "meeting", (0, len(text)))
        dates = None if dates and dates.single_day else dates
        place = self.place(text, "")
        if dates is None and place is None:
            return None
        return EventMention(
            raw=text, title=text[:80], start=dates.start if dates else None,
            end=dates.end if dates else None, place=place, ordinal=ordinal, kind="meeting",
            organiser=None, span=Span(sentence.line),
            precision=dates.precision if dates else "day",
        )  # fmt: skip

    def bare_places(self, before: str) -> list[str]:
        """A city that hosts the event, named just before it with no preposition (`Izmir
        had hosted the 21st IMCWP`); never any city before (`en el club Atenas`)."""
        found = HOSTED_BY_CITY.search(before)
        if found and self.context.is_place(found.group("city")):
            return [found.group("city")]
        return []

    def places(self, text: str) -> list[str]:
        found = []
        for written in PLACE.finditer(text):
            words = written.group("place")
            parts = [p.strip() for p in words.split(",")]
            # `at Ruskin House, Croydon, London`: the venue, then its town
            for candidate in dict.fromkeys(
                (words, parts[0], words.split()[0].rstrip(","), *reversed(parts[1:]))
            ):
                if self.context.is_place(candidate):
                    found.append(candidate)
                    break
                if (city := self.context.city_of(candidate)) is not None:
                    found.append(city)  # `в Афинах`, `v Praze`: the city in another case
                    break
        return found


def status_of(text: str) -> str | None:
    if POSTPONED.search(text):
        return "postponed"
    return "scheduled" if SCHEDULED.search(text) else None


def joined(spans: list[DateSpan], text: str) -> list[DateSpan]:
    """`29 e 30 de Novembro e 1 de Dezembro de 2008`: two spans joined by `and` are one."""
    out: list[DateSpan] = []
    for span in spans:
        last = out[-1] if out else None
        if last and AND_BETWEEN.fullmatch(text[last.finish : span.begin]) and last.end < span.start:
            out[-1] = DateSpan(
                last.start, span.end, text[last.begin : span.finish], last.begin, span.finish,
                (), span.year_inferred,
            )  # fmt: skip
        else:
            out.append(span)
    return out


def day_stated(title: str, lines: list[Any]) -> dt.date | None:
    """The page's own day as its top states it (`Forlì, 30 marzo 2025 –`, `13. 5. 2022`,
    `Publie le mercoledì 2 marzo 2005`): the first single day there."""
    for text in (title, *(line.text for line in lines[:OPENING])):
        try:
            found = [s for s in find_dates(text) if s.single_day]
        except DateError:
            continue
        if found:
            return found[0].start
    return None


def year_stated(title: str, lines: list[Any]) -> int | None:
    """The first year a page states near its top (its dateline's, most often): the year of
    dates it writes without one (`del 18 al 20 de Octubre`)."""
    for text in (title, *(line.text for line in lines[:OPENING])):
        if found := YEAR.search(text):
            return int(found.group(0))
        if found := SHORT_YEAR.search(text):  # the site's `6/7/24 11:34 AM`
            return 2000 + int(found.group(1))
    return None


def unique(events: list[EventMention]) -> list[EventMention]:
    """One mention of each event a page names, with what its mentions say: the dates of
    the first that dates it, the place of the first that places it (`… took place on 19–22
    October 2023.` then `The meeting was hosted … in Izmir, Turkey.`)."""
    merged: dict[tuple[str, int | None, str | None], EventMention] = {}
    for event in events:
        key = (event.kind, event.ordinal, event.organiser)
        known = merged.get(key)
        if known is None:
            merged[key] = event
            continue
        dated = known if known.start else event
        merged[key] = replace(
            known,
            start=dated.start,
            end=dated.end,
            precision=dated.precision,
            year_inferred=dated.year_inferred,
            place=known.place or event.place,
            status=known.status or event.status,
        )
    return list(merged.values())
