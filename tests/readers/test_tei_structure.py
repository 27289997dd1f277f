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
from despatch.readers.tei import read_tei_volume

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
    """An element's text as the reader gives it: line breaks as spaces, normalised."""
    return re.sub(r"\s+", " ", _raw_words(el, notes)).strip()


def _raw_words(el: etree._Element, notes: bool = False) -> str:
    """The words in reading order: a note's own words only when ``notes`` (a note inside a
    note is part of its text)."""
    parts = [el.text or ""]
    for child in el:
        tag = etree.QName(child).localname if isinstance(child.tag, str) else ""
        if tag == "lb":
            parts.append(" ")
        elif tag == "choice":
            parts += [_raw_words(c, notes) for c in child if etree.QName(c).localname == "corr"]
        elif tag and tag not in ("pb", "graphic") and (notes or tag != "note"):
            parts.append(_raw_words(child, notes))
        parts.append(child.tail or "")
    return "".join(parts)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)  # fmt: skip
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
