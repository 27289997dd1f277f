"""Enrichment: dates, people, archival sources and links, for TEI and recovered text alike.

``enrich_document`` runs per document while a volume streams in; ``finish_volume`` runs the
passes that need the whole volume (inferred dates, replies, link resolution) over the
written records before the volume's transaction commits.
"""

from __future__ import annotations

from ..model import Document, Person, Volume
from ..store.records import RecordStore
from .dates import date_document, infer_undated, mark_date_mentions
from .links import link_document, link_replies
from .people import PersonIndex, mark_people, set_parties
from .sources import source_note_document

__all__ = ["Enricher", "enrich_document", "finish_volume"]


class Enricher:
    """Per-document enrichment with the glossaries it links against.

    ``corpus_persons`` are the persons of volumes already in the store: text and HTML input,
    which has no glossary of its own, is linked against them.
    """

    def __init__(self, volume: Volume, corpus_persons: list[tuple[str, Person]] | None = None):
        persons = [(volume.id, p) for p in volume.persons] + [
            (v, p) for v, p in (corpus_persons or []) if v != volume.id
        ]
        self.people = PersonIndex(persons, home_volume=volume.id)

    def __call__(self, doc: Document) -> None:
        date_document(doc)
        source_note_document(doc)
        mark_date_mentions(doc)
        # the editors' persName tags are authoritative; detect names only where there are none
        if not any(m.type == "person" and m.source == "markup" for m in doc.marks):
            mark_people(doc, self.people)
        set_parties(doc, self.people)
        link_document(doc)


def enrich_document(
    doc: Document, volume: Volume, corpus_persons: list[tuple[str, Person]] | None = None
) -> None:
    Enricher(volume, corpus_persons)(doc)


def finish_volume(volume: Volume, records: RecordStore) -> None:
    docs = list(records.documents(volume.id))
    changed = {d.id: d for d in infer_undated(docs)}
    changed.update({d.id: d for d in link_replies(docs)})
    known = {r[0] for r in records.conn.execute("SELECT id FROM documents")}
    for doc in docs:
        for link in doc.links:
            resolved = link.target in known
            if link.resolved != resolved:
                link.resolved = resolved
                changed[doc.id] = doc
    for doc in changed.values():
        records.put_document(doc)
