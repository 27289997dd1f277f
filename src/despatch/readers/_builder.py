"""Builds a Document's blocks while keeping standoff offsets right.

Readers push text, anchors and spans in reading order; the builder collapses white space as
it goes (runs become one space, no leading or trailing space) so every offset it hands out is
already an offset into the final block text.
"""

from __future__ import annotations

import re
from pathlib import Path

from ..conventions import DECIMAL_FILE_PATTERN, FOREIGN_MONTH_PATTERN
from ..errors import InputError
from ..model import Block, Document, Mark, Note, PageBreak

_WS = re.compile(r"\s+")
_SALUTE = re.compile(
    r"^(?:(?:my )?(?:dear|esteemed|respected|honou?red)\b.{0,60}|(?:mr|madam|madame)\.?"
    r" (?:president|secretary|prime minister|chairman|ambassador|minister)|your excellency|"
    r"excellency|sir|gentlemen)[:,]$",
    re.IGNORECASE,
)
_VALEDICTION = re.compile(
    r"^(?:(?:very |most )?(?:sincerely|respectfully|faithfully|cordially|truly)(?: yours)?|"
    r"yours(?: very)? (?:sincerely|faithfully|truly|ever)|(?:with )?(?:best|warm|kind|warmest|"
    r"kindest)(?: personal)? (?:wishes|regards)|with (?:respect|esteem|highest esteem)|"
    r"(?:ever |as ever|as always)(?: yours)?|regards|faithfully yours|"
    r"respectfully submitted|"
    # the formulas of older despatches and notes: "I have, etc.,", "I have the honor to be,
    # sir, your obedient servant,", "Accept, Sir, the renewed assurances of my highest
    # consideration."
    r"(?:I have|I am|accept|I avail|I renew|renewing|with|believe me)[^.]{0,60}, (?:etc|&c)\.?|"
    r"(?:.{0,60}\b)?(?:most )?obedient servants?|"
    r".{0,100}\b(?:highest|high|distinguished|most distinguished) consideration)[,.]?$",
    re.IGNORECASE,
)


def read_file_bytes(path: Path) -> bytes:
    """A file's bytes, or an :class:`InputError` naming it."""
    try:
        return path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read: {exc.strerror or exc}", str(path)) from None


# Byte-order marks: text saved as "Unicode" on Windows is UTF-16 with one
_BOMS = (
    (b"\xff\xfe\x00\x00", "utf-32-le"),
    (b"\x00\x00\xfe\xff", "utf-32-be"),
    (b"\xef\xbb\xbf", "utf-8-sig"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)


def unicode_encoding(head: bytes) -> str | None:
    """The Unicode encoding a file's first bytes show (a byte-order mark, or UTF-16's zero
    bytes beside ASCII text), else None."""
    for bom, encoding in _BOMS:
        if head.startswith(bom):
            return encoding
    sample = head[: min(len(head), 4096) // 2 * 2]  # whole pairs of bytes
    if len(sample) >= 8:
        even, odd = sample[0::2], sample[1::2]
        if odd.count(0) > len(odd) * 0.9 and not even.count(0):
            return "utf-16-le"
        if even.count(0) > len(even) * 0.9 and not odd.count(0):
            return "utf-16-be"
    return None


def decode_text(raw: bytes) -> tuple[str, str | None]:
    """A text file's characters, and a warning when they had to be guessed: UTF-8 (or the
    Unicode encoding its byte-order mark names), else Windows-1252, as text copied on
    Windows often is."""
    encoding = unicode_encoding(raw[:4096])
    if encoding is not None:
        try:
            return raw.decode(encoding).lstrip("\ufeff"), None
        except UnicodeDecodeError:
            pass
    try:
        return raw.decode("utf-8"), None
    except UnicodeDecodeError as exc:
        if b"\x00" in raw[:4096]:
            raise
        line = raw[: exc.start].count(b"\n") + 1
        text = raw.decode("cp1252", "replace")
        return text, f"not UTF-8 (line {line}): read as Windows-1252"


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")


def looks_binary(text: str) -> bool:
    """Whether decoded input is really binary data: a NUL, or many control characters in
    its first 4,096 characters (text copied from a page holds none)."""
    return "\x00" in text[:4096] or len(_CONTROL.findall(text, 0, 4096)) > 8


def subtype_for(title: str) -> str:
    """FRUS's two document kinds, told apart by the heading."""
    return "editorial-note" if re.search(r"\bEditorial Note\b", title) else "historical-document"


# an attachment's own heading line: "Attachment", "Enclosure 2", and as older volumes print
# it, "[Inclosure.]", "[Inclosure 1 in No. 312.]", "Inclosure B"
_ATTACHMENT = re.compile(
    r"^(?:(?:Attachment|Enclosure|Inclosure)(?: \d+| [A-Z])?"
    r"|\[(?:Attachment|Enclosure|Inclosure)(?: (?:No\. )?\d+| [A-Z])?"
    r"(?: (?:in|to) (?:despatch )?No\. \d+)?\.?\])$"
)


# Characters that only say where a line may break or must not (a soft hyphen, a zero-width
# space, a word joiner, a stray byte-order mark) or how to draw the one before ("↩︎", the
# arrow asked for as text): not text. Left in, they split a word for search ("nego" +
# "tiations") and show nowhere.
INVISIBLE = "\xad\u200b\u2060\ufeff\ufe0e\ufe0f"
_INVISIBLE = str.maketrans("", "", INVISIBLE)


def has_invisible(text: str) -> bool:
    """Whether ``text`` holds one of the ``INVISIBLE`` characters."""
    # substring tests, written out: a tenth of a regex search's cost, a third of a loop's,
    # on the reader's hottest path
    return (
        "\xad" in text
        or "\u200b" in text
        or "\u2060" in text
        or "\ufeff" in text
        or "\ufe0e" in text
        or "\ufe0f" in text
    )


def drop_invisible(text: str) -> str:
    return text.translate(_INVISIBLE) if has_invisible(text) else text


def normalize_space(text: str) -> str:
    return _collapse_space(drop_invisible(text))


def _collapse_space(text: str) -> str:
    if "  " not in text and "\t" not in text and "\n" not in text and "\xa0" not in text:
        return text.strip()
    return _WS.sub(" ", text).strip()


# White space with a line break in it, in a marked-up file, is often the file's layout, not
# the text's: an editor's indentation before an inline element ("(\n    <hi>Foreign
# Relations</hi>") or after one ("Sato\n    </hi>: There"). Next to an opening or closing
# mark it is no space at all; elsewhere it is one space.
_OPENING = frozenset("([{“‘")
_CLOSING = frozenset(")]},.;:!?”’")


def normalize_markup_space(text: str) -> str:
    """:func:`normalize_space` for the text of marked-up files (TEI, HTML): layout white
    space next to brackets and punctuation goes."""
    return _collapse_space(_without_layout(drop_invisible(text)))


_SPACES = re.compile(r"\s*")


def _without_layout(text: str) -> str:
    newline = text.find("\n")
    if newline < 0:
        return text
    # a loop over the line breaks (a few in a chunk), not a regex trying every position
    kept: list[str] = []
    pos, end = 0, len(text)
    while newline >= 0:
        a, b = newline, newline + 1
        while a > pos and text[a - 1].isspace():
            a -= 1
        b = _SPACES.match(text, b).end()  # (an indentation: often long, walked in C)
        if (a > 0 and text[a - 1] in _OPENING) or (b < end and text[b] in _CLOSING):
            kept.append(text[pos:a])
            pos = b
        newline = text.find("\n", b)
    if kept:
        kept.append(text[pos:])
        text = "".join(kept)
    return text


# what may follow the date: a time of day, or a span of times ("10 a.m.–noon", "1500
# hours", "3:10 p.m. EST"), and the time a telegram was received, in brackets
_CLOCK = (
    r"\d{1,2}(?::\d{2})?\s*[ap]\.\s?m\.?|\d{4}(?:Z|\s*h(?:ou)?rs)?|\d{1,2}:\d{2}"
    r"|(?:12\s+)?(?:noon|midnight)"
)
_TIME_REST = (
    r"(?:(?:,|\s*[—–])?\s*(?:\d{1,2}(?::\d{2})?\s*(?:[ap]\.\s?m\.?)?\s*(?:[–-]|to)\s*)?"
    r"(?:" + _CLOCK + r")(?:\s+[A-Z]{2,4}\b)?)?\??\]?\.?(?:\s*[\[(][^\[\]()]{0,48}[\])]\.?)?"
)
# the editors' word on a date they could only place roughly: "late January 1965", "mid-1965"
_ROUGHLY = (
    r"(?:(?:[Ee]arly|[Mm]id|[Ll]ate)[- ]|ca\. |circa |[Ww]eek of |"
    r"(?:Sun|Mon|Tues|Wednes|Thurs|Fri|Satur)day, )?"
)
_DATE = (
    # spans over a year's end, or of months, first: "December 31, 1979–January 1, 1980",
    # "May–June 1966", "September 1967–January 1968"; then "May 5, 1965", "May 5–6, 1965",
    # "May 5?, 1965", "May 5 [6], 1965"; and Old and New Style: "February 3/15, 1870",
    # "August 25 (September 6), 1899", "August 25/September 6, 1899"
    r"(?P<date>\[?"
    + _ROUGHLY
    + r"(?:[A-Z][a-z]+\.? \d{1,2}, \d{4}[–-][A-Z][a-z]+\.? \d{1,2}, \d{4}|"
    r"[A-Z][a-z]+(?: \d{4})?[–-][A-Z][a-z]+ \d{4}|"
    r"[A-Z][a-z]+\.? \d{1,2}\??(?:[–/-](?:[A-Z][a-z]+ )?\d{1,2}| \([A-Z][a-z]+ \d{1,2}\)"
    r"| \[\d{1,2}\])?, \d{4}|\d{1,2} [A-Z][a-z]+ \d{4}|[A-Z][a-z]+ \d{4}|\d{4}|"
    r"[Uu]ndated|[Nn]o date|n\. ?d\.?|"
    # a foreign government's note: "le 6 septembre 1899", "6 de septiembre de 1899"
    r"(?:le |den )?\d{1,2}(?:er|\.)? (?:de )?(?i:" + FOREIGN_MONTH_PATTERN + r") (?:de )?\d{4}))"
    r"(?P<rest>" + _TIME_REST + r")$"
)
# a place's words: "St. Petersburg" keeps its abbreviation's full stop, a sentence does not;
# so do initials ("Washington, D.C.")
_PLACE_PART = r"(?:[^,.]|(?<=\b(?:St|Mt|Ft|Pt))\.(?= )|(?<=\b[A-Z])\.)"
# place first ("Tokyo, May 5, 1965, 7 p.m."), or the date alone ("December 31, 1965, 1526Z.");
# a despatch's number may come first ("No. 312.] Peking, February 15, 1900."), a time of
# day before the date ("Moscow, 1200Z, 5 October 1980")
_DATELINES = (
    re.compile(
        r"^(?:\[?Nos?\. \d+[a-z]?\.?\] ?)?(?P<place>"
        + _PLACE_PART
        + r"{0,60}(?:, "
        + _PLACE_PART
        + r"{0,40})?),\s+(?:(?:"
        + _CLOCK
        + r"), )?"
        + _DATE
    ),
    re.compile(r"^\[?" + _DATE),
)


def type_dateline(blocks: list[Block]) -> bool:
    """Type the block after the heading ``dateline`` when it is a place and a date, and no
    more than a time of day after it ("Tokyo, January 16, 1964, 6 p.m."), and no block is
    typed so yet: copies, pages and other editions' TEI do not always say."""
    if len(blocks) < 2 or blocks[1].type != "p" or len(blocks[1].text) > 160:
        return False
    if any(b.type == "dateline" for b in blocks):
        return False
    if not reads_as_dateline(blocks[1].text):
        return False
    blocks[1].type = "dateline"
    return True


def reads_as_dateline(text: str) -> bool:
    """A place and a date, and no more than a time of day after it ("Tokyo, January 16,
    1964, 6 p.m.", "Tokyo, September 6, 1941—noon.")."""
    return any(rx.match(text) for rx in _DATELINES)


def classify_letter_blocks(blocks: list[Block]) -> None:
    """Give letter conventions their TEI types whatever the input marked them as.

    A place and date right after the heading becomes the ``dateline`` (see
    ``type_dateline``); a salutation paragraph before the first body paragraph becomes
    ``salute``; the
    valediction paragraphs right before the signature become ``closer`` (and a valediction
    a copy set apart with the signature, as if it signed); a paragraph that
    is just "Attachment" or "Enclosure" is the attachment's ``head``. TEI, HTML and
    text readers all call this, so the same document gets the same block types from each.
    """
    type_dateline(blocks)
    for block in blocks[1:]:
        if block.type == "p" and _ATTACHMENT.match(block.text):
            block.type = "head"  # an attachment's heading, however the edition tagged it
    first_body = next((i for i, b in enumerate(blocks) if i and b.type == "p"), None)
    if first_body is not None and _SALUTE.match(blocks[first_body].text):
        blocks[first_body].type = "salute"
    for i, block in enumerate(blocks):
        if block.type != "signed":
            continue
        if (
            i + 1 < len(blocks)
            and blocks[i + 1].type == "signed"
            and _VALEDICTION.match(block.text)
        ):
            block.type = "closer"  # "Sincerely," set apart with the signature under it
            continue
        j = i - 1
        while j > 0 and blocks[j].type in ("p", "closer") and _VALEDICTION.match(blocks[j].text):
            blocks[j].type = "closer"
            j -= 1


class DocumentBuilder:
    """Accumulates blocks, notes, page breaks and marks for one document."""

    def __init__(self) -> None:
        self.blocks: list[Block] = []
        self.notes: list[Note] = []
        self.pages: list[PageBreak] = []
        self.marks: list[Mark] = []
        self._buf: list[str] = []
        self._len = 0
        self._pending_space = False
        self._layout = False  # the pending space is only the file's layout (a line break)
        self._lone_spaces: set[int] = set()  # offsets of spaces added between chunks
        self._type: str | None = None
        self._waiting_pages: list[str] = []

    # -- blocks -----------------------------------------------------------------------
    def start_block(self, block_type: str) -> None:
        if self._type is not None:
            self.end_block()
        self._type = block_type
        self._buf, self._len, self._pending_space, self._layout = [], 0, False, False
        self._lone_spaces = set()
        index = len(self.blocks)
        for n in self._waiting_pages:
            self.pages.append(PageBreak(n, index, 0))
        self._waiting_pages = []

    def end_block(self) -> None:
        if self._type is None:
            return
        text = "".join(self._buf)
        index = len(self.blocks)
        if text:
            self.blocks.append(Block(self._type, text))
            if self.pages and self.pages[-1].block == index:  # (pages come in text order)
                self._settle_pages(index, len(text))
        else:
            # An empty block disappears; anything anchored in it moves to the next block.
            for page in [p for p in self.pages if p.block == index]:
                self.pages.remove(page)
                self._waiting_pages.append(page.n)
            for note in self.notes:
                if note.block == index:
                    note.block, note.offset = max(index - 1, 0), self._end_of(index - 1)
            self.marks = [m for m in self.marks if not (m.block == index and m.length == 0)]
        self._type = None

    def _settle_pages(self, index: int, length: int) -> None:
        """The page breaks of a block that has ended: one between two words (marked before
        the space) is at the next word; one after all of its text is between blocks, the
        next block's, at its start."""
        for page in [p for p in self.pages if p.block == index]:
            if page.offset in self._lone_spaces:
                page.offset += 1
            if page.offset >= length:
                self.pages.remove(page)
                self._waiting_pages.append(page.n)

    def _end_of(self, index: int) -> int:
        return len(self.blocks[index].text) if 0 <= index < len(self.blocks) else 0

    # -- text -------------------------------------------------------------------------
    def text(self, chunk: str | None, default_type: str = "p") -> None:
        if chunk:
            chunk = drop_invisible(chunk)
        if not chunk:
            return
        if chunk.isspace():  # most tails between elements
            if self._type is not None and self._len:
                self._layout = "\n" in chunk or (self._pending_space and self._layout)
                self._pending_space = True
            return
        if self._type is None:
            self.start_block(default_type)
        has_newline = "\n" in chunk
        # (the chunk's invisible characters went above)
        core = _collapse_space(_without_layout(chunk) if has_newline else chunk)
        leads = chunk[0].isspace()
        if self._len and (self._pending_space or leads):
            # the white space between this chunk and the text before it: layout if it
            # holds a line break
            layout = (self._pending_space and self._layout) or (
                leads and has_newline and "\n" in chunk[: len(chunk) - len(chunk.lstrip())]
            )
            if not layout or (self._buf[-1][-1] not in _OPENING and core[0] not in _CLOSING):
                self._buf.append(" ")
                self._lone_spaces.add(self._len)
                self._len += 1
        self._buf.append(core)
        self._len += len(core)
        self._pending_space = chunk[-1].isspace()
        self._layout = self._pending_space and has_newline and "\n" in chunk[len(chunk.rstrip()) :]

    def space(self, line_break: bool = False) -> None:
        """White space between chunks: a block's edge, or (``line_break``) a line break of
        the original, which is no space next to a bracket or punctuation either."""
        if self._len:
            self._layout = line_break or (self._pending_space and self._layout)
            self._pending_space = True

    def position(self) -> tuple[int, int]:
        """Where the next character lands (block, offset). A pending space is not counted:
        an anchor on the offset where a space is then added moves past it (``_lone_spaces``),
        and a space that is never added (the block ends, or it was layout) moves nothing."""
        return len(self.blocks), self._len

    # -- anchors ----------------------------------------------------------------------
    def add_note(self, n: str | None, note_type: str | None, text: str) -> int:
        """Anchor a note right after the text so far (or after the previous block)."""
        if self._type is not None:
            block, offset = len(self.blocks), self._len
        elif self.blocks:
            block, offset = len(self.blocks) - 1, len(self.blocks[-1].text)
        else:
            block, offset = 0, 0
        self.notes.append(Note(n, note_type, text, block, offset))
        return len(self.notes) - 1

    def add_page(self, n: str) -> None:
        if self._type is None:
            self._waiting_pages.append(n)
            return
        block, offset = self.position()
        self.pages.append(PageBreak(n, block, offset))

    def open_mark(self) -> tuple[int, int]:
        return self.position()

    def close_mark(self, start: tuple[int, int], mark_type: str, **attrs: str | None) -> None:
        block, offset = start
        if self._type is None or block != len(self.blocks):
            return  # spans that cross blocks are not kept as marks
        # chunks never begin with a space, so a mark can only begin on a space added
        # between two chunks: it begins after it
        if offset in self._lone_spaces:
            offset += 1
        length = self._len - offset
        if length <= 0:
            return
        self.marks.append(Mark(type=mark_type, block=block, offset=offset, length=length, **attrs))

    # -- finishing --------------------------------------------------------------------
    def finish(self) -> tuple[list[Block], list[Note], list[PageBreak], list[Mark]]:
        self.end_block()
        if self._waiting_pages:
            last = len(self.blocks) - 1
            for n in self._waiting_pages:
                self.pages.append(PageBreak(n, max(last, 0), self._end_of(last)))
            self._waiting_pages = []
        self.pages.sort(key=lambda p: (p.block, p.offset))
        return self.blocks, self.notes, self.pages, self.marks


_BRACKETED_SOURCE = re.compile(r"^\[Source: .*\]$")
_SOURCE_NOTE = re.compile(r"^\[?Source:")
# a note that is nothing but the Department's file number, as volumes of 1910–1955 give a
# document's source: "711.94/1234: Telegram", "File No. 893.00/1234." (read by
# enrich.sources); "711.94/1234, not printed" is a note about another document
_FILE_ONLY_NOTE = re.compile(
    r"^(?:File Nos?\.\s*)?" + DECIMAL_FILE_PATTERN + r"(?::\s*[A-Z][a-z]+(?:\s+\([^)]*\))?)?\.?$"
)


def note_type(declared: str | None, text: str) -> str | None:
    """A note's type: as the edition declares it, but "source" whenever the note reads as
    one ("Source: …", "[Source: …]"), however it was tagged or copied; an untyped note that
    is only a file number ("711.94/1234: Telegram") is the source note of older volumes."""
    if _SOURCE_NOTE.match(text) or (declared is None and _FILE_ONLY_NOTE.match(text)):
        return "source"
    return declared


def demote_source_paragraphs(doc: Document) -> None:
    """A paragraph that is wholly ``[Source: …]`` is the document's unnumbered source note.

    Editors encode it now as a ``note`` without ``n``, now as a ``p``; copied text cannot tell
    them apart, so both readers make it a note anchored after the block before it.
    """
    i = 1
    while i < len(doc.blocks):
        block = doc.blocks[i]
        if block.type != "p" or not _BRACKETED_SOURCE.match(block.text):
            i += 1
            continue
        note_index = len(doc.notes)
        doc.notes.append(Note(None, "source", block.text, i - 1, len(doc.blocks[i - 1].text)))
        del doc.blocks[i]
        for mark in doc.marks:
            if mark.block == i:
                mark.block, mark.note = None, note_index
            elif mark.block is not None and mark.block > i:
                mark.block -= 1
        for note in doc.notes[:-1]:
            if note.block > i:
                note.block -= 1
        for page in doc.pages:
            if page.block > i:
                page.block -= 1
            elif page.block == i and page.offset > 0:
                page.block, page.offset = i - 1, len(doc.blocks[i - 1].text)
    sort_notes(doc)


def sort_notes(doc: Document) -> None:
    """Notes in anchor order (unnumbered ones after numbered at the same place)."""
    order = sorted(
        range(len(doc.notes)),
        key=lambda k: (doc.notes[k].block, doc.notes[k].offset, doc.notes[k].n is None),
    )
    if order == list(range(len(doc.notes))):
        return
    new_index = {old: new for new, old in enumerate(order)}
    doc.notes = [doc.notes[k] for k in order]
    for mark in doc.marks:
        if mark.note is not None:
            mark.note = new_index[mark.note]


_NUMBER_PREFIX = re.compile(
    r"^(\d+[A-Za-z]?|[A-Z]-\d+)\.(?:\s+|$)"
)  # "301. Title", or "301." alone


def split_heading_number(doc: Document, note_marks: list[Mark] | None = None) -> None:
    """Move a printed "301. " prefix out of the heading into ``number``, fixing offsets."""
    if not doc.blocks or doc.blocks[0].type != "head":
        return
    head = doc.blocks[0]
    m = _NUMBER_PREFIX.match(head.text)
    if not m:
        return
    cut = m.end()
    if doc.number is None:
        doc.number = m.group(1)
    head.text = head.text[cut:]
    for item in [*doc.notes, *doc.pages, *(mk for mk in doc.marks if mk.block is not None)]:
        if item.block == 0:
            item.offset = max(item.offset - cut, 0)
    doc.title = head.text
