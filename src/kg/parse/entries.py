"""What a page's lists hold: the parties its running text lists, and no entry that is not a
party (a demand, a title, a signature, a name cut off where a copy of the page stops).

Everything left out is reported through `report` (code, severity, message, line, hint).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace

from kg.model import Severity, SignatoryEntry, SignatoryList, SourceDocument, Span
from kg.parse.context import Context
from kg.parse.lists import (
    COUNTRY_DASH,
    DEMAND,
    LONG_RUN,
    MAX_ENTRY,
    MAX_ENTRY_WORDS,
    PARTY_WORDS,
    Line,
    is_run_on,
    run_on_part,
    split_run_on,
)
from kg.parse.running import CountryNamed, RunningList, countries_in_text, listed_in_text

Report = Callable[[str, Severity, str, int | None, str], None]

# A cue that says the parties sign: `signed by`, `Statement of the General Secretaries of`.
SIGNED = re.compile(r"sign|firm|подпис|υπογρ|statement|declaration|communiqu|appeal", re.I)
# Who signs a party's statement, under it: a section or office of the party, not a party.
SIGNATURE = re.compile(
    r"^(?:the\s+)?(?:international\s+(?:relations\s+)?(?:section|department)|press\s+"
    r"(?:office|service|department)|(?:political\s+)?bureau|secretariat"
    # the site's meeting pages: sections, not signers
    r"|contributions?\s+of\s+the|host\s+party$|informative\s+note)\b",
    re.IGNORECASE,
)
MAX_PLAIN_NAME = 6  # words of a name without any word saying it is an organisation


def lists_in_text(
    lines: list[Line],
    context: Context,
    language_of: Callable[[str], str],
    limit: int | None = None,
) -> list[SignatoryList]:
    """Parties the running text lists (`attended by A, B and C`): the parties present, or
    the signers when it says they signed."""
    found = []
    for line in lines:
        by_country = countries_in_text(line.text, context.country_code)
        if by_country:
            found.append(countries_listed(line, *by_country, language_of(line.text)))
            continue
        listed = listed_in_text(line.text, context.is_country, context.is_party, limit)
        if listed is None and long_run(line.text):
            # A paragraph that is a long run of names, with a sentence after it.
            names = split_run_on(run_on_part(line.text), context.is_country)
            names = names[: limit + 1] if limit is not None else names
            listed = RunningList("", tuple(names))
        if listed is None:
            continue
        language = language_of(line.text)
        entries = tuple(
            SignatoryEntry(None, name, language, Span(line.number)) for name in listed.entries
        )
        role = "signatories" if SIGNED.search(listed.cue) else "attendees"
        found.append(SignatoryList(listed.cue, entries, False, Span(line.number), role))
    return found


def countries_listed(
    line: Line, cue: str, named: tuple[CountryNamed, ...], language: str
) -> SignatoryList:
    """The parties present, named by their countries (`i rappresentanti dei PPCC di Cuba, …`)."""
    entries = tuple(
        SignatoryEntry(
            position=None, raw=e.raw, language=language, span=Span(line.number), name=e.name,
            country=e.country or None, by_country=not e.name,
        )
        for e in named
    )  # fmt: skip
    return SignatoryList(cue, entries, False, Span(line.number), "attendees")


def organisations_only(
    lists: list[SignatoryList],
    context: Context,
    report: Report,
    dated: Callable[[str, int], bool],
    names_meeting: Callable[[str], bool],
) -> list[SignatoryList]:
    """A bulleted demand or action point (`Ending foreign intervention by …`), a meeting's
    name, a place-and-date line or a signature is not a signatory: an entry must look like
    an organisation. What is left out is said."""
    kept = []
    for group in lists:
        entries = []
        for entry in group.entries:
            line = entry.span.line
            not_a_name = (
                names_meeting(entry.raw) or SIGNATURE.match(entry.raw) or dated(entry.raw, line)
            )
            organisation = looks_like_organisation(entry.raw, context.is_party)
            if entry.name or (organisation and not not_a_name):
                entries.append(entry)
                continue
            report(
                "not-a-party", Severity.INFO,
                f"{entry.raw[:120]!r} in a list does not look like an organisation; it "
                "is not read as a signatory", line,
                "if it is a party, add its name to the registry (src/kg/data/parties.toml)",
            )  # fmt: skip
        if entries:
            kept.append(replace(group, entries=tuple(entries)))
    return kept


def without_cut_off_entry(
    lists: list[SignatoryList],
    source: SourceDocument,
    line_count: int,
    context: Context,
    report: Report,
) -> list[SignatoryList]:
    """A text page that stops in mid-line (no final line break: a copy cut short) may end
    in the middle of a name (`Partido Comunista de`, `French Communist`): a last entry there
    that names no known party, and does not end as a name may (`)`, `.`), is not one."""
    text = source.text
    if source.media_type != "text/plain" or not text or text.endswith("\n"):
        return lists
    kept = []
    for group in lists:
        entries = group.entries
        if entries and entries[-1].span.line == line_count:
            cut = entries[-1]
            if not context.is_party(cut.mention) and not cut.raw.endswith((")", ".")):
                entries = entries[:-1]
                report(
                    "cut-off-entry", Severity.WARNING,
                    f"the page stops in the middle of its last line: {cut.raw!r} is taken "
                    "for a name cut short, not a party", line_count,
                    "compare with the original page; fetch it whole to read the list's end",
                )  # fmt: skip
        kept.append(replace(group, entries=entries))
    return [group for group in kept if group.entries or group.heading]


def long_run(text: str) -> bool:
    """A paragraph that is a long run of names (`A, B, …, Z. Also present were …`): many
    short pieces, nearly all naming parties."""
    if len(text) <= MAX_ENTRY or not is_run_on(text):
        return False
    pieces = [p.strip() for p in run_on_part(text).split(",") if p.strip()]
    named = sum(1 for p in pieces if PARTY_WORDS.search(p))
    return (
        len(pieces) > LONG_RUN
        and named >= 0.75 * len(pieces)
        and all(len(p.split()) <= MAX_PLAIN_NAME + 2 for p in pieces)
    )


def looks_like_organisation(text: str, known_party: Callable[[str], bool]) -> bool:
    """A party word in some language, a registry name, or a short name that is no demand."""
    if known_party(text):
        return True
    text = COUNTRY_DASH.sub("", text)  # `Chad – Action Tchadienne pour …`: the name after it
    words = text.split()
    if not words or len(words) > MAX_ENTRY_WORDS:
        return False
    if PARTY_WORDS.search(text) and not DEMAND.match(text):
        return True
    return len(words) <= MAX_PLAIN_NAME and not DEMAND.match(text)
