"""Documents and volumes out: Document JSON, TEI in FRUS's conventions, copied text and
Markdown."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import QueryError
from ..model import Document, Volume
from .cite import CITATION_FORMATS, Citation, cite_document

if TYPE_CHECKING:
    from ..store import Store

__all__ = [
    "FORMATS",
    "VOLUME_FORMATS",
    "Citation",
    "ExportFormat",
    "cite_document",
    "export_volume",
    "render_document",
    "render_volume",
]


@dataclass(frozen=True)
class ExportFormat:
    name: str
    media_type: str
    extension: str


FORMATS = {
    f.name: f
    for f in (
        ExportFormat("json", "application/json", "json"),
        ExportFormat("tei", "application/tei+xml", "xml"),
        ExportFormat("text", "text/plain; charset=utf-8", "txt"),
        ExportFormat("md", "text/markdown; charset=utf-8", "md"),
        # a reference to the document, for Zotero, EndNote, Mendeley, BibTeX
        ExportFormat("ris", "application/x-research-info-systems", "ris"),
        ExportFormat("bib", "application/x-bibtex; charset=utf-8", "bib"),
    )
}


def render_document(
    doc: Document, fmt: str, style: str = "seed", citation: Citation | None = None
) -> str:
    """``doc`` in one of ``FORMATS``; ``style`` is the copied-text style (seed or web). A
    reference (``ris``, ``bib``) is made from ``citation``, which knows the volume."""
    if fmt in CITATION_FORMATS:
        if citation is None:
            raise QueryError(f"format {fmt!r} cites the document: it needs its volume")
        return citation.render(fmt)
    if fmt == "json":
        return json.dumps(doc.to_json(), ensure_ascii=False)
    if fmt == "text":
        from .text import render_text

        return render_text(doc, style)
    if fmt == "md":
        from .text import render_markdown

        return render_markdown(doc)
    if fmt == "tei":
        from .tei import render_tei

        return render_tei(doc)
    raise QueryError(f"unknown format {fmt!r}: one of {', '.join(FORMATS)}")


VOLUME_FORMATS = {
    f.name: f
    for f in (
        ExportFormat("tei", "application/tei+xml", "xml"),
        ExportFormat("jsonl", "application/x-ndjson", "jsonl"),
    )
}


def render_volume(volume: Volume, documents: Iterable[Document], fmt: str) -> Iterator[str]:
    """A volume in pieces: one TEI file (header, front matter, glossaries, the documents in
    their divisions), or its documents as Document JSON Lines."""
    if fmt == "jsonl":
        return (json.dumps(d.to_json(), ensure_ascii=False) + "\n" for d in documents)
    if fmt == "tei":
        from .tei import render_tei_volume

        return render_tei_volume(volume, documents)
    raise QueryError(f"unknown format {fmt!r}: one of {', '.join(VOLUME_FORMATS)}")


def export_volume(store: Store, volume_id: str, fmt: str) -> Iterator[str]:
    """A stored volume in ``fmt``, its documents read one at a time."""
    if fmt not in VOLUME_FORMATS:
        raise QueryError(f"unknown format {fmt!r}: one of {', '.join(VOLUME_FORMATS)}")
    volume = store.records.volume(volume_id)
    volume.sections = list(store.records.all_sections(volume_id))
    return render_volume(volume, store.records.documents(volume_id), fmt)
