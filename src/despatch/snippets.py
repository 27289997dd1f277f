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
        re.compile(rf"(?:{lower})\w*"), re.compile(rf"\b(?:{any_case})\w*", re.IGNORECASE)
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


def snippet(text: str, highlight: Highlight) -> str:
    """The passage of ``text`` with the most query words, escaped, the words marked.

    Cheaper than tantivy's snippet generator, which tokenises the whole stored text of each
    hit: one regex scan (of at most the first 200 matches) per hit."""
    matches = []
    for span in highlight.spans(text):
        matches.append(span)
        if len(matches) >= 200:
            break
    if not matches:
        return html.escape(text[:SNIPPET_CHARS])
    best, best_count, j = 0, 0, 0
    for i, (start, _) in enumerate(matches):  # the window starting at a match holding most
        while j < len(matches) and matches[j][1] <= start + SNIPPET_CHARS:
            j += 1
        if j - i > best_count:
            best, best_count = i, j - i
    begin = matches[best][0]
    begin = max(0, text.rfind(" ", 0, max(begin - 40, 0)) + 1) if begin > 40 else 0
    end = min(len(text), begin + SNIPPET_CHARS)
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
