"""despatch: documentary editions of diplomatic records → one clean, linked, searchable corpus.

The public API::

    from despatch import read_paths, read_text, Store, ingest_paths, search, SearchRequest
"""

from __future__ import annotations

__version__ = "0.1.0"

from .errors import DespatchError, InputError, NotFoundError, QueryError, StoreError
from .export.tei import render_tei
from .export.text import render_markdown, render_text
from .ingest import IngestSummary, ingest_paths
from .model import (
    Block,
    Division,
    DocDate,
    Document,
    Link,
    Mark,
    Note,
    PageBreak,
    Person,
    SourceNote,
    Term,
    Volume,
)
from .readers import detect_format, read_paths
from .readers.html import read_html
from .readers.tei import TeiVolumeReader, read_tei_volume
from .readers.text import read_text
from .search import SearchRequest, SearchResult, search
from .store import Store, open_store

__all__ = [
    "Block",
    "DespatchError",
    "Division",
    "DocDate",
    "Document",
    "IngestSummary",
    "InputError",
    "Link",
    "Mark",
    "NotFoundError",
    "Note",
    "PageBreak",
    "Person",
    "QueryError",
    "SearchRequest",
    "SearchResult",
    "SourceNote",
    "Store",
    "StoreError",
    "TeiVolumeReader",
    "Term",
    "Volume",
    "__version__",
    "detect_format",
    "ingest_paths",
    "open_store",
    "read_html",
    "read_paths",
    "read_tei_volume",
    "read_text",
    "render_markdown",
    "render_tei",
    "render_text",
    "search",
]
