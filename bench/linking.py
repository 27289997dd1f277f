"""Linking accuracy and speed, measured against the editors' own markup.

    python bench/linking.py [VOLUME.xml ...]

- dates: the printed dateline parsed as text, day-exact against its ``date/@when``;
- people: every editors' ``persName`` with a glossary id is removed, the linker runs on the
  bare text, and its mentions are scored against the removed tags (precision / recall);
  then again as a copied text is linked in a store of several volumes: no glossary of its
  own, the same persons in the glossaries of five volumes (a link to any volume's entry
  for the tagged person counts);
- cross-references: every editors' ``ref`` to a document, found again from the text alone;
- documents/s of the whole per-document enrichment.
"""

from __future__ import annotations

import copy
import sys
import time
from pathlib import Path

from _machine import describe
from despatch.enrich import Enricher
from despatch.enrich.dates import parse_dateline
from despatch.enrich.links import link_document
from despatch.enrich.people import PersonIndex, mark_people, mark_signature
from despatch.readers.tei import read_tei_volume

DEFAULT = Path(__file__).resolve().parents[2] / "shared/corpus/frus/frus1964-68v29p2.xml"


def date_accuracy(docs) -> tuple[int, int]:
    hit = total = 0
    for doc in docs:
        for mark in doc.marks:
            if (
                mark.type == "date"
                and mark.block is not None
                and doc.blocks[mark.block].type == "dateline"
                and len(mark.when or "") >= 10
            ):
                total += 1
                parsed = parse_dateline(doc.blocks[mark.block].text)
                hit += bool(parsed and parsed.min and parsed.min[:10] == mark.when[:10])
    return hit, total


def people_scores(vol, docs, volumes: int = 0) -> tuple[float, float, int, int]:
    if volumes:  # a copy with no glossary of its own, in a store of several volumes
        persons = [(f"{vol.id}-{k}", p) for k in range(volumes) for p in vol.persons]
        index = PersonIndex(persons, home_volume="copy")
    else:
        index = PersonIndex([(vol.id, p) for p in vol.persons], home_volume=vol.id)
    tp = fp = fn = 0
    for doc in docs:
        gold = {
            (m.block, m.note, m.offset, m.length): m.ref
            for m in doc.marks
            if m.type == "person" and m.ref
        }
        untagged = [
            (m.block, m.note, m.offset, m.offset + m.length)
            for m in doc.marks
            if m.type == "person" and not m.ref
        ]
        bare = copy.deepcopy(doc)
        bare.marks = [m for m in bare.marks if m.type != "person"]
        mark_people(bare, index)
        mark_signature(bare, index)  # the sender's given name alone ("Walt")
        found = {
            (m.block, m.note, m.offset, m.length): (m.ref or "").rpartition("/")[2]
            for m in bare.marks
            if m.type == "person"
        }
        for key, ref in found.items():
            block, note, off, length = key
            if any(
                b == block and n == note and s < off + length and off < e for b, n, s, e in untagged
            ):
                continue  # the editors tagged it without an id: not scored either way
            if gold.get(key) == ref:
                tp += 1
            else:
                fp += 1
        fn += sum(1 for key, ref in gold.items() if found.get(key) != ref)
    return tp / max(tp + fp, 1), tp / max(tp + fn, 1), tp + fp, tp + fn


def reference_recall(docs) -> tuple[int, int]:
    """Each editors' ref to a document, found again by ``link_document`` from the bare text."""
    hit = total = 0
    for doc in docs:
        bare = copy.deepcopy(doc)
        bare.marks = [m for m in bare.marks if m.type != "ref"]
        bare.links = []
        link_document(bare)
        for m in doc.marks:
            if m.type != "ref" or not m.target or "/d" not in m.target:
                continue
            total += 1
            hit += any(
                f.type == "ref"
                and f.target == m.target
                and f.block == m.block
                and f.note == m.note
                and f.offset < m.offset + m.length
                and m.offset < f.offset + f.length
                for f in bare.marks
            )
    return hit, total


def main() -> None:
    paths = [Path(p) for p in sys.argv[1:]] or [DEFAULT]
    for path in paths:
        vol, docs = read_tei_volume(path)
        d_hit, d_total = date_accuracy(docs)
        precision, recall, n_found, n_gold = people_scores(vol, docs)
        many = people_scores(vol, docs, volumes=5)
        r_hit, r_total = reference_recall(docs)
        enrich = Enricher(vol)
        work = copy.deepcopy(docs)
        for doc in work:  # time the text-only path: names found by the linker, not markup
            doc.marks = [m for m in doc.marks if m.type != "person"]
        started = time.perf_counter()
        for doc in work:
            enrich(doc)
        rate = len(work) / (time.perf_counter() - started)
        print(describe())
        print(f"linking benchmark on {path.name} ({len(docs)} documents)")
        print(f"  dates, day-exact vs date/@when     {d_hit}/{d_total} = {d_hit / d_total:.2%}")
        print(
            f"  people, precision (markup removed) {precision:.2%} of {n_found} found   goal ≥ 97%"
        )
        print(f"  people, recall (markup removed)    {recall:.2%} of {n_gold} tagged   goal ≥ 90%")
        print(f"  people, text in a 5-volume store   precision {many[0]:.2%}, recall {many[1]:.2%}")
        print(
            f"  cross-references found from text   {r_hit}/{r_total} = "
            f"{r_hit / max(r_total, 1):.2%}"
        )
        print(f"  enrichment speed                    {rate:.0f} documents/s")


if __name__ == "__main__":
    main()
