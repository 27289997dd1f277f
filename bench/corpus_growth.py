"""Ingest as the store fills: a volume ingested into an empty store and into one that
already holds the persons glossaries of many volumes.

    python bench/corpus_growth.py [--volumes 1000]

The full store is made by writing the shared volume's 124 glossary persons under
``--volumes`` volume ids (surnames varied, so the names do not all collapse into one
person each): 124,000 entries at the default, about what all of FRUS lists. Into each
store, in a fresh process: the shared volume's TEI (an edition, with a glossary of its
own) and the same volume as copied text (no glossary: its names are linked against the
store's). Seconds and the process's high-water RSS; each case the best of ``--repeat``.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

import orjson

from _machine import describe, fastest_run
from despatch.export.text import render_text
from despatch.readers.tei import read_tei_volume
from despatch.store import Store

VOLUME = Path(__file__).resolve().parents[2] / "shared/corpus/frus/frus1964-68v29p2.xml"

CHILD = r"""
import json, sys, time
from despatch.ingest import ingest_paths
from despatch.store import Store
started = time.perf_counter()
with Store(sys.argv[1]) as store:
    n = ingest_paths(store, [sys.argv[2]]).documents
seconds = time.perf_counter() - started
peak = next(int(line.split()[1]) for line in open("/proc/self/status")
            if line.startswith("VmHWM:")) / 1024
print(json.dumps({"docs": n, "seconds": seconds, "peak_mb": peak}))
"""


def glossary_store(path: Path, volumes: int) -> int:
    """A store whose only content is ``volumes`` volumes' persons glossaries."""
    vol, _ = read_tei_volume(VOLUME)
    rows = []
    for k in range(volumes):
        for p in vol.persons:
            surname, _, given = p.name.partition(",")
            name = f"{surname}{k % 7 if k % 3 else ''},{given}" if given else p.name
            data = p.to_json() | {"name": name}
            rows.append((f"vol{k:04d}", p.id, name, p.description, orjson.dumps(data).decode()))
    with Store(path) as store:
        conn = store.records.conn
        conn.execute("BEGIN")
        conn.executemany(
            "INSERT INTO volumes(id, json) VALUES(?, '{}')",
            [(f"vol{k:04d}",) for k in range(volumes)],
        )
        conn.executemany(
            "INSERT INTO persons(volume, id, name, description, json) VALUES(?,?,?,?,?)", rows
        )
        conn.execute("COMMIT")
    return len(rows)


def run(template: Path | None, source: Path, work: Path, repeat: int) -> dict:
    def command(k: int) -> list[str]:
        db = work / f"run{k}.db"
        if template is not None:  # a fresh copy each time: records and index
            shutil.copy(template, db)
            shutil.copytree(str(template) + ".index", str(db) + ".index")
        return [sys.executable, "-c", CHILD, str(db), str(source)]

    try:
        return fastest_run(command, repeat)
    finally:
        for path in work.glob("run*.db*"):
            shutil.rmtree(path) if path.is_dir() else path.unlink()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--volumes", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        full = work / "glossaries.db"
        entries = glossary_store(full, args.volumes)
        _, docs = read_tei_volume(VOLUME)
        copy = work / "frus1964-68v29p2.txt"
        copy.write_text("\n\n\n".join(render_text(d) for d in docs), encoding="utf-8")
        files = work / "copies"  # the same documents as ten files: ten inputs of one ingest
        files.mkdir()
        for k in range(10):
            part = docs[k * len(docs) // 10 : (k + 1) * len(docs) // 10]
            text = "\n\n\n".join(render_text(d) for d in part)
            (files / f"part{k}.txt").write_text(text, encoding="utf-8")
        print(describe())
        print(f"full store: {entries:,} glossary entries of {args.volumes:,} volumes")
        print(f"{'input':<28}{'store':<8}{'docs':>6}{'seconds':>9}{'peak MB':>9}")
        inputs = (
            ("edition (TEI, own glossary)", VOLUME),
            ("copied text", copy),
            ("copied text, 10 files", files),
        )
        for label, source in inputs:
            for store_label, template in (("empty", None), ("full", full)):
                r = run(template, source, work, args.repeat)
                print(
                    f"{label:<28}{store_label:<8}{r['docs']:>6}{r['seconds']:>9.2f}"
                    f"{r['peak_mb']:>9.0f}"
                )


if __name__ == "__main__":
    main()
