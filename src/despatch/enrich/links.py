"""Cross-references, document links and correspondence threads.

- "See Document 299", "Documents 270 and 278", "Foreign Relations, 1961–1963, vol. XXII,
  Document 383", "ibid., Document 292", "footnote 2 above" become ``ref`` marks (TEI
  ``ref@target`` already are), and each document target becomes a ``see`` link with the
  sentence it was read from.
- Letters and telegrams are linked ``reply-to``/``replied-by`` when the text says so ("reply
  to your letter of September 2") and a note or date there points at the earlier document.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from ..model import Document, Link, Mark
from ..store.records import RecordStore
from .dates import find_date_mentions
from .parties import addressed
from .sources import _ABBREV, _sentences

__all__ = [
    "DocSummary",
    "add_replied_by",
    "correspondence_thread",
    "find_references",
    "is_correspondence",
    "link_document",
    "reply_links",
    "volume_id_from_citation",
]

_ROMAN = {"I": 1, "V": 5, "X": 10, "L": 50, "C": 100}
_CITATION = re.compile(
    r"Foreign Relations,\s+(?P<y1>\d{4})(?:[–-](?P<y2>\d{2,4}))?,\s+(?:[A-Z][^,]*?,\s+)?"
    r"vol(?:ume)?\.?\s+(?P<vol>[IVXLC]+)(?:,\s+Part\s+(?P<part>\d+))?"
)
_DOCS = re.compile(
    r"\bDocuments?\s+(?P<nums>\d+[a-z]?(?:(?:,\s*|\s*[–-]\s*|,?\s+and\s+)"
    r"\d+[a-z]?)*)"
)
_FOOTNOTE = re.compile(r"\bfootnotes?\s+(?P<n>\d+)\s+(?:above|below)")
_DOC_FOOTNOTE = re.compile(
    r"\bfootnote\s+(?P<n>\d+),?\s+(?:to\s+|of\s+|in\s+)?Document\s+(?P<d>\d+[a-z]?)"
    r"|\bDocument\s+(?P<d2>\d+[a-z]?)\s+and\s+footnote\s+(?P<n2>\d+)\s+thereto"
)
_IBID = re.compile(r"\bibid\.", re.I)
# "May 4", "Sept. 22, 1980", "the 3d instant", "the 28th ultimo", "the 3d of March"
_REPLY_DATE = (
    r"(?:the\s+)?\d{1,2}(?:st|nd|rd|th|d)?\s+(?:instant|inst\.|ultimo|ult\.|of\s+[A-Z][a-z]+)"
    r"|[A-Z][a-z]+\.?\s+\d{1,2}(?:st|nd|rd|th|d)?(?:,\s+\d{4})?"
)
_REPLY_KIND = r"(?:letter|message|telegram|note|cable|despatch|dispatch|instruction|communication)"
_REPLY = re.compile(
    r"\b(?:(?:in\s+)?(?:a\s+)?reply\s+to|in\s+response\s+to|respond(?:ing)?\s+to|answer(?:ing)?|"
    r"thank\s+you\s+for|acknowledg\w*(?:\s+the\s+receipt\s+of)?)\s+(?:your|the)\s+"
    + _REPLY_KIND
    + r"(?:\s+No\.\s*\d+)?(?:,?\s+of\s+(?P<date>"
    + _REPLY_DATE
    + r"))?"
    r"|\byour\s+(?:letter|message|despatch|dispatch|instruction|note|communication)"
    r"(?:\s+No\.\s*\d+)?,?\s+of\s+(?P<date2>" + _REPLY_DATE + r")",
    re.I,
)
# each alternative of _REPLY contains one of these
_REPLY_WORDS = ("repl", "respon", "answer", "thank", "acknowledg", "your")
_CORRESPONDENCE = re.compile(
    r"^(?:Letter|Message|Telegram|Note|Cable|Backchannel Message|Airgram|Despatch|Dispatch|"
    r"Instruction)\b"
)


def _roman(text: str) -> int:
    total, prev = 0, 0
    for ch in reversed(text):
        value = _ROMAN[ch]
        total += -value if value < prev else value
        prev = max(prev, value)
    return total


def volume_id_from_citation(m: re.Match[str]) -> str:
    """ "Foreign Relations, 1961–1963, vol. XXII" → ``frus1961-63v22``."""
    y1, y2 = m.group("y1"), m.group("y2")
    years = y1 + (f"-{y2[-2:]}" if y2 else "")
    vol = f"v{_roman(m.group('vol')):02d}"
    part = f"p{m.group('part')}" if m.group("part") else ""
    return f"frus{years}{vol}{part}"


def _doc_numbers(nums: str) -> list[str]:
    out: list[str] = []
    for piece in re.split(r",\s*|,?\s+and\s+", nums):
        rng = re.fullmatch(r"(\d+)\s*[–-]\s*(\d+)", piece.strip())
        if rng and int(rng.group(2)) - int(rng.group(1)) < 50:
            out.extend(str(n) for n in range(int(rng.group(1)), int(rng.group(2)) + 1))
        elif piece.strip():
            out.append(piece.strip())
    return out


def _sentence_start(text: str, pos: int) -> int:
    """Where the sentence holding ``pos`` begins (abbreviations such as "vol." do not end one)."""
    start = 0
    for m in re.finditer(r"\.\s+(?=[A-Z“(])|;\s+", text[:pos]):
        if not _ABBREV.search(text[max(0, m.start() - 12) : m.start() + 1]):
            start = m.end()
    return start


def find_references(
    text: str, volume: str | None, doc_id: str, cited: str | None = None
) -> list[tuple[int, int, str]]:
    """(offset, length, target) for references written in ``text``.

    A document number refers to the volume cited earlier in the same sentence ("Foreign
    Relations, 1961–1963, vol. XXII, Document 383") or, after "ibid.", to the volume cited
    last (``cited`` carries it over from earlier notes); otherwise to the document's own.
    """
    out: list[tuple[int, int, str]] = []
    if "Document" not in text and "footnote" not in text:
        return out  # the common case: nothing to find, no regex pass needed
    events = sorted(
        [(m.start(), "cite", m) for m in _CITATION.finditer(text)]
        + [(m.start(), "docs", m) for m in _DOCS.finditer(text)]
        + [(m.start(), "ibid", m) for m in _IBID.finditer(text)]
        + [(m.start(), "fn", m) for m in _FOOTNOTE.finditer(text)]
        + [(m.start(), "docfn", m) for m in _DOC_FOOTNOTE.finditer(text)],
        key=lambda e: (e[0], e[1] != "docfn"),
    )
    # "footnote 3, Document 14" is one reference, to a note of another document
    spans = [(m.start(), m.end()) for _, kind, m in events if kind == "docfn"]
    events = [
        e for e in events if e[1] != "docs" or not any(a <= e[2].start() < b for a, b in spans)
    ]
    last_cite = last_ibid = -1
    for pos, kind, m in events:
        if kind == "cite":
            cited, last_cite = volume_id_from_citation(m), pos
        elif kind == "ibid":
            last_ibid = pos
        elif kind == "fn":
            out.append((m.start(), m.end() - m.start(), f"{doc_id}#fn{m.group('n')}"))
        else:
            start = _sentence_start(text, pos)
            target_volume = cited if cited and max(last_cite, last_ibid) >= start else volume
            if not target_volume:
                continue
            if kind == "docfn":
                number, note = m.group("d") or m.group("d2"), m.group("n") or m.group("n2")
                out.append((m.start(), m.end() - m.start(), f"{target_volume}/d{number}#fn{note}"))
                continue
            for number in _doc_numbers(m.group("nums")):
                out.append((m.start(), m.end() - m.start(), f"{target_volume}/d{number}"))
    return out


def _sentence_at(text: str, offset: int) -> str:
    """The sentence around ``offset`` (abbreviations such as "vol." do not end one)."""
    pos = 0
    for sentence in _sentences(text):
        start = text.find(sentence, pos)
        if start <= offset <= start + len(sentence):
            return sentence[:300]
        pos = max(start, pos)
    return text[:300]


def link_document(doc: Document) -> None:
    """Add ``ref`` marks for written references and a ``see`` link per target document."""
    have = {(m.block, m.note, m.offset) for m in doc.marks if m.type == "ref" and m.target}
    cited: str | None = None  # the volume cited last, for "ibid." in a later note
    # text read without a volume: its documents' ids are "<file stem>/dN", so are its targets
    volume = doc.volume or doc.id.rpartition("/")[0] or None
    marked = doc.marked("ref")
    # the editors tagged a reference but gave it no target: what the text names is its target
    untargeted = [m for m in doc.marks if m.type == "ref" and not m.target]
    for block, note, text in doc.texts():
        taken = marked.get((block, note), [])
        for off, length, target in find_references(text, volume, doc.id, cited):
            if (block, note, off) in have:
                continue
            tagged = next(
                (
                    m
                    for m in untargeted
                    if (m.block, m.note) == (block, note)
                    and m.offset < off + length
                    and off < m.offset + m.length
                ),
                None,
            )
            if tagged is not None:
                tagged.target = tagged.target or target
                continue
            if any(a < off + length and off < b for a, b in taken):
                continue
            doc.marks.append(
                Mark("ref", off, length, block=block, note=note, target=target, source="detected")
            )
        citations = list(_CITATION.finditer(text))
        if citations:
            cited = volume_id_from_citation(citations[-1])
    seen = {lk.target for lk in doc.links}
    for mark in doc.marks:
        if mark.type != "ref" or not mark.target:
            continue
        target = mark.target.split("#", 1)[0]  # "vol/d383#fn4" links to the document
        if not re.search(r"/d\d+[a-z]?$", target) or target == doc.id or target in seen:
            continue
        seen.add(target)
        text = doc.text_under(mark)
        where = f"note {doc.notes[mark.note].n}" if mark.note is not None else "text"
        confidence = 1.0 if mark.source == "markup" else 0.9
        kind = link_kind(text[_sentence_start(text, mark.offset) : mark.offset])
        doc.links.append(
            Link(kind, target, f"{where}: {_sentence_at(text, mark.offset)}", confidence)
        )


# What the words before a reference say the document is to this one: its enclosure ("The
# enclosure is printed as Document 14"), printed elsewhere ("The letter is printed in
# Foreign Relations, 1961–1963, vol. XXII, Document 383"), or just to be seen.
_ENCLOSURE = re.compile(r"\b(?:enclosure|attachment)s?\b[^;]*\b(?:is|are)\s+printed\s+as\s*$", re.I)
_PRINTED = re.compile(r"\bprinted\s+(?:in|as)\b", re.I)


def link_kind(before: str) -> str:
    """``enclosure``, ``printed-in`` or ``see``, from the sentence up to a reference."""
    if _ENCLOSURE.search(before):
        return "enclosure"
    if _PRINTED.search(before) and not re.search(r"\bnot\s+printed\b", before, re.I):
        return "printed-in"
    return "see"


def _date_near(text: str, anchor: str | None) -> dt.date | None:
    day = dt.date.fromisoformat(anchor[:10]) if anchor else None
    found = find_date_mentions(text, day)
    return dt.date.fromisoformat(found[0][2]) if found else None


@dataclass
class DocSummary:
    """What reply-linking needs to know of the other documents of a volume."""

    id: str
    title: str
    date_min: str | None
    sender: list[str]
    recipient: list[str]


_DATED_KINDS = tuple(
    f"{kind} of"
    for kind in (
        "letter",
        "message",
        "telegram",
        "note",
        "cable",
        "despatch",
        "dispatch",
        "instruction",
        "communication",
    )
)
_NUMBERED_OF = re.compile(r"no\.\s*\d+,?\s+of\b")  # "your despatch No. 45, of the 3d"


def may_name_a_dated_letter(text: str) -> bool:
    """Whether ``text`` (a document, or its JSON) could hold a reply phrase with a date
    ("your letter of May 4", "your despatch No. 45, of the 3d instant"): each such
    alternative of ``_REPLY`` has one of these."""
    lowered = text.lower()
    return any(kind in lowered for kind in _DATED_KINDS) or (
        "no." in lowered and _NUMBERED_OF.search(lowered) is not None
    )


def is_correspondence(title: str) -> bool:
    """A letter, telegram, despatch … by its heading: the genre ("Telegram From …"), or, as
    older volumes title them, its writer and reader alone ("Mr. Fish to Mr. Motley")."""
    return bool(_CORRESPONDENCE.match(title)) or addressed(title)


DatedLookup = Callable[[str], Iterable[DocSummary]]  # ISO day → documents dated that day


def reply_links(doc: Document, dated: DatedLookup) -> list[Link]:
    """``reply-to`` links for one letter, read from its text; ``dated`` finds the documents
    of a given day (a dict in memory, or a query against the store)."""
    if not is_correspondence(doc.title):
        return []
    found: list[Link] = []
    for i, block in enumerate(doc.blocks[1:], 1):
        lowered = block.text.lower()
        if not any(word in lowered for word in _REPLY_WORDS):
            continue  # most paragraphs: no regex pass
        for m in _REPLY.finditer(block.text):
            target, evidence, conf = _reply_target(doc, i, m, dated)
            if target is None or target == doc.id:
                continue
            if any(lk.type == "reply-to" and lk.target == target for lk in [*doc.links, *found]):
                continue
            found.append(Link("reply-to", target, evidence, conf))
    return found


def add_replied_by(earlier: Document, reply_id: str, link: Link) -> bool:
    if any(lk.type == "replied-by" and lk.target == reply_id for lk in earlier.links):
        return False
    earlier.links.append(Link("replied-by", reply_id, link.evidence, link.confidence))
    return True


def _reply_target(
    doc: Document, block: int, m: re.Match[str], dated: DatedLookup
) -> tuple[str | None, str, float]:
    phrase = m.group(0)
    evidence = f"text: “{phrase}”"
    # 1. a note right at the phrase that points at a document
    for j, note in enumerate(doc.notes):
        if note.block == block and m.start() <= note.offset <= m.end() + 2:
            for mark in doc.marks:
                if mark.type == "ref" and mark.note == j and mark.target and "#" not in mark.target:
                    return mark.target, f"{evidence}; note {note.n}: “{note.text}”", 0.95
    # 2. an earlier letter from the addressee to the writer on the date named
    date_text = m.group("date") or m.group("date2")
    if not date_text or doc.date is None:
        return None, evidence, 0.0
    when = _date_near(date_text, doc.date.min)
    if when is None:
        return None, evidence, 0.0
    writers, readers = set(doc.sender), set(doc.recipient)
    for other in dated(when.isoformat()):
        if other.id == doc.id:
            continue
        swapped = (set(other.sender) & readers) or (set(other.recipient) & writers)
        if swapped or is_correspondence(other.title):
            return (
                other.id,
                f"{evidence}; {other.id} is dated {when.isoformat()}",
                (0.85 if swapped else 0.6),
            )
    return None, evidence, 0.0


def correspondence_thread(records: RecordStore, doc: Document) -> list[dict[str, Any]]:
    """The exchange a document belongs to, in date order, with each link's evidence."""
    seen: dict[str, Document | None] = {}
    queue = [doc.id]
    while queue:
        current = queue.pop()
        if current in seen:
            continue
        try:
            d = records.document(current) if current != doc.id else doc
        except Exception:  # a target outside the store stays in the thread, unread
            seen[current] = None
            continue
        seen[current] = d
        for link in d.links:
            if link.type in ("reply-to", "replied-by"):
                queue.append(link.target)
        for row in records.links_to(current):
            if row["type"] in ("reply-to", "replied-by"):
                queue.append(row["source"])
    if len(seen) < 2:
        return []
    members = []
    for doc_id, d in seen.items():
        members.append(
            {
                "id": doc_id,
                "volume": d.volume if d else doc_id.partition("/")[0],
                "number": d.number if d else None,
                "title": d.title if d else doc_id,
                "date": d.date.min if d and d.date else None,
                "from": d.sender if d else [],
                "to": d.recipient if d else [],
                "evidence": [
                    lk.to_json() for lk in d.links if lk.type in ("reply-to", "replied-by")
                ]
                if d
                else [],
            }
        )
    members.sort(key=lambda m: (m["date"] or "9999", m["id"]))
    return members
