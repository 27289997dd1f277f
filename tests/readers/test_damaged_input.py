"""Damaged input: whatever a copy, a save or an editor's slip did to a document, reading and
enriching it gives documents whose notes, page breaks and marks stay inside their text, or
a clear ``InputError``; never a traceback. (Fuzzing these readers found a misprinted day in
a dateline, a date attribute no calendar has and a page's banner each stopping ingest or
anchoring notes past their text.)"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from despatch.enrich import Enricher
from despatch.errors import InputError
from despatch.export import render_document
from despatch.model import Document, Volume
from despatch.readers.html import read_html
from despatch.readers.tei import read_tei_volume
from despatch.readers.text import read_text

from .test_html import HSG_LIKE, HSG_PAGE

_SETTINGS = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# what copies and saves put where it does not belong
_TEXT_TOKENS = [
    "[Page 12]", "[Page ]", "↩", "↩︎", "1.", "  3. ", "Source: ", "0", "99999999999999999999",
    "Document 0", "See Document 99999999999999999999.", "\t", "*", "#", "[^1]", "[1]", "¹",
    "\n", "\n\n", "\n\n\n", "- ", "301. ", "Washington, June 31, 1965.", "Sincerely,",
    "Moscow, 1200Z, 5 October 1980.", "Attachment", "[Inclosure in No. 3.]", "(", "]", "“",
    "**", "> ", "\u00ad", "\u200b", "\ufeff", "\r", "February 30, 0000", "0:99 p.m.",
    "See Foreign Relations, 1964–1968, vol. XXIX, Part 2, Document 5.", "Ibid.",
]  # fmt: skip
_HTML_TOKENS = [
    "<p>", "</p>", "<div>", "</div>", "<sup>", "</sup>", '<a href="#fn:3">3</a>',
    '<a class="note" rel="footnote" href="#fn:1">1</a>', '<span class="pb">[Page 9]</span>',
    "[<a>Page 0</a>]", "<li id='fn:1'>x</li>", "<ol>", "</ol>", "&#0;", "<br>", "<h1>",
    "</h1>", "<h3>7. Letter</h3>", "<table><tr><td>", "</td></tr></table>", "<!--", "-->",
    '<span class="fn-marker">2</span>', "June 31, 1965", "\u00ad",
]  # fmt: skip

_EDITS = st.lists(
    st.tuples(
        st.sampled_from(["insert", "delete", "move", "upper"]),
        st.floats(0, 1),
        st.integers(0, 200),
        st.integers(0, 10**6),
    ),
    min_size=1,
    max_size=6,
)


def _damage(text: str, edits: list[tuple[str, float, int, int]], tokens: list[str]) -> str:
    for kind, where, size, pick in edits:
        at = int(where * len(text))
        if kind == "insert":
            text = text[:at] + tokens[pick % len(tokens)] + text[at:]
        elif kind == "delete":
            text = text[:at] + text[at + size :]
        elif kind == "move":  # a piece pasted twice, elsewhere
            other = pick % (len(text) + 1)
            text = text[:other] + text[at : at + size] + text[other:]
        else:
            text = text[:at] + text[at : at + size].upper() + text[at + size :]
    return text


def _assert_whole(doc: Document) -> None:
    assert doc.blocks and doc.blocks[0].type == "head"
    lengths = [len(b.text) for b in doc.blocks]
    for item in [*doc.notes, *doc.pages]:
        assert 0 <= item.block < len(lengths) and 0 <= item.offset <= lengths[item.block], item
    for mark in doc.marks:
        if mark.block is not None:
            assert 0 <= mark.block < len(lengths), mark
            assert 0 <= mark.offset <= mark.offset + mark.length <= lengths[mark.block], mark
        else:
            assert mark.note is not None and 0 <= mark.note < len(doc.notes), mark
            text = doc.notes[mark.note].text
            assert 0 <= mark.offset <= mark.offset + mark.length <= len(text), mark
    if doc.date is not None and doc.date.min is not None:
        assert doc.date.max is not None and doc.date.min[:10] <= doc.date.max[:10]
    doc.to_json()


def _read_and_enrich(read, text: str) -> None:
    try:
        docs = read(text)
    except InputError:
        return  # refused, with a message that names the place
    enrich = Enricher(Volume(id="damaged", title="damaged"))
    for doc in docs:
        enrich(doc)
        _assert_whole(doc)


@_SETTINGS
@given(pick=st.integers(0, 10**6), style=st.sampled_from(["seed", "web", "md"]), edits=_EDITS)
def test_any_damaged_copy_is_read_whole_or_refused(sample_docs, pick, style, edits):
    _, docs = sample_docs
    doc = docs[pick % len(docs)]
    copy = render_document(doc, "md") if style == "md" else render_document(doc, "text", style)
    _read_and_enrich(lambda t: read_text(t, stem="damaged"), _damage(copy, edits, _TEXT_TOKENS))


@_SETTINGS
@given(page=st.sampled_from([HSG_PAGE, HSG_LIKE]), edits=_EDITS)
def test_any_damaged_page_is_read_whole_or_refused(page, edits):
    _read_and_enrich(lambda t: read_html(t, stem="damaged"), _damage(page, edits, _HTML_TOKENS))


_VALUES = st.sampled_from(
    ["", "0", "-1", "#", "#d1", "#d99", "1965-02-30", "1965-13", "0000", "1965/", "/1965",
     "1965-01-05T25:00:00", "9999-12-31", "1965-03-02", "1965-03-02T10:00:00-05:00", "x" * 80]
)  # fmt: skip


@pytest.mark.parametrize("attribute", ["min", "max", "when", "span", "pb", "note", "ref"])
@settings(max_examples=25, deadline=None)
@given(value=_VALUES, other=_VALUES)
def test_any_attribute_value_an_edition_may_hold_is_read(tmp_path_factory, attribute, value, other):
    """Date attributes no calendar has, empty page numbers, notes numbered oddly, references
    to nothing: a volume is read and enriched whatever its attributes say."""
    values = {"min": "1965-03-02T00:00:00", "max": "1965-03-02T23:59:59", "when": "1965-03-02"}
    values.update(pb="5", note="1", ref="#d1")
    values[attribute] = value
    if attribute == "min":
        values["max"] = other
    if attribute in ("when", "span"):  # no attributes: the dateline's date dates it
        values["min"] = values["max"] = ""
    when = f'when="{values["when"]}"'
    if attribute == "span":  # <date from="…" to="…">, in either order or none a calendar has
        when = f'from="{value}" to="{other}"'
    path = tmp_path_factory.mktemp("v") / "v.xml"
    path.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:frus="http://history.state.gov/frus/ns/1.0"'
        ' xml:id="vtest"><teiHeader/><text><body><div type="document" n="1" xml:id="d1"'
        f' frus:doc-dateTime-min="{values["min"]}" frus:doc-dateTime-max="{values["max"]}">'
        f'<head>Telegram<note n="{values["note"]}" type="source">Source: X.</note></head>'
        f"<dateline>Tokyo, <date {when}>March 2, 1965</date>.</dateline>"
        f'<p>Text <pb n="{values["pb"]}"/>on <ref target="{values["ref"]}">this</ref>.</p>'
        "</div></body></text></TEI>",
        encoding="utf-8",
    )
    vol, docs = read_tei_volume(path)
    enrich = Enricher(vol)
    for doc in docs:
        enrich(doc)
        _assert_whole(doc)
