"""Snippets: the query's words found as the index matched them, the passage escaped."""

from __future__ import annotations

import importlib

import pytest

from despatch.search import parse_query
from despatch.snippets import SNIPPET_CHARS, highlighter, snippet

_terms = importlib.import_module("despatch.search")._terms  # the package exports a function


@pytest.mark.parametrize(
    "query", ["Okinawa", "negotiat*", "detente communique", '"Prime Minister"', "ask", "the"]
)
def test_highlight_fast_path_finds_what_the_plain_pattern_finds(sample_docs, query):
    """Snippets scan lower-cased text without a leading word boundary, checking it on each
    match: the words found are those of the plain case-blind pattern."""
    highlight = highlighter(_terms(parse_query(query)))
    _, docs = sample_docs
    texts = [d.plain_text() for d in docs] + [
        "Okinawa, task ASK asking ask_x _ask détente Détente COMMUNIQUÉ the-the",
        "İstanbul: Okinawa task ASK asking",  # lower-casing changes its length
    ]
    for text in texts:
        plain = [m.span() for m in highlight.any_case.finditer(text)]
        assert list(highlight.spans(text)) == plain


@pytest.mark.parametrize(
    "text,terms,expected",
    [
        (
            "The negotiations went on.",
            [("negoti", False)],
            "The <mark>negotiations</mark> went on.",
        ),
        (
            "A <b>communiqué</b> & more",
            [("communiqu", True)],
            "A &lt;b&gt;<mark>communiqué</mark>&lt;/b&gt; &amp; more",
        ),
        ("Nothing here <i>", [("okinawa", False)], "Nothing here &lt;i&gt;"),
    ],
)
def test_snippets_mark_the_words_and_escape_the_rest(text, terms, expected):
    assert snippet(text, highlighter(terms)) == expected


def test_a_long_text_is_cut_around_the_most_matches():
    text = " ".join(["filler"] * 200 + ["Okinawa reversion Okinawa"] + ["filler"] * 200)
    cut = snippet(text, highlighter([("okinawa", False)]))
    assert cut.startswith("…") and cut.endswith("…") and cut.count("<mark>") == 2
    assert len(cut.replace("<mark>", "").replace("</mark>", "")) <= SNIPPET_CHARS + 2
    assert highlighter([]) is None


def test_the_passage_with_most_of_the_query_s_words_wins_over_repeats():
    text = " ".join(["Okinawa"] * 5 + ["filler"] * 60 + ["the", "Okinawa", "reversion"])
    cut = snippet(text, highlighter([("okinawa", False), ("revers", False)]))
    assert "<mark>Okinawa</mark> <mark>reversion</mark>" in cut and " … " not in cut


def test_a_word_far_from_the_others_gets_a_passage_of_its_own():
    text = " ".join(["Okinawa", "talks"] + ["filler"] * 100 + ["the", "reversion", "came"])
    cut = snippet(text, highlighter([("okinawa", False), ("revers", False)]))
    first, second = cut.split(" … ")
    assert "<mark>Okinawa</mark>" in first and "<mark>reversion</mark>" in second
    assert len(second.replace("<mark>", "").replace("</mark>", "")) <= SNIPPET_CHARS // 2 + 2


def test_a_document_found_by_its_footnotes_shows_the_note(sample_store):
    from despatch.search import SearchRequest, search

    # Kosaka, then Foreign Minister, is named in a note of document 19, not in its text: the
    # hit shows that note, labelled
    (hit,) = search(sample_store, SearchRequest(q="Kosaka")).hits
    assert hit.id == "frus1964-68v29p2/d19"
    assert hit.snippet_html.startswith('<span class="in-note">Note:</span> ')
    assert "<mark>Kosaka</mark>" in hit.snippet_html
    doc = sample_store.records.document(hit.id)
    assert "Kosaka" not in doc.plain_text() and any("Kosaka" in n.text for n in doc.notes)
