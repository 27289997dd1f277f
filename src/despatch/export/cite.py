"""Citing a document: a note-style reference, RIS and BibTeX for reference managers, and the
meta tags (Highwire Press, as Google Scholar reads them) that let Zotero save a page.

One :class:`Citation` holds what every form needs; the reading room's document page and its
downloads, and ``despatch show``, make it with :func:`cite_document` (or ``Citation.of``
when they hold the volume already).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from ..conventions import outside_url
from ..model import Document, Volume
from ..search import SECTION_SUBTYPES

if TYPE_CHECKING:
    from ..store import Store

__all__ = ["CITATION_FORMATS", "Citation", "cite_document", "first_page"]

CITATION_FORMATS = ("ris", "bib")
_SUFFIXES = {"jr.", "sr.", "jr", "sr", "ii", "iii", "iv"}


@dataclass
class Citation:
    """What a reference to one document (or front-matter section) of an edition needs."""

    title: str
    volume_title: str
    volume_id: str
    local_id: str
    number: str | None = None
    editors: list[str] = field(default_factory=list)
    year: str | None = None  # the volume's publication year
    publisher: str | None = None
    place: str | None = None  # where it was published
    isbn: str | None = None
    first_page: str | None = None
    last_page: str | None = None
    dateline: str | None = None  # as printed: "Washington, January 22, 1964."
    date: str | None = None  # the document's date, ISO (day-exact when known)
    url: str | None = None

    @classmethod
    def of(
        cls, volume: Volume, doc: Document, first_page: str | None, url: str | None = None
    ) -> Citation:
        """``first_page``: the page the document begins on (a document that begins
        mid-page has no page break of its own there; the caller knows it). ``url``: where
        this copy is read; a FRUS document is cited at the Office of the Historian's
        permanent address instead, which any reader can open."""
        # the pages begun inside it (not one begun at its very end: that is the next text's)
        end = (len(doc.blocks) - 1, len(doc.blocks[-1].text)) if doc.blocks else (0, 0)
        inside = [p.n for p in doc.pages if (p.block, p.offset) not in ((0, 0), end)]
        last = inside[-1] if inside else first_page
        date = doc.date.min[:10] if doc.date and doc.date.min else None
        if date and doc.date and doc.date.max and doc.date.max[:10] != date:
            date = None  # a range ("March 1964"): the dateline says it
        return cls(
            title=doc.title,
            volume_title=volume.title or volume.id,
            volume_id=volume.id,
            local_id=doc.id.rpartition("/")[2],
            number=doc.number,
            editors=list(volume.editors),
            year=_year(volume.year),
            publisher=volume.publisher or None,
            place=volume.pub_place or None,
            isbn=volume.isbn or None,
            first_page=first_page,
            last_page=last if last != first_page else None,
            dateline=doc.date.text if doc.date and doc.date.text else None,
            date=date,
            url=(outside_url(doc.id) if doc.number else None) or url,
        )

    @property
    def pages(self) -> str | None:
        if self.first_page and self.last_page:
            return f"{self.first_page}–{self.last_page}"
        return self.first_page

    def text(self) -> str:
        """A note-style citation: edition, editors, publication, document, pages, title."""
        head = self.volume_title
        if self.editors:
            head += ", ed. " + " and ".join(self.editors)
        published = ": ".join(x for x in (self.place, self.publisher) if x)
        if published or self.year:
            head += " (" + ", ".join(x for x in (published, self.year) if x) + ")"
        pages = self.pages
        where = (f", pp. {pages}" if self.last_page else f", p. {pages}") if pages else ""
        if not self.number:  # a section (a preface) or an unnumbered document
            return f"{head}, “{self.title}”{where}."
        return f"{head}, Document {self.number}{where}, “{self.title}”."

    def ris(self) -> str:
        """RIS (a book section), as Zotero, EndNote and Mendeley import it."""
        lines = [
            ("TY", "CHAP"),
            ("TI", self.title),
            ("T2", self.volume_title),
            *_given(
                [
                    *(("ED", _inverted(name)) for name in self.editors),
                    ("PY", self.year),
                    ("PB", self.publisher),
                    ("CY", self.place),
                    ("SN", self.isbn),
                    ("SP", self.first_page),
                    ("EP", self.last_page),
                    ("DA", self.date.replace("-", "/") if self.date else None),
                    ("N1", self.note),
                    ("UR", self.url),
                ]
            ),
            ("ER", ""),
        ]
        # one line a field: a tag, two spaces, a hyphen, a space (line breaks would end it)
        return "".join(f"{tag}  - {' '.join(value.split())}\r\n" for tag, value in lines)

    def bibtex(self) -> str:
        """BibTeX (``@incollection``), with TeX's special characters escaped."""
        fields = [
            ("title", self.title),
            ("booktitle", self.volume_title),
            *_given(
                [
                    ("editor", " and ".join(self.editors)),
                    ("year", self.year),
                    ("publisher", self.publisher),
                    ("address", self.place),
                    ("isbn", self.isbn),
                    ("pages", self.pages.replace("–", "--") if self.pages else None),
                    ("note", self.note),
                    ("url", self.url),
                ]
            ),
        ]
        key = re.sub(r"[^A-Za-z0-9]+", "", f"{self.volume_id}{self.local_id}") or "document"
        body = ",\n".join(
            f"  {name} = {{{value if name == 'url' else _tex(value)}}}" for name, value in fields
        )
        return f"@incollection{{{key},\n{body}\n}}\n"

    def meta_tags(self) -> list[tuple[str, str]]:
        """``<meta name content>`` pairs for the document's page (Highwire Press tags)."""
        return [
            ("citation_title", self.title),
            ("citation_inbook_title", self.volume_title),
            *_given(
                [
                    *(("citation_editor", name) for name in self.editors),
                    ("citation_publication_date", self.year),
                    ("citation_publisher", self.publisher),
                    ("citation_isbn", self.isbn),
                    ("citation_firstpage", self.first_page),
                    ("citation_lastpage", self.last_page),
                    ("citation_public_url", self.url),
                ]
            ),
        ]

    @property
    def note(self) -> str | None:
        """ "Document 5. Washington, January 22, 1964.": what the title does not say."""
        parts = [f"Document {self.number}." if self.number else "", self.dateline or ""]
        return " ".join(p for p in parts if p) or None

    def render(self, fmt: str) -> str:
        return self.ris() if fmt == "ris" else self.bibtex()


def cite_document(store: Store, doc: Document, url: str | None = None) -> Citation:
    """The citation of a stored document or section, its first page found in the store."""
    volume = store.records.volume(doc.volume or doc.id.partition("/")[0])
    return Citation.of(volume, doc, first_page(store, doc), url)


def first_page(store: Store, doc: Document) -> str | None:
    """The printed page a stored text begins on: its own page break at its very start, else
    (a document begun mid-page) the last page begun before it in the volume. A section of
    the front or back matter or a chapter heading has no document before it to go by."""
    if doc.pages and (doc.pages[0].block, doc.pages[0].offset) == (0, 0):
        return doc.pages[0].n
    if doc.subtype in SECTION_SUBTYPES:
        return None
    return store.records.page_before(doc)


def _year(text: str | None) -> str | None:
    m = re.search(r"\b(1[5-9]\d\d|2\d\d\d)\b", text or "")
    return m.group(1) if m else None


def _given(fields: list[tuple[str, str | None]]) -> list[tuple[str, str]]:
    """The optional fields that have a value."""
    return [(k, v) for k, v in fields if v]


def _inverted(name: str) -> str:
    """ "Karen L. Gatz" → "Gatz, Karen L." (RIS wants the family name first)."""
    if "," in name:
        return name
    words = name.split()
    core = words[:-1] if len(words) > 2 and words[-1].lower() in _SUFFIXES else words
    if len(core) < 2:
        return name
    suffix = words[len(core) :]
    return ", ".join([core[-1], " ".join(core[:-1]), *suffix])


_TEX = {"\\": r"\textbackslash{}", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


def _tex(text: str) -> str:
    """Text as BibTeX reads it: ``&`` is ``\\&``, a backslash ``\\textbackslash{}``."""
    return re.sub(r"[&%$#_{}\\~^]", lambda m: _TEX.get(m.group(), "\\" + m.group()), text)
