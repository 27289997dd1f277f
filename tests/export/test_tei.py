"""TEI out: FRUS conventions, and reading it back gives the same Document JSON."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from despatch.export.tei import render_tei, render_tei_volume
from despatch.readers.tei import read_tei_volume
from despatch.readers.text import read_text
from despatch.sample import SAMPLE_PATH

from ..conftest import needs_shared


def _round_trip(doc, tmp_path):
    path = tmp_path / "doc.xml"
    path.write_text(render_tei(doc), encoding="utf-8")
    _, (back,) = read_tei_volume(path)
    a, b = doc.to_json(), back.to_json()
    a.pop("division", None), b.pop("division", None)
    return a, b


@needs_shared
def test_every_document_of_the_volume_round_trips(volume_docs, tmp_path):
    for doc in volume_docs[1]:
        a, b = _round_trip(doc, tmp_path)
        assert a == b, doc.id


def _volume_round_trip(volume_docs, tmp_path):
    vol, docs = volume_docs
    path = tmp_path / "volume.xml"
    path.write_text("".join(render_tei_volume(vol, docs)), encoding="utf-8")
    back_vol, back_docs = read_tei_volume(path)
    assert [d.to_json() for d in back_docs] == [d.to_json() for d in docs]
    assert back_vol.to_json() == vol.to_json()  # header, divisions and their headings' notes
    for part in ("persons", "terms", "sections"):
        assert [x.to_json() for x in getattr(back_vol, part)] == [
            x.to_json() for x in getattr(vol, part)
        ], part


def test_the_sample_volume_round_trips_whole(sample_docs, tmp_path):
    _volume_round_trip(sample_docs, tmp_path)


@needs_shared
def test_the_whole_volume_round_trips_whole(volume_docs, tmp_path):
    _volume_round_trip(volume_docs, tmp_path)


def test_references_are_written_as_frus_writes_them(sample_docs):
    """Targets go back to the edition's own form, notes and pages included."""
    tree = etree.parse(str(SAMPLE_PATH))
    ns = {"t": "http://www.tei-c.org/ns/1.0"}
    for doc in sample_docs[1]:
        local = doc.id.partition("/")[2]
        (div,) = tree.xpath(f"//t:div[@xml:id='{local}']", namespaces=ns)
        source = sorted(r.get("target") for r in div.iterfind(".//t:ref", ns))
        written = etree.fromstring(render_tei(doc).encode())
        assert sorted(r.get("target") for r in written.iterfind(".//t:ref", ns)) == source


def test_recovered_seed_round_trips_and_follows_frus_conventions(seed_text, tmp_path):
    (doc,) = read_text(seed_text, stem="seed")
    xml = render_tei(doc)
    root = etree.fromstring(xml.encode())
    ns = {"t": "http://www.tei-c.org/ns/1.0"}
    div = root.find(".//t:div[@type='document']", ns)
    assert div.get("n") == "301"
    assert div.find("t:head", ns).text.startswith("301. Letter From Soviet")
    notes = div.findall(".//t:note", ns)
    assert [(n.get("n"), n.get("{http://www.w3.org/XML/1998/namespace}id")) for n in notes] == [
        ("1", "d301fn1"),
        ("2", "d301fn2"),
        ("3", "d301fn3"),
        ("4", "d301fn4"),
    ]
    assert div.find(".//t:closer/t:signed", ns) is not None
    assert div.find(".//t:pb", ns).get("n") == "882"
    a, b = _round_trip(doc, tmp_path)
    for key in ("blocks", "notes", "pages", "title", "number"):
        assert a[key] == b[key]


def test_block_quotes_postscripts_and_captions_round_trip(tmp_path):
    source = tmp_path / "in.xml"
    source.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="vtest"><teiHeader/><text><body>'
        '<div type="document" n="3" xml:id="d3"><head>Memorandum</head>'
        "<opener><salute>Dear Sir:</salute></opener>"
        '<figure><head>Map<note n="1">Not printed.</note></head><p>Caption.</p></figure>'
        '<quote rend="blockquote"><p>Quoted <pb n="4"/>one.</p><p>Quoted two.</p></quote>'
        "<closer>Sincerely,<signed>X</signed></closer>"
        "<postscript><p>P.S. More.</p></postscript>"
        "</div></body></text></TEI>"
    )
    _, (doc,) = read_tei_volume(source)
    assert {b.type for b in doc.blocks} >= {"quote", "postscript", "salute", "closer"}
    a, b = _round_trip(doc, tmp_path)
    assert a == b


_WORD = st.text(
    alphabet=st.characters(
        categories=("L", "N", "P", "S"), exclude_characters="\u00a0", max_codepoint=0x2FFF
    ),
    min_size=1,
    max_size=8,
)
_TEXT = st.lists(_WORD, min_size=1, max_size=12).map(" ".join)


@st.composite
def _documents(draw):
    from despatch.model import Block, Document, Note, PageBreak

    texts = draw(st.lists(_TEXT, min_size=2, max_size=5))
    blocks = [Block("head", texts[0])] + [Block("p", t) for t in texts[1:]]
    notes, pages = [], []
    # anchors where the spec puts them: a note right after text (never after a space), a
    # page where text begins (a break between blocks is the next block's offset 0)
    for n in range(1, draw(st.integers(0, 4)) + 1):
        block = draw(st.integers(0, len(blocks) - 1))
        text = blocks[block].text
        offset = draw(st.sampled_from([i for i in range(1, len(text) + 1) if text[i - 1] != " "]))
        notes.append(Note(str(n), None, draw(_TEXT), block, offset))
    for k in range(draw(st.integers(0, 2))):
        block = draw(st.integers(0, len(blocks) - 1))
        text = blocks[block].text
        last = block == len(blocks) - 1
        starts = [i for i in range(len(text) + last) if i == len(text) or text[i] != " "]
        pages.append(PageBreak(str(k + 10), block, draw(st.sampled_from(starts))))
    notes.sort(key=lambda n: (n.block, n.offset))
    for k, note in enumerate(notes, 1):
        note.n = str(k)
    pages.sort(key=lambda p: (p.block, p.offset))
    return Document("vx/d7", "vx", "7", "historical-document", blocks[0].text, blocks, notes, pages)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(doc=_documents())
def test_any_text_notes_and_pages_round_trip_through_tei(doc, tmp_path):
    """Whatever the text (markup characters, punctuation, any script), TEI out and back in
    gives the same blocks, notes and page breaks."""
    path = tmp_path / "doc.xml"
    path.write_text(render_tei(doc), encoding="utf-8")
    _, (back,) = read_tei_volume(path)
    assert [(b.type, b.text) for b in back.blocks][:1] == [("head", doc.title)]
    assert [b.text for b in back.blocks] == [b.text for b in doc.blocks]
    assert [(n.n, n.text, n.block, n.offset) for n in back.notes] == [
        (n.n, n.text, n.block, n.offset) for n in doc.notes
    ]
    assert [(p.n, p.block, p.offset) for p in back.pages] == [
        (p.n, p.block, p.offset) for p in doc.pages
    ]
