"""Ingest: read → enrich → store, one atomic transaction per volume, with progress."""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .enrich import Enricher, finish_volume
from .model import Document
from .readers import read_paths
from .store import Store

__all__ = ["IngestSummary", "ingest_paths"]


@dataclass
class IngestSummary:
    volumes: list[str] = field(default_factory=list)
    documents: int = 0
    notes: int = 0
    pages: int = 0
    seconds: float = 0.0

    def to_json(self) -> dict[str, object]:
        return {
            "volumes": self.volumes,
            "documents": self.documents,
            "notes": self.notes,
            "pages": self.pages,
            "seconds": round(self.seconds, 3),
        }


ProgressHook = Callable[[str, int], None]  # (volume or file being read, documents so far)


def ingest_paths(
    store: Store, paths: list[str | Path], fmt: str = "auto", progress: ProgressHook | None = None
) -> IngestSummary:
    """Ingest TEI volumes (whole or split), HTML pages and text files into ``store``.

    Each volume is written in one transaction: an error while reading or writing it leaves the
    store exactly as it was, and re-ingesting a volume replaces it.
    """
    with _fewer_collections():
        return _ingest(store, paths, fmt, progress)


@contextmanager
def _fewer_collections() -> Iterator[None]:
    """Ingest allocates millions of short-lived objects; the objects alive before it (the
    modules, glossaries, indexes) are frozen out of the collector's way and the youngest
    generation is collected less often (it stays bounded: it is collected, just later)."""
    threshold = gc.get_threshold()
    gc.freeze()
    gc.set_threshold(max(threshold[0], 20_000), threshold[1], threshold[2])
    try:
        yield
    finally:
        gc.set_threshold(*threshold)
        gc.unfreeze()


def _ingest(
    store: Store, paths: list[str | Path], fmt: str, progress: ProgressHook | None
) -> IngestSummary:
    started = time.perf_counter()
    summary = IngestSummary()
    corpus_persons = store.corpus_persons()
    officials = store.officials_index()
    for unit in read_paths(paths, fmt):
        counted = {"docs": 0}
        enrich = None

        def each(doc: Document, unit=unit, counted=counted, corpus=corpus_persons) -> None:
            nonlocal enrich
            if doc.volume is None:  # text and HTML files are stored as a volume of their own
                doc.volume = unit.volume.id
            if enrich is None:  # the glossaries are read by the time the first document is
                enrich = Enricher(unit.volume, corpus, officials, fuzzy=unit.format != "tei")
            enrich(doc)
            summary.notes += len(doc.notes)
            summary.pages += len(doc.pages)
            counted["docs"] += 1
            if progress is not None:
                progress(unit.source, counted["docs"])

        n = store.replace_volume(
            unit.volume, unit.documents, source=unit.source, each=each, finish=finish_volume
        )
        summary.documents += n
        summary.volumes.append(unit.volume.id)
        corpus_persons = [(v, p) for v, p in corpus_persons if v != unit.volume.id] + [
            (unit.volume.id, p) for p in unit.volume.persons
        ]
    summary.seconds = time.perf_counter() - started
    return summary
