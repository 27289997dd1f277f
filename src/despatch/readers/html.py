"""HTML reader: a saved reading-room page, or any HTML with footnote links, ``[Page N]`` spans
and an endnote list → Document JSON.

In HTML the apparatus is explicit (``<sup><a href="#fn3">3</a></sup>``, an element with the
note's id), so nothing is guessed about markers: they become anchors where the link stands.
"""

from __future__ import annotations

import copy
import re
from html import unescape
from itertools import takewhile
from pathlib import Path
from typing import TYPE_CHECKING

import lxml.html
from lxml import etree

from ..conventions import EDITION
from ..errors import InputError
from ..model import Document, Note, Recovery, Volume
from ._builder import (
    DocumentBuilder,
    classify_letter_blocks,
    demote_source_paragraphs,
    looks_binary,
    normalize_markup_space,
    note_type,
    read_file_bytes,
    split_heading_number,
    subtype_for,
    unicode_encoding,
)
from ._nesting import nested_too_deeply, parser_depth_error

__all__ = ["read_html", "read_html_file"]

if TYPE_CHECKING:  # the package imports this module
    from . import ReadVolume

_BLOCK_TAGS = {
    "p",
    "li",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "dt",
    "dd",
    "blockquote",
    "tr",
    "pre",
    "address",
    "figcaption",
}
_CONTAINERS = {
    "div",
    "section",
    "article",
    "main",
    "ol",
    "ul",
    "dl",
    "table",
    "tbody",
    "thead",
    "body",
    "header",
    "footer",
    "center",
}
_SKIP = {
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "form",
    "button",
    "svg",
    "head",
    "title",
    "meta",
    "link",
    "aside",
}
# A page's banner, menus and site footer, by their ARIA roles; and a <header> or <footer>
# outside what holds the document's heading (and outside any article, section or main),
# which HTML itself takes for the page's banner and footer.
_CHROME_ROLES = {"banner", "navigation", "contentinfo", "complementary", "search"}


def _site_chrome(el: etree._Element, text_holder: etree._Element) -> bool:
    if el.get("role") in _CHROME_ROLES:
        return True
    if el.tag not in ("header", "footer"):
        return False
    ancestors = list(el.iterancestors())
    if text_holder in ancestors:
        return False
    return not any(a.tag in ("article", "section", "main") for a in ancestors)


_TYPES = {
    "head",
    "dateline",
    "salute",
    "p",
    "item",
    "signed",
    "closer",
    "postscript",
    "row",
    "label",
    "quote",
}
_NAMED_BLOCKS = {"head", "dateline", "salute", "signed", "closer", "postscript", "label"}
_PAGE_TEXT = re.compile(r"\[Page ([^\]\s]+)\]")
_PAGE_ALONE = re.compile(r"\s*\[\s*Page\s+([^\]\s]+)\s*\]\s*")
_PAGE_LINK = re.compile(r"\s*Page\s+[^\]\s]+\s*")
_NOTES_CLASS = re.compile(r"foot-?notes|end-?notes|(?:^|\s)notes(?:\s|$)|fn-?list", re.I)
_BACKLINK = re.compile(r"^\s*(?:↩|↑|\^|return|back)\s*$", re.I)


def _text(el: etree._Element) -> str:
    """An element's text, as ``text_content()`` gives it, without its XPath: a recursion
    limit reached inside lxml's shared XPath evaluator leaves it locked for good."""
    return "".join(el.itertext())


def _short_text(el: etree._Element, limit: int = 40) -> str | None:
    """An element's text when it is no longer than a page break's ("[Page XXIV]"), else
    None: asked of every inline element, it stops reading past ``limit`` characters."""
    parts: list[str] = []
    size = 0
    for piece in el.itertext():
        size += len(piece)
        if size > limit:
            return None
        parts.append(piece)
    return "".join(parts)


def _page_alone(el: etree._Element) -> str | None:
    """The page ``el`` is a break to, when its text is "[Page N]" and nothing more."""
    text = _short_text(el)
    page = _PAGE_ALONE.fullmatch(text) if text is not None else None
    return page.group(1) if page is not None else None


def _in_notes(el: etree._Element) -> bool:
    return el.get("data-despatch-notes") is not None or any(
        a.get("data-despatch-notes") is not None for a in el.iterancestors()
    )


def _classes(el: etree._Element) -> str:
    return (el.get("class") or "").lower()


def _note_href(el: etree._Element) -> str | None:
    """The fragment a footnote reference points to, if ``el`` is one."""
    if el.tag == "sup":
        link = el.find(".//a[@href]")
        text = normalize_markup_space(_text(el))
        if link is not None and link.get("href", "").startswith("#"):
            return link.get("href")[1:]
        if re.fullmatch(r"\d+[a-z]?", text):
            return f"#n{text}"  # a bare superscript number: match the notes list by number
    if el.tag == "a" and el.get("href", "").startswith("#"):
        href = el.get("href")[1:]
        cls = _classes(el)
        text = normalize_markup_space(_text(el))
        if (
            "footnote" in cls
            or "fnref" in cls
            or "noteref" in cls
            or re.search(r"fn|note", href)
            or el.get("role") == "doc-noteref"
        ) and re.fullmatch(r"\d+[a-z]?", text):
            return href
    return None


class _HtmlWalker:
    def __init__(
        self, notes_by_id: dict[str, tuple[str | None, str]], text_holder: etree._Element
    ) -> None:
        self.b = DocumentBuilder()
        self.notes_by_id = notes_by_id
        self.used: set[str] = set()
        self.text_holder = text_holder  # what holds the document's heading and text

    def text(self, chunk: str | None, default: str) -> None:
        if not chunk:
            return
        pos = 0
        for m in _PAGE_TEXT.finditer(chunk):
            self.b.text(chunk[pos : m.start()], default)
            self.b.add_page(m.group(1))
            pos = m.end()
        self.b.text(chunk[pos:], default)

    def walk(self, el: etree._Element, default: str) -> None:
        self.text(el.text, default)
        for child in el:
            if isinstance(child.tag, str):
                self.node(child, default)
            self.text(child.tail, default)

    @staticmethod
    def class_type(el: etree._Element) -> str | None:
        """The block type a class names ("dateline", "tei-signed"), if any."""
        for cls in _classes(el).replace("tei-", "").split():
            if cls in _TYPES:
                return cls
        return None

    def block_type(self, el: etree._Element) -> str:
        named = self.class_type(el)
        if named:
            return named
        if re.fullmatch(r"h[1-6]", el.tag):
            return "head"
        return {"li": "item", "tr": "row", "blockquote": "quote", "dd": "item"}.get(el.tag, "p")

    def node(self, el: etree._Element, default: str) -> None:
        tag = el.tag
        if (
            tag in _SKIP
            or el.get("data-despatch-notes") is not None
            or _site_chrome(el, self.text_holder)
        ):
            return
        href = _note_href(el)
        if href is not None:
            n, text = self.notes_by_id.get(href, (normalize_markup_space(_text(el)), ""))
            n = n or normalize_markup_space(_text(el))
            self.used.add(n)
            self.b.add_note(n, None, text)
            return
        if tag not in _BLOCK_TAGS and tag not in _CONTAINERS:
            # an inline element that is a page break and nothing more, however classed:
            # <span class="pb">[Page 5]</span>, hsg's <span class="tei-pb">[<a>Page 5</a>]</span>
            page = _page_alone(el)
            if page is not None:
                self.b.add_page(page)
                return
        if tag == "br":
            self.b.space(line_break=True)
            return
        named = self.class_type(el)
        if tag not in _BLOCK_TAGS and named in _NAMED_BLOCKS and not self._has_blocks(el):
            # <span class="tei-signed">, <div class="dateline">: the class says it is a block
            self.b.start_block(named)
            self.walk(el, named)
            self.b.end_block()
        elif tag in _BLOCK_TAGS:
            if self._has_blocks(el):
                self.b.end_block()
                self.walk(el, self.block_type(el))
                self.b.end_block()
                return
            self.b.start_block(self.block_type(el))
            if tag == "tr":
                for cell in el:
                    self.b.space()
                    self.walk(cell, "row")
            else:
                self.walk(el, self.block_type(el))
            self.b.end_block()
        elif tag in _CONTAINERS:
            self.b.end_block()
            self.walk(el, named if named in ("closer", "postscript") else "p")
            self.b.end_block()
        else:
            self.walk(el, default)

    @staticmethod
    def _has_blocks(el: etree._Element) -> bool:
        return any(
            isinstance(c.tag, str) and (c.tag in _BLOCK_TAGS or c.tag in _CONTAINERS) for c in el
        )


def _notes_container(root: etree._Element) -> etree._Element | None:
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        if el.get("role") == "doc-endnotes" or (
            el.tag in ("section", "div", "ol", "ul", "aside", "footer")
            and _NOTES_CLASS.search(_classes(el) + " " + (el.get("id") or ""))
        ):
            return el
    return None


def _note_text(el: lxml.html.HtmlElement) -> tuple[str | None, str]:
    """A listed note's number, when an element of its own holds it at the note's start
    (``<span class="fn-marker">1</span>``, ``<sup>1</sup>``), and its text without it or
    the link back to the marker."""
    el = copy.deepcopy(el)  # a copy we may prune
    number = None
    first = next((c for c in el.iterdescendants() if isinstance(c.tag, str)), None)
    if (
        first is not None
        and not _text_before(el, first).strip()
        and (m := re.fullmatch(r"\s*(\d+[a-z]?)\.?\s*", _text(first)))
        and not _BACKLINK.match(_text(first))
        and not first.get("href", "").startswith("#fnref")
    ):
        number = m.group(1)
        first.drop_tree()
    for a in list(el.iter("a")):
        if a is not el and (
            _BACKLINK.match(_text(a))
            or "back" in _classes(a)
            or a.get("href", "").startswith("#fnref")
        ):
            a.drop_tree()
    return number, re.sub(r"\s*↩+\s*$", "", normalize_markup_space(_text(el)))


def _text_before(holder: etree._Element, first: etree._Element) -> str:
    """The text inside ``holder`` before ``first``, its first descendant element: the text
    of ``holder`` and of each element between them, each of which ``first`` begins."""
    between = takewhile(lambda a: a is not holder, first.iterancestors())
    return (holder.text or "") + "".join(a.text or "" for a in between)


_TEXT_BLOCKS = ("p", "li", "blockquote", "pre", "dd", "tr")


def _document_holder(heading: etree._Element, start: etree._Element) -> etree._Element:
    """The nearest element around ``heading`` that holds the document's text as well: a
    paragraph of some length, or two, besides the heading (a subtitle under a heading in a
    box of its own is not yet the text)."""
    around = [*takewhile(lambda a: a is not start, heading.iterancestors()), start]
    level = {a: i for i, a in enumerate(around)}
    found, long = [0] * len(around), [False] * len(around)
    for el in start.iter(*_TEXT_BLOCKS):
        size = len(_text(el).strip())
        if not size or _in_notes(el):
            continue
        # the nearest element around the heading that holds this block (none: the heading's)
        held = next((level[a] for a in el.iterancestors() if a in level), None)
        if held is None or heading in el.iterancestors():
            continue
        found[held] += 1
        long[held] = long[held] or size >= 80
    total, any_long = 0, False
    for i, holder in enumerate(around):  # each holds what the ones inside it hold
        total, any_long = total + found[i], any_long or long[i]
        if total >= 2 or any_long:
            return holder
    return start


def _pages_just_before(el: etree._Element, outer: etree._Element) -> list[str]:
    """The page breaks standing right before ``el`` (nothing but white space between), as
    a page prints the break a document begins on just above the document's own element."""
    found: list[str] = []
    while el is not outer and el.getparent() is not None:
        for sibling in el.itersiblings(preceding=True):
            tail = (sibling.tail or "").strip()
            if tail:
                page = _PAGE_ALONE.fullmatch(tail)
                if page is None:
                    return found
                found.insert(0, page.group(1))
            text = _short_text(sibling) if isinstance(sibling.tag, str) else ""
            if text is not None and not text.strip():  # an anchor, a comment, an empty box
                continue
            page = _PAGE_ALONE.fullmatch(text) if text is not None else None
            if page is None:
                return found
            found.insert(0, page.group(1))
        parent = el.getparent()
        text = (parent.text or "").strip()
        if text:
            page = _PAGE_ALONE.fullmatch(text)
            if page is not None:
                found.insert(0, page.group(1))
            return found
        el = parent
    return found


def _fold_page_links(root: etree._Element) -> None:
    """A page break written "[<a href=…>Page 5</a>]", its brackets outside the link, becomes
    one element "[Page 5]", as the walker knows page breaks."""
    for el in root.iter("a", "span"):
        text = _short_text(el)
        if text is None or not _PAGE_LINK.fullmatch(text):
            continue
        previous, parent = el.getprevious(), el.getparent()
        before = (
            previous.tail if previous is not None else (parent.text if parent is not None else None)
        )
        after = el.tail or ""
        if not (before or "").rstrip().endswith("[") or not after.lstrip().startswith("]"):
            continue
        before = (before or "").rstrip()[:-1]
        if previous is not None:
            previous.tail = before
        elif parent is not None:
            parent.text = before
        label = " ".join(text.split())
        for child in list(el):
            el.remove(child)
        el.text, el.tail = f"[{label}]", after.lstrip()[1:]


def _collect_notes(
    root: etree._Element,
) -> tuple[dict[str, tuple[str | None, str]], etree._Element | None]:
    container = _notes_container(root)
    notes: dict[str, tuple[str | None, str]] = {}
    items: list[etree._Element] = []
    if container is not None:
        items = [
            li
            for li in container.iter("li", "p", "div")
            if li is not container
            and not any(isinstance(c.tag, str) and c.tag in ("li", "p") for c in li)
        ]
    for i, item in enumerate(items, 1):
        marker, text = _note_text(item)
        m = None if marker else re.match(r"^(\d+[a-z]?)\.?\s+(.*)$", text)
        n = item.get("value") or marker or (m.group(1) if m else str(i))
        if text.startswith("[") and not item.get("value") and not marker:
            n = None  # an unnumbered, bracketed note ("[Source: …]")
        if m:
            text = m.group(2)
        if item.get("id"):
            notes[item.get("id")] = (n, text)
        notes[f"#n{n}"] = (n, text)
    return notes, container


def read_html(html: str, *, source: str = "<html>", stem: str = "html") -> list[Document]:
    """Read one HTML page holding one document."""
    if not html.strip():
        raise InputError("empty file", source)
    # huge_tree: without it libxml2 stops at 256 levels of nesting, which generated pages
    # reach, and drops the rest of the page without a word
    parser = lxml.html.HTMLParser(huge_tree=True)
    try:
        root = lxml.html.document_fromstring(html, parser=parser)
    except (etree.ParserError, ValueError) as exc:
        raise InputError(f"cannot parse HTML: {exc}", source) from None
    too_deep = parser_depth_error(parser.error_log, source)
    if too_deep is not None:
        raise too_deep
    _fold_page_links(root)
    notes, container = _collect_notes(root)
    if container is not None:
        container.set("data-despatch-notes", "1")
    body = root.find("body")
    # the document itself: an <article> if there is one, else <main>, else the body
    main = next(root.iter("article"), None)
    if main is None:
        main = next(root.iter("main"), None)
    start = main if main is not None else (body if body is not None else root)
    heading = next(start.iter("h1", "h2", "h3", "h4", "h5", "h6"), None)
    page_before: list[str] = []
    if main is None and heading is not None:
        # no <article> or <main> says where the document is: what holds its heading and
        # its text, not a sidebar or site footer after it; but the page it begins on,
        # printed just before it
        outer, start = start, _document_holder(heading, start)
        page_before = _pages_just_before(start, outer)
    holder = heading.getparent() if heading is not None else None
    walker = _HtmlWalker(notes, holder if holder is not None else start)
    for n in page_before:
        walker.b.add_page(n)
    try:
        walker.walk(start, "p")
    except RecursionError:
        raise nested_too_deeply(start).in_file(source) from None
    blocks, doc_notes, pages, marks = walker.b.finish()
    if not blocks:
        raise InputError("no document text found", source)
    first_head = next((i for i, b in enumerate(blocks) if b.type == "head"), None)
    if first_head:  # drop site chrome above the document heading
        for item in [*doc_notes, *pages]:
            if item.block < first_head:  # in the chrome: before the heading, its start
                item.block, item.offset = 0, 0
            else:
                item.block -= first_head
        marks = [m for m in marks if m.block is None or m.block >= first_head]
        for mark in marks:
            if mark.block is not None:
                mark.block -= first_head
        blocks = blocks[first_head:]
    blocks[0].type = "head"
    # listed notes that nothing in the text points to: a bracketed source note belongs after
    # the heading (and dateline); anything else is kept, with a warning, after the heading
    orphans = [
        (n, text)
        for key, (n, text) in notes.items()
        if not key.startswith("#n") and (n is None or n not in walker.used)
    ]
    for n, text in orphans:
        at = 1 if len(blocks) > 1 and blocks[1].type == "dateline" else 0
        doc_notes.append(Note(n, None, text, at, len(blocks[at].text)))
    for note in doc_notes:
        note.type = note_type(note.type, note.text)
    warnings = [f"note {n} has no marker in the text" for n, _ in orphans if n is not None]
    doc = Document(
        id=f"{stem}/d1",
        volume=None,
        number=None,
        subtype=None,
        title=blocks[0].text,
        blocks=blocks,
        notes=doc_notes,
        pages=pages,
        marks=marks,
        recovery=Recovery(1.0 if not warnings else 0.9, warnings),
        seq=1,
    )
    split_heading_number(doc)
    doc.id = f"{stem}/d{doc.number or 1}"
    demote_source_paragraphs(doc)  # and puts the notes in anchor order
    classify_letter_blocks(doc.blocks)
    doc.subtype = subtype_for(doc.title)
    return [doc]


def read_html_file(path: str | Path) -> ReadVolume:
    from . import ReadVolume

    path = Path(path)
    text = _decode_page(read_file_bytes(path))
    if looks_binary(text):
        raise InputError("binary data, not an HTML page", str(path))
    docs = read_html(text, source=str(path), stem=path.stem)
    # a reading room's page names the edition (its breadcrumbs, its title): the volume's title
    edition = _EDITION.search(text)
    title = " ".join(unescape(edition.group(1)).split()) if edition else path.name
    return ReadVolume(Volume(id=path.stem, title=title), docs, str(path), "html", [path])


_EDITION = re.compile(r">\s*(" + EDITION + r",\s[^<>]{4,160}?)\s*<")


_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([\w-]+)""", re.IGNORECASE)


def _decode_page(raw: bytes) -> str:
    """A saved page's text: the Unicode encoding its byte-order mark names, or UTF-8, else
    the charset its <meta> declares (pages saved from older sites are often windows-1252),
    else windows-1252."""
    # a byte-order mark (a page saved as "Unicode" is UTF-16), else UTF-8
    for candidate in (unicode_encoding(raw[:4096]) or "utf-8", "utf-8"):
        try:
            return raw.decode(candidate).lstrip("\ufeff")
        except UnicodeDecodeError:
            continue
    declared = _META_CHARSET.search(raw[:4096])
    for encoding in (declared.group(1).decode("ascii") if declared else None, "cp1252"):
        if encoding:
            try:
                return raw.decode(encoding, "replace")
            except LookupError:  # a charset Python does not know
                continue
    return raw.decode("utf-8", "replace")
