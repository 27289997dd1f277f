"""Enrichment: dates, people, archival sources and links, for TEI and recovered text alike.

``enrich_document`` runs per document while a volume streams in; ``finish_volume`` runs the
passes that need the whole volume (inferred dates, cross-references, threads) over the
written records before the volume's transaction commits.
"""

from __future__ import annotations

from ..model import Document, Volume
from ..store.records import RecordStore
from .dates import date_document, infer_undated, mark_date_mentions

__all__ = ["enrich_document", "finish_volume"]


def enrich_document(doc: Document, volume: Volume) -> None:
    date_document(doc)
    mark_date_mentions(doc)


def finish_volume(volume: Volume, records: RecordStore) -> None:
    docs = list(records.documents(volume.id))
    for doc in infer_undated(docs):
        records.put_document(doc)
