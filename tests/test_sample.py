"""The bundled sample is what the package's excerpt code makes of the shared volume."""

from __future__ import annotations

from lxml import etree

from despatch.sample import SAMPLE_PATH, make_excerpt

from .conftest import VOLUME, needs_shared


@needs_shared
def test_bundled_sample_is_the_excerpt_the_code_makes(tmp_path):
    made = tmp_path / "excerpt.xml"
    assert make_excerpt(VOLUME, made, documents=40) == 40
    assert made.read_bytes() == SAMPLE_PATH.read_bytes()


def test_sample_keeps_no_page_break_of_a_document_left_out():
    ns = {"t": "http://www.tei-c.org/ns/1.0"}
    body = etree.parse(str(SAMPLE_PATH)).getroot().find("t:text/t:body", ns)
    docs = body.findall('.//t:div[@type="document"]', ns)
    assert len(docs) == 40
    seen_last = False
    for el in body.iter():
        if el is docs[-1]:
            seen_last = True
        elif seen_last and el.tag.endswith("}pb"):
            assert any(a is docs[-1] for a in el.iterancestors()), el.get("n")
