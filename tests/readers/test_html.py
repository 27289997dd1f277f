"""HTML reader: reading-room pages (our own and generic footnoted HTML) → Document JSON."""

from __future__ import annotations

import re

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

from despatch.errors import InputError
from despatch.ingest import ingest_paths
from despatch.readers.html import read_html
from despatch.store import Store
from despatch.web.app import create_app

from .test_tei_structure import _documents as structure_documents
from .test_tei_structure import _volume as structure_volume


def _comparable(doc):
    return (
        [(b.type, b.text) for b in doc.blocks],
        [(n.n, n.type, n.text, n.block, n.offset) for n in doc.notes],
        [(p.n, p.block, p.offset) for p in doc.pages],
    )


def test_saved_reading_room_pages_read_back_exactly(sample_store):
    client = TestClient(create_app(sample_store))
    docs = list(sample_store.records.documents("frus1964-68v29p2"))
    for doc in docs:
        vol, local = doc.id.split("/")
        (got,) = read_html(client.get(f"/documents/{vol}/{local}").text, stem=vol)
        assert _comparable(got) == _comparable(doc), doc.id
        assert got.number == doc.number and got.title == doc.title


GENERIC = """<!doctype html><html><head><title>x</title><script>var a = "[Page 9]";</script></head>
<body><nav>Home | Search</nav>
<main><h2>12. Telegram From the Embassy in Japan to the Department of State<sup
><a href="#fn1">1</a></sup></h2>
<p class="dateline">Tokyo, May 5, 1965, 7 p.m.</p>
<p>The Prime Minister agreed.<a class="footnote-ref" href="#fn2">2</a> He spoke of the
<span class="pb">[Page 31]</span> reversion of <em>Okinawa</em>.</p>
<ul><li>First point</li><li>Second point<sup>3</sup></li></ul>
<p class="signed">Reischauer</p></main>
<section class="footnotes"><ol>
<li id="fn1">Source: National Archives, RG 59. Secret. <a href="#fnref1">↩</a></li>
<li id="fn2">See Document 11. <a href="#fnref2">↩</a></li>
<li id="fn3">Not printed.</li>
</ol></section></body></html>"""


def test_generic_footnoted_html():
    (doc,) = read_html(GENERIC, stem="page")
    assert doc.id == "page/d12" and doc.title.startswith("Telegram From the Embassy")
    assert [(b.type, b.text) for b in doc.blocks] == [
        ("head", "Telegram From the Embassy in Japan to the Department of State"),
        ("dateline", "Tokyo, May 5, 1965, 7 p.m."),
        ("p", "The Prime Minister agreed. He spoke of the reversion of Okinawa."),
        ("item", "First point"),
        ("item", "Second point"),
        ("signed", "Reischauer"),
    ]
    assert [(n.n, n.type, n.text, n.block, n.offset) for n in doc.notes] == [
        ("1", "source", "Source: National Archives, RG 59. Secret.", 0, len(doc.title)),
        ("2", None, "See Document 11.", 2, len("The Prime Minister agreed.")),
        ("3", None, "Not printed.", 4, len("Second point")),
    ]
    (page,) = doc.pages
    assert page.n == "31" and doc.blocks[2].text[page.offset :] == "reversion of Okinawa."


@pytest.mark.parametrize("html", ["", "   "])
def test_empty_html_is_an_error(html):
    with pytest.raises(InputError, match="empty"):
        read_html(html, source="x.html")


def _deep_page(depth: int) -> str:
    inner = "<b>" * depth + "deep words" + "</b>" * depth
    return (
        "<html><body><h1>1. Title</h1>\n<p>"
        + inner
        + '<a href="#fn1"><sup>1</sup></a></p>\n<p>After it.</p>'
        + '<ol class="footnotes"><li id="fn1">A note.</li></ol></body></html>'
    )


def test_a_page_nested_past_libxml2_s_default_limit_is_read_whole():
    """libxml2 stops at 256 levels unless told otherwise, and drops the rest of the page
    without a word: generated pages get that deep."""
    (doc,) = read_html(_deep_page(300), source="deep.html")
    assert [b.text for b in doc.blocks[1:]] == ["deep words", "After it."]
    assert [n.text for n in doc.notes] == ["A note."]


@pytest.mark.parametrize(
    "depth,message",
    [
        (900, r"deep\.html:2: markup nested \d+ levels deep in <body>: too deep to read"),
        (3000, r"deep\.html:2: markup nested more than 2,048 levels deep: too deep to read"),
    ],
)
def test_a_page_nested_too_deep_is_a_clear_error(depth, message):
    with pytest.raises(InputError) as exc:
        read_html(_deep_page(depth), source="deep.html")
    assert re.fullmatch(message, exc.value.message)


HSG_LIKE = """<html><body><div id="content-inner"><div class="tei-div" id="d5">
<h3 class="tei-head">5. Letter From Secretary of Defense McNamara to Secretary of State Rusk<a
 class="note" rel="footnote" href="#fn:1" id="fnref:1"><sup>1</sup></a></h3>
<p class="tei-dateline">Washington, January 22, 1964.</p>
<p class="tei-p">Dear Dean:</p>
<p class="tei-p">In our recent exchange of letters<a class="note" rel="footnote" href="#fn:2"
 id="fnref:2"><sup>2</sup></a> we have agreed.</p>
<span class="tei-pb" id="pg_4">[Page 4]</span>
<p class="tei-p">Sincerely,</p>
<div class="tei-closer"><span class="tei-signed">Bob</span></div>
</div>
<div class="footnotes"><ol>
<li class="footnote" id="fn:1" value="1"><span class="fn-marker">1</span> Source: National
 Archives, RG 59. Secret. <a class="back" href="#fnref:1">↩</a></li>
<li class="footnote" id="fn:2" value="2"><span class="fn-marker">2</span> See Document 4.
 <a class="back" href="#fnref:2">↩</a></li>
</ol></div></div></body></html>"""


def test_reading_room_markup_with_tei_classes():
    (doc,) = read_html(HSG_LIKE, stem="frus1964-68v29p2")
    assert doc.id == "frus1964-68v29p2/d5"
    assert [(b.type, b.text) for b in doc.blocks] == [
        ("head", "Letter From Secretary of Defense McNamara to Secretary of State Rusk"),
        ("dateline", "Washington, January 22, 1964."),
        ("salute", "Dear Dean:"),
        ("p", "In our recent exchange of letters we have agreed."),
        ("closer", "Sincerely,"),
        ("signed", "Bob"),
    ]
    assert [(n.n, n.type, n.text) for n in doc.notes] == [
        ("1", "source", "Source: National Archives, RG 59. Secret."),
        ("2", None, "See Document 4."),
    ]
    assert [(p.n, p.block, p.offset) for p in doc.pages] == [("4", 4, 0)]


def test_a_page_saved_in_windows_1252_reads_as_declared(tmp_path):
    from despatch.readers.html import read_html_file

    page = GENERIC.replace("The Prime Minister agreed.", "The communiqué was agreed.")
    page = page.replace("↩", "&#8617;")  # not in windows-1252: a character reference there
    if "charset" not in page.lower():
        page = page.replace("<head>", '<head><meta charset="windows-1252">', 1)
    path = tmp_path / "old-site.html"
    path.write_bytes(page.encode("cp1252"))
    (doc,) = read_html_file(path).documents
    assert doc.blocks[2].text.startswith("The communiqué was agreed.")


def test_a_page_saved_as_unicode_reads(tmp_path):
    """Browsers on Windows save a page "as Unicode": UTF-16 with a byte-order mark."""
    from despatch.readers import detect_format
    from despatch.readers.html import read_html_file

    path = tmp_path / "saved.html"
    path.write_bytes(GENERIC.replace("Prime Minister", "Premier — “Sato”").encode("utf-16"))
    assert detect_format(path) == "html"
    (doc,) = read_html_file(path).documents
    assert doc.blocks[2].text.startswith("The Premier — “Sato” agreed.")


def test_binary_data_is_not_read_as_a_page(tmp_path):
    from despatch.readers.html import read_html_file

    path = tmp_path / "photo.html"
    path.write_bytes(bytes(range(256)) * 20)
    with pytest.raises(InputError, match="binary data, not an HTML page"):
        read_html_file(path)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents=structure_documents())
def test_the_page_of_any_document_reads_back(documents, tmp_path_factory):
    """Whatever its markup's nesting, a document's reading-room page, saved and read as
    HTML, gives its blocks, notes and page breaks back."""
    folder = tmp_path_factory.mktemp("page")
    (folder / "volume.xml").write_text(structure_volume(documents), encoding="utf-8")
    with Store(folder / "despatch.db") as store:
        ingest_paths(store, [folder / "volume.xml"])
        doc = store.records.document("frus-test/d1")
        page = TestClient(create_app(store)).get("/documents/frus-test/d1").text
    (got,) = read_html(page, stem="frus-test")
    assert _comparable(got) == _comparable(doc)


def test_soft_hyphens_are_not_text_in_a_page():
    (doc,) = read_html(
        "<html><body><h1>1. The nego&shy;tiations</h1><p>Be&shy;gan.</p></body></html>"
    )
    assert doc.title == "The negotiations" and doc.blocks[1].text == "Began."


SAVED_PAGE = """<html><body>
<header><a href="/">Office of the Historian</a><p>Foreign Relations</p></header>
<div role="navigation"><a href="/search">Search</a> <a href="/about">About</a></div>
<div class="container"><div class="row">
<div class="col-md-9"><div id="content">
<h1>5. Letter From Secretary of Defense McNamara to Secretary of State Rusk</h1>
<p class="dateline">Washington, January 22, 1964.</p>
<p>Dear Dean:</p>
<p>In our recent exchange of letters we have agreed.</p>
<footer><p>Sincerely,</p><p>Bob</p></footer>
</div></div>
<div class="col-md-3" role="complementary"><h2>Volume contents</h2><p>Document 6</p></div>
</div></div>
<footer><p>Office of the Historian, Bureau of Public Affairs, United States Department of
State.</p><p>history@state.gov</p></footer>
</body></html>"""


def test_a_saved_page_s_banner_menus_and_site_footer_are_not_the_document():
    """A page saved from a site with no <main> or <article>: what the ARIA roles and HTML's
    own rules call the page's banner, navigation and footer is left out; a <footer> beside
    the document's heading is the document's (its closing words here)."""
    (doc,) = read_html(SAVED_PAGE)
    texts = [b.text for b in doc.blocks]
    assert texts[0].startswith("Letter From Secretary of Defense McNamara")
    assert "Dear Dean:" in texts and "In our recent exchange of letters we have agreed." in texts
    assert not any("Office of the Historian" in t or "Volume contents" in t for t in texts)
    assert not any("Search" in t or "history@state.gov" in t for t in texts)
    assert texts[-2:] == ["Sincerely,", "Bob"]


def test_a_page_s_untagged_dateline_is_one():
    (doc,) = read_html(
        "<html><body><h1>7. Letter From A to B</h1><p>Tokyo, January 16, 1964.</p>"
        "<p>Dear Dean:</p><p>Text.</p></body></html>"
    )
    assert [b.type for b in doc.blocks] == ["head", "dateline", "salute", "p"]


def test_a_saved_page_naming_the_edition_titles_the_volume(tmp_path):
    from despatch.readers.html import read_html_file

    path = tmp_path / "d5.html"
    path.write_text(
        "<html><head><title>Historical Documents - Office of the Historian</title></head><body>"
        '<nav class="breadcrumb"><a href="/">Home</a> <a href="/v">Foreign Relations of the '
        "United States, 1964&#8211;1968, Volume XXIX,\n Part 2, Japan</a></nav>"
        '<div id="content"><h1>5. Letter From A to B</h1><p>Text.</p></div></body></html>',
        encoding="utf-8",
    )
    read = read_html_file(path)
    assert read.volume.title == (
        "Foreign Relations of the United States, 1964–1968, Volume XXIX, Part 2, Japan"
    )
    assert [d.title for d in read.documents] == ["Letter From A to B"]


def test_apparatus_in_a_page_s_banner_above_the_heading_stays_inside_the_document():
    """A note's marker or a page break in what stands above the heading (a banner, a
    mangled save) is anchored at the heading's start, not past the end of its text."""
    (doc,) = read_html(
        '<html><body><div class="banner"><p>A long banner line of the site that is not the'
        ' document<sup><a href="#fn1">1</a></sup> <span class="pb">[Page 5]</span> at all.</p>'
        '</div><h1>1. Letter</h1><p>Body text.<sup><a href="#fn2">2</a></sup></p>'
        '<ol class="footnotes"><li id="fn1">Source: A.</li><li id="fn2">See B.</li></ol>'
        "</body></html>"
    )
    assert [(b.type, b.text) for b in doc.blocks] == [("head", "Letter"), ("p", "Body text.")]
    assert [(n.n, n.block, n.offset) for n in doc.notes] == [("1", 0, 0), ("2", 1, 10)]
    assert [(p.n, p.block, p.offset) for p in doc.pages] == [("5", 0, 0)]


# the Office of the Historian's page as its templates write it: notes as <div>s whose
# number stands in an element of its own, a page break as a link in brackets, a sidebar
# after the document with no role or <aside> to say so
HSG_PAGE = """<html><head><title>Historical Documents - Office of the Historian</title></head>
<body><div id="content-inner"><div id="content-container"><div class="tei-div" id="d301">
<h3 class="tei-head">301. Letter From Soviet General Secretary Brezhnev to President Carter<span
 class="tei-note footnote"><a class="note" rel="footnote" href="#fn:d301fn1"
 id="fnref:d301fn1"><sup>1</sup></a></span></h3>
<div class="tei-opener"><p class="tei-salute">Esteemed Mr. President,</p></div>
<p class="tei-p">the meeting with E. Muskie<span class="tei-note footnote"><a class="note"
 rel="footnote" href="#fn:d301fn2" id="fnref:d301fn2"><sup>2</sup></a></span>—to convey a
 reply to your letter of September 2<span class="tei-note footnote"><a class="note"
 rel="footnote" href="#fn:d301fn3" id="fnref:d301fn3"><sup>3</sup></a></span> on questions
 of our proposal to the <span class="tei-pb"><span class="hsg-pb">[<a
 href="/historicaldocuments/frus1977-80v06/pg_882">Page 882</a>]</span></span> effect that
 discussions be held, in a wel[<a href="pg_883">Page 883</a>]come spirit.</p>
<div class="tei-closer"><p class="tei-signed">L. Brezhnev</p></div></div>
<div class="footnotes">
<div class="footnote" id="fn:d301fn1"><span class="fn-marker">1</span><span
 class="fn-content">Source: Carter Library. No classification marking.</span><a
 class="fn-back" href="#fnref:d301fn1">↩</a></div>
<div class="footnote" id="fn:d301fn2"><span class="fn-marker">2</span><span
 class="fn-content">Muskie met Gromyko.</span><a class="fn-back" href="#fnref:d301fn2">↩</a></div>
<div class="footnote" id="fn:d301fn3"><sup>3</sup> <span class="fn-content">See <a
 href="d299">Document 299</a>.</span> <a class="fn-back" href="#fnref:d301fn3">↩</a></div>
</div></div></div>
<div id="sidebar" class="col-md-3"><h2>Volume</h2><p>Foreign Relations of the United States,
1977–1980, Volume VI, Soviet Union</p><ul><li>Document 300</li><li>Document 302</li></ul></div>
</body></html>"""


def test_the_historian_s_own_page_reads_as_the_document():
    (doc,) = read_html(HSG_PAGE, stem="frus1977-80v06")
    assert doc.id == "frus1977-80v06/d301"
    assert [(b.type, b.text) for b in doc.blocks] == [
        ("head", "Letter From Soviet General Secretary Brezhnev to President Carter"),
        ("salute", "Esteemed Mr. President,"),
        (
            "p",
            "the meeting with E. Muskie—to convey a reply to your letter of September 2 on "
            "questions of our proposal to the effect that discussions be held, in a welcome "
            "spirit.",
        ),
        ("signed", "L. Brezhnev"),
    ]
    assert [(n.n, n.type, n.text, n.block, n.offset) for n in doc.notes] == [
        ("1", "source", "Source: Carter Library. No classification marking.", 0, 65),
        ("2", None, "Muskie met Gromyko.", 2, 26),
        ("3", None, "See Document 299.", 2, 74),
    ]
    text = doc.blocks[2].text
    assert [(p.n, text[p.offset : p.offset + 6]) for p in doc.pages] == [
        ("882", "effect"),
        ("883", "come s"),
    ]


@pytest.mark.parametrize(
    "page_break",
    [
        '<span class="pb">[Page 5]</span>',
        '<span class="tei-pb"><span class="hsg-pb">[<a href="pg_5">Page 5</a>]</span></span>',
        '[<a href="pg_5"><span>Page</span> 5</a>]',
        "<em>[Page 5]</em>",
        '<span id="pg_5">[ Page\n5 ]</span>',
    ],
)
def test_a_page_break_however_marked_up_is_one(page_break):
    (doc,) = read_html(
        f"<html><body><h1>1. Letter</h1><p>Before the {page_break} break.</p></body></html>"
    )
    assert doc.blocks[1].text == "Before the break."
    assert [(p.n, p.block, p.offset) for p in doc.pages] == [("5", 1, 11)]


@pytest.mark.parametrize(
    "before",
    [
        '<span class="tei-pb">[<a href="pg_3">Page 3</a>]</span>',
        "<div><p>[Page 3]</p></div>",
        "[Page 3]",
        '[Page 3]<!-- document 3 --><a id="d3"></a> ',
    ],
)
def test_the_page_a_document_begins_on_printed_just_above_it_is_its_first(before):
    """The page break a page prints above the element holding the document (the edition's
    break falls between documents) is the page the document begins on."""
    (doc,) = read_html(
        "<html><body><div id='content'>"
        + before
        + "<div class='tei-div'><h3>3. Letter</h3><p>First paragraph.</p><p>Second.</p></div>"
        + "</div><div class='sidebar'><p>Other volumes</p><p>More links</p></div></body></html>"
    )
    assert [(b.type, b.text) for b in doc.blocks] == [
        ("head", "Letter"),
        ("p", "First paragraph."),
        ("p", "Second."),
    ]
    assert [(p.n, p.block, p.offset) for p in doc.pages] == [("3", 0, 0)]
