"""despatch check: the editorial QA report."""

from __future__ import annotations

from despatch.check import check_volume
from despatch.ingest import ingest_paths


def test_report_on_the_sample(sample_store):
    report = check_volume(sample_store, "frus1964-68v29p2").to_json()
    assert report["documents"] == 40
    unresolved = [p for p in report["problems"] if p["kind"] == "unresolved reference"]
    assert any("frus1961-63v22/d383" in p["detail"] for p in unresolved)
    assert any(
        p["kind"] == "person not in glossary" and "Johnson" in p["detail"]
        for p in report["problems"]
    )


def test_report_on_recovered_text(empty_store, tmp_path):
    path = tmp_path / "q.txt"
    path.write_text(
        "7. Letter From A to B1\n\nWashington, May 2, 1965.\n\nBody.3\n\n"
        "  1. Source: X. Secret.\n  2. Nobody marks this note.\n  3. See "
        "Document 99.\n\n8. Letter From B to A1\n\nWashington, April 1, 1965.\n\n"
        "Body.\n\n  1. Source: Y. Secret.\n",
        encoding="utf-8",
    )
    ingest_paths(empty_store, [path])
    kinds = {p["kind"] for p in check_volume(empty_store, "q").to_json()["problems"]}
    assert {"note without marker", "unresolved reference", "date out of order"} <= kinds
