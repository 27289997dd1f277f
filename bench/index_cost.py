"""What the index costs at ingest, field by field: tantivy's own indexing time with and
without the word-pair field that makes phrase search fast.

    python bench/index_cost.py [--copies 20]

The shared volume's documents, enriched as ingest enriches them, replicated ``--copies``
times under new ids; their index fields are made first (not timed), then added to a new
index and committed, once with every field and once with the pairs field left out (and
once with no text fields at all, for the fixed cost). Times are wall seconds and CPU seconds
of the whole process, which counts tantivy's indexing thread; best of three each.
"""

from __future__ import annotations

import argparse
import copy
import shutil
import tempfile
import time
from pathlib import Path

from _machine import describe
from despatch.enrich import Enricher
from despatch.readers.tei import read_tei_volume
from despatch.store import person_names_of
from despatch.store.index import DocumentIndex, index_fields

VOLUME = Path(__file__).resolve().parents[2] / "shared/corpus/frus/frus1964-68v29p2.xml"
TEXT_FIELDS = ("title", "body", "notes", "pairs")


def fields_for(copies: int) -> list[dict]:
    volume, docs = read_tei_volume(VOLUME)
    enrich = Enricher(volume)
    for doc in docs:
        enrich(doc)
    names = person_names_of(volume)
    out = []
    for k in range(copies):
        for doc in docs:
            clone = copy.copy(doc)
            clone.id = f"{doc.id}-{k}"
            out.append(index_fields(clone, names))
    return out


def build(fields: list[dict], leave_out: tuple[str, ...]) -> tuple[float, float]:
    best = (float("inf"), float("inf"))
    for _ in range(3):
        folder = Path(tempfile.mkdtemp())
        try:
            index = DocumentIndex(folder / "index")
            docs = [{k: v for k, v in f.items() if k not in leave_out} for f in fields]
            wall, cpu = time.perf_counter(), time.process_time()
            writer = index.writer()
            for doc in docs:
                index.add(writer, doc)
            writer.commit()
            writer.wait_merging_threads()
            result = (time.perf_counter() - wall, time.process_time() - cpu)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
        best = min(best, result)
    return best


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=20)
    args = parser.parse_args()
    fields = fields_for(args.copies)
    print(describe())
    print(f"index cost: {len(fields)} documents, tantivy writer with one indexing thread")
    print(f"{'fields':<28}{'wall s':>8}{'cpu s':>8}{'µs/doc cpu':>12}")
    for label, leave_out in (
        ("all (as ingest)", ()),
        ("without pairs", ("pairs",)),
        ("no text fields", TEXT_FIELDS),
    ):
        wall, cpu = build(fields, leave_out)
        print(f"{label:<28}{wall:>8.2f}{cpu:>8.2f}{cpu / len(fields) * 1e6:>12.0f}")


if __name__ == "__main__":
    main()
