"""TEI reader on the real shared volume: counts equal XPath counts, fields exact."""

from __future__ import annotations

import re

import pytest
from lxml import etree

from despatch.enrich import Enricher
from despatch.errors import InputError
from despatch.export.tei import render_tei
from despatch.export.text import render_text
from despatch.model import Division
from despatch.readers.tei import TeiVolumeReader, read_tei_volume
from despatch.readers.tei_split import read_tei_documents

from ..conftest import VOLUME, needs_shared
from .splitting import split_volume

NS = {"t": "http://www.tei-c.org/ns/1.0"}


@pytest.fixture(scope="module")
def tree():
    if not VOLUME.exists():
        pytest.skip("../shared corpus not present")
    return etree.parse(str(VOLUME))


@needs_shared
def test_counts_equal_xpath_counts(tree, volume_docs):
    vol, docs = volume_docs
    xp = lambda q: int(tree.xpath(f"count({q})", namespaces=NS))  # noqa: E731
    d = '//t:div[@type="document"]'
    assert len(docs) == xp(d) == 140
    # every note element, plus paragraphs that are wholly "[Source: …]" (read as the
    # document's unnumbered source note, as the editors elsewhere encode it)
    source_paras = xp(f'{d}/t:p[starts-with(normalize-space(.), "[Source:")]')
    assert sum(len(doc.notes) for doc in docs) == xp(f"{d}//t:note") + source_paras
    # and the notes of the division headings: no note in the body is dropped
    heading_notes = sum(len(div.notes) for div in _all_divisions(vol.divisions))
    assert heading_notes == xp(f"//t:body//t:note[not(ancestor::{d[2:]})]")
    # and those of the front and back matter read as sections (the glossaries have none)
    assert sum(len(s.notes) for s in vol.sections) == xp("//t:front//t:note") == 12
    # the breaks in documents, and those between them: each begins the next document
    assert xp(f"{d}//t:pb") == 273
    assert sum(len(doc.pages) for doc in docs) == xp("//t:body//t:pb") == 316
    marks = [m for doc in docs for m in doc.marks]
    assert sum(m.type == "person" for m in marks) == xp(f"{d}//t:persName") == 2050
    assert sum(m.type == "term" for m in marks) == xp(f"{d}//t:gloss") == 1089
    assert sum(m.type == "ref" for m in marks) == xp(f"{d}//t:ref")
    assert len(vol.persons) == 124 and len(vol.terms) == 188


@needs_shared
def test_volume_metadata(volume_docs):
    vol, _ = volume_docs
    assert vol.id == "frus1964-68v29p2"
    assert vol.title.endswith("Volume XXIX, Part 2, Japan")
    assert vol.editors == ["Karen L. Gatz", "Edward C. Keefer"]
    assert vol.year == "2006"
    assert vol.divisions[0].title == "Japan" and len(vol.divisions[0].documents) == 140
    person = next(p for p in vol.persons if p.id == "p_MNRS1")
    assert person.display_name.endswith("McNamara") and "Secretary of Defense" in person.description


@needs_shared
def test_document_5_field_by_field(volume_docs):
    doc = volume_docs[1][4]
    assert doc.id == "frus1964-68v29p2/d5" and doc.number == "5"
    assert doc.title == "Letter From Secretary of Defense McNamara to Secretary of State Rusk"
    assert [b.type for b in doc.blocks] == [
        "head",
        "dateline",
        "salute",
        "p",
        "p",
        "p",
        "closer",
        "signed",
    ]
    assert doc.blocks[1].text == "Washington, January 22, 1964."
    assert [(n.n, n.type, n.block, n.offset) for n in doc.notes] == [
        ("1", "source", 0, 68),
        ("2", None, 3, 79),
        ("3", None, 3, 315),
        ("4", None, 4, 223),
    ]
    b3 = doc.blocks[3].text
    assert b3[:79].endswith("yours of 6 December)")
    assert b3[:315].endswith("late January.")
    assert doc.blocks[4].text[:223].endswith("Memorandum of Understanding.")
    assert doc.notes[0].text.startswith(
        "Source: National Archives and Records Administration, RG 59"
    )
    assert [(p.n, p.block, p.offset) for p in doc.pages] == [("3", 0, 0)]
    assert doc.sender == ["p_MNRS1"] and doc.recipient == ["p_RD3"]
    refs = [m for m in doc.marks if m.type == "ref"]
    assert {m.target for m in refs} == {
        "frus1961-63v22/d383#fn4",  # "Document 383 and footnote 4 thereto"
        "frus1964-68v29p2/d7",
        "frus1964-68v29p2/d5#fn2",  # "see footnote 2 above"
    }
    assert all(m.note is not None for m in refs)  # the references live in the footnotes


@needs_shared
@pytest.mark.parametrize(
    "number,page,block_text",
    [
        ("6", "5", "in the cases of Germany and Italy"),  # a page break inside a paragraph
    ],
)
def test_page_break_inside_paragraph(volume_docs, number, page, block_text):
    doc = next(d for d in volume_docs[1] if d.number == number)
    pb = next(p for p in doc.pages if p.n == page)
    assert doc.blocks[pb.block].text[pb.offset :].startswith(block_text)


@needs_shared
def test_offsets_and_text_are_normalised(volume_docs):
    for doc in volume_docs[1]:
        for block in doc.blocks:
            assert block.text == " ".join(block.text.split())
        for item in [*doc.notes, *doc.pages]:
            assert 0 <= item.offset <= len(doc.blocks[item.block].text)
        for m in doc.marks:
            text = doc.blocks[m.block].text if m.block is not None else doc.notes[m.note].text
            assert m.offset >= 0 and m.offset + m.length <= len(text)


@pytest.mark.parametrize(
    "xml,text,marked",
    [
        (  # an editor's indentation inside a reference: the book prints "(Foreign"
            '(<ref target="#d1">\n    <hi rend="italic">Foreign Relations</hi>, 1961</ref>) so',
            "(Foreign Relations, 1961) so",
            "Foreign Relations, 1961",
        ),
        (  # and before the punctuation after a closing tag
            '<hi rend="italic">Good news for <persName>Sato</persName>\n    </hi>: There',
            "Good news for Sato: There",
            "Sato",
        ),
        ("He said\n    “<persName>Yes</persName>.”", "He said “Yes.”", "Yes"),
        ("e.g ., as printed (a space) ( kept", "e.g ., as printed (a space) ( kept", None),
        ("a line<lb/>\n    (broken) here", "a line (broken) here", None),
        (
            "in <persName>Tokyo</persName>\n   and\n   <persName>Kyoto</persName>",
            "in Tokyo and Kyoto",
            "Tokyo",
        ),
    ],
)
def test_layout_white_space_next_to_punctuation_is_no_space(tmp_path, xml, text, marked):
    """White space with a line break in it is the file's indentation: next to a bracket or
    punctuation it is dropped (FRUS files are indented), elsewhere it is one space."""
    path = tmp_path / "v.xml"
    path.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="v"><teiHeader/><text><body>'
        f'<div type="document" n="1" xml:id="d1"><head>H</head><p>{xml}</p>'
        f'<p>Note<note n="1">{xml}</note></p></div></body></text></TEI>',
        encoding="utf-8",
    )
    _, (doc,) = read_tei_volume(path)
    assert doc.blocks[1].text == doc.notes[0].text == text
    if marked:
        for where in (1, None):
            (mark,) = [m for m in doc.marks if m.block == where and m.type != "date"][:1]
            source = doc.blocks[1].text if where else doc.notes[0].text
            assert source[mark.offset : mark.offset + mark.length] == marked


@needs_shared
def test_the_shared_volume_s_indentation_is_not_text(volume_docs):
    docs = {d.number: d for d in volume_docs[1]}
    assert docs["19"].notes[1].text.startswith("During Ikeda's visit") and (
        "(Foreign Relations, 1961–1963, vol. XXII, Document 334.)" in docs["19"].notes[1].text
    )
    assert any(b.text.startswith("1. Good news for Sato: There") for b in docs["40"].blocks)


@needs_shared
def test_front_matter_sections(volume_docs):
    vol, _ = volume_docs
    assert [(s.id.partition("/")[2], s.title, s.subtype) for s in vol.sections] == [
        ("preface", "Preface", "front-matter"),
        ("subseriesvols", "Johnson Administration Volumes", "front-matter"),
        ("sources", "Sources", "front-matter"),
        ("actionsstatement", "Note on U.S. Covert Actions", "front-matter"),
    ]
    preface, volumes, sources, covert = vol.sections
    assert preface.pages[0].n == "III" and (preface.pages[0].block, preface.pages[0].offset) == (
        0,
        0,
    )
    assert sum(b.type == "row" for b in volumes.blocks) > 20  # the table of volumes
    assert "Lyndon B. Johnson Library" in sources.plain_text()
    assert [n.n for n in covert.notes] == [str(i) for i in range(1, 13)]


@needs_shared
def test_split_files_read_like_the_whole_volume(tree, volume_docs, tmp_path):
    split_volume(tree, tmp_path)
    files = sorted(tmp_path.glob("*.xml"))
    ((vol, docs),) = list(read_tei_documents(files))
    whole_vol, whole_docs = volume_docs
    assert vol.id == whole_vol.id
    assert [d.to_json() for d in docs] == [d.to_json() for d in whole_docs]
    assert [d.seq for d in docs] == [d.seq for d in whole_docs]
    assert [p.id for p in vol.persons] == [p.id for p in whole_vol.persons]
    assert [s.to_json() for s in vol.sections] == [s.to_json() for s in whole_vol.sections]
    assert [d.to_json() for d in vol.divisions] == [d.to_json() for d in whole_vol.divisions]


def test_split_file_without_header_id_takes_folder_name(tmp_path):
    folder = tmp_path / "frus1999v01"
    folder.mkdir()
    (folder / "d1.xml").write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><teiHeader/><text><body>'
        '<div type="document" n="1" xml:id="d1"><head>1. Note</head><p>Text.</p></div>'
        "</body></text></TEI>"
    )
    vol, docs = read_tei_volume(folder / "d1.xml")
    assert vol.id == "frus1999v01" and docs[0].id == "frus1999v01/d1"


def test_split_files_without_ids_or_numbers_are_named_by_their_files(tmp_path):
    """Each would be "doc1" and the second would be refused as the first again."""
    folder = tmp_path / "letters"
    folder.mkdir()
    for name in ("adams-to-jay", "jay-to-adams"):
        (folder / f"{name}.xml").write_text(
            '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="letters"><text><body>'
            f'<div type="document"><head>{name}</head><p>Text.</p></div></body></text></TEI>'
        )
    ((vol, docs),) = read_tei_documents(sorted(folder.iterdir()))
    assert [d.id for d in docs] == ["letters/adams-to-jay", "letters/jay-to-adams"]
    assert [d.title for d in docs] == ["adams-to-jay", "jay-to-adams"] and vol.id == "letters"


def test_lists_tables_attachments_and_nested_notes(tmp_path):
    path = tmp_path / "v.xml"
    path.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:frus="http://history.state.gov/frus/ns/1.0"'
        ' xml:id="vtest"><teiHeader/><text><body>'
        '<div type="document" n="7" xml:id="d7" frus:doc-dateTime-min="1964-01-01T00:00:00"'
        ' frus:doc-dateTime-max="1964-01-31T23:59:59">'
        '<head>7. Paper<note n="1" type="source">Source: X.</note></head>'
        '<p>Intro<note n="2">Note with <hi>inner</hi> text.</note> text.</p>'
        '<list><head>PARTICIPANTS</head><label>1.</label><item>First <pb n="9"/>item</item>'
        '<item>Second<note n="3">In a list.</note></item></list>'
        "<table><row><cell>a</cell><cell>b</cell></row></table>"
        "<frus:attachment><head>Attachment</head><p>Attached text.</p></frus:attachment>"
        '<closer><signed>X<note n="4">Signature note.</note></signed></closer>'
        "</div></body></text></TEI>"
    )
    _vol, (doc,) = read_tei_volume(path)
    assert [(b.type, b.text) for b in doc.blocks] == [
        ("head", "Paper"),
        ("p", "Intro text."),
        ("head", "PARTICIPANTS"),
        ("item", "1. First item"),
        ("item", "Second"),
        ("row", "a b"),
        ("head", "Attachment"),
        ("p", "Attached text."),
        ("signed", "X"),
    ]
    assert [(n.n, n.block, n.offset) for n in doc.notes] == [
        ("1", 0, 5),
        ("2", 1, 5),
        ("3", 4, 6),
        ("4", 8, 1),
    ]
    assert doc.notes[1].text == "Note with inner text."
    assert [(p.n, p.block, p.offset) for p in doc.pages] == [("9", 3, 9)]
    assert doc.date.min == "1964-01-01T00:00:00" and doc.date.source == "attribute"


def test_figures_readings_postscripts_and_block_quotes(tmp_path):
    """Markup the shared volume lacks but other volumes use: a figure's caption and its
    note are kept (the image is not text), one reading of a <choice>, and a postscript's
    or block quotation's paragraphs typed as such."""
    path = tmp_path / "v.xml"
    path.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:frus="http://history.state.gov/frus/ns/1.0"'
        ' xml:id="vtest"><teiHeader/><text><body>'
        '<div type="document" n="3" xml:id="d3" frus:doc-dateTime-min="1977-01-21T09:00:00-05:00"'
        ' frus:doc-dateTime-max="1977-01-21T09:59:59-05:00"><head>Memorandum</head>'
        "<opener><dateline><placeName>Camp David</placeName>, "
        '<date when="1977-01-21">January 21, 1977</date></dateline></opener>'
        '<figure><graphic url="d3-fig1"/><figDesc>a map</figDesc>'
        '<head>Map of the region<note n="1">Not printed.</note></head><p>Caption.</p></figure>'
        "<p>He <choice><sic>welcommed</sic><corr>welcomed</corr></choice> it and "
        "<choice><abbr>Amb.</abbr><expan>Ambassador</expan></choice> X.</p>"
        '<quote rend="blockquote"><p>Quoted one.</p><p>Quoted two.</p></quote>'
        "<p>Said <quote>inline</quote> words.</p>"
        "<postscript><p>P.S. More.</p></postscript>"
        "</div></body></text></TEI>"
    )
    _vol, (doc,) = read_tei_volume(path)
    assert [(b.type, b.text) for b in doc.blocks] == [
        ("head", "Memorandum"),
        ("dateline", "Camp David, January 21, 1977"),
        ("head", "Map of the region"),
        ("p", "Caption."),
        ("p", "He welcomed it and Ambassador X."),
        ("quote", "Quoted one."),
        ("quote", "Quoted two."),
        ("p", "Said inline words."),
        ("postscript", "P.S. More."),
    ]
    assert [(n.n, n.text, n.block, n.offset) for n in doc.notes] == [("1", "Not printed.", 2, 17)]
    Enricher(_vol)(doc)  # the edition's date attributes stand; the place is the dateline's
    assert doc.date.source == "attribute" and doc.date.min.startswith("1977-01-21T09")
    assert doc.date.place == "Camp David"


@pytest.mark.parametrize(
    "content,message",
    [
        ("<TEI><text>", "not well-formed XML"),
        ("<html><body/></html>", "not a TEI file"),
    ],
)
def test_bad_xml_names_file_and_place(tmp_path, content, message):
    path = tmp_path / "bad.xml"
    path.write_text(content)
    with pytest.raises(InputError) as exc:
        list(TeiVolumeReader(path))
    assert message in exc.value.message and str(path) in exc.value.message


def test_syntax_error_gives_its_place_once(tmp_path):
    path = tmp_path / "cut.xml"
    path.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>\n<p>a</b>')
    with pytest.raises(InputError) as exc:
        list(TeiVolumeReader(path))
    assert exc.value.message == (
        f"{path}:2:9: not well-formed XML: Opening and ending tag mismatch: p line 2 and b"
    )


def test_an_entity_the_file_does_not_declare_is_named_with_its_place(tmp_path):
    """HTML's "&mdash;" in a TEI file: entities are never resolved, and the parser's first
    word on it was "no element found" at line 0; the error says what and where."""
    path = tmp_path / "ent.xml"
    path.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>\n'
        '<div type="document" n="1"><head>One</head><p>War &mdash; peace.</p></div>'
        "</body></text></TEI>"
    )
    with pytest.raises(InputError) as exc:
        list(TeiVolumeReader(path))
    assert exc.value.message == f"{path}:2:58: not well-formed XML: Entity 'mdash' not defined"


_NEST = {  # markup repeated N times around one word: (opening, closing)
    "names": ("<hi rend='italic'>", "</hi>"),
    "quotations": ("<quote><p>", "</p></quote>"),
    "notes": ("<note n='2'>x ", "</note>"),
}


def _nested_volume(where: str, kind: str, depth: int) -> str:
    opening, closing = _NEST[kind]
    deep = "\n" + opening * depth + "word" + closing * depth
    head = deep if where == "chapter heading" else "Chapter"
    glossary = deep if where == "glossary" else "Sato, Eisaku"
    body = deep if where == "document" else "text"
    return f"""<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="v1"><text><front>
<div type="section" xml:id="persons"><list><item><persName xml:id="p_SE1">{glossary}</persName>,
Prime Minister</item></list></div></front><body><div type="chapter" xml:id="ch1"><head>{head}</head>
<div type="document" n="1" xml:id="d1"><head>One</head><p>{body}</p></div>
</div></body></text></TEI>"""


@pytest.mark.parametrize("where", ["document", "chapter heading", "glossary"])
@pytest.mark.parametrize("kind", list(_NEST))
def test_markup_nested_too_deep_is_a_clear_error(tmp_path, where, kind):
    """Hundreds of levels (a damaged or generated file; FRUS nests a few dozen) are an error
    naming the file and the line of the deepest element, not a RecursionError; what a real
    edition nests is read."""
    path = tmp_path / "deep.xml"
    path.write_text(_nested_volume(where, kind, 60))
    docs = list(TeiVolumeReader(path))
    assert len(docs) == 1
    path.write_text(_nested_volume(where, kind, 600))
    line = {"glossary": 3, "chapter heading": 4, "document": 5}[where]  # the deep markup's
    if where == "glossary":  # names are read without recursion, however deep
        reader = TeiVolumeReader(path)
        assert len(list(reader)) == 1
        assert reader.volume.persons[0].name == ("" if kind == "notes" else "word")
    else:
        with pytest.raises(InputError) as exc:
            list(TeiVolumeReader(path))
        assert re.fullmatch(
            rf"{re.escape(str(path))}:{line}: markup nested \d+ levels deep in .+: "
            "too deep to read",
            exc.value.message,
        )
    path.write_text(_nested_volume(where, kind, 2100))  # past libxml2's own limit
    with pytest.raises(InputError) as exc:
        list(TeiVolumeReader(path))
    assert exc.value.message.startswith(f"{path}:{line}:")
    assert exc.value.message.endswith("markup nested more than 2,048 levels deep: too deep to read")


def test_entities_are_never_resolved(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET")
    path = tmp_path / "xxe.xml"
    path.write_text(
        f'<!DOCTYPE TEI [<!ENTITY x SYSTEM "file://{secret}">]>'
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="v"><text><body>'
        '<div type="document" n="1" xml:id="d1"><head>1. T</head><p>a &x; b</p></div>'
        "</body></text></TEI>"
    )
    _, docs = read_tei_volume(path)
    assert "TOP SECRET" not in docs[0].blocks[1].text


_STRUCTURE = """<TEI {ns} xml:id="vstruct">
<teiHeader><fileDesc><titleStmt><title type="complete">A Test Volume</title>
<editor>Ann Editor</editor></titleStmt>
<publicationStmt><date>1999</date></publicationStmt></fileDesc></teiHeader>
<text><front><div xml:id="persons"><list><item><persName xml:id="p_AA1">Able, Ann</persName>,
Secretary</item></list></div></front>
<body>
<div type="compilation" xml:id="comp1"><head>Part One</head>
  <div type="chapter" xml:id="ch1"><head>Chapter A<lb/>second line<note n="1">A note.</note></head>
    <div type="document" n="1" xml:id="d1"><head>1. First</head><p>One.</p></div>
    <div type="document" n="2" xml:id="d2"><head>2. Second</head><p>Two.</p></div>
  </div>
  <div type="chapter" xml:id="ch2">
    <div type="document" n="3" xml:id="d3"><head>3. Third</head><p>Three.</p></div>
    <head>Chapter B, headed last</head>
  </div>
</div>
</body>
<back><div xml:id="terms"><list><item><term xml:id="t_XYZ">XYZ</term>, a term</item></list>
</div></back></text></TEI>"""


def _all_divisions(divisions):
    return [d for top in divisions for d in top.walk()]


@pytest.mark.parametrize("ns", ['xmlns="http://www.tei-c.org/ns/1.0"', ""])
def test_divisions_header_and_glossaries_with_or_without_namespace(tmp_path, ns):
    path = tmp_path / "v.xml"
    path.write_text(_STRUCTURE.format(ns=ns))
    vol, docs = read_tei_volume(path)
    assert vol.id == "vstruct" and vol.title == "A Test Volume" and vol.year == "1999"
    assert vol.editors == ["Ann Editor"]
    assert [(p.id, p.name) for p in vol.persons] == [("p_AA1", "Able, Ann")]
    assert [(t.id, t.term) for t in vol.terms] == [("t_XYZ", "XYZ")]
    assert [d.id for d in docs] == ["vstruct/d1", "vstruct/d2", "vstruct/d3"]
    assert [d.division for d in docs] == ["ch1", "ch1", "ch2"]
    (comp,) = vol.divisions
    assert (comp.id, comp.title) == ("comp1", "Part One")
    assert [(c.id, c.title, c.documents) for c in comp.children] == [
        ("ch1", "Chapter A second line", ["d1", "d2"]),
        ("ch2", "Chapter B, headed last", ["d3"]),
    ]
    note = comp.children[0].notes[0]
    assert (note.n, note.text, note.block, note.offset) == ("1", "A note.", 0, 21)


def test_references_without_a_target_are_kept_and_given_one(tmp_path):
    """A ref the editors left without a target is still a ref (every ref is read); when its
    words name a document, enrichment gives it that target, and a link."""
    path = tmp_path / "v.xml"
    path.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="vref"><teiHeader/><text><body>'
        '<div type="document" n="1" xml:id="d1"><head>One<note n="1">See <ref>Document 2'
        "</ref>; the <ref>enclosure</ref> is not printed.</note></head><p>A.</p></div>"
        '<div type="document" n="2" xml:id="d2"><head>Two</head><p>B.</p></div>'
        "</body></text></TEI>"
    )
    vol, (one, _) = read_tei_volume(path)
    refs = [(m.offset, m.length, m.target) for m in one.marks if m.type == "ref"]
    assert refs == [(4, 10, None), (20, 9, None)]
    Enricher(vol)(one)
    refs = [(m.offset, m.target, m.source) for m in one.marks if m.type == "ref"]
    assert refs == [(4, "vref/d2", "markup"), (20, None, "markup")]
    assert [(lk.type, lk.target) for lk in one.links] == [("see", "vref/d2")]
    # written back as the editors wrote them
    assert "<ref>enclosure</ref>" in render_tei(one)


def test_divisions_without_ids_get_distinct_ones(tmp_path):
    path = tmp_path / "v.xml"
    path.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="vnoid"><teiHeader/><text><body>'
        '<div type="chapter"><head>One</head><div type="document" n="1" xml:id="d1">'
        '<head>A</head></div></div><div type="chapter"><head>Two</head><div type="subchapter">'
        '<head>Two, a</head><div type="document" n="2" xml:id="d2"><head>B</head></div></div>'
        "</div></body></text></TEI>"
    )
    vol, docs = read_tei_volume(path)
    ids = [d.id for d in _all_divisions(vol.divisions)]
    assert len(set(ids)) == len(ids) == 3
    assert [d.division for d in docs] == [ids[0], ids[2]]


def test_notes_in_division_headings_are_kept(tmp_path):
    """FRUS chapters often open with a footnote on their heading ("For previous
    documentation, see ..."): its text, anchor, tagged names and links are the division's."""
    path = tmp_path / "v.xml"
    path.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frus1964-68v02"><teiHeader/><text>'
        '<body><div type="compilation" xml:id="comp1"><head>Vietnam, January–June 1965'
        '<note n="1" xml:id="comp1fn1">For previous documentation, see <ref '
        'target="frus1964-68v01#d470">Foreign Relations, 1964–1968, vol. I, Document 470'
        '</ref>; the <gloss target="#t_NSC1">NSC</gloss> papers of <persName '
        'corresp="#p_BMG1">Bundy</persName> are in the Johnson Library.</note></head>'
        '<div type="chapter" xml:id="ch1"><head>Escalation<lb/>of the War<note n="2">See '
        '<ref target="#d2">Document 2</ref>.</note> in the North</head>'
        '<div type="document" n="1" xml:id="d1"><head>1. Telegram</head><p>One.</p></div>'
        '<div type="document" n="2" xml:id="d2"><head>2. Memorandum<note n="1" '
        'type="source">Source: Johnson Library.</note></head><p>Two.</p></div>'
        "</div></div></body></text></TEI>"
    )
    vol, docs = read_tei_volume(path)
    (comp,) = vol.divisions
    (chapter,) = comp.children
    assert comp.title == "Vietnam, January–June 1965"
    assert [(n.n, n.block, n.offset) for n in comp.notes] == [("1", 0, 26)]
    assert comp.notes[0].text.startswith("For previous documentation, see Foreign Relations")
    assert {(m.type, m.note, m.target or m.ref) for m in comp.marks} == {
        ("ref", 0, "frus1964-68v01/d470"),
        ("term", 0, "t_NSC1"),
        ("person", 0, "p_BMG1"),
    }
    assert chapter.title == "Escalation of the War in the North"
    assert [(n.n, n.text, n.offset) for n in chapter.notes] == [("2", "See Document 2.", 21)]
    assert [(m.type, m.target) for m in chapter.marks] == [("ref", "frus1964-68v02/d2")]
    # the documents keep only their own notes
    assert [len(d.notes) for d in docs] == [0, 1]
    # and the division tree round-trips through its JSON (as the store keeps it)
    again = Division.from_json(comp.to_json())
    assert again == comp


def test_a_tei_corpus_is_not_read_as_one_volume(tmp_path):
    path = tmp_path / "corpus.xml"
    path.write_text("<teiCorpus>" + _STRUCTURE.format(ns="") + "</teiCorpus>")
    with pytest.raises(InputError, match="root element <teiCorpus>"):
        read_tei_volume(path)


def test_unnumbered_page_breaks_spaces_and_address_lines(tmp_path):
    """Markup of older volumes and of research projects' files: a ``pb`` without a number (a
    facsimile's image) begins no printed page, wherever it stands; ``space`` is a space;
    the lines of an address run on, a line break apart."""
    path = tmp_path / "v.xml"
    path.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="v1899"><teiHeader/><text>'
        '<front><pb facs="0001"/><div xml:id="preface"><head>Preface</head><p>P.</p></div></front>'
        '<body><pb/><div type="document" n="1" xml:id="d1"><head>Mr. Hay to Mr. Choate.</head>'
        '<p>A ha<pb/>rbor <pb n="130"/>on the coast<pb n=" "/>.</p>'
        '<p>At 10 a.m.<space quantity="3" unit="chars"/>Done.</p>'
        "<address><addrLine>Legation of the United States,</addrLine>"
        "<addrLine>London.</addrLine></address>"
        "</div><pb/></body></text></TEI>"
    )
    vol, (doc,) = read_tei_volume(path)
    assert [(b.type, b.text) for b in doc.blocks[1:]] == [
        ("p", "A harbor on the coast."),
        ("p", "At 10 a.m. Done."),
        ("p", "Legation of the United States, London."),
    ]
    assert [(p.n, p.block, p.offset) for p in doc.pages] == [("130", 1, len("A harbor "))]
    assert all(not section.pages for section in vol.sections)
    assert "[Page" not in render_text(doc).replace("[Page 130]", "")


@pytest.mark.parametrize(
    "attributes,when",
    [
        ('when="1899-09-06"', "1899-09-06"),
        ('from="1899-09-01" to="1899-09-30"', "1899-09-01/1899-09-30"),
        ('notBefore="1899-09-01" notAfter="1899-09-30"', "1899-09-01/1899-09-30"),
        # open at an end: "not after" is no day, nor is "not before"
        ('notAfter="1899-08-31"', "../1899-08-31"),
        ('notBefore="1899-08-01"', "1899-08-01/.."),
        ("", None),
    ],
)
def test_date_attributes_are_one_iso_value(tmp_path, attributes, when):
    path = tmp_path / "v.xml"
    path.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="vd"><teiHeader/><text><body>'
        '<div type="document" n="1" xml:id="d1"><head>One</head>'
        f"<p>Written <date {attributes}>late that summer</date>.</p></div></body></text></TEI>"
    )
    _, (doc,) = read_tei_volume(path)
    marks = [(m.offset, m.length, m.when) for m in doc.marks if m.type == "date"]
    assert marks == ([(8, 16, when)] if when else [])
    if when:  # exported as the edition would write it, and read back the same
        again = tmp_path / "again.xml"
        again.write_text(render_tei(doc))
        _, (back,) = read_tei_volume(again)
        assert [m.when for m in back.marks if m.type == "date"] == [when]


def test_page_breaks_between_documents_begin_the_next_one(tmp_path):
    path = tmp_path / "v.xml"
    path.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="vpb"><teiHeader/><text>'
        '<front><pb n="IV"/></front><body><div type="chapter" xml:id="ch1"><head>Chapter</head>'
        '<pb n="4"/><div type="document" n="1" xml:id="d1"><head>One</head>'
        '<p>Text one continues <pb n="5"/>onto five.</p></div>'
        '<div type="document" n="2" xml:id="d2"><head>Two</head><p>On five.</p></div>'
        '<pb n="6"/></div><div type="chapter" xml:id="ch2"><head>Next</head>'
        '<div type="document" n="3" xml:id="d3"><head>Three</head><p>On six.</p></div>'
        "</div></body></text></TEI>"
    )
    _, docs = read_tei_volume(path)
    assert [[(p.n, p.block, p.offset) for p in d.pages] for d in docs] == [
        [("4", 0, 0), ("5", 1, 19)],
        [],  # begins on page 5, which began inside document 1
        [("6", 0, 0)],  # the break closed chapter 1; the next thing printed is document 3
    ]
    assert render_text(docs[2]).startswith("[Page 6]\n\n3. Three")


def test_a_page_break_after_the_last_document_ends_it(tmp_path):
    """The back matter often begins a page, marked after the body's last document: that
    break is the last document's, at its end (nothing of the body follows it)."""
    path = tmp_path / "v.xml"
    path.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="vend"><teiHeader/><text><body>'
        '<div type="chapter" xml:id="ch1"><div type="document" n="1" xml:id="d1"><head>One'
        '</head><p>On nine.</p></div><div type="document" n="2" xml:id="d2"><head>Two</head>'
        '<p>Ends page ten.</p></div><pb n="11"/></div></body>'
        '<back><pb n="12"/><div xml:id="index"><head>Index</head></div></back></text></TEI>'
    )
    _, docs = read_tei_volume(path)
    assert [[(p.n, p.block, p.offset) for p in d.pages] for d in docs] == [
        [],
        [("11", 1, len("Ends page ten."))],
    ]
    # read by workers, each taking some documents: only the last one's reader adds it
    first = list(TeiVolumeReader(path, select=lambda seq: seq == 1))
    last = list(TeiVolumeReader(path, select=lambda seq: seq == 2))
    assert [d.pages for d in first] == [[]] and last[0].pages == docs[1].pages


def test_glossary_entries_with_the_id_on_the_item(tmp_path):
    """Some editions put the id on the list item rather than on the name in it."""
    path = tmp_path / "v.xml"
    path.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="vg"><teiHeader/><text><front>'
        '<div type="section" xml:id="persons"><list type="participants">'
        '<item xml:id="p_CJ1"><hi rend="strong"><persName>Carter, Jimmy</persName></hi>, '
        "President of the United States</item>"
        '<item xml:id="p_VC1"><hi rend="strong">Vance, Cyrus R.</hi>, Secretary of State</item>'
        "</list></div>"
        '<div type="section" xml:id="terms"><list type="abbreviations">'
        '<item xml:id="t_NSC1"><hi rend="strong">NSC</hi>, National Security Council</item>'
        "</list></div>"
        '<div type="section" xml:id="sources"><list><item xml:id="s1">Carter Library</item>'
        "</list></div></front>"
        '<body><div type="document" n="1" xml:id="d1"><head>Memo</head>'
        '<p><persName corresp="#p_CJ1">The President</persName> met the '
        '<gloss target="#t_NSC1">NSC</gloss>.</p></div></body></text></TEI>'
    )
    vol, (doc,) = read_tei_volume(path)
    assert [(p.id, p.name, p.description) for p in vol.persons] == [
        ("p_CJ1", "Carter, Jimmy", "President of the United States"),
        ("p_VC1", "Vance, Cyrus R.", "Secretary of State"),
    ]
    assert [(t.id, t.term, t.expansion) for t in vol.terms] == [
        ("t_NSC1", "NSC", "National Security Council")
    ]
    known = {p.id for p in vol.persons} | {t.id for t in vol.terms}
    assert [m.ref for m in doc.marks if m.type in ("person", "term")] == ["p_CJ1", "t_NSC1"]
    assert all(m.ref in known for m in doc.marks if m.ref)


def test_soft_hyphens_and_zero_width_characters_are_not_text(tmp_path):
    """A soft hyphen (&#xAD;, &shy;) or a zero-width space only says where a line may break.
    Left in, it splits the word for search ("nego" "tiations") and shows nowhere."""
    path = tmp_path / "v.xml"
    path.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="v"><text><body>'
        '<div type="document" n="1" xml:id="d1"><head>The nego&#xAD;tia&#x200B;tions</head>'
        '<p>Talks with <persName corresp="#p1">Sa&#xAD;to</persName> be&#xAD;<hi>gan</hi>.'
        '<note n="2">A re&#x2060;mark.</note> Next &#xAD; day&#xFEFF;.</p></div>'
        "</body></text></TEI>"
    )
    _, (doc,) = read_tei_volume(path)
    assert doc.title == "The negotiations"
    assert doc.blocks[1].text == "Talks with Sato began. Next day."
    (person,) = [m for m in doc.marks if m.type == "person"]
    assert doc.blocks[1].text[person.offset : person.offset + person.length] == "Sato"
    (note,) = doc.notes
    assert note.text == "A remark." and doc.blocks[1].text[: note.offset].endswith("began.")


@pytest.mark.parametrize(
    "first,is_dateline",
    [
        ("Washington, May 1, 1965.", True),
        ("Tokyo, January 16, 1964, 6 p.m.", True),
        ("December 31, 1965, 1526Z.", True),
        ("On May 1, 1965, the Ambassador called on the Prime Minister.", False),
        ("Washington, May 1, 1965. The Secretary met the Ambassador.", False),
    ],
)
def test_a_dateline_the_edition_did_not_tag_is_one(tmp_path, first, is_dateline):
    """Other editions' TEI (and web pages) print the place and date as a paragraph; the
    copied-text reader already took such a paragraph for the dateline, now all readers do,
    so the document is dated."""
    path = tmp_path / "v.xml"
    path.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="v"><text><body>'
        f'<div type="document" n="1" xml:id="d1"><head>One</head><p>{first}</p><p>Text.</p>'
        "</div></body></text></TEI>"
    )
    vol, (doc,) = read_tei_volume(path)
    Enricher(vol)(doc)
    assert (doc.blocks[1].type == "dateline") is is_dateline
    assert (doc.date is not None and doc.date.min is not None) is is_dateline


@pytest.mark.parametrize(
    "lo,hi,expected",
    [
        # an attribute no calendar reads is passed over: the dateline dates the document
        ("1965-02-30T00:00:00", "1965-02-30T23:59:59", ("1965-03-02T00:00:00", "dateline")),
        ("#", "", ("1965-03-02T00:00:00", "dateline")),
        ("1965-03-02T25:00:00", "1965-03-02T23:59:59", ("1965-03-02T23:59:59", "attribute")),
        # the two swapped are still the editors' range
        ("1965-03-02T23:59:59", "1965-03-02T00:00:00", ("1965-03-02T00:00:00", "attribute")),
        # one with its time zone, one without: ordered by their clocks
        ("9999-12-31", "1965-03-02T10:00:00-05:00", ("1965-03-02T10:00:00-05:00", "attribute")),
    ],
)
def test_a_document_s_date_attributes_no_calendar_has_give_way_to_its_dateline(
    tmp_path, lo, hi, expected
):
    path = tmp_path / "v.xml"
    path.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:frus="http://history.state.gov/frus/ns/1.0"'
        ' xml:id="vtest"><teiHeader/><text><body>'
        f'<div type="document" n="1" xml:id="d1" frus:doc-dateTime-min="{lo}"'
        f' frus:doc-dateTime-max="{hi}"><head>Telegram</head>'
        "<dateline>Tokyo, March 2, 1965.</dateline><p>Text, as of March 1, 1965.</p>"
        "</div></body></text></TEI>"
    )
    vol, (doc,) = read_tei_volume(path)
    Enricher(vol)(doc)  # and enrichment, which reads the dates, takes the document
    assert (doc.date.min, doc.date.source) == expected
    assert doc.date.min <= doc.date.max
