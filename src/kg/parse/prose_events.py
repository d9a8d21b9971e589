"""Meetings and congresses named in running text, with the dates and place said with them.

`the 20th International Meeting of Communist and Workers' Parties, held on 23-25 November
2018 in Athens`, `XX Международной встречи коммунистических и рабочих партий … 23-25 ноября
2018 года`, `convocar o XXII Congresso do PCP para 13, 14 e 15 de dezembro deste ano 2024`,
`Report of the 56th Congress of the Communist Party of Britain … November 6-7, 2021`, `XI.
sjezd KSČM … 18. – 19. 4. 2020`.

Only the sentence that names an event gives its dates and place: the page's other dates (its
publication, a plenum's, a deadline for greetings) are never the event's. A congress is read
only with its party and with dates or a status (convened, postponed): a congress named in
passing is no claim about it.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from typing import Any

from kg.errors import DateError
from kg.model import DateSpan, EventMention, PlaceMention, Span
from kg.parse.context import Context
from kg.parse.dates import find_dates, roman_to_int
from kg.parse.events import WORD_ORDINALS, word_ordinal

# An ordinal as the record writes it: `20th`, `20.`, `20º`, `22.º`, `21o`, `20ή`, `20-й`,
# `38e`, `XX` (in Latin or Cyrillic letters, `Х (ХХ)` with the party's other count), words.
ORDINAL_WORDS = {
    **{w: n for n, words in enumerate((
        "", "primer primero primo première premier первый πρώτο", "segundo secondo second второй",
        "tercer tercero terceiro terzo troisième третий", "cuarto quarto quatrième четвертый",
        "quinto cinquième пятый", "sexto sesto sixième шестой", "séptimo sétimo settimo "
        "septième седьмой", "octavo oitavo ottavo huitième восьмой", "noveno nono neuvième "
        "девятый", "décimo decimo dixième десятый", "undécimo décimo-primeiro undicesimo "
        "onzième одиннадцатый", "duodécimo décimo-segundo dodicesimo douzième двенадцатый",
        "decimotercero décimo-terceiro tredicesimo treizième тринадцатый", "decimocuarto "
        "quattordicesimo quatorzième четырнадцатый", "decimoquinto quindicesimo quinzième "
        "пятнадцатый", "decimosexto sedicesimo seizième шестнадцатый", "decimoséptimo "
        "diciassettesimo dix-septième семнадцатый", "decimoctavo diciottesimo dix-huitième "
        "восемнадцатый", "decimonoveno diciannovesimo dix-neuvième девятнадцатый", "vigésimo "
        "ventesimo vingtième двадцатый",
    )) for w in words.split()},
}  # fmt: skip
FOREIGN_ORDINALS = "|".join(sorted(ORDINAL_WORDS, key=len, reverse=True))
ORDINAL = (
    r"(?<![\d\w])(?P<ordinal>\d{1,2}(?:st|nd|rd|th|\.\s?º|\.|º|°|ª|ᵉ|e|ème|o|ης|ής|ή|ο|ου|η"
    r"|-?(?:й|я|ая|ой|ей|го|ую|му|м))?(?![a-zA-Z0-9])"
    r"|1er|1re"
    rf"|(?-i:[IVXLХІ]{{1,7}})(?:\.|e|er|ème)?(?![\w])(?:\s*\([IVXLХІ]{{1,7}}\))?|{WORD_ORDINALS}"
    rf"|{FOREIGN_ORDINALS})"
)
MEETING_NOUN = (
    r"(?:International\s+Meeting|World\s+Meeting|IMCWP|Encuentro\s+Internacional"
    r"|Encontro\s+Internacional|Incontro\s+Internazionale|Rencontre\s+internationale"
    r"|Internationalen?\s+Treffen|Международн\w*\s+встреч\w*|Διεθν\w*\s+Συνάντησ\w*"
    r"|mezinárodní\w*\s+setkání|Międzynarodow\w*\s+Spotkani\w*|internationella\s+mötet"
    r"|r[ée]union\s+internationale|Međunarodn\w*\s+Sastan\w*|Nemzetközi\s+Találkoz\w*)"
)
MEETING = re.compile(rf"{ORDINAL}\s*{MEETING_NOUN}", re.IGNORECASE)
# `Athens Meeting 8-10 October 2004` under a title that names the meeting: its dates.
PLACE_MEETING = re.compile(r"^(?P<place>[A-Z][\w-]+)\s+Meeting\b")
# A sentence about a working group's meeting says nothing of the International Meeting's
# dates and place (`the Working Group of the 19th International Meeting … in Moscow`).
WORKING_GROUP = re.compile(
    r"working\s+group|grupo\s+de\s+trabajo|grupo\s+de\s+trabalho|gruppo\s+di\s+lavoro"
    r"|groupe\s+de\s+travail|Ομάδ\w*\s+Εργασίας|рабоч\w+\s+групп\w+|pracovní\w*\s+skupin\w*",
    re.IGNORECASE,
)
# The meeting of communist and workers' parties, not of another movement's: said nearby.
COMMUNIST = re.compile(r"ommun|omunis|оммун|ομμουν|IMCWP|PP\.?\s?CC|kommunist", re.IGNORECASE)
CONGRESS_NOUN = (
    r"(?:(?:National|Nacional|Nazionale|national|Národní|řádný|Παγκύπρι\w*|Πανελλαδικ\w*)\s+)?"
    r"(?:Congresso|Congreso|Congress|Congrès|congrès|Convention|Kongress|Parteitag|sjezd\w*"
    r"|съезд\w*|Συν[εέ]δρ\w*)\b(?:\s+(?:Nacional|Nazionale|national|Nationale))?"
)
CONGRESS = re.compile(
    rf"{ORDINAL}\s+{CONGRESS_NOUN}(?:\s+(?:(?:of\s+the|of|do|da|dos|del|de\s+la|de|du"
    r"|des|della|dello|dei|des|der|του|της)\s+)?(?P<party>[^\s,.;:()«»\"“”]+"
    r"(?:\s+[^\s,.;:«»\"“”]+){0,11}))?",
    re.IGNORECASE,
)
# Where a party's name stops in the words after `Congress of`: a verb or a preposition.
PARTY_END = re.compile(
    r"\s+(?:will|shall|is|was|has|had|held|to|on|in|at|from|for|and|that|which|em|en|na|no|a"
    r"|à|au|para|que|se|si|sarà|si\s+terrà|che|qui|aura|est|será|será|fue|foi|realiz\w*"
    r"|celebr\w*|tendrá|terá|avrà|в|во|с|по|который|состо\w*|пройд\w*|στην|στο|που|θα"
    r"|se\s+uskuteční|proběhne|proběhl\w*|v|ve|dne|od|konan\w*|odbył\w*|w|we|und|vom|am)\b.*$",
    re.IGNORECASE,
)
# A title that names a document (`Déclaration finale … de la 22ᵉ réunion`): the meeting it
# names adopted it; a title that only names a meeting reports on it.
DOCUMENT = re.compile(
    r"declaration|statement|resolution|appeal|communiqu|press\s+release|déclaration"
    r"|résolution|appel|declaración|resolución|llamamiento|comunicado|dichiarazione"
    r"|risoluzione|appello|declaração|resolução|apelo|заявлени|резолюци|обращени|διακήρυξη"
    r"|ψήφισμα|δήλωση|prohlášení|rezoluce|výzva|oświadczenie|rezolucja|apel",
    re.IGNORECASE,
)
# A sentence that says a meeting took place.
HELD = re.compile(
    r"\b(?:met|gathered|held|hosted|took\s+place|se\s+sont\s+réunis|s'est\s+tenue?|se\s+reunieron"
    r"|se\s+celebró|si\s+sono\s+riuniti|si\s+è\s+svolt[oa]|realizou-se|reuniram-se"
    r"|состоял\w*|прошл\w*|собрал\w*|πραγματοποιήθηκε|συναντήθηκαν|proběhl\w*|se\s+sešl\w*)",
    re.IGNORECASE,
)
SCHEDULED = re.compile(
    r"will\s+be\s+held|will\s+take\s+place|to\s+be\s+held|will\s+be\s+holding|will\s+hold|convene[sd]?|convoca\w*|convocar"
    r"|se\s+celebrará|se\s+realizará|tendrá\s+lugar|realizar-se-á|terá\s+lugar|si\s+terrà"
    r"|si\s+svolgerà|aura\s+lieu|se\s+tiendra|se\s+uskuteční|proběhne|состоится|пройдет"
    r"|пройдёт|созыв\w*|θα\s+πραγματοποιηθεί|συγκαλ\w*",
    re.IGNORECASE,
)
POSTPONED = re.compile(
    r"postpone\w*|aplaza\w*|pospu\w+|pospon\w+|adiad\w*|adia\w*|rinvi\w*|posticip\w*"
    r"|report[ée]\w*|odlož\w*|zrušen\w*|перенес\w*"
    r"|отлож\w*|αναβ\w*",
    re.IGNORECASE,
)
# `in Athens`, `em Almada`, `à Marseille`, `στην Αθήνα`, `в Москве`: a place after its word.
PLACE = re.compile(
    r"(?<![\w])(?:in|at|em|en|na|no|a|ad|à|nella|nel|στην|στη|στο|в|во|v|ve|w|we|u)\s+"
    r"(?:(?:cidade|ciudad|città|city|ville)\s+(?:de|di|of)\s+)?"
    r"(?P<place>(?:[A-Z]\.\s?)?[A-ZÀ-ÝА-ЯΑ-ΩŚŻŁ][\w'’-]+(?:\s+[A-ZÀ-ÝА-ЯΑ-Ω][\w'’-]+)?"
    r"(?:,\s*[A-ZÀ-ÝА-ЯΑ-Ω][\w'’-]+(?:\s+[A-ZÀ-ÝА-ЯΑ-Ω][\w'’-]+)?){0,2})"
)
# A sentence ends at a full stop before a capital, not after an initial (`S. Paulo`).
SENTENCE = re.compile(r"(?<![\s(][A-Z]\.)(?<=[.!?])\s+(?=[A-ZÀ-ÝА-ЯΑ-Ω«\"“(])|\n")
DATELINE = 60  # a line this short after a title may be its dateline
RUNS_ON = re.compile(r"[\w,;–-]\s*$")  # a line that does not end its sentence
WRAPPED = 50  # a line this long that does not end a sentence was wrapped
# Words a date is read through (`από την Πέμπτη 11 έως την Κυριακή 14 Απριλίου`): blanked,
# the offsets kept.
WEEKDAYS = re.compile(
    r"\b(?:(?:την|το|τη|the|el|le|il)\s+)?(?:monday|tuesday|wednesday|thursday|friday|saturday"
    r"|sunday|lunes|martes|miércoles|jueves|viernes|sábado|domingo|segunda-feira|terça-feira"
    r"|quarta-feira|quinta-feira|sexta-feira|lunedì|martedì|mercoledì|giovedì|venerdì|sabato"
    r"|lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche|понедельник|вторник|сред[аy]"
    r"|четверг|пятниц[аy]|суббот[аy]|воскресенье|Δευτέρα|Τρίτη|Τετάρτη|Πέμπτη|Παρασκευή"
    r"|Σάββατο|Κυριακή|pondělí|úterý|středa|čtvrtek|pátek|sobota|neděle)\b",
    re.IGNORECASE,
)
# Words between days (`from the 9th to the 11th`, `από 27 έως και 29 Οκτώβρη`): blanked.
BETWEEN_DAYS = re.compile(
    r"\b(?:the|el|le|la|il|τις|την|το)(?=\s+\d)|(?<=έως)\s+και(?=\s+\d)", re.IGNORECASE
)
NEAR = 200  # a date this far from an event's name or further is another matter's
FIRST_MEETING = 1998  # the International Meetings began in Athens in 1998
# `θα διαρκέσει έως το Σάββατο 31 Ιανουαρίου`: a day after `until` is the last one only.
UNTIL = re.compile(
    r"(?:until|till|έως|hasta|até|fino\s+a|jusqu'?(?:au|à)|до|bis|do)\W+(?:\w+\W+){0,2}$",
    re.IGNORECASE,
)
# A gathering before a date owns it (`riunitosi il 25 ottobre 2025`, `на пленуме 12 марта`).
GATHERING = re.compile(
    r"(?:riunit\w*|reunid\w*|reunião|reunión|réuni\w*|met|meeting|plenum|plenary|пленум\w*"
    r"|заседани\w*|συνεδρίασ\w*|zasedání|session)\W+(?:\w+\W+){0,3}$",
    re.IGNORECASE,
)
OPENING = 6  # the lines at the top of a page where its dateline stands
FOLLOW_ON = 2  # the sentences after a meeting's name that may say when and where it was
SPACED_SUFFIX = re.compile(r"(\d) (st|nd|rd|th)\b")
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
AND_BETWEEN = re.compile(r"\s*(?:,|and|e|y|et|i|и|και|a)\s*", re.IGNORECASE)
# A party named in a sentence: a name with a party word, or an acronym (`PCP`, `PCdoB`).
PARTY_NAME = re.compile(
    r"(?:Partido|Partito|Parti|Partei|Party|Partit|Partia|Komunistick\w+|Коммунистическ\w+"
    r"|Κομμουνιστικ\w+|Communist|Rifondazione)(?:\s+[\w'’()-]+){0,8}"
    r"|(?<![\w])(?-i:[A-ZÀ-ŽА-ЯΑ-Ω][A-Za-zÀ-žА-Яа-яΑ-Ωα-ω-]*[A-ZÀ-ŽА-ЯΑ-Ω])(?![\w])"
)
SHORT_YEAR = re.compile(r"(?<![\d/])\d{1,2}/\d{1,2}/(\d{2})(?![\d/])")
YEAR = re.compile(r"(?<!\d)(?:19[89]\d|20[0-4]\d)(?!\d)")
CYRILLIC_ROMAN = str.maketrans("ХІ", "XI")


@dataclass(frozen=True)
class Sentence:
    text: str
    line: int


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
        # a dateline under a long line stays a line of its own
        runs_on = RUNS_ON.search(previous) and (
            text[:1].islower() or (len(previous) >= WRAPPED and len(text) > DATELINE)
        )
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
) -> list[EventMention]:
    """The meetings and congresses the running text names with dates, place or status.
    `finding(message, line)` reports what cannot be read (an impossible date)."""
    found: list[EventMention] = []
    reader = Reader(language, year, context, finding)
    # The party a page is about, named in its title (`22ο Συνέδριο ΑΚΕΛ`): the party of a
    # congress its text names with no party (`πήραν μέρος στο 22ο Συνέδριο`).
    page_party = party_before(lines[0][1], context.names_party) if lines else None
    undated: int | None = None  # a meeting a sentence just before named without its facts
    waited = 0  # sentences read since
    # A page about the International Meetings says so at its top; further down, `the 12°
    # Incontro Internazionale in Sud Africa` needs no more words to be one of them.
    about_meetings = any(COMMUNIST.search(text) for _, text in lines[:OPENING])
    for sentence, dateline in sentences(lines):
        text = sentence.text
        named: list[tuple[re.Match[str], str, int | None, str | None]] = []
        for match in MEETING.finditer(text):
            if about_meetings or COMMUNIST.search(f"{text} {dateline}"):
                named.append((match, "meeting", ordinal_of(match.group("ordinal")), None))
        if (at := PLACE_MEETING.match(text)) and context.is_place(at.group("place")):
            named.append((at, "meeting", None, None))  # the page's own: its title's ordinal
        for match in CONGRESS.finditer(text):
            party = (
                organiser(match.group("party") or "", context.names_party)
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
        waited += 1
        if named or waited > FOLLOW_ON:
            undated = None
        for index, (match, kind, ordinal, party) in enumerate(named):
            if kind == "congress" and not (party and ordinal):
                continue
            # Its dates and place lie between the names around it: `… the VII. Congress, on
            # 17-18 May 2008, judged the work done since the VI. Congress` dates one.
            window = (
                named[index - 1][0].end() if index else 0,
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
    party (`the Communist Party of Britain`, `PCP`, `KSČM`), else None."""
    words = PARTY_END.sub("", words).strip()
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
        dates = place = None
        if not about_a_group:
            dates = self.dates(sentence, match.start(), name_end, kind, window)
            if dates is None and dateline:
                dateline_sentence = Sentence(dateline, sentence.line)
                dates = self.dates(dateline_sentence, 0, 0, kind, (0, len(dateline)), False)
                # A dateline's one day is when the text was adopted, not the meeting's span.
                dates = None if dates and dates.single_day else dates
            low, high = window
            place = self.place(text[name_end:high], text[low : match.start()])
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
            status=status_of(text),
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
        if kind == "meeting":  # `… occupation since June 4 1967`: no meeting's date
            spans = [s for s in spans if s.start.year >= FIRST_MEETING]
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
        return after[0] if after else (before[-1] if before else None)

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
        if not HELD.search(text):
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
        """A city named just before the event with no preposition (`Izmir had hosted the
        21st IMCWP`): the last capitalised word the gazetteer knows as a city."""
        words = re.findall(r"(?<![\w])[A-ZÀ-ÝА-ЯΑ-Ω][\w'’-]+", before)
        for word in reversed(words):
            if self.context.is_place(word) and not self.context.is_country(word):
                return [word]
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
