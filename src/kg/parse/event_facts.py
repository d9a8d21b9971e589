"""What a sentence says of an event it names: its dates (days, spans, listed days, a month
or a year alone, days named from the page's own day, a first and a last day said apart),
its place (after its name, before it, in a dateline), its status. `prose_events` finds the
names; this reads the facts around them.

Over 400 lines: one job, the facts around an event's name, each kind (dates, place,
status) a few functions that read the same sentence spans.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any

from kg.errors import DateError
from kg.model import DateSpan, EventMention, PlaceMention, Span
from kg.parse.context import Context
from kg.parse.dates import MONTH_NAMES, MONTH_NUMBER, find_dates
from kg.parse.event_words import (
    AND_BETWEEN,
    BEGAN,
    BETWEEN_DAYS,
    CONGRESS,
    CONTRIBUTION,
    DAY_OFFSET,
    DAYS_ONLY,
    ENDED,
    FIRST_MEETING,
    FROM_WORDS,
    GATHERING,
    GATHERING_VERB,
    HELD,
    HOSTED_BY_CITY,
    INESSIVE_CITY,
    ISO_DATE,
    LONGEST_CONGRESS,
    LONGEST_MEETING,
    MONTH_ALONE,
    NEAR,
    OPENING,
    PLACE,
    PLACE_ATTACHED,
    PLACE_MEETING,
    POSTPONED,
    REFERS_BACK,
    RELATIVE_DAY,
    RELATIVE_YEAR,
    SAID_NEAR,
    SCHEDULED,
    SHORT_YEAR,
    SPACED_SUFFIX,
    UNTIL,
    WEEKDAY_NUMBER,
    WEEKDAYS,
    WORKING_GROUP,
    YEAR,
    YEAR_AFTER_VERB,
    YEAR_ALONE,
    YEAR_VERB,
)

MONTH_WORD = re.compile(
    r"(?<!\w)(?:" + MONTH_NAMES + r")(?!\w)",
    re.IGNORECASE,
)
VERB_NEAR = 80  # a meeting's own verb (`che si svolgerà`) follows its name this closely


@dataclass(frozen=True)
class Sentence:
    text: str
    line: int
    dated_above: bool = False  # its dateline is the line above (a statement's), not below


@dataclass
class Reader:
    """Reads the dates, place and status a sentence gives an event it names."""

    language: str
    year: int | None
    context: Context
    finding: Callable[[str, str, int], None]
    recent_year: int | None = None  # a year the sentence before states
    today: dt.date | None = None  # the page's own day, for `today`, `tomorrow`, `Friday`
    top: tuple[DateSpan, ...] = ()  # the spans of days the page's top states

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
            after = text[match.start("party") :]  # the party's name may hold `P.C.F.`
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
        if about_a_group:
            place = self.attached_place(text, name_end)
        else:
            dates = self.dates(sentence, match.start(), name_end, kind, window)
            if dates is None and dateline:
                dateline_sentence = Sentence(dateline, sentence.line)
                dates = self.dates(dateline_sentence, 0, 0, kind, (0, len(dateline)), False)
                # A dateline's one day is when the text was adopted, not the meeting's span;
                # above a paragraph, it may be the previous statement's signature.
                if dates and dates.single_day:
                    dates = None
                    # where it was signed is the meeting's place, but not above a paragraph
                    # (the previous text's signature) nor under a party's message (at home)
                    if sentence.dated_above or CONTRIBUTION.search(text):
                        dateline = ""
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
                self.finding("impossible-date", f"{kind}: {err.what}", sentence.line)
            return None
        spans = [s for s in joined(spans, text) if window[0] <= s.begin and s.finish <= window[1]]
        longest = LONGEST_MEETING if kind == "meeting" else LONGEST_CONGRESS
        if said_apart := began_and_ended(text, spans, longest):
            return said_apart
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
        if days := DAYS_ONLY.search(text, window[0], window[1]):
            first, last = int(days.group("first")), int(days.group("last"))
            for span in self.top:  # `Du 23 au 26` under `23-26 mars 2000`
                if (span.start.day, span.end.day) == (first, last) and span.start < span.end:
                    return replace(span, begin=days.start(), finish=days.end())
        # a month alone takes a year said here or just before, never the page's (`will be
        # held in January` on a November page is next January)
        near_year = int(stated_year.group(0)) if stated_year else self.recent_year
        if near_year is None and self.today:
            # `in November in St. Petersburg this year`: said with the month, not in
            # another clause (`in November, and the next one will be held next year`)
            month = MONTH_ALONE.search(text, end, min(window[1], end + NEAR))
            stretch = re.split(r"[,;:]", text[month.end() :])[0] if month else ""
            if said := RELATIVE_YEAR.search(stretch):
                near_year = self.today.year + (1 if said.group("next") else 0)
        return self.month_alone(text, end, window, near_year) or self.year_alone(
            text, end, window, kind
        )

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

    def year_alone(
        self, text: str, end: int, window: tuple[int, int], kind: str
    ) -> DateSpan | None:
        """`to be held in Izmir in 2019`, `nel 2020`; `il prossimo anno` on a page of 2025
        (2026, from the page's own day), `this year`: the event's year, to the year."""
        stop = min(window[1], end + NEAR)
        attached = YEAR_ALONE.search(text, end, stop)
        if attached and attached.start() - end <= PLACE_ATTACHED:  # `il 22° IMCWP nel 2020`
            return year_span(int(attached.group("year")), attached, False, kind)
        # after the event's own verb, in the same stretch of words (`founded in 1993`,
        # `the crisis that broke out in 2008` are other matters' years)
        verb = YEAR_VERB.search(text, end, stop)
        if verb is None:
            return None
        stretch = re.split(r"[,;:]|\.\s", text[verb.end() : verb.end() + YEAR_AFTER_VERB])[0]
        start, stop = verb.end(), verb.end() + len(stretch)
        inferred = False
        if found := YEAR_ALONE.search(text, start, stop):
            year = int(found.group("year"))
        elif self.today and (found := RELATIVE_YEAR.search(text, start, stop)):
            year, inferred = self.today.year + (1 if found.group("next") else 0), True
        else:
            return None
        return year_span(year, found, inferred, kind)

    def place(self, after: str, before: str) -> PlaceMention | None:
        """The known place said after the event's name, else before it: a city rather than
        its country (`en Turquía, esta vez en Esmirna`)."""
        found = self.places(after) or self.places(before) or self.bare_places(before)
        cities = [p for p in found if not self.context.is_country(p.split(",")[0])]
        if not found:
            return None
        chosen = (cities or found)[0]
        return self.mention(chosen)

    def attached_place(self, text: str, name_end: int) -> PlaceMention | None:
        """The place right after a meeting's name (`nel 12° Incontro Internazionale in Sud
        Africa`), in a sentence that is about something else (its working group)."""
        first = PLACE.search(text, name_end)
        if first is None or first.start() - name_end > PLACE_ATTACHED:
            return None
        if "," in text[name_end : first.start()] or not first.group(0).lower().startswith(
            ("in ", "nel ", "en ", "em ", "στην ", "в ")
        ):
            return None  # `…, in Lisbon`, `… a Lisbona`: where the group met, maybe
        if GATHERING_VERB.search(text[:name_end]):
            return None  # `met to prepare the 16th … in Lisbon`
        found = self.places(first.group(0))
        return self.mention(found[0]) if found else None

    def mention(self, written: str) -> PlaceMention:
        return PlaceMention(written, tuple(p.strip() for p in written.split(",")), self.language)

    def dateline_place(self, dateline: str) -> PlaceMention | None:
        """The place of a dateline (`Athènes, 23-25 novembre 2018`, `20-22 October 2023,
        Izmir Turkey`, `Tshwane – South Africa`, `Athens November, 2018`): its parts without
        a digit, less the name of a month."""
        parts = [MONTH_WORD.sub("", p).strip() for p in re.split(r",|\s[-–—]\s|\s{2,}", dateline)]
        places = [p for p in parts if p and not re.search(r"\d", p)]
        for index in range(len(places)):
            written = ", ".join(places[index : index + 2])
            for candidate in dict.fromkeys((written, places[index])):
                if self.context.is_place(candidate):
                    return self.mention(candidate)
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
        had hosted the 21st IMCWP`, `Isztanbulban kerül sor a … Találkozójára`); never any
        city before (`en el club Atenas`)."""
        found = HOSTED_BY_CITY.search(before)
        if found and self.context.is_place(found.group("city")):
            return [found.group("city")]
        inflected = [m.group("city") for m in INESSIVE_CITY.finditer(before)]
        return [city for word in inflected if (city := self.context.city_of(word))][:1]

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


def year_span(year: int, found: re.Match[str], inferred: bool, kind: str) -> DateSpan | None:
    if kind == "meeting" and year < FIRST_MEETING:
        return None
    return DateSpan(
        dt.date(year, 1, 1), dt.date(year, 12, 31), found.group(0), found.start(), found.end(),
        (), inferred, "year",
    )  # fmt: skip


def began_and_ended(text: str, spans: list[DateSpan], longest: int) -> DateSpan | None:
    """`Την Κυριακή 7 Ιουνίου 2015 ολοκληρώθηκαν οι εργασίες του 22ου … Συνεδρίου … που
    άρχισαν την Πέμπτη 4 Ιουνίου`: the day it began and the day it ended, said apart."""
    began = ended = None
    for span in (s for s in spans if s.single_day):
        before = text[max(0, span.begin - SAID_NEAR) : span.begin]
        if BEGAN.search(before):
            began = began or span
        elif ENDED.search(before) or ENDED.search(text[span.finish : span.finish + SAID_NEAR]):
            ended = ended or span
    if began is None or ended is None or ended.start <= began.start:
        return None
    if (ended.start - began.start).days > longest:  # `the discussion began … concluded`
        return None
    low, high = sorted((began, ended), key=lambda s: s.begin)
    return DateSpan(
        began.start, ended.end, text[low.begin : high.finish], low.begin, high.finish, (),
        began.year_inferred and ended.year_inferred,
    )  # fmt: skip


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


def spans_at_top(lines: list[tuple[int, str]]) -> tuple[DateSpan, ...]:
    """The spans of days a page's top states (a chronicle's heading `23-26 mars 2000`)."""
    found: list[DateSpan] = []
    for _, text in lines[:OPENING]:
        try:
            found += [s for s in find_dates(text) if s.precision == "day" and not s.single_day]
        except DateError:
            continue
    return tuple(found)


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
