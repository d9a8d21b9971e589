"""The top of a site article: the title line with its prefix and language markers, the
publication timestamp, the tag line (publisher, meeting, languages, tags), and the page
furniture above the title that is none of these."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass

from kg.errors import InputError
from kg.model import Header, Severity
from kg.parse.context import Context
from kg.parse.events import find_meeting, meetings_in
from kg.parse.languages import marker_code
from kg.parse.lists import Line

# Above the title, page furniture: a skip link, a menu word, a by-line with no name, the
# site's bare address or tagline.
FURNITURE = re.compile(
    r"^\s*(?:skip\s+to\s+(?:main\s+)?content|hoppa\s+till\s+huvudinneh[åa]ll|saltar\s+al\s+"
    r"contenido|ir\s+para\s+o\s+conte[úu]do|passer\s+au\s+contenu|vai\s+al\s+contenuto"
    r"|p[řr]ej[íi]t\s+k\s+obsahu|przejd[źz]\s+do\s+tre[śs]ci|перейти\s+к\s+содержимому"
    r"|home|menu|σελίδες|αρχική|главная|inicio|início|accueil|av|by|por|par|von"
    r"|-\s.*"  # a site's tagline: `- pensiero resistente - … - n. 217`
    r"|(?:https?://)?www\.[\w.-]+/?)\s*$",
    re.IGNORECASE,
)
# A breadcrumb before the title: `Home | Italiano - Italian | L'Ecuador ospiterà …`.
BREADCRUMB = re.compile(r"^(?:home|inicio|início|accueil|αρχική|главная)\s*\|.*\|\s*", re.I)
TITLE_MARKERS = re.compile(r"\s*\[(?P<markers>[^\]]*)\]\s*$")
TIMESTAMP = re.compile(
    r"^\s*(?P<month>\d{1,2})/(?P<day>\d{1,2})/(?P<year>\d{2}|\d{4})\s*,?\s+"
    r"(?P<hour>\d{1,2}):(?P<minute>\d{2})\s*(?P<ampm>[AaPp][Mm])\s*$"
)
TAG_LINE = re.compile(r"^\s*[•·]\s*(?P<tags>.+?)\s*$")
LANGUAGE_RUN = re.compile(r"(?<!\S)[A-Z][a-z]\.?(?:\s+[A-Z][a-z]\.?)*(?!\S)")
# A prefix naming a party or a meeting before the title: `13 IMCWP Resolution`, `CP of Greece`.
PARTY_SHAPE = re.compile(
    r"^(?:[\w'’.-]+\s+){0,3}(?:CP|WP|NCP|UCP|SWP|CWP|Communist\s+Party|Workers['’]?\s+Party)\b"
    r"|^[A-ZÄÖÜ]{2,}(?:\([A-Z]\))?$",
)
DOCUMENT_WORDS = re.compile(
    r"^(?:joint\s+)?(?:statement|declaration|resolution|appeal|call|letter|message|communiqu"
    r"|press|solidarity|greetings|on\b)",
    re.IGNORECASE,
)
MAX_HEADER_LINES = 8  # timestamp and tag lines after the title (an HTML page gives a tag a line)


@dataclass(frozen=True)
class Tags:
    languages: tuple[str, ...]
    publisher: str | None
    country: str | None
    tags: tuple[str, ...]


class HeaderReader:
    """Reads the header of one document's lines; a problem is reported through `finding`."""

    def __init__(
        self,
        lines: list[Line],
        source_name: str,
        context: Context,
        finding: Callable[[str, Severity, str, int | None, str], None],
    ) -> None:
        self.lines = lines
        self.source_name = source_name
        self.context = context
        self.finding = finding
        self.title_number = 1  # the line of the title, once read

    def read_header(self) -> tuple[Header, int]:
        """The header and the index of the first line after it."""
        content = [i for i, line in enumerate(self.lines) if not line.blank]
        if not content:
            raise InputError(
                "the document has no text",
                source=self.source_name,
                hint="check that the file is the saved page and not an empty download",
            )
        # A skip link, a menu word or the site's address above the title is no title.
        furniture = next(
            (n for n, i in enumerate(content) if not FURNITURE.match(self.lines[i].text)), 0
        )
        title_index = content[furniture]
        self.title_number = self.lines[title_index].number
        title_line = BREADCRUMB.sub("", self.lines[title_index].text.strip())
        markers: tuple[str, ...] = ()
        title_text = title_line
        if found := TITLE_MARKERS.search(title_line):
            codes = [marker_code(t) for t in re.split(r"[,\s]+", found.group("markers")) if t]
            if codes and all(codes):
                markers = tuple(c for c in codes if c)
                title_text = title_line[: found.start()].strip()
        prefix, title = self.split_prefix(title_text)
        publisher = prefix if prefix and not self.names_meeting(prefix) else None
        publisher_country: str | None = None

        published: dt.datetime | None = None
        languages: list[str] = []
        tags: list[str] = []
        end = title_index + 1
        for index in content[furniture + 1 : furniture + 1 + MAX_HEADER_LINES]:
            text = self.lines[index].text
            if stamp := TIMESTAMP.match(text):
                published = self.read_timestamp(stamp, self.lines[index].number)
            elif tag_line := TAG_LINE.match(text):
                for piece in re.split(r"\s*[•·|]\s*", tag_line.group("tags")):
                    read = self.read_tags(piece)
                    languages.extend(read.languages)
                    tags.extend(read.tags)
                    if read.publisher:
                        publisher, publisher_country = read.publisher, read.country
            else:
                break
            end = index + 1
        header = Header(
            title_line=title_line,
            prefix=prefix,
            title=title,
            markers=markers,
            published=published,
            switch_languages=tuple(languages),
            publisher=publisher,
            publisher_country=publisher_country,
            tags=tuple(tags),
        )
        return header, end

    def read_tags(self, piece: str) -> Tags:
        """One piece of a tag line: `Greece, Communist Party of Greece 19th IMCWP En Ru Europe`
        holds a publisher with its country, a meeting tag, language codes and other tags."""
        cuts: list[tuple[int, int, str]] = []  # (start, end, kind)
        cuts += [(m.start(), m.end(), "meeting") for m in meetings_in(piece)]
        for run in LANGUAGE_RUN.finditer(piece):
            if all(marker_code(code) for code in run.group(0).split()):
                cuts.append((run.start(), run.end(), "languages"))
        cuts.sort()
        languages = [
            code
            for start, end, kind in cuts
            if kind == "languages"
            for token in piece[start:end].split()
            if (code := marker_code(token))
        ]
        tags = [piece[start:end].strip() for start, end, kind in cuts if kind == "meeting"]
        plain = [(0, cuts[0][0] if cuts else len(piece))]
        plain += [
            (end, cuts[i + 1][0] if i + 1 < len(cuts) else len(piece))
            for i, (_, end, _) in enumerate(cuts)
        ]
        texts = [piece[a:b].strip(" ,") for a, b in plain if piece[a:b].strip(" ,")]
        publisher = country = None
        head, comma, rest = piece[: plain[0][1]].partition(",")
        if comma and rest.strip() and self.context.is_country(head):
            country, publisher = head.strip(), rest.strip()
            texts = texts[1:]
        return Tags(tuple(languages), publisher, country, tuple(tags + texts))

    def split_prefix(self, title: str) -> tuple[str | None, str]:
        """`13 IMCWP Resolution, Solidarity with …` and `CP of Greece, On …` have a prefix
        (also before ` - ` or `:`); `Statement of Communist and Workers Parties on Syria, Iraq
        and Libya` has none."""
        separator = min(
            (
                found
                for found in (title.find(","), title.find(" - "), title.find(": "))
                if found > 0
            ),
            default=-1,
        )
        head, comma, rest = (
            (title[:separator], ",", title[separator:].lstrip(",:- "))
            if separator > 0
            else (title, "", "")
        )
        head = head.strip()
        if not comma or not rest.strip() or len(head) > 80:
            return None, title
        party_like = PARTY_SHAPE.match(head) and not DOCUMENT_WORDS.match(head)
        if self.names_meeting(head) or party_like or self.context.is_party(head):
            return head, rest.strip()
        return None, title

    @staticmethod
    def names_meeting(text: str) -> bool:
        return find_meeting(text) is not None

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
