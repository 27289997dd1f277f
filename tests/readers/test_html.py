"""HTML reader: reading-room pages (our own and generic footnoted HTML) → Document JSON."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from despatch.errors import InputError
from despatch.readers.html import read_html
from despatch.web.app import create_app


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
