"""Splitting a TEI volume into one file per document, as research projects do (for tests)."""

from __future__ import annotations

import copy
from pathlib import Path

from lxml import etree

NS = {"t": "http://www.tei-c.org/ns/1.0"}


def split_volume(tree: etree._ElementTree, folder: Path) -> None:
    """Split a volume the way research projects do: one TEI file per document, the volume id
    in the header, the document inside its ancestor divisions; glossaries in a front file."""
    root = tree.getroot()
    header = root.find("t:teiHeader", NS)
    vol_id = root.get("{http://www.w3.org/XML/1998/namespace}id")

    def shell():
        tei = etree.Element("{http://www.tei-c.org/ns/1.0}TEI", nsmap=root.nsmap)
        h = copy.deepcopy(header)
        bibl = etree.SubElement(
            h.find("t:fileDesc/t:sourceDesc", NS),
            "{http://www.tei-c.org/ns/1.0}bibl",
            type="frus-volume-id",
        )
        bibl.text = vol_id
        tei.append(h)
        text = etree.SubElement(tei, "{http://www.tei-c.org/ns/1.0}text")
        return tei, text

    tei, text = shell()
    text.append(copy.deepcopy(root.find("t:text/t:front", NS)))
    etree.ElementTree(tei).write(str(folder / "front.xml"), encoding="UTF-8")
    # the page breaks between documents go with the document they precede
    before: dict[etree._Element, list[etree._Element]] = {}
    waiting: list[etree._Element] = []
    for el in root.find("t:text/t:body", NS).iter("{*}pb", "{*}div"):
        if el.tag.endswith("}pb") and not any(
            a.get("type") == "document" for a in el.iterancestors()
        ):
            waiting.append(el)
        elif el.get("type") == "document":
            before[el], waiting = waiting, []
    for div in root.iterfind('.//t:div[@type="document"]', NS):
        tei, text = shell()
        parent = etree.SubElement(text, "{http://www.tei-c.org/ns/1.0}body")
        for anc in reversed([a for a in div.iterancestors() if a.tag.endswith("}div")]):
            el = etree.SubElement(parent, anc.tag, {k: v for k, v in anc.attrib.items()})
            head = anc.find("t:head", NS)
            if head is not None:
                el.append(copy.deepcopy(head))
            parent = el
        parent.extend(copy.deepcopy(pb) for pb in before[div])
        parent.append(copy.deepcopy(div))
        etree.ElementTree(tei).write(str(folder / f"{div.get('n')}.xml"), encoding="UTF-8")
