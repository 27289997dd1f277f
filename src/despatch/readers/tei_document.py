"""One TEI ``div type="document"`` (or a front-matter section) → a Document.

The walker turns mixed content into blocks of text once, with notes, page breaks, names,
terms, references and dates as standoff marks (the spec's Document JSON); the volume
reader (:mod:`despatch.readers.tei`) hands it each document as the file streams past.
"""

from __future__ import annotations

import datetime as dt
import re

from lxml import etree

from ..model import Block, DocDate, Document, Mark
from ._builder import (
    DocumentBuilder,
    classify_letter_blocks,
    demote_source_paragraphs,
    normalize_markup_space,
    note_type,
    split_heading_number,
    subtype_for,
)
from ._nesting import nested_too_deeply

__all__ = ["FRUS", "TEI", "XML_ID", "document_from_element"]

TEI = "http://www.tei-c.org/ns/1.0"
FRUS = "http://history.state.gov/frus/ns/1.0"
XML_ID = "{http://www.w3.org/XML/1998/namespace}id"

# Elements that are a block of their own, and the block type they give.
_BLOCKS = {
    "head": "head",
    "dateline": "dateline",
    "p": "p",
    "item": "item",
    "signed": "signed",
    "salute": "salute",
    "trailer": "p",
    "byline": "p",
    "ab": "p",
    "l": "p",
    "docAuthor": "p",
    "argument": "p",
    "label": "label",
}
# Elements that hold blocks; the value is the type of loose text directly inside them.
_CONTAINERS = {
    "div": "p",
    "attachment": "p",
    "list": "item",
    "opener": "p",
    "closer": "closer",
    "postscript": "postscript",
    "table": "row",
    "lg": "p",
    "floatingText": "p",
    "body": "p",
    "front": "p",
    "back": "p",
    "group": "p",
    "figure": "p",  # its caption (head, p) and notes; the image itself is not text
}
_SKIP = {"graphic", "binaryObject", "figDesc", "fw"}
# Of a <choice> between readings, the one a reader is meant to see.
_CHOSEN_READINGS = ("corr", "reg", "expan")


_LOCAL_NAMES: dict[str, str] = {}


def _local(el: etree._Element) -> str:
    tag = el.tag
    if not isinstance(tag, str):
        return ""
    name = _LOCAL_NAMES.get(tag)
    if name is None:  # a handful of distinct tags: strip the namespace once for each
        name = _LOCAL_NAMES[tag] = tag.rsplit("}", 1)[-1]
    return name


def _when(date: etree._Element) -> str | None:
    """A ``date``'s attributes as one ISO 8601 value: the day, or an interval, open at an
    end the attributes leave open ("not after August 31" is ``../1899-08-31``)."""
    when = date.get("when")
    if when:
        return when
    lo = date.get("from") or date.get("notBefore")
    hi = date.get("to") or date.get("notAfter")
    return f"{lo or '..'}/{hi or '..'}" if lo or hi else None


def _page_number(pb: etree._Element) -> str | None:
    """The printed page a ``pb`` begins; None for a break without a number (a facsimile's
    image, another edition's unnumbered page), which says no page of this book begins."""
    return (pb.get("n") or "").strip() or None


def _text_of(el: etree._Element) -> str:
    """An element's words, as a title or name: line breaks are spaces, notes are left out."""
    parts: list[str] = []
    # a stack, not recursion: a name nested a thousand levels deep is still a name
    pending: list[etree._Element | str] = [el]
    while pending:
        node = pending.pop()
        if isinstance(node, str):
            parts.append(node)
            continue
        if node.text:
            parts.append(node.text)
        for child in reversed(node):  # pushed last to first: taken first to last
            if child.tail:
                pending.append(child.tail)
            tag = _local(child)
            if tag in ("lb", "cb"):
                pending.append("\n")
            elif tag == "choice":
                reading = _chosen_reading(child)
                if reading is not None:
                    pending.append(reading)
            elif tag and tag != "note":  # not a note, a comment or a processing instruction
                pending.append(child)
    return normalize_markup_space("".join(parts))


def _chosen_reading(choice: etree._Element) -> etree._Element | None:
    """Of a ``choice`` between readings, the one a reader is meant to see."""
    readings = [c for c in choice if isinstance(c.tag, str)]
    chosen = next((c for c in readings if _local(c) in _CHOSEN_READINGS), None)
    return chosen if chosen is not None or not readings else readings[0]


def _doc_target(target: str, volume: str | None) -> str | None:
    """``#d7`` → ``vol/d7``; ``frus1961-63v22#d383fn4`` → ``frus1961-63v22/d383``."""
    vol, _, frag = target.partition("#")
    vol = vol or volume or ""
    if not frag:
        return vol or None
    m = re.match(r"(d\d+[a-z]?)(?:fn(\d+))?$", frag)
    if m and vol:
        return f"{vol}/{m.group(1)}" + (f"#fn{m.group(2)}" if m.group(2) else "")
    return f"{vol}/{frag}" if vol else frag


class _DocumentWalker:
    def __init__(self, volume: str | None) -> None:
        self.volume = volume
        self.b = DocumentBuilder()
        self.note_marks: list[Mark] = []
        self.sender: list[str] = []
        self.recipient: list[str] = []
        self.in_note = False  # a note's own walker: a note inside it is part of its text

    # Walk mixed content, opening blocks of ``default`` for loose text.
    def content(self, el: etree._Element, default: str) -> None:
        b = self.b
        if el.text:
            b.text(el.text, default)
        pending_label: etree._Element | None = None
        for child in el:
            tag = _LOCAL_NAMES.get(child.tag) or _local(child)  # type: ignore[call-overload]
            if tag == "label" and _local(el) == "list":
                pending_label = child
            elif tag == "item" and pending_label is not None:
                self.block(child, "item", prefix=pending_label)
                pending_label = None
            else:
                if pending_label is not None:  # a label with no item after it
                    self.block(pending_label, "label")
                    pending_label = None
                self.node(child, default, tag)
            if child.tail:
                b.text(child.tail, default)
        if pending_label is not None:
            self.block(pending_label, "label")

    def block(
        self, el: etree._Element, block_type: str, prefix: etree._Element | None = None
    ) -> None:
        self.b.start_block(block_type)
        if prefix is not None:
            self.content(prefix, block_type)
            self.b.space()
        self.content(el, block_type)
        self.b.end_block()

    def node(self, el: etree._Element, default: str, tag: str) -> None:
        if not tag or tag in _SKIP:
            return
        if tag == "note":
            if self.in_note:
                self._note_content(el)
            else:
                self.note(el)
        elif tag == "pb":
            if n := _page_number(el):
                self.b.add_page(n)
        elif tag in ("lb", "cb"):
            self.b.space(line_break=True)
        elif tag == "space":  # a gap the printer left: a space, whatever its width
            self.b.space()
        elif tag == "addrLine":  # an address's lines run on as one text, a line apart
            self.b.space(line_break=True)
            self.content(el, default)
            self.b.space(line_break=True)
        elif tag == "row":
            self.b.start_block("row")
            for cell in el:
                self.b.space()
                self.content(cell, "row")
                self.b.text(cell.tail, "row")
            self.b.end_block()
        elif tag in _BLOCKS or (tag == "quote" and self._has_blocks(el)) or tag in _CONTAINERS:
            self.b.end_block()
            if tag in _CONTAINERS or tag == "quote":
                inner = _CONTAINERS.get(tag, "quote")
                self.content(el, inner)
                self.b.end_block()
            else:
                block_type = _BLOCKS[tag]
                if tag == "salute" and default == "closer":
                    block_type = "closer"
                elif tag == "p" and default in ("postscript", "quote"):
                    block_type = default  # a postscript's or block quotation's paragraphs
                self.block(el, block_type)
        elif tag == "choice":  # "teh" [sic] or "the": one reading, not both run together
            chosen = _chosen_reading(el)
            if chosen is not None:
                self.content(chosen, default)
        else:
            self.inline(el, default, tag)

    @staticmethod
    def _has_blocks(el: etree._Element) -> bool:
        return any(_local(c) in _BLOCKS or _local(c) in _CONTAINERS for c in el)

    def inline(self, el: etree._Element, default: str, tag: str) -> None:
        start = self.b.open_mark()
        self.content(el, default)
        if tag == "persName":
            ref = (el.get("corresp") or "").lstrip("#") or None
            role = el.get("type") if el.get("type") in ("from", "to") else None
            self.b.close_mark(start, "person", ref=ref, role=role, source="markup")
            self._party(role, ref or _text_of(el))
        elif tag == "gloss":
            ref = (el.get("target") or "").lstrip("#") or None
            role = el.get("type") if el.get("type") in ("from", "to") else None
            self.b.close_mark(start, "term", ref=ref, role=role, source="markup")
            self._party(role, ref or _text_of(el))
        elif tag == "ref":  # without a target it is kept too: enrichment may find it one
            target = _doc_target(el.get("target", ""), self.volume) if el.get("target") else None
            self.b.close_mark(start, "ref", target=target, source="markup")
        elif tag == "date" and (when := _when(el)):
            self.b.close_mark(start, "date", when=when, source="markup")

    def _party(self, role: str | None, who: str) -> None:
        if not who:  # a tagged name with no words names nobody
            return
        if role == "from" and who not in self.sender:
            self.sender.append(who)
        elif role == "to" and who not in self.recipient:
            self.recipient.append(who)

    def note(self, el: etree._Element) -> None:
        inner = _DocumentWalker(self.volume)
        inner.in_note = True
        inner.b.start_block("note")
        inner._note_content(el)
        blocks, _, pages, marks = inner.b.finish()
        text = blocks[0].text if blocks else ""
        index = self.b.add_note(el.get("n"), note_type(el.get("type"), text), text)
        for mark in marks:
            mark.block, mark.note = None, index
            self.note_marks.append(mark)
        for page in pages:  # a page break inside a note: the page turns at the anchor
            self.b.add_page(page.n)

    def _note_content(self, el: etree._Element) -> None:
        # Notes are one paragraph of plain text: block children only add a space.
        if el.text:
            self.b.text(el.text, "note")
        for child in el:
            tag = _LOCAL_NAMES.get(child.tag) or _local(child)  # type: ignore[call-overload]
            if tag in _BLOCKS or tag in _CONTAINERS or tag in ("row", "label"):
                self.b.space()
                self._note_content(child)
                self.b.space()
            else:  # a note inside the note, at any depth, is read as its text
                self.node(child, "note", tag)
            if child.tail:
                self.b.text(child.tail, "note")


def document_from_element(
    div: etree._Element,
    volume: str | None,
    seq: int = 0,
    division: str | None = None,
    local_id: str | None = None,
) -> Document:
    """Read one ``div type="document"`` element; ``local_id`` is its id in the volume (by
    default its ``xml:id``, else ``d`` + its number)."""
    walker = _DocumentWalker(volume)
    try:
        walker.content(div, "p")
    except RecursionError:
        raise nested_too_deeply(div) from None
    blocks, notes, pages, marks = walker.b.finish()
    xml_id = local_id or _document_xml_id(div, seq)
    if not blocks:  # nothing but anchors: they are the empty heading's
        blocks.append(Block("head", ""))
    elif blocks[0].type != "head":
        blocks.insert(0, Block("head", ""))
        for item in [*notes, *pages, *marks]:
            if getattr(item, "block", None) is not None:
                item.block += 1
    doc = Document(
        id=f"{volume}/{xml_id}" if volume else xml_id,
        volume=volume,
        number=div.get("n"),
        subtype=div.get("subtype") or subtype_for(blocks[0].text),
        title=blocks[0].text,
        blocks=blocks,
        notes=notes,
        pages=pages,
        marks=[*marks, *walker.note_marks],
        sender=walker.sender,
        recipient=walker.recipient,
        division=division,
        seq=seq,
    )
    split_heading_number(doc)
    demote_source_paragraphs(doc)
    classify_letter_blocks(doc.blocks)
    doc.date = _attribute_date(div, doc)
    return doc


def _document_xml_id(div: etree._Element, seq: int) -> str:
    return div.get(XML_ID) or (f"d{div.get('n')}" if div.get("n") else f"doc{seq}")


def _attribute_date(div: etree._Element, doc: Document) -> DocDate | None:
    """``frus:doc-dateTime-min/max`` when the edition carries them (dates enrichment widens
    dateline dates later)."""
    lo = _moment(div.get(f"{{{FRUS}}}doc-dateTime-min"))
    hi = _moment(div.get(f"{{{FRUS}}}doc-dateTime-max"))
    dateline = next((b.text for b in doc.blocks if b.type == "dateline"), None)
    if lo and hi and _later(lo, hi):  # the two swapped: the range is still the editors'
        lo, hi = hi, lo
    if lo or hi:
        return DocDate(min=lo or hi, max=hi or lo, text=dateline, place=None, source="attribute")
    return None  # none, or none a calendar has: the dateline dates the document


def _moment(value: str | None) -> str | None:
    """An attribute's ISO 8601 date-time, or None when it is not one ("1965-02-30", "#")."""
    value = (value or "").strip()
    try:
        dt.datetime.fromisoformat(value)
    except ValueError:
        return None
    return value


def _later(a: str, b: str) -> bool:
    first, second = dt.datetime.fromisoformat(a), dt.datetime.fromisoformat(b)
    if (first.tzinfo is None) != (second.tzinfo is None):  # one says its zone: the clocks
        first, second = first.replace(tzinfo=None), second.replace(tzinfo=None)
    return first > second
