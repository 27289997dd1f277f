"""The index's own text analysis: the cached analyzer and the word-pair field."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from despatch.store.index import ANALYZER, analyze, pair_term, pair_values


def test_cached_analysis_equals_tantivys_on_every_text_of_the_volume(volume_docs):
    _, docs = volume_docs
    texts = [t for d in docs for _, _, t in d.texts()]
    assert texts
    for text in texts:
        assert analyze(text) == ANALYZER.analyze(text)


@given(st.text(max_size=200))
def test_cached_analysis_equals_tantivys_on_any_text(text):
    assert analyze(text) == ANALYZER.analyze(text)
    assert analyze(text) == ANALYZER.analyze(text)  # and again, from the cache


@pytest.mark.parametrize(
    "text",
    [
        "The Japanese Government’s reply, of September 2, 1964.",
        "one",
        "",
        "a " + "x" * 60 + " b",  # a word tantivy drops as too long
        "Zürich naïve İstanbul ﬁne été",
    ],
)
def test_pair_values_hold_every_adjacent_pair_once(tmp_path, text):
    from despatch.store.index import DocumentIndex

    index = DocumentIndex(tmp_path / "ix")
    writer = index.writer()
    DocumentIndex.add(writer, {"id": "d1", "pairs": pair_values(analyze(text))})
    writer.commit()
    index.reload()
    searcher = index.searcher()
    stems = ANALYZER.analyze(text)
    wanted = {pair_term(a, b) for a, b in itertools.pairwise(stems)}
    import tantivy

    for term in wanted:
        query = tantivy.Query.term_query(index.schema, "pairs", term)
        assert searcher.search(query, 1).count == 1, term
    if len(stems) >= 3:  # words two apart are not a pair
        skipped = tantivy.Query.term_query(index.schema, "pairs", pair_term(stems[0], stems[2]))
        assert searcher.search(skipped, 1).count == 0
