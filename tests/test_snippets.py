"""Snippets: the query's words found as the index matched them, the passage escaped."""

from __future__ import annotations

import itertools
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from despatch.query import highlight_query, parse_query, query_terms
from despatch.snippets import SNIPPET_CHARS, beside, highlighter, snippet
from despatch.store.index import analyze

_TEXTS = [
    "Okinawa, task ASK asking detente détente Détente COMMUNIQUÉ the-the police policy",
    "İstanbul: Okinawa task ASK asking policies",  # lower-casing changes its length
    "Possibility, possibilities and the possible; Italy, Italian, Italy’s; hoping, hops",
]


def _index_matches(text: str, query: str) -> list[tuple[int, int]]:
    """The words of ``text`` a query's terms match in the index, found independently of the
    highlighter: every word analysed as the index analyses it."""
    terms = query_terms(parse_query(query))
    stems = {t for t, prefix in terms if not prefix}
    prefixes = tuple(t for t, prefix in terms if prefix)
    out = []
    for m in re.finditer(r"\w+", text):
        analysed = analyze(m.group())
        if len(analysed) == 1 and (analysed[0] in stems or analysed[0].startswith(prefixes)):
            out.append(m.span())
    return out


@pytest.mark.parametrize(
    "query",
    [
        "Okinawa",
        "negotiat*",
        "detente communique",
        '"Prime Minister"',
        "ask",
        "the",
        "policy",
        "possibility",
        "Italy",
        "hoping",
        "Japan",
        "reversion OR reverted",
        "commun*",
    ],
)
def test_the_words_marked_are_exactly_those_the_index_matched(sample_docs, query):
    """Stems that do not begin the printed word ("policy" is "polici", "possibility"
    "possibl") are found, and words that merely begin like one ("Japanese" for "Japan",
    "police" for "policy") are not; fast lower-cased scan or not."""
    highlight = highlighter(query_terms(parse_query(query)))
    _, docs = sample_docs
    texts = [d.plain_text() for d in docs] + [n.text for d in docs for n in d.notes] + _TEXTS
    for text in texts:
        assert list(highlight.spans(text)) == _index_matches(text, query), text[:80]


@pytest.mark.parametrize(
    "query", ["Prime Minister of Japan", "the Secretary", "reversion of the Ryukyus", "in Tokyo"]
)
def test_a_common_word_is_marked_where_it_runs_into_another_word_of_the_query(sample_docs, query):
    """Every word of the query the index matched is marked, but a common one ("of", "the")
    only in a run of words of the query, one beside the next, that holds another."""
    highlight = highlighter(query_terms(parse_query(query)))
    common = {"of", "the", "in"}
    _, docs = sample_docs
    for text in [d.plain_text() for d in docs] + [n.text for d in docs for n in d.notes]:
        runs: list[list[tuple[int, int]]] = []
        for a, b in _index_matches(text, query):
            if runs and beside(text, runs[-1][-1][1], a):
                runs[-1].append((a, b))
            else:
                runs.append([(a, b)])
        expected = [
            span
            for run in runs
            if any(text[a:b].lower() not in common for a, b in run)
            for span in run
        ]
        assert list(highlight.spans(text)) == expected, text[:80]


@pytest.mark.parametrize(
    "query,text,marked",
    [
        ("policy", "The policy, the policies, the police.", ["policy", "policies"]),
        ("Japan", "Japan, the Japanese, JAPAN’s", ["Japan", "JAPAN"]),
        ("Italy", "Italy and Italian", ["Italy"]),
        # a common word of the query is marked only beside its other words
        (
            "Memorandum of Understanding",
            "The Office of the memorandum of understanding, often, of course.",
            ["memorandum", "of", "understanding"],
        ),
        (
            '"Prime Minister" of Japan',
            "of Japan, the Prime Minister of Japan said, of",
            ["of", "Japan", "Prime", "Minister", "of", "Japan"],
        ),
        ("the", "the cat and the hat", ["the", "the"]),  # a query of common words alone
        # a phrase's words are marked where the phrase is, not each where it stands alone
        (
            '"Prime Minister"',
            "The Prime Minister said the Minister of Finance, and the prime rate.",
            ["Prime", "Minister"],
        ),
        (
            '"Prime Minister" Minister',  # a word looked for alone too is marked anywhere
            "The Prime Minister said the Minister of Finance.",
            ["Prime", "Minister", "Minister"],
        ),
        (
            '"Memorandum of Understanding"',
            "The Memorandum of Conversation, the memorandum of understanding.",
            ["memorandum", "of", "understanding"],
        ),
        ('"Prime Minister" minist*', "the Minister", ["Minister"]),  # the prefix finds it
        ("Prime Minister, Sato", "the Prime Minister, Sato, said", ["Prime", "Minister", "Sato"]),
        ("the of", "the cat of the hat", ["the", "of", "the"]),
    ],
)
def test_what_is_marked(query, text, marked):
    highlight = highlight_query(query)
    assert [text[a:b] for a, b in highlight.spans(text)] == marked


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


_LETTERS = "abcdeiklmnoprstuyzéüİıßﬁ"
_word_st = st.text(alphabet=_LETTERS, min_size=1, max_size=9)


@settings(max_examples=300, deadline=None)
@given(
    words=st.lists(_word_st, min_size=1, max_size=40),
    seps=st.lists(st.sampled_from([" ", ", ", "—", "-", "’s ", "_", "  ", ". "]), min_size=40),
    picks=st.lists(st.integers(0, 39), min_size=1, max_size=4),
    common=st.sampled_from(["", "of ", "the "]),
)
def test_marked_words_are_words_of_the_query_in_any_text(words, seps, picks, common):
    """Whatever the text (accents, letters whose lower case is longer, ligatures, marks in
    words), what is marked is whole words the index matched, in order, never overlapping."""
    text = "".join(w + s for w, s in zip(words, seps, strict=False))
    query = common + " ".join(words[i % len(words)] for i in picks)
    terms = query_terms(parse_query(query)) if parse_query(query) else []
    highlight = highlighter(terms)
    if highlight is None:
        return
    wanted = {t for t, prefix in terms if not prefix}
    spans = list(highlight.spans(text))
    assert spans == sorted(spans)
    assert all(a < b <= c for (a, b), (c, _) in itertools.pairwise(spans))
    for a, b in spans:
        assert 0 <= a < b <= len(text)
        analysed = analyze(text[a:b])
        assert len(analysed) == 1 and analysed[0] in wanted, (text[a:b], wanted)


@pytest.mark.parametrize(
    "phrase", ['"Prime Minister"', '"Memorandum of Understanding"', '"the United States"']
)
def test_a_phrase_is_marked_where_the_text_holds_it(sample_docs, phrase):
    highlight = highlight_query(phrase)
    words = tuple(analyze(phrase))
    _, docs = sample_docs
    for text in [d.plain_text() for d in docs] + [n.text for d in docs for n in d.notes]:
        tokens = [(m.span(), analyze(m.group())) for m in re.finditer(r"\w+", text)]
        expected: set[tuple[int, int]] = set()
        for i in range(len(tokens) - len(words) + 1):
            window = tokens[i : i + len(words)]
            if tuple(a[0] for _, a in window if len(a) == 1) == words and all(
                beside(text, x[1], y[0]) for (x, _), (y, _) in itertools.pairwise(window)
            ):
                expected |= {span for span, _ in window}
        assert list(highlight.spans(text)) == sorted(expected), text[:80]
