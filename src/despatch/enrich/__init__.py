"""Enrichment: dates, people, archival sources and links, for TEI and recovered text alike.

``Enricher`` runs per document while a volume streams in; ``finish_volume`` runs the
passes that need the whole volume (inferred dates, replies, link resolution) over the
written records before the volume's transaction commits.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

import orjson

from ..errors import NotFoundError
from ..model import DocDate, Document, Link, Person, Volume
from ..store.records import RecordStore
from .citations import citing_numbers_of, keep_numbers, resolve_citations
from .dates import date_document, inferred, mark_date_mentions, narrow_by_notes, range_between
from .links import (
    DocSummary,
    add_replied_by,
    is_correspondence,
    link_document,
    may_name_a_dated_letter,
    reply_links,
)
from .officials import OfficialsIndex, mark_officials
from .parties import set_parties
from .people import PersonIndex, mark_people, mark_signature
from .serials import cites_numbers
from .sources import source_note_document

__all__ = [
    "CorpusPersons",
    "Enricher",
    "NameIndex",
    "VolumeYears",
    "finish_volume",
    "link_numbers_across_store",
    "write_links",
]

# (volume id, person) for every glossary person of a store, or a function that reads them
CorpusPersons = Sequence[tuple[str, Person]] | Callable[[], Sequence[tuple[str, Person]]]
# volume id → first and last year of its documents, or a function that reads them
VolumeYears = Mapping[str, tuple[int, int]] | Callable[[], Mapping[str, tuple[int, int]]]


@dataclass
class NameIndex:
    """The persons a text is linked against, ready to find them: the name index, and each
    person's name (``names``, by the ref marks carry) and display name (by ``volume/id``)."""

    people: PersonIndex
    names: dict[str, str]
    display_names: dict[str, str]
    volumes: frozenset[str]  # the volumes whose glossaries it holds

    @classmethod
    def build(
        cls,
        persons: Sequence[tuple[str, Person]],
        home_volume: str | None = None,
        volume_years: Mapping[str, tuple[int, int]] | None = None,
    ) -> NameIndex:
        return cls(
            PersonIndex(persons, home_volume=home_volume, volume_years=volume_years),
            {p.id if v == home_volume else f"{v}/{p.id}": p.name for v, p in persons},
            {f"{v}/{p.id}": p.display_name for v, p in persons},
            frozenset(v for v, _ in persons),
        )


class Enricher:
    """Per-document enrichment with the glossaries it links against.

    A volume with a persons glossary of its own (an edition's TEI) is linked against that
    glossary alone: the editors listed whom the volume names, and another volume's
    namesakes would only make its names ambiguous. Input without one (copied text, HTML)
    is linked against ``corpus_persons``, the persons of the volumes already in the store:
    a list, or a function that reads them, called only when they are needed (they grow
    with the corpus); ``volume_years`` (likewise) says which years each volume documents,
    so a dated copy links a person to the entry of the volume that covers its date.
    ``corpus_index`` may give a :class:`NameIndex` of the store's persons built before
    (one ingest links many copies against the same glossaries); it is used when it does not
    hold this volume.
    """

    def __init__(
        self,
        volume: Volume,
        corpus_persons: CorpusPersons | None = None,
        officials: OfficialsIndex | None = None,
        fuzzy: bool = True,
        volume_years: VolumeYears | None = None,
        corpus_index: Callable[[], NameIndex] | None = None,
    ):
        if volume.persons:
            index = NameIndex.build([(volume.id, p) for p in volume.persons], volume.id)
        else:
            index = corpus_index() if corpus_index is not None else None
            if index is None or volume.id in index.volumes:  # not built, or holds this one
                corpus = corpus_persons() if callable(corpus_persons) else corpus_persons or []
                spans = (volume_years() if callable(volume_years) else volume_years) or {}
                persons = [(v, p) for v, p in corpus if v != volume.id]
                index = NameIndex.build(persons, volume.id, spans)
        self.people = index.people
        self.officials = officials
        # misspelt names are a copy's problem: an edition's text is as the editors set it
        self.fuzzy = fuzzy
        self.names = index.names
        # "volume/id" → the name the index's person facet shows, for every person linked to
        self.display_names = index.display_names

    def __call__(self, doc: Document) -> bool:
        """Enrich ``doc`` as far as it alone allows; True when the volume-wide pass
        (:func:`finish_volume`) has more to do for it: it cites telegrams or despatches by
        their numbers, which only the whole volume resolves."""
        date_document(doc)
        source_note_document(doc)
        mark_date_mentions(doc)
        # the editors' persName tags are authoritative; detect names only where there are none
        detect = not any(m.type == "person" and m.source == "markup" for m in doc.marks)
        if detect:
            mark_people(doc, self.people, fuzzy=self.fuzzy)
        set_parties(doc, self.people)
        if detect:  # a signature by a given name is the sender's, once the heading says who
            mark_signature(doc, self.people)
        if self.officials:
            mark_officials(doc, self.officials, self.names)
        link_document(doc)
        # replies a note proves ("your letter of September 2" + "See Document 299") need
        # nothing but the document; those found by date wait for finish_volume
        doc.links += reply_links(doc, lambda day: [])
        return cites_numbers(doc)


def finish_volume(volume: Volume, records: RecordStore, revisit: Collection[str] = ()) -> list[str]:
    """Volume-wide passes, holding a few fields per letter at most (never the documents);
    returns the ids of the documents changed.

    Undated documents get the range between their dated neighbours (a sliding window over
    the volume in order); letters get ``reply-to`` links, with the documents of a date looked
    up in the store, and the letters they answer ``replied-by``. ``revisit`` names the
    documents whose enrichment waited for the volume (the :class:`Enricher` said so): their
    citations of numbered telegrams and despatches are resolved against every volume's
    messages, and other volumes' citations against this one's (:mod:`.citations`).
    Whether a link's target is in the store is decided when it is read, since later volumes
    change the answer.
    """
    spans: dict[str, tuple[str, str]] = {}
    waiting: list[str] = []  # undated documents since the last dated one
    before: DocDate | None = None
    cursor = records.conn.execute(
        "SELECT id, json_extract(json, '$.date') FROM documents WHERE volume=? ORDER BY seq",
        (volume.id,),
    )
    for doc_id, raw in cursor:
        date = DocDate.from_json(orjson.loads(raw)) if raw else None
        if date is None or not date.min or date.source == "inferred":
            waiting.append(doc_id)
            continue
        span = range_between(before, date)
        spans.update(dict.fromkeys(waiting, span) if span and waiting else {})
        waiting, before = [], date
    span = range_between(before, None)
    spans.update(dict.fromkeys(waiting, span) if span and waiting else {})

    def dated(day: str) -> list[DocSummary]:
        rows = records.conn.execute(
            "SELECT id, title, date_min, json_extract(json, '$.from'), "
            "json_extract(json, '$.to') FROM documents WHERE date_min >= ? AND date_min < ?",
            (day, day + "~"),
        ).fetchall()
        return [
            DocSummary(i, t, d, orjson.loads(f or "[]"), orjson.loads(to or "[]"))
            for i, t, d, f, to in rows
        ]

    # Each letter's replies so far, from the links table (no document decoded for them),
    # and the replies other volumes hold to this volume's letters (written anew, they lost
    # their replied-by links)
    replies: dict[str, list[Link]] = {}
    for source, target, evidence, confidence in records.conn.execute(
        # two lookups by the volume's own documents (as sources, then as targets), so the
        # cost follows the volume, not the store
        "SELECT source, target, evidence, confidence FROM ("
        "SELECT l.source, l.target, l.evidence, l.confidence, '' AS home, d.seq, l.rowid AS r "
        "FROM documents d JOIN links l ON l.source = d.id "
        "WHERE d.volume=?1 AND l.type='reply-to' UNION ALL "
        "SELECT l.source, l.target, l.evidence, l.confidence, s.volume, s.seq, l.rowid "
        "FROM documents d JOIN links l ON l.target = d.id JOIN documents s ON s.id = l.source "
        "WHERE d.volume=?1 AND s.volume!=?1 AND l.type='reply-to') ORDER BY home, seq, r",
        (volume.id,),
    ):
        replies.setdefault(source, []).append(Link("reply-to", target, evidence, confidence))
    new_links: dict[str, list[Link]] = {}
    letters = [
        doc_id
        for doc_id, title in records.conn.execute(
            "SELECT id, title FROM documents WHERE volume=? ORDER BY seq", (volume.id,)
        )
        if is_correspondence(title)
    ]
    keep_numbers(volume.id, records, set(letters))
    # what this volume's documents cite, and what other volumes' cite of this one's
    numbered_links = resolve_citations(records, [*revisit, *citing_numbers_of(volume.id, records)])
    for doc_id in letters:
        found: list[Link] = []
        # only a reply naming a date ("your letter of May 4") needs the store; the others
        # were found when the letter was enriched, so most letters are never decoded
        (raw,) = records.conn.execute("SELECT json FROM documents WHERE id=?", (doc_id,)).fetchone()
        if may_name_a_dated_letter(raw):
            found = reply_links(records.document(doc_id), dated)
        if found:
            new_links[doc_id] = found
    for doc_id, found in numbered_links.items():  # one link of a kind to a document
        have = new_links.setdefault(doc_id, [])
        have += [
            lk for lk in found if not any((o.type, o.target) == (lk.type, lk.target) for o in have)
        ]
    return write_links(records, new_links, replies, spans)


def write_links(
    records: RecordStore,
    new_links: Mapping[str, list[Link]],
    replies: Mapping[str, list[Link]] | None = None,
    spans: Mapping[str, tuple[str, str]] | None = None,
) -> list[str]:
    """Add ``new_links`` to their documents, ``replied-by`` to the letters every reply
    (``replies`` held already, or new) answers, and inferred dates (``spans``); returns the
    ids of the documents written."""
    replies, spans = replies or {}, spans or {}
    replied_by: dict[str, list[tuple[str, Link]]] = {}
    for doc_id in dict.fromkeys([*replies, *new_links]):
        for link in [*replies.get(doc_id, []), *new_links.get(doc_id, [])]:
            if link.type == "reply-to":  # inverse links for every reply
                replied_by.setdefault(link.target, []).append((doc_id, link))
    changed = []
    for doc_id in sorted(set(spans) | set(new_links) | set(replied_by)):
        try:
            doc = records.document(doc_id)
        except NotFoundError:  # a reply to a document outside the store
            continue
        if doc_id in spans:
            doc.date = inferred(doc.date, narrow_by_notes(doc, spans[doc_id]))
        doc.links.extend(new_links.get(doc_id, []))
        for reply_id, link in replied_by.get(doc_id, []):
            add_replied_by(doc, reply_id, link)
        records.put_document(doc)
        changed.append(doc_id)
    return changed


def link_numbers_across_store(records: RecordStore) -> list[str]:
    """For a store written before it kept numbers (schema 6): every volume's numbered
    messages, and every document citing one resolved across the store; returns the ids of
    the documents written."""
    volumes = [row[0] for row in records.conn.execute("SELECT id FROM volumes ORDER BY id")]
    for volume_id in volumes:
        letters = {
            doc_id
            for doc_id, title in records.conn.execute(
                "SELECT id, title FROM documents WHERE volume=?", (volume_id,)
            )
            if is_correspondence(title)
        }
        keep_numbers(volume_id, records, letters)
    citing = [doc.id for doc in records.documents() if cites_numbers(doc)]
    return write_links(records, resolve_citations(records, citing))
