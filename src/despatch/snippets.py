"""Snippets: the passage of a hit with the most query words, escaped, the words marked.

The words marked are those the index matched: a word is marked when its analysed form (its
stem: "policy" and "policies" are both "polici") is a word of the query, or begins with a
prefix of the query ("negoti*"); folded letters match their accented forms.
"""

from __future__ import annotations

import html
import re
import unicodedata
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from .model import Document, Mark
from .store.index import analyze

__all__ = ["SNIPPET_CHARS", "Highlight", "beside", "highlighter", "match_marks", "snippet"]

SNIPPET_CHARS = 240


@dataclass(frozen=True)
class Highlight:
    """The query's words, and patterns that find the words of a text that may be them.

    A stem is not always the start of the word it stands for ("policy" → "polici", "hoping"
    → "hope"), so a pattern looks for where such words begin (``_printed_start``) and every
    word found is analysed to see whether it is one the index matched ("police" → "polic"
    is not).
    ``lower`` finds the candidates in lower-cased text fast (no leading ``\\b``, which makes
    the regex engine try every position; the word boundary is checked on each match
    instead); ``any_case`` is the plain pattern, for the rare text whose lower-casing
    changes its length.

    A common word ("of", "the") of a query that has others is marked only beside another
    word of the query ("Memorandum of Understanding"): marked wherever it stands, it would
    be most of what is marked, and tell nothing."""

    lower: re.Pattern[str]
    any_case: re.Pattern[str]
    stems: frozenset[str] = frozenset()  # the query's words, analysed (but ``minor``)
    prefixes: tuple[str, ...] = ()  # the query's prefixes, as the index matches them
    minor: frozenset[str] = frozenset()  # its common words, when it has others
    phrases: tuple[tuple[str, ...], ...] = ()  # its phrases, analysed
    phrase_only: frozenset[str] = frozenset()  # words it looks for in a phrase alone

    @property
    def words(self) -> int:
        """How many words (and prefixes) the query looks for."""
        return len(self.stems) + len(self.prefixes) + len(self.minor)

    def word_of(self, found: str) -> str | None:
        """Which of the query's words a word of the text is ("policies" → "polici"), or None
        when the index did not match it ("Japanese" for "Japan", "office" for "of")."""
        stems = analyze(found)
        if len(stems) != 1:  # "ask_x" is two words to the index; too long, none
            return None
        stem = stems[0]
        if stem in self.stems:
            return stem
        return next((p for p in self.prefixes if stem.startswith(p)), None)

    def spans(self, text: str) -> Iterator[tuple[int, int]]:
        """Where ``text`` holds the query's words, in order."""
        return ((start, end) for start, end, _ in self.found(text))

    def found(self, text: str) -> Iterator[tuple[int, int, str]]:
        """Where ``text`` holds the query's words, and which word each is, in order."""
        words = self._with_common(text)
        yield from self._in_phrases(text, words) if self.phrase_only else words

    def _with_common(self, text: str) -> Iterator[tuple[int, int, str]]:
        if not self.minor:
            yield from self._words(text)
            return
        # The patterns look for the query's other words only; its common words are read off
        # their neighbours (a text has thousands of "the", and "the" alone is never shown).
        done = 0  # where the words given so far end
        for start, end, word in self._words(text):
            yield from self._common_before(text, start, done)
            yield start, end, word
            done = end
            for item in self._common_after(text, end):
                yield item
                done = item[1]

    def _in_phrases(
        self, text: str, words: Iterator[tuple[int, int, str]]
    ) -> Iterator[tuple[int, int, str]]:
        """The words, but those the query looks for in a phrase alone where they are not in
        one: the index matched "Prime Minister", not each "Minister" of the text."""
        run: list[tuple[int, int, str]] = []  # words of the query one beside the next
        for item in words:
            if run and not beside(text, run[-1][1], item[0]):
                yield from self._phrase_words(run)
                run = []
            run.append(item)
        yield from self._phrase_words(run)

    def _phrase_words(self, run: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        stems = [word for _, _, word in run]
        covered = [False] * len(run)
        for phrase in self.phrases:
            for i in range(len(run) - len(phrase) + 1):
                if tuple(stems[i : i + len(phrase)]) == phrase:
                    covered[i : i + len(phrase)] = [True] * len(phrase)
        return [
            item
            for item, inside in zip(run, covered, strict=True)
            if inside or item[2] not in self.phrase_only
        ]

    def _common_before(self, text: str, start: int, floor: int) -> list[tuple[int, int, str]]:
        """The query's common words running up to ``start`` (after ``floor``), in order."""
        out: list[tuple[int, int, str]] = []
        while start > floor:
            m = _WORD_BEFORE.search(text, max(floor, start - 24), start)
            word = self._common(m.group(1)) if m else None
            if m is None or word is None or (m.start() and text[m.start() - 1].isalnum()):
                break
            out.append((m.start(), m.end(1), word))
            start = m.start()
        return out[::-1]

    def _common_after(self, text: str, end: int) -> Iterator[tuple[int, int, str]]:
        """The query's common words running on from ``end``, in order."""
        while (m := _WORD_AFTER.match(text, end)) and (word := self._common(m.group(1))):
            yield m.start(1), m.end(), word
            end = m.end()

    def _common(self, found: str) -> str | None:
        stems = analyze(found)
        return stems[0] if len(stems) == 1 and stems[0] in self.minor else None

    def _words(self, text: str) -> Iterator[tuple[int, int, str]]:
        known: dict[str, str | None] = {}  # (a text repeats its words: each analysed once)
        for start, end in self._candidates(text):
            found = text[start:end]
            if found in known:
                word = known[found]
            else:
                word = known[found] = self.word_of(found)
            if word is not None:
                yield start, end, word

    def _candidates(self, text: str) -> Iterator[tuple[int, int]]:
        lowered = text.lower()
        if len(lowered) != len(text):
            yield from (m.span() for m in self.any_case.finditer(text))
            return
        for m in self.lower.finditer(lowered):
            start = m.start()
            if start and (lowered[start - 1].isalnum() or lowered[start - 1] == "_"):
                continue  # inside a word: not where a word of the query starts
            yield m.span()


def highlighter(
    terms: Iterable[tuple[str, bool]], phrases: Iterable[tuple[str, ...]] = ()
) -> Highlight | None:
    """Patterns for a query's (stem or prefix, is_prefix) terms and its phrases (each the
    analysed words of one), as the index matches them: a stem the word's stem, a prefix the
    start of the word's stem, a phrase its words side by side; accents as printed. None
    when there are no terms."""
    phrases = tuple(dict.fromkeys(p for p in phrases if p))
    given = [(t, p) for t, p in terms if t]  # the words and prefixes outside phrases
    alone = {t for t, prefix in given if not prefix}
    in_phrases = {w for phrase in phrases for w in phrase}
    terms = given + [(w, False) for w in sorted(in_phrases - alone)]
    if not terms:
        return None
    stems = frozenset(t for t, prefix in terms if not prefix)
    minor = stems & _COMMON_WORDS
    if minor == stems and not any(prefix for _, prefix in terms):
        minor = frozenset()  # a query of common words alone: marked wherever they are
    # the patterns find the query's words but its common ones, which sit beside them
    starts = {_printed_start(t) for t, _ in terms if t not in minor}
    # (a longer start first: the alternation takes the first that fits)
    words = sorted(starts, key=len, reverse=True)
    lower = "|".join("".join(_letter_pattern(c, lower=True) for c in t) for t in words)
    any_case = "|".join("".join(_letter_pattern(c) for c in t) for t in words)
    prefixes = sorted({t for t, prefix in terms if prefix}, key=len)
    # (a prefix that begins with another adds nothing: "negotiat" beside "negoti")
    prefixes = [p for i, p in enumerate(prefixes) if not p.startswith(tuple(prefixes[:i]))]
    return Highlight(
        re.compile(rf"(?:{lower})\w*"),
        re.compile(rf"\b(?:{any_case})\w*", re.IGNORECASE),
        stems - minor,
        tuple(prefixes),
        minor,
        phrases,
        # (a word a prefix of the query finds anywhere is not one of a phrase alone)
        frozenset(w for w in in_phrases - alone if not w.startswith(tuple(prefixes))),
    )


def _printed_start(stem: str) -> str:
    """What a word a stem stands for begins with in print: the stem, less a final "i" or
    "e" the stemmer may have put there ("policy" → "polici", "hoping" → "hope"), or the "l"
    of "bl" ("possibility" → "possibl")."""
    if len(stem) > 2 and (stem[-1] in "ie" or stem.endswith("bl")):
        return stem[:-1]
    return stem


# Two words are beside each other with at most three spaces and marks between them (one
# rule for a phrase, a run of the query's words and the common words read off them)
_GAP = r"\W{1,3}"
_WORD_BEFORE = re.compile(rf"(\w+){_GAP}\Z")  # the word before, up to where the search ends
_WORD_AFTER = re.compile(rf"{_GAP}(\w+)")  # the word after
_BESIDE = re.compile(_GAP)


def beside(text: str, end: int, start: int) -> bool:
    """Whether two words, one ending at ``end`` and one starting at ``start``, are next to
    each other."""
    return _BESIDE.fullmatch(text, end, start) is not None


# English words so common that marking them alone marks nearly every line (as analysed)
_COMMON_WORDS = frozenset(
    stem
    for word in (  # noqa: SIM905 (a list of 68 one-word strings would be 68 lines)
        "a an and are as at be been but by can could did do does for from had has have he her"
        " him his i if in into is it its may me might my no not of on or our she should so"
        " such than that the their them then there these they this those to us was we were"
        " which who will with would you your"
    ).split()
    for stem in analyze(word)
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


def match_marks(doc: Document, highlight: Highlight) -> list[Mark]:
    """Each word of a document the query matched, as a ``match`` mark, in reading order:
    the blocks' (the heading first), then the notes'."""
    return [
        Mark("match", start, end - start, block=block, note=note)
        for block, note, text in doc.texts()
        for start, end in highlight.spans(text)
    ]


def snippet(text: str, highlight: Highlight, notes: str = "") -> str:
    """The passage of ``text`` with the most of the query's words (then the most matches),
    escaped, the words marked; a passage of the ``notes`` instead, labelled, when it holds
    more of them (a document found by its footnotes).

    Cheaper than tantivy's snippet generator, which tokenises the whole stored text of each
    hit: one regex scan (of at most the first 200 matches) per text."""
    body = _Passages(text, highlight)
    if notes and body.distinct < highlight.words:
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
        self.words: list[str] = []
        for start, end, word in highlight.found(text):
            self.matches.append((start, end))
            self.words.append(word)
            if len(self.matches) >= 200:
                break
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
