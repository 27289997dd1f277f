"""Enrichment: dates, people, archival sources and links, for TEI and recovered text alike.

``enrich_document`` runs per document while a volume streams in; ``finish_volume`` runs the
passes that need the whole volume (inferred dates, replies, link resolution) over the
written records before the volume's transaction commits.
"""

from __future__ import annotations

import json

from ..model import DocDate, Document, Link, Person, Volume
from ..store.records import RecordStore
from .dates import date_document, infer_undated, mark_date_mentions
from .links import DocSummary, add_replied_by, is_correspondence, link_document, reply_links
from .officials import OfficialsIndex, mark_officials
from .people import PersonIndex, mark_people, set_parties
from .sources import source_note_document

__all__ = ["Enricher", "enrich_document", "finish_volume"]


class Enricher:
    """Per-document enrichment with the glossaries it links against.

    ``corpus_persons`` are the persons of volumes already in the store: text and HTML input,
    which has no glossary of its own, is linked against them.
    """

    def __init__(
        self,
        volume: Volume,
        corpus_persons: list[tuple[str, Person]] | None = None,
        officials: OfficialsIndex | None = None,
        fuzzy: bool = True,
    ):
        persons = [(volume.id, p) for p in volume.persons] + [
            (v, p) for v, p in (corpus_persons or []) if v != volume.id
        ]
        self.people = PersonIndex(persons, home_volume=volume.id)
        self.officials = officials
        # misspelt names are a copy's problem: an edition's text is as the editors set it
        self.fuzzy = fuzzy
        self.names = {p.id if v == volume.id else f"{v}/{p.id}": p.name for v, p in persons}

    def __call__(self, doc: Document) -> None:
        date_document(doc)
        source_note_document(doc)
        mark_date_mentions(doc)
        # the editors' persName tags are authoritative; detect names only where there are none
        if not any(m.type == "person" and m.source == "markup" for m in doc.marks):
            mark_people(doc, self.people, fuzzy=self.fuzzy)
        set_parties(doc, self.people)
        if self.officials:
            mark_officials(doc, self.officials, self.names)
        link_document(doc)


def enrich_document(
    doc: Document, volume: Volume, corpus_persons: list[tuple[str, Person]] | None = None
) -> None:
    Enricher(volume, corpus_persons)(doc)


def finish_volume(volume: Volume, records: RecordStore) -> list[str]:
    """Volume-wide passes; returns the ids of the documents it changed.

    Undated documents get their neighbours' range, letters their ``reply-to`` links (and the
    letters they answer ``replied-by``), and every link whether its target is in the store.
    Memory holds a small summary per document; only documents that may change are parsed.
    """
    rows = records.conn.execute(
        "SELECT id, title, date_min, json_extract(json, '$.date'), json_extract(json, '$.from'),"
        " json_extract(json, '$.to'), json_extract(json, '$.links') FROM documents "
        "WHERE volume=? ORDER BY seq",
        (volume.id,),
    ).fetchall()
    summaries, dated, with_links = [], [], []
    for doc_id, title, date_min, date, sender, recipient, links in rows:
        summaries.append(
            DocSummary(
                doc_id, title, date_min, json.loads(sender or "[]"), json.loads(recipient or "[]")
            )
        )
        dated.append((doc_id, DocDate.from_json(json.loads(date)) if date else None))
        if links:
            with_links.append(doc_id)
    inferred = _inferred_dates(dated)
    known = {r[0] for r in records.conn.execute("SELECT id FROM documents")}
    replied_by: dict[str, list[tuple[str, Link]]] = {}
    new_links: dict[str, list[Link]] = {}
    for summary in summaries:
        if is_correspondence(summary.title):
            doc = records.document(summary.id)
            found = reply_links(doc, summaries)
            if found:
                new_links[doc.id] = found
            for link in found:
                replied_by.setdefault(link.target, []).append((doc.id, link))
    todo = set(inferred) | set(new_links) | set(with_links) | (set(replied_by) & known)
    changed = []
    for doc_id in sorted(todo):
        doc = records.document(doc_id)
        before = doc.to_json()
        if doc_id in inferred:
            doc.date = inferred[doc_id]
        doc.links.extend(new_links.get(doc_id, []))
        for reply_id, link in replied_by.get(doc_id, []):
            add_replied_by(doc, reply_id, link)
        for link in doc.links:
            link.resolved = link.target in known
        if doc.to_json() != before:
            records.put_document(doc)
            changed.append(doc_id)
    return changed


def _inferred_dates(dated: list[tuple[str, DocDate | None]]) -> dict[str, DocDate]:
    """Dates for undated documents from their neighbours, by id."""
    stubs = []
    for doc_id, date in dated:
        stub = Document(doc_id, None, None, None, "", [])
        stub.date = date
        stubs.append(stub)
    return {d.id: d.date for d in infer_undated(stubs) if d.date is not None}
