"""Ingest speed and memory, measured side by side with a bare lxml iterparse pass.

    python bench/ingest.py [--copies N] [--modes bare,read,ingest,...]

For the shared volume and for a synthetic FRUS-scale volume (the shared volume's documents
replicated N times under new numbers and ids), each run in a fresh process:
- ``bare``: lxml ``iterparse`` over the file, clearing each document (the floor, and what
  ratios are taken to);
- ``plain``: the plainest ``iterparse`` loop, keeping the tree;
- ``read``: despatch's TEI reader alone;
- ``enrich``: read + enrich (dates, sources, people, links), nothing kept;
- ``prepare``: read + enrich + the records' rows (Document JSON) and the index fields
  (with the word pairs), nothing written;
- ``write``: the store's writing alone (SQLite + tantivy index, the volume-wide pass, the
  commits): every document is read, enriched and prepared first, outside the timing, and
  kept in memory (so this mode's memory figures mean nothing);
- ``ingest``: read + enrich + SQLite + tantivy index, committed, into a new store;
- ``ingest-j1``, ``ingest-j2``: the same with one or two worker processes reading and
  enriching while the main process writes (``--jobs 1``, ``--jobs 2``).
Ratios are to ``bare`` in the same run; on the shared volume (a fraction of a second) each
mode is the fastest of ``--repeat`` runs, and so are ``bare`` and ``plain`` on the synthetic
volume (a few seconds: the fastest floor gives the largest, most cautious ratio).
``peak MB`` is the process's high-water RSS, which counts the index files tantivy maps into
memory (pages the kernel drops at will); ``anon MB`` is the peak of the memory the process
itself allocates (with its workers, if any).
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
from pathlib import Path

from _machine import describe, fastest_run

VOLUME = Path(__file__).resolve().parents[2] / "shared/corpus/frus/frus1964-68v29p2.xml"

CHILD = r"""
import json, sys, time
from pathlib import Path
mode, path, db = sys.argv[1], sys.argv[2], sys.argv[3]
import threading
anon = [0]
def rss_anon(pid):
    try:
        for line in open(f"/proc/{pid}/status"):
            if line.startswith("RssAnon:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0
def children():
    import glob
    out = []
    for f in glob.glob("/proc/self/task/*/children"):
        try:  # a thread (tantivy's merges) may end between the glob and the open
            out += open(f).read().split()
        except OSError:
            pass
    return out
def sample():  # peak anonymous memory, workers included: what the processes hold, not mapped files
    while True:
        anon[0] = max(anon[0], rss_anon("self") + sum(rss_anon(c) for c in children()))
        time.sleep(0.01)
threading.Thread(target=sample, daemon=True).start()
from lxml import etree
if mode != "bare":  # imports are a constant cost, outside the timing
    from despatch.ingest import ingest_paths
    from despatch.readers.tei import TeiVolumeReader
    from despatch.store import Store
started = time.perf_counter()
if mode == "plain":  # the plainest pass: every event, the tree kept
    n = 0
    for _, el in etree.iterparse(path, resolve_entities=False, no_network=True, huge_tree=True):
        if el.tag.endswith("}div") and el.get("type") == "document":
            n += 1
elif mode == "bare":
    n = 0
    for _, el in etree.iterparse(path, events=("end",), resolve_entities=False, no_network=True,
                                 huge_tree=True):
        if el.tag.endswith("}div") and el.get("type") == "document":
            n += 1
            el.clear(keep_tail=True)
            while el.getprevious() is not None:
                del el.getparent()[0]
elif mode == "read":
    n = sum(1 for _ in TeiVolumeReader(path))
elif mode in ("enrich", "prepare"):  # the stages of ingest before anything is written
    from despatch.enrich import Enricher
    from despatch.store import person_names_of, prepare_document
    reader = TeiVolumeReader(path)
    n, enrich = 0, None
    for doc in reader:
        if enrich is None:
            enrich = Enricher(reader.volume, [], None, fuzzy=False)
            names = person_names_of(reader.volume)
        enrich(doc)
        if mode == "prepare":
            prepare_document(doc, names)
        n += 1
elif mode == "write":  # the writing alone: every document prepared first, kept in memory
    from despatch.enrich import Enricher, finish_volume
    from despatch.store import person_names_of, prepare_document
    reader = TeiVolumeReader(path)
    prepared, enrich = [], None
    for doc in reader:
        if enrich is None:
            enrich = Enricher(reader.volume, [], None, fuzzy=False)
            names = person_names_of(reader.volume)
        prepared.append(prepare_document(doc, names, revisit=enrich(doc)))
    started = time.perf_counter()
    with Store(db) as store:
        n = store.replace_volume(reader.volume, prepared, finish=finish_volume)
else:  # "ingest", or "ingest-jN": N worker processes, however small the file
    jobs = int(mode.partition("-j")[2] or 0)
    with Store(db) as store:
        n = ingest_paths(store, [path], jobs=jobs, parallel_from_bytes=0).documents
seconds = time.perf_counter() - started
# VmHWM is this process image's own high-water mark (ru_maxrss survives exec on Linux and
# would report the parent's peak)
peak = next(int(line.split()[1]) for line in open("/proc/self/status")
            if line.startswith("VmHWM:")) / 1024
print(json.dumps({"mode": mode, "docs": n, "seconds": seconds, "peak_mb": peak,
                  "anon_mb": anon[0] / 1024}))
"""


MODES = ("bare", "plain", "read", "enrich", "prepare", "write", "ingest", "ingest-j1", "ingest-j2")


def synthetic_volume(source: Path, dest: Path, copies: int) -> int:
    """Replicate the volume's documents ``copies`` times, renumbered, in one TEI file."""
    from lxml import etree

    tei = "{http://www.tei-c.org/ns/1.0}"
    xml_id = "{http://www.w3.org/XML/1998/namespace}id"
    tree = etree.parse(str(source))
    root = tree.getroot()
    root.set(xml_id, "synthetic")
    body = root.find(f"{tei}text/{tei}body")
    docs = [d for d in body.iter(f"{tei}div") if d.get("type") == "document"]
    for child in list(body):
        body.remove(child)
    comp = etree.SubElement(body, f"{tei}div", {"type": "compilation", xml_id: "comp1"})
    etree.SubElement(comp, f"{tei}head").text = "Synthetic"
    n = 0
    for k in range(copies):
        for doc in docs:
            n += 1
            copy = etree.fromstring(etree.tostring(doc))
            for el in copy.iter():  # every id stays unique: documents renumbered, pages tagged
                old = el.get(xml_id)
                if old:
                    new = re.sub(r"^d\d+", f"d{n}", old)
                    el.set(xml_id, new if new != old else f"{old}_c{k}")
            copy.set("n", str(n))
            comp.append(copy)
    tree.write(str(dest), encoding="UTF-8", xml_declaration=True)
    return n


def run(mode: str, path: Path, workdir: Path, repeat: int) -> dict:
    """The fastest of ``repeat`` runs, each in a fresh process and a new store."""

    def command(k: int) -> list[str]:
        db = workdir / f"{mode}-{path.stem}-{k}.db"
        return [sys.executable, "-c", CHILD, mode, str(path), str(db)]

    return fastest_run(command, repeat)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--copies", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=5, help="runs of the short modes")
    parser.add_argument(
        "--modes", default=",".join(MODES), help=f"some of {','.join(MODES)} (bare always runs)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        synth = work / "synthetic.xml"
        n = synthetic_volume(VOLUME, synth, args.copies)
        print(describe())
        print(f"synthetic volume: {n} documents, {synth.stat().st_size / 1e6:.0f} MB")
        print(
            f"{'corpus':<22}{'mode':<10}{'docs':>7}{'seconds':>9}{'× bare':>8}{'docs/s':>9}"
            f"{'peak MB':>9}{'anon MB':>9}"
        )
        for path in (VOLUME, synth):
            modes = ["bare", *(m for m in MODES if m != "bare" and m in args.modes.split(","))]
            results = {}
            for mode in modes:  # short runs are noisy: the shared volume's, and the floor's
                short = path == VOLUME or mode in ("bare", "plain")
                results[mode] = run(mode, path, work, args.repeat if short else 1)
            base = results["bare"]["seconds"]
            for mode, r in results.items():
                print(
                    f"{path.name[:21]:<22}{mode:<10}{r['docs']:>7}{r['seconds']:>9.2f}"
                    f"{r['seconds'] / base:>8.1f}{r['docs'] / r['seconds']:>9.0f}"
                    f"{r['peak_mb']:>9.0f}{r['anon_mb']:>9.0f}"
                )


if __name__ == "__main__":
    main()
