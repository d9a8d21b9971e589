"""The anatomy of a site article: bodies by language, signatory list, sidebar events (the
header is `header.py`'s).

See `docs/source-formats.md` for the family of pages this reads.

Over 400 lines: the reading of one article, whose steps (bodies, lists, events) pass
each other the page's lines and languages; the parts that stand alone are modules of
their own already (header, lists, entries, event facts).
"""

from __future__ import annotations

import re
from dataclasses import replace

from kg.errors import DateError, InputError
from kg.limits import DEFAULT_LIMITS, Limits
from kg.model import (
    DateSpan,
    EventMention,
    Finding,
    Header,
    LanguageVersion,
    MeetingReference,
    ParsedDocument,
    PlaceMention,
    Severity,
    SignatoryList,
    SourceDocument,
    Span,
)
from kg.parse.context import Context, standard_context
from kg.parse.dates import parse_date_span
from kg.parse.entries import lists_in_text, organisations_only, without_cut_off_entry
from kg.parse.event_facts import day_stated, year_stated
from kg.parse.event_words import COMMUNIST, DOCUMENT, WORKING_GROUP, names_an_event
from kg.parse.event_words import MEETING as PROSE_MEETING
from kg.parse.events import meeting_ordinal, meetings_in, parse_event_line
from kg.parse.header import HeaderReader
from kg.parse.languages import language_of, line_languages
from kg.parse.lists import (
    Line,
    find_list_region,
    is_heading,
    read_groups,
)
from kg.parse.prose_events import events_in_text, names_imcwp, ordinal_of
from kg.text import fold

# The header lines of an e-mail, which pages migrated from the mailing list still carry.
MAIL_HEADER = re.compile(r"^(?:From|Sent|Date|To|Von|Gesendet|De|Da|Od|От|Отправлено)\s*:", re.I)
# A month written short, as sites stamp their posts (`Nov 21, 2023`), not as a text is dated.
SHORT_MONTH = re.compile(r"\b(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\b\.?", re.I)
TOP_LINES = 2  # of a text: where its publication's dateline stands, not its adoption's
# What find_list_region is shown for a line of running text: a sentence, never an entry.
PROSE = "A sentence of running text, which lists parties but is not a printed list."
# Words in a line of running text: a page of prose has such lines; a list of words does not.
PROSE_WORDS = 12
OPENING_LINES = 2  # a text's title and subtitle lines, where it names its own meeting
MAX_PLACE = 60  # characters of the place in a place-and-date line
MAX_PLACE_DATE = 120
MAX_TITLE_LENGTH = 160


class PageReader:
    """Reads one document; collects findings as it goes instead of stopping at the first."""

    def __init__(self, source: SourceDocument, context: Context, limits: Limits) -> None:
        self.source = source
        self.context = context
        self.limits = limits
        # Lines end at a line feed only: a U+2028 or a form feed inside a name is no break
        # (str.splitlines would cut the name and shift every later line number).
        self.lines = [Line(n, t) for n, t in enumerate(lines_of(source.text), start=1)]
        self.findings: list[Finding] = [
            Finding("page-read-warning", Severity.WARNING, problem, source.name, None,
                    "check the page and its .json file (`kg fetch` writes it again)")
            for problem in source.reading_problems
        ]  # fmt: skip
        self.page_language = "en"  # the page's main language, once its body is read
        self.title_number = 1  # the line of the title, once the header is read

    def finding(
        self, code: str, severity: Severity, message: str, line: int | None, hint: str = ""
    ) -> None:
        self.findings.append(Finding(code, severity, message, self.source.name, line, hint))

    def within_limit(self, group: SignatoryList) -> SignatoryList:
        """A list of more entries than a list may have (no real one comes near): its first
        ones, and it is said; each entry costs a resolution."""
        limit = self.limits.list_entries
        if len(group.entries) <= limit:
            return group
        self.finding(
            "list-too-long", Severity.ERROR,
            f"the list has more than the {limit:,} entries a list may have: those after "
            f"entry {limit:,} are not read",
            group.entries[limit].span.line,
            "raise the limit with `kg build --max-list-entries N` if the list is real",
        )  # fmt: skip
        return replace(group, entries=group.entries[:limit])

    def within_line_limit(self, lines: list[Line]) -> list[Line]:
        """The lines short enough to be read as sentences: reading a line for meetings,
        dates and events costs seconds for each 100,000 characters."""
        limit = self.limits.line_chars
        for line in lines:
            if len(line.text) > limit:
                self.finding(
                    "line-too-long", Severity.WARNING,
                    f"the line has {len(line.text):,} characters, more than the {limit:,} a "
                    "line of text may have: it is read for a list of names only, not for "
                    "meetings, dates and events",
                    line.number,
                    "raise the limit with `kg build --max-line-chars N` if the line is real",
                )  # fmt: skip
        return [line for line in lines if len(line.text) <= limit]

    def event_finding(self, code: str, message: str, line: int) -> None:
        """What the running text's events say that cannot be read, or says twice apart."""
        if code == "impossible-date":
            self.finding(code, Severity.ERROR, message, line, "the date is left out")
        else:
            self.finding(code, Severity.WARNING, message, line, "check the source")

    # -- header -------------------------------------------------------------------------

    def read_header(self) -> tuple[Header, int]:
        """The header and the index of the first line after it."""
        reader = HeaderReader(self.lines, self.source.name, self.context, self.finding)
        header, end = reader.read_header()
        self.title_number = reader.title_number
        return header, end

    @staticmethod
    def names_meeting(text: str) -> bool:
        return HeaderReader.names_meeting(text)

    # -- events and the signatory lists --------------------------------------------------

    def read_events(
        self, lines: list[Line], language: str, year: int | None
    ) -> tuple[list[EventMention], set[int]]:
        events: list[EventMention] = []
        used: set[int] = set()
        for line in lines:
            try:
                event = parse_event_line(
                    line.text, line.number, language, year, self.context.is_country
                )
            except DateError as err:
                self.finding(
                    "impossible-date", Severity.ERROR, err.what, line.number, err.hint or ""
                )
                used.add(line.number)
                continue
            if event and event.status == "month-only":
                self.finding(
                    "event-month-only", Severity.WARNING,
                    f"event {event.title!r} is dated only by its month: no dates are recorded",
                    line.number, "find the exact days in another source",
                )  # fmt: skip
                event = replace(event, status=None)
            if event:
                events.append(event)
                used.add(line.number)
        return events, used

    @staticmethod
    def not_a_list(region: list[Line], printed: list[SignatoryList]) -> list[Line]:
        """The lines of the list region before its first group that names organisations: a
        heading over demands (`… and demand:`) and its bullets are the text's, not a list."""
        if not printed:
            return [line for line in region if not line.blank]
        first = printed[0]
        start = first.entries[0].span.line
        heading = next(
            (ln.number for ln in region if first.heading and ln.text.strip() == first.heading),
            start,
        )
        return [line for line in region if not line.blank and line.number < min(heading, start)]

    def parties_only(self, lists: list[SignatoryList]) -> list[SignatoryList]:
        """The lists without a name cut off where the page stops and without entries that
        are no organisation (both reported), each within the list limit (checking an entry
        costs a resolution: those past it are never read)."""
        lists = [self.within_limit(group) for group in lists]

        def dated(text: str, line: int) -> bool:
            return self.place_and_date(Line(line, text), "en", None, False) is not None

        whole = without_cut_off_entry(
            lists, self.source, len(self.lines), self.context, self.finding
        )
        return organisations_only(whole, self.context, self.finding, dated, self.names_meeting)

    def lists_in_text(self, lines: list[Line], expected: tuple[str, ...]) -> list[SignatoryList]:
        return lists_in_text(
            lines, self.context, lambda text: language_of(text, expected) or self.page_language,
            self.limits.list_entries,
        )  # fmt: skip

    def read_lists(self, lines: list[Line], expected: tuple[str, ...]) -> list[SignatoryList]:
        groups = read_groups(
            lines,
            language_of=lambda text: language_of(text, expected) or self.page_language,
            is_country=self.context.is_country,
            known_party=self.context.is_party,
            limit=self.limits.list_entries,
        )
        lists = []
        for group in groups:
            where = f" under {group.heading!r}" if group.heading else ""
            for line, previous, number in group.gaps:
                missing = ", ".join(str(n) for n in range(previous + 1, number))
                self.finding(
                    "numbering-gap", Severity.WARNING,
                    f"the signatory list{where} skips number {missing} "
                    f"(from {previous} to {number})",
                    line, "compare with the original page: an entry may have been lost",
                )  # fmt: skip
            for line, number in group.empty:
                self.finding(
                    "empty-entry", Severity.WARNING,
                    f"signatory entry {number}{where} is empty", line,
                    "compare with the original page: the party's name may be missing",
                )  # fmt: skip
            for line, text in group.glued:
                self.finding(
                    "glued-entries", Severity.INFO,
                    f"{text!r} reads as two names with no line break between them; read as two",
                    line, "compare with the original page: its line break may have been lost",
                )  # fmt: skip
            if group.starts_at not in (None, 1) and group.entries:
                self.finding(
                    "numbering-start", Severity.WARNING,
                    f"the signatory list{where} starts at number {group.starts_at}, not 1",
                    group.entries[0].span.line,
                    "compare with the original page: the first entries may have been lost",
                )  # fmt: skip
            if group.updated:
                self.finding(
                    "list-updated", Severity.INFO,
                    f"the signatory list{where} is marked as updated: it grew after adoption",
                    group.entries[0].span.line if group.entries else None,
                )  # fmt: skip
            first = group.entries[0].span if group.entries else None
            lists.append(
                SignatoryList(group.heading, group.entries, group.updated, first, group.role)
            )
        return lists

    # -- bodies -------------------------------------------------------------------------

    def split_languages(
        self, lines: list[Line], expected: tuple[str, ...]
    ) -> list[tuple[str, list[Line]]]:
        """Body lines grouped by language, in order of first appearance."""
        groups: dict[str, list[Line]] = {}
        for line, language in zip(
            lines,
            line_languages([ln.text for ln in lines], expected, self.page_language),
            strict=True,
        ):
            groups.setdefault(language, []).append(line)
        return list(groups.items())

    def read_version(
        self,
        language: str,
        lines: list[Line],
        header: Header,
        title_language: str,
        year: int | None,
    ) -> LanguageVersion:
        body = list(lines)
        title = ""
        if language == title_language:
            title = header.title
            if body and fold(body[0].text) == fold(title):
                body.pop(0)
            top = Line(self.title_number, header.title_line)
            if self.place_and_date(top, language, year, report=False):
                body = [top, *body]  # `20 de octubre de 2019, Izmir` on top: its dateline too
        elif len(body) > 1 and len(body[0].text) <= MAX_TITLE_LENGTH:
            first = body[0].text.strip()
            if not self.place_and_date(body[0], language, year, report=False):
                title = first.rstrip(".").strip()
                body.pop(0)
        if not title:
            self.finding(
                "missing-title", Severity.WARNING,
                f"the {language} text has no title line", lines[0].number if lines else None,
            )  # fmt: skip

        place: PlaceMention | None = None
        dates: DateSpan | None = None
        place_date_span: Span | None = None
        subtitle: str | None = None
        for index, line in enumerate(body):
            found = self.place_and_date(line, language, year, report=True)
            if found and not self.adoption_line(found, index):
                continue
            if found:
                place, dates = found
                place_date_span = Span(line.number)
                if 0 < index <= 2:
                    subtitle = " ".join(b.text.strip() for b in body[:index])
                break
        return LanguageVersion(
            language=language,
            title=title,
            text="\n".join(line.text.strip() for line in body),
            subtitle=subtitle,
            place=place,
            adopted_on=dates.start if dates and dates.single_day else None,
            place_date_span=place_date_span,
            span=Span(lines[0].number) if lines else None,
            dates=dates,
        )

    def adoption_line(self, found: tuple[PlaceMention | None, DateSpan | None], index: int) -> bool:
        """Whether a dated line is where the text says it was adopted. At the top of a text,
        a date alone is its posting date (`Nov 21, 2023`) and a date after a name that is no
        place is a newspaper's or a signer's (`Haló noviny, 8. března 2004`, `ICP, 23 April
        2017`): neither is an adoption line."""
        place, dates = found
        if index > TOP_LINES:
            return place is None or not self.context.is_party(place.text)
        if place is None:  # a dateline (`29th November 2021`), unless a site's `Nov 21, 2023`
            return not (dates and SHORT_MONTH.search(dates.text))
        return self.context.is_place(place.text) and not self.context.is_party(place.text)

    def place_and_date(
        self, line: Line, language: str, year: int | None, report: bool
    ) -> tuple[PlaceMention | None, DateSpan | None] | None:
        """`Athens, 11th of December 2011` → (Athens, 2011-12-11); also `Athens, Greece, 11 …`
        and the meeting page's `20-22 October 2023, Izmir Turkey`. None for other lines."""
        text = line.text.strip()
        if len(text) > MAX_PLACE_DATE or not re.search(r"\d", text) or MAIL_HEADER.match(text):
            return None  # `From: SolidNet, Wednesday, December 07, 2005` is an e-mail's
        # `11 December 2011` alone is a date line too, with no place.
        whole = self.dates_or_none(text, year)
        if whole is not None:
            return None, whole
        commas = [i for i, char in enumerate(text) if char == ","]
        commas += [m.start() + 1 for m in re.finditer(r" [-–—] ", text)]  # `Athens – 11 …`
        # Place first (split at each comma in turn), then date first.
        splits = [(text[:i], text[i + 1 :]) for i in commas]
        splits += [(text[i + 1 :], text[:i]) for i in reversed(commas)]
        for place_text, date_text in splits:
            place_text = place_text.strip(" –—-")
            date_text = date_text.strip(" –—-")
            if not place_text or re.search(r"\d", place_text) or len(place_text) > MAX_PLACE:
                continue
            try:
                dates = parse_date_span(date_text, year)
            except DateError as err:
                if report:
                    self.finding(
                        "impossible-date", Severity.ERROR,
                        f"adoption {err.what}", line.number, err.hint or "",
                    )  # fmt: skip
                return self.place_mention(place_text, language), None
            if dates is None:
                continue
            if dates.year_inferred and report:
                self.finding(
                    "year-inferred", Severity.INFO,
                    f"{dates.text!r} has no year: {year} taken from the publication date",
                    line.number, "check the year against the source",
                )  # fmt: skip
            return self.place_mention(place_text, language), dates
        return None

    @staticmethod
    def dates_or_none(text: str, year: int | None) -> DateSpan | None:
        try:
            return parse_date_span(text, year)
        except DateError:
            return None  # reported when the line is read as a place and a date

    @staticmethod
    def place_mention(text: str, language: str) -> PlaceMention:
        return PlaceMention(text, tuple(p.strip() for p in text.split(",")), language)

    def read_meetings(
        self, lines: list[Line], header: Header, versions: list[LanguageVersion]
    ) -> list[MeetingReference]:
        """Every mention of a numbered IMCWP. Only the title's prefix, the tag line and the
        opening lines of a text (`Declaration of the participants of the 13th …`) name the
        adopting meeting; a mention further in is a reference (`following the 17th …`)."""
        opening = {
            line.number
            for version in versions
            if version.span
            for line in lines
            if version.span.line <= line.number < version.span.line + OPENING_LINES
        }
        texts = [(header.prefix or "", self.first_content_line(), True)]
        # `Déclaration finale … de la 22ᵉ réunion …`: a title naming a document and a meeting
        texts += [(header.title_line, self.title_number, bool(DOCUMENT.search(header.title_line)))]
        texts += [(tag, self.first_content_line(), True) for tag in header.tags]
        texts += [(line.text, line.number, line.number in opening) for line in lines]
        references: list[MeetingReference] = []
        # A working group's report names the meeting it prepares in its opening lines.
        preparing = any(WORKING_GROUP.search(text) for text, _, _ in texts[: OPENING_LINES + 6])
        # A page about the International Meetings says so at its top (`… dei Partiti
        # Comunisti e Operai`); further down `il 12° Incontro Internazionale` is one of them.
        about_meetings = any(COMMUNIST.search(text) for text, _, _ in texts[: OPENING_LINES + 6])
        for text, number, adopting in texts:
            found = [(meeting_ordinal(match), match.group(0)) for match in meetings_in(text)]
            # The forms of running text too (`20e Rencontre internationale …`, `the13th World
            # Meeting`), where a page names no meeting in the site's forms.
            site_forms = len(found)
            # (a line without an event's noun is spared the ordinals tried at every place)
            prose = PROSE_MEETING.finditer(text) if names_an_event(text) else ()
            found += [
                (ordinal_of(match.group("ordinal")), match.group(0))
                for match in prose
                if names_imcwp(text, match, about_meetings)
            ]
            for index, (ordinal, written) in enumerate(found):
                if ordinal and not any(
                    r.ordinal == ordinal and r.span.line == number for r in references
                ):
                    own = adopting and (index < site_forms or not preparing)
                    references.append(
                        MeetingReference("imcwp", ordinal, written, Span(number), own)
                    )
        return references

    @staticmethod
    def own_meeting(
        events: list[EventMention], meetings: list[MeetingReference]
    ) -> list[EventMention]:
        """A meeting the text names by its place alone (`Athens Meeting 8-10 October 2004`)
        is the page's own, when the page names one."""
        own = {m.ordinal for m in meetings if m.adopting}
        return [
            replace(e, ordinal=min(own)) if e.ordinal is None else e
            for e in events
            if e.ordinal is not None or len(own) == 1
        ]

    def first_content_line(self) -> int:
        return next((line.number for line in self.lines if not line.blank), 1)

    # -- the whole page -----------------------------------------------------------------

    def read(self) -> ParsedDocument:
        header, body_start = self.read_header()
        if all(line.blank for line in self.lines[body_start:]) and is_prose(header.title_line):
            # A page that is one paragraph: its text, not only its title.
            body_start = self.first_content_line() - 1
        # The languages the page promises; when it promises none, any of the record's.
        expected = tuple(dict.fromkeys((*header.markers, *header.switch_languages)))
        year = header.published.year if header.published else None
        rest = self.lines[body_start:]
        whole = " ".join(line.text for line in rest if not line.blank)
        self.page_language = (
            (expected[0] if expected else None)
            or language_of(f"{header.title} {whole}", expected)
            or "en"
        )
        events, event_lines = self.read_events(rest, self.page_language, year)
        rest = [line for line in rest if line.number not in event_lines]
        running = self.lists_in_text(rest, expected)
        # A sentence that lists parties is the text's, not the printed list's.
        in_text = {group.span.line for group in running if group.span}
        as_prose = [
            Line(ln.number, PROSE) if ln.number in in_text and not is_heading(ln.text) else ln
            for ln in rest
        ]
        list_start, list_end = find_list_region(as_prose, self.context.is_party)
        body_lines = [line for line in rest[:list_start] if not line.blank]
        trailing = [line for line in rest[list_end:] if not line.blank]
        if any(is_prose(line.text) for line in trailing):
            # Text after the list (another language's version, a closing paragraph) is the
            # page's text too; only the furniture after it is left out.
            last_prose = max(i for i, line in enumerate(trailing) if is_prose(line.text))
            body_lines += trailing[: last_prose + 1]
            trailing = trailing[last_prose + 1 :]
        if trailing and list_start < list_end:
            self.finding(
                "trailing-text", Severity.INFO,
                "text after the signatory list is not read: " + quoted(trailing),
                trailing[0].number, "page furniture (links, menus) is expected here",
            )  # fmt: skip
        region = list(rest[list_start:list_end])
        printed = self.parties_only(self.read_lists(region, expected))
        body_lines += self.not_a_list(region, printed)
        lists = printed + self.parties_only(running)
        if not lists:  # `Joint Statement of the General Secretaries of the CP of Greece, …`
            title = Line(self.title_number, header.title_line)
            lists = self.parties_only(self.lists_in_text([title], expected))

        title_language = language_of(header.title, expected) or self.page_language
        versions = [
            self.read_version(language, group, header, title_language, year)
            for language, group in self.split_languages(body_lines, expected)
        ]
        sentences = self.within_line_limit(body_lines)
        meetings = self.read_meetings(sentences, header, versions)
        titles = self.within_line_limit([Line(self.title_number, header.title_line)])
        title_text = titles[0].text if titles else ""
        # The text's events after the sidebar's event lines.
        events += self.own_meeting(
            events_in_text(
                [(line.number, line.text) for line in titles + sentences],
                self.page_language,
                year or year_stated(title_text, sentences),
                self.context,
                self.event_finding,
                header.published.date() if header.published else day_stated(title_text, sentences),
            ),
            meetings,
        )
        signals = (
            header.prefix, header.published, header.switch_languages, header.tags, meetings,
            lists, events, [v for v in versions if v.place or v.dates],
        )  # fmt: skip
        # A header alone holds nothing: not a page. A title and text with none of the
        # page's other parts is kept for what it is (its title, text, language), and said so.
        prose = any(is_prose(line) for v in versions for line in lines_of(v.text))
        if not any(signals) and prose:
            self.finding(
                "no-structure", Severity.WARNING,
                "no meeting, signatory list, place and date or event found: only the title "
                "and text are kept", self.first_content_line(),
                "if the page has a list or a date kg missed, report it with the page",
            )  # fmt: skip
        if not (prose or any(signals)) or not (versions or lists or events):
            raise InputError(
                "no recognisable structure: no meeting or party prefix, timestamp, tag line, "
                "place and date, meeting, signatory list or event line",
                source=self.source.name,
                line=self.first_content_line(),
                excerpt=header.title_line[:80],
                hint="is this a page of the IMCWP site saved as text? see docs/source-formats.md",
            )
        for promised in header.markers:
            if promised not in {v.language for v in versions}:
                self.finding(
                    "missing-language", Severity.INFO,
                    f"the title promises a {promised} text, which the page does not hold",
                    self.first_content_line(),
                )  # fmt: skip
        return ParsedDocument(
            source=self.source,
            header=header,
            versions=tuple(versions),
            meetings=tuple(meetings),
            lists=tuple(lists),
            events=tuple(events),
            findings=tuple(self.findings),
        )


def is_prose(text: str) -> bool:
    """A line of running text, not a title, a name or furniture."""
    return len(text.split()) >= PROSE_WORDS


SHOWN_LINES, SHOWN_CHARS = 3, 100  # a finding quotes this much of the lines it is about


def quoted(lines: list[Line]) -> str:
    """A few of the lines, each cut short: a finding's message stays a line, whatever the page."""
    shown = [repr(shortened(line.text.strip())) for line in lines[:SHOWN_LINES]]
    more = len(lines) - SHOWN_LINES
    return "; ".join(shown) + (f" and {more} more lines" if more > 0 else "")


def shortened(text: str) -> str:
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def lines_of(text: str) -> list[str]:
    """The lines of a text, split at line feeds only (the text's line ends are `\n`)."""
    return text.removesuffix("\n").split("\n") if text else []


def parse_document(
    source: SourceDocument, context: Context | None = None, limits: Limits = DEFAULT_LIMITS
) -> ParsedDocument:
    """Parse one site article. Raises `InputError` when it holds no recognisable structure."""
    return PageReader(source, context or standard_context(), limits).read()
