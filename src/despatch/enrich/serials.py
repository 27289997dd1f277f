"""Telegrams and despatches cited by their numbers.

Each post numbers what it sends. A telegram's text opens with its number ("2541. For
Secretary from Ambassador."), a nineteenth-century despatch prints it above the place ("No.
45.] Legation of the United States, Peking"). Later messages and the editors' notes cite
those numbers: "your 2541", "Ref: Deptel 2485", "Embtels 3856 and 3870", "telegram 271 from
Tokyo, July 15", "his telegram 637 of August 20", "your despatch No. 45, of the 3d instant",
"my No. 12". A citation resolves to the document of the volume that carries the number and
fits what the citation says of it: who sent it ("your" is the reader, "my" and "our" the
writer, "Deptel" the Department, "Embtel" an embassy), where from, on what day. A bare
"telegram 123" says too little and is left alone. Posts start their numbering again each
year, so the text of a message takes the latest fitting document dated on or before it,
and a note the one nearest its document's date. Citing a message of the reader's is a
reply (``reply-to``); any other citation is ``see``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from ..model import Document, Link, Mark
from .dates import MONTHS, find_date_mentions
from .parties import parties_from_heading, party_name

__all__ = [
    "CITED_WITHIN_DAYS",
    "Citation",
    "CitationAt",
    "NumberLookup",
    "NumberedDoc",
    "citation_keys",
    "citations_in",
    "cited_numbers",
    "cites_numbers",
    "number_links",
    "numbered_docs",
    "own_number",
    "writer_keys",
]

# "2541. For Secretary …", "Secto 25. This message …"; "No. 45.]", "[No. 45.]"
_TELEGRAM_NUMBER = re.compile(r"^(?:(?P<series>[A-Z][A-Za-z]{1,7})\s+)?(?P<n>\d{1,6})\.\s")
_DESPATCH_NUMBER = re.compile(r"^\[?No\.\s*(?P<n>\d{1,6})\b")
# headings of what carries no telegram number, whatever its first paragraph opens with
_NOT_A_TELEGRAM = re.compile(
    r"^(?:[\w-]+\s+){0,3}?(?:Letter|Memorandum|Paper|Report|Minutes|Notes|Study|Editorial Note)\b"
)
# words before a number that opens a paragraph without being a telegram series ("Secto")
_NOT_A_SERIES = frozenset(
    ["no", "para", "paragraph", "item", "section", "part", "annex", "tab", "point", *MONTHS]
)

_KINDS = frozenset(
    f"{kind}{plural}"
    for kind in (
        "despatch",
        "dispatch",
        "instruction",
        "telegram",
        "tel",
        "note",
        "letter",
        "cable",
        "airgram",
        "message",
    )
    for plural in ("", "s")
)
# a word before the number that says whose message it is
_WHOSE = {"your": "your", "my": "my", "our": "my", "his": None, "her": None, "their": None}
_POST_WORDS = {
    "deptel": "dep",
    "deptels": "dep",
    "embtel": "emb",
    "embtels": "emb",
    "contel": "con",
    "contels": "con",
    "department's": "dep",
    "embassy's": "emb",
    "consulate's": "con",
    "legation's": "leg",
}
_NUMBER = re.compile(r"\d{1,6}\b")
# the word right before a cited number, as printed: in lower case, capitalized or in
# capitals (telegrams: "REF: DEPTEL 2485"), with a straight or a curly apostrophe
_CUE_WORDS = frozenset(
    form
    for word in [*_KINDS, *_WHOSE, *_POST_WORDS, "no."]
    for cased in (word, word.capitalize(), word.upper())
    for form in (cased, cased.replace("'", "’"))
)
_MORE = re.compile(r"(?:,\s*|,?\s+(?:and|AND)\s+)(?:[Nn][Oo]\.\s*)?(\d{1,6})\b")
# what may not follow a number that cites a message: "your 3 telegrams", "our 50 percent"
_NOT_A_CITATION = re.compile(
    r"[.,:]?\d|\s*(?:%|[ap]\.\s?m\.|percent\b|per\b|million\b|billion\b|thousand\b|"
    r"hundred\b|years?\b|months?\b|weeks?\b|days?\b|hours?\b|minutes?\b|o['’]clock\b)"
    r"|\s+[a-z]+s\b"
)
_FROM = re.compile(r",?\s+from\s+(?P<place>[A-Z][\w.’'-]*(?:\s+[A-Z][\w.’'-]*){0,2})")
_DAY_AFTER = re.compile(r",?\s+(?:of\s+|dated\s+)?(?:the\s+)?(?=\d|[A-Z])")
_POSTS = {
    "dep": r"\bDepartment\b|\bSecretary of State\b",
    "emb": r"\bEmbassy\b|\bAmbassador\b",
    "con": r"\bConsul",
    "leg": r"\bLegation\b|\bMinister\b",
}


@dataclass
class NumberedDoc:
    """What resolving a citation needs to know of a numbered document of the volume."""

    id: str
    number: str
    date: str | None  # ISO date-time, its ``min``
    place: str | None
    writer: str  # the heading's party phrases: "the Embassy in Japan", "Mr. Motley"
    reader: str


@dataclass
class Citation:
    """One number cited in a text, and what the text says of its message."""

    offset: int
    length: int
    number: str
    whose: str | None = None  # "your", "my", or the post: "dep", "emb", "con", "leg"
    place: str | None = None
    day: str | None = None  # ISO date


def own_number(opening: Sequence[dict[str, Any] | None], title: str = "") -> str | None:
    """The number a telegram or despatch carries, from the blocks that open it (after the
    heading, as Document JSON). A letter or memorandum (by its ``title``) opening with "1."
    has numbered paragraphs, not a number: only "No. 45.]" counts for it."""
    numbered_paragraphs = _NOT_A_TELEGRAM.match(title) is not None
    for i, block in enumerate(opening):
        if not block:
            continue
        text = block.get("text", "")
        m = _DESPATCH_NUMBER.match(text)
        if m:
            return m.group("n")
        if block.get("type") != "p" or text.startswith("["):  # "[Received May 4—9 a.m.]"
            continue
        m = _TELEGRAM_NUMBER.match(text)
        if not m or numbered_paragraphs or (m.group("series") or "").lower() in _NOT_A_SERIES:
            return None  # the first paragraph settles it
        following = next((b for b in opening[i + 1 :] if b and b.get("type") == "p"), None)
        if m.group("n") == "1" and following and following.get("text", "").startswith("2. "):
            return None  # "1. …", "2. …": paragraphs numbered, the telegram not
        series = m.group("series")
        return f"{series} {m.group('n')}" if series else m.group("n")
    return None


def _cue(text: str, start: int) -> tuple[int, str | None] | None:
    """Whether the words before a number at ``start`` cite a message ("your", "Deptel",
    "your despatch No.", "telegram"): where the citation begins and whose it says it is."""
    before = text[max(0, start - 48) : start]
    if not before.endswith((" ", "No.", "no.", "NO.")):
        return None
    words = before.split()
    if words and words[-1] in ("No.", "no.", "NO."):
        words.pop()
    if not words:
        return None
    last = _key(words[-1]).rstrip(":")
    begin = start - len(before) + before.rfind(words[-1])
    if last in _POST_WORDS:
        return begin, _POST_WORDS[last]
    if last in _WHOSE:
        return begin, _WHOSE[last] or ""
    if last not in _KINDS:
        return None
    if len(words) > 1:  # "your despatch", "Department's telegram", "his telegram"
        owner = _key(words[-2])
        if owner in _WHOSE or owner in _POST_WORDS:
            whose = _WHOSE.get(owner, _POST_WORDS.get(owner))
            return begin - len(words[-2]) - 1, whose or ""
    return begin, ""


def _key(word: str) -> str:
    return word.lower().replace("’", "'")


def cited_numbers(text: str, anchor: dt.date | None = None) -> list[Citation]:
    """Numbered citations of telegrams and despatches in ``text``; ``anchor`` (the citing
    document's date) resolves a day written without its year. Each number is looked at
    with the word before it, so that text without citations costs one scan for digits."""
    out: list[Citation] = []
    pos = 0
    for m in _NUMBER.finditer(text):
        start = m.start()
        if start < pos or start < 3:
            continue
        # most numbers (days, years, paragraphs) are rejected by the word before them
        gap = 1 if text[start - 1] == " " else 0
        if not gap and not text.endswith(("No.", "no.", "NO."), 0, start):
            continue
        word = text[text.rfind(" ", 0, start - gap) + 1 : start - gap]
        if word not in _CUE_WORDS:
            continue
        cue = _cue(text, start)
        if cue is None or _NOT_A_CITATION.match(text, m.end()):
            continue
        begin, said = cue
        numbers = [(m.start(), m.end(), m.group())]
        end = m.end()
        while more := _MORE.match(text, end):  # "Embtels 3856 and 3870"
            numbers.append((more.start(1), more.end(1), more.group(1)))
            end = more.end()
        place = day = None
        if f := _FROM.match(text, end):
            place, end = f.group("place"), f.end()
        if d := _DAY_AFTER.match(text, end):
            found = find_date_mentions(text[d.end() : d.end() + 40], anchor)
            if found and found[0][0] == 0:
                day = found[0][2]
        pos = end
        whose = said or None
        if whose is None and place is None and day is None:
            continue  # "telegram 123", "his telegram 637" alone say too little
        for i, (a, b, number) in enumerate(numbers):
            # the first number's mark covers the cue ("Deptel 2485"), the others their digits
            start = begin if i == 0 else a
            out.append(Citation(start, b - start, number, whose, place, day))
    return out


def _anchor(doc: Document) -> dt.date | None:
    own = doc.date.min[:10] if doc.date and doc.date.min else None
    return dt.date.fromisoformat(own) if own else None


# a citation where it stands: (block, note, the text it is in, the citation)
CitationAt = tuple[int | None, int | None, str, Citation]


def citations_in(doc: Document) -> list[CitationAt]:
    """Every numbered citation of ``doc`` but its heading's: (block, note, text, citation)."""
    anchor = _anchor(doc)
    return [
        (block, note, text, c)
        for block, note, text in doc.texts()
        if block != 0
        for c in cited_numbers(text, anchor)
    ]


def cites_numbers(doc: Document) -> bool:
    """Whether any text of ``doc`` but its heading cites a numbered message."""
    anchor = _anchor(doc)
    return any(cited_numbers(text, anchor) for block, _, text in doc.texts() if block != 0)


def _named_writer(c: Citation, writer: str | None, reader: str | None) -> str | None:
    """The party a "your" (the citing document's reader) or "my" (its writer) names."""
    return reader if c.whose == "your" else writer


def _fits(c: Citation, writer: str | None, reader: str | None, other: NumberedDoc) -> bool:
    if c.whose in ("your", "my"):
        party = _named_writer(c, writer, reader)
        if not party or party_name(party) != party_name(other.writer):
            return False
    elif c.whose in _POSTS and not re.search(_POSTS[c.whose], other.writer):
        return False
    if c.place and not (other.place and re.search(rf"\b{re.escape(c.place)}\b", other.place)):
        return False
    return not c.day or bool(other.date and other.date[:10] == c.day)


def citation_keys(doc: Document, cited: Sequence[CitationAt] | None = None) -> set[tuple[str, str]]:
    """(number, party) for each number ``doc`` cites (``cited``: its :func:`citations_in`):
    the party is the name of the message's writer when the citation says whose it is ("your
    2541" is the reader's), the post ("dep", "emb", …) for "Deptel 2485", else ''. What a
    message of another volume must match (:func:`writer_keys`) for ``doc`` to be read
    again."""
    writer, reader = parties_from_heading(doc.title)
    out: set[tuple[str, str]] = set()
    for _, _, _, c in citations_in(doc) if cited is None else cited:
        if c.whose in ("your", "my"):
            party = _named_writer(c, writer, reader)
            out.add((c.number, party_name(party) if party else ""))
        else:
            out.add((c.number, c.whose if c.whose in _POSTS else ""))
    return out


def writer_keys(writer: str) -> tuple[str, str]:
    """A numbered message's writer as citations name it: its party name, and the posts it
    speaks for ("dep", "emb", "con", "leg", space-separated; '' for none)."""
    posts = " ".join(key for key, rx in _POSTS.items() if re.search(rx, writer))
    return party_name(writer), posts


class NumberLookup(Protocol):
    def get(self, number: str, default: Sequence[NumberedDoc], /) -> Sequence[NumberedDoc]: ...


def number_links(
    doc: Document,
    numbered: NumberLookup,
    cited: Sequence[CitationAt] | None = None,
) -> list[Link]:
    """Links for the numbered messages ``doc`` cites (``cited``: its :func:`citations_in`,
    found here when not given), and ``ref`` marks on the citations (added to ``doc``);
    ``numbered`` maps each number to the documents carrying it (a ``dict`` from
    :func:`numbered_docs`, or the store's, looked up as they are cited)."""
    found: list[Link] = []
    marked = doc.marked("ref")
    own = doc.date.min[:10] if doc.date and doc.date.min else None
    writer, reader = parties_from_heading(doc.title)
    home = f"{doc.volume}/" if doc.volume else "\0"  # ids of the document's own volume
    for block, note, text, c in citations_in(doc) if cited is None else cited:
        fitting = [
            other
            for other in numbered.get(c.number, ())
            if other.id != doc.id and _near(other.date, own) and _fits(c, writer, reader, other)
        ]
        if note is None and own:  # a message cites what came before it
            fitting = [o for o in fitting if o.date is None or o.date[:10] <= own]
            # on a tie, the message printed in the document's own volume (a copy of it
            # elsewhere in the store is the same message)
            target = max(fitting, key=lambda o: (o.date or "", o.id.startswith(home)), default=None)
        else:
            target = min(
                fitting,
                key=lambda o: (_days_apart(o.date, own), not o.id.startswith(home)),
                default=None,
            )
        if target is None:
            continue
        taken = marked.get((block, note), [])
        if not any(a < c.offset + c.length and c.offset < b for a, b in taken):
            doc.marks.append(
                Mark(
                    "ref",
                    c.offset,
                    c.length,
                    block=block,
                    note=note,
                    target=target.id,
                    source="detected",
                )
            )
        answered = (
            note is None and bool(reader) and party_name(reader or "") == party_name(target.writer)
        )
        kind = "reply-to" if answered else "see"
        if any(lk.type == kind and lk.target == target.id for lk in [*doc.links, *found]):
            continue
        where = f"note {doc.notes[note].n}" if note is not None else "text"
        cited = text[c.offset : c.offset + c.length]
        evidence = f"{where}: “{cited}”; {target.id} is numbered {target.number}"
        found.append(Link(kind, target.id, evidence, 0.9 if c.day or c.whose else 0.8))
    return found


# Posts numbered their messages afresh each year, and a citation is answered or recalled
# within months: a message more than a year from the citing document is another of that
# number (in a store of many volumes there are many)
CITED_WITHIN_DAYS = 366


def _near(date: str | None, own: str | None) -> bool:
    """Whether a message of ``date`` may be the one a document of ``own`` cites (either
    undated: it may)."""
    return not date or not own or _days_apart(date, own) <= CITED_WITHIN_DAYS


def _days_apart(date: str | None, own: str | None) -> int:
    if not date or not own:
        return 10**6
    return abs((dt.date.fromisoformat(date[:10]) - dt.date.fromisoformat(own)).days)


def numbered_docs(
    rows: Iterable[tuple[str, str, str | None, str | None, Sequence[dict[str, Any] | None]]],
) -> dict[str, list[NumberedDoc]]:
    """Number → the documents carrying it, from (id, title, date, place, opening blocks)."""
    out: dict[str, list[NumberedDoc]] = {}
    for doc_id, title, date, place, opening in rows:
        number = own_number(opening, title)
        writer, reader = parties_from_heading(title)
        if number and writer:
            out.setdefault(number, []).append(
                NumberedDoc(doc_id, number, date, place, writer, reader or "")
            )
    return out
