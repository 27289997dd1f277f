"""Render a Document the way copied reading-room text looks (both styles in the spec).

``seed`` style: ``N. Title`` with markers glued on, blank-line separated blocks, ``[Page N]``
inline (inside words too), the signature after two blank lines, notes as ``  N. text``.
``web`` style: the same body, notes as ``- text↩`` lines, page breaks between blocks on a
line of their own. Unnumbered notes (bracketed source notes) print as their own paragraph.
"""

from __future__ import annotations

from ..model import Document

__all__ = ["STYLES", "render_markdown", "render_text"]

STYLES = ("seed", "web")


def _inserts(doc: Document, block: int) -> list[tuple[int, int, str]]:
    """(offset, order, text) insertions for one block: note markers and inline page markers."""
    out = []
    for note in doc.notes:
        if note.block == block and note.n is not None:
            out.append((note.offset, 0, note.n))
    for page in doc.pages:
        if page.block == block and page.offset > 0:
            out.append((page.offset, 1, f"[Page {page.n}]"))
    return sorted(out)


def _block_text(doc: Document, index: int) -> str:
    text = doc.blocks[index].text
    pieces, pos = [], 0
    for offset, kind, ins in _inserts(doc, index):
        pieces.append(text[pos:offset])
        if kind == 0:
            pieces.append(ins)
        else:
            before = pieces[-1][-1:] if pieces and pieces[-1] else text[offset - 1 : offset]
            after = text[offset : offset + 1]
            # between words the marker takes the place of the space; inside a word it is
            # set off by spaces on both sides ("wel [Page 220] come")
            if before == " ":
                pieces.append(ins + (" " if after and after != " " else ""))
            else:
                pieces.append(" " + ins + (" " if after and after != " " else ""))
        pos = offset
    pieces.append(text[pos:])
    return "".join(pieces)


def _page_at_start(doc: Document, index: int) -> bool:
    return any(p.block == index and p.offset == 0 for p in doc.pages)


def render_text(doc: Document, style: str = "seed") -> str:
    if style not in STYLES:
        raise ValueError(f"style must be one of {STYLES}")
    lines: list[str] = []
    unnumbered = {n.block: [] for n in doc.notes if n.n is None}
    for note in doc.notes:
        if note.n is None:
            unnumbered[note.block].append(note.text)
    for i, block in enumerate(doc.blocks):
        for page in doc.pages:
            if page.block == i and page.offset == 0:
                lines.extend([f"[Page {page.n}]", ""])
        body = _block_text(doc, i)
        if i == 0:
            body = f"{doc.number}. {body}" if doc.number else body
        if block.type == "signed" and i > 0 and doc.blocks[i - 1].type != "signed":
            lines.append("")
        # a list prints as consecutive lines, as a reading-room list copies
        if (
            block.type == "item"
            and i > 1
            and doc.blocks[i - 1].type in ("item", "head")
            and lines
            and lines[-1] == ""
            and not _page_at_start(doc, i)
            and not unnumbered.get(i - 1)
        ):
            lines.pop()
        lines.extend([body, ""])
        for extra in unnumbered.get(i, []):
            lines.extend([extra, ""])
    while lines and lines[-1] == "":
        lines.pop()
    numbered = [n for n in doc.notes if n.n is not None]
    for note in numbered:
        if style == "seed":
            lines.append(f"  {note.n}. {note.text}")
        else:
            lines.append(f"- {note.text}↩")
    return "\n".join(lines) + "\n"


def render_markdown(doc: Document) -> str:
    """Markdown for reading or pasting: footnotes as ``[^n]``, page breaks as ``[Page N]``."""
    out = []
    for i, block in enumerate(doc.blocks):
        text = block.text
        italic = i > 0 and block.type in ("dateline", "signed")
        page = "[Page {}]" if italic else "*[Page {}]*"  # (no emphasis inside emphasis)
        ahead = [p for p in doc.pages if p.block == i and p.offset == 0 and i > 0]
        out.extend(f"*[Page {p.n}]*" for p in ahead)  # a page begun with it: above it
        inserts = sorted(
            [(n.offset, 0, f"[^{n.n}]") for n in doc.notes if n.block == i and n.n]
            + [
                (p.offset, 1, f" {page.format(p.n)} ")
                for p in doc.pages
                if p.block == i and p not in ahead
            ]
        )
        pieces, pos = [], 0
        for offset, _, ins in inserts:
            pieces.append(text[pos:offset])
            pieces.append(ins)
            pos = offset
        pieces.append(text[pos:])
        line = "".join(pieces).strip()
        if i == 0:
            line = f"# {doc.number + '. ' if doc.number else ''}{line}"
        elif italic:
            line = f"*{line}*"
        elif block.type == "item":
            line = f"- {line}"
        elif block.type == "quote":
            line = f"> {line}"
        if (
            block.type == "item"
            and i > 1
            and doc.blocks[i - 1].type in ("item", "head")
            and not ahead
        ):
            out[-1] += "\n" + line  # one list, its heading over it (Markdown's tight list)
        else:
            out.append(line)
    for note in doc.notes:
        if note.n:
            out.append(f"[^{note.n}]: {note.text}")
        else:
            out.append(f"> {note.text}")
    return "\n\n".join(out) + "\n"
