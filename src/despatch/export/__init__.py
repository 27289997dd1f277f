"""Documents out: Document JSON, TEI in FRUS's conventions, copied text and Markdown."""

from __future__ import annotations

import json
from dataclasses import dataclass

from ..errors import QueryError
from ..model import Document

__all__ = ["FORMATS", "ExportFormat", "render_document"]


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
    )
}


def render_document(doc: Document, fmt: str, style: str = "seed") -> str:
    """``doc`` in one of ``FORMATS``; ``style`` is the copied-text style (seed or web)."""
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
