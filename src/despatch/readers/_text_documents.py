"""Where one document of a copied text ends and the next begins.

A file may hold many documents one after another ("301. …", "302. …"); a numbered line is a
new document's heading, not a numbered paragraph of the last one, when it follows that one's
notes, or carries the next number and a heading's words. A page's label above the first
heading ("Foreign Relations of the United States, …", "Document 301") is no document.
"""

from __future__ import annotations

import re

from ._notes_list import PAGE_LINE, SEED_NOTE, bulleted

__all__ = ["HEADING", "joined_headings", "split_documents"]

HEADING = re.compile(r"^\s*(\d+[A-Za-z]?)\.\s+(\S.*)$")
_TITLE_WORDS = re.compile(
    r"^(?:Letter|Telegram|Memorandum|Editorial Note|Message|Paper|Note|Minutes|Summary|Report|"
    r"Intelligence|National|Airgram|Circular|Despatch|Dispatch|Instruction|Record|Draft|Action|"
    r"Information|Notes|Transcript|Special|Study|Research|Briefing|Statement|Oral|Backchannel|"
    r"Conversation|Cable|Aide-M[ée]moire|Agreement|Communiqu[ée]|Joint|Position|Talking|"
    r"Scope|Analytical|Personal|Address|Remarks)\b"
)


_NUMBER_ALONE = re.compile(r"\s*(?:Document\s+)?(\d+[A-Za-z]?)\.?\s*")
_OTHER_HEADING = re.compile(
    r"(?:(Document)\s+(\d+[A-Za-z]?)[.:]?\s+|(\d+[A-Za-z]?)(?:\.(?=\S)|\s*[:)—–]\s*|\s+))"
    r"([A-Z].*?)\s*"
)


def _number(label: str) -> int:
    """ "301" → 301, "301A" → 301."""
    return int(re.match(r"\d+", label).group())  # type: ignore[union-attr]


def _no_sentence_end(title: str) -> bool:
    """A heading ends in no sentence's stop (its note markers aside)."""
    return not re.search(r"[.:;,]$", re.sub(r"\d+$", "", title.strip()))


def joined_headings(lines: list[str]) -> list[str]:
    """The lines with a document's number set apart from its heading ("301." or "Document
    301" on a line of its own, "301 — Letter From …", "Document 301: Letter From …") as the
    reading room prints them: "301. Letter From …" (see ``_set_apart``)."""
    out = list(lines)
    first = next((i for i, x in enumerate(out) if x.strip() and not PAGE_LINE.match(x)), None)
    seen: set[int] = set()  # the numbers of the headings above (and of numbered paragraphs)
    i = 0
    while i < len(out):
        if i == 0 or not out[i - 1].strip() or PAGE_LINE.match(out[i - 1]):
            if alone := _NUMBER_ALONE.fullmatch(out[i]):
                j = i + 1 if i + 1 < len(out) and out[i + 1].strip() else i + 2
                title = out[j].strip() if j < len(out) else ""
                if title and not HEADING.match(title):
                    said = out[i].lstrip().startswith("Document")
                    if _set_apart(alone.group(1), title, said, True, i == first, seen):
                        out[i : j + 1] = [f"{alone.group(1)}. {title}"]
            elif other := _OTHER_HEADING.fullmatch(out[i]):
                label, title = other.group(2) or other.group(3), other.group(4)
                if _set_apart(label, title, other.group(1) is not None, False, i == first, seen):
                    out[i] = f"{label}. {title}"
            if heading := HEADING.match(out[i]):
                seen.add(_number(heading.group(1)))
        i += 1
    return out


def _set_apart(
    label: str, title: str, said: bool, alone: bool, opens: bool, seen: set[int]
) -> bool:
    """Whether ``label`` is the number of a heading ``title`` set apart from it: after
    "Document" (``said``) or the number after a heading's above, a heading's words or no
    sentence's stop will do; opening the file, no year ("1965 Report …" is a title), and
    a heading's words, or (the number on a line of its own) no sentence's stop."""
    words = bool(_TITLE_WORDS.match(title))
    if said or _number(label) - 1 in seen:
        return words or _no_sentence_end(title)
    if not opens or 1800 < _number(label) < 2100:
        return False
    return words or (alone and _no_sentence_end(title))


def _title_like(title: str) -> bool:
    return bool(_TITLE_WORDS.match(title.strip())) or _no_sentence_end(title)


def _preamble(content: list[str], title: str) -> bool:
    """Whether the lines above a file's first heading are a page's label, not a document:
    a line or three ("Foreign Relations of the United States, 1977–1980, Volume VI",
    "Document 301") over a heading that reads as one ("Letter From …", no sentence's end).
    """
    return (
        len(content) <= 3
        and all(len(x) < 160 and not _TITLE_WORDS.match(x.strip()) for x in content)
        and bool(_TITLE_WORDS.match(title.strip()))
        and _no_sentence_end(title)
    )


def split_documents(lines: list[str]) -> tuple[list[str], list[list[str]]]:
    """(a page's label above the first heading, if any; each document's lines)."""
    preamble: list[str] = []
    docs: list[list[str]] = []
    current: list[str] = []
    content: list[str] = []  # the current piece's lines of text (no blank or page lines)
    prev_number: int | None = None
    after_notes = after_bullet = False
    prev_blank = True
    for line in lines:
        heading = HEADING.match(line)
        if heading and prev_blank and not line.startswith((" ", "\t")):
            num = _number(heading.group(1))
            title = heading.group(2)
            label = prev_number is None and bool(content) and _preamble(content, title)
            starts = not content or label
            if content and not starts and _title_like(title) and len(title) < 400:
                if after_notes:
                    starts = True
                elif prev_number is not None and num in (prev_number, prev_number + 1):
                    # (a bulleted line above it may end notes whose "↩" the copy lost)
                    starts = bool(_TITLE_WORDS.match(title)) or after_bullet
            if starts:
                if content:
                    # page markers (and blank lines) just above the heading belong to it
                    cut = len(current)
                    while cut and (
                        not current[cut - 1].strip() or PAGE_LINE.match(current[cut - 1])
                    ):
                        cut -= 1
                    if label:
                        preamble = current[:cut]
                    else:
                        docs.append(current[:cut])
                    current, content = current[cut:], []
                prev_number = num
        current.append(line)
        if line.strip() and not PAGE_LINE.match(line):
            content.append(line)
            # in a notes list: a note line, or a line continuing one (no blank line between)
            after_notes = bool(
                line.rstrip().endswith("↩")
                or (SEED_NOTE.match(line) and line[:1].isspace())
                or (after_notes and not prev_blank)
            )
            after_bullet = bulleted(line.strip())
        prev_blank = not line.strip() or bool(PAGE_LINE.match(line))
    if any(x.strip() for x in current):
        docs.append(current)
    return preamble, docs
