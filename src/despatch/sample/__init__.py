"""The bundled demo sample: a credited excerpt of a FRUS volume, made by :func:`make_excerpt`.

The excerpt keeps the TEI header, the whole front matter (preface, sources, persons and
terms glossaries, note on covert actions) and the first documents of the body (with their
chapter divisions), so the demo and the fast tests run on a fresh clone without the shared
corpus.
"""

from __future__ import annotations

import copy
from pathlib import Path

from lxml import etree

__all__ = ["SAMPLE_PATH", "build_sample_store", "make_excerpt"]

SAMPLE_PATH = Path(__file__).with_name("frus1964-68v29p2-excerpt.xml")
_TEI = "{http://www.tei-c.org/ns/1.0}"


def make_excerpt(source: str | Path, dest: str | Path, documents: int = 40) -> int:
    """Write a well-formed TEI excerpt of ``source`` with its first ``documents`` documents."""
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    tree = etree.parse(str(source), parser)
    root = tree.getroot()
    back = root.find(f"{_TEI}text/{_TEI}back")
    if back is not None:
        back.getparent().remove(back)
    kept = 0
    for div in list(root.iter(f"{_TEI}div")):
        if div.get("type") != "document":
            continue
        if kept >= documents:
            div.getparent().remove(div)
        else:
            kept += 1
    # drop the page breaks of the documents left out (between them, after the last kept one)
    body = root.find(f"{_TEI}text/{_TEI}body")
    last = None
    for div in body.iter(f"{_TEI}div") if body is not None else ():
        if div.get("type") == "document":
            last = div
    if last is not None:
        after = False
        for el in list(body.iter()):
            if el is last:
                after = True
            elif (
                after
                and el.tag == f"{_TEI}pb"
                and not any(a.get("type") == "document" for a in el.iterancestors())
            ):
                el.getparent().remove(el)
    # drop divisions left without documents
    for div in list(root.iter(f"{_TEI}div")):
        if (
            div.getparent() is not None
            and div.get("type")
            in (
                "chapter",
                "subchapter",
                "compilation",
            )
            and not any(d.get("type") == "document" for d in div.iter(f"{_TEI}div"))
        ):
            div.getparent().remove(div)
    comment = etree.Comment(
        f" Excerpt made by despatch.sample.make_excerpt: the front matter and the first {kept} "
        "documents of Foreign Relations of the United States, 1964-1968, "
        "Volume XXIX, Part 2, Japan (Office of the Historian, U.S. Department of State; public "
        "domain), from the HistoryAtState/frus repository. "
    )
    root.insert(0, comment)
    etree.ElementTree(copy.deepcopy(root)).write(str(dest), encoding="UTF-8", xml_declaration=True)
    return kept


def build_sample_store(db_path: str | Path) -> Path:
    """Ingest the bundled sample into ``db_path`` (the demo's and the tests' fixture store)."""
    from ..ingest import ingest_paths
    from ..store import Store

    with Store(db_path) as store:
        ingest_paths(store, [SAMPLE_PATH])
    return Path(db_path)
