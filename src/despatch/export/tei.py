"""Write a Document as TEI following FRUS conventions.

``div type="document"``, ``head`` (with the printed number), ``dateline``, ``opener/salute``,
``p``, ``list/item``, ``note n= xml:id=``, ``pb n=``, ``closer/signed``; marks become
``persName``/``gloss``/``ref``/``date``. Reading the result with the TEI reader gives the same
Document JSON (marks come back with ``source: markup``).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Iterator
from xml.sax.saxutils import escape, quoteattr

from ..model import Division, Document, Mark, Volume
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
    if mark.type == "ref" and not mark.target:
        return "<ref>", "</ref>"  # tagged by the editors without a target
    if mark.type == "ref" and mark.target:
        # back to FRUS's form: "#d14fn3" within the volume, "frus1961-63v22#d383fn4" outside
        vol, _, local = mark.target.partition("/")
        local = local.replace("#", "", 1)
        target = f"#{local}" if vol == doc.volume and local else f"{vol}#{local}" if local else vol
        return f"<ref target={quoteattr(target)}>", "</ref>"
    if mark.type == "date" and mark.when:
        if "/" in mark.when:
            lo, _, hi = mark.when.partition("/")
            if lo == "..":  # open at an end: "not after", "not before"
                return f"<date notAfter={quoteattr(hi)}>", "</date>"
            if hi == "..":
                return f"<date notBefore={quoteattr(lo)}>", "</date>"
            return f"<date from={quoteattr(lo)} to={quoteattr(hi)}>", "</date>"
        return f"<date when={quoteattr(mark.when)}>", "</date>"
    return None


def _inline(text: str, marks: list[Mark], points: list[Point], doc: Document) -> str:
    return weave(text, marks, points, lambda m: _mark_tags(m, doc), escape)


def _note_id(doc: Document, index: int) -> str | None:
    """FRUS's ``d5fn2`` for the first note numbered 2; none for a later note with the same
    number or a number that cannot be part of an id (the file must stay well-formed)."""
    n = doc.notes[index].n
    if n is None or not re.fullmatch(r"[A-Za-z0-9._-]+", n):
        return None
    if any(other.n == n for other in doc.notes[:index]):
        return None
    return f"{_local_id(doc)}fn{n}"


def _note_xml(doc: Document, index: int) -> str:
    note = doc.notes[index]
    attrs = ""
    if note.n is not None:
        attrs += f" n={quoteattr(note.n)}"
        note_id = _note_id(doc, index)
        if note_id:
            attrs += f" xml:id={quoteattr(note_id)}"
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


def render_tei(doc: Document, standalone: bool = True, div_type: str = "document") -> str:
    """One document as TEI (wrapped in a minimal ``TEI`` element when ``standalone``);
    ``div_type`` "section" writes a section of the front or back matter."""
    attrs = f" n={quoteattr(doc.number)}" if doc.number else ""
    attrs += f" xml:id={quoteattr(_local_id(doc))}"
    if doc.subtype and doc.subtype != "historical-document":
        attrs += f" subtype={quoteattr(doc.subtype)}"
    if doc.date and doc.date.source == "attribute":
        attrs += (
            f" frus:doc-dateTime-min={quoteattr(doc.date.min or '')}"
            f" frus:doc-dateTime-max={quoteattr(doc.date.max or '')}"
        )
    lines = [f"<div type={quoteattr(div_type)}{attrs}>"]
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
        # (closing words and a postscript in an element of their own, as FRUS has them: a
        # note before their first word then stays theirs)
        elif t == "closer":
            lines.append(f"<closer><salute>{body}</salute></closer>")
        elif t == "signed":
            lines.append(f"<closer><signed>{body}</signed></closer>")
        elif t == "quote":
            lines.append(f'<quote rend="blockquote"><p>{body}</p></quote>')
        elif t == "postscript":
            lines.append(f"<postscript><p>{body}</p></postscript>")
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


def render_tei_volume(volume: Volume, documents: Iterable[Document]) -> Iterator[str]:
    """A whole volume as one TEI file, in pieces (the documents may stream from a store):
    the header; the front matter's sections and the persons and terms glossaries; the
    documents in their divisions, in order; the back matter. The TEI reader reads it back
    as the same volume (divisions that hold no document are not written)."""
    titles = [
        ("complete", volume.title),
        ("series", volume.series),
        ("sub-series", volume.subseries),
        ("volume-number", volume.volume_number),
        ("volume", volume.volume_title),
    ]
    head = "".join(f"<title type={quoteattr(t)}>{escape(v)}</title>" for t, v in titles if v)
    head += "".join(f"<editor>{escape(e)}</editor>" for e in volume.editors)
    published = [
        ("publisher", volume.publisher),
        ("pubPlace", volume.pub_place),
        ("date", volume.year),
        ('idno type="isbn-13"' if len(volume.isbn) == 13 else 'idno type="isbn"', volume.isbn),
    ]
    publication = "".join(
        f"<{tag}>{escape(value)}</{tag.split()[0]}>" for tag, value in published if value
    )
    yield (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<TEI xmlns="{TEI_NS}" '
        f'xmlns:frus="{FRUS_NS}" xml:id={quoteattr(volume.id)}>\n'
        f"<teiHeader><fileDesc><titleStmt>{head}</titleStmt><publicationStmt>"
        f"{publication or '<p/>'}"
        f'</publicationStmt><sourceDesc><bibl type="frus-volume-id">{escape(volume.id)}</bibl>'
        "</sourceDesc></fileDesc></teiHeader>\n<text>\n<front>\n"
    )
    back = [s for s in volume.sections if s.subtype == "back-matter"]
    for section in volume.sections:
        if section.subtype != "back-matter":
            yield render_tei(section, standalone=False, div_type="section") + "\n"
    yield _glossaries_xml(volume)
    yield "</front>\n<body>\n"
    parents = _division_parents(volume.divisions)
    open_divs: list[str] = []
    for doc in documents:
        path = _division_path(doc.division, parents)
        while open_divs and open_divs != path[: len(open_divs)]:  # leave divisions it is not in
            open_divs.pop()
            yield "</div>\n"
        for div_id in path[len(open_divs) :]:  # enter those it is in
            div = parents[div_id][0]
            yield f"<div type={quoteattr(div.type)} xml:id={quoteattr(div.id)}>"
            yield _heading_xml(div, volume.id) + "\n"
            open_divs.append(div_id)
        yield render_tei(doc, standalone=False) + "\n"
    yield "</div>\n" * len(open_divs)
    yield "</body>\n"
    if back:
        yield "<back>\n"
        for section in back:
            yield render_tei(section, standalone=False, div_type="section") + "\n"
        yield "</back>\n"
    yield "</text>\n</TEI>\n"


def _division_parents(
    divisions: list[Division], parent: str | None = None
) -> dict[str, tuple[Division, str | None]]:
    out: dict[str, tuple[Division, str | None]] = {}
    for div in divisions:
        out[div.id] = (div, parent)
        out |= _division_parents(div.children, div.id)
    return out


def _division_path(
    div_id: str | None, parents: dict[str, tuple[Division, str | None]]
) -> list[str]:
    path: list[str] = []
    while div_id is not None and div_id in parents:
        path.insert(0, div_id)
        div_id = parents[div_id][1]
    return path


def _heading_xml(div: Division, volume_id: str) -> str:
    if not div.title and not div.notes:
        return ""
    return f"<head>{_block_xml(div.heading(volume_id), 0)}</head>"


def _glossaries_xml(volume: Volume) -> str:
    """The persons and terms lists as FRUS writes them: the id on the name or term."""
    persons = [(p.id, p.name, p.description) for p in volume.persons]
    terms = [(t.id, t.term, t.expansion) for t in volume.terms]
    return _glossary_xml("persons", "Persons", "participants", "persName", persons) + (
        _glossary_xml("terms", "Abbreviations and Terms", "abbreviations", "term", terms)
    )


def _glossary_xml(
    div_id: str, title: str, list_type: str, tag: str, entries: list[tuple[str, str, str]]
) -> str:
    if not entries:
        return ""
    items = "".join(
        f"<item><{tag} xml:id={quoteattr(xml_id)}>{escape(label)}</{tag}>"
        f"{', ' + escape(rest) if rest else ''}</item>\n"
        for xml_id, label, rest in entries
    )
    return (
        f'<div type="section" xml:id="{div_id}"><head>{title}</head>'
        f'<list type="{list_type}">\n{items}</list></div>\n'
    )
