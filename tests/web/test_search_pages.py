"""From a search to the documents: pages of hits that follow one another, and a hit that
opens its document with the search's words marked and a line of links to each place they
are (the JSON twins give the pages' offsets and the matches as standoff marks)."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient

from despatch.model import Block, Document, Mark, Note, PageBreak
from despatch.web.app import create_app
from despatch.web.render import block_html

from .test_app import ERROR_SHAPE, V, _reading_room

MOU = "Memorandum of Understanding"


@pytest.fixture()
def client(sample_store):
    return TestClient(create_app(sample_store))


def test_the_json_twin_says_where_the_words_are(client):
    data = client.get(f"/api/documents/{V}/d5", params={"q": MOU}).json()
    assert data["query"] == MOU
    found = [(m.get("block"), m.get("note"), m["text"]) for m in data["matches"]]
    # "of" alone is marked only beside the query's other words (the title's two are not)
    assert found == [
        (4, None, "Memorandum"),
        (4, None, "of"),
        (4, None, "Understanding"),
        (4, None, "Memorandum"),
        (None, 3, "Memorandum"),
        (None, 3, "of"),
        (None, 3, "Understanding"),
    ]
    for m in data["matches"]:
        text = (
            data["blocks"][m["block"]]["text"] if "block" in m else data["notes"][m["note"]]["text"]
        )
        assert m["type"] == "match" and text[m["offset"] : m["offset"] + m["length"]] == m["text"]
    plain = client.get(f"/api/documents/{V}/d5").json()
    assert "matches" not in plain and "query" not in plain
    assert {k: v for k, v in data.items() if k not in ("query", "matches")} == plain


def test_the_page_marks_them_and_links_to_each_place(client):
    html = client.get(f"/documents/{V}/d5", params={"q": MOU}).text
    bar = re.search(r'<p class="matches".*?</p>', html, re.S).group(0)
    # a phrase is one place: three places, two in the text and one in the notes
    assert "found in 3 places here" in bar
    assert re.findall(r'href="#(hit\d+)">(\d+)<', bar) == [
        ("hit1", "1"),
        ("hit4", "2"),
        ("hit5", "3"),
    ]
    assert "in the notes" in bar and f'href="/documents/{V}/d5">clear</a>' in bar
    assert (
        '<mark class="hit" id="hit1">Memorandum</mark> <mark class="hit" id="hit2">of</mark> '
        '<mark class="hit" id="hit3">Understanding</mark>' in html
    )
    # the ones in the notes are marked in the notes' list
    notes = html[html.index('<section class="notes">') :]
    assert '<mark class="hit" id="hit5">Memorandum</mark>' in notes


@pytest.mark.parametrize(
    "q", ["Okinawa", "negotiat*", '"Prime Minister"', "Sato AND Johnson", "reversion -Okinawa"]
)
def test_every_match_is_marked_once_on_the_page(client, sample_docs, q):
    for doc in sample_docs[1][:20]:
        local = doc.id.partition("/")[2]
        data = client.get(f"/api/documents/{V}/{local}", params={"q": q}).json()
        html = client.get(f"/documents/{V}/{local}", params={"q": q}).text
        ids = re.findall(r'id="hit(\d+)"', html)
        assert ids == [str(k) for k in range(1, len(data["matches"]) + 1)], (doc.id, q)


def test_a_query_that_excludes_a_word_does_not_mark_it(client):
    data = client.get(f"/api/documents/{V}/d5", params={"q": "Japan -Tokyo"}).json()
    assert {m["text"].lower() for m in data["matches"]} == {"japan"}  # "US–JAPAN" too


def test_a_document_page_finds_words_in_itself(client):
    html = client.get(f"/documents/{V}/d5").text
    form = re.search(r'<form class="find" action="([^"]+)" method="get"[^>]*>(.*?)</form>', html)
    assert form.group(1) == f"/documents/{V}/d5" and 'name="q" value=""' in form.group(2)
    # what it sends is a document opened with its words marked; the box keeps them
    found = client.get(form.group(1), params={"q": "vigorous"}).text
    assert '<mark class="hit" id="hit1">vigorous</mark>' in found
    assert 'class="find"' in found and 'name="q" value="vigorous"' in found


def test_a_page_with_none_of_the_words_says_so(client):
    html = client.get(f"/documents/{V}/d5", params={"q": "Okinawa"}).text
    assert "No word of “Okinawa” is in this text" in html and 'class="hit"' not in html
    assert client.get(f"/api/documents/{V}/d5", params={"q": "Okinawa"}).json()["matches"] == []


def test_search_hits_open_with_the_words_marked(client):
    page = client.get("/search", params={"q": MOU}).text
    assert f'href="/documents/{V}/d5?q=Memorandum%20of%20Understanding"' in page
    unsearched = client.get("/search", params={"type": "historical-document"}).text
    assert f'href="/documents/{V}/d5"' in unsearched and "?q=" not in unsearched


def test_the_query_is_escaped_and_a_malformed_one_is_the_one_error(client):
    html = client.get(f"/documents/{V}/d5", params={"q": "<b>Japan</b>"}).text
    assert "<b>Japan</b>" not in html and "“&lt;b&gt;Japan&lt;/b&gt;”" in html
    # the search box keeps the query, to refine it
    assert 'name="q" value="&lt;b&gt;Japan&lt;/b&gt;"' in html
    for url, q in [
        (f"/api/documents/{V}/d5", '"open'),
        (f"/api/volumes/{V}/sections/preface", '"open'),
        (f"/api/documents/{V}/d5", "a*"),  # what search refuses is not marked either
    ]:
        r = client.get(url, params={"q": q})
        assert r.status_code == 400 and set(r.json()) == set(ERROR_SHAPE)
        assert r.json()["error"]["kind"] == "query"
        page = client.get(url.replace("/api", "", 1), params={"q": q})
        assert page.status_code == 400 and "text/html" in page.headers["content-type"]


@pytest.mark.parametrize("q", ["", "   ", "*", "-", "AND", "()", "x*", "'", "\x00", "é" * 300])
def test_odd_queries_never_answer_500(client, q):
    for url in (f"/documents/{V}/d5", f"/api/documents/{V}/d5"):
        assert client.get(url, params={"q": q}).status_code < 500


def test_a_word_split_by_a_page_break_is_marked_whole(empty_store, tmp_path):
    client = _reading_room(
        empty_store,
        tmp_path / "copy.txt",
        "1. Letter1\n\nYou are wel [Page 220] come to the talks.\n\n  1. Source: Files.\n",
    )
    html = client.get("/documents/copy/d1", params={"q": "welcome"}).text
    assert (
        '<mark class="hit" id="hit1">wel<span class="pb" id="page220">[Page 220]</span>'
        "come</mark>" in html
    )


def test_a_match_crossing_a_tagged_name_keeps_the_name_and_its_anchor():
    # a name tagged to mid-word ("Secretary Mc|Namara"), which the match "McNamara" crosses:
    # the name's link is kept whole, the match keeps an anchor for the link to it, unmarked
    doc = Document(
        "v/d1",
        "v",
        "1",
        "historical-document",
        "Letter",
        [Block("head", "Letter"), Block("p", "Secretary McNamara wrote.")],
        [Note("1", "source", "Source: Files.", 0, 6)],
        [PageBreak("3", 0, 0)],
        marks=[Mark("person", 0, 12, block=1, ref="p_M")],
    )
    hits = [(1, Mark("match", 10, 8, block=1)), (2, Mark("match", 19, 5, block=1))]
    html = str(block_html(doc, 1, {}, hits=hits))
    assert html == (
        '<a class="person" href="/volumes/v/persons/p_M">Secretary <span id="hit1"></span>Mc</a>'
        'Namara <mark class="hit" id="hit2">wrote</mark>.'
    )


def test_search_pages_follow_one_another(client):
    """The page of hits says which they are and links to the next and previous pages; the
    JSON twin gives their offsets."""
    params = {"q": "Japan", "type": "historical-document", "limit": 7}
    total = client.get("/api/search", params=params).json()["total"]
    assert total > 14 and total % 7  # three pages at least, the last not full
    seen, offset = [], 0
    while offset is not None:
        data = client.get("/api/search", params={**params, "offset": offset}).json()
        html = client.get("/search", params={**params, "offset": offset}).text
        nav = re.search(r'<nav class="pages">(.*?)</nav>', html).group(1)
        assert f"{offset + 1}–{offset + len(data['hits'])} of {total}" in nav
        assert ('rel="prev"' in nav) == (offset > 0) == (data["previous_offset"] is not None)
        if data["next_offset"] is not None:
            # the link keeps the query and filters and moves the offset on
            assert (
                f'href="/search?q=Japan&amp;type=historical-document&amp;limit=7'
                f'&amp;offset={offset + 7}">next' in nav
            )
        seen += [h["id"] for h in data["hits"]]
        offset = data["next_offset"]
    assert len(seen) == len(set(seen)) == total  # every hit once, none skipped


def test_paging_stops_where_search_does():
    from despatch.search import MAX_OFFSET, SearchRequest, SearchResult

    def result(offset: int, total: int, limit: int = 20) -> SearchResult:
        return SearchResult(SearchRequest(q="x", offset=offset, limit=limit), total, [])

    assert result(0, 20).next_offset is None and result(0, 21).next_offset == 20
    assert result(MAX_OFFSET - 20, 50_000).next_offset == MAX_OFFSET
    assert result(MAX_OFFSET, 50_000).next_offset is None  # narrow the search instead
    assert result(0, 50, limit=0).next_offset is None  # a count-only request
    assert result(5, 50).previous_offset == 0 and result(40, 50).previous_offset == 20


def test_a_page_past_the_last_hit_leads_back_to_the_first(client):
    html = client.get("/search", params={"q": "Japan", "offset": 500}).text
    nav = re.search(r'<nav class="pages">(.*?)</nav>', html).group(1)
    assert "past the last of the" in nav and 'href="/search?q=Japan&amp;offset=0"' in nav
