"""Dates from datelines, attributes and running text."""

from __future__ import annotations

import calendar
import copy
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from despatch.enrich import Enricher
from despatch.enrich.dates import find_date_mentions, parse_dateline, widen
from despatch.ingest import ingest_paths
from despatch.readers._builder import reads_as_dateline


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
        # a span whose first time has no a.m. or p.m. of its own takes the second's,
        # unless that would end it before it began
        (
            "New York, September 23, 1980, 7:30–9:45 p.m.",
            "1980-09-23T19:30:00",
            "1980-09-23T21:45:00",
            "New York",
            None,
        ),
        (
            "Washington, May 5, 1965, 11:30–1:15 p.m.",
            "1965-05-05T11:30:00",
            "1965-05-05T13:15:00",
            "Washington",
            None,
        ),
        (
            "Tokyo, May 5, 1965, 4–5 p.m.",
            "1965-05-05T16:00:00",
            "1965-05-05T17:00:00",
            "Tokyo",
            None,
        ),
        (
            "Tokyo, May 5, 1965, 12 noon.",
            "1965-05-05T12:00:00",
            "1965-05-05T12:00:00",
            "Tokyo",
            None,
        ),
        # meetings over more than a day, a month's or a year's end
        (
            "Washington, September 30–October 1, 1980.",
            "1980-09-30T00:00:00",
            "1980-10-01T23:59:59",
            "Washington",
            None,
        ),
        (
            "Camp David, December 31, 1979–January 1, 1980.",
            "1979-12-31T00:00:00",
            "1980-01-01T23:59:59",
            "Camp David",
            None,
        ),
        (
            "Washington, September 23 and 24, 1980.",
            "1980-09-23T00:00:00",
            "1980-09-24T23:59:59",
            "Washington",
            None,
        ),
        ("Tokyo, May–June 1966.", "1966-05-01T00:00:00", "1966-06-30T23:59:59", "Tokyo", None),
        (
            "Saigon, September 1967–January 1968.",
            "1967-09-01T00:00:00",
            "1968-01-31T23:59:59",
            "Saigon",
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
        # the place as other volumes print it: a despatch number before it (1870s), a place
        # the editors supplied, an undated document given an approximate date
        (
            "No. 123.] Legation of the United States, Peking, June 3, 1870.",
            "1870-06-03T00:00:00",
            "1870-06-03T23:59:59",
            "Legation of the United States, Peking",
            None,
        ),
        (
            "[Washington,] January 5, 1964.",
            "1964-01-05T00:00:00",
            "1964-01-05T23:59:59",
            "Washington",
            None,
        ),
        (
            "Washington, undated [ca. January 1964]",
            "1964-01-01T00:00:00",
            "1964-01-31T23:59:59",
            "Washington",
            None,
        ),
        (
            "Washington, Dec. 3, 1870.",
            "1870-12-03T00:00:00",
            "1870-12-03T23:59:59",
            "Washington",
            None,
        ),
    ],
)
def test_datelines(text, lo, hi, place, tz):
    d = parse_dateline(text)
    assert (d.min, d.max, d.place, d.tz, d.source) == (lo, hi, place, tz, "dateline")


def _day(iso: str) -> tuple[str, str]:
    return f"{iso}T00:00:00", f"{iso}T23:59:59"


@pytest.mark.parametrize(
    "text,span,place",
    [
        # Old Style and New Style, from posts where the Julian calendar was kept: the
        # Gregorian day is the document's
        ("St. Petersburg, August 25 (September 6), 1899.", _day("1899-09-06"), "St. Petersburg"),
        ("St. Petersburg, February 3/15, 1870.", _day("1870-02-15"), "St. Petersburg"),
        ("Athens, August 25/September 6, 1899.", _day("1899-09-06"), "Athens"),
        (
            "St. Petersburg, December 20, 1869/January 1, 1870.",
            _day("1870-01-01"),
            "St. Petersburg",
        ),
        ("St. Petersburg, December 20/January 1, 1870.", _day("1870-01-01"), "St. Petersburg"),
        ("Constantinople, March 1/14, 1905.", _day("1905-03-14"), "Constantinople"),
        # two days that are not one day in two calendars: both, as a range
        ("Tokyo, September 6/7, 1899.", ("1899-09-06T00:00:00", "1899-09-07T23:59:59"), "Tokyo"),
        # a foreign government's note, dated in its language
        # telegrams of the 1930s–1940s: sent at noon or midnight; the time received is not
        # the time sent
        ("Tokyo, September 6, 1941—noon.", ("1941-09-06T12:00:00",) * 2, "Tokyo"),
        (
            "Tokyo, September 6, 1941—midnight. [Received September 7—11:20 a.m.]",
            ("1941-09-06T23:59:00",) * 2,
            "Tokyo",
        ),
        (
            "Peiping, September 6, 1941. [Received October 20, 3 p.m.]",
            _day("1941-09-06"),
            "Peiping",
        ),
        (
            "Tokyo, September 6, 1941—9 p.m. [Received September 6—11:20 a.m.]",
            ("1941-09-06T21:00:00",) * 2,
            "Tokyo",
        ),
        ("Paris, le 6 septembre 1899.", _day("1899-09-06"), "Paris"),
        ("Paris, le 1er janvier 1900.", _day("1900-01-01"), "Paris"),
        ("Madrid, 6 de septiembre de 1899.", _day("1899-09-06"), "Madrid"),
        ("Berlin, den 6. Juni 1899.", _day("1899-06-06"), "Berlin"),
        ("Rio de Janeiro, 3 de março de 1905.", _day("1905-03-03"), "Rio de Janeiro"),
    ],
)
def test_datelines_of_other_periods_calendars_and_languages(text, span, place):
    d = parse_dateline(text)
    assert ((d.min, d.max), d.place) == (span, place)


def test_undated_dateline_keeps_its_place():
    d = parse_dateline("Moscow, undated.")
    assert d.min is None and d.place == "Moscow"
    for text, place in [("[Moscow, undated]", "Moscow"), ("[Undated]", None), ("Undated", None)]:
        d = parse_dateline(text)
        assert d.min is None and d.place == place, text


@pytest.mark.parametrize(
    "text,span,place",
    [
        # a time of day before the date, as telegrams of the 1980s print it
        ("Moscow, 1200Z, 5 October 1980.", ("1980-10-05T12:00:00Z",) * 2, "Moscow"),
        ("Peking, 5 January 1965, 1500 hours.", ("1965-01-05T15:00:00",) * 2, "Peking"),
        (
            "Washington, January 5, 1965, 10 a.m.–noon.",
            ("1965-01-05T10:00:00", "1965-01-05T12:00:00"),
            "Washington",
        ),
        (
            "Washington, D.C., January 5, 1965, 3:10 p.m. EST",
            ("1965-01-05T15:10:00",) * 2,
            "Washington, D.C.",
        ),
        (
            "Tokyo, January 5, 1965, 1 p.m. (Received January 6, 3:20 a.m.)",
            ("1965-01-05T13:00:00",) * 2,
            "Tokyo",
        ),
        # a weekday, the editors' query or correction of a day, a rough date: none is the
        # place, and the day or days stand
        ("Washington, Tuesday, January 5, 1965.", _day("1965-01-05"), "Washington"),
        ("Washington, January 5?, 1965.", _day("1965-01-05"), "Washington"),
        ("Washington, [January 5, 1965?]", _day("1965-01-05"), "Washington"),
        (
            "Washington, January 6 [5], 1965.",
            ("1965-01-05T00:00:00", "1965-01-06T23:59:59"),
            "Washington",
        ),
        (
            "Washington, week of January 5, 1965.",
            ("1965-01-05T00:00:00", "1965-01-11T23:59:59"),
            "Washington",
        ),
        (
            "Washington, late January 1965.",
            ("1965-01-01T00:00:00", "1965-01-31T23:59:59"),
            "Washington",
        ),
        ("Saigon, mid-1965.", ("1965-01-01T00:00:00", "1965-12-31T23:59:59"), "Saigon"),
        ("Paris, Spring 1919.", ("1919-01-01T00:00:00", "1919-12-31T23:59:59"), "Paris"),
        # a day no calendar has is a misprint; its month stands
        (
            "Washington, June 31, 1965.",
            ("1965-06-01T00:00:00", "1965-06-30T23:59:59"),
            "Washington",
        ),
        ("Tokyo, 30 February 1966.", ("1966-02-01T00:00:00", "1966-02-28T23:59:59"), "Tokyo"),
        ("Washington, n.d.", (None, None), "Washington"),
        ("[Washington, undated]", (None, None), "Washington"),
    ],
)
def test_datelines_as_later_and_rougher_documents_print_them(text, span, place):
    d = parse_dateline(text)
    assert ((d.min, d.max), d.place) == (span, place)
    assert reads_as_dateline(text), text  # and copied text takes it for a dateline


@settings(max_examples=300, deadline=None)
@given(
    place=st.sampled_from(["Washington", "Moscow, 1200Z", "[Tokyo", ""]),
    month=st.sampled_from([*calendar.month_name[1:], "Sept."]),
    day=st.integers(0, 99),
    year=st.integers(0, 9999).map(lambda y: f"{y:04d}"),
    rest=st.sampled_from(["", ", 25:61", ", 9999Z", "—noon", " [6]", "?", ", 0 p.m."]),
    day_first=st.booleans(),
)
def test_any_dateline_with_any_numbers_is_read_without_error(
    place, month, day, year, rest, day_first
):
    date = f"{day} {month} {year}" if day_first else f"{month} {day}, {year}"
    d = parse_dateline(f"{place}, {date}{rest}".lstrip(", "))
    assert d is not None
    if d.min is not None:  # any date it gives is one a calendar has
        assert dt.datetime.fromisoformat(d.min.rstrip("Z")) <= dt.datetime.fromisoformat(
            d.max.rstrip("Z")
        )


@pytest.mark.parametrize(
    "value,lo,hi",
    [
        ("1964", "1964-01-01T00:00:00", "1964-12-31T23:59:59"),
        ("1964-02", "1964-02-01T00:00:00", "1964-02-29T23:59:59"),
        ("1964-01-22", "1964-01-22T00:00:00", "1964-01-22T23:59:59"),
        ("1964-01/1964-03", "1964-01-01T00:00:00", "1964-03-31T23:59:59"),
        ("1964-03/1964-01", "1964-01-01T00:00:00", "1964-03-31T23:59:59"),
    ],
)
def test_widen(value, lo, hi):
    assert widen(value) == (lo, hi)


def test_document_5_is_dated_from_its_dateline(volume_docs):
    vol, docs = volume_docs
    doc = copy.deepcopy(docs[4])  # the fixture is shared by the whole session
    Enricher(vol)(doc)
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


@pytest.mark.parametrize(
    "text,found",
    [
        # nineteenth-century despatches date by the month they are written in
        (
            "I have received your despatch No. 45, of the 3d instant, and mine of the 28th "
            "ult. crossed it; he sails on the 5th proximo.",
            {"3d instant": "1870-03-03", "28th ult.": "1870-02-28", "5th proximo": "1870-04-05"},
        ),
        # ordinal days, and a day "of" a month
        (
            "on the 3d of March, 1870, and again on March 21st and on the 2d of May last",
            {
                "3d of March, 1870": "1870-03-03",
                "March 21st": "1870-03-21",
                "2d of May": "1870-05-02",
            },
        ),
        (
            "January 22nd, 1964, and 3rd March 1965",
            {"January 22nd, 1964": "1964-01-22", "3rd March 1965": "1965-03-03"},
        ),
        # a bare number "of" a month is not a day; a day the month does not have is no date
        ("paragraph 3 of March 5 telegram", {"March 5": "1870-03-05"}),
        ("see the 31st ultimo; the results of 3 instances", {}),
    ],
)
def test_older_ways_of_writing_a_date(text, found):
    import datetime as dt

    got = {text[o : o + n]: when for o, n, when in find_date_mentions(text, dt.date(1870, 3, 10))}
    assert got == found


def test_instant_and_ultimo_need_the_documents_own_date():
    assert find_date_mentions("your note of the 3d instant", None) == []


@pytest.mark.parametrize(
    "text,span",
    [
        (  # nothing in the document: the range between its dated neighbours
            "1. Telegram From A to B\n\nTokyo, January 10, 1964.\n\nText one.\n\n"
            "2. Editorial Note\n\nNothing dates this note.\n\n"
            "3. Telegram From B to A\n\nTokyo, January 20, 1964.\n\nText three.\n",
            ("1964-01-10", "1964-01-20"),
        ),
        (  # its source note names a day within that range: narrowed to it
            "1. Telegram From A to B\n\nTokyo, January 2, 1965.\n\nText one.\n\n"
            "2. Memorandum From A to B1\n\nNothing dates this memorandum.\n\n"
            "  1. Source: X. The memorandum is dated January 5, 1965, and was filed on "
            "March 3, 1966.\n\n"
            "3. Telegram From B to A\n\nTokyo, January 20, 1965.\n\nText three.\n",
            ("1965-01-05", "1965-01-05"),
        ),
    ],
)
def test_undated_document_gets_its_neighbours_range(empty_store, tmp_path, text, span):
    path = tmp_path / "v.txt"
    path.write_text(text, encoding="utf-8")
    ingest_paths(empty_store, [path])
    date = empty_store.records.document("v/d2").date
    assert (date.min[:10], date.max[:10], date.source) == (*span, "inferred")


_FRENCH = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]


def _printed(day: dt.date, style: str) -> str:
    """``day`` as a dateline of some period prints it."""
    month = calendar.month_name[day.month]
    if style == "modern":
        return f"{month} {day.day}, {day.year}"
    if style == "day first":
        return f"{day.day} {month} {day.year}"
    if style == "abbreviated":
        return f"{calendar.month_abbr[day.month]}. {day.day}, {day.year}"
    if style == "french":
        return f"le {'1er' if day.day == 1 else day.day} {_FRENCH[day.month - 1]} {day.year}"
    # the Old Style day first, as posts under the Julian calendar printed it
    old = day - dt.timedelta(days=12 if day.year < 1900 else 13)
    if style == "two calendars, slash":
        if old.month == day.month:
            return f"{month} {old.day}/{day.day}, {day.year}"
        return f"{calendar.month_name[old.month]} {old.day}/{month} {day.day}, {day.year}"
    return f"{calendar.month_name[old.month]} {old.day} ({month} {day.day}), {day.year}"


@settings(max_examples=300, deadline=None)
@given(
    day=st.dates(dt.date(1861, 1, 1), dt.date(1990, 12, 31)),
    place=st.sampled_from(
        ["Washington", "St. Petersburg", "Legation of the United States, Peking"]
    ),
    style=st.sampled_from(
        ["modern", "day first", "abbreviated", "french", "two calendars, slash", "two calendars"]
    ),
)
def test_any_day_as_any_period_prints_it_is_read_back(day, place, style):
    if style.startswith("two calendars") and day.year >= 1918:
        style = "modern"  # Russia changed calendars in 1918; nobody printed both after
    if style.startswith("two") and (day - dt.timedelta(days=13)).year != day.year:
        style = "modern"  # the Old Style day in the year before: printed with both years
    text = f"{place}, {_printed(day, style)}."
    parsed = parse_dateline(text)
    assert (parsed.min[:10], parsed.max[:10], parsed.place) == (
        day.isoformat(),
        day.isoformat(),
        place,
    ), text
    assert reads_as_dateline(text), text  # and copied text takes it for a dateline
