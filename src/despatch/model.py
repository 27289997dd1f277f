"""The document model: plain typed dataclasses, serialised as Document JSON.

Text is stored once per block; everything else (footnote anchors, page breaks, names,
references, dates) is a standoff mark with a block index and a code-point offset.
See ``shared/spec/document-json.md`` for the interchange format.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "DIVISION_SUBTYPE",
    "Block",
    "Division",
    "DocDate",
    "Document",
    "Link",
    "Mark",
    "Note",
    "PageBreak",
    "Person",
    "Recovery",
    "SourceNote",
    "Term",
    "Volume",
    "body_text",
    "searched_headings",
]


DIVISION_SUBTYPE = "division"  # a chapter's heading and headnotes, searched as a text


@dataclass
class Block:
    """One paragraph-like unit of text in reading order (TEI element names as types)."""

    type: str
    text: str

    def to_json(self) -> dict[str, Any]:
        return {"type": self.type, "text": self.text}


@dataclass
class Note:
    """A footnote: printed marker ``n``, plain ``text``, anchored after ``offset`` in ``block``."""

    n: str | None
    type: str | None
    text: str
    block: int
    offset: int

    def to_json(self) -> dict[str, Any]:
        return {
            "n": self.n,
            "type": self.type,
            "text": self.text,
            "block": self.block,
            "offset": self.offset,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Note:
        return cls(data.get("n"), data.get("type"), data["text"], data["block"], data["offset"])


@dataclass
class PageBreak:
    """Printed page ``n`` begins at ``offset`` in ``block``."""

    n: str
    block: int
    offset: int

    def to_json(self) -> dict[str, Any]:
        return {"n": self.n, "block": self.block, "offset": self.offset}


@dataclass
class Mark:
    """A standoff span: a person, term, cross-reference or date mention.

    A mark sits either in a block (``block`` set) or in a footnote's text (``note`` set, the
    index into ``Document.notes``); ``offset``/``length`` count code points in that text.
    """

    type: str
    offset: int
    length: int
    block: int | None = None
    note: int | None = None
    ref: str | None = None  # person or term id
    target: str | None = None  # document id for ``ref`` marks
    when: str | None = None  # ISO date for ``date`` marks
    role: str | None = None  # ``from`` / ``to`` for names in a heading
    source: str | None = None  # ``markup`` (editors' tags) or ``detected`` (enrichment)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"type": self.type}
        if self.block is not None:
            out["block"] = self.block
        if self.note is not None:
            out["note"] = self.note
        out["offset"] = self.offset
        out["length"] = self.length
        for key in ("ref", "target", "when", "role", "source"):
            value = getattr(self, key)
            if value is not None:
                out[key] = value
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Mark:
        return cls(
            type=data["type"],
            offset=data["offset"],
            length=data["length"],
            block=data.get("block"),
            note=data.get("note"),
            ref=data.get("ref"),
            target=data.get("target"),
            when=data.get("when"),
            role=data.get("role"),
            source=data.get("source"),
        )


@dataclass
class DocDate:
    """When a document was written: an inclusive ISO range plus what the edition printed."""

    min: str | None
    max: str | None
    text: str | None = None
    place: str | None = None
    source: str | None = None  # attribute | dateline | inferred
    tz: str | None = None  # as stated ("Z", "+09:00"); never invented

    def to_json(self) -> dict[str, Any]:
        out = {
            "min": self.min,
            "max": self.max,
            "text": self.text,
            "place": self.place,
            "source": self.source,
        }
        if self.tz:
            out["tz"] = self.tz
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DocDate:
        return cls(**{k: data.get(k) for k in ("min", "max", "text", "place", "source", "tz")})


@dataclass
class SourceNote:
    """The archival source note parsed into fields."""

    repository: str | None = None
    collection: str | None = None
    series: str | None = None
    file: str | None = None
    box: str | None = None
    folder: str | None = None
    classification: str | None = None
    handling: list[str] = field(default_factory=list)
    drafting: str | None = None
    printed_from: str | None = None
    remarks: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SourceNote:
        return cls(**{k: data.get(k) for k in cls.__dataclass_fields__ if k in data})


@dataclass
class Link:
    """A typed link from this document to another, with the evidence it was read from."""

    type: str  # see | reply-to | replied-by | enclosure | printed-in
    target: str
    evidence: str
    confidence: float = 1.0
    resolved: bool | None = None  # known only against a store, see RecordStore.resolve_links

    def to_json(self) -> dict[str, Any]:
        out = {
            "type": self.type,
            "target": self.target,
            "evidence": self.evidence,
            "confidence": self.confidence,
        }
        if self.resolved is not None:
            out["resolved"] = self.resolved
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Link:
        return cls(
            type=data["type"],
            target=data["target"],
            evidence=data.get("evidence", ""),
            confidence=data.get("confidence", 1.0),
            resolved=data.get("resolved"),
        )


@dataclass
class Recovery:
    """How sure the text reader is about the structure it recovered."""

    confidence: float
    warnings: list[str] = field(default_factory=list)
    decisions: list[dict[str, Any]] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {"confidence": round(self.confidence, 4), "warnings": list(self.warnings)}


@dataclass
class Document:
    id: str
    volume: str | None
    number: str | None
    subtype: str | None
    title: str
    blocks: list[Block]
    notes: list[Note] = field(default_factory=list)
    pages: list[PageBreak] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)
    date: DocDate | None = None
    sender: list[str] = field(default_factory=list)  # person ids or names ("from")
    recipient: list[str] = field(default_factory=list)  # ("to")
    participants: list[str] = field(default_factory=list)  # of a conversation
    source_note: SourceNote | None = None
    links: list[Link] = field(default_factory=list)
    recovery: Recovery | None = None
    officials: list[dict[str, Any]] = field(default_factory=list)  # posts held on the date
    division: str | None = None  # id of the enclosing chapter / compilation
    seq: int = 0  # reading order within the volume

    @property
    def source_note_text(self) -> str | None:
        for note in self.notes:
            if note.type == "source":
                return note.text
        return None

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "volume": self.volume,
            "number": self.number,
            "subtype": self.subtype,
            "title": self.title,
            "blocks": [b.to_json() for b in self.blocks],
            "notes": [n.to_json() for n in self.notes],
            "pages": [p.to_json() for p in self.pages],
            "marks": [m.to_json() for m in self.marks],
        }
        if self.date is not None:
            out["date"] = self.date.to_json()
        if self.sender:
            out["from"] = list(self.sender)
        if self.recipient:
            out["to"] = list(self.recipient)
        if self.participants:
            out["participants"] = list(self.participants)
        if self.source_note is not None:
            out["source_note"] = self.source_note.to_json()
        if self.links:
            out["links"] = [link.to_json() for link in self.links]
        if self.recovery is not None:
            out["recovery"] = self.recovery.to_json()
        if self.officials:
            out["officials"] = [dict(o) for o in self.officials]
        if self.division is not None:
            out["division"] = self.division
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Document:
        rec = data.get("recovery")
        return cls(
            id=data["id"],
            volume=data.get("volume"),
            number=data.get("number"),
            subtype=data.get("subtype"),
            title=data["title"],
            blocks=[Block(b["type"], b["text"]) for b in data["blocks"]],
            notes=[Note.from_json(n) for n in data.get("notes", [])],
            pages=[PageBreak(p["n"], p["block"], p["offset"]) for p in data.get("pages", [])],
            marks=[Mark.from_json(m) for m in data.get("marks", [])],
            date=DocDate.from_json(data["date"]) if data.get("date") else None,
            sender=list(data.get("from", [])),
            recipient=list(data.get("to", [])),
            participants=list(data.get("participants", [])),
            source_note=SourceNote.from_json(data["source_note"])
            if data.get("source_note")
            else None,
            links=[Link.from_json(x) for x in data.get("links", [])],
            recovery=Recovery(rec["confidence"], list(rec.get("warnings", []))) if rec else None,
            officials=[dict(o) for o in data.get("officials", [])],
            division=data.get("division"),
        )

    def texts(self) -> list[tuple[int | None, int | None, str]]:
        """(block, note, text) for every block and then every note: where marks can sit."""
        out: list[tuple[int | None, int | None, str]] = [
            (i, None, b.text) for i, b in enumerate(self.blocks)
        ]
        out += [(None, j, n.text) for j, n in enumerate(self.notes)]
        return out

    def text_under(self, mark: Mark) -> str:
        """The text a mark sits in: its block's, or its note's."""
        return (
            self.blocks[mark.block].text
            if mark.block is not None
            else self.notes[mark.note or 0].text
        )

    def marked(self, mark_type: str) -> dict[tuple[int | None, int | None], list[tuple[int, int]]]:
        """(start, end) of the marks of ``mark_type`` so far, by (block, note) they sit in:
        one pass over the marks for all of a document's texts."""
        spans: dict[tuple[int | None, int | None], list[tuple[int, int]]] = {}
        for m in self.marks:
            if m.type == mark_type:
                spans.setdefault((m.block, m.note), []).append((m.offset, m.offset + m.length))
        return spans

    def plain_text(self) -> str:
        """The blocks after the heading, one per line (what the index sees as the body)."""
        return body_text([b.text for b in self.blocks])


@dataclass
class Person:
    id: str
    name: str  # as printed in the list: "McNamara, Robert S."
    description: str = ""
    variants: list[str] = field(default_factory=list)

    @property
    def display_name(self) -> str:
        """ "Robert S. McNamara" from "McNamara, Robert S."."""
        if "," not in self.name:
            return self.name
        surname, _, rest = self.name.partition(",")
        given, _, suffix = rest.partition(",")  # "Hilsman, Roger, Jr." keeps its suffix
        name = f"{given.strip()} {surname.strip()}".strip()
        return f"{name}, {suffix.strip()}" if suffix.strip() else name

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "name": self.name,
            "display_name": self.display_name,
            "description": self.description,
            "variants": list(self.variants),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Person:
        return cls(
            data["id"], data["name"], data.get("description", ""), list(data.get("variants", []))
        )


@dataclass
class Term:
    id: str
    term: str
    expansion: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "term": self.term, "expansion": self.expansion}


@dataclass
class Division:
    """A node of the volume's table of contents (compilation, chapter, subchapter, ...).

    A heading may carry footnotes ("For previous documentation, see ...") and tagged names or
    references: ``notes`` are anchored in ``title`` (block 0), ``marks`` sit in the title
    (block 0) or in a note's text (``note``), as in a document.
    """

    id: str
    type: str
    title: str
    children: list[Division] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)  # document ids directly inside
    notes: list[Note] = field(default_factory=list)
    marks: list[Mark] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "type": self.type,
            "title": self.title,
            "notes": [n.to_json() for n in self.notes],
            "marks": [m.to_json() for m in self.marks],
            "children": [c.to_json() for c in self.children],
            "documents": list(self.documents),
        }

    def walk(self) -> Iterator[Division]:
        """This division and every division inside it, in order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def heading(self, volume_id: str) -> Document:
        """The heading with its notes as a document (``volume/id``, subtype ``division``):
        what the index searches and the reader shows of a chapter's headnote."""
        return Document(
            id=f"{volume_id}/{self.id}",
            volume=volume_id,
            number=None,
            subtype=DIVISION_SUBTYPE,
            title=self.title,
            blocks=[Block("head", self.title)],
            notes=list(self.notes),
            marks=list(self.marks),
        )

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Division:
        return cls(
            id=data["id"],
            type=data["type"],
            title=data["title"],
            children=[cls.from_json(c) for c in data.get("children", [])],
            documents=list(data.get("documents", [])),
            notes=[Note.from_json(n) for n in data.get("notes", [])],
            marks=[Mark.from_json(m) for m in data.get("marks", [])],
        )


@dataclass
class Volume:
    id: str
    title: str = ""
    series: str = ""
    subseries: str = ""
    volume_number: str = ""
    volume_title: str = ""
    editors: list[str] = field(default_factory=list)
    year: str = ""
    publisher: str = ""  # as the header prints it: "United States Government Printing Office"
    pub_place: str = ""
    isbn: str = ""
    divisions: list[Division] = field(default_factory=list)
    persons: list[Person] = field(default_factory=list)
    terms: list[Term] = field(default_factory=list)
    # Front and back matter to read (preface, sources, notes on covert actions, appendices),
    # each read as a document is, ``subtype`` "front-matter" or "back-matter". Kept apart
    # from the volume's JSON, which every page of volumes reads.
    sections: list[Document] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "title": self.title,
            "series": self.series,
            "subseries": self.subseries,
            "volume_number": self.volume_number,
            "volume_title": self.volume_title,
            "editors": list(self.editors),
            "year": self.year,
            "publisher": self.publisher,
            "pub_place": self.pub_place,
            "isbn": self.isbn,
            "divisions": [d.to_json() for d in self.divisions],
        }


def body_text(block_texts: Sequence[str]) -> str:
    """A document's body from its blocks' texts: those after the heading, one per line. The
    one rule for the index's body field and the search snippets cut from the records."""
    return "\n".join(block_texts[1:])


def searched_headings(volume_id: str, divisions: Iterable[Division]) -> list[Document]:
    """The division headings search finds: those with notes (a chapter's headnote, "For
    previous documentation, see …"), each as a document of subtype ``division``."""
    return [d.heading(volume_id) for top in divisions for d in top.walk() if d.notes]
