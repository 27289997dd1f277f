"""Standoff → HTML for the reader: every piece of document text is escaped here."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from html import escape
from typing import Any
from urllib.parse import quote

from markupsafe import Markup

from ..model import Division, Document, Mark
from ..snippets import beside
from ..standoff import Point, nests, weave

__all__ = [
    "block_html",
    "division_heading",
    "doc_label",
    "doc_url",
    "hit_runs",
    "note_html",
    "person_url",
    "section_url",
    "target_hrefs",
]


def doc_label(number: str | None, title: str | None) -> str:
    """ "5. Letter From …", or the title alone for an unnumbered document."""
    title = title or "(untitled)"
    return f"{number}. {title}" if number else title


def doc_url(doc_id: str) -> str:
    vol, _, local = doc_id.partition("/")
    return f"/documents/{quote(vol)}/{quote(local)}" if local else f"/volumes/{quote(vol)}"


def section_url(section_id: str) -> str:
    """A front- or back-matter section's page: ``vol/preface`` → /volumes/vol/sections/preface."""
    vol, _, local = section_id.partition("/")
    return f"/volumes/{quote(vol)}/sections/{quote(local)}"


def person_url(volume: str, ref: str) -> str:
    """A person's glossary page; names linked against another volume's glossary carry that
    volume ("vol/p_X"), those of the document's own volume do not ("p_X")."""
    home, _, person_id = ref.rpartition("/")
    return f"/volumes/{quote(home or volume)}/persons/{quote(person_id)}"


def target_hrefs(
    located: Mapping[str, str], outside: Mapping[str, str] | None = None
) -> dict[str, str]:
    """Cross-reference targets → links, from where the store located them
    (``RecordStore.locate``): ``vol/d14#fn3`` opens d14 at its printed note 3, ``vol/pg_674``
    the document page 674 begins in, at that page; the others to where ``outside`` says
    they can be read (absolute addresses, which the page marks as leaving the site)."""
    hrefs = dict(outside or {})
    for target, location in located.items():
        url = doc_url(location)
        local = target.partition("/")[2]
        note = re.fullmatch(r"[^#]*#fn(.+)", local)
        if local.startswith("pg_"):
            url += f"#page{quote(local[3:])}"
        elif note:
            url += f"#note{quote(note.group(1))}"
        hrefs[target] = url
    return hrefs


def _mark_open(mark: Mark, doc: Document, known: Mapping[str, str]) -> tuple[str, str] | None:
    vol = quote(doc.volume or "")
    if mark.type == "person" and mark.ref and mark.ref.startswith("pocom:"):
        return f'<span class="person official" data-official="{escape(mark.ref[6:])}">', "</span>"
    if mark.type == "person" and mark.ref:
        return f'<a class="person" href="{person_url(doc.volume or "", mark.ref)}">', "</a>"
    if mark.type == "term" and mark.ref:
        href = f"/volumes/{vol}/terms/{quote(mark.ref)}"
        return f'<a class="term" href="{href}">', "</a>"
    if mark.type == "ref" and mark.target:
        href = known.get(mark.target)
        if href and href.startswith(("https://", "http://")):
            attrs = f'class="xref external" href="{escape(href)}" rel="external noopener"'
            return f"<a {attrs}>", "</a>"
        if href:
            return f'<a class="xref" href="{escape(href)}">', "</a>"
        return f'<span class="xref external" title="{escape(mark.target)}">', "</span>"
    if mark.type == "date" and mark.when:
        if "/" in mark.when:  # an interval is no valid datetime: kept as data for scripts
            return f'<span class="date" data-when="{escape(mark.when)}">', "</span>"
        return f'<time datetime="{escape(mark.when)}">', "</time>"
    return None


def _render(
    text: str,
    marks: list[Mark],
    points: list[Point],
    doc: Document,
    known: Mapping[str, str],
    hits: Sequence[tuple[int, Mark]] = (),
) -> Markup:
    """The text escaped, its marks and points in place, and the search's words in it
    (``hits``: numbered ``match`` marks) highlighted; one that crosses a mark (a name
    tagged in mid-word) is not, but its anchor is kept."""
    numbers = {id(m): k for k, m in hits if all(nests(m, other) for other in marks)}
    shown = [m for _, m in hits if id(m) in numbers]
    points = points + [
        (m.offset, 1, f'<span id="hit{k}"></span>') for k, m in hits if id(m) not in numbers
    ]

    def tags(mark: Mark) -> tuple[str, str] | None:
        if id(mark) in numbers:
            return f'<mark class="hit" id="hit{numbers[id(mark)]}">', "</mark>"
        return _mark_open(mark, doc, known)

    return Markup(weave(text, marks + shown, points, tags, escape))


def hit_runs(doc: Document, hits: Sequence[tuple[int, Mark]]) -> list[tuple[int, bool]]:
    """A search's matches as the places a reader jumps to: one per run of matches one beside
    the next ("Memorandum of Understanding" is one), as (its first match's number, whether
    it is in the notes)."""
    runs: list[tuple[int, bool]] = []
    last: Mark | None = None
    for k, m in hits:
        text = doc.text_under(m)
        same_text = last is not None and (last.block, last.note) == (m.block, m.note)
        if not (same_text and last and beside(text, last.offset + last.length, m.offset)):
            runs.append((k, m.block is None))
        last = m
    return runs


def block_html(
    doc: Document,
    index: int,
    known: Mapping[str, str],
    anchor: str = "",
    hits: Sequence[tuple[int, Mark]] = (),
) -> Markup:
    """One block with its note markers, page breaks and marks; ``anchor`` prefixes the
    markers' ids where a page shows more than one text's notes; ``hits`` are a search's
    matches in the document, numbered from 1 in reading order (their ids), highlighted."""
    points: list[tuple[int, int, str]] = []
    for i, note in enumerate(doc.notes):
        if note.block == index and note.n is not None:
            label = escape(note.n)
            tip = escape(note.text)
            points.append(
                (
                    note.offset,
                    0,
                    f'<sup class="fn"><a id="{anchor}fnref{i}" href="#{anchor}fn{i}" '
                    f'data-note="{tip}" aria-describedby="{anchor}fn{i}">{label}</a></sup>',
                )
            )
    for page in doc.pages:
        if page.block == index:
            points.append(
                (
                    page.offset,
                    1,
                    f'<span class="pb" id="page{escape(page.n)}">[Page {escape(page.n)}]</span>',
                )
            )
    marks = [m for m in doc.marks if m.block == index]
    mine = [(k, m) for k, m in hits if m.block == index]
    return _render(doc.blocks[index].text, marks, points, doc, known, mine)


def note_html(
    doc: Document, index: int, known: Mapping[str, str], hits: Sequence[tuple[int, Mark]] = ()
) -> Markup:
    marks = [m for m in doc.marks if m.note == index]
    mine = [(k, m) for k, m in hits if m.note == index and m.block is None]
    return _render(doc.notes[index].text, marks, [], doc, known, mine)


def division_heading(
    volume: str, division: dict[str, Any], known: Mapping[str, str]
) -> tuple[Markup, list[Markup]]:
    """A table-of-contents heading (its ``_toc`` JSON) and its notes, rendered as a document's
    heading is: the same markers, popovers and links, ids prefixed by the division's id."""
    # (the table of contents lists its documents and subdivisions itself)
    heading = Division.from_json({**division, "children": [], "documents": []}).heading(volume)
    anchor = escape(f"{division['id']}-")  # an id from the file: escaped like its text
    notes = [note_html(heading, i, known) for i in range(len(heading.notes))]
    return block_html(heading, 0, known, anchor), notes
