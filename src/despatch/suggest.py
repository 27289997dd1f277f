""" "Did you mean …?": a query with no hits, its unknown words spelt as the texts spell them.

A word no document has ("Reischaur") is looked up as the index holds words (stemmed), a
letter or two away; the documents that have such a word are read, and of the words they
print, the one nearest the typed word (the most frequent among the nearest) replaces it.
Only a search with no hits and no filters asks: a filter that leaves nothing is no
misspelling.
"""

from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING

import tantivy
from rapidfuzz.distance import Levenshtein

from .store.index import ANALYZER, fold

if TYPE_CHECKING:
    from .query import Node
    from .store import Store

__all__ = ["suggest"]

_FIELDS = ("title", "body", "notes")
_READ = 5  # documents read for the words they print, per unknown word
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def suggest(store: Store, searcher: tantivy.Searcher, query: str, node: Node) -> str | None:
    """``query`` with each word no document has replaced by the nearest printed word, when
    every such word has one; else ``None``. ``searcher``: the search's own."""
    replaced = query
    changed = False
    for word in _plain_words(node):
        stems = ANALYZER.analyze(word)
        if len(stems) != 1 or any(searcher.doc_freq(f, stems[0]) for f in _FIELDS):
            continue  # a word the texts have (or several words): nothing to suggest
        spelt = _nearest_printed(store, searcher, word, stems[0])
        if spelt is None:
            return None
        replaced = re.sub(r"(?<![\w*])" + re.escape(word) + r"(?![\w*])", spelt, replaced, count=1)
        changed = True
    return replaced if changed and replaced != query else None


def _plain_words(node: Node) -> list[str]:
    """The words a query looks for, its phrases' too; not those it excludes, nor prefixes."""
    if node.kind == "not":
        return []
    if node.kind == "word":
        return [node.text]
    if node.kind == "phrase":
        return _WORD.findall(node.text)
    return [w for child in node.children for w in _plain_words(child)]


def _nearest_printed(store: Store, searcher: tantivy.Searcher, word: str, stem: str) -> str | None:
    distance = 1 if len(stem) <= 4 else 2
    schema = store.index.schema
    fuzzy = tantivy.Query.boolean_query(
        [
            (tantivy.Occur.Should, tantivy.Query.fuzzy_term_query(schema, f, stem, distance))
            for f in _FIELDS
        ]
    )
    found = searcher.search(fuzzy, _READ).hits
    ids = [searcher.doc(addr)["id"][0] for _, addr in found]
    if not ids:
        return None
    typed = fold(word)
    near: Counter[tuple[int, str]] = Counter()
    titles = store.records.titles(ids)
    for doc_id, (body, notes) in store.records.body_texts(ids).items():
        title = titles.get(doc_id, {}).get("title", "")
        for printed in _WORD.findall(f"{title}\n{body}\n{notes}"):
            d = Levenshtein.distance(typed, fold(printed), score_cutoff=distance)
            if 0 < d <= distance:
                near[(d, printed)] += 1
    if not near:
        return None
    (_, best), _ = min(near.items(), key=lambda kv: (kv[0][0], -kv[1], kv[0][1]))
    return best
