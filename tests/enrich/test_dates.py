"""Dates from datelines, attributes and running text."""

from __future__ import annotations

import copy

import pytest

from despatch.enrich import enrich_document
from despatch.enrich.dates import find_date_mentions, infer_undated, parse_dateline, widen
from despatch.model import Block, DocDate, Document


@pytest.mark.parametrize(
    "text,lo,hi,place,tz",
    [
        (
            "Washington, January 22, 1964.",
            "1964-01-22T00:00:00",
            "1964-01-22T23:59:59",
            "Washington",
            None,
        ),
        (
            "New York, September 25, 1980, 10 a.m.–1:20 p.m.",
            "1980-09-25T10:00:00",
            "1980-09-25T13:20:00",
            "New York",
            None,
        ),
        (
            "[place not declassified], January 30, 1954, 0907Z",
            "1954-01-30T09:07:00Z",
            "1954-01-30T09:07:00Z",
            "[place not declassified]",
            "Z",
        ),
        ("Tokyo, May 1965.", "1965-05-01T00:00:00", "1965-05-31T23:59:59", "Tokyo", None),
        ("Washington, 1966.", "1966-01-01T00:00:00", "1966-12-31T23:59:59", "Washington", None),
        ("Tokyo, 16 January 1964.", "1964-01-16T00:00:00", "1964-01-16T23:59:59", "Tokyo", None),
    ],
)
def test_datelines(text, lo, hi, place, tz):
    d = parse_dateline(text)
    assert (d.min, d.max, d.place, d.tz, d.source) == (lo, hi, place, tz, "dateline")


def test_undated_dateline_keeps_its_place():
    d = parse_dateline("Moscow, undated.")
    assert d.min is None and d.place == "Moscow"


@pytest.mark.parametrize(
    "value,lo,hi",
    [
        ("1964", "1964-01-01T00:00:00", "1964-12-31T23:59:59"),
        ("1964-02", "1964-02-01T00:00:00", "1964-02-29T23:59:59"),
        ("1964-01-22", "1964-01-22T00:00:00", "1964-01-22T23:59:59"),
        ("1964-01/1964-03", "1964-01-01T00:00:00", "1964-03-31T23:59:59"),
    ],
)
def test_widen(value, lo, hi):
    assert widen(value) == (lo, hi)


def test_document_5_is_dated_from_its_dateline(volume_docs):
    vol, docs = volume_docs
    doc = copy.deepcopy(docs[4])  # the fixture is shared by the whole session
    enrich_document(doc, vol)
    assert doc.date.min.startswith("1964-01-22") and doc.date.max.startswith("1964-01-22")
    assert doc.date.place == "Washington" and doc.date.source == "dateline"


def test_every_dateline_of_the_volume_matches_its_date_attribute(volume_docs):
    for doc in volume_docs[1]:
        for m in doc.marks:
            if m.type == "date" and m.block is not None and doc.blocks[m.block].type == "dateline":
                assert parse_dateline(doc.blocks[m.block].text).min[:10] == m.when[:10]


def test_mentions_resolve_against_the_documents_own_date():
    import datetime as dt

    text = (
        "a reply to your letter of September 2 and talks during the week beginning on "
        "October 13. McNamara wrote on November 16, 1963."
    )
    found = {text[o : o + n]: when for o, n, when in find_date_mentions(text, dt.date(1980, 9, 20))}
    assert found == {
        "September 2": "1980-09-02",
        "October 13": "1980-10-13",
        "November 16, 1963": "1963-11-16",
    }
    # without a date of its own, partial dates are not guessed
    assert [w for _, _, w in find_date_mentions(text, None)] == ["1963-11-16"]


def test_undated_documents_get_a_range_from_their_neighbours():
    def doc(n, lo=None):
        d = Document(f"v/d{n}", "v", str(n), None, "T", [Block("head", "T")])
        if lo:
            d.date = DocDate(lo + "T00:00:00", lo + "T23:59:59", source="dateline")
        return d

    docs = [doc(1, "1964-01-10"), doc(2), doc(3, "1964-01-20")]
    assert infer_undated(docs) == [docs[1]]
    assert docs[1].date.min[:10] == "1964-01-10" and docs[1].date.max[:10] == "1964-01-20"
    assert docs[1].date.source == "inferred"


def test_undated_range_is_narrowed_by_the_documents_notes():
    from despatch.model import Note

    def doc(n, lo=None, note=None):
        d = Document(f"v/d{n}", "v", str(n), None, "T", [Block("head", "T")])
        if lo:
            d.date = DocDate(lo + "T00:00:00", lo + "T23:59:59", source="dateline")
        if note:
            d.notes = [Note("1", "source", note, 0, 1)]
        return d

    docs = [
        doc(1, "1965-01-02"),
        doc(
            2,
            note="Source: X. The memorandum is dated January 5, "
            "1965, and was sent on March 3, 1966.",
        ),
        doc(3, "1965-01-20"),
    ]
    infer_undated(docs)
    assert (docs[1].date.min[:10], docs[1].date.max[:10]) == ("1965-01-05", "1965-01-05")
