"""HTML pages to the text form the parser reads, with a real HTML parser (lxml).

Block structure becomes lines; list items keep their markers (`1. ` in numbered lists,
`  • ` in others) so that signatory lists read as lists; table rows become TAB-separated
cells; scripts, styles and forms are dropped.
"""

from __future__ import annotations

import re

import lxml.html
from lxml.etree import ParserError, _Comment, _Element, _ProcessingInstruction

from kg.errors import InputError
from kg.sources.template import (
    is_furniture,
    main_content,
    meta_content,
    sidebar_events,
    with_stated_header,
)

BLOCKS = {
    "address", "article", "aside", "blockquote", "body", "dd", "div", "dl", "dt", "figcaption",
    "figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "main", "nav", "ol",
    "p", "pre", "section", "table", "tbody", "thead", "tfoot", "ul", "li", "tr", "caption",
}  # fmt: skip
# Scripts and page furniture (menus, forms) are not the text.
DROPPED = {
    "script", "style", "noscript", "template", "svg", "form", "button", "select", "iframe", "nav",
}  # fmt: skip


class TextWriter:
    """Collects text into lines: blocks break lines, inline text runs on."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.current = ""

    def text(self, text: str | None) -> None:
        if text:
            self.current += re.sub(r"[ \t\r\n\f\v\u00a0]+", " ", text)

    def raw(self, text: str) -> None:
        self.current += text

    def newline(self) -> None:
        line = self.current.strip(" ")
        if line.strip():
            self.lines.append(line.rstrip())
        elif self.lines and self.lines[-1] != "":
            self.lines.append("")
        self.current = ""

    def result(self) -> str:
        self.newline()
        while self.lines and not self.lines[-1]:
            self.lines.pop()
        return "\n".join(self.lines) + "\n"


def walk(root: _Element, out: TextWriter) -> None:
    """Write `root`'s text; blocks break lines, except inside a list item or a table cell
    (`<li><p>CP of Albania</p></li>` is one entry). A loop with its own stack, not
    recursion: a page nested thousands of levels deep is read whole."""
    # (element, inside an item) to open, or (element, block) to close
    stack: list[tuple[str, _Element, bool]] = [("open", root, False)]
    while stack:
        step, element, flag = stack.pop()
        if step == "close":
            if flag:
                out.newline()
            out.text(element.tail)
            continue
        if isinstance(element, (_Comment, _ProcessingInstruction)):
            out.text(element.tail)
            continue
        tag = element.tag.lower() if isinstance(element.tag, str) else ""
        if tag in DROPPED or is_furniture(element):
            out.text(element.tail)
            continue
        if tag == "br":
            out.newline()
            out.text(element.tail)
            continue
        inside_item = flag
        block = tag in BLOCKS and not (inside_item and tag not in ("li", "tr", "ul", "ol", "table"))
        if block:
            out.newline()
        if tag == "li":
            out.raw(list_marker(element))
        if tag in {"td", "th"} and element.getprevious() is not None:
            out.raw("\t")
        out.text(element.text)
        within = inside_item or tag in ("li", "td", "th")
        stack.append(("close", element, block))
        stack.extend(("open", child, within) for child in reversed(element))


def list_marker(item: _Element) -> str:
    parent = item.getparent()
    if parent is None or str(parent.tag).lower() != "ol":
        return "  • "
    try:
        start = int(parent.get("start", "1"))
    except ValueError:
        start = 1
    items = [child for child in parent if str(child.tag).lower() == "li"]
    number = item.get("value")
    return f"{number if number and number.isdigit() else start + items.index(item)}. "


XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")  # lxml refuses it in a decoded text
MAX_DEPTH = 2048  # libxml2's limit with huge_tree
CONTAINER = (
    r"</?(?:div|section|article|main|span|font|center|aside|header|footer|b|i|em|strong|a)\b[^>]*>"
)
CONTAINER_TAG = re.compile(CONTAINER, re.IGNORECASE)
CONTAINER_BYTES = re.compile(CONTAINER.encode(), re.IGNORECASE)


def parsed(html: str | bytes, name: str, encoding: str | None) -> _Element | None:
    """The document, or None when libxml2 stopped at its depth limit."""
    if encoding and isinstance(html, bytes):
        # decoded here: Python knows charsets' names (`latin-1`) that libxml2 does not
        html = XML_DECLARATION.sub("", html.decode(encoding, errors="replace"), count=1)
    try:
        # huge_tree: libxml2 otherwise drops, silently, all that is nested 256 levels deep
        parser = lxml.html.HTMLParser(huge_tree=True)
        document = lxml.html.document_fromstring(html, parser=parser)
    except (ParserError, ValueError) as err:
        raise InputError(
            f"cannot read the HTML: {err}", source=name, hint="check that the file is a web page"
        ) from err
    if any(e.type_name == "ERR_RESOURCE_LIMIT" for e in parser.error_log):
        return None
    return document


def html_to_text(
    html: str | bytes,
    name: str = "",
    encoding: str | None = None,
    problems: list[str] | None = None,
) -> str:
    """The page's text in the site's text form. Raises `InputError` for an empty document.

    Bytes are decoded as the page declares (or as `encoding` says); the article (`<article>`
    or `<main>`) is read when the page marks one, so menus and footers stay out, as does
    the furniture inside it (share buttons, related articles); the sidebar's events are
    read after it, and the date and tags the markup states join the header."""
    document = parsed(html, name, encoding)
    if document is None:
        # Deeper than libxml2 goes even with huge_tree (2048 levels): what lies deeper would
        # be dropped without a word. Its containers become line breaks, and it is said.
        flat = (
            CONTAINER_BYTES.sub(b"<br>", html)
            if isinstance(html, bytes)
            else CONTAINER_TAG.sub("<br>", html)
        )
        document = parsed(flat, name, encoding)
        if problems is not None:
            problems.append(
                f"the HTML is nested more than {MAX_DEPTH} levels deep: read with its "
                "containers (div, section, span…) as line breaks"
            )
        if document is None:
            raise InputError(
                f"the HTML is nested more than {MAX_DEPTH} levels deep, even without its "
                "containers", source=name, hint="save the page as text",
            )  # fmt: skip
    out = TextWriter()
    article = main_content(document)
    body = article if article is not None else document.find("body")
    title = next(iter(meta_content(document, "og:title")), None) or document.findtext(".//title")
    if title and (body is None or body.find(".//h1") is None):
        out.text(title)  # no heading in the body: the page's title is its title line
        out.newline()
    walk(body if body is not None else document, out)
    for events in sidebar_events(document, article):  # the sidebar's lines after the text
        out.newline()
        out.lines.append("")
        walk(events, out)
    return with_stated_header(out.result(), document, article)


def looks_like_html(text: str) -> bool:
    head = text.lstrip()[:500].lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in text)
