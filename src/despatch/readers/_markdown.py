"""Copied text in Markdown: what a "copy as Markdown" tool, a notes app or ``despatch show
--format md`` writes, made plain text of the kind the text reader reads.

Headings' ``#``, emphasis, links, escapes and block quotes' ``>`` go; ``*[Page 3]*`` is
``[Page 3]``; footnotes (``Carter[^1]``, ``[^1]: Source: …``) are left for the reader, which
knows them. A short paragraph wholly in italics past the heading and the dateline is set
apart as the signature, as a copy sets it apart with a wider gap.
"""

from __future__ import annotations

import re

__all__ = ["looks_like_markdown", "plain_from_markdown"]

_HEADING = re.compile(r"^#{1,6}[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*$", re.MULTILINE)
_FOOTNOTE_LINE = re.compile(r"^\[\^\d+\]:", re.MULTILINE)
_PAGE = re.compile(r"(\*{1,2}|_{1,2})\\?\[(Page [^\]\\]+)\\?\]\1")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(
    r"\[((?:[^\[\]]|\[[^\[\]]*\])+)\]\((?:[^()\s]|\([^()\s]*\))+(?:\s+\"[^\"]*\")?\)"
)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!>|])")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS = re.compile(r"(?<![\w*\\])([*_])(?=[^\s*_])(.+?)(?<=[^\s\\])\1(?![\w*])")
_QUOTE = re.compile(r"^>[ \t]?", re.MULTILINE)
_BULLET = re.compile(r"^[ \t]*[-*+][ \t]+(?=\S)", re.MULTILINE)  # syntax, not the item's label
_RULE = re.compile(r"^[ \t]*(?:(?:\*[ \t]*){3,}|(?:-[ \t]*){3,}|(?:_[ \t]*){3,})$", re.MULTILINE)
_PAGE_ALONE = re.compile(r"[*_]*\\?\[Page [^\]\\]+\\?\][*_]*")
_WHOLLY_ITALIC = re.compile(r"^([*_])(?=\S)[^*_\n]+(?<=\S)\1(?:\[\^\d+\])*$")  # (its note's marker)


def looks_like_markdown(text: str) -> bool:
    """Whether a copy is Markdown: its first line a ``#`` heading, or footnotes defined as
    Markdown defines them (``[^1]: …``)."""
    first = text.lstrip().split("\n", 1)[0]
    return bool(re.match(r"#{1,6}[ \t]+\S", first)) or bool(_FOOTNOTE_LINE.search(text))


def plain_from_markdown(text: str) -> str:
    """The text without Markdown's markup; line breaks stay where they are, but for a blank
    line added above a signature."""
    out = []
    seen = 0  # paragraphs of text so far (a page marker is none)
    for part in re.split(r"(\n[ \t]*\n)", text):
        bare = part.strip()
        if seen >= 2 and len(bare) < 80 and _WHOLLY_ITALIC.match(bare):
            # italics alone, short, past the heading and the dateline's place: the
            # signature, given the two blank lines above it that copies set it apart with
            out.append("\n")
        if bare and not _PAGE_ALONE.fullmatch(bare):
            seen += 1
        out.append(_plain(part))
    return "".join(out)


def _plain(text: str) -> str:
    text = _HEADING.sub(r"\1", text)
    text = _RULE.sub("", text)
    text = _QUOTE.sub("", text)
    text = _BULLET.sub("", text)
    text = _PAGE.sub(r"[\2]", text)
    text = _IMAGE.sub("", text)
    text = _LINK.sub(lambda m: m.group(1), text)
    text = _STRONG.sub(r"\2", text)
    text = _EMPHASIS.sub(r"\2", text)
    return _ESCAPE.sub(r"\1", text)
