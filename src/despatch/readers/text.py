"""Text reader: copied reading-room text → Documents with their apparatus restored.

Handles both styles in the spec (seed style ``  N. note`` lists, web-copy ``- note↩`` lists),
one or many documents per file, ``[Page N]`` anywhere (inside words too), and footnote
markers glued to the text (see :mod:`despatch.readers.markers`). Every non-trivial decision
is logged with a confidence in ``Document.recovery``.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ..conventions import EDITION
from ..errors import InputError
from ..model import Block, Document, Note, PageBreak, Recovery, Volume
from ._builder import (
    _ATTACHMENT,
    INVISIBLE,
    classify_letter_blocks,
    decode_text,
    has_invisible,
    looks_binary,
    normalize_space,
    note_type,
    read_file_bytes,
    reads_as_dateline,
    sort_notes,
    subtype_for,
    type_dateline,
)
from ._markdown import looks_like_markdown, plain_from_markdown
from ._notes_list import PAGE_LINE, split_notes
from ._text_documents import HEADING, joined_headings, split_documents
from .markers import MISSING_LOGP, choose_markers, find_candidates

__all__ = ["read_text", "read_text_file"]

if TYPE_CHECKING:  # the package imports this module
    from . import ReadVolume

_PAGE_INLINE = re.compile(r"\s*\[Page ([^\]\s]+)\]\s*")
_PAGES_AHEAD = re.compile(r"^(?:\[Page [^\]\s]+\]\s*)+")


# "[Page 12]" with a no-break or thin space in it, as some pages and editors copy it
_PAGE_SPACE = re.compile(r"\[Page[ \t\xa0\u2009\u202f]+(?=[^\]\s]+\])")
# the invisible characters but a soft hyphen that ends a line: a word broke there
_INVISIBLE_INLINE = re.compile("[" + INVISIBLE.replace("\xad", "") + "]|\xad(?!\n)")
_UNNUMBERED_NOTE = re.compile(r"^\[(?:Source|Summary|Attachment)\b.*\]$")
_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")


@dataclass
class _Chunk:
    lines: list[str]
    blanks_before: int
    pages_before: list[str] = field(default_factory=list)


@lru_cache(maxsize=1)
def _dictionary() -> object:
    from spellchecker import SpellChecker

    return SpellChecker().word_frequency


def _known(word: str, vocab: _Vocabulary) -> bool:
    w = word.lower()
    return _dictionary()[w] > 0 or vocab[w] > 0  # type: ignore[index]


# -- chunks and blocks ---------------------------------------------------------------------------
def _chunks(lines: list[str]) -> list[_Chunk]:
    chunks: list[_Chunk] = []
    blanks, pages, current = 0, [], []
    for line in lines:
        page = PAGE_LINE.match(line)
        if page or not line.strip():
            if current:
                chunks.append(_Chunk(current, blanks, pages))
                current, blanks, pages = [], 0, []
            if page:
                pages.append(page.group(1))
                blanks = 0  # blank lines count from the last page marker
            else:
                blanks += 1
            continue
        if current and _ATTACHMENT.match(line.strip()):
            # an enclosure's heading right under the signature ("Charles Denby. /
            # [Inclosure in No. 1234.]") begins what follows, not a line of the signature
            chunks.append(_Chunk(current, blanks, pages))
            current, blanks, pages = [], 0, []
        current.append(line.strip())
    if current or pages:
        chunks.append(_Chunk(current, blanks, pages))
    return chunks


def _paragraph_gap(chunks: list[_Chunk]) -> int:
    """The blank lines a copy puts between paragraphs: one, or two in a copy spaced double
    (where the signature then stands after three)."""
    gaps = Counter(c.blanks_before for c in chunks[1:] if c.lines and c.blanks_before)
    if not gaps:
        return 1
    common, count = gaps.most_common(1)[0]
    return common if common > 1 and count * 2 > sum(gaps.values()) else 1


_JOIN_WHY = "the paragraph above ends mid-sentence, the one below begins in lower case"


def _mid_sentence(blocks: list[Block], text: str) -> bool:
    """Whether ``text`` goes on with the paragraph that ends ``blocks``, cut off by a page."""
    # (a lettered paragraph, "b. To maintain …", "b) Interim …", begins one of its own)
    if len(blocks) < 2 or blocks[-1].type != "p" or not text[:1].islower():
        return False
    if re.match(r"(?:[a-z]|[ivx]{1,4})[.)]\s", text):
        return False
    return not re.search(r"[.!?:;\"”’)\]]$", blocks[-1].text)


def _single_newlines(lines: list[str]) -> bool:
    """Whether a document's body has (almost) no blank lines though it has several long,
    paragraph-like lines."""
    content = [x for x in lines if x.strip() and not PAGE_LINE.match(x)]
    blanks = sum(1 for x in lines if not x.strip())
    long_lines = sum(1 for x in content if len(x) > 120)
    return len(content) >= 4 and long_lines >= 2 and blanks * 4 < len(content)


def _wrap_width(lines: list[str]) -> int | None:
    """The column a hard-wrapped file (copied from a PDF, say) breaks at, else ``None``.

    Reading-room copies keep each paragraph on one line; a file is taken as wrapped when most
    of its lines end within a few characters of one width of at most 100 columns.
    """
    lengths = sorted(len(x.rstrip()) for x in lines if x.strip() and not PAGE_LINE.match(x))
    if len(lengths) < 8:
        return None
    width = lengths[int(len(lengths) * 0.95) - 1]
    if width > 100:
        return None
    near = sum(1 for n in lengths if width - 15 <= n <= width)
    return width if near >= len(lengths) * 0.5 else None


def _lines_to_blocks(
    lines: list[str], width: int | None, vocab: _Vocabulary, log: _Log
) -> list[str]:
    """A chunk's lines: one paragraph per line (a list), or a hard-wrapped paragraph."""
    if len(lines) == 1 or width is None:
        return lines
    out = [lines[0]]
    for line in lines[1:]:
        prev = out[-1]
        last = prev.rsplit("\n", 1)[-1]
        if line[:1].islower() or len(last) >= width - 15 or _LINE_END_HYPHEN.search(last):
            out[-1] = prev + "\n" + line
        else:
            out.append(line)
    return [_BROKEN_WORD.sub(lambda m: _rejoin(m, vocab, log), x).replace("\n", " ") for x in out]


# A word broken over two lines with a hyphen ("negotia-⏎tions"; a soft hyphen too): a line
# that ends so ends no paragraph.
_LINE_END_HYPHEN = re.compile(r"[^\W\d_][-\u00ad\u2010]$")
_BROKEN_WORD = re.compile(r"([^\W\d_]+)([-\u00ad\u2010])\n([^\W\d_]+)")


def _rejoin(m: re.Match[str], vocab: _Vocabulary, log: _Log) -> str:
    """One word again: without the hyphen when it only broke the line ("negotiations"),
    with it when it is the word's own ("self-determination"). The file's own spelling
    decides, else the dictionary."""
    left, hyphen, right = m.groups()
    hyphenated, solid = f"{left}-{right}", left + right
    if hyphen == "\u00ad":
        return solid
    if not right[0].islower():  # "Anglo-⏎American": a compound's own hyphen
        return hyphenated
    uses_hyphen, uses_solid = vocab[hyphenated], vocab[solid]
    if uses_hyphen != uses_solid:
        keep = uses_hyphen > uses_solid
        why = f"the file writes {hyphenated if keep else solid!r} elsewhere"
    else:
        keep = not _known(solid, vocab)
        why = f"{solid!r} is {'not ' if keep else ''}a known word"
    word = hyphenated if keep else solid
    log.add("hyphen", f"line break after {left}-", f"read {word!r}", why, 0.9)
    return word


def _list_head(line: str) -> bool:
    """ "SUBJECT", "PARTICIPANTS", "Distribution:" — a list's own heading line."""
    return len(line) <= 60 and (line.isupper() or line.endswith(":"))


@dataclass
class _Log:
    decisions: list[dict[str, object]] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    logp: list[float] = field(default_factory=list)

    def add(self, kind: str, where: str, decision: str, why: str, confidence: float) -> None:
        self.decisions.append(
            {
                "kind": kind,
                "where": where,
                "decision": decision,
                "why": why,
                "confidence": confidence,
            }
        )
        self.logp.append(math.log(max(confidence, 1e-6)))


def _remove_pages(
    text: str, vocab: _Vocabulary, log: _Log, where: str
) -> tuple[str, list[tuple[str, int]]]:
    """Drop inline ``[Page N]`` markers, deciding for each whether it split a word."""
    if "[Page " not in text:  # most blocks: the regex would try every space
        return text, []
    pages: list[tuple[str, int]] = []
    out = ""
    pos = 0
    for m in _PAGE_INLINE.finditer(text):
        left = text[pos : m.start()]
        out += left
        # the word after the marker, past any markers right after it ("[Page 8] [Page 9]":
        # a page that is all picture)
        right = _PAGES_AHEAD.sub("", text[m.end() : m.end() + 200], count=1)
        at_end = m.end() >= len(text) or (
            text.startswith("[Page ", m.end()) and not _PAGES_AHEAD.sub("", text[m.end() :]).strip()
        )
        lw = re.search(r"[A-Za-z]+$", out[-60:])
        rw = re.match(r"[A-Za-z]+", right)
        join = False
        glued = m.group()[0] == "[" and m.group()[-1] == "]"  # no space on either side
        if m.start() == 0 or not out:
            pass
        elif glued and not at_end:
            # "self-[Page 5]determination": the copy kept the text as it ran, with no space
            join = True
            log.add("page", where, f"[Page {m.group(1)}] joins", "no space on either side", 0.9)
        elif lw and rw and not at_end:
            a, b = lw.group(), rw.group()
            joined = a + b
            known_a, known_b, known_j = _known(a, vocab), _known(b, vocab), _known(joined, vocab)
            if known_j and not (known_a and known_b):
                join, why, conf = True, f"{joined!r} is a word, {a!r}+{b!r} are not both", 0.95
            elif known_j:
                join, why, conf = False, f"{a!r} and {b!r} are words (so is {joined!r})", 0.6
            elif known_a and known_b:
                join, why, conf = False, f"{a!r} and {b!r} are words", 0.97
            elif b[0].islower() and not known_b:
                join, why, conf = True, f"{b!r} continues a word in lower case", 0.6
            else:
                join, why, conf = False, f"{joined!r} is not a known word", 0.6
            log.add(
                "page",
                where,
                f"[Page {m.group(1)}] {'joins' if join else 'separates'} {a!r}|{b!r}",
                why,
                conf,
            )
        if out and not join and not at_end and not out[-1].isspace():
            out += " "
        pages.append((m.group(1), len(out)))
        pos = m.end()
    out += text[pos:]
    return out, pages


class _Vocabulary:
    """How often the file itself uses a word, found on demand (few words ever need it).

    Occurrences touching a page marker are left out: the halves of a split word must not
    vouch for themselves.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._lower: str | None = None
        self._adjacent: Counter[str] | None = None

    def __getitem__(self, word: str) -> int:
        if self._adjacent is None:
            self._adjacent = Counter()
            for m in _PAGE_INLINE.finditer(self._text):
                before = self._text[max(0, m.start() - 60) : m.start()]
                for side in (
                    re.search(r"[A-Za-z][A-Za-z'’]*$", before),
                    _WORD.match(self._text, m.end()),
                ):
                    if side:
                        self._adjacent[side.group().lower()] += 1
        if self._lower is None:
            self._lower = self._text.lower()
        word = word.lower()
        if word not in self._lower:  # the usual answer, without a regex pass
            return 0
        pattern = re.compile(r"(?<![a-z])" + re.escape(word) + r"(?![a-z])")
        return len(pattern.findall(self._lower)) - self._adjacent[word]


# -- one document --------------------------------------------------------------------------------
def _parse_document(
    lines: list[str],
    stem: str,
    vocab: _Vocabulary,
    index: int,
    width: int | None = None,
    documents: frozenset[str] = frozenset(),
) -> Document:
    log = _Log()
    body_lines, notes_raw, style = split_notes(lines)
    if width is None and _single_newlines(body_lines):
        # paragraphs copied one per line with no blank line between them: each line is a
        # paragraph (a run of consecutive lines would otherwise read as a list)
        body_lines = [x for line in body_lines for x in (line, "")]
        content = [i for i, x in enumerate(body_lines) if x.strip()]
        last = body_lines[content[-1]].strip() if content else ""
        if len(content) > 2 and len(last) < 60 and not re.search(r"[a-z]{2}[.:;?!]$", last):
            body_lines.insert(content[-1], "")  # a short last line: the signature
    chunks = _chunks(body_lines)
    gap = _paragraph_gap(chunks)
    blocks: list[Block] = []
    pages: list[PageBreak] = []
    unnumbered: list[tuple[int, str]] = []
    carry_pages: list[str] = []
    number = None
    signed_started = False
    for ci, chunk in enumerate(chunks):
        carry_pages.extend(chunk.pages_before)
        if not chunk.lines:
            continue
        parts = _lines_to_blocks(chunk.lines, width, vocab, log)
        # lines right after the heading that open with a place and date are no list: the
        # dateline, then "[Received September 6—11:20 a.m.]" as telegrams print it
        dated = len(blocks) == 1 and len(parts) > 1 and reads_as_dateline(normalize_space(parts[0]))
        if len(blocks) == 1 and len(parts) > 1 and not dated:
            # a dateline over lines of its own, as older despatches print it: "No. 1234.] /
            # Legation of the United States, / Peking, June 3, 1894."
            joined = normalize_space(" ".join(parts))
            if len(joined) <= 160 and reads_as_dateline(joined):
                parts = [joined]
        if (
            blocks
            and not dated
            and chunk.blanks_before > gap
            and 1 < len(parts) <= 5
            and all(len(x) < 80 for x in parts)
        ):
            # set apart like a signature, a few short lines: a signature with its titles
            # ("A. H. Manhart / Major General, USA / Vice Director"), no list
            parts = [" ".join(x.strip() for x in parts)]
        for li, raw in enumerate(parts):
            text = normalize_space(raw)
            if carry_pages and len(parts) == 1 and _mid_sentence(blocks, text):
                # a page break a copy set on a line of its own in mid-sentence ("The
                # meeting was / [Page 5] / held in Tokyo"): one paragraph, broken there
                bi = len(blocks) - 1
                text, inline = _remove_pages(text, vocab, log, f"block {bi}")
                at = len(blocks[bi].text) + 1
                pages.extend(PageBreak(n, bi, at) for n in carry_pages)
                pages.extend(PageBreak(n, bi, at + off) for n, off in inline)
                log.add("page", f"block {bi}", f"[Page {carry_pages[0]}] joins", _JOIN_WHY, 0.9)
                carry_pages = []
                blocks[bi].text += " " + text
                continue
            if not blocks:
                m = HEADING.match(text)
                if m:
                    number, text = m.group(1), m.group(2)
                btype = "head"
            elif _UNNUMBERED_NOTE.match(text):
                unnumbered.append((len(blocks) - 1, text))
                continue
            elif "\t" in raw.strip() and len(parts) > 1:
                btype = "row"  # a table's row, its cells a tab apart as a page copies them
            elif len(parts) > 1 and not dated:
                btype = "head" if li == 0 and (_list_head(text) or "\t" in parts[1]) else "item"
            elif _ATTACHMENT.match(text):
                btype = "head"
                signed_started = False  # an attachment after the signature has its own
            elif ci > 0 and (
                (chunk.blanks_before > gap and len(text) < 150)
                or (signed_started and chunk.blanks_before == gap and len(text) < 80)
            ):
                btype = "signed"
                signed_started = True
            else:
                btype = "p"
            where = f"block {len(blocks)}"
            text, inline = _remove_pages(text, vocab, log, where)
            bi = len(blocks)
            for n in carry_pages:
                pages.append(PageBreak(n, bi, 0))
            carry_pages = []
            pages.extend(PageBreak(n, bi, off) for n, off in inline)
            blocks.append(Block(btype, text))
    if not blocks:
        raise ValueError("no text")
    for n in carry_pages:  # a page break after the last block
        pages.append(PageBreak(n, len(blocks) - 1, len(blocks[-1].text)))
    _type_dateline(blocks, log)
    notes = _resolve_markers(blocks, pages, notes_raw, log, documents)
    for block_i, text in unnumbered:
        ntype = "source" if text.startswith("[Source") else None
        notes.append(Note(None, ntype, text, block_i, len(blocks[block_i].text)))
    for note in notes:
        note.type = note_type(note.type, note.text)
    classify_letter_blocks(blocks)
    pages.sort(key=lambda p: (p.block, p.offset))
    number = number or str(index + 1)
    confidence = math.exp(sum(log.logp) / len(log.logp)) if log.logp else 1.0
    doc = Document(
        id=f"{stem}/d{number}",
        volume=None,
        number=number,
        subtype=subtype_for(blocks[0].text),
        title=blocks[0].text,
        blocks=blocks,
        notes=notes,
        pages=pages,
        recovery=Recovery(confidence, log.warnings, log.decisions),
        seq=index + 1,
    )
    sort_notes(doc)
    if style == "none" and any(
        re.search(r"[A-Za-z.,;:)”’](?:\d+\b|[¹²³⁴⁵⁶⁷⁸⁹])", b.text) for b in blocks
    ):
        log.warnings.append("no note list found; digits glued to words were left in the text")
    return doc


def _type_dateline(blocks: list[Block], log: _Log) -> None:
    if type_dateline(blocks):
        log.add("block", "block 1", "dateline", f"{blocks[1].text!r} reads as place and date", 0.9)


_GLUED_NUMBER = re.compile(r"(?<=[a-z.,;:)”’])(\d{1,3})(?=[\s—]|$)")


def _resolve_markers(
    blocks: list[Block],
    pages: list[PageBreak],
    notes_raw: list[tuple[str | None, str]],
    log: _Log,
    documents: frozenset[str] = frozenset(),
) -> list[Note]:
    if not notes_raw:
        return []
    numbered = notes_raw[0][0] is not None
    options = (
        [[n for n, _ in notes_raw]]
        if numbered
        else [[str(i + 1) for i in range(len(notes_raw))], [str(i) for i in range(len(notes_raw))]]
    )
    best = None
    everywhere = [
        c
        for i, b in enumerate(blocks)
        for c in find_candidates(i, b.text, {n for o in options for n in o}, documents)
    ]
    if len(options) > 1 and not any(c.marker == "0" for c in everywhere):
        options = options[:1]  # numbering from 0 needs a marker 0 somewhere
    per_marker = Counter(c.marker for c in everywhere)
    for numbers in options:
        wanted = set(numbers)
        cands = [c for c in everywhere if c.marker in wanted]
        score, chosen = choose_markers(cands, numbers)
        if best is None or score > best[0]:
            best = (score, chosen, numbers, cands)
    assert best is not None
    _, chosen, numbers, cands = best
    notes: list[Note] = []
    removals: list[tuple[int, int, int]] = []  # (block, start, length)
    last = (0, len(blocks[0].text))
    for (num, (_, text)), cand in zip(zip(numbers, notes_raw, strict=True), chosen, strict=True):
        if cand is None:
            log.warnings.append(f"note {num} has no marker in the text")
            log.logp.append(MISSING_LOGP)
            notes.append(Note(num, None, normalize_space(text), *last))
            continue
        rivals = per_marker[num] - 1
        log.add(
            "marker",
            f"block {cand.block} offset {cand.start}",
            f"note {num} after {blocks[cand.block].text[max(0, cand.start - 20) : cand.start]!r}",
            cand.why + (f"; {rivals} other place(s) possible" if rivals else ""),
            cand.p if rivals or cand.cut else max(cand.p, 0.99),
        )
        removals.append((cand.block, cand.start, cand.length or len(num)))
        notes.append(Note(num, None, normalize_space(text), cand.block, cand.start))
        last = (cand.block, cand.start)
    # remove marker digits right to left so earlier offsets stay valid
    for block_i, start, length in sorted(removals, reverse=True):
        text = blocks[block_i].text
        blocks[block_i].text = text[:start] + text[start + length :]
        for note in notes:
            if note.block == block_i and note.offset > start:
                note.offset -= length
        for page in pages:
            if page.block == block_i and page.offset > start:
                page.offset -= length
    chosen_numbers = {c.marker for c in chosen if c is not None}
    top = max((int(n) for n in numbers), default=0)
    beyond = [str(n) for n in range(top + 1, top + 4)]  # markers past the last note
    for i, b in enumerate(blocks):
        if not any(x in b.text for x in beyond):
            continue
        for m in _GLUED_NUMBER.finditer(b.text):
            n = int(m.group(1))
            if top < n <= top + 3 and str(n) not in chosen_numbers:
                log.warnings.append(f"marker {n} has no note (block {i} offset {m.start()})")
    return notes


# -- entry points ---------------------------------------------------------------------------------
def read_text(text: str, *, source: str = "<text>", stem: str = "text") -> list[Document]:
    """Parse copied text holding one or many documents."""
    return _read_text(text, source, stem)[0]


def _read_text(text: str, source: str, stem: str) -> tuple[list[Document], list[str]]:
    """The documents, and the lines of a page's label above the first heading."""
    if "\x00" in text or looks_binary(text):
        raise InputError("binary data, not copied text", source)
    text = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    if "[Page" in text:
        text = _PAGE_SPACE.sub("[Page ", text)
    if has_invisible(text):  # (a soft hyphen in a heading's word hides it)
        text = _INVISIBLE_INLINE.sub("", text)
    if not text.strip():
        raise InputError("empty file", source)
    if looks_like_markdown(text):
        text = plain_from_markdown(text)
    vocab = _Vocabulary(text)
    all_lines = joined_headings(text.split("\n"))
    width = _wrap_width(all_lines)
    docs = []
    preamble, pieces = split_documents(all_lines)
    # the documents this file holds: a number after "Document" that exists reads as one
    documents = frozenset(
        m.group(1) for lines in pieces for line in lines[:3] if (m := HEADING.match(line))
    )
    for i, lines in enumerate(pieces):
        try:
            docs.append(_parse_document(lines, stem, vocab, i, width, documents))
        except ValueError:
            continue
    if not docs:
        raise InputError("no document text found", source)
    label = [x.strip() for x in preamble if x.strip() and not PAGE_LINE.match(x)]
    if label and docs[0].recovery is not None:  # said, so that nothing is dropped unseen
        left_out = " / ".join(label)
        docs[0].recovery.warnings.append(f"the lines above the heading were left out: {left_out}")
    seen: Counter[str] = Counter()
    for doc in docs:  # two documents printed with the same number keep distinct ids
        seen[doc.id] += 1
        if seen[doc.id] > 1:
            doc.id = f"{doc.id}-{seen[doc.id]}"
    return docs, label


def read_text_file(path: str | Path) -> ReadVolume:
    from . import ReadVolume

    path = Path(path)
    try:
        text, guessed = decode_text(read_file_bytes(path))
    except UnicodeDecodeError:
        raise InputError("binary data, not copied text", str(path)) from None
    docs, label = _read_text(text, str(path), path.stem)
    if guessed:  # the reader is told how its characters were read
        for doc in docs:
            if doc.recovery is not None:
                doc.recovery.warnings.append(guessed)
    # the page's label may name the edition the copy is of: the volume's title, then
    edition = next((x for x in label if x.startswith(EDITION)), None)
    volume = Volume(id=path.stem, title=edition or path.name)
    return ReadVolume(volume, docs, str(path), "text", [path])
