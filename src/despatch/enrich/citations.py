"""Numbered citations resolved against the whole store.

The store keeps the number each telegram or despatch carries (table ``serials``) and the
numbers each document cites (table ``citations``). A volume's citations are resolved
against every volume's messages, and a volume's messages resolve the citations that other
volumes, ingested earlier, could not: the order volumes arrive in does not matter.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence

import orjson

from ..model import Link
from ..store.records import RecordStore
from .serials import (
    CITED_WITHIN_DAYS,
    NumberedDoc,
    citation_keys,
    citations_in,
    number_links,
    numbered_docs,
    writer_keys,
)

__all__ = ["citing_numbers_of", "keep_numbers", "resolve_citations"]


def keep_numbers(volume_id: str, records: RecordStore, letter_ids: set[str]) -> None:
    """Record the numbers the volume's letters (``letter_ids``) carry."""
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
        "INSERT OR REPLACE INTO serials VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            (d.id, volume_id, n, d.date, d.place, d.writer, d.reader, *writer_keys(d.writer))
            for n, ds in own.items()
            for d in ds
        ],
    )


def citing_numbers_of(volume_id: str, records: RecordStore) -> list[str]:
    """The documents of other volumes citing a number that one of the volume's messages
    carries, as its writer's (or of no one in particular), dated near enough to it to mean
    it (:data:`.serials.CITED_WITHIN_DAYS`): every volume has a telegram 100, and a
    citation of one is not read again for each."""
    return [
        doc_id
        for (doc_id,) in records.conn.execute(
            "SELECT DISTINCT c.document FROM serials s JOIN citations c ON c.number = s.number "
            "WHERE s.volume=?1 AND c.volume!=?1 "
            "AND (c.party = '' OR c.party = s.writer_key "
            "OR instr(' ' || s.post || ' ', ' ' || c.party || ' ') > 0) "
            "AND (c.date_min IS NULL OR s.date_min IS NULL "
            "OR abs(julianday(substr(c.date_min, 1, 10)) - julianday(substr(s.date_min, 1, 10)))"
            " <= ?2) ORDER BY c.document",
            (volume_id, CITED_WITHIN_DAYS),
        )
    ]


def resolve_citations(records: RecordStore, citing: Iterable[str]) -> dict[str, list[Link]]:
    """Links for the numbered messages the documents ``citing`` cite, by document id; the
    documents are written with their new ``ref`` marks (the links are not yet) and with
    the numbers they cite, for the volumes still to come."""
    found: dict[str, list[Link]] = {}
    numbered = _StoreNumbers(records.conn)
    for doc_id in dict.fromkeys(citing):
        doc = records.document(doc_id)
        marks = len(doc.marks)
        cited = citations_in(doc)  # found once, for the links and for the volumes to come
        links = number_links(doc, numbered, cited)
        day = doc.date.min if doc.date else None
        records.conn.executemany(
            "INSERT OR IGNORE INTO citations VALUES (?, ?, ?, ?, ?)",
            [(doc_id, doc.volume or "", n, party, day) for n, party in citation_keys(doc, cited)],
        )
        if links or len(doc.marks) > marks:
            records.put_document(doc)
            found[doc_id] = links
    return found


class _StoreNumbers:
    """Number → the store's messages carrying it, in every volume, read when first asked
    for."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.cache: dict[str, list[NumberedDoc]] = {}

    def get(self, number: str, default: Sequence[NumberedDoc] = ()) -> Sequence[NumberedDoc]:
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
