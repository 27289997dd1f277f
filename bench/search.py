"""Search latency on a 300,000-document corpus: p50/p95/p99 over ≥ 200 mixed queries.

    python bench/search.py [--docs 300000] [--keep bench/out/search] [--compare]

The corpus is the shared volume's documents, enriched as ingest enriches them, replicated
under new ids, 550 volume ids and dates shifted over 1945–1990; it is written straight into a
store's records and index (snippets are cut from the records' text). Queries, drawn with a
fixed seed from the volume's own words: single terms, two-term AND, OR, NOT, phrases,
prefixes, and terms with a date range, a volume or a person filter; every query asks for
facets and snippets, as the reading room does. Each query runs once to warm up, then is timed.
"""

from __future__ import annotations

import argparse
import copy
import importlib
import random
import re
import shutil
import statistics
import time
from collections import Counter
from pathlib import Path

from _machine import describe
from despatch.enrich import Enricher
from despatch.model import DocDate, Volume
from despatch.readers.tei import read_tei_volume
from despatch.search import SearchRequest, search
from despatch.store import Store
from despatch.store.index import index_fields
from despatch.store.records import document_rows

# the module, not the function the package exports under the same name
search_module = importlib.import_module("despatch.search")

VOLUME = Path(__file__).resolve().parents[2] / "shared/corpus/frus/frus1964-68v29p2.xml"


def build(path: Path, n_docs: int) -> None:
    vol, docs = read_tei_volume(VOLUME)
    enrich = Enricher(vol)
    for doc in docs:
        enrich(doc)
    names_by_volume: dict[str, dict[str, str]] = {}
    store = Store(path, check_index=False)
    store.records.begin()
    for k in range(550):
        store.records.put_volume(Volume(id=f"synthetic-v{k:03d}"), None, 0)
    writer = store.index.writer()
    rng = random.Random(7)
    started = time.perf_counter()
    for i in range(n_docs):
        base = docs[i % len(docs)]
        doc = copy.copy(base)
        volume = f"synthetic-v{i % 550:03d}"
        doc.id, doc.volume, doc.number, doc.seq = f"{volume}/d{i}", volume, str(i), i
        if base.date and base.date.min:
            shift = rng.randint(-19, 22)
            lo, hi = base.date.min, base.date.max or base.date.min
            doc.date = DocDate(
                f"{int(lo[:4]) + shift}{lo[4:]}",
                f"{int(hi[:4]) + shift}{hi[4:]}",
                base.date.text,
                base.date.place,
                base.date.source,
            )
            if doc.date.min[5:10] == "02-29" or doc.date.max[5:10] == "02-29":
                doc.date = DocDate(
                    doc.date.min.replace("-02-29", "-02-28"),
                    doc.date.max.replace("-02-29", "-02-28"),
                    source="dateline",
                )
        if volume not in names_by_volume:  # person ids are scoped by volume in the index
            names_by_volume[volume] = {f"{volume}/{p.id}": p.display_name for p in vol.persons}
        store.index.add(writer, index_fields(doc, names_by_volume[volume]))
        store.records.put_rows(document_rows(doc), fresh=True)
        if (i + 1) % 50000 == 0:
            print(f"  indexed {i + 1} documents ({time.perf_counter() - started:.0f} s)")
    store.records.commit()
    writer.commit()
    writer.wait_merging_threads()
    store.index.set_generation(store.generation)
    store.close()
    print(f"built {n_docs} documents in {time.perf_counter() - started:.0f} s")


def queries(seed: int = 11) -> list[SearchRequest]:
    _, docs = read_tei_volume(VOLUME)
    words = Counter(
        w.lower() for d in docs for b in d.blocks for w in re.findall(r"[A-Za-z]{4,}", b.text)
    )
    common = [w for w, c in words.most_common(2000)[50:]]
    sentences = [b.text for d in docs for b in d.blocks if len(b.text) > 80]
    rng = random.Random(seed)
    out: list[SearchRequest] = []

    def phrase() -> str:
        toks = re.findall(r"[A-Za-z]+", rng.choice(sentences))
        i = rng.randrange(max(len(toks) - 3, 1))
        return '"' + " ".join(toks[i : i + rng.choice((2, 3))]) + '"'

    for _ in range(50):
        out.append(SearchRequest(q=rng.choice(common), limit=10))
    for _ in range(40):
        out.append(SearchRequest(q=f"{rng.choice(common)} AND {rng.choice(common)}", limit=10))
    for _ in range(15):
        out.append(SearchRequest(q=f"{rng.choice(common)} OR {rng.choice(common)}", limit=10))
    for _ in range(15):
        out.append(SearchRequest(q=f"{rng.choice(common)} NOT {rng.choice(common)}", limit=10))
    for _ in range(35):
        out.append(SearchRequest(q=phrase(), limit=10))
    for _ in range(15):
        out.append(SearchRequest(q=rng.choice(common)[:5] + "*", limit=10))
    for _ in range(30):
        year = rng.randint(1950, 1985)
        month = rng.randint(1, 12)
        lo, hi = rng.choice(
            [
                (f"{year}", f"{year}"),
                (f"{year}-{month:02d}", f"{year}-{month:02d}"),
                (f"{year}", f"{year + 3}"),
            ]
        )
        out.append(SearchRequest(q=rng.choice(common), date_from=lo, date_to=hi, limit=10))
    for _ in range(10):
        out.append(
            SearchRequest(
                q=rng.choice(common), volume=f"synthetic-v{rng.randrange(550):03d}", limit=10
            )
        )
    for _ in range(10):
        out.append(SearchRequest(q=rng.choice(common), person="Dean Rusk", sort="date", limit=10))
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--docs", type=int, default=300_000)
    parser.add_argument("--keep", default=None, help="folder to keep (and reuse) the corpus in")
    parser.add_argument(
        "--compare",
        action="store_true",
        help="also time every query with facets counted after the hits, not beside them "
        "(the two alternate, query by query)",
    )
    args = parser.parse_args()
    folder = Path(args.keep or "bench/out/search-tmp")
    db = folder / f"search-{args.docs}.db"
    if not db.exists():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
        build(db, args.docs)
    store = Store(db)
    qs = queries()
    for q in qs:  # warm up: each query once
        search(store, q)
    variants = [True, False] if args.compare else [True]
    times: dict[bool, list[tuple[float, SearchRequest]]] = {v: [] for v in variants}
    totals = []
    for q in qs:
        runs: dict[bool, list[float]] = {v: [] for v in variants}
        for _ in range(3):  # the median of three, so a one-off hiccup is not the tail
            for parallel in variants:
                search_module.PARALLEL_FACETS = parallel
                started = time.perf_counter()
                res = search(store, q)
                runs[parallel].append((time.perf_counter() - started) * 1000)
        for v in variants:
            times[v].append((statistics.median(runs[v]), q))
        totals.append(res.total)
    search_module.PARALLEL_FACETS = True

    print(describe())
    print(
        f"search benchmark: {store.index.searcher().num_docs} documents, {len(qs)} queries "
        f"(facets and snippets on every query; median of 3 runs each)"
    )
    print(f"  median hits per query {statistics.median(totals):.0f}")
    for parallel in variants:
        if args.compare:
            print("facets beside the hits (as shipped)" if parallel else "facets after the hits")
        timed = sorted(times[parallel], key=lambda t: t[0])
        ms = [t for t, _ in timed]

        def pct(p: float, ms: list[float] = ms) -> float:
            return ms[min(len(ms) - 1, round(p / 100 * len(ms)) - 1)]

        print(
            f"  p50 {pct(50):.1f} ms   p95 {pct(95):.1f} ms   p99 {pct(99):.1f} ms   "
            f"max {ms[-1]:.1f} ms   (goal p99 ≤ 25 ms)"
        )
        for t, q in timed[-5:]:
            extra = f" {q.date_from}..{q.date_to}" if q.date_from else ""
            print(f"  slowest: {t:6.1f} ms  {q.q}{extra}")
    store.close()
    if not args.keep:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
