"""The anatomy of a site article: header, bodies by language, signatory list, sidebar events.

See `shared/reference/source-formats.md` for the family of pages this reads.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from kg.errors import DateError, InputError
from kg.model import (
    EventMention,
    Finding,
    Header,
    LanguageVersion,
    MeetingReference,
    ParsedDocument,
    PlaceMention,
    Severity,
    SignatoryEntry,
    SourceDocument,
    Span,
)
from kg.parse.dates import parse_full_date
from kg.parse.events import parse_event_line
from kg.parse.languages import language_by_script, marker_code
from kg.text import fold

TITLE_MARKERS = re.compile(r"\s*\[(?P<markers>[^\]]*)\]\s*$")
TIMESTAMP = re.compile(
    r"^\s*(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{2}|\d{4})\s*,?\s+"
    r"(?P<hour>\d{1,2}):(?P<minute>\d{2})\s*(?P<ampm>[AaPp][Mm])\s*$"
)
SWITCH = re.compile(r"^\s*[•·*]\s*(?P<tokens>.+?)\s*$")
NUMBERED = re.compile(r"^\s*(?P<number>\d{1,3})[.)](?:\s+(?P<text>.*?))?\s*$")
LIST_HEADING = re.compile(r"^\s*\S.{0,150}:\s*$")
# A prefix naming a party or a meeting before the title: `13 IMCWP Resolution`, `CP of Greece`.
PREFIX_HINT = re.compile(r"IMCWP|\bCP\b|\bWP\b|Party|Communist|Workers|^[A-Z]{2,}\b")
MEETING_PATTERNS = (
    re.compile(r"(?P<ordinal>\d+)(?:st|nd|rd|th)?\s+IMCWP\b", re.IGNORECASE),
    re.compile(
        r"(?P<ordinal>\d+)(?:st|nd|rd|th)\s+International\s+Meeting\s+of\s+Communist\s+and\s+"
        r"Workers['’`]?\s+Parties",
        re.IGNORECASE,
    ),
    re.compile(
        r"(?P<ordinal>\d+)(?:-?(?:й|я|ая|ой|ей|го|ую))?\s+Международн\w*\s+встреч\w*\s+"
        r"Коммунистических\s+и\s+Рабочих\s+партий",
        re.IGNORECASE,
    ),
)
PLACE_DATE = re.compile(r"^(?P<place>[^\d,][^\d]{0,60}?),\s*(?P<date>.*\d{4}.*)$")
MAX_ENTRY_LENGTH = 150
MAX_TITLE_LENGTH = 160


@dataclass(frozen=True)
class Line:
    number: int  # 1-based
    text: str

    @property
    def blank(self) -> bool:
        return not self.text.strip()


class PageReader:
    """Reads one document; collects findings as it goes instead of stopping at the first."""

    def __init__(self, source: SourceDocument) -> None:
        self.source = source
        self.lines = [Line(n, t) for n, t in enumerate(source.text.splitlines(), start=1)]
        self.findings: list[Finding] = []

    def finding(
        self, code: str, severity: Severity, message: str, line: int | None, hint: str = ""
    ) -> None:
        self.findings.append(Finding(code, severity, message, self.source.name, line, hint))

    # -- header -------------------------------------------------------------------------

    def read_header(self) -> tuple[Header, int]:
        """The header and the index of the first line after it."""
        content = [i for i, line in enumerate(self.lines) if not line.blank]
        if not content:
            raise InputError(
                "the document has no text",
                source=self.source.name,
                hint="check that the file is the saved page and not an empty download",
            )
        title_index = content[0]
        title_line = self.lines[title_index].text.strip()
        markers: tuple[str, ...] = ()
        title_text = title_line
        if found := TITLE_MARKERS.search(title_line):
            codes = [marker_code(t) for t in re.split(r"[,\s]+", found.group("markers")) if t]
            if codes and all(codes):
                markers = tuple(c for c in codes if c)
                title_text = title_line[: found.start()].strip()
        prefix, title = self.split_prefix(title_text)

        published: dt.datetime | None = None
        switch: tuple[str, ...] = ()
        end = title_index + 1
        for index in content[1:3]:
            text = self.lines[index].text
            if stamp := TIMESTAMP.match(text):
                published = self.read_timestamp(stamp, self.lines[index].number)
                end = index + 1
            elif (tokens := SWITCH.match(text)) and (
                codes := [marker_code(t) for t in tokens.group("tokens").split()]
            ):
                if all(codes):
                    switch = tuple(c for c in codes if c)
                    end = index + 1
                else:
                    break
            else:
                break
        header = Header(title_line, prefix, title, markers, published, switch)
        return header, end

    @staticmethod
    def split_prefix(title: str) -> tuple[str | None, str]:
        head, comma, rest = title.partition(",")
        if comma and rest.strip() and len(head) <= 80 and PREFIX_HINT.search(head):
            return head.strip(), rest.strip()
        return None, title

    def read_timestamp(self, match: re.Match[str], line: int) -> dt.datetime | None:
        year = int(match.group("year"))
        year += 2000 if year < 100 else 0
        hour = int(match.group("hour")) % 12 + (12 if match.group("ampm").upper() == "PM" else 0)
        try:
            return dt.datetime(
                year, int(match.group("month")), int(match.group("day")),
                hour, int(match.group("minute")),
            )  # fmt: skip
        except ValueError as err:
            self.finding(
                "impossible-timestamp", Severity.ERROR,
                f"publication timestamp {match.group(0).strip()!r} is not a real time: {err}",
                line, "the publication time is left out",
            )  # fmt: skip
            return None

    # -- events and the signatory list ---------------------------------------------------

    def read_events(self, lines: list[Line], language: str) -> tuple[list[EventMention], set[int]]:
        events: list[EventMention] = []
        used: set[int] = set()
        for line in lines:
            try:
                event = parse_event_line(line.text, line.number, language)
            except DateError as err:
                self.finding(
                    "impossible-date", Severity.ERROR, err.what, line.number, err.hint or ""
                )
                used.add(line.number)
                continue
            if event:
                events.append(event)
                used.add(line.number)
        return events, used

    def find_list(self, lines: list[Line]) -> tuple[int, int]:
        """The signatory list: the last run of short numbered lines, as [start, end) indexes."""
        end = len(lines)
        while end > 0 and lines[end - 1].blank:
            end -= 1
        start = end
        while start > 0:
            line = lines[start - 1]
            numbered = NUMBERED.match(line.text)
            if line.blank or (numbered and len(numbered.group("text") or "") <= MAX_ENTRY_LENGTH):
                start -= 1
            else:
                break
        numbered_count = sum(1 for line in lines[start:end] if NUMBERED.match(line.text))
        return (start, end) if numbered_count >= 2 else (end, end)

    def read_signatories(
        self, lines: list[Line], expected: tuple[str, ...]
    ) -> list[SignatoryEntry]:
        entries: list[SignatoryEntry] = []
        previous: int | None = None
        for line in lines:
            match = NUMBERED.match(line.text)
            if not match:
                continue
            number = int(match.group("number"))
            raw = (match.group("text") or "").strip()
            if previous is not None and number > previous + 1:
                missing = ", ".join(str(n) for n in range(previous + 1, number))
                self.finding(
                    "numbering-gap", Severity.WARNING,
                    f"the signatory list skips number {missing} (from {previous} to {number})",
                    line.number, "compare with the original page: an entry may have been lost",
                )  # fmt: skip
            elif previous is not None and number <= previous:
                self.finding(
                    "numbering-order", Severity.WARNING,
                    f"signatory number {number} follows {previous}", line.number,
                )  # fmt: skip
            previous = number
            if not raw:
                self.finding(
                    "empty-entry", Severity.WARNING,
                    f"signatory entry {number} is empty", line.number,
                    "compare with the original page: the party's name may be missing",
                )  # fmt: skip
                continue
            language = language_by_script(raw, expected) or expected[0]
            entries.append(SignatoryEntry(number, raw, language, Span(line.number)))
        return entries

    # -- bodies -------------------------------------------------------------------------

    def split_languages(
        self, lines: list[Line], expected: tuple[str, ...]
    ) -> list[tuple[str, list[Line]]]:
        """Consecutive body lines grouped by language, in order of first appearance."""
        groups: dict[str, list[Line]] = {}
        current = expected[0]
        for line in lines:
            current = language_by_script(line.text, expected) or current
            groups.setdefault(current, []).append(line)
        return list(groups.items())

    def read_version(
        self, language: str, lines: list[Line], header: Header, title_language: str
    ) -> LanguageVersion:
        body = list(lines)
        title = ""
        if language == title_language:
            title = header.title
            if body and fold(body[0].text) == fold(title):
                body.pop(0)
        elif len(body) > 1 and len(body[0].text) <= MAX_TITLE_LENGTH:
            first = body[0].text.strip()
            if not self.place_and_date(body[0], language, report=False):
                title = first.rstrip(".").strip()
                body.pop(0)
        if not title:
            self.finding(
                "missing-title", Severity.WARNING,
                f"the {language} text has no title line", lines[0].number if lines else None,
            )  # fmt: skip

        place: PlaceMention | None = None
        adopted: dt.date | None = None
        place_date_span: Span | None = None
        subtitle: str | None = None
        for index, line in enumerate(body):
            found = self.place_and_date(line, language, report=True)
            if found:
                place, adopted = found
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
            adopted_on=adopted,
            place_date_span=place_date_span,
            span=Span(lines[0].number) if lines else None,
        )

    def place_and_date(
        self, line: Line, language: str, report: bool
    ) -> tuple[PlaceMention | None, dt.date | None] | None:
        """`Athens, 11th of December 2011` → (Athens, 2011-12-11); None for other lines."""
        match = PLACE_DATE.match(line.text.strip())
        if not match:
            return None
        try:
            date = parse_full_date(match.group("date"))
        except DateError as err:
            if report:
                self.finding(
                    "impossible-date", Severity.ERROR,
                    f"adoption {err.what}", line.number, err.hint or "",
                )  # fmt: skip
            place_text = match.group("place").strip()
            return PlaceMention(place_text, (place_text,), language), None
        if date is None:
            return None
        place_text = match.group("place").strip()
        parts = tuple(p.strip() for p in place_text.split(","))
        return PlaceMention(place_text, parts, language), date

    def read_meetings(self, lines: list[Line], header: Header) -> list[MeetingReference]:
        """Every mention of a numbered IMCWP: in the title's prefix and in the bodies."""
        texts = [(header.prefix or "", self.first_content_line())]
        texts += [(line.text, line.number) for line in lines]
        return [
            MeetingReference("imcwp", int(match.group("ordinal")), match.group(0), Span(number))
            for text, number in texts
            for pattern in MEETING_PATTERNS
            for match in pattern.finditer(text)
        ]

    def first_content_line(self) -> int:
        return next((line.number for line in self.lines if not line.blank), 1)

    # -- the whole page -----------------------------------------------------------------

    def read(self) -> ParsedDocument:
        header, body_start = self.read_header()
        expected = tuple(dict.fromkeys((*header.markers, *header.switch_languages))) or ("en",)
        rest = self.lines[body_start:]
        events, event_lines = self.read_events(rest, expected[0])
        rest = [line for line in rest if line.number not in event_lines]
        list_start, list_end = self.find_list(rest)
        body_lines = [line for line in rest[:list_start] if not line.blank]
        if body_lines and list_start < list_end and LIST_HEADING.match(body_lines[-1].text):
            body_lines.pop()  # the list's heading: `Subscribing Parties:`
        signatories = self.read_signatories(rest[list_start:list_end], expected)

        title_language = language_by_script(header.title, expected) or expected[0]
        versions = [
            self.read_version(language, group, header, title_language)
            for language, group in self.split_languages(body_lines, expected)
        ]
        if not versions and not signatories and not events:
            raise InputError(
                "no recognisable structure: no body text, signatory list or event line "
                "after the title line",
                source=self.source.name,
                line=self.first_content_line(),
                excerpt=header.title_line[:80],
                hint="is this a page of the IMCWP site saved as text? see source-formats.md",
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
            meetings=tuple(self.read_meetings(body_lines, header)),
            signatories=tuple(signatories),
            events=tuple(events),
            findings=tuple(self.findings),
        )


def parse_document(source: SourceDocument) -> ParsedDocument:
    """Parse one site article. Raises `InputError` when it holds no recognisable structure."""
    return PageReader(source).read()
