"""TEI volumes split one document per file, as research projects keep them: grouped by
the volume id in their headers and merged so the result equals reading the whole volume."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

from lxml import etree

from ..errors import InputError
from ..model import Division, Document, Volume
from .tei import XML_ID, TeiVolumeReader, _iterparse, _local, _text_of

__all__ = ["read_tei_documents", "volume_id_of"]


def volume_id_of(path: str | Path) -> str:
    """The volume id a TEI file belongs to, read from its header only."""
    path = Path(path)
    try:
        for event, el in _iterparse(path):
            tag = _local(el)
            if event == "start" and tag == "TEI" and el.get(XML_ID):
                return el.get(XML_ID, "")
            if (
                event == "end"
                and tag in ("idno", "bibl")
                and el.get("type") in ("frus", "frus-volume-id")
                and _text_of(el)
            ):
                return _text_of(el)
            if event == "start" and tag in ("text", "body"):
                break
    except etree.XMLSyntaxError as exc:
        raise InputError.from_xml(exc, path) from None
    return path.parent.name or path.stem


def read_tei_documents(paths: list[Path]) -> Iterator[tuple[Volume, list[Document]]]:
    """Read split files (one document each) and group them into volumes, in document order.

    Files of the same volume id are merged: documents ordered by number, glossaries and
    the division tree combined, so the result equals reading the whole volume.
    """
    volumes: dict[str, tuple[Volume, list[Document]]] = {}
    read_from: dict[str, Path] = {}  # document id → its file
    for path in paths:
        reader = TeiVolumeReader(path, unnamed_id=Path(path).stem)
        docs = list(reader)
        for doc in docs:
            if doc.id in read_from:  # the one stored would replace the other
                raise InputError(
                    f"document {doc.id} is in this file and in {read_from[doc.id]}", str(path)
                )
            read_from[doc.id] = path
        vol = reader.volume
        if vol.id not in volumes:
            volumes[vol.id] = (Volume(id=vol.id), [])
        merged, merged_docs = volumes[vol.id]
        _merge_volume(merged, vol)
        merged_docs.extend(docs)
    for merged, docs in volumes.values():
        docs.sort(key=lambda d: _number_key(d.number))
        for i, doc in enumerate(docs, 1):
            doc.seq = i
        _sort_divisions(merged.divisions, {d.id.rsplit("/", 1)[-1]: d.seq for d in docs})
        yield merged, docs


def _number_key(number: str | None) -> tuple[int, str]:
    m = re.match(r"(\d+)(.*)", number or "")
    return (int(m.group(1)), m.group(2)) if m else (10**9, number or "")


def _merge_volume(into: Volume, other: Volume) -> None:
    for attr in ("title", "series", "subseries", "volume_number", "volume_title", "year"):
        if not getattr(into, attr):
            setattr(into, attr, getattr(other, attr))
    for editor in other.editors:
        if editor not in into.editors:
            into.editors.append(editor)
    known_p = {p.id for p in into.persons}
    into.persons.extend(p for p in other.persons if p.id not in known_p)
    known_t = {t.id for t in into.terms}
    into.terms.extend(t for t in other.terms if t.id not in known_t)
    _merge_divisions(into.divisions, other.divisions)
    known_s = {s.id for s in into.sections}
    into.sections.extend(s for s in other.sections if s.id not in known_s)


def _merge_divisions(into: list[Division], other: list[Division]) -> None:
    by_id = {d.id: d for d in into}
    for div in other:
        if div.id in by_id:
            target = by_id[div.id]
            if not target.title and not target.notes:  # the first file with the heading
                target.title, target.notes, target.marks = div.title, div.notes, div.marks
            target.documents.extend(d for d in div.documents if d not in target.documents)
            _merge_divisions(target.children, div.children)
        else:
            into.append(div)
            by_id[div.id] = div


def _sort_divisions(divisions: list[Division], order: dict[str, int]) -> None:
    def first(div: Division) -> int:
        seqs = [order.get(d, 10**9) for d in div.documents] + [first(c) for c in div.children]
        return min(seqs, default=10**9)

    for div in divisions:
        div.documents.sort(key=lambda d: order.get(d, 10**9))
        _sort_divisions(div.children, order)
    divisions.sort(key=first)
