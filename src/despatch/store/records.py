"""The record store: SQLite (WAL, foreign keys, versioned migrations).

Records are the truth; the full-text index is derived from them and rebuilt when it does not
match (see :mod:`despatch.store.index`).
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson

from ..errors import NotFoundError, StoreError
from ..model import Division, Document, Person, Term, Volume, body_text, searched_headings
from .schema import MIGRATIONS, SCHEMA_VERSION, split_sql

__all__ = ["SCHEMA_VERSION", "DocumentRows", "RecordStore", "document_rows"]


@dataclass(slots=True)
class DocumentRows:
    """What the records keep of one document: its row (with the Document JSON), its
    mention counts and its links. Plain tuples, cheap to send between processes."""

    document: tuple[Any, ...]
    mentions: list[tuple[Any, ...]]
    links: list[tuple[Any, ...]]


# the kinds of mention that say a person's part in a document, not only that it names them
PARTY_KINDS = ("from", "to", "participant")


def document_rows(doc: Document) -> DocumentRows:
    date = doc.date
    row = (
        doc.id,
        doc.volume,
        doc.seq,
        doc.number,
        doc.subtype,
        doc.title,
        date.min if date else None,
        date.max if date else None,
        _dumps(doc.to_json()),
    )
    counts: dict[tuple[str, str], int] = {}
    for mark in doc.marks:
        if mark.type in ("person", "term") and mark.ref:
            key = (mark.type, mark.ref)
            counts[key] = counts.get(key, 0) + 1
    # who wrote and received it, and who took part in a conversation (see PARTY_KINDS)
    for kind, refs in zip(PARTY_KINDS, (doc.sender, doc.recipient, doc.participants), strict=True):
        counts.update(((kind, ref), 1) for ref in refs if ref)
    mentions = [(doc.id, doc.volume or "", k, r, c) for (k, r), c in counts.items()]
    links = [(doc.id, lk.target, lk.type, lk.evidence, lk.confidence) for lk in doc.links]
    return DocumentRows(row, mentions, links)


# How long a write waits for another process's to finish before saying so: readers never
# wait (WAL), a second ingest does.
BUSY_WAIT_S = 5.0


class RecordStore:
    """Documents, volumes, glossaries and links in one SQLite file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        try:
            self.conn = sqlite3.connect(
                str(self.path), isolation_level=None, check_same_thread=False, timeout=BUSY_WAIT_S
            )
            self.conn.row_factory = sqlite3.Row
            self.conn.execute("PRAGMA journal_mode=WAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            self.conn.execute("PRAGMA synchronous=NORMAL")
            self._migrate()
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"{self.path}: cannot open store: {exc}") from None

    def _migrate(self) -> None:
        version = self.conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path}: store has schema {version}, this despatch knows {SCHEMA_VERSION}; "
                "upgrade despatch"
            )
        for target in range(version, SCHEMA_VERSION):
            self.begin()
            try:
                for statement in split_sql(MIGRATIONS[target]):
                    self.conn.execute(statement)
                self.conn.execute(f"PRAGMA user_version={target + 1}")
                self.conn.execute("COMMIT")
            except Exception:
                self.conn.execute("ROLLBACK")
                raise

    def close(self) -> None:
        self.conn.close()

    # -- meta -------------------------------------------------------------------------
    def get_meta(self, key: str, default: str | None = None) -> str | None:
        row = self.conn.execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return row[0] if row else default

    def set_meta(self, key: str, value: str) -> None:
        self.conn.execute(
            "INSERT INTO meta(key, value) VALUES(?, ?) "
            "ON CONFLICT(key) DO UPDATE SET value=excluded.value",
            (key, value),
        )

    # -- transactions -----------------------------------------------------------------
    def begin(self) -> None:
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) and "busy" not in str(exc):
                raise StoreError(f"{self.path}: cannot write the store: {exc}") from None
            raise StoreError(
                f"{self.path}: the store is being written by another process (an ingest?); "
                "try again when it has finished"
            ) from None

    def commit(self) -> None:
        self.conn.execute("COMMIT")

    def rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    # -- writing (inside a transaction) -----------------------------------------------
    def delete_volume(self, volume_id: str) -> None:
        self.conn.execute("DELETE FROM volumes WHERE id=?", (volume_id,))

    def put_volume(self, volume: Volume, source: str | None, doc_count: int) -> None:
        """Write the volume's row; its date span is taken from its documents written so far."""
        self.conn.execute(
            "INSERT INTO volumes(id, title, source, doc_count, json, date_min, date_max) "
            "VALUES(?1, ?2, ?3, ?4, ?5, (SELECT min(date_min) FROM documents WHERE volume=?1), "
            "(SELECT max(coalesce(date_max, date_min)) FROM documents WHERE volume=?1)) "
            "ON CONFLICT(id) DO UPDATE SET title=excluded.title, source=excluded.source, "
            "doc_count=excluded.doc_count, json=excluded.json, date_min=excluded.date_min, "
            "date_max=excluded.date_max",
            (volume.id, volume.title or volume.id, source, doc_count, _dumps(volume.to_json())),
        )

    def put_sections(self, volume: Volume) -> None:
        self.conn.executemany(
            "INSERT OR REPLACE INTO sections(volume, id, seq, subtype, title, json) "
            "VALUES(?,?,?,?,?,?)",
            [
                (volume.id, s.id, s.seq, s.subtype or "", s.title, _dumps(s.to_json()))
                for s in volume.sections
            ],
        )

    def put_glossaries(self, volume: Volume) -> None:
        self.conn.executemany(
            "INSERT OR REPLACE INTO persons(volume, id, name, description, json) VALUES(?,?,?,?,?)",
            [(volume.id, p.id, p.name, p.description, _dumps(p.to_json())) for p in volume.persons],
        )
        self.conn.executemany(
            "INSERT OR REPLACE INTO terms(volume, id, term, expansion) VALUES(?,?,?,?)",
            [(volume.id, t.id, t.term, t.expansion) for t in volume.terms],
        )

    def put_document(self, doc: Document, *, fresh: bool = False) -> None:
        self.put_rows(document_rows(doc), fresh=fresh)

    def put_rows(self, rows: DocumentRows, *, fresh: bool = False) -> None:
        """Insert or replace a document with its mentions and links. ``fresh`` says it is
        probably not stored yet (its volume was just cleared): a plain insert is tried, and
        nothing deleted unless that finds the id taken."""
        doc_id = rows.document[0]
        columns = "documents(id, volume, seq, number, subtype, title, date_min, date_max, json)"
        if fresh:
            try:
                self.conn.execute(f"INSERT INTO {columns} VALUES(?,?,?,?,?,?,?,?,?)", rows.document)
            except sqlite3.IntegrityError:  # the id is another volume's, or repeated here
                fresh = False
        if not fresh:
            # an update, not a replace: a replace deletes the row first, and with it (by
            # the cascade) what other tables hold of the document, such as its number
            self.conn.execute(
                f"INSERT INTO {columns} VALUES(?,?,?,?,?,?,?,?,?) ON CONFLICT(id) DO UPDATE "
                "SET volume=excluded.volume, seq=excluded.seq, number=excluded.number, "
                "subtype=excluded.subtype, title=excluded.title, date_min=excluded.date_min, "
                "date_max=excluded.date_max, json=excluded.json",
                rows.document,
            )
            self.conn.execute("DELETE FROM mentions WHERE document=?", (doc_id,))
            self.conn.execute("DELETE FROM links WHERE source=?", (doc_id,))
        self.conn.executemany(
            "INSERT INTO mentions(document, volume, kind, ref, count) VALUES(?,?,?,?,?)",
            rows.mentions,
        )
        self.conn.executemany(
            "INSERT INTO links(source, target, type, evidence, confidence) VALUES(?,?,?,?,?)",
            rows.links,
        )

    def replace_officials(self, officials: list[Any]) -> None:
        """Replace the reference table of officials (POCOM), in one transaction."""
        self.begin()
        try:
            self.conn.execute("DELETE FROM officials")
            self.conn.executemany(
                "INSERT INTO officials(id, surname, json) VALUES(?,?,?)",
                [(o.id, o.surname, _dumps(o.to_json())) for o in officials],
            )
            self.commit()
        except BaseException:
            self.rollback()
            raise

    def officials(self) -> list[dict[str, Any]]:
        return [orjson.loads(r[0]) for r in self.conn.execute("SELECT json FROM officials")]

    # -- reading ----------------------------------------------------------------------
    def volumes(self) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT id, title, doc_count, json, date_min, date_max FROM volumes ORDER BY id"
        ).fetchall()
        return [
            {
                **orjson.loads(r["json"]),
                "doc_count": r["doc_count"],
                "date_min": r["date_min"],
                "date_max": r["date_max"],
            }
            for r in rows
        ]

    def volume_labels(self) -> dict[str, str]:
        """Volume id → a short name to show ("1964–1968, Volume XXIX, Part 2, Japan")."""
        rows = self.conn.execute(
            "SELECT id, title, json_extract(json, '$.subseries'), "
            "json_extract(json, '$.volume_number'), json_extract(json, '$.volume_title') "
            "FROM volumes"
        )
        return {
            vid: ", ".join(p for p in parts if p) or title or vid for vid, title, *parts in rows
        }

    def volume_source(self, volume_id: str) -> str | None:
        """What a stored volume was read from (a file, "N files of …"); ``None`` if absent."""
        row = self.conn.execute("SELECT source FROM volumes WHERE id=?", (volume_id,)).fetchone()
        return None if row is None else (row["source"] or "")

    def volume(self, volume_id: str) -> Volume:
        row = self.conn.execute("SELECT json FROM volumes WHERE id=?", (volume_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no volume {volume_id!r}")
        data = orjson.loads(row["json"])
        vol = Volume(**{k: v for k, v in data.items() if k != "divisions"})
        vol.divisions = [Division.from_json(d) for d in data.get("divisions", [])]
        vol.persons = self.persons(volume_id)
        vol.terms = self.terms(volume_id)
        return vol

    def document(self, doc_id: str) -> Document:
        row = self.conn.execute("SELECT json, seq FROM documents WHERE id=?", (doc_id,)).fetchone()
        if row is None:
            raise NotFoundError(f"no document {doc_id!r}")
        doc = Document.from_json(orjson.loads(row["json"]))
        doc.seq = row["seq"]
        return doc

    def body_texts(self, ids: list[str]) -> dict[str, tuple[str, str]]:
        """Documents' bodies and footnotes as the index reads them (``Document.plain_text``,
        the notes one per line), by id: the index keeps no second copy of every text only
        for search snippets."""
        out: dict[str, tuple[str, str]] = {}
        for table in ("documents", "sections"):  # sections: a preface, the sources, ...
            wanted = [i for i in ids if i not in out]
            for start in range(0, len(wanted), 500):  # within any SQLite's limit on parameters
                chunk = wanted[start : start + 500]
                rows = self.conn.execute(
                    f"SELECT id, json_extract(json, '$.blocks'), json_extract(json, '$.notes') "
                    f"FROM {table} WHERE id IN ({','.join('?' * len(chunk))})",
                    chunk,
                )
                for doc_id, blocks, notes in rows:
                    if blocks:
                        body = body_text([b["text"] for b in orjson.loads(blocks)])
                        texts = [n["text"] for n in orjson.loads(notes)] if notes else []
                        out[doc_id] = (body, "\n".join(texts))
        for volume_id in {i.partition("/")[0] for i in ids if i not in out}:  # headnotes
            for heading in self.headings(volume_id):
                if heading.id in ids:
                    out[heading.id] = ("", "\n".join(n.text for n in heading.notes))
        return out

    def headings(self, volume_id: str) -> list[Document]:
        """The volume's division headings that search finds (``searched_headings``)."""
        row = self.conn.execute(
            "SELECT json_extract(json, '$.divisions') FROM volumes WHERE id=?", (volume_id,)
        ).fetchone()
        tree = [Division.from_json(d) for d in orjson.loads(row[0])] if row and row[0] else []
        return searched_headings(volume_id, tree)

    def resolve_links(self, doc: Document) -> None:
        """Whether each link's target is in the store now (later volumes change the answer)."""
        targets = sorted({lk.target for lk in doc.links})
        if not targets:
            return
        present = set(self._present("documents", targets))
        for link in doc.links:
            link.resolved = link.target in present

    def locate(self, targets: Iterable[str]) -> dict[str, str]:
        """Where in the store each cross-reference target is: the id of the document it
        points into, or of the volume for a whole-volume reference. Targets are document ids,
        ``vol/d14#fn3`` (a note of d14), ``vol/pg_674`` (the document page 674 begins in) or
        ``vol``; those not in the store are left out."""
        docs: dict[str, list[str]] = {}
        pages: dict[str, dict[str, list[str]]] = {}
        volumes: list[str] = []
        for target in set(targets):
            vol, _, local = target.partition("/")
            if not local:
                volumes.append(target)
            elif local.startswith("pg_"):
                pages.setdefault(vol, {}).setdefault(local[3:], []).append(target)
            else:
                docs.setdefault(target.partition("#")[0], []).append(target)
        out: dict[str, str] = {}
        for doc_id in self._present("documents", list(docs)):
            out.update(dict.fromkeys(docs[doc_id], doc_id))
        out.update((v, v) for v in self._present("volumes", volumes))
        for vol, wanted in pages.items():
            for n, page_targets in wanted.items():
                # the documents whose JSON has the text '"n":"674"' (cheap, in C), then the
                # one whose page list has it; a page printed twice (a misprint): the first
                row = self.conn.execute(
                    "SELECT d.id FROM documents d, json_each(d.json, '$.pages') p "
                    "WHERE d.volume=? AND instr(d.json, ?) AND json_extract(p.value, '$.n')=? "
                    "ORDER BY d.seq LIMIT 1",
                    (vol, _dumps({"n": n})[1:-1], n),
                ).fetchone()
                if row is not None:
                    out.update(dict.fromkeys(page_targets, row[0]))
        return out

    def _present(self, table: str, ids: list[str]) -> list[str]:
        if not ids:
            return []
        marks = ",".join("?" * len(ids))
        sql = f"SELECT id FROM {table} WHERE id IN ({marks})"
        return [r[0] for r in self.conn.execute(sql, ids)]

    def documents(self, volume_id: str | None = None) -> Iterator[Document]:
        sql = "SELECT json, seq FROM documents"
        args: tuple[str, ...] = ()
        if volume_id is not None:
            sql += " WHERE volume=?"
            args = (volume_id,)
        for row in self.conn.execute(sql + " ORDER BY volume, seq", args):
            doc = Document.from_json(orjson.loads(row["json"]))
            doc.seq = row["seq"]
            yield doc

    def document_summaries(self, volume_id: str) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT id, number, subtype, title, date_min, date_max, seq FROM documents "
            "WHERE volume=? ORDER BY seq",
            (volume_id,),
        ).fetchall()
        return [dict(r) for r in rows]

    def neighbours(self, doc: Document) -> tuple[str | None, str | None]:
        prev = self.conn.execute(
            "SELECT id FROM documents WHERE volume=? AND seq<? ORDER BY seq DESC LIMIT 1",
            (doc.volume, doc.seq),
        ).fetchone()
        nxt = self.conn.execute(
            "SELECT id FROM documents WHERE volume=? AND seq>? ORDER BY seq LIMIT 1",
            (doc.volume, doc.seq),
        ).fetchone()
        return (prev[0] if prev else None, nxt[0] if nxt else None)

    def page_before(self, doc: Document) -> str | None:
        """The last printed page begun before ``doc`` in its volume: the page a document
        that starts mid-page is printed on."""
        row = self.conn.execute(
            "SELECT json_extract(json, '$.pages[#-1].n') FROM documents "
            "WHERE volume=? AND seq<? AND json_array_length(json, '$.pages') > 0 "
            "ORDER BY seq DESC LIMIT 1",
            (doc.volume, doc.seq),
        ).fetchone()
        return row[0] if row else None

    def persons(self, volume_id: str) -> list[Person]:
        rows = self.conn.execute(
            "SELECT json FROM persons WHERE volume=? ORDER BY name", (volume_id,)
        ).fetchall()
        return [Person.from_json(orjson.loads(r["json"])) for r in rows]

    def person_display_names(self, refs: Iterable[str]) -> dict[str, str]:
        """``volume/id`` → display name, for the persons of ``refs`` that are in the store."""
        out: dict[str, str] = {}
        for ref in set(refs):
            volume_id, _, person_id = ref.partition("/")
            row = self.conn.execute(
                "SELECT json_extract(json, '$.display_name') FROM persons WHERE volume=? AND id=?",
                (volume_id, person_id),
            ).fetchone()
            if row is not None:
                out[ref] = row[0]
        return out

    def person(self, volume_id: str, person_id: str) -> Person:
        row = self.conn.execute(
            "SELECT json FROM persons WHERE volume=? AND id=?", (volume_id, person_id)
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no person {person_id!r} in {volume_id!r}")
        return Person.from_json(orjson.loads(row["json"]))

    def terms(self, volume_id: str) -> list[Term]:
        rows = self.conn.execute(
            "SELECT id, term, expansion FROM terms WHERE volume=? ORDER BY term COLLATE NOCASE",
            (volume_id,),
        ).fetchall()
        return [Term(r["id"], r["term"], r["expansion"]) for r in rows]

    def persons_by_surname(
        self, surname: str, exclude_volume: str | None = None
    ) -> list[tuple[str, Person]]:
        """(volume id, person) for glossary names that begin with ``surname``, by volume."""
        rows = self.conn.execute(
            "SELECT volume, json FROM persons WHERE name LIKE ? ESCAPE '\\' AND volume IS NOT ? "
            "ORDER BY volume",
            (re.sub(r"([\\%_])", r"\\\1", surname) + "%", exclude_volume),
        )
        return [(r["volume"], Person.from_json(orjson.loads(r["json"]))) for r in rows]

    def sections(self, volume_id: str) -> list[dict[str, Any]]:
        """The volume's front and back matter to read: id, subtype and title, in order."""
        rows = self.conn.execute(
            "SELECT id, subtype, title FROM sections WHERE volume=? ORDER BY seq", (volume_id,)
        ).fetchall()
        return [dict(r) for r in rows]

    def count_texts(self) -> int:
        """Documents and sections in the store (what the index holds, but headnotes)."""
        row = self.conn.execute(
            "SELECT (SELECT count(*) FROM documents) + (SELECT count(*) FROM sections)"
        ).fetchone()
        return int(row[0])

    def all_sections(self, volume_id: str | None = None) -> Iterator[Document]:
        """Every section of front and back matter as a document, or one volume's, in order."""
        sql, args = "SELECT json, seq FROM sections", ()
        if volume_id is not None:
            sql, args = sql + " WHERE volume=?", (volume_id,)
        for raw, seq in self.conn.execute(sql + " ORDER BY volume, seq", args):
            section = Document.from_json(orjson.loads(raw))
            section.seq = seq
            yield section

    def section(self, section_id: str) -> Document:
        """One section of front or back matter (``volume/preface``), as a document."""
        volume_id = section_id.partition("/")[0]
        row = self.conn.execute(
            "SELECT json, seq FROM sections WHERE volume=? AND id=?", (volume_id, section_id)
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no section {section_id!r}")
        doc = Document.from_json(orjson.loads(row["json"]))
        doc.seq = row["seq"]
        return doc

    def term(self, volume_id: str, term_id: str) -> Term:
        row = self.conn.execute(
            "SELECT id, term, expansion FROM terms WHERE volume=? AND id=?", (volume_id, term_id)
        ).fetchone()
        if row is None:
            raise NotFoundError(f"no term {term_id!r} in {volume_id!r}")
        return Term(row["id"], row["term"], row["expansion"])

    def mentioning(self, kind: str, ref: str, volume_id: str | None = None) -> list[dict[str, Any]]:
        """Documents whose marks name ``ref`` (a person or term id) — within one volume, or,
        without ``volume_id``, anywhere (a "volume/id" reference made from another volume)."""
        sql = (
            "SELECT d.id, d.number, d.title, d.date_min, m.count FROM mentions m "
            "JOIN documents d ON d.id = m.document WHERE m.kind=? AND m.ref=?"
        )
        args: tuple[str, ...] = (kind, ref)
        if volume_id is not None:
            sql += " AND m.volume=?"
            args += (volume_id,)
        return [dict(r) for r in self.conn.execute(sql + " ORDER BY d.volume, d.seq", args)]

    def correspondents(self, volume_id: str, limit: int = 12) -> list[dict[str, Any]]:
        """The volume's most frequent writer and reader pairs, with how many of its
        documents went from the one to the other (person ids as the documents hold them:
        bare within the volume, "volume/id" from another; anyone else by name)."""
        rows = self.conn.execute(
            "SELECT f.ref AS sender, t.ref AS recipient, count(*) AS count FROM mentions f "
            "JOIN mentions t ON t.document = f.document AND t.kind = 'to' "
            "WHERE f.kind = 'from' AND f.volume = ? "
            "GROUP BY f.ref, t.ref ORDER BY count(*) DESC, f.ref, t.ref LIMIT ?",
            (volume_id, limit),
        )
        return [dict(r) for r in rows]

    def links_to(self, doc_id: str) -> list[dict[str, Any]]:
        rows = self.conn.execute(
            "SELECT l.source, l.type, l.evidence, l.confidence, d.title FROM links l "
            "JOIN documents d ON d.id = l.source WHERE l.target=? ORDER BY d.volume, d.seq",
            (doc_id,),
        ).fetchall()
        return [dict(r) for r in rows]

    def titles(self, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        ids = list(ids)
        if not ids:
            return {}
        marks = ",".join("?" * len(ids))
        rows = self.conn.execute(
            f"SELECT id, number, title, date_min FROM documents WHERE id IN ({marks})", ids
        ).fetchall()
        return {r["id"]: dict(r) for r in rows}

    def counts(self) -> dict[str, int]:
        out = {}
        for table in ("volumes", "documents", "sections", "persons", "terms", "links"):
            out[table] = self.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        return out


def _dumps(data: Any) -> str:
    return orjson.dumps(data).decode()
