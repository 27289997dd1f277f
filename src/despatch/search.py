"""Search: a request (a query in the language of :mod:`despatch.query`, filters, sorting)
run against the store's index, with snippets, facet counts and the undated matches."""

from __future__ import annotations

import calendar
import csv
import datetime
import functools
import html
import io
import re
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, TypeVar

import tantivy

from .errors import QueryError
from .model import DIVISION_SUBTYPE
from .query import compile_query, highlight_query, parse_query
from .snippets import SNIPPET_CHARS, snippet
from .store import Store
from .store.index import SAMPLE_BUCKETS
from .suggest import suggest

__all__ = [
    "Hit",
    "SearchRequest",
    "SearchResult",
    "parse_date_range",
    "search",
]

MAX_OFFSET = 10_000  # how deep results can be paged (each page ranks all before it)
FACET_SAMPLE = 20_000  # above this many hits, facets are counted on a sample of them
# texts indexed beside the documents that are not documents: a volume's front and back
# matter, and its chapters' headnotes; none of them is an undated document
SECTION_SUBTYPES = ("front-matter", "back-matter", DIVISION_SUBTYPE)
_T = TypeVar("_T")
PARALLEL_FACETS = True  # count facets and undated matches on other threads, beside the hits


@functools.cache
def _executor() -> ThreadPoolExecutor:
    # one per process, shared by requests (the server answers several at once)
    return ThreadPoolExecutor(max_workers=4, thread_name_prefix="despatch-facets")


# -- requests and results ---------------------------------------------------------------------
def parse_date_range(text: str | None, *, end: bool = False) -> int | None:
    """``1964`` / ``1964-01`` / ``1964-01-22`` → the first (or, with ``end``, last) day."""
    if not text:
        return None
    m = re.fullmatch(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?", text.strip())
    if not m:
        raise QueryError(f"date {text!r} is not YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = int(m.group(1)), m.group(2), m.group(3)
    if month is None:
        return year * 10000 + (1231 if end else 101)
    mm = int(month)
    if not 1 <= mm <= 12:
        raise QueryError(f"date {text!r} has no month {mm}")
    if day is None:
        last = calendar.monthrange(year, mm)[1]
        return year * 10000 + mm * 100 + (last if end else 1)
    dd = int(day)
    try:
        datetime.date(year, mm, dd)
    except ValueError:
        raise QueryError(f"date {text!r} does not exist") from None
    return year * 10000 + mm * 100 + dd


@dataclass
class SearchRequest:
    q: str = ""
    volume: str | None = None
    subtype: str | None = None
    person: str | None = None
    sender: str | None = None  # who wrote it: a name, or "volume/person-id"
    recipient: str | None = None  # who it was sent to, likewise
    repository: str | None = None
    classification: str | None = None
    box: str | None = None  # "repository|collection|box", as the document page links it
    date_from: str | None = None
    date_to: str | None = None
    sort: str = "relevance"  # relevance | date | -date
    limit: int = 20
    offset: int = 0
    facets: bool = True
    snippets: bool = True

    def to_json(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass
class Hit:
    id: str
    volume: str
    number: str
    title: str
    date: str | None
    score: float
    snippet_html: str = ""
    # a document's subtype, or "front-matter" / "back-matter" for a section (a preface)
    subtype: str = ""

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "volume": self.volume,
            "number": self.number,
            "title": self.title,
            "date": self.date,
            "score": round(self.score, 4),
            "subtype": self.subtype,
            "snippet_html": self.snippet_html,
        }


@dataclass
class SearchResult:
    request: SearchRequest
    total: int
    hits: list[Hit]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    undated: int = 0
    undated_ids: list[str] = field(default_factory=list)
    facets_approximate: bool = False
    suggestion: str | None = None  # no hits: the query spelt as the texts spell its words

    @property
    def next_offset(self) -> int | None:
        """The ``offset`` of the next page of hits; None on the last page, or where paging
        stops (``MAX_OFFSET``: narrowing the search shows the rest)."""
        nxt = self.request.offset + self.request.limit
        return nxt if self.request.limit and nxt < self.total and nxt <= MAX_OFFSET else None

    @property
    def previous_offset(self) -> int | None:
        """The ``offset`` of the page of hits before this one; None on the first."""
        if self.request.offset <= 0:
            return None
        return max(0, self.request.offset - max(self.request.limit, 1))

    def to_json(self) -> dict[str, Any]:
        return {
            "request": self.request.to_json(),
            "total": self.total,
            "next_offset": self.next_offset,
            "previous_offset": self.previous_offset,
            "suggestion": self.suggestion,
            "hits": [h.to_json() for h in self.hits],
            "facets": {
                k: [{"value": v, "count": c} for v, c in vals] for k, vals in self.facets.items()
            },
            "facets_approximate": self.facets_approximate,
            "undated": {"count": self.undated, "ids": self.undated_ids},
        }

    def to_csv(self) -> str:
        """The hits as CSV, one row each, with a header: a list to keep or cite from."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(["id", "volume", "number", "date", "title", "score"])
        for h in self.hits:
            row = [h.id, h.volume, h.number, h.date or "", h.title]
            writer.writerow([*map(_cell, row), round(h.score, 4)])
        return out.getvalue()


def _cell(text: str) -> str:
    """Text a spreadsheet would run as a formula ("=HYPERLINK(…)", a title from a copied
    file) starts with an apostrophe, which spreadsheets show as text."""
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


_FACETS = {
    "volume": "volume",
    "year": "year",
    "subtype": "subtype",
    "person": "person",
    "repository": "repository",
    "classification": "classification",
}


def _term(schema: tantivy.Schema, name: str, value: str | int) -> tantivy.Query:
    return tantivy.Query.term_query(schema, name, value)


def search(store: Store, request: SearchRequest) -> SearchResult:
    """Run a search request against the store's index."""
    if request.limit < 0 or request.limit > 1000:
        raise QueryError("limit must be 0–1000")
    if not 0 <= request.offset <= MAX_OFFSET:
        raise QueryError(
            f"offset must be 0–{MAX_OFFSET:,}: narrow the search, or sort by date, to go further"
        )
    if request.sort not in ("relevance", "date", "-date"):
        raise QueryError(f"sort must be relevance, date or -date, not {request.sort!r}")
    index, schema = store.index.index, store.index.schema
    node = parse_query(request.q)
    text_query = compile_query(node, index, schema) if node else tantivy.Query.all_query()

    filters: list[tuple[tantivy.Occur, tantivy.Query]] = [(tantivy.Occur.Must, text_query)]
    for name, value in (
        ("volume", request.volume),
        ("subtype", request.subtype),
        ("repository", request.repository),
        ("classification", request.classification),
        ("box", request.box),
    ):
        if value:
            filters.append((tantivy.Occur.Must, _term(schema, name, value)))
    for name, value in (
        ("person", request.person),
        ("sender", request.sender),
        ("recipient", request.recipient),
    ):
        if value:  # a name as the person facet shows it, or "volume/person-id"
            field_name = f"{name}_id" if "/" in value else name
            filters.append((tantivy.Occur.Must, _term(schema, field_name, value)))
    lo = parse_date_range(request.date_from)
    hi = parse_date_range(request.date_to, end=True)
    if lo and hi and lo > hi:
        raise QueryError("the date range ends before it begins")
    base = tantivy.Query.boolean_query(filters)
    query = base
    if lo or hi:
        # Overlap: a document matches when its range touches the query's range.
        date_clauses = list(filters)
        if hi:
            date_clauses.append(
                (
                    tantivy.Occur.Must,
                    tantivy.Query.range_query(
                        schema, "date_min", tantivy.FieldType.Integer, None, hi
                    ),
                )
            )
        if lo:
            date_clauses.append(
                (
                    tantivy.Occur.Must,
                    tantivy.Query.range_query(
                        schema, "date_max", tantivy.FieldType.Integer, lo, None
                    ),
                )
            )
        query = tantivy.Query.boolean_query(date_clauses)

    searcher = store.index.searcher()
    undated_job: Future[tuple[int, list[str]]] | None = None
    if lo or hi:  # the matches that have no date, reported beside the dated ones
        undated_q = tantivy.Query.boolean_query(
            [
                *filters,
                (tantivy.Occur.Must, _term(schema, "dated", 0)),
                # a preface is not an undated document
                *((tantivy.Occur.MustNot, _term(schema, "subtype", t)) for t in SECTION_SUBTYPES),
            ]
        )
        undated_job = _submit(_undated, searcher, undated_q)

    kwargs: dict[str, Any] = {}
    if request.sort != "relevance":
        kwargs["order_by_field"] = "date_min"
        kwargs["order"] = tantivy.Order.Asc if request.sort == "date" else tantivy.Order.Desc
    # tantivy needs a limit of at least one; a count-only request drops the hit afterwards
    result = searcher.search(
        query, max(request.limit, 1), count=True, offset=request.offset, **kwargs
    )
    found = result.hits[: request.limit]
    # Facet counts run in tantivy without the GIL: on another core, while this thread reads
    # the hits' records and cuts their snippets. (Counting the person facet, which costs as
    # much as the other five, on a third thread was slower on two cores.)
    facet_job: Future[dict[str, list[tuple[str, int]]]] | None = None
    approximate = False
    if request.facets:
        facet_query, scale, approximate = _facet_query(schema, query, result.count or 0)
        facet_job = _submit(_count_facets, searcher, facet_query, scale)

    highlight = highlight_query(node) if request.snippets and node is not None else None
    stored = [searcher.doc(addr) for _, addr in found]
    bodies = store.records.body_texts([d["id"][0] for d in stored]) if request.snippets else {}
    hits = []
    for (score, _), doc in zip(found, stored, strict=True):
        hit = Hit(
            id=doc["id"][0],
            volume=doc["volume"][0],
            number=(doc.get_first("number") or ""),
            title=doc["title_text"][0].decode(),
            date=_iso(doc.get_first("date_min")),
            subtype=doc.get_first("subtype") or "",
            score=float(score) if isinstance(score, float) else 0.0,
        )
        body, notes = bodies.get(hit.id, ("", ""))
        if highlight is not None:
            hit.snippet_html = snippet(body, highlight, notes)
        if not hit.snippet_html and request.snippets:
            hit.snippet_html = html.escape(body[:SNIPPET_CHARS])
        hits.append(hit)

    facets = facet_job.result() if facet_job is not None else {}
    undated, undated_ids = undated_job.result() if undated_job is not None else (0, [])
    out = SearchResult(request, result.count or 0, hits, facets, undated, undated_ids, approximate)
    if not out.total and not undated and node is not None and len(filters) == 1 and not (lo or hi):
        out.suggestion = suggest(
            store, searcher, request.q, node
        )  # (filters that leave nothing: no typo)
    return out


def _facet_query(
    schema: tantivy.Schema, query: tantivy.Query, total: int
) -> tuple[tantivy.Query, float, bool]:
    """The query facets are counted on, the factor that scales its counts up, and whether
    they are approximate: above ``FACET_SAMPLE`` hits, counts come from the hits in a fixed
    share of id-hash buckets, so a query matching most of a large corpus costs what one
    matching 20,000 documents costs."""
    share = SAMPLE_BUCKETS
    if total > FACET_SAMPLE:
        share = max(1, -(-SAMPLE_BUCKETS * FACET_SAMPLE // total))
        # the buckets as a set of terms: a range query here made the conjunction walk the
        # bucket column for every hit of the query (3 ms more on 150,000 hits)
        bucket = tantivy.Query.term_set_query(schema, "bucket", list(range(share)))
        query = tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, query), (tantivy.Occur.Must, bucket)]
        )
    return query, SAMPLE_BUCKETS / share, share < SAMPLE_BUCKETS


def _count_facets(
    searcher: tantivy.Searcher, query: tantivy.Query, scale: float
) -> dict[str, list[tuple[str, int]]]:
    aggs = {name: {"terms": {"field": fld, "size": 12}} for name, fld in _FACETS.items()}
    raw = searcher.aggregate(query, aggs)
    facets: dict[str, list[tuple[str, int]]] = {}
    for name in _FACETS:
        buckets = raw.get(name, {}).get("buckets", [])
        facets[name] = [
            (
                str(int(b["key"])) if isinstance(b["key"], float) else str(b["key"]),
                round(b["doc_count"] * scale),
            )
            for b in buckets
        ]
    facets["year"].sort()
    return facets


def _undated(searcher: tantivy.Searcher, query: tantivy.Query) -> tuple[int, list[str]]:
    res = searcher.search(query, 10)
    return res.count or 0, [searcher.doc(addr)["id"][0] for _, addr in res.hits]


def _submit(fn: Callable[..., _T], *args: Any) -> Future[_T]:
    """``fn(*args)`` on the shared pool (tantivy's counting runs without the GIL), or here
    and now when ``PARALLEL_FACETS`` is off."""
    if PARALLEL_FACETS:
        return _executor().submit(fn, *args)
    future: Future[_T] = Future()
    future.set_result(fn(*args))
    return future


def _iso(key: int | None) -> str | None:
    if not key:
        return None
    return f"{key // 10000:04d}-{key // 100 % 100:02d}-{key % 100:02d}"
