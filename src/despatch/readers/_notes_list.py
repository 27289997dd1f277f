"""The notes list at the end of a copied document: where it begins and what it holds.

Reading-room copies end with the notes, numbered ("  1. Source: …", the seed's style) or as
a bulleted list whose items end in "↩" (a web page copied as it shows; some copies lose the
arrows); some copies put a "Footnotes" line over them, or a blank line between them.
"""

from __future__ import annotations

import re

from .markers import SUPERSCRIPT_DIGITS

__all__ = ["PAGE_LINE", "SEED_NOTE", "bulleted", "split_notes"]

PAGE_LINE = re.compile(r"^\s*\[Page ([^\]\s]+)\]\s*$")
# "  1. Source: …", and as Markdown and wiki-like copies number them: "[1] …", "[^1]: …"
SEED_NOTE = re.compile(r"^\s*(?:(?=\d)|\[\^?(?=\d+\]))(\d+)(?:\.|\]:?)\s+(\S.*)$")
_BULLETS = ("-", "–", "•", "*")
_SOURCE_NOTE = re.compile(r"\[?Source\b")


def bulleted(line: str) -> bool:
    """Whether a (stripped) line begins with a bullet: "- ", "• ", "* "."""
    return line.startswith(_BULLETS) and line[1:2] in (" ", "\t")


def split_notes(
    lines: list[str], loose: bool = True
) -> tuple[list[str], list[tuple[str | None, str]], str]:
    """Split the notes list off the end of a document's lines.

    The list is the last run of lines without a blank one, with the paragraphs above it
    that are notes too when a copy put blank lines between them. Web-copy notes begin with
    a bullet and end with "↩"; seed-style notes begin "N. " numbered on from 0 or 1. A note
    may run over several lines: lines that begin no new note continue the one before.
    Failing these, notes numbered as ebooks and PDFs print them ("¹ Source: …", "1) …",
    "1 Source: …") are looked for the same way, the source note first.
    """
    end = _past_blanks(lines, len(lines))
    if end and lines[end - 1].rstrip().endswith("↩"):
        lines, end = _web_paragraphs_joined(lines, end)
    first = _paragraph_start(lines, end)
    web = _web_notes([line.strip() for line in lines[first:end]])
    if web is not None:
        count, notes = web
        cut = end - count
        while True:  # notes with a blank line between them: paragraphs that are notes too
            stop = _past_blanks(lines, cut)
            start = _paragraph_start(lines, stop)
            more = _web_notes([x.strip() for x in lines[start:stop]]) if start < stop else None
            if more is None:
                break
            notes, cut = more[1] + notes, stop - more[0]
            if cut > start:  # the text ends just above this note
                break
        return _without_heading(lines[:cut]), [(None, t) for t in notes], "web"
    # a note of several paragraphs, which a copy set apart: indented as the notes are,
    # the paragraphs above an indented last run belong to it
    while first < end and all(
        lines[i][:1].isspace() for i in range(first, end) if lines[i].strip()
    ):
        stop = _past_blanks(lines, first)
        start = stop  # up the indented lines above the blank ones (the text may end there)
        while start > 0 and lines[start - 1][:1].isspace() and lines[start - 1].strip():
            start -= 1
        if stop == first or start == stop:
            break
        first = start
    at = [i for i in range(first, end) if lines[i].strip()]  # where the tail's lines are
    tail = [lines[i].strip() for i in at]
    for k, line in enumerate(tail):
        m = SEED_NOTE.match(line)
        if not m or int(m.group(1)) not in (0, 1):
            continue
        expected, notes = int(m.group(1)), []
        for rest in tail[k:]:
            n = SEED_NOTE.match(rest)
            if n and int(n.group(1)) == expected:
                notes.append([n.group(1), n.group(2)])
                expected += 1
            else:  # "1980. The …" inside a note is no note 1980
                notes[-1][1] += " " + rest
        cut = at[k]
        indented = any(lines[j][:1].isspace() for j in range(cut, end))
        blank_before = cut == 0 or not lines[cut - 1].strip()
        source_first = bool(_SOURCE_NOTE.match(notes[0][1]))
        bracketed = tail[k].startswith("[")  # "[^1]: …", "[1] …": no paragraph's number
        if indented or not blank_before or len(notes) > 1 or source_first or bracketed:
            return _without_heading(lines[:cut]), [(n, t) for n, t in notes], "seed"
        break
    spaced = _spaced_notes(lines, end)
    if spaced is not None:
        cut, notes = spaced
        return _without_heading(lines[:cut]), notes, "seed"
    bullets = _bullet_notes(lines, end)
    if bullets is not None:
        cut, texts = bullets
        return _without_heading(lines[:cut]), [(None, t) for t in texts], "web"
    if loose:  # notes numbered as ebooks and PDFs print them: "¹ Source: …", "1) …", "1 …"
        body, notes, style = split_notes([_LOOSE.sub(_numbered, x) for x in lines], False)
        # the source note first tells them from a numbered list that ends the text
        if notes and _SOURCE_NOTE.match(notes[0][1]):
            return lines[: len(body)], notes, style
    return lines[:end], [], "none"


_LOOSE = re.compile(r"^(\s*)(?:([⁰¹²³⁴⁵⁶⁷⁸⁹]+)|(\d+)[):]?)[ \t]+(?=\S)")


def _numbered(m: re.Match[str]) -> str:
    number = m.group(2).translate(SUPERSCRIPT_DIGITS) if m.group(2) else m.group(3)
    return f"{m.group(1)}{number}. "


def _web_paragraphs_joined(lines: list[str], end: int) -> tuple[list[str], int]:
    """The lines, and where they end, without the blank lines a web copy put inside a note
    of several paragraphs: a paragraph that ends a note ("…↩") with no bullet of its own
    continues the note above it, when that one has not ended yet."""
    out = lines[:end]
    i = end - 1
    while i > 1:
        line = out[i].strip()
        if not line:
            i -= 1
            continue
        if line.endswith("↩") and not bulleted(line):
            above = _past_blanks(out, i) - 1
            if 0 <= above < i - 1 and not out[above].rstrip().endswith("↩"):
                del out[above + 1 : i]  # the blank lines inside the note
                i = above
                continue
        i -= 1
    return out, len(out)


def _past_blanks(lines: list[str], stop: int) -> int:
    """Where the text above ``stop`` ends: ``stop`` moved up past blank lines."""
    while stop > 0 and not lines[stop - 1].strip():
        stop -= 1
    return stop


def _paragraph_start(lines: list[str], stop: int) -> int:
    """Where the run of non-blank lines ending at ``stop`` begins (a page line ends it)."""
    start = stop
    while start > 0 and lines[start - 1].strip() and not PAGE_LINE.match(lines[start - 1]):
        start -= 1
    return start


def _spaced_notes(lines: list[str], end: int) -> tuple[int, list[tuple[str | None, str]]] | None:
    """(where the list begins, notes) for a notes list with a blank line between its notes,
    as some copies give it: paragraphs from the end numbered N, N-1, … down to 1 (or 0).
    Numbered paragraphs of the text itself (a telegram's "1. I saw Sato") are told apart
    by the notes' indentation, or by the first being the source note."""
    notes: list[tuple[str | None, str]] = []
    expected: int | None = None
    stop = end
    while stop > 0:
        stop = _past_blanks(lines, stop)
        start = _paragraph_start(lines, stop)
        m = SEED_NOTE.match(lines[start]) if start < stop else None
        if m is None or (expected is not None and int(m.group(1)) != expected):
            return None
        text = " ".join([m.group(2), *(x.strip() for x in lines[start + 1 : stop])])
        notes.insert(0, (m.group(1), text))
        expected = int(m.group(1)) - 1
        if expected <= 0:
            break
        stop = start
    if len(notes) < 2 or int(notes[0][0] or 0) > 1:
        return None
    indented = all(lines[i][:1].isspace() for i in range(start, end) if lines[i].strip())
    bracketed = lines[start].lstrip().startswith("[")  # "[^1]: …": no paragraph's number
    if not (indented or bracketed or _SOURCE_NOTE.match(notes[0][1])):
        return None
    return start, notes


def _bullet_notes(lines: list[str], end: int) -> tuple[int, list[str]] | None:
    """(where the list begins, notes) for a web copy whose "↩" links did not come along
    (an icon, or a link the copy dropped): bulleted lines up from the end, with or without
    blank lines between them, to the bullet that is the source note. Without the arrows,
    the source note is what tells these notes from a bulleted list of the text's own."""
    notes: list[str] = []
    for i in range(end - 1, -1, -1):
        line = lines[i].strip()
        if not line:
            continue
        if not bulleted(line):
            return None
        notes.insert(0, line[2:].strip())
        if _SOURCE_NOTE.match(notes[0]):
            return i, notes
    return None


_NOTES_HEADING = re.compile(r"\s*(?:foot|end)?notes?\s*:?\s*", re.IGNORECASE)


def _without_heading(body: list[str]) -> list[str]:
    """The body without a "Footnotes" (or "Notes", "Endnotes") line over the notes list, as
    ebooks and other sites print it."""
    end = _past_blanks(body, len(body))
    return body[: end - 1] if end and _NOTES_HEADING.fullmatch(body[end - 1]) else body


def _web_notes(tail: list[str]) -> tuple[int, list[str]] | None:
    """(lines used, notes) for a web-copy notes list ending ``tail``, else ``None``."""
    if not tail or not tail[-1].endswith("↩"):
        return None
    notes: list[str] = []
    current: list[str] = []
    used = 0
    for line in reversed(tail):
        if not current and notes and not line.endswith("↩"):
            break  # the line above a note's first line must end a note too
        current.insert(0, line)
        if bulleted(line):
            text = " ".join(current)[2:]
            notes.insert(0, text.rstrip("↩ \t").strip())
            used += len(current)
            current = []
    return (used, notes) if notes else None
