"""A site page's template told from its article: where the article is, what around and
inside it is furniture (menus, share buttons, related articles, comments), which sidebar
lines are events, and what the markup states of the page (its time, tags, author)."""

from __future__ import annotations

import datetime as dt
import re

from lxml.etree import _Element

# Class or id names of page furniture: never the text. A name that begins with the word
# (`share-buttons`, `related_articles`, `comments`), not one that holds it further on
# (`tag-social-democracy` is WordPress's mark of a tag, `editor-comment` a text block).
FURNITURE = re.compile(
    r"^(?:share|sharing|social|related|comments?|breadcrumbs?|newsletter|cookies?|advert|ads|"
    r"banner|pagination|pager|subscribe|popup|modal|skip)(?:$|[_-])",
    re.IGNORECASE,
)
# A sidebar's block of events (`<section class="events">`, `<div id="upcoming-events">`).
EVENTS = re.compile(r"^(?:\w+[_-])?(?:events?|calendar|agenda)(?:$|[_-])", re.IGNORECASE)
NEVER_FURNITURE = {"article", "main", "body", "html"}
TIMESTAMP_LINE = re.compile(r"^\s*\d{1,2}/\d{1,2}/\d{2,4}\s*,?\s+\d{1,2}:\d{2}\s*[AaPp][Mm]\s*$")


def names_of(element: _Element) -> list[str]:
    return [*(element.get("class") or "").split(), *(element.get("id") or "").split()]


def is_furniture(element: _Element) -> bool:
    """Furniture by its class or id; the article, the main part and the body never are,
    whatever classes a site gives them."""
    tag = element.tag.lower() if isinstance(element.tag, str) else ""
    return tag not in NEVER_FURNITURE and any(FURNITURE.match(n) for n in names_of(element))


def holds_events(element: _Element) -> bool:
    return any(EVENTS.match(name) for name in names_of(element))


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
    around = set(main.iterancestors())  # `<body class="page-events">` holds the article
    found: list[_Element] = []
    for element in document.iter():
        if (
            isinstance(element.tag, str)
            and element not in inside
            and element not in around
            and holds_events(element)
            and not any(
                block in found or str(block.tag).lower() in ("nav", "header")
                for block in element.iterancestors()
            )
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


def with_stated_header(text: str, document: _Element, main: _Element | None) -> str:
    """The text with what the markup states and the text does not: the date line after
    the title (the `<h1>`'s line, else the first), and the article's tags (`article:tag`,
    its `rel=tag` links) and author as tag lines."""
    lines = text.split("\n")
    if not lines or not lines[0].strip():
        return text
    heading = (main if main is not None else document).find(".//h1")
    heading_text = " ".join(heading.text_content().split()) if heading is not None else ""
    at = next((i for i, line in enumerate(lines[:5]) if heading_text and line == heading_text), 0)
    added: list[str] = []
    moment = published_in(document)
    if moment and not any(TIMESTAMP_LINE.match(line) for line in lines[at + 1 : at + 4]):
        added.append(timestamp_line(moment))
    present = {line.strip(" •\t") for line in lines}
    links = (main if main is not None else document).iter("a")
    tags = [
        *meta_content(document, "article:tag"),
        *(" ".join(a.text_content().split()) for a in links if is_tag_link(a)),
        *(a for a in meta_content(document, "author") if "://" not in a),
    ]
    added += [f"  • {tag}" for tag in dict.fromkeys(tags) if tag and tag not in present]
    return "\n".join([*lines[: at + 1], *added, *lines[at + 1 :]])


def is_tag_link(element: _Element) -> bool:
    return "tag" in (element.get("rel") or "").lower().split()
