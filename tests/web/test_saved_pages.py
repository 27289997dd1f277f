"""A page of the reading room, saved or copied by a reader, is input like any other: the
HTML reader reads it back as the document it shows."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from despatch.readers.html import read_html
from despatch.web.app import create_app

from .test_app import V


@pytest.fixture()
def client(sample_store):
    return TestClient(create_app(sample_store))


def _comparable(doc):
    return (
        [(b.type, b.text) for b in doc.blocks],
        [(n.n, n.text, n.block, n.offset) for n in doc.notes],
        [(p.n, p.block, p.offset) for p in doc.pages],
    )


@pytest.mark.parametrize("q", [None, "Japan"])  # a page opened from a search, words marked
def test_every_document_page_reads_back_as_its_document(client, sample_store, q):
    docs = list(sample_store.records.documents(V))
    same = []
    for doc in docs:
        local = doc.id.partition("/")[2]
        html = client.get(f"/documents/{V}/{local}", params={"q": q} if q else {}).text
        (read,) = read_html(html, stem=V)
        same.append(_comparable(read) == _comparable(doc))
    assert all(same), [d.id for d, ok in zip(docs, same, strict=True) if not ok]
