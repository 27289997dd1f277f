"""despatch check: the editorial QA report."""

from __future__ import annotations

import pytest

from despatch.check import check_volume
from despatch.ingest import ingest_paths

from .conftest import VOLUME, needs_shared


def test_report_on_the_sample(sample_store):
    report = check_volume(sample_store, "frus1964-68v29p2").to_json()
    assert report["documents"] == 40
    unresolved = [p for p in report["problems"] if p["kind"] == "unresolved reference"]
    assert any("frus1961-63v22/d383" in p["detail"] for p in unresolved)
    assert any(
        p["kind"] == "person not in glossary" and "Johnson" in p["detail"]
        for p in report["problems"]
    )
    untagged = [p["detail"] for p in report["problems"] if p["kind"] == "person not in glossary"]
    # counted in words a reader expects: "once in 1 document", "3 times in 2 documents"
    assert all(" 1 documents" not in d and " 1 times" not in d for d in untagged)
    assert any(" once in 1 document " in d for d in untagged)


def test_report_on_recovered_text(empty_store, tmp_path):
    path = tmp_path / "q.txt"
    path.write_text(
        "7. Letter From A to B1\n\nWashington, May 2, 1965.\n\nBody.3\n\n"
        "  1. Source: X. Secret.\n  2. Nobody marks this note.\n  3. See "
        "Document 99.\n\n8. Letter From B to A1\n\nWashington, April 1, 1965.\n\n"
        "Body.\n\n  1. Source: Y. Secret.\n\n9. Letter From A to B\n\n"
        "Washington, June 31, 1965.\n\nBody.\n",
        encoding="utf-8",
    )
    ingest_paths(empty_store, [path])
    problems = check_volume(empty_store, "q").to_json()["problems"]
    kinds = {p["kind"] for p in problems}
    assert {"note without marker", "unresolved reference", "date out of order"} <= kinds
    # a day no calendar has is a misprint the editors want to hear of
    assert [(p["document"], p["detail"]) for p in problems if p["kind"] == "no such day"] == [
        ("q/d9", "the dateline prints “June 31, 1965”; dated by its month")
    ]


def test_chapter_headnotes_are_checked_too(empty_store, tmp_path):
    path = tmp_path / "v.xml"
    path.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="vh"><teiHeader/><text><body>'
        '<div type="chapter" xml:id="ch1"><head>Laos<note n="1">See <ref target="#d1">'
        'Document 1</ref>, <ref target="#d9">Document 9</ref> and <persName corresp="#p_X1">'
        "Souvanna</persName>.</note></head>"
        '<div type="document" n="1" xml:id="d1"><head>One</head><p>Text.</p></div>'
        "</div></body></text></TEI>",
        encoding="utf-8",
    )
    ingest_paths(empty_store, [path])
    problems = check_volume(empty_store, "vh").to_json()["problems"]
    by_heading = [(p["kind"], p["detail"]) for p in problems if p["document"] == "vh/ch1"]
    assert by_heading == [
        ("person not in glossary", "p_X1"),
        ("unresolved reference", "vh/d9 (chapter headnote)"),
    ]


def test_nested_divisions_contents_and_chapter_dates(empty_store, tmp_path):
    from fastapi.testclient import TestClient

    from despatch.web.app import create_app

    def doc(n, when):
        return (
            f'<div type="document" n="{n}" xml:id="d{n}"><head>{n}. Telegram From A to B'
            f'</head><dateline><placeName>Tokyo</placeName>, <date when="{when}">x</date>.'
            f"</dateline><p>Text {n}.</p></div>"
        )

    path = tmp_path / "v.xml"
    path.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="vnest"><text><body>'
        '<div type="compilation" xml:id="comp1"><head>Japan</head>'
        '<div type="chapter" xml:id="ch1"><head>Chapter 1: 1964</head>'
        + doc(1, "1964-02-01")
        + '<div type="subchapter" xml:id="ch1a"><head>The Ryukyus</head>'
        + doc(2, "1964-05-01")
        + doc(3, "1966-01-01")  # 3 lies outside its chapter's year
        + '</div></div><div type="chapter" xml:id="ch2"><head>Chapter 2: 1965</head>'
        + doc(4, "1965-03-01")
        + "</div></div></body></text></TEI>",
        encoding="utf-8",
    )
    ingest_paths(empty_store, [path])
    toc = TestClient(create_app(empty_store)).get("/api/volumes/vnest").json()["toc"]
    (comp,) = toc
    assert comp["title"] == "Japan" and [c["title"] for c in comp["children"]] == [
        "Chapter 1: 1964",
        "Chapter 2: 1965",
    ]
    ch1 = comp["children"][0]
    assert [d["id"] for d in ch1["documents"]] == ["vnest/d1"]
    assert ch1["children"][0]["title"] == "The Ryukyus"
    assert [d["id"] for d in ch1["children"][0]["documents"]] == ["vnest/d2", "vnest/d3"]
    problems = check_volume(empty_store, "vnest").to_json()["problems"]
    kinds = {(p["kind"], p["document"]) for p in problems}
    # d3 sits in "The Ryukyus", whose nearest dated ancestor is "Chapter 1: 1964"
    assert ("date outside chapter", "vnest/d3") in kinds
    assert ("date outside chapter", "vnest/d2") not in kinds
    assert ("date out of order", "vnest/d4") in kinds  # 1965 after 1966


@needs_shared
def test_pages_run_on_through_the_shared_volume(empty_store, tmp_path):
    """Pages 1–330 without a gap, once the breaks between documents are read; a break taken
    out is reported."""
    ingest_paths(empty_store, [VOLUME])
    problems = check_volume(empty_store, "frus1964-68v29p2").to_json()["problems"]
    assert not [p for p in problems if p["kind"] == "page out of sequence"]
    cut = tmp_path / "frus1964-68v29p2.xml"
    cut.write_text(VOLUME.read_text(encoding="utf-8").replace('<pb n="66"', '<pb n="x66"', 1))
    ingest_paths(empty_store, [cut])
    problems = check_volume(empty_store, "frus1964-68v29p2").to_json()["problems"]
    (gap,) = [p for p in problems if p["kind"] == "page out of sequence"]
    assert gap["document"] == "frus1964-68v29p2/d41" and gap["detail"].startswith("page 67 ")


@pytest.mark.parametrize(
    "pages,details",
    [
        (["1", "2", "3"], []),
        (["1", "3"], ["page 3 follows page 1: 2 missing"]),
        (["1", "5"], ["page 5 follows page 1: 2–4 missing"]),
        (["7", "6"], ["page 6 follows page 7"]),
        (["XII", "1", "2"], []),  # roman front-matter pages are not counted
    ],
)
def test_page_sequence(pages, details):
    from despatch.check import CheckReport, _check_pages
    from despatch.model import Document, PageBreak

    doc = Document("v/d1", "v", "1", None, "T", [], pages=[PageBreak(n, 0, 0) for n in pages])
    report = CheckReport("v")
    assert _check_pages(doc, report, None) == int(pages[-1])  # carried to the next document
    assert [p["detail"] for p in report.problems] == details
