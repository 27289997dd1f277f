"""Search relevance on known items: words a reader remembers from a document, typed without
quotes; how high does the document rank? Measured with and without the proximity clauses
(words typed side by side score more where the texts print them so), side by side.

    python bench/relevance.py [VOLUME.xml ...] [--cases 300]

The volumes (default: the shared Japan volume) are ingested into a temporary store. For
each case a document is drawn, then a paragraph of it, then (fixed seed):
- ``adjacent-N``: N consecutive words of three letters or more, as printed side by side;
- ``scattered-3``: three such words of the paragraph in order, not side by side (what
  proximity cannot help with, and must not hurt).
Reported: mean reciprocal rank (of the first 50 hits), the share ranked first, and the share
in the first ten.
"""

from __future__ import annotations

import argparse
import itertools
import random
import re
import sys
import tempfile
from pathlib import Path

import despatch.query as query_module
from despatch.ingest import ingest_paths
from despatch.search import SearchRequest, search
from despatch.store import Store

DEFAULT = Path(__file__).resolve().parents[2] / "shared/corpus/frus/frus1964-68v29p2.xml"
_WORD = re.compile(r"[A-Za-z]{3,}")


def cases(docs: list, kind: str, n: int, seed: int) -> list[tuple[str, str]]:
    """(document id, query) pairs of one kind, drawn with a fixed seed."""
    rng = random.Random(f"{seed}-{kind}")
    out: list[tuple[str, str]] = []
    size = int(kind.rsplit("-", 1)[1])
    while len(out) < n:
        doc = rng.choice(docs)
        text = rng.choice(doc.blocks[1:] or doc.blocks).text
        words = list(_WORD.finditer(text))
        if len(words) < size + 3:
            continue
        if kind.startswith("adjacent"):
            i = rng.randrange(len(words) - size + 1)
            picked = words[i : i + size]
            # side by side: nothing but a space or a mark between them
            if any(
                re.search(r"\w", text[a.end() : b.start()]) for a, b in itertools.pairwise(picked)
            ):
                continue
        else:
            idx = sorted(rng.sample(range(len(words)), size))
            if any(b - a == 1 for a, b in itertools.pairwise(idx)):
                continue
            picked = [words[i] for i in idx]
        out.append((doc.id, " ".join(m.group() for m in picked)))
    return out


def score(store: Store, items: list[tuple[str, str]]) -> tuple[float, float, float]:
    ranks = []
    for doc_id, q in items:
        hits = search(store, SearchRequest(q=q, limit=50, facets=False, snippets=False)).hits
        ids = [h.id for h in hits]
        ranks.append(ids.index(doc_id) + 1 if doc_id in ids else None)
    n = len(ranks)
    mrr = sum(1 / r for r in ranks if r) / n
    return mrr, sum(r == 1 for r in ranks) / n, sum(1 for r in ranks if r and r <= 10) / n


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("volumes", nargs="*", type=Path, default=[DEFAULT])
    parser.add_argument("--cases", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    missing = [p for p in args.volumes if not p.exists()]
    if missing:
        sys.exit(f"no such volume: {missing[0]} (the shared corpus is beside the repository)")
    with tempfile.TemporaryDirectory() as tmp:
        store = Store(Path(tmp) / "relevance.db")
        ingest_paths(store, args.volumes)
        docs = [d for d in store.records.documents() if len(d.blocks) > 1]
        print(
            f"relevance benchmark: {len(docs)} documents, {args.cases} known-item queries "
            "of each kind (rank of the document among the first 50 hits)"
        )
        print(f"  {'queries':<13} {'MRR':>15} {'first':>17} {'in first 10':>17}")
        print(f"  {'':<13} {'without  with':>15} {'without   with':>17} {'without   with':>17}")
        for kind in ("adjacent-2", "adjacent-3", "adjacent-4", "scattered-3"):
            items = cases(docs, kind, args.cases, args.seed)
            results = []
            for proximity in (False, True):
                query_module.PROXIMITY = proximity
                results.append(score(store, items))
            query_module.PROXIMITY = True
            (m0, f0, t0), (m1, f1, t1) = results
            print(
                f"  {kind:<13} {m0:>7.3f} {m1:>6.3f}   {f0:>7.1%} {f1:>6.1%}   "
                f"{t0:>7.1%} {t1:>6.1%}"
            )
        store.close()


if __name__ == "__main__":
    main()
