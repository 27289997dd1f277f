"""The reading room through the ASGI test client: pages, JSON twins, errors, escaping."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from despatch.ingest import ingest_paths
from despatch.readers.tei import read_tei_volume
from despatch.search import SearchRequest, search
from despatch.store import Store
from despatch.web.app import create_app

from ..enrich.test_correspondence import _year_end_volumes
from ..readers.test_tei_structure import _body as structure_body
from ..readers.test_tei_structure import _numbered as numbered

V = "frus1964-68v29p2"


@pytest.fixture()
def client(sample_store):
    return TestClient(create_app(sample_store))


def _reading_room(store, path, text):
    """A client of ``store`` once the file ``path`` holding ``text`` is ingested into it."""
    path.write_text(text, encoding="utf-8")
    ingest_paths(store, [path])
    return TestClient(create_app(store))


@pytest.mark.parametrize(
    "html,api",
    [
        ("/", "/api/volumes"),
        (f"/volumes/{V}", f"/api/volumes/{V}"),
        (f"/documents/{V}/d5", f"/api/documents/{V}/d5"),
        ("/search?q=Okinawa", "/api/search?q=Okinawa"),
        (f"/volumes/{V}/persons/p_RD3", f"/api/volumes/{V}/persons/p_RD3"),
        (f"/volumes/{V}/terms/t_NSC1", f"/api/volumes/{V}/terms/t_NSC1"),
        (f"/volumes/{V}/sections/preface", f"/api/volumes/{V}/sections/preface"),
    ],
)
def test_every_page_has_a_json_twin(client, html, api):
    page, twin = client.get(html), client.get(api)
    assert page.status_code == twin.status_code == 200
    assert page.headers["content-type"].startswith("text/html")
    assert twin.headers["content-type"].startswith("application/json")


def test_document_page(client):
    data = client.get(f"/api/documents/{V}/d5").json()
    assert data["title"].startswith("Letter From Secretary of Defense McNamara")
    assert len(data["notes"]) == 4 and data["pages"][0]["n"] == "3"
    assert data["navigation"] == {"previous": f"{V}/d4", "next": f"{V}/d6"}
    assert data["citation"] == (
        "Foreign Relations of the United States, 1964–1968, Volume XXIX, Part 2, Japan, "
        "ed. Karen L. Gatz and Edward C. Keefer (Washington: United States Government "
        "Printing Office, 2006), Document 5, p. 3, “Letter From Secretary of Defense McNamara "
        "to Secretary of State Rusk”."
    )
    html = client.get(f"/documents/{V}/d5").text
    assert '<span class="pb" id="page3">[Page 3]</span>' in html
    assert 'href="#fn1"' in html and 'data-note="See Foreign Relations' in html
    assert f'href="/volumes/{V}/persons/p_MNRS1"' in html  # names link to the glossary
    assert f'<a class="xref" href="/documents/{V}/d7">Document 7</a>' in html
    assert 'rel="next"' in html and "Washington, January 22, 1964." in html


def test_volume_table_of_contents(client):
    data = client.get(f"/api/volumes/{V}").json()
    assert data["toc"][0]["title"] == "Japan"
    docs = data["toc"][0]["documents"]
    assert len(docs) == 40 and docs[4]["id"] == f"{V}/d5"
    assert docs[4]["date_min"].startswith("1964-01-22")
    assert "5. Letter From Secretary of Defense McNamara" in client.get(f"/volumes/{V}").text


def test_search_page_shows_facets_and_highlights(client):
    data = client.get("/api/search", params={"q": "Memorandum of Understanding"}).json()
    assert data["hits"][0]["id"] == f"{V}/d5"
    html = client.get("/search", params={"q": "Okinawa"}).text
    assert "<mark>Okinawa</mark>" in html and "person" in html
    # volumes by a name a reader knows, the id kept for the link and its title
    assert f'title="{V}">1964–1968, Volume XXIX, Part 2, Japan</a>' in html
    assert f'<span class="vol" title="{V}">1964–1968, Volume XXIX, Part 2, Japan</span>' in html


def test_a_search_with_no_hits_offers_the_words_as_printed(client):
    data = client.get("/api/search", params={"q": "Reischaur -Sato"}).json()
    assert data["total"] == 0 and data["suggestion"] == "Reischauer -Sato"
    html = client.get("/search", params={"q": "Reischaur -Sato"}).text
    assert (
        '<p class="suggestion">Did you mean <a href="/search?q=Reischauer%20-Sato">'
        "Reischauer -Sato</a>?</p>"
    ) in html
    html = client.get("/search", params={"q": "Okinowa <b>"}).text  # the user's text escaped
    assert ">Okinawa &lt;b&gt;</a>?</p>" in html and "<b>" not in html


def test_search_years_as_bars_each_narrowing_to_its_year(client):
    from html import unescape
    from urllib.parse import parse_qs, urlsplit

    from lxml import html as lxml_html

    facets = client.get("/api/search", params={"q": "Japan"}).json()["facets"]["year"]
    assert len(facets) > 1
    page = lxml_html.fromstring(client.get("/search", params={"q": "Japan"}).text)
    bars = page.xpath("//figure[@class='bars']//li")
    first, last = int(facets[0]["value"]), int(facets[-1]["value"])
    assert len(bars) == last - first + 1  # years without a match are there, empty
    for facet in facets:  # the bar and the facet link of a year narrow to that year alone
        bar = bars[int(facet["value"]) - first]
        assert bar.get("title").startswith(f"{facet['value']}: {facet['count']} document")
        links = bar.xpath("a") + page.xpath(f"//aside//a[text()='{facet['value']}']")
        assert len(links) == 2
        for link in links:
            query = parse_qs(urlsplit(unescape(link.get("href"))).query)
            assert query["date_from"] == query["date_to"] == [facet["value"]]
            narrowed = client.get("/api/search", params={**query, "limit": 50}).json()
            assert narrowed["total"] == facet["count"]
            assert all(h["date"].startswith(facet["value"]) for h in narrowed["hits"])


def test_volume_months_as_bars_each_listing_its_documents(client):
    from urllib.parse import parse_qs, urlsplit

    from lxml import html as lxml_html

    bins = client.get(f"/api/volumes/{V}").json()["timeline"]["bins"]
    page = lxml_html.fromstring(client.get(f"/volumes/{V}").text)
    bars = page.xpath("//figure[@class='bars']//li")
    assert len(bars) == len(bins) > 1
    assert page.xpath("//figure[@class='bars']//li[1]/span[@class='tick']/text()") == [
        bins[0]["key"][:4]
    ]
    for b, bar in zip(bins, bars, strict=True):
        links = bar.xpath("a")
        assert len(links) == (1 if b["count"] else 0)
        if links:
            query = parse_qs(urlsplit(links[0].get("href")).query)
            assert query["volume"] == [V] and query["date_from"] == query["date_to"] == [b["key"]]
            listed = client.get("/api/search", params={**query, "limit": 100}).json()
            # documents dated in the month; an undated one inferred across it may join them
            assert listed["total"] >= b["count"]
            assert sum(h["date"].startswith(b["key"]) for h in listed["hits"]) == b["count"]


def test_a_person_page_shows_when_they_are_named_each_bar_listing_the_documents(client):
    from urllib.parse import parse_qs, urlsplit

    from lxml import html as lxml_html

    data = client.get(f"/api/volumes/{V}/persons/p_RD3").json()
    bins = data["timeline"]["bins"]
    dated = [d for d in data["documents"] if d["date_min"]]
    assert sum(b["count"] for b in bins) == len(dated) > 1
    page = lxml_html.fromstring(client.get(f"/volumes/{V}/persons/p_RD3").text)
    links = page.xpath("//figure[@class='bars']//a/@href")
    assert len(links) == sum(1 for b in bins if b["count"])
    query = parse_qs(urlsplit(links[0]).query)
    assert query["person"] == ["Dean Rusk"]
    listed = client.get("/api/search", params={**query, "limit": 100}).json()
    first = next(b for b in bins if b["count"])
    assert sum(h["date"].startswith(first["key"]) for h in listed["hits"]) == first["count"]
    term = client.get(f"/volumes/{V}/terms/t_NSC1").text
    assert "Used in 1 document</h2>" in term  # one bar is no picture: none is drawn
    assert "<figure" not in term


ERROR_SHAPE = {"ok": False, "error": {"kind": str, "status": int, "message": str}}


@pytest.mark.parametrize(
    "url,status,kind",
    [
        ("/api/search?q=%22open", 400, "query"),
        ("/api/search?date_from=1964-13", 400, "query"),
        ("/api/search?limit=-3", 400, "query"),
        ("/api/search?offset=99999999999999999999", 400, "query"),  # was an overflow, a 500
        ("/api/search?offset=10001", 400, "query"),
        ("/api/documents/nope/d1", 404, "not-found"),
        (f"/api/volumes/{V}/persons/p_nobody", 404, "not-found"),
        ("/api/no/such/route", 404, "not-found"),
    ],
)
def test_one_error_shape(client, url, status, kind):
    r = client.get(url)
    assert r.status_code == status
    body = r.json()
    assert set(body) == set(ERROR_SHAPE) and body["ok"] is False
    assert set(body["error"]) == set(ERROR_SHAPE["error"])
    assert body["error"]["kind"] == kind and body["error"]["status"] == status
    html = client.get(url.replace("/api", "", 1))
    assert html.status_code == status and "text/html" in html.headers["content-type"]


def test_user_text_is_escaped(client):
    r = client.get("/search", params={"q": '<script>alert(1)</script> "x'})
    assert r.status_code == 400 and "<script>alert" not in r.text
    r = client.get("/search", params={"q": "<b>japan</b>"})
    assert "<b>japan</b>" not in r.text and "&lt;b&gt;japan&lt;/b&gt;" in r.text


def test_hostile_document_text_is_escaped(empty_store, tmp_path):
    client = _reading_room(
        empty_store,
        tmp_path / "evil.txt",
        '1. Letter <img src=x onerror=alert(1)>1\n\nBody "<script>x</script>".2\n\n'
        "  1. Source: <b>bold</b>.\n  2. Note.\n",
    )
    html = client.get("/documents/evil/d1").text
    assert "<script>x" not in html and "<img src=x" not in html and "<b>bold" not in html
    assert "&lt;script&gt;" in html


def test_unnumbered_documents_are_listed_by_title_alone(empty_store, tmp_path):
    client = _reading_room(
        empty_store,
        tmp_path / "v.xml",
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="v"><teiHeader/><text><body>'
        '<div type="document" xml:id="d1" n="1"><head>First Telegram</head><p>Tokyo.</p></div>'
        '<div type="document" xml:id="d1a"><head>Editorial Note</head><p>Tokyo too.</p></div>'
        "</body></text></TEI>",
    )
    pages = [client.get(url).text for url in ("/volumes/v", "/search?q=Tokyo")]
    pages.append(client.get("/documents/v/d1a").text)
    for html in pages:
        assert "None" not in html and "Editorial Note" in html
    assert "1. First Telegram" in pages[0]
    assert client.get("/api/documents/v/d1a").json()["number"] is None


def test_notes_on_division_headings_are_shown_and_linked(empty_store, tmp_path):
    client = _reading_room(
        empty_store,
        tmp_path / "v.xml",
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="vch"><teiHeader/><text><body>'
        '<div type="chapter" xml:id="ch1"><head>Laos &lt;i&gt;<note n="1">See <ref '
        'target="#d2">Document 2</ref> &amp; <ref target="frus1961-63v24#d1">vol. XXIV</ref>.'
        '</note></head><div type="document" n="1" xml:id="d1"><head>One</head><p>A.</p></div>'
        '<div type="document" n="2" xml:id="d2"><head>Two</head><p>B.</p></div>'
        "</div></body></text></TEI>",
    )
    data = client.get("/api/volumes/vch").json()
    (chapter,) = data["toc"]
    assert chapter["title"] == "Laos <i>"
    assert chapter["notes"] == [
        {"n": "1", "type": None, "text": "See Document 2 & vol. XXIV.", "block": 0, "offset": 8}
    ]
    assert data["known_titles"] == {"vch/d2": "Two"}
    html = client.get("/volumes/vch").text
    assert "Laos &lt;i&gt;" in html and "<i>" not in html
    assert 'href="#ch1-fn0"' in html and 'id="ch1-fn0"' in html
    assert '<a class="xref" href="/documents/vch/d2">Document 2</a>' in html
    # not in this store: read at the Office of the Historian's reading room
    assert 'href="https://history.state.gov/historicaldocuments/frus1961-63v24/d1"' in html


def test_a_chapter_s_headnote_is_found_by_search(empty_store, tmp_path):
    """ "For previous documentation, see …" belongs to no document: search finds the
    chapter's heading, shows the note, and opens the volume at the chapter."""
    client = _reading_room(
        empty_store,
        tmp_path / "v.xml",
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="vch"><teiHeader/><text><body>'
        '<div type="chapter" xml:id="ch1"><head>Laos<note n="1">For previous documentation on '
        "the neutralization of Laos, see Foreign Relations, 1961–1963, vol. XXIV.</note></head>"
        '<div type="document" n="1" xml:id="d1" frus:doc-dateTime-min="1964-01-01T00:00:00" '
        'frus:doc-dateTime-max="1964-01-01T23:59:59" '
        'xmlns:frus="http://history.state.gov/frus/ns/1.0"><head>One</head><p>Laos.</p></div>'
        '<div type="chapter" xml:id="ch2"><head>Cambodia</head>'
        '<div type="document" n="2" xml:id="d2"><head>Two</head><p>Laos.</p></div></div>'
        "</div></body></text></TEI>",
    )
    result = client.get("/api/search", params={"q": "neutralization"}).json()
    (hit,) = result["hits"]
    assert (hit["id"], hit["subtype"], hit["title"]) == ("vch/ch1", "division", "Laos")
    assert hit["snippet_html"].startswith('<span class="in-note">Note:</span> ')
    assert "<mark>neutralization</mark>" in hit["snippet_html"]
    page = client.get("/search", params={"q": "neutralization"}).text
    assert '<a href="/volumes/vch#ch1">Laos</a> <span class="date">chapter heading</span>' in page
    assert 'id="ch1"' in client.get("/volumes/vch").text
    # a heading without notes is not a hit of its own, and headings are not undated documents
    assert [h["id"] for h in client.get("/api/search?q=Cambodia").json()["hits"]] == []
    assert "vch/ch1" in [h["id"] for h in client.get("/api/search?q=Laos").json()["hits"]]
    dated = client.get("/api/search", params={"q": "Laos", "date_from": "1964"}).json()
    assert "vch/ch1" not in [h["id"] for h in dated["hits"]] and dated["undated"]["count"] == 0
    # `despatch show` prints it, as search found it
    heading = empty_store.find("vch/ch1")
    assert (heading.title, heading.subtype, len(heading.notes)) == ("Laos", "division", 1)
    # the index, rebuilt from the records, finds it again
    empty_store.rebuild_index()
    assert [h.id for h in search(empty_store, SearchRequest(q="neutralization")).hits] == [
        "vch/ch1"
    ]


def test_references_to_notes_and_pages_open_at_them(client):
    data = client.get(f"/api/documents/{V}/d17").json()
    assert data["targets"][f"{V}/d14#fn3"] == f"{V}/d14"
    html = client.get(f"/documents/{V}/d17").text
    link = f'<a class="xref" href="/documents/{V}/d14#note3">footnote 3, Document 14</a>'
    assert link in html
    assert 'id="note3"' in client.get(f"/documents/{V}/d14").text
    # a document's reference to its own note
    html = client.get(f"/documents/{V}/d5").text
    assert f'<a class="xref" href="/documents/{V}/d5#note2">footnote 2</a>' in html


def test_references_to_pages_and_volumes(empty_store, tmp_path):
    client = _reading_room(
        empty_store,
        tmp_path / "v.xml",
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="vpg"><teiHeader/><text><body>'
        '<div type="document" n="1" xml:id="d1"><head>One</head><p>See <ref target="#pg_5">'
        'page 5</ref>, <ref target="#pg_77">page 77</ref> and <ref target="vpg">this '
        'volume</ref>.</p></div><div type="document" n="2" xml:id="d2"><head>Two</head>'
        '<p>Begun on four, <pb n="5"/>ends on five.</p></div></body></text></TEI>',
    )
    assert client.get("/api/documents/vpg/d1").json()["targets"] == {
        "vpg": "vpg",
        "vpg/pg_5": "vpg/d2",
    }
    html = client.get("/documents/vpg/d1").text
    assert '<a class="xref" href="/documents/vpg/d2#page5">page 5</a>' in html
    assert '<a class="xref" href="/volumes/vpg">this volume</a>' in html
    assert '<span class="xref external" title="vpg/pg_77">page 77</span>' in html
    assert 'id="page5"' in client.get("/documents/vpg/d2").text


def test_references_outside_the_store_link_to_where_they_can_be_read(empty_store, tmp_path):
    """Another FRUS volume's document, page or the volume itself opens at history.state.gov;
    a web address the editors wrote opens as written; any other target not in the store
    (and an address of another scheme) is no link."""
    client = _reading_room(
        empty_store,
        tmp_path / "v.xml",
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frus1977-80v99"><teiHeader/><text>'
        '<body><div type="document" n="1" xml:id="d1"><head>One</head><p>'
        '<ref target="frus1969-76v01#d12">Document 12</ref>, <ref target="frus1969-76v01#pg_5">'
        'page 5</ref>, <ref target="frus1918Supp01v01">that volume</ref>, <ref '
        'target="https://example.org/a?b=1&amp;c=2">a site</ref>, <ref target="#d7">'
        'Document 7</ref>, <ref target="javascript:alert(1)">a trap</ref>.</p></div>'
        "</body></text></TEI>",
    )
    data = client.get("/api/documents/frus1977-80v99/d1").json()
    room = "https://history.state.gov/historicaldocuments/"
    assert data["outside"] == {
        "frus1918Supp01v01": room + "frus1918Supp01v01",
        "frus1969-76v01/d12": room + "frus1969-76v01/d12",
        "frus1969-76v01/pg_5": room + "frus1969-76v01/pg_5",
        "frus1977-80v99/d7": room + "frus1977-80v99/d7",
        "https://example.org/a?b=1&c=2": "https://example.org/a?b=1&c=2",
    }
    html = client.get("/documents/frus1977-80v99/d1").text
    out = 'class="xref external" href="{}" rel="external noopener"'
    assert f"<a {out.format(room + 'frus1969-76v01/d12')}>Document 12</a>" in html
    assert f"<a {out.format('https://example.org/a?b=1&amp;c=2')}>a site</a>" in html
    assert '<span class="xref external" title="javascript:alert(1)">a trap</span>' in html
    assert 'href="javascript' not in html


@pytest.mark.parametrize(
    "fmt,media,suffix",
    [
        ("tei", "application/tei+xml", "xml"),
        ("md", "text/markdown", "md"),
        ("text", "text/plain", "txt"),
        ("json", "application/json", "json"),
    ],
)
def test_a_document_downloads_in_every_format(client, sample_store, tmp_path, fmt, media, suffix):
    r = client.get(f"/api/documents/{V}/d5/export", params={"format": fmt})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    disposition = f'attachment; filename="{V}-d5.{suffix}"'
    assert r.headers["content-disposition"] == disposition
    stored = sample_store.records.document(f"{V}/d5")
    if fmt == "tei":  # read back, it is the stored document
        path = tmp_path / "d5.xml"
        path.write_bytes(r.content)
        _, (back,) = read_tei_volume(path)
        assert [(b.type, b.text) for b in back.blocks] == [(b.type, b.text) for b in stored.blocks]
        assert [n.to_json() for n in back.notes] == [n.to_json() for n in stored.notes]
    elif fmt == "json":
        assert r.json()["title"] == stored.title and r.json()["notes"] == [
            n.to_json() for n in stored.notes
        ]
    else:
        assert "Letter From Secretary of Defense McNamara to Secretary of State Rusk" in r.text
        assert "[Page 3]" in r.text or fmt == "md"
    page = client.get(f"/documents/{V}/d5").text
    assert f'href="/api/documents/{V}/d5/export?format={fmt}"' in page


def test_front_matter_is_read_from_the_volume_page(client):
    data = client.get(f"/api/volumes/{V}").json()
    titles = [(s["id"], s["title"]) for s in data["sections"]]
    assert titles == [
        (f"{V}/preface", "Preface"),
        (f"{V}/subseriesvols", "Johnson Administration Volumes"),
        (f"{V}/sources", "Sources"),
        (f"{V}/actionsstatement", "Note on U.S. Covert Actions"),
    ]
    assert (
        f'<a href="/volumes/{V}/sections/sources">Sources</a>' in client.get(f"/volumes/{V}").text
    )
    covert = client.get(f"/api/volumes/{V}/sections/actionsstatement").json()
    assert covert["subtype"] == "front-matter" and len(covert["notes"]) == 12
    assert covert["citation"] == (
        "Foreign Relations of the United States, 1964–1968, Volume XXIX, Part 2, Japan, "
        "ed. Karen L. Gatz and Edward C. Keefer (Washington: United States Government "
        "Printing Office, 2006), “Note on U.S. Covert Actions”, pp. XXX–XXXV."
    )
    html = client.get(f"/volumes/{V}/sections/actionsstatement").text
    assert "[Page XXXI]</span>Note on U.S. Covert Actions</h1>" in html
    assert 'href="#fn11"' in html and 'id="note12"' in html
    assert '<span class="pb" id="pageXXXI">[Page XXXI]</span>' in html
    page = client.get("/search", params={"q": '"lot files"'}).text
    # the hit opens the section with the search's words marked
    assert f'<a href="/volumes/{V}/sections/sources?q=%22lot%20files%22">Sources</a>' in page
    marked = client.get(f"/volumes/{V}/sections/sources", params={"q": '"lot files"'}).text
    assert '<mark class="hit" id="hit1">' in marked and 'href="#hit1"' in marked
    r = client.get(f"/api/volumes/{V}/sections/nothing")
    assert r.status_code == 404 and r.json()["error"]["kind"] == "not-found"


def test_search_hits_download_as_csv(client):
    import csv
    import io

    params = {"q": "Okinawa", "sort": "date", "limit": 1000}
    hits = client.get("/api/search", params=params).json()["hits"]
    r = client.get("/api/search.csv", params=params)
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[0] == ["id", "volume", "number", "date", "title", "score"]
    assert [(row[0], row[4]) for row in rows[1:]] == [(h["id"], h["title"]) for h in hits]
    assert len(rows) > 10
    page = client.get("/search", params={"q": "Okinawa", "sort": "date"}).text
    assert 'href="/api/search.csv?q=Okinawa&amp;sort=date&amp;limit=1000"' in page


def test_a_title_a_spreadsheet_would_run_is_text_in_the_csv(empty_store, tmp_path):
    import csv
    import io

    client = _reading_room(
        empty_store,
        tmp_path / "evil.txt",
        '1. =HYPERLINK("http://example.com","Okinawa")\n\nText about Okinawa.\n',
    )
    rows = list(csv.reader(io.StringIO(client.get("/api/search.csv?q=Okinawa").text)))
    assert rows[1][4] == '\'=HYPERLINK("http://example.com","Okinawa")'
    assert client.get("/api/search?q=Okinawa").json()["hits"][0]["title"].startswith("=HYPER")


def test_a_volume_downloads_whole(client, tmp_path):
    r = client.get(f"/api/volumes/{V}/export")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/tei+xml")
    assert r.headers["content-disposition"] == f'attachment; filename="{V}.xml"'
    path = tmp_path / "v.xml"
    path.write_bytes(r.content)
    vol, docs = read_tei_volume(path)
    assert (vol.id, len(docs), len(vol.sections)) == (V, 40, 4)
    r = client.get(f"/api/volumes/{V}/export", params={"format": "jsonl"})
    assert r.headers["content-type"].startswith("application/x-ndjson")
    assert len(r.text.splitlines()) == 40
    assert f'href="/api/volumes/{V}/export?format=tei"' in client.get(f"/volumes/{V}").text
    r = client.get(f"/api/volumes/{V}/export", params={"format": "pdf"})
    assert r.status_code == 400 and r.json()["error"]["kind"] == "query"
    assert client.get("/api/volumes/nope/export").status_code == 404


def test_export_errors_have_the_one_error_shape(client):
    r = client.get(f"/api/documents/{V}/d5/export", params={"format": "pdf"})
    assert r.status_code == 400 and r.json()["error"]["kind"] == "query"
    r = client.get(f"/api/documents/{V}/d5/export", params={"format": "text", "style": "x"})
    assert r.status_code == 400
    r = client.get(f"/api/documents/{V}/d999/export")
    assert r.status_code == 404 and r.json()["error"]["kind"] == "not-found"


def test_openapi_documents_the_api(client):
    spec = client.get("/openapi.json").json()
    assert "/api/search" in spec["paths"] and "/api/documents/{volume}/{local}" in spec["paths"]
    # what the API answers: 400 and 404 in the one error shape, never FastAPI's 422
    error = {"$ref": "#/components/schemas/ErrorResponse"}
    for path, operations in spec["paths"].items():
        for op in operations.values():
            assert "422" not in op["responses"], path
            for status in ("400", "404"):
                assert op["responses"][status]["content"]["application/json"]["schema"] == error
    params = {p["name"]: p["schema"] for p in spec["paths"]["/api/search"]["get"]["parameters"]}
    assert params["sort"]["enum"] == ["relevance", "date", "-date"]
    assert params["offset"]["maximum"] == 10_000 and "pattern" in params["date_from"]
    export = spec["paths"]["/api/documents/{volume}/{local}/export"]["get"]["parameters"]
    assert {p["name"]: p["schema"].get("enum") for p in export}["format"] == [
        "json",
        "tei",
        "text",
        "md",
        "ris",
        "bib",
    ]
    # an invalid parameter is a 400 in that shape, a wrong method a 405 saying what is allowed
    r = client.get("/api/search", params={"limit": "many"})
    assert r.status_code == 400 and r.json()["error"]["kind"] == "query"
    r = client.post("/api/search")
    assert r.status_code == 405 and r.headers["allow"] == "GET" and r.json()["ok"] is False


def test_api_docs_page_needs_nothing_from_outside(client):
    html = client.get("/docs").text
    assert "/openapi.json" in html and "http" not in html.replace("http-equiv", "")
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        assert f"/static/swagger-ui/{asset}" in html
        assert client.get(f"/static/swagger-ui/{asset}").status_code == 200


def test_a_thread_across_two_volumes_says_where_each_letter_is(empty_store, tmp_path):
    for path in _year_end_volumes(tmp_path):
        ingest_paths(empty_store, [path])
    client = TestClient(create_app(empty_store))
    data = client.get("/api/documents/frus1870/d1/thread").json()
    assert [(m["id"], m["volume"]) for m in data["thread"]] == [
        ("frus1869/d1", "frus1869"),
        ("frus1870/d1", "frus1870"),
    ]
    page = client.get("/documents/frus1870/d1/thread").text
    # the letter of the other volume is named with its volume; the document's own is not
    assert "in Papers Relating to the Foreign Relations of the United States, 1869" in page
    assert "in Papers Relating to the Foreign Relations of the United States, 1870" not in page


def test_box_thread_and_people_across_volumes(own_sample_store, tmp_path):
    sample_store = own_sample_store
    client = _reading_room(
        sample_store,
        tmp_path / "carter.txt",
        "299. Letter From President Carter to Soviet General Secretary Brezhnev1\n\n"
        "Washington, September 2, 1980.\n\nDear Mr. General Secretary:\n\nSecretary Rusk "
        "once wrote about this.\n\n\nJimmy Carter\n  1. Source: Carter Library, Plains File, "
        "Box 5, USSR. Secret.\n\n"
        "301. Letter From Soviet General Secretary Brezhnev to President Carter1\n\n"
        "Moscow, September 20, 1980.\n\nEsteemed Mr. President,\n\nThis is a reply to your "
        "letter of September 22 on arms.\n\n\nL. Brezhnev\n  1. Source: Carter Library, "
        "Plains File, Box 5, USSR. No classification marking.\n  2. See Document 299.\n",
    )
    box = "Jimmy Carter Library|Plains File|5"
    hits = client.get("/api/search", params={"box": box, "sort": "date"}).json()["hits"]
    assert [h["id"] for h in hits] == ["carter/d299", "carter/d301"]
    page = client.get("/documents/carter/d301").text
    assert "Other documents from this box" in page and "Show the correspondence thread" in page
    thread = client.get("/api/documents/carter/d301/thread").json()["thread"]
    assert [m["id"] for m in thread] == ["carter/d299", "carter/d301"]
    assert "reply to your letter" in client.get("/documents/carter/d301/thread").text
    # "Secretary Rusk" in the text is linked to the Japan volume's glossary entry
    assert f'href="/volumes/{V}/persons/p_RD3"' in client.get("/documents/carter/d299").text
    rusk = client.get(f"/api/volumes/{V}/persons/p_RD3").json()
    assert any(d["id"] == "carter/d299" for d in rusk["documents"])
    # and the person facet and filter know him there (d299 was indexed again, as d301's
    # reply changed it)
    found = client.get("/api/search", params={"person": "Dean Rusk", "limit": 100}).json()
    assert "carter/d299" in [h["id"] for h in found["hits"]]
    facet = client.get("/api/search", params={"q": "once wrote"}).json()["facets"]["person"]
    assert {"value": "Dean Rusk", "count": 1} in facet
    assert client.get("/api/documents/carter/d299/thread").status_code == 200
    assert client.get(f"/api/documents/{V}/d7/thread").json()["error"]["kind"] == "not-found"


def test_a_copys_parties_from_another_volumes_glossary(own_sample_store, tmp_path):
    client = _reading_room(
        own_sample_store,
        tmp_path / "copy.txt",
        "7. Telegram From Secretary of State Rusk to Ambassador Reischauer1\n\n"
        "Washington, May 4, 1965.\n\nPlease see the Prime Minister.\n\n\nRusk\n"
        "  1. Source: National Archives, RG 59. Secret.\n",
    )
    data = client.get("/api/documents/copy/d7").json()
    assert data["from"] == [f"{V}/p_RD3"] and data["to"] == [f"{V}/p_REO1"]
    assert data["persons"][f"{V}/p_RD3"] == "Dean Rusk"
    html = client.get("/documents/copy/d7").text
    assert f'<strong>From:</strong> <a href="/volumes/{V}/persons/p_RD3">Dean Rusk</a>' in html
    assert f'<a href="/volumes/{V}/persons/p_REO1">Edwin O. Reischauer</a>' in html


def test_same_person_in_another_volume(own_sample_store, tmp_path):
    store = own_sample_store
    client = _reading_room(
        store,
        tmp_path / "v2.xml",
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frus1961-63v22"><text><front>'
        '<div type="section" xml:id="persons"><list type="names"><item><hi rend="strong">'
        '<persName xml:id="p_RD1">Rusk, D.</persName>,</hi> Secretary of State</item></list>'
        '</div></front><body><div type="document" n="1" xml:id="d1"><head>1. Note</head><p>'
        '<persName corresp="#p_RD1">Rusk</persName> spoke.</p></div></body></text></TEI>',
    )
    data = client.get(f"/api/volumes/{V}/persons/p_RD3").json()
    assert data["same_person_in"] == [
        {"volume": "frus1961-63v22", "id": "p_RD1", "description": "Secretary of State"}
    ]
    assert any(d["id"] == "frus1961-63v22/d1" for d in data["documents"])
    assert "Also in the glossary of" in client.get(f"/volumes/{V}/persons/p_RD3").text


_ODD = ["..", "%", "\u0000", "é", "x" * 3000, "<b>", "(", "-1", "99999999999999999999"]


@pytest.mark.parametrize(
    "route",
    [
        "/api/volumes/{a}",
        "/documents/{a}/{b}",
        "/api/documents/{a}/{b}/thread",
        "/api/documents/{a}/{b}/export",
        "/api/documents/{a}/{b}/export?format={b}",
        "/api/volumes/{a}/export?format={b}",
        "/volumes/{a}/sections/{b}",
        "/api/volumes/{a}/sections/{b}",
        "/volumes/{a}/persons/{b}",
        "/api/volumes/{a}/terms/{b}",
    ],
)
def test_odd_paths_never_answer_500(client, route):
    from urllib.parse import quote

    for a in [*_ODD, V]:
        for b in [*_ODD, "d5", "p_RD3"]:
            r = client.get(route.format(a=quote(a, safe=""), b=quote(b, safe="")))
            assert r.status_code < 500, (route, a[:20], b[:20], r.text[:200])


@pytest.mark.parametrize(
    "param",
    [
        "q",
        "volume",
        "type",
        "person",
        "sender",
        "recipient",
        "date_from",
        "date_to",
        "sort",
        "limit",
        "offset",
    ],
)
def test_odd_search_parameters_never_answer_500(client, param):
    for value in _ODD:
        for url in ("/api/search", "/search", "/api/search.csv"):
            r = client.get(url, params={param: value})
            assert r.status_code < 500, (param, value[:20], r.text[:200])


def test_every_document_is_cited_with_the_page_it_begins_on(client, sample_docs):
    """A document that starts mid-page is printed on the page begun before it."""
    _, docs = sample_docs
    current = None
    for doc in docs:
        starts = doc.pages and (doc.pages[0].block, doc.pages[0].offset) == (0, 0)
        expected = doc.pages[0].n if starts else current
        data = client.get(f"/api/documents/{V}/{doc.id.rsplit('/', 1)[1]}").json()
        assert data["first_page"] == expected, doc.id
        # the pages begun inside it (one marked after its last word begins the next document)
        end = (len(doc.blocks) - 1, len(doc.blocks[-1].text))
        inside = [p.n for p in doc.pages if (p.block, p.offset) not in ((0, 0), end)]
        if expected and inside:  # it runs on to another page: the range is cited
            assert f", pp. {expected}–{inside[-1]}, “" in data["citation"], doc.id
        elif expected:
            assert f", p. {expected}, “" in data["citation"], doc.id
        current = doc.pages[-1].n if doc.pages else current
    assert current is not None


def test_documents_are_cited_for_reference_managers(client):
    """RIS and BibTeX downloads, and the meta tags Zotero reads from the page."""
    from lxml import html as lxml_html

    r = client.get(f"/api/documents/{V}/d6/export", params={"format": "ris"})
    assert r.status_code == 200 and r.headers["content-type"].startswith(
        "application/x-research-info-systems"
    )
    assert r.text.splitlines() == [
        "TY  - CHAP",
        "TI  - Letter From Secretary of the Treasury Dillon to Secretary of State Rusk",
        "T2  - Foreign Relations of the United States, 1964–1968, Volume XXIX, Part 2, Japan",
        "ED  - Gatz, Karen L.",
        "ED  - Keefer, Edward C.",
        "PY  - 2006",
        "PB  - United States Government Printing Office",
        "CY  - Washington",
        "SN  - 9780160725098",
        "SP  - 4",
        "EP  - 5",
        "DA  - 1964/01/22",
        "N1  - Document 6. Washington, January 22, 1964.",
        # a FRUS document is cited where anyone can read it, not at this reading room
        f"UR  - https://history.state.gov/historicaldocuments/{V}/d6",
        "ER  - ",
    ]
    bib = client.get(f"/api/documents/{V}/d6/export", params={"format": "bib"}).text
    assert bib.startswith("@incollection{frus196468v29p2d6,\n")
    assert "  pages = {4--5},\n" in bib and "  editor = {Karen L. Gatz and Edward C. Keefer}" in bib
    page = lxml_html.fromstring(client.get(f"/documents/{V}/d6").text)
    meta = {m.get("name"): m.get("content") for m in page.xpath("//head/meta[@name]")}
    assert meta["citation_title"].startswith("Letter From Secretary of the Treasury Dillon")
    assert meta["citation_firstpage"] == "4" and meta["citation_lastpage"] == "5"
    assert meta["citation_inbook_title"].endswith("Part 2, Japan")
    assert meta["citation_publisher"] == "United States Government Printing Office"
    assert meta["citation_isbn"] == "9780160725098"
    assert page.xpath("//p[@class='export']/a[text()='RIS']")


def test_a_copied_document_is_cited_at_this_reading_room(empty_store, tmp_path, seed_text):
    """A copy has no address of the Office's: its citation names the page that shows it."""
    client = _reading_room(empty_store, tmp_path / "seed.txt", seed_text)
    ris = client.get("/api/documents/seed/d301/export", params={"format": "ris"}).text
    assert "UR  - http://testserver/documents/seed/d301\r\n" in ris


@settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=structure_body(), unnumbered=st.sets(st.integers(1, 12)), header=st.booleans())
def test_every_page_of_any_volume_renders(body, unnumbered, header, tmp_path_factory):
    """Volumes as they come: divisions with and without ids or notes, unnumbered documents,
    no header at all; every page answers 200 and prints no Python None."""
    body = numbered(body + '<div type="document"><head>Last</head><p>text</p></div>')
    for n in unnumbered:  # some documents lose their number
        body = body.replace(f' xml:id="d{n}" n="{n}"', f' xml:id="d{n}"')
    head = (
        "<teiHeader><fileDesc><titleStmt><title type='complete'>Volume X</title></titleStmt>"
        "</fileDesc></teiHeader>"
        if header
        else "<teiHeader/>"
    )
    folder = tmp_path_factory.mktemp("site")
    with Store(folder / "despatch.db") as store:
        client = _reading_room(
            store,
            folder / "v.xml",
            f'<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="v">{head}<text><body>{body}'
            "</body></text></TEI>",
        )
        urls = ["/", "/volumes/v", "/search?q=document", "/search?q=text&from=1960"]
        urls += [f"/documents/{d.id}" for d in store.records.documents("v")]
        for url in urls:
            r = client.get(url)
            assert r.status_code == 200, url
            assert "None" not in r.text, url


def test_a_document_without_a_heading_is_untitled_everywhere(empty_store, tmp_path):
    client = _reading_room(
        empty_store,
        tmp_path / "v.xml",
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="v"><text><body>'
        '<div type="document" n="1" xml:id="d1"><p>Washington, May 1, 1965.</p><p>Text.</p>'
        "</div></body></text></TEI>",
    )
    page = client.get("/documents/v/d1").text
    assert '<h1 class="untitled"><span class="num">1.</span> </h1>' in page  # said by CSS
    assert "<title>1. (untitled) · despatch</title>" in page
    assert ">1. (untitled)</a>" in client.get("/volumes/v").text
    assert client.get("/api/documents/v/d1").json()["date"]["min"] == "1965-05-01T00:00:00"
