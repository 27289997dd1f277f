"""Enrichment: dates, people, archival sources and links, for TEI and recovered text alike.

``Enricher`` runs per document while a volume streams in; ``finish_volume`` runs the
passes that need the whole volume (inferred dates, replies, link resolution) over the
written records before the volume's transaction commits.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass

import orjson

from ..errors import NotFoundError
from ..model import DocDate, Document, Link, Person, Volume
from ..store.records import RecordStore
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
from .people import PersonIndex, mark_people
from .serials import NumberedDoc, cites_numbers, number_links, numbered_docs
from .sources import source_note_document

__all__ = ["CorpusPersons", "Enricher", "NameIndex", "VolumeYears", "finish_volume"]

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
        if not any(m.type == "person" and m.source == "markup" for m in doc.marks):
            mark_people(doc, self.people, fuzzy=self.fuzzy)
        set_parties(doc, self.people)
        if self.officials:
            mark_officials(doc, self.officials, self.names)
        link_document(doc)
        # replies a note proves ("your letter of September 2" + "See Document 299") need
        # nothing but the document; those found by date wait for finish_volume
        doc.links += reply_links(doc, lambda day: [])
        return cites_numbers(doc)


def _numbered_links(
    volume_id: str, records: RecordStore, letter_ids: set[str], revisit: Collection[str]
) -> dict[str, list[Link]]:
    """Links for telegrams and despatches cited by their numbers, by document id (the
    documents are written with their new ``ref`` marks; the links are not yet).

    The volume's numbered messages join the store's (table ``serials``); its documents that
    cite numbers (``revisit``) are resolved against every volume's, and recorded (table
    ``citations``) so that a volume ingested later resolves them too: the documents of
    other volumes citing a number this volume's messages carry are resolved again.
    """
    conn = records.conn
    own = numbered_docs(
        (doc_id, title, date_min, place, orjson.loads(opening))
        for doc_id, title, date_min, place, opening in conn.execute(
            "SELECT id, title, date_min, json_extract(json, '$.date.place'), "
            "json_extract(json, '$.blocks[1]', '$.blocks[2]', '$.blocks[3]', "
            "'$.blocks[4]', '$.blocks[5]') FROM documents WHERE volume=? ORDER BY seq",
            (volume_id,),
        )
        if doc_id in letter_ids
    )
    conn.executemany(
        "INSERT OR REPLACE INTO serials VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            (d.id, volume_id, n, d.date, d.place, d.writer, d.reader)
            for n, ds in own.items()
            for d in ds
        ],
    )
    citing = list(revisit)
    if own:
        citing += [
            doc_id
            for (doc_id,) in conn.execute(
                "SELECT DISTINCT c.document FROM citations c JOIN serials s ON s.number = c.number "
                "WHERE s.volume=?1 AND c.volume!=?1",
                (volume_id,),
            )
        ]
    found: dict[str, list[Link]] = {}
    numbered = _StoreNumbers(conn)
    for doc_id in citing:
        doc = records.document(doc_id)
        numbered.asked = set()
        marks = len(doc.marks)
        links = number_links(doc, numbered)
        if doc.volume == volume_id:  # what it cites, for the volumes still to come
            conn.executemany(
                "INSERT OR IGNORE INTO citations VALUES (?, ?, ?)",
                [(doc_id, volume_id, n) for n in sorted(numbered.asked)],
            )
        if links or len(doc.marks) > marks:  # put now, with its marks; links join later
            records.put_document(doc)
            found[doc_id] = links
    return found


class _StoreNumbers:
    """Number → the store's messages carrying it, in every volume, read when first asked
    for; ``asked`` collects the numbers looked up since it was last emptied."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.cache: dict[str, list[NumberedDoc]] = {}
        self.asked: set[str] = set()

    def get(self, number: str, default: Sequence[NumberedDoc] = ()) -> Sequence[NumberedDoc]:
        self.asked.add(number)
        if number not in self.cache:
            self.cache[number] = [
                NumberedDoc(*row)
                for row in self.conn.execute(
                    "SELECT document, number, date_min, place, writer, reader FROM serials "
                    "WHERE number=? ORDER BY document",
                    (number,),
                )
            ]
        return self.cache[number] or default


def finish_volume(volume: Volume, records: RecordStore, revisit: Collection[str] = ()) -> list[str]:
    """Volume-wide passes, holding a few fields per letter at most (never the documents);
    returns the ids of the documents changed.

    Undated documents get the range between their dated neighbours (a sliding window over
    the volume in order); letters get ``reply-to`` links, with the documents of a date looked
    up in the store, and the letters they answer ``replied-by``. ``revisit`` names the
    documents whose enrichment waited for the volume (the :class:`Enricher` said so): their
    citations of numbered telegrams and despatches are resolved against the volume's own.
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
        "SELECT l.source, l.target, l.evidence, l.confidence FROM links l "
        "JOIN documents d ON d.id = l.source WHERE d.volume=?1 AND l.type='reply-to' "
        "UNION ALL SELECT l.source, l.target, l.evidence, l.confidence FROM links l "
        "JOIN documents d ON d.id = l.target JOIN documents s ON s.id = l.source "
        "WHERE d.volume=?1 AND s.volume!=?1 AND l.type='reply-to'",
        (volume.id,),
    ):
        replies.setdefault(source, []).append(Link("reply-to", target, evidence, confidence))
    new_links: dict[str, list[Link]] = {}
    replied_by: dict[str, list[tuple[str, Link]]] = {}
    letters = [
        doc_id
        for doc_id, title in records.conn.execute(
            "SELECT id, title FROM documents WHERE volume=? ORDER BY seq", (volume.id,)
        )
        if is_correspondence(title)
    ]
    numbered_links = _numbered_links(volume.id, records, set(letters), revisit)
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
    for doc_id in dict.fromkeys([*replies, *new_links]):
        for link in replies.get(doc_id, []) + new_links.get(doc_id, []):
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
