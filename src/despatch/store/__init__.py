"""The store: SQLite records plus an embedded tantivy index derived from them.

:class:`Store` is the one small backend interface the rest of the package talks to:
``replace_volume`` (atomic, idempotent), record look-ups, and ``searcher`` for search.
"""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import orjson
import tantivy

from ..enrich.officials import Official, OfficialsIndex
from ..errors import InputError, NotFoundError, StoreError
from ..model import Document, Person, Volume, searched_headings
from .index import DocumentIndex, index_fields
from .records import DocumentRows, RecordStore, document_rows

__all__ = [
    "PreparedDocument",
    "RebuildHook",
    "Store",
    "open_store",
    "person_names_of",
    "prepare_document",
    "read_corpus_persons",
    "read_volume_years",
]


RebuildHook = Callable[[int, int], None]  # (texts indexed so far, texts in all)


class Store:
    def __init__(
        self,
        path: str | Path,
        *,
        check_index: bool = True,
        rebuild_progress: RebuildHook | None = None,
    ) -> None:
        """Open (or create) a store. An index that does not match the records (a crash
        between the two commits, a copied database, a newer index format) is rebuilt from
        them here, reporting to ``rebuild_progress``: minutes for a large corpus."""
        self.path = Path(path)
        if self.path.is_dir():
            raise StoreError(f"{self.path}: is a folder, expected a database file")
        self.records = RecordStore(self.path)
        self.index = DocumentIndex(Path(str(self.path) + ".index"))
        if check_index and self.index.generation != self.generation:
            self.rebuild_index(rebuild_progress, only_if_stale=True)

    @property
    def generation(self) -> int:
        return int(self.records.get_meta("index_generation", "0") or 0)

    def close(self) -> None:
        self.records.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def person_names(self) -> dict[str, str]:
        rows = self.records.conn.execute("SELECT volume, id, json FROM persons").fetchall()
        return {f"{r[0]}/{r[1]}": orjson.loads(r[2])["display_name"] for r in rows}

    def corpus_persons(self, exclude: str | None = None) -> list[tuple[str, Person]]:
        """Every volume's glossary persons, as (volume id, person), but ``exclude``'s."""
        return read_corpus_persons(self.records.conn, exclude)

    def volume_years(self) -> dict[str, tuple[int, int]]:
        """Volume id → the first and last year of its documents' dates."""
        return read_volume_years(self.records.conn)

    def officials(self) -> list[Official]:
        """Officials imported with ``despatch officials`` (empty when none were)."""
        return [Official.from_json(d) for d in self.records.officials()]

    def officials_index(self) -> OfficialsIndex:
        return OfficialsIndex(self.officials())

    def find(self, ref: str) -> Document:
        """A document or section by its id (``frus1964-68v29p2/d5``), or by a short form when
        the store holds just one such: ``d5``, the number ``5``, ``preface``; or a chapter's
        heading with its headnotes (``volume/ch1``), as search finds it."""
        records = self.records
        if "/" in ref:
            candidates = [ref]
        else:
            rows = records.conn.execute(
                "SELECT id FROM documents WHERE number = ?1 OR substr(id, length(volume) + 2) = ?1"
                " UNION ALL SELECT id FROM sections WHERE substr(id, length(volume) + 2) = ?1",
                (ref,),
            ).fetchall()
            candidates = sorted({row[0] for row in rows})
        if len(candidates) > 1:
            shown = ", ".join(candidates[:5]) + (", …" if len(candidates) > 5 else "")
            raise NotFoundError(
                f"{ref!r} names {len(candidates)} texts ({shown}): give the whole id"
            )
        for doc_id in candidates:
            for look_up in (records.document, records.section):
                try:
                    return look_up(doc_id)
                except NotFoundError:
                    pass
            volume_id = doc_id.partition("/")[0]  # a chapter's heading with its headnotes
            heading = next((h for h in records.headings(volume_id) if h.id == doc_id), None)
            if heading is not None:
                return heading
        raise NotFoundError(f"no document or section {ref!r} (ids look like VOLUME/d5)")

    def rebuild_index(
        self, progress: RebuildHook | None = None, *, only_if_stale: bool = False
    ) -> int:
        """Index every document, section and chapter headnote again, from the records.

        Done holding the records' write lock: an ingest in the middle of its two commits
        finishes first (and may leave nothing to do), and none starts meanwhile."""
        self.records.begin()
        try:
            if only_if_stale and self.index.generation == self.generation:
                return 0
            volumes = self.records.volumes()
            headings = [h for v in volumes for h in self.records.headings(v["id"])]
            texts = itertools.chain(self.records.documents(), self.records.all_sections(), headings)
            total = self.records.count_texts() + len(headings)
            if progress is not None and total:  # a new store's empty index is not news
                texts = _reported(texts, total, progress)
            return self.index.rebuild(texts, self.person_names(), self.generation)
        finally:
            self.records.rollback()  # nothing was written to the records

    def replace_volume(
        self,
        volume: Volume,
        documents: Iterable[PreparedDocument],
        *,
        source: str | None = None,
        finish: Callable[[Volume, RecordStore, list[str]], Iterable[str]] | None = None,
        phase: Callable[[str], None] | None = None,
    ) -> int:
        """Write a volume, replacing any earlier copy, all or nothing.

        ``documents`` may be lazy (the volume's id and glossaries must be known by the time
        the first document arrives; its division tree by the end); ``finish`` runs
        volume-wide passes over the written records, given the ids of the documents marked
        ``revisit``, and returns the ids it changed, which are indexed again. Nothing is
        visible until both the records and the index commit. ``phase`` is told when the
        documents are all written and the volume-wide work begins ("linking"), and when the
        writes are committed ("committing"), which take a while on a large volume.
        """
        records = self.records
        count = 0
        with self._writing(phase) as writer:
            started = False
            seen: set[str] = set()
            revisit: list[str] = []
            for prepared in documents:
                if not started:
                    self._start_volume(volume, source, writer)
                    started = True
                if prepared.id in seen:  # the second would silently replace the first
                    raise InputError(f"two documents have the id {prepared.id}", source)
                seen.add(prepared.id)
                records.put_rows(prepared.rows, fresh=True)
                if prepared.revisit:
                    revisit.append(prepared.id)
                self.index.add(writer, prepared.fields)
                count += 1
            if not started:
                self._start_volume(volume, source, writer)
            if phase is not None:
                phase("linking")
            changed = list(finish(volume, records, revisit)) if finish is not None else []
            names = person_names_of(volume)
            self._index_again(writer, changed, names)
            # chapters' headnotes, once the division tree is whole
            for heading in searched_headings(volume.id, volume.divisions):
                self.index.add(writer, index_fields(heading, names))
            records.put_volume(volume, source, count)
        return count

    @contextmanager
    def _writing(self, phase: Callable[[str], None] | None = None) -> Iterator[tantivy.IndexWriter]:
        """One write of records and index together: both commit, or neither changes."""
        records = self.records
        records.begin()
        writer = None
        try:
            writer = self.index.writer()
            yield writer
            generation = self.generation + 1
            records.set_meta("index_generation", str(generation))
            self.index.set_generation(-1)  # dirty until both sides have committed
            if phase is not None:
                phase("committing")
            writer.commit()
            writer.wait_merging_threads()
            writer = None
            records.commit()
            self.index.set_generation(generation)
            self.index.reload()
        except BaseException:
            if writer is not None:
                writer.rollback()
            records.rollback()
            raise

    def _index_again(
        self, writer: tantivy.IndexWriter, doc_ids: Iterable[str], names: dict[str, str]
    ) -> None:
        """Index the stored documents ``doc_ids`` again; ``names`` (person id → display
        name) grows with the persons of other volumes they name."""
        for doc_id in doc_ids:
            doc = self.records.document(doc_id)
            # a copy's names may be linked to other volumes' glossaries, and a document of
            # another volume (a reply found across volumes) names its own volume's
            refs = {m.ref for m in doc.marks if m.type == "person" and m.ref}
            scoped = {r if "/" in r else f"{doc.volume}/{r}" for r in refs}
            names |= self.records.person_display_names(r for r in scoped if r not in names)
            writer.delete_documents_by_term("id", doc_id)
            self.index.add(writer, index_fields(doc, names))

    def update_documents(
        self, change: Callable[[RecordStore], Iterable[str]], *, done: str | None = None
    ) -> int:
        """Change stored documents, all or nothing: ``change`` writes records and returns the
        ids it changed, which are indexed again; ``done`` is a meta key deleted in the same
        transaction (work that was pending). Returns how many documents changed."""
        with self._writing() as writer:
            changed = list(change(self.records))
            self._index_again(writer, changed, {})
            if done is not None:
                self.records.conn.execute("DELETE FROM meta WHERE key=?", (done,))
        return len(changed)

    def _start_volume(
        self, volume: Volume, source: str | None, writer: tantivy.IndexWriter
    ) -> None:
        self.records.delete_volume(volume.id)
        self.records.put_volume(volume, source, 0)
        self.records.put_glossaries(volume)
        self.records.put_sections(volume)
        self.index.delete_volume(writer, volume.id)
        names = person_names_of(volume)
        for section in volume.sections:  # a preface or a list of sources is searched too
            self.index.add(writer, index_fields(section, names))


@dataclass(slots=True)
class PreparedDocument:
    """A document as the store writes it: record rows and index fields, made where the
    document was read (in a worker process when ingest runs several)."""

    id: str
    seq: int
    rows: DocumentRows
    fields: dict[str, Any]
    notes: int
    pages: int
    revisit: bool = False  # the volume-wide pass (``finish``) has more to do for it


def _reported(
    texts: Iterable[Document], total: int, progress: RebuildHook, every: int = 200
) -> Iterator[Document]:
    done = 0
    progress(0, total)
    for done, text in enumerate(texts, 1):
        yield text
        if done % every == 0:
            progress(done, total)
    progress(done, total)


def read_corpus_persons(
    conn: sqlite3.Connection, exclude: str | None = None
) -> list[tuple[str, Person]]:
    """The glossary persons of every volume in a store but ``exclude``, as (volume, person)."""
    rows = conn.execute(
        "SELECT volume, json FROM persons WHERE volume IS NOT ? ORDER BY volume, id", (exclude,)
    ).fetchall()
    return [(volume, Person.from_json(orjson.loads(raw))) for volume, raw in rows]


def read_volume_years(conn: sqlite3.Connection) -> dict[str, tuple[int, int]]:
    """Volume id → the first and last year its documents are dated, for dated volumes."""
    return {
        volume: (int(lo[:4]), int(hi[:4]))
        for volume, lo, hi in conn.execute("SELECT id, date_min, date_max FROM volumes")
        if lo and hi
    }


def person_names_of(volume: Volume) -> dict[str, str]:
    """``volume/person id`` → display name, for the index's person facet."""
    return {f"{volume.id}/{p.id}": p.display_name for p in volume.persons}


def prepare_document(
    doc: Document, person_names: dict[str, str], *, revisit: bool = False
) -> PreparedDocument:
    return PreparedDocument(
        doc.id,
        doc.seq,
        document_rows(doc),
        index_fields(doc, person_names),
        len(doc.notes),
        len(doc.pages),
        revisit,
    )


def open_store(path: str | Path, *, rebuild_progress: RebuildHook | None = None) -> Store:
    return Store(path, rebuild_progress=rebuild_progress)
