"""Weaving standoff marks back into text: shared by the TEI writer and the HTML reader view."""

from __future__ import annotations

from collections.abc import Callable

from .model import Mark

__all__ = ["nested", "nests", "weave"]

Point = tuple[int, int, str]  # (offset, order among points at that offset, markup)


def nested(marks: list[Mark]) -> list[Mark]:
    """Outermost marks first; marks that cross another are dropped (markup must nest).

    Of marks over the same words, the later one is outside: a reader closes the inner one
    first and lists it first, so the marks read back in the order they were written."""
    kept: list[Mark] = []
    order = sorted(enumerate(marks), key=lambda im: (im[1].offset, -im[1].length, -im[0]))
    for _, m in order:
        if all(nests(m, k) for k in kept):
            kept.append(m)
    return kept


def nests(a: Mark, b: Mark) -> bool:
    """Whether two spans can both be markup: apart, or one inside the other."""
    a_end, b_end = a.offset + a.length, b.offset + b.length
    return (
        a_end <= b.offset
        or b_end <= a.offset
        or (b.offset <= a.offset and a_end <= b_end)
        or (a.offset <= b.offset and b_end <= a_end)
    )


def weave(
    text: str,
    marks: list[Mark],
    points: list[Point],
    tags: Callable[[Mark], tuple[str, str] | None],
    escape: Callable[[str], str],
) -> str:
    """``text`` escaped, with each mark's open/close tags and the point insertions in place.

    At one offset, closing tags come first (inner before outer), then points, then opening
    tags (outer before inner)."""
    # (offset, order at that offset, depth among marks over the same words, markup)
    events = [(offset, order, 0, markup) for offset, order, markup in points]
    for depth, mark in enumerate(nested(marks)):
        pair = tags(mark)
        if pair is None:
            continue
        events.append((mark.offset, 2, depth, pair[0]))
        events.append((mark.offset + mark.length, -1000 + mark.length, -depth, pair[1]))
    events.sort(key=lambda e: (e[0], e[1], e[2]))
    out, pos = [], 0
    for offset, _, _, markup in events:
        out.append(escape(text[pos:offset]))
        out.append(markup)
        pos = max(pos, offset)
    out.append(escape(text[pos:]))
    return "".join(out)
