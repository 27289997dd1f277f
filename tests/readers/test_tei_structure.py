"""The TEI reader on any nesting of FRUS markup (hypothesis): nothing dropped, offsets exact.

Real volumes nest their markup in ways the shared volume does not show (a note in a table
cell, a page break in a name, a list in a quotation in an attachment). These documents are
drawn from FRUS's own vocabulary, nested at random, and read through the whole-volume reader.
Each element the reader keeps is counted against the XML, and every anchor is checked
against the text it points into.
"""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree

from despatch.export.tei import render_tei
from despatch.readers._builder import normalize_markup_space
from despatch.readers.tei import read_tei_volume
from despatch.readers.tei_split import read_tei_documents

from .splitting import split_volume

TEI_NS = "http://www.tei-c.org/ns/1.0"
FRUS_NS = "http://history.state.gov/frus/ns/1.0"
NS = {"t": TEI_NS}

# Words with the white space, punctuation and scripts real documents have; markup characters
# arrive escaped, as in any XML file.
_WORD = st.sampled_from(
    ["Tokyo", "Sato", "the", "détente", "Москва", "東京", "U.S.", "(1)", "—", "1964,", "&", "<",
     "a>b", "’s", "Mr.", "para", "0907Z", "[sic]", ":", "x"]
)  # fmt: skip
_GAP = st.sampled_from([" ", "  ", "\n", "\n    ", "\t", "\xa0", ""])


@st.composite
def _text(draw: st.DrawFn, *, allow_empty: bool = True) -> str:
    words = draw(st.lists(_WORD, min_size=0 if allow_empty else 1, max_size=4))
    gaps = draw(st.lists(_GAP, min_size=len(words) + 1, max_size=len(words) + 1))
    out = gaps[0]
    for word, gap in zip(words, gaps[1:], strict=True):
        out += word + gap
    return out


def _xml(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _inline_leaf(draw: st.DrawFn) -> str:
    kind = draw(st.sampled_from(["text", "pb", "lb", "note"]))
    if kind == "pb":
        return f'<pb n="{draw(st.integers(1, 999))}"/>'
    if kind == "lb":
        return "<lb/>"
    if kind == "note":
        return f'<note n="{draw(st.integers(1, 40))}">{_xml(draw(_text(allow_empty=False)))}</note>'
    return _xml(draw(_text()))


@st.composite
def _inline(draw: st.DrawFn, depth: int = 0) -> str:
    """Mixed content: text with names, terms, references, dates and notes, nested."""
    parts = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["leaf", "leaf", "wrap"] if depth < 2 else ["leaf"]))
        if kind == "leaf":
            parts.append(_inline_leaf(draw))
            continue
        if draw(st.integers(0, 4)) == 0:  # a note with names, references and pages in it
            parts.append(f'<note n="{draw(st.integers(1, 40))}">{draw(_inline(depth + 1))}</note>')
            continue
        tag, attrs = draw(
            st.sampled_from(
                [
                    ("persName", ' corresp="#p_SE1"'),
                    ("persName", ' type="from"'),
                    ("gloss", ' target="#t_US1"'),
                    ("ref", ' target="#d2"'),
                    ("ref", ""),
                    ("date", ' when="1964-01-22"'),
                    ("hi", ' rend="italic"'),
                    ("placeName", ""),
                    ("seg", ""),
                    ("quote", ""),  # a quotation inside a sentence
                    ("unknown", ""),  # an element the reader has never heard of
                ]
            )
        )
        parts.append(f"<{tag}{attrs}>{draw(_inline(depth + 1))}</{tag}>")
        if draw(st.booleans()):  # the choice of readings: one is read, the other is not
            parts.append(f"<choice><sic>{_xml(draw(_text()))}</sic><corr>x</corr></choice>")
    return _xml(draw(_text())).join(["", *parts, ""]) if draw(st.booleans()) else "".join(parts)


@st.composite
def _blocks(draw: st.DrawFn, depth: int = 0) -> str:
    out = []
    for _ in range(draw(st.integers(1, 3))):
        choices = ["p", "p", "list", "table", "closer", "dateline", "pb", "note"]
        if depth < 2:
            choices += ["quote", "attachment", "postscript", "figure"]
        kind = draw(st.sampled_from(choices))
        inline = _inline()
        if kind == "p":
            out.append(f"<p>{draw(inline)}</p>")
        elif kind == "pb":  # a page break between blocks
            out.append(f'<pb n="{draw(st.integers(1, 999))}"/>')
        elif kind == "note":  # a note standing between blocks
            out.append(f'<note n="{draw(st.integers(1, 40))}">{draw(inline)}</note>')
        elif kind == "dateline":
            out.append(f"<opener><dateline>{draw(inline)}</dateline></opener>")
        elif kind == "list":
            items = "".join(
                (f"<label>{draw(inline)}</label>" if draw(st.booleans()) else "")
                + f"<item>{draw(inline)}</item>"
                for _ in range(draw(st.integers(1, 3)))
            )
            head = f"<head>{draw(inline)}</head>" if draw(st.booleans()) else ""
            out.append(f"<list>{head}{items}</list>")
        elif kind == "table":
            rows = "".join(
                "<row>" + "".join(f"<cell>{draw(inline)}</cell>" for _ in range(2)) + "</row>"
                for _ in range(draw(st.integers(1, 2)))
            )
            out.append(f"<table>{rows}</table>")
        elif kind == "closer":
            out.append(f"<closer><signed>{draw(inline)}</signed></closer>")
        elif kind == "quote":
            out.append(f"<quote>{draw(_blocks(depth + 1))}</quote>")
        elif kind == "attachment":
            out.append(
                f"<frus:attachment><head>{draw(inline)}</head>{draw(_blocks(depth + 1))}"
                "</frus:attachment>"
            )
        elif kind == "postscript":
            out.append(f"<postscript>{draw(_blocks(depth + 1))}</postscript>")
        else:
            out.append(f'<figure><graphic url="x.png"/><head>{draw(inline)}</head></figure>')
    return "".join(out)


@st.composite
def _documents(draw: st.DrawFn) -> str:
    head = draw(_inline())
    return (
        f'<div type="document" xml:id="d1" n="1"><head>{head}</head>{draw(_blocks())}</div>'
        '<div type="document" xml:id="d2" n="2"><head>Next</head><p>text</p></div>'
    )


def _volume(documents: str) -> str:
    return (
        f'<TEI xmlns="{TEI_NS}" xmlns:frus="{FRUS_NS}" xml:id="frus-test"><teiHeader/>'
        f'<text><body><div type="chapter" xml:id="ch1"><head>Chapter</head>{documents}'
        "</div></body></text></TEI>"
    )


def _kept(el: etree._Element) -> bool:
    """Whether the reader reads this element's text at all: not in a reading it passes over
    (the ``sic`` of a ``choice``) or in a figure's image."""
    return not el.xpath("ancestor::t:sic or ancestor::t:graphic", namespaces=NS)


def _words(el: etree._Element, notes: bool = False) -> str:
    """An element's text as the reader gives it: line breaks as spaces, white space
    normalised as in any marked-up file (the file's layout next to punctuation dropped)."""
    return normalize_markup_space(_raw_words(el, notes))


def _raw_words(el: etree._Element, notes: bool = False) -> str:
    """The words in reading order: a note's own words only when ``notes`` (a note inside a
    note is part of its text)."""
    parts = [el.text or ""]
    for child in el:
        tag = etree.QName(child).localname if isinstance(child.tag, str) else ""
        if tag == "lb":
            parts.append("\n")  # a line break of the original: white space, or none
        elif tag == "choice":
            parts += [_raw_words(c, notes) for c in child if etree.QName(c).localname == "corr"]
        elif tag and tag not in ("pb", "graphic") and (notes or tag != "note"):
            parts.append(_raw_words(child, notes))
        parts.append(child.tail or "")
    return "".join(parts)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents=_documents())
def test_any_nesting_of_markup_is_read_whole(documents, tmp_path_factory):
    path = tmp_path_factory.mktemp("tei") / "volume.xml"
    path.write_text(_volume(documents), encoding="utf-8")
    _, docs = read_tei_volume(path)
    div = etree.parse(str(path)).find(".//t:div[@type='document']", NS)
    doc = docs[0]
    assert [d.id for d in docs] == ["frus-test/d1", "frus-test/d2"]

    # every note, page break and tagged name is read (a note inside a note is its text)
    notes = [n for n in div.iterfind(".//t:note", NS) if _kept(n)]
    outer = [n for n in notes if not n.xpath("ancestor::t:note", namespaces=NS)]
    assert len(doc.notes) == len(outer)
    assert [n.n for n in doc.notes] == [n.get("n") for n in outer]
    assert len(doc.pages) == sum(_kept(pb) for pb in div.iterfind(".//t:pb", NS))

    def text_of(mark):
        source = doc.notes[mark.note].text if mark.note is not None else doc.blocks[mark.block].text
        return source[mark.offset : mark.offset + mark.length]

    for tag, kind in (("persName", "person"), ("gloss", "term"), ("ref", "ref")):
        # (inside a note, a note is part of the text, and so of a name's words)
        tagged = [el for el in div.iterfind(f".//t:{tag}", NS) if _kept(el)]
        words = [
            _words(el, notes=bool(el.xpath("ancestor::t:note", namespaces=NS))) for el in tagged
        ]
        expected = [w for w in words if w]
        found = [text_of(m) for m in doc.marks if m.type == kind]
        assert sorted(found) == sorted(expected), kind

    # no words are lost or added, in the text or in the notes (white space aside: blocks
    # are separate strings where the XML may run on)
    squeeze = "".join
    assert squeeze(squeeze(b.text.split()) for b in doc.blocks) == squeeze(_raw_words(div).split())
    assert [squeeze(n.text.split()) for n in doc.notes] == [
        squeeze(_raw_words(n, notes=True).split()) for n in outer
    ]

    # every anchor points into its text; the text is normalised
    for block in doc.blocks:
        assert block.text == " ".join(block.text.split()) or block.type == "head"
    for note in doc.notes:
        assert 0 <= note.offset <= len(doc.blocks[note.block].text)
    for page in doc.pages:
        assert 0 <= page.offset <= len(doc.blocks[page.block].text)
    for mark in doc.marks:
        source = doc.notes[mark.note].text if mark.note is not None else doc.blocks[mark.block].text
        assert mark.length > 0 and mark.offset + mark.length <= len(source)
        assert text_of(mark) == text_of(mark).strip()

    # and the TEI written for it reads back as the same document, field by field
    again = path.with_name("again.xml")
    again.write_text(render_tei(doc), encoding="utf-8")
    _, (back,) = read_tei_volume(again)
    assert {**back.to_json(), "division": None} == {**doc.to_json(), "division": None}


# -- whole volumes: divisions, page breaks between documents, front and back matter ----------
_DIVISION_NOTE = (
    '<note n="1">For previous documentation, see <ref target="#d1">Document 1</ref>.</note>'
)


@st.composite
def _body(draw: st.DrawFn, depth: int = 0) -> str:
    """Documents, page breaks and divisions (some without an id, some with a note in their
    heading), nested as compilations, chapters and subchapters are."""
    out = []
    for _ in range(draw(st.integers(1, 4))):
        kind = draw(st.sampled_from(["doc", "doc", "pb", "div"] if depth < 3 else ["doc", "pb"]))
        if kind == "doc":
            inner = draw(st.sampled_from(["", '<pb n="5"/>', '<note n="1">A note.</note>']))
            out.append(
                f'<div type="document" subtype="historical-document"><head>'
                f"A document</head><p>Its text.{inner}</p></div>"
            )
        elif kind == "pb":
            out.append(f'<pb n="{draw(st.integers(1, 999))}"/>')
        else:
            ident = draw(st.sampled_from(["", ' xml:id="chapter"']))
            note = draw(st.sampled_from(["", _DIVISION_NOTE]))
            kind_of = draw(st.sampled_from(["compilation", "chapter", "subchapter"]))
            out.append(
                f'<div type="{kind_of}"{ident}><head>Part{note}</head>'
                f"{draw(_body(depth + 1))}</div>"
            )
    return "".join(out)


def _numbered(xml: str) -> str:
    """Ids and numbers made unique, in document order (as an edition has them)."""
    counters = {"doc": 0, "chapter": 0}

    def document(_: re.Match[str]) -> str:
        counters["doc"] += 1
        n = counters["doc"]
        return f'<div type="document" xml:id="d{n}" n="{n}"'

    def chapter(_: re.Match[str]) -> str:
        counters["chapter"] += 1
        return f' xml:id="ch{counters["chapter"]}"'

    return re.sub(' xml:id="chapter"', chapter, re.sub('<div type="document"', document, xml))


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=_body(), front_pb=st.booleans())
def test_any_volume_structure_is_read_whole(body, front_pb, tmp_path_factory):
    body = _numbered(body)
    assume_documents = '<div type="document"' in body
    front = (
        '<front><div type="section" xml:id="persons"><head>Persons</head><list><item>'
        '<persName xml:id="p_A1">Acheson, Dean</persName>, Secretary</item></list></div>'
        + ('<pb n="ix"/>' if front_pb else "")
        + '<div type="section" xml:id="preface"><head>Preface</head><p>Words<note n="1">'
        "A note.</note>.</p></div></front>"
    )
    xml = (
        f'<TEI xmlns="{TEI_NS}" xml:id="frus-test"><teiHeader/><text>{front}<body>{body}'
        '</body><back><div type="section" xml:id="index"><head>Index</head></div></back>'
        "</text></TEI>"
    )
    path = tmp_path_factory.mktemp("vol") / "volume.xml"
    path.write_text(xml, encoding="utf-8")
    vol, docs = read_tei_volume(path)
    tree = etree.parse(str(path))
    count = lambda q: int(tree.xpath(f"count({q})", namespaces=NS))  # noqa: E731

    assert len(docs) == count("//t:div[@type='document']")
    assert [d.seq for d in docs] == list(range(1, len(docs) + 1))
    if assume_documents:  # every page break of the body begins (or ends) a document
        assert sum(len(d.pages) for d in docs) == count("//t:body//t:pb")
    # each document sits in the division around it, and the tree is the XML's
    divisions = tree.xpath("//t:body//t:div[not(@type='document')]", namespaces=NS)
    read = list(_walk(vol.divisions))
    assert len(read) == len(divisions)
    assert len({d.id for d in read}) == len(read)  # ids are distinct, given or not
    for div, el in zip(read, divisions, strict=True):
        own = el.xpath("t:div[@type='document']/@xml:id", namespaces=NS)
        assert [d.rsplit("/", 1)[-1] for d in div.documents] == own
        assert len(div.notes) == len(el.xpath("t:head/t:note", namespaces=NS))
        assert div.title == "Part"
    for doc in docs:
        (el,) = tree.xpath(f"//t:div[@xml:id='{doc.id.rsplit('/', 1)[-1]}']", namespaces=NS)
        parent = el.getparent()
        expected = None if etree.QName(parent).localname == "body" else parent
        if expected is None:
            assert doc.division is None
        else:
            assert doc.division == read[divisions.index(expected)].id
    # the front matter: the glossary as a glossary, the preface as a section with its note
    assert [p.id for p in vol.persons] == ["p_A1"]
    assert [(s.id, len(s.notes)) for s in vol.sections] == [("frus-test/preface", 1)]
    assert [p.n for p in vol.sections[0].pages] == (["ix"] if front_pb else [])


def _walk(divisions):
    for div in divisions:
        yield div
        yield from _walk(div.children)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(body=_body())
def test_any_volume_split_one_document_per_file_reads_the_same(body, tmp_path_factory):
    # Every division has its id, as in the editions; a page break stands before a document
    # (after a volume's last one it would end that document, which a split file cannot say).
    body = re.sub(r'<div type="(\w+)">', r'<div type="\1" xml:id="chapter">', body)
    body = _numbered(re.sub(r'(?:<pb n="\d+"/>)+(?!<pb |<div type="document")', "", body))
    if '<div type="document"' not in body:
        return
    xml = (
        f'<TEI xmlns="{TEI_NS}" xml:id="frus-test"><teiHeader><fileDesc><titleStmt><title '
        'type="complete">A volume</title></titleStmt><publicationStmt><p/></publicationStmt>'
        f"<sourceDesc><p/></sourceDesc></fileDesc></teiHeader><text><front/><body>{body}"
        "</body></text></TEI>"
    )
    empty = "//t:body//t:div[not(@type='document') and not(.//t:div[@type='document'])]"
    if etree.fromstring(xml).xpath(empty, namespaces=NS):
        return  # a division with no document is in none of the files
    folder = tmp_path_factory.mktemp("split")
    whole = folder / "volume.xml"
    whole.write_text(xml, encoding="utf-8")
    parts = folder / "parts"
    parts.mkdir()
    split_volume(etree.parse(str(whole)), parts)
    vol, docs = read_tei_volume(whole)
    ((split_vol, split_docs),) = list(read_tei_documents(sorted(parts.glob("*.xml"))))
    assert [d.to_json() for d in split_docs] == [d.to_json() for d in docs]
    assert [d.to_json() for d in split_vol.divisions] == [d.to_json() for d in vol.divisions]
