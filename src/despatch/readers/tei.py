"""TEI reader: FRUS volumes (whole, or split one document per file) → Volume + Documents.

Streams with lxml ``iterparse``: each ``div type="document"`` is turned into a Document and
then cleared, so memory is bounded by the largest document, not the volume. Entities are
never resolved and nothing is fetched.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path

from lxml import etree

from ..errors import InputError
from ..model import Block, Division, DocDate, Document, Mark, PageBreak, Person, Term, Volume
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

__all__ = [
    "TeiVolumeReader",
    "document_from_element",
    "read_tei_volume",
]

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
    lo = div.get(f"{{{FRUS}}}doc-dateTime-min")
    hi = div.get(f"{{{FRUS}}}doc-dateTime-max")
    dateline = next((b.text for b in doc.blocks if b.type == "dateline"), None)
    if lo or hi:
        return DocDate(min=lo or hi, max=hi or lo, text=dateline, place=None, source="attribute")
    return None


class TeiVolumeReader:
    """Iterate over the documents of one TEI file; ``volume`` is complete once exhausted.

    >>> reader = TeiVolumeReader("frus1964-68v29p2.xml")  # doctest: +SKIP
    >>> docs = list(reader); reader.volume.persons[0].name  # doctest: +SKIP
    """

    def __init__(
        self,
        path: str | Path,
        volume_id: str | None = None,
        select: Callable[[int], bool] | None = None,
        unnamed_id: str | None = None,
    ) -> None:
        self.path = Path(path)
        self.volume = Volume(id=volume_id or "")
        self._fixed_id = volume_id
        # Parallel ingest: each worker reads the documents whose position ``select`` takes,
        # and passes over the others (the volume and its division tree come out whole).
        self._select = select
        # A document with neither xml:id nor number is "doc<seq>"; a file split out of a
        # volume holds one, named by the file ("unnamed_id") so that files do not collide.
        self._unnamed_id = unnamed_id

    def __iter__(self) -> Iterator[Document]:
        path = self.path
        try:
            context = _iterparse(path, _VOLUME_TAGS)
            yield from self._events(context)
        except etree.XMLSyntaxError as exc:
            raise InputError.from_xml(exc, path) from None
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}", str(path)) from None
        except InputError as exc:
            if exc.path is None:  # found in an element: the file is this one
                raise exc.in_file(path) from None
            raise

    def _events(self, context: Iterator[tuple[str, etree._Element]]) -> Iterator[Document]:
        # Only divs and the header, front and back raise events (lxml filters the rest in C);
        # everything else is read from these elements' subtrees.
        vol = self.volume
        stack: list[tuple[Division, etree._Element]] = []  # open divisions of the body
        doc_depth = 0  # > 0 while inside a document div
        # A page that begins with a document is often marked between the documents, not in
        # the next one: it is that document's page break before its heading.
        between: list[str] = []
        starts_on: list[str] = []
        seq = divisions = 0
        used: set[str] = set()  # the documents' ids so far
        # Each document is handed on when the next is read: a page break after the body's
        # last document (the back matter begins a page) is that document's, at its end.
        held: Document | None = None
        seen_root = False
        for event, el in context:
            tag = _local(el)
            if not seen_root:
                seen_root = True
                root = el.getroottree().getroot()
                if root is not el:  # the first event is the root's unless it is not <TEI>
                    name = _local(root)
                    raise InputError(f"not a TEI file (root element <{name}>)", str(self.path))
                if not self._fixed_id and el.get(XML_ID):
                    vol.id = el.get(XML_ID, "")
                continue
            if tag == "div":
                if event == "start":
                    if el.get("type") == "document":
                        doc_depth += 1
                        if doc_depth == 1:
                            if not vol.id:  # a heading's references need it
                                vol.id = self._fallback_id()
                            self._title_divisions(stack)
                            starts_on, between = between, []
                    elif doc_depth == 0 and self._in_body(el):
                        divisions += 1  # numbers the divisions without an id of their own
                        div = Division(
                            el.get(XML_ID) or f"div{divisions}", el.get("type") or "div", ""
                        )
                        (stack[-1][0].children if stack else vol.divisions).append(div)
                        stack.append((div, el))
                elif el.get("type") == "document":
                    doc_depth -= 1
                    if doc_depth == 0:
                        seq += 1
                        if not vol.id:
                            vol.id = self._fallback_id()
                        division = stack[-1][0] if stack else None
                        local_id = _document_xml_id(el, seq)
                        if self._unnamed_id and not el.get(XML_ID) and not el.get("n"):
                            local_id = self._unnamed_id + (f"-{seq}" if seq > 1 else "")
                        if local_id in used and not el.get(XML_ID):
                            # numbers without ids that repeat (numbering that starts again
                            # in each chapter): the second is not the first
                            local_id = f"doc{seq}"
                        used.add(local_id)
                        if division is not None:
                            division.documents.append(local_id)
                        if self._select is None or self._select(seq):
                            doc = document_from_element(
                                el, vol.id, seq, division.id if division else None, local_id
                            )
                            doc.pages[:0] = [PageBreak(n, 0, 0) for n in starts_on]
                            self._release(el)
                            if held is not None:
                                yield held
                            held = doc
                        else:
                            self._release(el)
                elif doc_depth == 0 and stack and stack[-1][1] is el:
                    self._title_divisions(stack)
                    stack.pop()
                    self._release(el)
            elif tag == "pb":
                n = _page_number(el) if event == "end" and doc_depth == 0 else None
                if n and self._in_body(el):
                    between.append(n)
            elif event == "end" and tag == "teiHeader":
                self._header(el)
                self._glossaries(el)
                self._release(el)
            elif event == "end" and tag in ("front", "back"):
                self._glossaries(el)
                self._sections(el, f"{tag}-matter")
                self._release(el)
        if not seen_root:
            root = getattr(context, "root", None)
            name = _local(root) if root is not None else "?"
            raise InputError(f"not a TEI file (root element <{name}>)", str(self.path))
        if not vol.id:
            vol.id = self._fallback_id()
        if held is not None:
            if between and held.seq == seq:  # it is the body's last document
                last = len(held.blocks) - 1
                end = len(held.blocks[last].text)
                held.pages += [PageBreak(n, last, end) for n in between]
            yield held

    @staticmethod
    def _in_body(el: etree._Element) -> bool:
        parent = el.getparent()
        while parent is not None:
            tag = _local(parent)
            if tag == "body":
                return True
            if tag in ("front", "back", "teiHeader"):
                return False
            parent = parent.getparent()
        return False

    def _title_divisions(self, stack: list[tuple[Division, etree._Element]]) -> None:
        # A division's head comes before its documents and subdivisions: read it when the
        # first of them starts (or the division ends), once it is whole.
        for div, el in stack:
            if div.title or div.notes:
                continue
            head = el.find("{*}head")
            if head is None:
                continue
            # Walked like a document's heading, so its notes and tagged names are kept; a page
            # break in it is read by the caller as the next document's (it is outside them).
            walker = _DocumentWalker(self.volume.id or None)
            try:
                walker.block(head, "head")
            except RecursionError:
                raise nested_too_deeply(head) from None
            blocks, div.notes, _, marks = walker.b.finish()
            div.title = blocks[0].text if blocks else ""
            div.marks = [*marks, *walker.note_marks]

    def _header(self, header: etree._Element) -> None:
        vol = self.volume
        titles = {"complete": "title", "sub-series": "subseries", "series": "series"}
        titles |= {"volume-number": "volume_number", "volume": "volume_title"}
        for el in header.iter("{*}title", "{*}editor", "{*}date", "{*}idno", "{*}bibl"):
            tag = _local(el)
            if tag == "title" and el.get("type") in titles:
                setattr(vol, titles[el.get("type", "")], _text_of(el))
            elif tag == "editor" and _text_of(el) and _text_of(el) not in vol.editors:
                vol.editors.append(_text_of(el))
            elif tag == "date" and _local(el.getparent()) == "publicationStmt":
                vol.year = _text_of(el)
            elif (
                tag in ("idno", "bibl")
                and el.get("type") in ("frus", "frus-volume-id")
                and not self._fixed_id
                and not vol.id
            ):
                vol.id = _text_of(el)

    def _glossaries(self, el: etree._Element) -> None:
        for item in el.iter("{*}item"):
            self._glossary_item(item)

    def _sections(self, matter: etree._Element, subtype: str) -> None:
        """The front or back matter's sections to read (a preface, the sources, a note on
        covert actions, an appendix), each as a document: not the glossaries, the table
        of contents or the index, which the reading room makes from the volume itself."""
        vol = self.volume
        if not vol.id:
            vol.id = self._fallback_id()
        starts_on: list[str] = []  # a page break between sections begins the next one
        for k, child in enumerate(matter, 1):
            tag = _local(child) if isinstance(child.tag, str) else ""
            if tag == "pb":
                if n := _page_number(child):
                    starts_on.append(n)
                continue
            if tag != "div":
                continue
            pages, starts_on = starts_on, []
            xml_id = child.get(XML_ID) or f"{subtype.partition('-')[0]}{k}"
            kind = f"{xml_id} {child.get('type') or ''}".lower()
            if any(word in kind for word in ("toc", "index", "persons", "terms")):
                continue
            if child.find(f".//{{*}}persName[@{XML_ID}]") is not None:
                continue  # a glossary under another name
            if child.find(f".//{{*}}term[@{XML_ID}]") is not None:
                continue
            section = document_from_element(child, vol.id, len(vol.sections) + 1)
            section.id, section.number, section.subtype = f"{vol.id}/{xml_id}", None, subtype
            section.pages[:0] = [PageBreak(n, 0, 0) for n in pages]
            vol.sections.append(section)

    def _fallback_id(self) -> str:
        # Split files without an id in their header take the folder's name.
        return self.path.parent.name or self.path.stem

    def _glossary_item(self, item: etree._Element) -> None:
        """One entry of the persons or terms list: the id on its persName or term (as FRUS
        has it), else on the item itself, labelled by its first name, term or bold words."""
        named = next((n for n in item.iter("{*}persName", "{*}term") if n.get(XML_ID)), None)
        text = normalize_markup_space("".join(item.itertext()))
        if named is not None:
            xml_id, is_person = named.get(XML_ID, ""), _local(named) == "persName"
            label = _text_of(named)
        elif item.get(XML_ID):
            xml_id = item.get(XML_ID, "")
            lists = " ".join(
                f"{a.get(XML_ID) or ''} {a.get('type') or ''}".lower() for a in item.iterancestors()
            )
            if "person" in lists or xml_id.startswith("p_"):
                is_person = True
            elif "term" in lists or "abbrev" in lists or xml_id.startswith("t_"):
                is_person = False
            else:  # an item of some other list in the front or back matter
                return
            label_el = next(item.iter("{*}persName", "{*}term", "{*}hi"), None)
            label = _text_of(label_el) if label_el is not None else text.partition(",")[0]
            label = label.rstrip(" ,:;")
        else:
            return
        rest = text[text.find(label) + len(label) :] if label in text else text
        rest = rest.lstrip(" ,:;—–-").strip()
        if is_person:
            self.volume.persons.append(Person(xml_id, label, rest))
        else:
            self.volume.terms.append(Term(xml_id, label, rest))

    @staticmethod
    def _release(el: etree._Element) -> None:
        el.clear(keep_tail=True)
        parent = el.getparent()
        if parent is not None:
            while el.getprevious() is not None:
                del parent[0]


_VOLUME_TAGS = ("{*}TEI", "{*}teiHeader", "{*}front", "{*}back", "{*}div", "{*}pb")


def _iterparse(path: Path, tags: tuple[str, ...] | None = None) -> etree.iterparse:
    """Start and end events (of ``tags`` only, when given), never resolving entities or
    fetching anything."""
    return etree.iterparse(
        str(path),
        events=("start", "end"),
        tag=tags,
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        huge_tree=True,
        remove_comments=True,
        remove_pis=True,
    )


def read_tei_volume(path: str | Path) -> tuple[Volume, list[Document]]:
    """Read a whole TEI volume file into memory (convenience for small volumes and tests)."""
    reader = TeiVolumeReader(path)
    docs = list(reader)
    return reader.volume, docs
