"""TEI reader: FRUS volumes (whole, or split one document per file) → Volume + Documents.

Streams with lxml ``iterparse``: each ``div type="document"`` is turned into a Document and
then cleared, so memory is bounded by the largest document, not the volume. Entities are
never resolved and nothing is fetched.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

from lxml import etree

from ..errors import InputError
from ..model import Division, Document, PageBreak, Person, Term, Volume
from ._builder import normalize_markup_space
from ._nesting import nested_too_deeply
from .tei_document import (  # the walker and its helpers, shared with the split-file reader
    XML_ID,
    _document_xml_id,
    _DocumentWalker,
    _local,
    _page_number,
    _text_of,
    document_from_element,
)

__all__ = ["TeiVolumeReader", "document_from_element", "read_tei_volume"]


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
        tags = ("title", "editor", "date", "idno", "bibl", "publisher", "pubPlace")
        for el in header.iter(*(f"{{*}}{t}" for t in tags)):
            tag = _local(el)
            published = _local(el.getparent()) == "publicationStmt"
            if tag == "title" and el.get("type") in titles:
                setattr(vol, titles[el.get("type", "")], _text_of(el))
            elif tag == "editor" and _text_of(el) and _text_of(el) not in vol.editors:
                vol.editors.append(_text_of(el))
            elif tag == "date" and published:
                vol.year = _text_of(el)
            elif tag == "publisher" and published:
                vol.publisher = _text_of(el)
            elif tag == "pubPlace" and published:
                vol.pub_place = _text_of(el)
            elif tag == "idno" and el.get("type") in ("isbn-13", "isbn-10", "isbn"):
                if not vol.isbn or el.get("type") == "isbn-13":  # the 13 digits when both
                    vol.isbn = _text_of(el)
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
