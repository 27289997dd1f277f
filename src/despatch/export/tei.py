"""Write a Document as TEI following FRUS conventions.

``div type="document"``, ``head`` (with the printed number), ``dateline``, ``opener/salute``,
``p``, ``list/item``, ``note n= xml:id=``, ``pb n=``, ``closer/signed``; marks become
``persName``/``gloss``/``ref``/``date``. Reading the result with the TEI reader gives the same
Document JSON (marks come back with ``source: markup``).
"""

from __future__ import annotations

import dataclasses
from xml.sax.saxutils import escape, quoteattr

from ..model import Document, Mark
from ..standoff import Point, weave

__all__ = ["render_tei", "render_tei_volume"]

TEI_NS = "http://www.tei-c.org/ns/1.0"
FRUS_NS = "http://history.state.gov/frus/ns/1.0"


def _local_id(doc: Document) -> str:
    return doc.id.rsplit("/", 1)[-1]


def _mark_tags(mark: Mark, doc: Document) -> tuple[str, str] | None:
    role = f" type={quoteattr(mark.role)}" if mark.role else ""
    if mark.type == "person":
        corresp = f" corresp={quoteattr('#' + mark.ref)}" if mark.ref else ""
        return f"<persName{corresp}{role}>", "</persName>"
    if mark.type == "term":
        target = f" target={quoteattr('#' + mark.ref)}" if mark.ref else ""
        return f"<gloss{target}{role}>", "</gloss>"
    if mark.type == "ref" and mark.target:
        # back to FRUS's form: "#d14fn3" within the volume, "frus1961-63v22#d383fn4" outside
        vol, _, local = mark.target.partition("/")
        local = local.replace("#", "", 1)
        target = f"#{local}" if vol == doc.volume and local else f"{vol}#{local}" if local else vol
        return f"<ref target={quoteattr(target)}>", "</ref>"
    if mark.type == "date" and mark.when:
        if "/" in mark.when:
            lo, _, hi = mark.when.partition("/")
            return f"<date from={quoteattr(lo)} to={quoteattr(hi)}>", "</date>"
        return f"<date when={quoteattr(mark.when)}>", "</date>"
    return None


def _inline(text: str, marks: list[Mark], points: list[Point], doc: Document) -> str:
    return weave(text, marks, points, lambda m: _mark_tags(m, doc), escape)


def _note_xml(doc: Document, index: int) -> str:
    note = doc.notes[index]
    attrs = ""
    if note.n is not None:
        attrs += f" n={quoteattr(note.n)} xml:id={quoteattr(f'{_local_id(doc)}fn{note.n}')}"
    if note.type:
        attrs += f" type={quoteattr(note.type)}"
    body = _inline(note.text, [m for m in doc.marks if m.note == index], [], doc)
    return f"<note{attrs}>{body}</note>"


def _block_xml(doc: Document, i: int, prefix: str = "") -> str:
    text = prefix + doc.blocks[i].text
    shift = len(prefix)
    points = [
        (n.offset + shift, 0, _note_xml(doc, k))
        for k, n in enumerate(doc.notes)
        if n.block == i and n.n is not None
    ]
    points += [
        (p.offset + shift, 1, f"<pb n={quoteattr(p.n)}/>")
        for p in doc.pages
        if p.block == i and p.offset > 0
    ]
    # the heading is written with its number in front: its marks move along
    marks = [dataclasses.replace(m, offset=m.offset + shift) for m in doc.marks if m.block == i]
    return _inline(text, marks, points, doc)


def render_tei(doc: Document, standalone: bool = True) -> str:
    """One document as TEI (wrapped in a minimal ``TEI`` element when ``standalone``)."""
    attrs = f" n={quoteattr(doc.number)}" if doc.number else ""
    attrs += f" xml:id={quoteattr(_local_id(doc))}"
    if doc.subtype and doc.subtype != "historical-document":
        attrs += f" subtype={quoteattr(doc.subtype)}"
    if doc.date and doc.date.source == "attribute":
        attrs += (
            f" frus:doc-dateTime-min={quoteattr(doc.date.min or '')}"
            f" frus:doc-dateTime-max={quoteattr(doc.date.max or '')}"
        )
    lines = [f'<div type="document"{attrs}>']
    unnumbered = {}
    for k, n in enumerate(doc.notes):
        if n.n is None:
            unnumbered.setdefault(n.block, []).append(k)
    open_list = False
    blocks = doc.blocks
    for i, block in enumerate(blocks):
        for p in doc.pages:
            if p.block == i and p.offset == 0:
                lines.append(f"<pb n={quoteattr(p.n)}/>")
        starts_list = (
            block.type == "head" and i > 0 and i + 1 < len(blocks) and blocks[i + 1].type == "item"
        )
        if open_list and block.type != "item":
            lines.append("</list>")
            open_list = False
        prefix = f"{doc.number}. " if i == 0 and doc.number else ""
        body = _block_xml(doc, i, prefix)
        t = block.type
        if starts_list:
            lines.append(f"<list><head>{body}</head>")
            open_list = True
        elif t == "item":
            if not open_list:
                lines.append("<list>")
                open_list = True
            lines.append(f"<item>{body}</item>")
        elif t in ("head", "dateline", "p", "label"):
            lines.append(f"<{t}>{body}</{t}>")
        elif t == "salute":
            lines.append(f"<opener><salute>{body}</salute></opener>")
        elif t == "closer":
            lines.append(f"<closer>{body}</closer>")
        elif t == "signed":
            lines.append(f"<closer><signed>{body}</signed></closer>")
        elif t == "quote":
            lines.append(f'<quote rend="blockquote"><p>{body}</p></quote>')
        elif t == "postscript":
            lines.append(f"<postscript>{body}</postscript>")
        elif t == "row":
            lines.append(f"<table><row><cell>{body}</cell></row></table>")
        else:
            lines.append(f"<p>{body}</p>")
        for k in unnumbered.get(i, []):
            if open_list:
                lines.append("</list>")
                open_list = False
            lines.append(_note_xml(doc, k))
    if open_list:
        lines.append("</list>")
    lines.append("</div>")
    xml = "\n".join(lines)
    if not standalone:
        return xml
    vol = doc.volume or ""
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="{TEI_NS}" '
        f'xmlns:frus="{FRUS_NS}"{f" xml:id={quoteattr(vol)}" if vol else ""}>\n'
        f"<teiHeader><fileDesc><titleStmt><title>{escape(doc.title)}</title></titleStmt>"
        f"<publicationStmt><p>Written by despatch</p></publicationStmt><sourceDesc>"
        f'<bibl type="frus-volume-id">{escape(vol)}</bibl></sourceDesc></fileDesc>'
        f"</teiHeader>\n<text><body>\n{xml}\n</body></text>\n</TEI>\n"
    )


def render_tei_volume(docs: list[Document], volume_id: str) -> str:
    body = "\n".join(render_tei(d, standalone=False) for d in docs)
    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="{TEI_NS}" '
        f'xmlns:frus="{FRUS_NS}" xml:id={quoteattr(volume_id)}>\n<teiHeader/>\n'
        f"<text><body>\n{body}\n</body></text>\n</TEI>\n"
    )
