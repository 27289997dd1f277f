"""Snippets: the passage of a hit with the most query words, escaped, the words marked.

The words are found as the index matched them: stems match any ending ("negoti" →
"negotiations"), prefixes anything after them, and folded letters their accented forms.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

__all__ = ["SNIPPET_CHARS", "Highlight", "highlighter", "snippet"]

SNIPPET_CHARS = 240


@dataclass(frozen=True)
class Highlight:
    """The query's words as patterns: ``lower`` finds them in lower-cased text fast (no
    leading ``\\b``, which makes the regex engine try every position; the word boundary is
    checked on each match instead); ``any_case`` is the plain pattern, for the rare text
    whose lower-casing changes its length."""

    lower: re.Pattern[str]
    any_case: re.Pattern[str]
    words: tuple[str, ...] = ()  # the query's words, folded, longest first

    def word_of(self, found: str) -> str:
        """Which of the query's words a found word is ("Okinawans" → "okinawa")."""
        folded = found.lower().translate(_FOLD)
        return next((w for w in self.words if folded.startswith(w)), folded)

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        lowered = text.lower()
        if len(lowered) != len(text):
            yield from (m.span() for m in self.any_case.finditer(text))
            return
        for m in self.lower.finditer(lowered):
            start = m.start()
            if start and (lowered[start - 1].isalnum() or lowered[start - 1] == "_"):
                continue  # inside a word: not where a word of the query starts
            yield m.span()


def highlighter(terms: Iterable[tuple[str, bool]]) -> Highlight | None:
    """Patterns for a query's (stem or prefix, is_prefix) terms: stems match any ending,
    prefixes anything after them, accents as printed. None when there are no terms."""
    words = sorted({t for t, _ in terms if t}, key=len, reverse=True)
    if not words:
        return None
    lower = "|".join("".join(_letter_pattern(c, lower=True) for c in t) for t in words)
    any_case = "|".join("".join(_letter_pattern(c) for c in t) for t in words)
    return Highlight(
        re.compile(rf"(?:{lower})\w*"),
        re.compile(rf"\b(?:{any_case})\w*", re.IGNORECASE),
        tuple(words),
    )


def _letter_pattern(letter: str, lower: bool = False) -> str:
    """A folded letter of a query word as it may be printed: "e" → "[eéèêë…]"."""
    variants = _ACCENTED.get(letter, "")
    if lower:
        variants = "".join(v for v in variants if v.islower())
    return f"[{letter}{variants}]" if variants else re.escape(letter)


def _accented_letters() -> dict[str, str]:
    """Each ASCII letter → the accented Latin letters that fold to it ("e" → "éèêë…"), so
    query words, folded like the index's terms, are highlighted as the text prints them."""
    table: dict[str, str] = {}
    pairs = [(chr(c), unicodedata.normalize("NFKD", chr(c))[0]) for c in range(0xC0, 0x250)]
    pairs += [(chr(c), unicodedata.normalize("NFKD", chr(c))[0]) for c in range(0x1E00, 0x1F00)]
    pairs += list(zip("ĐđØøŁłı", "DdOoLli", strict=True))
    for char, base in pairs:
        if base != char and base.isascii() and base.isalpha():
            table[base.lower()] = table.get(base.lower(), "") + char
    return table


_ACCENTED = _accented_letters()
_FOLD = str.maketrans({a: base for base, accented in _ACCENTED.items() for a in accented})


def snippet(text: str, highlight: Highlight, notes: str = "") -> str:
    """The passage of ``text`` with the most of the query's words (then the most matches),
    escaped, the words marked; a passage of the ``notes`` instead, labelled, when it holds
    more of them (a document found by its footnotes).

    Cheaper than tantivy's snippet generator, which tokenises the whole stored text of each
    hit: one regex scan (of at most the first 200 matches) per text."""
    body = _Passages(text, highlight)
    if notes and body.distinct < len(highlight.words):
        in_notes = _Passages(notes, highlight)
        if in_notes.distinct > body.distinct:
            return '<span class="in-note">Note:</span> ' + in_notes.html()
    if not body.matches:
        return html.escape(text[:SNIPPET_CHARS])
    return body.html()


class _Passages:
    """Where a text holds the query's words: the window of ``SNIPPET_CHARS`` with the most
    of them (then the most matches), and a shorter second passage for a word it lacks."""

    def __init__(self, text: str, highlight: Highlight) -> None:
        self.text = text
        self.matches: list[tuple[int, int]] = []
        for span in highlight.spans(text):
            self.matches.append(span)
            if len(self.matches) >= 200:
                break
        known: dict[str, str] = {}  # (a text repeats its words: each is looked up once)
        self.words = []
        for a, b in self.matches:
            found = text[a:b]
            word = known.get(found)
            if word is None:
                word = known[found] = highlight.word_of(found)
            self.words.append(word)
        self.best, self.best_end, score, j = 0, 0, (0, 0), 0
        for i, (start, _) in enumerate(self.matches):  # the window starting at each match
            while j < len(self.matches) and self.matches[j][1] <= start + SNIPPET_CHARS:
                j += 1
            if (len(set(self.words[i:j])), j - i) > score:
                self.best, score, self.best_end = i, (len(set(self.words[i:j])), j - i), j
        self.distinct = len(set(self.words))  # the words found anywhere in the text

    def html(self) -> str:
        first = _cut(self.text, self.matches[self.best][0], self.matches, SNIPPET_CHARS)
        shown = set(self.words[self.best : self.best_end])
        other = next(
            (a for (a, _), w in zip(self.matches, self.words, strict=True) if w not in shown),
            None,
        )
        if other is None:
            return first
        # an AND query's other word, far from the first passage: a shorter one of its own
        second = _cut(self.text, other, self.matches, SNIPPET_CHARS // 2)
        return first.removesuffix("…") + " … " + second.removeprefix("…")


def _cut(text: str, begin: int, matches: list[tuple[int, int]], length: int) -> str:
    """The passage from near ``begin`` (at a word), escaped, with its matches marked."""
    begin = max(0, text.rfind(" ", 0, max(begin - 40, 0)) + 1) if begin > 40 else 0
    end = min(len(text), begin + length)
    if end < len(text):
        end = text.rfind(" ", begin, end) if text.rfind(" ", begin, end) > begin else end
    out, pos = [], begin
    for start, stop in matches:
        if start < begin or stop > end:
            continue
        out.append(html.escape(text[pos:start]))
        out.append(f"<mark>{html.escape(text[start:stop])}</mark>")
        pos = stop
    out.append(html.escape(text[pos:end]))
    return ("…" if begin else "") + "".join(out) + ("…" if end < len(text) else "")
