"""Ingest: read → enrich → store, one atomic transaction per volume, with progress."""

from __future__ import annotations

import multiprocessing
import pickle
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from queue import Empty
from typing import Any, TypeVar
from urllib.parse import quote

from .enrich import Enricher, NameIndex, finish_volume, link_numbers_across_store
from .enrich.officials import Official, OfficialsIndex
from .errors import InputError, StoreError
from .model import Person, Volume
from .readers import ReadVolume, edition_source, no_documents, read_paths
from .readers.tei import TeiVolumeReader
from .store import (
    PreparedDocument,
    Store,
    prepare_document,
    read_corpus_persons,
    read_volume_years,
)

__all__ = ["IngestSummary", "ingest_paths"]

_T = TypeVar("_T")


@dataclass
class IngestSummary:
    volumes: list[str] = field(default_factory=list)
    documents: int = 0
    notes: int = 0
    pages: int = 0
    seconds: float = 0.0
    skipped: list[str] = field(default_factory=list)  # files in folders not read (a PDF)

    def to_json(self) -> dict[str, object]:
        return {
            "volumes": self.volumes,
            "documents": self.documents,
            "notes": self.notes,
            "pages": self.pages,
            "seconds": round(self.seconds, 3),
            "skipped": self.skipped,
        }


_BATCH = 16  # documents per message between a worker and the writer
PARALLEL_FROM_BYTES = 4_000_000  # smaller files are done before workers would have started

NUMBERS_PENDING = "numbers_pending"  # meta key: set by the migration to schema 6
ProgressHook = Callable[[str, int], None]  # (volume or file being read, documents so far)


def ingest_paths(
    store: Store,
    paths: list[str | Path],
    fmt: str = "auto",
    progress: ProgressHook | None = None,
    *,
    jobs: int = 0,
    parallel_from_bytes: int = PARALLEL_FROM_BYTES,
) -> IngestSummary:
    """Ingest TEI volumes (whole or split), HTML pages and text files into ``store``.

    Each volume is written in one transaction: an error while reading or writing it leaves the
    store exactly as it was, and re-ingesting a volume replaces it. With ``jobs`` > 0, a TEI
    volume file of at least ``parallel_from_bytes`` is read and enriched by that many worker
    processes while this one writes; the store is the same either way. (Workers are spawned:
    a script calling this needs the ``if __name__ == "__main__":`` guard.)
    """
    started = time.perf_counter()
    if store.records.get_meta(NUMBERS_PENDING):
        # a store from before numbers were kept: its volumes' numbers first, once, so that
        # these volumes' citations find the messages printed in them
        if progress is not None:
            progress(f"{store.path} (numbering the stored volumes)", 0)
        store.update_documents(link_numbers_across_store, done=NUMBERS_PENDING)
    summary = IngestSummary()
    context = _EnrichContext(str(store.path), store.officials())
    skipped: list[Path] = []
    for unit in read_paths(paths, fmt, skipped):
        if unit.format != "tei":
            _keep_editions(store, unit)
        if jobs > 0 and _worth_workers(unit, parallel_from_bytes):
            prepared = _prepared_by_workers(unit, context, jobs)
        else:
            prepared = _prepared(unit, context)
        counted = _Counted(prepared, unit.source, summary, progress)
        n = store.replace_volume(
            unit.volume,
            counted,
            source=unit.source,
            finish=finish_volume,
            phase=counted.phase if progress is not None else None,
        )
        summary.documents += n
        summary.volumes.append(unit.volume.id)
        if unit.volume.persons:  # the store's glossaries changed
            context.forget()
    summary.skipped = [str(p) for p in skipped]
    summary.seconds = time.perf_counter() - started
    return summary


def _keep_editions(store: Store, unit: ReadVolume) -> None:
    """A copy is named by its file: one named as an edition in the store would replace the
    whole edition with itself. (Another copy of that name is replaced, as re-ingest does.)"""
    held = store.records.volume_source(unit.volume.id)
    if held and edition_source(held):
        raise InputError(
            f"the store's volume {unit.volume.id!r} is an edition (read from {held}), which "
            "this copy would replace: rename the file",
            unit.source,
        )


@dataclass
class _EnrichContext:
    """What enriching a volume needs besides the volume: plain data, sent to workers."""

    store_path: str
    officials: list[Official]
    # The store's persons, indexed for copies: built once for all the copies of one ingest
    # and forgotten when a volume with a glossary is written. Not sent to workers.
    _corpus_index: NameIndex | None = None

    def __getstate__(self) -> dict[str, Any]:
        return {**vars(self), "_corpus_index": None}

    def corpus_index(self) -> NameIndex:
        if self._corpus_index is None:
            self._corpus_index = NameIndex.build(self.corpus_persons(), None, self.volume_years())
        return self._corpus_index

    def forget(self) -> None:
        self._corpus_index = None

    def corpus_persons(self) -> list[tuple[str, Person]]:
        """The persons of the volumes in the store, read only for input with no glossary of
        its own. A connection of its own (a worker has no other) sees what is committed:
        the other volumes, not the one being written."""
        return self._read(read_corpus_persons)

    def volume_years(self) -> dict[str, tuple[int, int]]:
        return self._read(read_volume_years)

    def _read(self, read: Callable[[sqlite3.Connection], _T]) -> _T:
        conn = sqlite3.connect(f"file:{quote(self.store_path)}?mode=ro", uri=True)
        try:
            return read(conn)
        finally:
            conn.close()


def _prepared(unit: ReadVolume, context: _EnrichContext) -> Iterator[PreparedDocument]:
    """Enrich each document as it is read and make its records and index fields."""
    enrich: Enricher | None = None
    names: dict[str, str] = {}
    for doc in unit.documents:
        if doc.volume is None:  # text and HTML files are stored as a volume of their own
            doc.volume = unit.volume.id
        if enrich is None:  # the glossaries are read by the time the first document is
            enrich = Enricher(
                unit.volume,
                context.corpus_persons,  # called only if the volume has no glossary
                OfficialsIndex(context.officials),
                fuzzy=unit.format != "tei",
                volume_years=context.volume_years,
                corpus_index=context.corpus_index,
            )
            names = enrich.display_names  # other volumes' persons too, for copied text
        revisit = enrich(doc)
        yield prepare_document(doc, names, revisit=revisit)


class _Counted:
    """The prepared documents of one volume, counted for the summary and the progress hook;
    after them, the phases of the writing (``phase``) show as "<source> (linking)"."""

    def __init__(
        self,
        prepared: Iterator[PreparedDocument],
        source: str,
        summary: IngestSummary,
        progress: ProgressHook | None,
    ) -> None:
        self.prepared, self.source, self.summary, self.progress = (
            prepared,
            source,
            summary,
            progress,
        )
        self.count = 0

    def __iter__(self) -> Iterator[PreparedDocument]:
        for item in self.prepared:
            self.count += 1
            self.summary.notes += item.notes
            self.summary.pages += item.pages
            if self.progress is not None:
                self.progress(self.source, self.count)
            yield item

    def phase(self, name: str) -> None:
        if self.progress is not None:
            self.progress(f"{self.source} ({name})", self.count)


# -- worker processes ---------------------------------------------------------------------
# A volume file is read by every worker (lxml's parse is cheap next to the rest); worker k
# reads, enriches and prepares batches k, k + jobs, k + 2·jobs, … of documents, and the
# writer takes the batches in order, so the store comes out exactly as with one process.


def _worth_workers(unit: ReadVolume, parallel_from_bytes: int) -> bool:
    if unit.format != "tei" or len(unit.paths) != 1 or isinstance(unit.documents, list):
        return False  # split volumes and copies are read whole, in this process
    try:
        return unit.paths[0].stat().st_size >= parallel_from_bytes
    except OSError:
        return False  # the reader will say what is wrong with it


def _prepared_by_workers(
    unit: ReadVolume, context: _EnrichContext, jobs: int
) -> Iterator[PreparedDocument]:
    mp = multiprocessing.get_context("spawn")  # no fork: the writer holds threads and locks
    queues = [mp.Queue(maxsize=4) for _ in range(jobs)]
    workers = [
        mp.Process(
            target=_work,
            args=(str(unit.paths[0]), k, jobs, context, queues[k]),
            daemon=True,
        )
        for k in range(jobs)
    ]
    for worker in workers:
        worker.start()
    try:
        batch = 0
        while True:
            message = _receive(queues[batch % jobs], workers[batch % jobs])
            if message[0] == "end":
                break
            _, number, volume, items = message
            if number != batch:  # cannot happen: each worker sends its batches in order
                raise StoreError(f"ingest workers out of step: batch {number}, not {batch}")
            if volume is not None:  # the first batch brings the header and glossaries
                _update(unit.volume, volume)
            yield from items
            batch += 1
        if batch == 0:
            raise no_documents(unit.source)
        _update(unit.volume, message[1])  # the finished volume: its whole division tree
        for k in range(jobs):  # the others have no batch left: their end is next
            if k != batch % jobs:
                _receive(queues[k], workers[k])
    finally:
        for worker in workers:
            if worker.is_alive():
                worker.terminate()
            worker.join()
        for queue in queues:
            queue.close()
            queue.cancel_join_thread()


_NO_GUARD = (
    "; a script that calls despatch with worker processes needs its code under "
    '`if __name__ == "__main__":` (each worker imports the script again)'
)


def _receive(queue: Any, worker: Any) -> tuple[Any, ...]:
    while True:
        try:
            message = queue.get(timeout=1.0)
        except Empty:
            if not worker.is_alive():
                # one that never started is most often a script run again in the worker
                hint = "" if getattr(worker, "despatch_started", False) else _NO_GUARD
                raise StoreError(
                    f"an ingest worker stopped unexpectedly (exit code {worker.exitcode})" + hint
                ) from None
            continue
        if message[0] == "started":
            worker.despatch_started = True
            continue
        if message[0] == "error":
            raise message[1]
        return message


def _update(volume: Volume, other: Volume) -> None:
    for name, value in vars(other).items():
        setattr(volume, name, value)


def _work(path: str, k: int, jobs: int, context: _EnrichContext, queue: Any) -> None:
    """One worker: read, enrich and prepare its share of a volume's documents."""
    queue.put(("started",))
    try:
        reader = TeiVolumeReader(path, select=lambda seq: ((seq - 1) // _BATCH) % jobs == k)
        unit = ReadVolume(reader.volume, iter(reader), path, "tei", [Path(path)])
        items: list[PreparedDocument] = []
        current = None
        sent_volume = k != 0  # worker 0 sends the volume with the first batch
        for item in _prepared(unit, context):
            number = (item.seq - 1) // _BATCH
            if items and number != current:
                queue.put(("batch", current, None if sent_volume else reader.volume, items))
                sent_volume, items = True, []
            current = number
            items.append(item)
        if items:
            queue.put(("batch", current, None if sent_volume else reader.volume, items))
        queue.put(("end", reader.volume))
    except BaseException as exc:  # handed to the writer, which raises it
        try:
            pickle.dumps(exc)
        except Exception:  # an exception that cannot cross processes goes as its message
            exc = StoreError(f"ingest worker: {type(exc).__name__}: {exc}")
        queue.put(("error", exc))
