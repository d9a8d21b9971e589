"""A site page's template told from its article: where the article is, what around and
inside it is furniture (menus, share buttons, related articles, comments), which sidebar
lines are events, and what the markup states of the page (its time, tags, author)."""

from __future__ import annotations

import datetime as dt
import re

from lxml.etree import _Element

# Class or id words of page furniture: never the text. Whole words of the name
# (`share-buttons`, `related_articles`, `comments`), not parts (`shared`).
FURNITURE = re.compile(
    r"(?:^|[\s_-])(?:share|sharing|social|related|comments?|breadcrumbs?|newsletter|cookies?|"
    r"advert|ads|banner|pagination|pager|subscribe|print|popup|modal|skip)(?=$|[\s_-])",
    re.IGNORECASE,
)
# A sidebar's block of events (`<section class="events">`, `<div id="upcoming-events">`).
EVENTS = re.compile(r"(?:^|[\s_-])(?:events?|calendar|agenda)(?=$|[\s_-])", re.IGNORECASE)
TIMESTAMP_LINE = re.compile(r"^\s*\d{1,2}/\d{1,2}/\d{2,4}\s*,?\s+\d{1,2}:\d{2}\s*[AaPp][Mm]\s*$")


def names_of(element: _Element) -> str:
    return f"{element.get('class') or ''} {element.get('id') or ''}".strip()


def is_furniture(element: _Element) -> bool:
    return bool(FURNITURE.search(names_of(element)))


def main_content(document: _Element) -> _Element | None:
    """The article: the one `<article>` (the first of several inside `<main>` is a
    listing's teaser, so `<main>` then), else `<main>` or the element whose role is main."""
    articles = [a for a in document.iter("article") if not is_furniture(a)]
    if len(articles) == 1:
        return articles[0]
    for path in (".//main", ".//*[@role='main']"):
        found = document.find(path)
        if found is not None:
            return found
    return articles[0] if articles else None


def sidebar_events(document: _Element, main: _Element | None) -> list[_Element]:
    """The event blocks outside the article (its sidebar's `Events`): their lines are the
    page's event lines, read after the text."""
    if main is None:
        return []  # the whole body is read, sidebar and all
    inside = set(main.iter())
    found: list[_Element] = []
    for element in document.iter():
        if (
            isinstance(element.tag, str)
            and element not in inside
            and EVENTS.search(names_of(element))
            and not any(block in found for block in element.iterancestors())
        ):
            found.append(element)
    return found


def meta_content(document: _Element, name: str) -> list[str]:
    return [
        (element.get("content") or "").strip()
        for element in document.iter("meta")
        if name in (element.get("property"), element.get("name")) and element.get("content")
    ]


def published_in(document: _Element) -> dt.datetime | None:
    """The page's own publication time as its markup states it, if it does."""
    stated = next(iter(meta_content(document, "article:published_time")), "")
    if not stated:
        time = document.find(".//article//time[@datetime]")
        stated = time.get("datetime", "") if time is not None else ""
    try:
        moment = dt.datetime.fromisoformat(stated.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo else moment.replace(tzinfo=dt.UTC)


def timestamp_line(moment: dt.datetime) -> str:
    """The site's own date line (`11/3/17, 10:00 AM`), which the parser reads."""
    hour = moment.hour % 12 or 12
    return f"{moment.month}/{moment.day}/{moment:%y}, {hour}:{moment:%M} {moment:%p}"


def with_stated_header(text: str, document: _Element) -> str:
    """The text with what the markup states and the text does not: the date line after
    the title, and the tags (`article:tag`, `rel=tag` links) and author as tag lines."""
    lines = text.split("\n")
    if not lines or not lines[0].strip():
        return text
    added: list[str] = []
    moment = published_in(document)
    if moment and not any(TIMESTAMP_LINE.match(line) for line in lines[1:4]):
        added.append(timestamp_line(moment))
    present = {line.strip(" •\t") for line in lines}
    tags = [
        *meta_content(document, "article:tag"),
        *(" ".join(a.text_content().split()) for a in document.iter("a") if is_tag_link(a)),
        *(a for a in meta_content(document, "author") if "://" not in a),
    ]
    added += [f"  • {tag}" for tag in dict.fromkeys(tags) if tag and tag not in present]
    return "\n".join([lines[0], *added, *lines[1:]])


def is_tag_link(element: _Element) -> bool:
    return "tag" in (element.get("rel") or "").lower().split()
