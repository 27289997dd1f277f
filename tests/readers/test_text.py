"""Text reader: the seed field by field, both copy styles, round trips and bad input."""

from __future__ import annotations

import re

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from despatch.enrich import Enricher
from despatch.errors import InputError
from despatch.export.text import render_text
from despatch.model import Block, Document, Note, PageBreak, Volume
from despatch.readers import detect_format
from despatch.readers.text import read_text, read_text_file

from ..conftest import needs_shared


def test_seed_field_by_field(seed_text):
    (doc,) = read_text(seed_text, stem="000_3fefc253ff642bb6")
    assert doc.id == "000_3fefc253ff642bb6/d301" and doc.number == "301"
    assert doc.title == "Letter From Soviet General Secretary Brezhnev to President Carter"
    assert [b.type for b in doc.blocks] == ["head", "salute"] + ["p"] * 7 + ["signed"]
    assert doc.blocks[1].text == "Esteemed Mr. President,"
    assert doc.blocks[-1].text == "L. Brezhnev"
    assert [(n.n, n.block) for n in doc.notes] == [("1", 0), ("2", 2), ("3", 2), ("4", 9)]
    before = [doc.blocks[n.block].text[: n.offset] for n in doc.notes]
    assert before[0] == doc.title and before[0].endswith("President Carter")
    assert before[1].endswith("Secretary of State, E. Muskie")
    assert before[2].endswith("a reply to your letter of September 2")
    assert before[3] == "L. Brezhnev"
    assert doc.blocks[2].text[doc.notes[2].offset :].startswith(" on questions")
    assert "September 2 on questions" in doc.blocks[2].text
    assert doc.notes[0].type == "source" and doc.notes[0].text.startswith("Source: Carter Library")
    assert doc.notes[2].text == "See Document 299."
    (page,) = doc.pages
    assert page.n == "882" and doc.blocks[page.block].text[page.offset :].startswith("effect that")
    assert doc.blocks[page.block].text[: page.offset].endswith("to the ")
    for block in doc.blocks:
        assert "[Page" not in block.text and "Carter1" not in block.text
    assert doc.recovery.warnings == []


def test_seed_json_matches_the_spec_shape(seed_text):
    data = read_text(seed_text)[0].to_json()
    assert set(data) >= {
        "id",
        "volume",
        "number",
        "subtype",
        "title",
        "blocks",
        "notes",
        "pages",
        "marks",
    }
    assert data["blocks"][0] == {"type": "head", "text": data["title"]}


@pytest.mark.parametrize(
    "text,word,page_at",
    [
        ("1. Letter\n\nYou are wel [Page 220] come to it.\n", "welcome", "come to it."),
        ("1. Letter\n\nWe noted the [Page 882] effect of it.\n", "the effect", "effect of it."),
        (
            "1. Letter\n\nThe Ambassador met Ike [Page 3] da and Ikeda agreed.\n",
            "met Ikeda and",
            "da and",
        ),
        # no space on either side: the copy kept the text as it ran
        (
            "1. Letter\n\nThe right of self-[Page 12]determination.\n",
            "of self-determination.",
            "determination.",
        ),
        ("1. Letter\n\nYou are wel[Page 220]come to it.\n", "welcome", "come to it."),
    ],
)
def test_page_markers_inside_and_between_words(text, word, page_at):
    (doc,) = read_text(text)
    block = doc.blocks[doc.pages[0].block]
    assert word in block.text
    assert block.text[doc.pages[0].offset :].startswith(page_at)
    assert doc.recovery.decisions and doc.recovery.decisions[0]["kind"] == "page"


@pytest.mark.parametrize(
    "text,block_text,offset",
    [  # a page that is all picture: two markers in a row, between words, in one, at the end
        ("1. Letter\n\nWe noted the [Page 8] [Page 9] effect.\n", "We noted the effect.", 13),
        ("1. Letter\n\nYou are wel [Page 8] [Page 9] come.\n", "You are welcome.", 11),
        ("1. Letter\n\nAnd so it ends. [Page 8] [Page 9]\n", "And so it ends.", 15),
    ],
)
def test_page_markers_one_after_another(text, block_text, offset):
    (doc,) = read_text(text)
    assert doc.blocks[1].text == block_text
    assert [(p.n, p.block, p.offset) for p in doc.pages] == [("8", 1, offset), ("9", 1, offset)]


def test_web_copy_style_with_source_marker_zero():
    text = (
        "[Page 12]\n\n14. Telegram From the Embassy in Japan to the Department of State0\n\n"
        "Tokyo, May 5, 1965, 7 p.m.\n\nThe Prime Minister agreed.1 He said so twice.2\n\n"
        "[Page 13]\n\nReischauer\n"
        "- Source: National Archives, RG 59. Secret.↩\n- See Document 12.↩\n- Not printed.↩\n"
    )
    (doc,) = read_text(text)
    body = doc.blocks[2].text
    assert body == "The Prime Minister agreed. He said so twice."
    assert [(n.n, n.block, n.offset) for n in doc.notes] == [
        ("0", 0, len(doc.title)),
        ("1", 2, body.index(" He")),
        ("2", 2, len(body)),
    ]
    assert doc.notes[0].type == "source"
    assert [b.type for b in doc.blocks] == ["head", "dateline", "p", "p"]
    assert [(p.n, p.block, p.offset) for p in doc.pages] == [("12", 0, 0), ("13", 3, 0)]


def test_many_documents_in_one_file_even_without_notes():
    text = (
        "301. Letter From A to B1\n\nText one.2\n\n  1. Source: X.\n  2. Note two.\n\n"
        "302. Editorial Note\n\nNo notes in this one; see Document 301.\n\n"
        "303. Memorandum From C to D1\n\nWashington, undated.\n\nBody.\n\n  1. Source: Y.\n"
    )
    docs = read_text(text)
    assert [d.number for d in docs] == ["301", "302", "303"]
    assert [len(d.notes) for d in docs] == [2, 0, 1]
    assert docs[1].subtype == "editorial-note"
    assert docs[2].blocks[1].type == "dateline"


@pytest.mark.parametrize(
    "line,is_dateline",
    [
        ("Tokyo, January 16, 1964.", True),
        ("December 31, 1965, 1526Z.", True),  # no place
        ("New York, December 5, 1964, 4 p.m.", True),
        ("Washington, March 30, 1967, 4:05–4:25 p.m.", True),
        ("Moscow, undated.", True),
        ("Tokyo, September 6, 1941—9 p.m.", True),  # telegrams of the 1940s
        ("Tokyo, September 6, 1941—noon.", True),
        # older volumes: a despatch's number first, an abbreviated place, two calendars, a
        # foreign government's date
        ("No. 312.] Peking, February 15, 1900.", True),
        ("St. Petersburg, February 3/15, 1870.", True),
        ("St. Petersburg, August 25 (September 6), 1899.", True),
        ("Paris, le 6 septembre 1899.", True),
        ("Bonn, den 6. Juni 1899.", True),
        # meetings over a month's or a year's end, and months
        ("Washington, September 30–October 1, 1980.", True),
        ("Camp David, December 31, 1979–January 1, 1980.", True),
        ("Tokyo, May–June 1966.", True),
        # later and rougher forms: a time before the date, a weekday, the editors' query
        ("Moscow, 1200Z, 5 October 1980.", True),
        ("Washington, Tuesday, January 5, 1965.", True),
        ("Washington, January 5?, 1965, 10 a.m.–noon.", True),
        ("Washington, D.C., late January 1965.", True),
        ("Tokyo, January 5, 1965, 1 p.m. (Received January 6, 3:20 a.m.)", True),
        ("[Washington, undated]", True),
        ("The talks ran May–June 1966 and then stopped.", False),
        ("He left. On May 5, 1965.", False),
        ("Tokyo, 12 ships 1965.", False),  # a foreign month is a month's name
        ("On September 26, 1968, Ambassador Johnson and Admiral McCain met.", False),
    ],
)
def test_dateline_or_paragraph(line, is_dateline):
    (doc,) = read_text(f"1. Telegram From A to B\n\n{line}\n\nBody text.\n")
    assert (doc.blocks[1].type == "dateline") is is_dateline


def test_a_telegram_of_the_1940s_copied():
    """The dateline and the line saying when it was received are no list; the file number
    is the source note; the telegram's own number opens its text."""
    (doc,) = read_text(
        "1234. The Ambassador in Japan (Grew) to the Secretary of State1\n\n"
        "Tokyo, September 6, 1941—9 p.m.\n[Received September 6—11:20 a.m.]\n\n"
        "1412. Department's 567, September 5, 9 p.m.2 The Prime Minister received me.\n\n"
        "Grew\n\n\n  1. 711.94/2345: Telegram\n  2. Not printed.\n"
    )
    assert [(b.type, b.text) for b in doc.blocks[1:3]] == [
        ("dateline", "Tokyo, September 6, 1941—9 p.m."),
        ("p", "[Received September 6—11:20 a.m.]"),
    ]
    assert [(n.n, n.type) for n in doc.notes] == [("1", "source"), ("2", None)]
    Enricher(Volume(id=None))(doc)
    assert (doc.date.min, doc.date.place) == ("1941-09-06T21:00:00", "Tokyo")
    assert doc.source_note.file == "711.94/2345" and (doc.sender, doc.recipient) == (
        ["Grew"],
        ["the Secretary of State"],
    )


def test_a_despatch_of_1900_with_its_inclosure():
    """Older volumes head an enclosure "[Inclosure.]" or "[Inclosure 1 in No. 312.]": the
    attachment's heading, after which the signature rule starts again."""
    (doc,) = read_text(
        "10. Mr. Conger to Mr. Hay.\n\nNo. 312.] Peking, February 15, 1900.\n\n"
        "Sir: I have the honor to inclose a note.\n\nI have, etc.,\n\n\nE. H. Conger.\n\n"
        "[Inclosure 1 in No. 312.]\n\nThe Tsungli Yamên to Mr. Conger.\n\nA note.\n"
    )
    assert [(b.type, b.text) for b in doc.blocks[-4:]] == [
        ("signed", "E. H. Conger."),
        ("head", "[Inclosure 1 in No. 312.]"),
        ("p", "The Tsungli Yamên to Mr. Conger."),
        ("p", "A note."),
    ]


@pytest.mark.parametrize(
    "closer", ["I have, etc.,", "I have the honor to be, sir, your obedient servant,", "I am, &c.,"]
)
def test_a_despatch_copied_as_its_page_lays_it_out(closer):
    """The dateline on lines of its own (the despatch's number, the legation, the place and
    date) is one dateline; the closing formula is the closer; an inclosure's heading right
    under the signature begins the inclosure."""
    (doc,) = read_text(
        "87. Mr. Denby to Mr. Gresham.1\n\nNo. 1234.]\nLegation of the United States,\n"
        "Peking, June 3, 1894. (Received July 10.)\n\nSir: I have the honor to inform you.\n\n"
        f"{closer}\n\n\nCharles Denby.\n[Inclosure in No. 1234.]\n\n"
        "The Tsungli Yamên to Mr. Denby.\n\nThe Prince and Ministers reply.\n"
        "  1. File No. 893.00/112.\n"
    )
    assert [(b.type, b.text) for b in doc.blocks] == [
        ("head", "Mr. Denby to Mr. Gresham."),
        (
            "dateline",
            "No. 1234.] Legation of the United States, Peking, June 3, 1894. (Received July 10.)",
        ),
        ("p", "Sir: I have the honor to inform you."),
        ("closer", closer),
        ("signed", "Charles Denby."),
        ("head", "[Inclosure in No. 1234.]"),
        ("p", "The Tsungli Yamên to Mr. Denby."),
        ("p", "The Prince and Ministers reply."),
    ]
    Enricher(Volume(id=None))(doc)
    assert (doc.date.min[:10], doc.date.place) == (
        "1894-06-03",
        "Legation of the United States, Peking",
    )


@pytest.mark.parametrize(
    "notes",
    [
        "  1. Source: National Archives, RG 59,\n     Central Files. Secret.\n"
        "  2. See Document 12;\n1980. A line that only continues note 2.\n",
        "- Source: National Archives, RG 59,\nCentral Files. Secret.↩\n- See Document 12;\n"
        "1980. A line that only continues note 2.↩\n",
    ],
)
def test_notes_running_over_several_lines(notes):
    text = (
        f"12. Telegram From the Embassy in Japan to the Department of State1\n\n"
        f"Tokyo, May 5, 1965.\n\nThe Prime Minister agreed.2\n\n\nReischauer\n{notes}\n"
        f"13. Editorial Note\n\nText of the next document.\n"
    )
    first, second = read_text(text)
    assert [(n.n, n.text) for n in first.notes] == [
        ("1", "Source: National Archives, RG 59, Central Files. Secret."),
        ("2", "See Document 12; 1980. A line that only continues note 2."),
    ]
    assert first.blocks[-1] == first.blocks[-1].__class__("signed", "Reischauer")
    assert second.number == "13" and second.notes == []


def test_attachment_round_trip(tmp_path):
    from despatch.readers.tei import read_tei_volume

    path = tmp_path / "v.xml"
    path.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:frus="http://history.state.gov/frus/ns/1.0"'
        ' xml:id="v"><text><body><div type="document" n="3" xml:id="d3"><head>3. Memorandum '
        'From Bundy to President Johnson<note n="1" type="source">Source: X. Secret.</note></head>'
        "<p>I attach the paper.</p><closer><signed>McG. B.</signed></closer>"
        "<frus:attachment><head>Attachment</head><p>Paper Prepared in the Department of State"
        "</p><p>The paper itself.</p></frus:attachment><p>Enclosure</p><p>A map.</p>"
        "</div></body></text></TEI>"
    )
    _, (doc,) = read_tei_volume(path)
    assert [b.type for b in doc.blocks].count("head") == 3  # <head> and <p>Enclosure</p> alike
    for style in ("seed", "web"):
        (got,) = read_text(render_text(doc, style))
        assert [(b.type, b.text) for b in got.blocks] == [(b.type, b.text) for b in doc.blocks]


def test_participants_list_and_signature():
    text = (
        "9. Memorandum of Conversation1\n\nWashington, March 30, 1967, 4:05–4:25 p.m.\n\n"
        "PARTICIPANTS\nThe President\nPrime Minister Sato\n\nThe President opened.\n\n\n"
        "Dean Rusk\n  1. Source: Johnson Library.\n"
    )
    (doc,) = read_text(text)
    assert [(b.type, b.text) for b in doc.blocks] == [
        ("head", "Memorandum of Conversation"),
        ("dateline", "Washington, March 30, 1967, 4:05–4:25 p.m."),
        ("head", "PARTICIPANTS"),
        ("item", "The President"),
        ("item", "Prime Minister Sato"),
        ("p", "The President opened."),
        ("signed", "Dean Rusk"),
    ]


@pytest.mark.parametrize(
    "text,warning",
    [
        (
            "1. Letter1\n\nBody text.\n\n  1. Source: X.\n  2. A note nobody marks.\n",
            "note 2 has no marker in the text",
        ),
        (
            "1. Letter1\n\nBody text.2 More text.3\n\n  1. Source: X.\n  2. Two.\n",
            "marker 3 has no note",
        ),
    ],
)
def test_inconsistent_apparatus_gives_warnings(text, warning):
    (doc,) = read_text(text)
    assert any(warning in w for w in doc.recovery.warnings)
    assert doc.recovery.confidence < 1


def test_duplicated_numbers_and_no_notes_do_not_crash():
    (doc,) = read_text("1. Letter\n\nBody 2 text.\n\n  1. A.\n  1. B.\n")
    assert doc.title == "Letter"
    (doc,) = read_text("Just one paragraph with a number 1980.\n")
    assert doc.notes == [] and doc.blocks[0].text.startswith("Just one")


_LETTER = (
    "301. Letter From Soviet Premier Kosygin to President Carter1\n\n"
    "Moscow, September 2, 1977.\n\nDear Mr. President: détente — “as agreed”.2\n\n"
    "  1. Source: Carter Library.\n  2. Not printed.\n"
)


@pytest.mark.parametrize(
    "encoding,warning",
    [
        ("utf-8", None),
        ("utf-8-sig", None),  # with a byte-order mark, as Notepad saves UTF-8
        ("utf-16", None),  # Windows' "Unicode": UTF-16 with a byte-order mark
        ("utf-16-le", None),  # and without one
        ("utf-16-be", None),
        ("cp1252", "not UTF-8 (line 5): read as Windows-1252"),
    ],
)
def test_text_saved_in_any_usual_encoding_is_read(tmp_path, encoding, warning):
    path = tmp_path / "letter.txt"
    path.write_bytes(_LETTER.encode(encoding))
    assert detect_format(path) == "text"
    (doc,) = read_text_file(path).documents
    assert doc.title == "Letter From Soviet Premier Kosygin to President Carter"
    assert doc.blocks[2].text == "Dear Mr. President: détente — “as agreed”."
    assert [n.n for n in doc.notes] == ["1", "2"]
    assert doc.recovery.warnings == ([warning] if warning else [])


@pytest.mark.parametrize(
    "data,message",
    [
        ("", "empty file"),
        ("   \n\n", "empty file"),
        ("\x00\x01\x02binary", "binary data"),
    ],
)
def test_bad_input_is_a_clear_error(data, message):
    with pytest.raises(InputError, match=message):
        read_text(data, source="in.txt")


# -- round trips on real documents ---------------------------------------------------------------
def _comparable(doc: Document) -> tuple:
    return (
        [(b.type, b.text) for b in doc.blocks],
        [(n.n, n.text, n.block, n.offset) for n in doc.notes],
        [(p.n, p.block, p.offset) for p in doc.pages],
    )


@needs_shared
@pytest.mark.parametrize("style", ["seed", "web"])
def test_round_trip_on_most_of_the_volume(volume_docs, style):
    docs = volume_docs[1]
    exact = sum(_comparable(read_text(render_text(d, style))[0]) == _comparable(d) for d in docs)
    assert exact / len(docs) >= 0.98


@st.composite
def built_documents(draw, pool):
    """A random document assembled from real blocks of the sample volume, with notes anchored
    after words and page breaks between words, inside words or between blocks."""
    paragraphs = draw(st.lists(st.sampled_from(pool), min_size=1, max_size=5))
    blocks = [
        Block("head", "Memorandum From the Ambassador to Japan to the Secretary of State"),
        *[Block("p", t) for t in paragraphs],
    ]
    notes, pages = (
        [
            Note(
                "1",
                "source",
                "Source: Department of State, Central Files. Secret.",
                0,
                len(blocks[0].text),
            )
        ],
        [],
    )
    n = 2
    for i, block in enumerate(blocks[1:], 1):
        words = [k for k, ch in enumerate(block.text) if ch == " "]
        if words and draw(st.booleans()):
            k = draw(st.sampled_from(words))
            if block.text[k - 1].isalpha() or block.text[k - 1] in ".,;)":
                notes.append(Note(str(n), None, f"Note {n} text.", i, k))
                n += 1
        if draw(st.booleans()):
            pages.append(PageBreak(str(100 + i), i, 0))
        elif words and draw(st.booleans()):
            k = draw(st.sampled_from(words))
            pages.append(PageBreak(str(100 + i), i, k + 1))
    return Document("x/d1", None, "1", "historical-document", blocks[0].text, blocks, notes, pages)


def _pool():
    from despatch.readers.tei import read_tei_volume
    from despatch.sample import SAMPLE_PATH

    _, docs = read_tei_volume(SAMPLE_PATH)
    return [
        b.text
        for d in docs
        for b in d.blocks[1:]
        if b.type == "p"
        and len(b.text) > 80
        and not any(c.isdigit() for c in b.text)
        and "[" not in b.text
    ][:60]


POOL = _pool()


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(doc=built_documents(POOL), style=st.sampled_from(["seed", "web"]))
def test_parsing_recovers_rendered_documents(doc, style):
    (got,) = read_text(render_text(doc, style))
    assert _comparable(got) == _comparable(doc)


def test_a_document_number_that_exists_decides_a_marker():
    text = (
        "300. Letter From A to B1\n\nText.\n\n  1. Source: X. Secret.\n\n"
        "301. Letter From B to A1\n\nAs Document 3002 shows, the telegram of May 12 on this "
        "was late.\n\n  1. Source: Y. Secret.\n  2. See Document 300.\n"
    )
    _, doc = read_text(text)
    note = doc.notes[1]
    assert doc.blocks[note.block].text[: note.offset].endswith("As Document 300")
    assert "May 12 on this" in doc.blocks[note.block].text
    decision = next(d for d in doc.recovery.decisions if "note 2" in d["decision"])
    assert "Document 300 exists" in decision["why"]


def test_paragraphs_separated_by_single_line_breaks(seed_text):
    # the seed as some copies give it: no blank lines at all
    squeezed = "\n".join(line for line in seed_text.split("\n") if line.strip())
    (doc,) = read_text(squeezed)
    (orig,) = read_text(seed_text)
    assert [b.text for b in doc.blocks] == [b.text for b in orig.blocks]
    assert [(n.n, n.block, n.offset) for n in doc.notes] == [
        (n.n, n.block, n.offset) for n in orig.notes
    ]
    assert [b.type for b in doc.blocks] == [b.type for b in orig.blocks]


def test_a_single_unindented_source_note():
    (doc,) = read_text(
        "7. Letter From A to B1\n\nBody text here.\n\n1. Source: Johnson Library, "
        "National Security File. Secret.\n"
    )
    assert [(n.n, n.type) for n in doc.notes] == [("1", "source")]
    assert doc.title == "Letter From A to B" and doc.blocks[-1].text == "Body text here."


_SUPERSCRIPTS = str.maketrans("0123456789", "⁰¹²³⁴⁵⁶⁷⁸⁹")


def _as_superscripts(text: str, glued: list[str]) -> str:
    for word in glued:  # "Carter1" → "Carter¹"; "September 23" → "September 2³"
        head, marker = word[:-1], word[-1]
        text = text.replace(word, head + marker.translate(_SUPERSCRIPTS), 1)
    return text


def _with_heading(text: str, heading: str) -> str:
    first_note = text.index("\n  1. ")
    return text[:first_note] + f"\n{heading}\n" + text[first_note:]


def _bracketed(text: str, form: str) -> str:
    """The seed's markers as Markdown ("Carter[^1]") or a wiki ("Carter[1]") writes them."""
    for glued, n in [("Carter1", 1), ("Muskie2", 2), ("September 23", 3), ("Brezhnev4", 4)]:
        text = text.replace(glued, glued[: -len(str(n))] + form.format(n))
    return text


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(lambda t: t.replace("\n", "\r\n"), id="windows line ends"),
        pytest.param(lambda t: "\n".join(x + " \t" for x in t.split("\n")), id="trailing blanks"),
        pytest.param(lambda t: t.replace("\n  ", "\n"), id="notes not indented"),
        pytest.param(lambda t: _with_heading(t, "Footnotes\n"), id="Footnotes heading"),
        pytest.param(lambda t: _with_heading(t, "NOTES:"), id="NOTES: heading, no blank"),
        pytest.param(lambda t: _with_heading(t, "\nEndnotes"), id="Endnotes heading"),
        pytest.param(
            lambda t: re.sub(r"\n(  \d+\. )", r"\n\n\1", t), id="a blank line between notes"
        ),
        pytest.param(
            lambda t: re.sub(r"\n  (\d+\. )", r"\n\n\1", t), id="notes unindented, spaced"
        ),
        pytest.param(
            lambda t: _as_superscripts(t, ["Carter1", "Muskie2", "September 23", "Brezhnev4"]),
            id="superscript markers",
        ),
        pytest.param(
            lambda t: re.sub(r"\n  (\d)\. ", r"\n[\1] ", _bracketed(t, "[{}]")),
            id="bracketed markers and notes",
        ),
        pytest.param(
            lambda t: re.sub(r"\n  (\d)\. ", r"\n[^\1]: ", _bracketed(t, "[^{}]")),
            id="Markdown footnotes",
        ),
        pytest.param(lambda t: _bracketed(t, "[{}]"), id="bracketed markers, numbered notes"),
        pytest.param(  # a note of two paragraphs, as a page sets them apart
            lambda t: t.replace("meeting. See Document 302.", "meeting.\n\n  See Document 302."),
            id="a note's second paragraph after a blank line",
        ),
        # notes numbered as ebooks and PDFs print them
        pytest.param(lambda t: re.sub(r"\n  (\d)\. ", r"\n\1 ", t), id="notes numbered 1 …"),
        pytest.param(lambda t: re.sub(r"\n  (\d)\. ", r"\n\1) ", t), id="notes numbered 1) …"),
        pytest.param(
            lambda t: re.sub(r"\n  (\d)\. ", lambda m: "\n" + "⁰¹²³⁴"[int(m[1])] + " ", t),
            id="notes numbered ¹ …",
        ),
    ],
)
def test_the_seed_as_other_tools_copy_it(seed_text, variant):
    """Other browsers, ebooks and word processors copy the same page a little differently:
    each variant must read exactly as the seed does."""
    (want,) = read_text(seed_text)
    assert variant(seed_text) != seed_text  # the variant is one
    (got,) = read_text(variant(seed_text))
    assert got.title == want.title
    assert [(b.type, b.text) for b in got.blocks] == [(b.type, b.text) for b in want.blocks]
    assert got.notes == want.notes and got.pages == want.pages
    assert got.recovery.warnings == []


def test_superscript_markers_are_markers_and_other_digits_stay():
    (doc,) = read_text(
        "12. Memorandum From Rostow to Johnson¹\n\nWashington, May 1, 1965.\n\n"
        "The Ambassador² said that 1,000 men would leave by June 3.³ He asked for 25 more.\n\n"
        "Footnotes\n\n  1. Source: Johnson Library. Secret.\n  2. Reischauer.\n"
        "  3. See Document 4.\n"
    )
    assert doc.title == "Memorandum From Rostow to Johnson"
    body = doc.blocks[-1].text
    assert body == "The Ambassador said that 1,000 men would leave by June 3. He asked for 25 more."
    assert [(n.n, n.block, n.offset) for n in doc.notes] == [
        ("1", 0, len(doc.title)),
        ("2", 2, len("The Ambassador")),
        ("3", 2, len("The Ambassador said that 1,000 men would leave by June 3.")),
    ]
    assert all(b.text != "Footnotes" for b in doc.blocks)


def _hyphenated_wrap(text: str, width: int) -> str:
    """Text as a PDF copy gives it: lines of ``width`` columns, long words broken with a
    hyphen where they reach the margin; the notes list left as it is."""
    out: list[str] = []
    for para in text.split("\n"):
        if len(para) <= width or para.startswith("  "):
            out.append(para)
            continue
        line = ""
        for word in para.split(" "):
            if len(f"{line} {word}") <= width or not line:
                line = f"{line} {word}" if line else word
                continue
            room = width - len(line) - 2  # the space and the hyphen
            if re.fullmatch(r"[A-Za-z]{8,}", word) and room >= 3 and len(word) - room >= 3:
                out.append(f"{line} {word[:room]}-")
                line = word[room:]
            else:
                out.append(line)
                line = word
        out.append(line)
    return "\n".join(out)


@pytest.mark.parametrize("width", [80, 72, 60, 50, 40])
def test_the_seed_wrapped_with_broken_words_reads_as_the_seed(seed_text, width):
    (want,) = read_text(seed_text)
    wrapped = _hyphenated_wrap(seed_text, width)
    assert re.search(r"[a-z]-\n[a-z]", wrapped)  # words were broken
    (got,) = read_text(wrapped)
    assert [(b.type, b.text) for b in got.blocks] == [(b.type, b.text) for b in want.blocks]
    assert got.notes == want.notes and got.pages == want.pages


@pytest.mark.parametrize(
    "broken,read,elsewhere",
    [
        ("the negotia-\ntions began", "the negotiations began", ""),
        ("the right of self-\ndetermination", "the right of self-determination", ""),
        ("the negotia\u00ad\ntions began", "the negotiations began", ""),  # a soft hyphen
        ("the Anglo-\nAmerican talks", "the Anglo-American talks", ""),
        ("the né-\ngociations", "the négociations", "Les négociations."),
        # the file's own spelling decides: "co-operation" elsewhere keeps the hyphen
        ("for co-\noperation", "for co-operation", "Their co-operation was complete."),
        ("for co-\noperation", "for cooperation", "Their cooperation was complete."),
    ],
)
def test_a_word_broken_at_a_line_end_is_one_word_again(broken, read, elsewhere):
    lines = [
        "7. Letter From A to B",
        "",
        *(["The Ambassador spoke at length in the morning meeting with the Minister, and"] * 8),
        f"he asked {broken} in earnest with the Prime Minister and his Cabinet that day.",
        "",
        elsewhere,
    ]
    (doc,) = read_text("\n".join(lines))
    assert f"he asked {read} in earnest" in doc.blocks[1].text


def test_soft_hyphens_are_not_text_in_a_copy():
    (doc,) = read_text("1. The nego\xadtiations\n\nThey be\xadgan.\n")
    assert doc.title == "The negotiations" and doc.blocks[1].text == "They began."


@pytest.mark.parametrize("style", ["seed", "web"])
def test_notes_with_blank_lines_between_them_read_the_same(volume_docs, style):
    """Some copies put a blank line between the notes (a list copied as paragraphs)."""
    for doc in volume_docs[1]:
        text = render_text(doc, style=style)
        if style == "web":
            spaced = text.replace("\n- ", "\n\n- ")
        else:
            spaced = re.sub(r"\n(  \d+\. )", r"\n\n\1", text)
        (want,) = read_text(text)
        (got,) = read_text(spaced)
        assert got.notes == want.notes and got.blocks == want.blocks, doc.id


def test_numbered_paragraphs_ending_a_text_are_not_notes():
    (doc,) = read_text(
        "12. Telegram From the Embassy in Japan to the Department of State\n\n"
        "Tokyo, January 5, 1965.\n\n1. I saw Sato this morning.\n\n"
        "2. He said that the Japanese would study it.\n\n3. Comment: Sato seemed pleased.\n"
    )
    assert doc.notes == []
    assert [b.text for b in doc.blocks[2:]] == [
        "1. I saw Sato this morning.",
        "2. He said that the Japanese would study it.",
        "3. Comment: Sato seemed pleased.",
    ]


def _double_spaced(text: str) -> str:
    """Every gap one blank line wider: a copy pasted through an editor that spaces double."""
    return re.sub(r"\n(\n+)(?=[^\n])", lambda m: "\n" + m.group(1) + "\n", text)


@pytest.mark.parametrize(
    ("style", "variant"),
    [
        pytest.param("web", lambda t: t.replace("↩", ""), id="web: the arrows lost"),
        pytest.param("web", lambda t: t.replace("↩", "↩\ufe0e"), id="web: arrows drawn as text"),
        pytest.param("seed", _double_spaced, id="seed: spaced double"),
        pytest.param("web", _double_spaced, id="web: spaced double"),
        pytest.param("seed", lambda t: t.replace("[Page ", "[Page\xa0"), id="no-break space"),
        pytest.param("seed", lambda t: t.replace("ation", "a\xadtion"), id="soft hyphens"),
        pytest.param(  # a note's last sentence a paragraph of its own, a blank line above
            "web",
            lambda t: re.sub(r"\. ([A-Z][^.↩\n]{5,80}\.)↩", ".\n\n\\1↩", t),
            id="web: notes of two paragraphs",
        ),
        pytest.param(
            "seed",
            lambda t: re.sub(
                r"(\n  \d+\. [^\n]+?\.) ([A-Z][^.\n]{5,80}\.)(?=\n)", "\\1\n\n  \\2", t
            ),
            id="seed: notes of two paragraphs",
        ),
        pytest.param(  # a page break in mid-sentence on a line of its own, as a block
            "web",
            lambda t: re.sub(r"(?<=[a-z,]) \[Page (\w+)\] (?=[a-z]{2})", r"\n\n[Page \1]\n\n", t),
            id="web: a page line in mid-sentence",
        ),
        pytest.param(  # the closer set apart with the signature: "Sincerely," above it
            "seed",
            lambda t: re.sub(r"\n\n([^\n]{1,40},)\n\n\n", "\n\n\n\\1\n\n", t),
            id="closer and signature set apart together",
        ),
    ],
)
def test_a_whole_volume_copied_other_ways_reads_the_same(volume_docs, style, variant):
    """The volume's documents one after another in one file, copied a little differently
    (a page whose "↩" links are icons, an editor that spaces paragraphs double, a no-break
    space in "[Page 12]", soft hyphens in the headings): the same documents come out."""
    text = "\n\n".join(render_text(doc, style=style) for doc in volume_docs[1])
    want = read_text(text)
    assert variant(text) != text  # the variant is one
    got = read_text(variant(text))
    assert len(want) == len(volume_docs[1])
    assert [d.number for d in got] == [d.number for d in want]
    for a, b in zip(want, got, strict=True):
        assert (b.blocks, b.notes, b.pages) == (a.blocks, a.notes, a.pages), a.id


def test_bulleted_text_without_a_source_note_stays_text():
    """Without the arrows, bullets are notes only down from a source note: a document that
    ends with a bulleted list of its own keeps it."""
    (doc,) = read_text(
        "7. Memorandum for the Record\n\nWashington, May 3, 1966.\n\nThe topics were:\n\n"
        "- Okinawa\n- Civil aviation\n"
    )
    assert doc.notes == []
    assert [b.text for b in doc.blocks[-2:]] == ["- Okinawa", "- Civil aviation"]


@pytest.mark.parametrize(
    "label",
    [
        "Foreign Relations of the United States, 1977–1980, Volume VI, Soviet Union\n\n",
        "Document 301\n\n",
        "Historical Documents\n\nFRUS 1977–1980, v. VI\n\n[Page 881]\n\n",
    ],
)
def test_a_page_s_label_above_the_heading_is_no_document(seed_text, label):
    """A copy that took the page's label (the volume's title, "Document 301") above the
    heading reads as the seed, and says what it left out."""
    (want,) = read_text(seed_text)
    (got,) = read_text(label + seed_text)
    assert (got.title, got.blocks, got.notes) == (want.title, want.blocks, want.notes)
    (warning,) = got.recovery.warnings
    assert warning.startswith("the lines above the heading were left out: ")
    assert label.split("\n")[0] in warning and "[Page" not in warning


def test_a_telegram_opening_with_a_numbered_summary_keeps_its_heading():
    (doc,) = read_text(
        "Telegram From the Embassy in Japan to the Department of State\n\n"
        "1. Summary: Sato will not press the issue.\n\n2. The Foreign Minister agreed.\n"
    )
    assert doc.title == "Telegram From the Embassy in Japan to the Department of State"
    assert doc.recovery.warnings == []


@needs_shared
def test_the_volume_as_markdown_reads_back_exactly(volume_docs):
    """``despatch show --format md`` writes Markdown (a "#" heading, italic dateline and
    signature, "*[Page N]*", tight lists, "[^N]" footnotes): reading it gives the document."""
    from despatch.export.text import render_markdown

    for doc in volume_docs[1]:
        (got,) = read_text(render_markdown(doc))
        assert _comparable(got) == _comparable(doc), doc.id
        assert [b.type for b in got.blocks] == [b.type for b in doc.blocks], doc.id


def test_a_page_copied_as_markdown_by_another_tool():
    """What a "copy as Markdown" tool makes of a reading-room page: links, bold, escapes,
    a rule, the page marker a link of its own."""
    (doc,) = read_text(
        "## 301\\. Letter From Soviet General Secretary Brezhnev to President Carter[^1]\n\n"
        "Esteemed Mr. President,\n\n"
        "I avail myself of the meeting with **E. Muskie**[^2] to reply to your letter of "
        "September 2[^3] on *nuclear arms* in [Europe](https://example.org/europe) to the "
        "[[Page 882]](/historicaldocuments/frus1977-80v06/pg_882) effect that talks begin.\n\n"
        "*L. Brezhnev*[^4]\n\n---\n\n"
        "[^1]: Source: Carter Library, Plains File, Box 5. No classification marking.\n"
        "[^2]: Muskie met with Gromyko. See [Document 302](/d302).\n"
        "[^3]: See Document 299.\n"
        "[^4]: Printed from a copy that bears this typed signature.\n"
    )
    assert doc.number == "301"
    assert doc.title == "Letter From Soviet General Secretary Brezhnev to President Carter"
    assert doc.blocks[2].text == (
        "I avail myself of the meeting with E. Muskie to reply to your letter of September 2 "
        "on nuclear arms in Europe to the effect that talks begin."
    )
    assert [(b.type, b.text) for b in doc.blocks[-1:]] == [("signed", "L. Brezhnev")]
    before = [doc.blocks[n.block].text[: n.offset] for n in doc.notes]
    assert before[0] == doc.title and before[1].endswith("meeting with E. Muskie")
    assert before[2].endswith("your letter of September 2") and before[3] == "L. Brezhnev"
    assert doc.notes[1].text == "Muskie met with Gromyko. See Document 302."
    (page,) = doc.pages
    assert page.n == "882" and doc.blocks[2].text[page.offset :].startswith("effect that")
    assert doc.recovery.warnings == []


def test_a_page_s_label_naming_the_edition_titles_the_volume(seed_text, tmp_path):
    path = tmp_path / "copy.txt"
    label = "Foreign Relations of the United States, 1977–1980, Volume VI, Soviet Union"
    path.write_text(f"Historical Documents\n{label}\n\n{seed_text}", encoding="utf-8")
    read = read_text_file(path)
    assert read.volume.id == "copy" and read.volume.title == label
    path.write_text(seed_text, encoding="utf-8")  # no label: the file names it
    assert read_text_file(path).volume.title == "copy.txt"


def test_a_numbered_list_ending_a_text_without_notes_stays_text():
    (doc,) = read_text(
        "12. Telegram From the Embassy in Japan to the Department of State\n\n"
        "Tokyo, January 5, 1965.\n\nThe Embassy proposes:\n\n1) a visit in March;\n"
        "2) a joint statement.\n"
    )
    assert doc.notes == [] and doc.blocks[-1].text == "2) a joint statement."


@needs_shared
def test_a_signature_copied_with_its_titles_on_lines_of_their_own(volume_docs):
    """The editors break a signature's titles onto lines of their own (document 52: "A. H.
    Manhart / Major General, USA / Vice Director, Joint Staff"); a page copies the breaks.
    Set apart as a signature is, the lines are the signature, not a list."""
    doc = next(d for d in volume_docs[1] if d.number == "52")
    text = render_text(doc)
    signed = doc.blocks[-1]
    assert signed.type == "signed" and signed.text.startswith("A. H. Manhart Major General")
    broken = text.replace(" Major General, USA ", "\nMajor General, USA\n")
    assert broken != text
    (got,) = read_text(broken)
    assert _comparable(got) == _comparable(doc)
    assert [b.type for b in got.blocks] == [b.type for b in doc.blocks]


@pytest.mark.parametrize(
    "form",
    [
        "Document {n}\n\n{title}",
        "{n}.\n{title}",
        "{n}\n\n{title}",
        "Document {n}: {title}",
        "{n} {title}",
        "{n} — {title}",
    ],
)
def test_a_document_s_number_set_apart_from_its_heading(volume_docs, form):
    """Some pages set the number apart from the heading ("Document 301" over "Letter From
    …", "301 — Letter From …"): a copy of the whole volume made so gives the same
    documents."""
    texts = []
    for doc in volume_docs[1]:
        lines = render_text(doc).split("\n")
        k = next(i for i, x in enumerate(lines) if not x.startswith("[Page") and x)
        number, _, title = lines[k].partition(". ")
        assert number == doc.number
        lines[k] = form.format(n=number, title=title)
        texts.append("\n".join(lines))
    want = read_text("\n\n".join(render_text(d) for d in volume_docs[1]))
    got = read_text("\n\n".join(texts))
    assert [d.number for d in got] == [d.number for d in want]
    for a, b in zip(want, got, strict=True):
        assert (b.title, b.blocks, b.notes, b.pages) == (a.title, a.blocks, a.notes, a.pages)


def test_a_table_copied_from_a_page_is_rows():
    """A browser copies a table's rows as lines, its cells a tab apart: rows, cells joined
    by one space, as the TEI reader gives them; its caption the head."""
    (doc,) = read_text(
        "7. Memorandum From A to B\n\nThe figures:\n\nForces in Okinawa\n"
        "Army\tNavy\tAir Force\n12,000\t3,000\t8,000\n\nEnd.\n"
    )
    assert [(b.type, b.text) for b in doc.blocks[2:]] == [
        ("head", "Forces in Okinawa"),
        ("row", "Army Navy Air Force"),
        ("row", "12,000 3,000 8,000"),
        ("p", "End."),
    ]


def test_a_short_paragraph_ending_in_etc_before_the_signature_stays_a_paragraph():
    (doc,) = read_text(
        "5. Letter From A to B\n\nDear Sir:\n\nPlease send the maps, charts, etc.\n\n\nJones\n"
    )
    assert [b.type for b in doc.blocks] == ["head", "salute", "p", "signed"]
