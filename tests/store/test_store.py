"""The store on real database files: round trip, idempotency, atomicity, index consistency."""

from __future__ import annotations

import html
import json
import sqlite3

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from despatch.errors import InputError, StoreError
from despatch.ingest import ingest_paths
from despatch.model import Block, DocDate, Document, Mark, Note, PageBreak
from despatch.sample import SAMPLE_PATH
from despatch.search import SearchRequest, search
from despatch.store import Store
from despatch.store.index import analyze
from despatch.store.schema import MIGRATIONS, SCHEMA_VERSION


def test_round_trip_keeps_document_json(empty_store, sample_docs):
    ingest_paths(empty_store, [SAMPLE_PATH])
    vol, docs = sample_docs
    for doc in docs:
        stored = empty_store.records.document(doc.id)
        assert stored.blocks == doc.blocks and stored.notes == doc.notes
        assert stored.pages == doc.pages and stored.title == doc.title
        assert Document.from_json(stored.to_json()).to_json() == stored.to_json()
    assert {p.id for p in empty_store.records.volume(vol.id).persons} == {p.id for p in vol.persons}


def test_snippets_are_cut_from_the_records_text(empty_store, sample_docs):
    """The index keeps no copy of the body: snippets come from the records, which hold the
    same text the index was given."""
    ingest_paths(empty_store, [SAMPLE_PATH])
    vol, docs = sample_docs
    texts = [*docs, *vol.sections]  # the preface, the sources ... are searched too
    ids = [d.id for d in texts]
    bodies = empty_store.records.body_texts([*(f"nope/d{k}" for k in range(600)), *ids])
    assert bodies == {  # asked for in chunks
        d.id: (d.plain_text(), "\n".join(n.text for n in d.notes)) for d in texts
    }
    assert empty_store.records.body_texts([]) == {}
    hits = search(empty_store, SearchRequest(q="Okinawa", facets=False, limit=50)).hits
    assert hits and all("<mark>Okinawa</mark>" in h.snippet_html for h in hits)
    for hit in hits:  # the marked words are in the document's text, in that order
        plain = hit.snippet_html.replace("<mark>", "").replace("</mark>", "").strip("…")
        assert html.unescape(plain) in bodies[hit.id][0]
    stored = empty_store.index.searcher().search(
        empty_store.index.index.parse_query(" ".join(analyze("Okinawa")), ["body"]), 1
    )
    (_, addr), *_ = stored.hits
    kept = empty_store.index.searcher().doc(addr).to_dict()
    assert "body" not in kept and "title" not in kept  # only the title as printed is
    assert kept["title_text"][0].decode() in {d.title for d in texts}


V = "frus1964-68v29p2"


@pytest.mark.parametrize(
    "target,location",
    [
        (f"{V}/d14", f"{V}/d14"),
        (f"{V}/d14#fn3", f"{V}/d14"),  # a note of a document: that document
        (f"{V}/pg_5", f"{V}/d6"),  # page 5 begins inside document 6
        (f"{V}/pg_3", f"{V}/d5"),  # page 3 begins before document 5's heading
        (V, V),  # the whole volume
        (f"{V}/d999", None),  # not in the store
        (f"{V}/pg_9999", None),
        ("frus1961-63v22/d383#fn4", None),  # another volume, not ingested
        ("frus1961-63v22", None),
    ],
)
def test_cross_reference_targets_are_located(sample_store, target, location):
    assert sample_store.records.locate([target]).get(target) == location


def test_reingest_is_idempotent(empty_store):
    first = ingest_paths(empty_store, [SAMPLE_PATH])
    counts = empty_store.records.counts()
    hits = search(empty_store, SearchRequest(q="Okinawa", facets=False)).total
    second = ingest_paths(empty_store, [SAMPLE_PATH])
    assert first.documents == second.documents == 40
    assert empty_store.records.counts() == counts and counts["sections"] == 4
    assert search(empty_store, SearchRequest(q="Okinawa", facets=False)).total == hits
    assert empty_store.index.searcher().num_docs == 44  # and 4 sections


def test_failed_ingest_leaves_store_as_it_was(empty_store, tmp_path):
    ingest_paths(empty_store, [SAMPLE_PATH])
    before = empty_store.records.counts()
    broken = tmp_path / "broken.xml"
    text = SAMPLE_PATH.read_text(encoding="utf-8")
    cut = text.index('<div type="document" n="30"')
    broken.write_text(text[:cut] + "<p>unclosed", encoding="utf-8")  # same volume id
    with pytest.raises(InputError) as exc:
        ingest_paths(empty_store, [broken])
    assert str(broken) in exc.value.message
    assert empty_store.records.counts() == before
    assert empty_store.index.searcher().num_docs == 44  # and 4 sections
    assert search(empty_store, SearchRequest(q="Okinawa", facets=False)).total > 0


def test_index_is_rebuilt_when_it_disagrees_with_records(tmp_path):
    db = tmp_path / "d.db"
    with Store(db) as store:
        ingest_paths(store, [SAMPLE_PATH])
    (tmp_path / "d.db.index" / "GENERATION").write_text("-1")  # as after a crash
    with Store(db) as store:
        assert store.index.generation == store.generation
        assert store.index.searcher().num_docs == 44


@pytest.mark.parametrize(
    "damage", ["crash", "older format", "meta.json garbled", "segment cut short", "segment lost"]
)
def test_a_rebuild_reports_its_progress_and_leaves_a_working_index(tmp_path, damage):
    db = tmp_path / "d.db"
    with Store(db) as store:
        ingest_paths(store, [SAMPLE_PATH])
        expected = ids_and_total(store)
    with Store(db, rebuild_progress=lambda *a: pytest.fail("nothing to rebuild")):
        pass
    index = tmp_path / "d.db.index"
    segments = sorted(index.glob("*.term"))
    if damage == "crash":
        (index / "GENERATION").write_text("-1")
    elif damage == "older format":  # an index written by an earlier despatch: wiped, rebuilt
        (index / "SCHEMA").write_text("despatch-index-7")
    elif damage == "meta.json garbled":  # the index is derived: damaged, it is made again
        (index / "meta.json").write_text("garbage{")
    elif damage == "segment cut short":  # a new file: this process still maps the old one
        head = segments[0].read_bytes()[:100]
        segments[0].unlink()
        segments[0].write_bytes(head)
    else:
        segments[0].with_suffix(".store").unlink()
    calls: list[tuple[int, int]] = []
    with Store(db, rebuild_progress=lambda done, total: calls.append((done, total))) as store:
        assert calls[0] == (0, 44) and calls[-1] == (44, 44)
        assert [d for d, _ in calls] == sorted(d for d, _ in calls)
        # (scores may differ a little: an ingest leaves deleted copies of re-linked
        # documents in the index's statistics until a merge, a rebuild none)
        assert ids_and_total(store) == expected


def ids_and_total(store: Store) -> tuple[list[str], int]:
    result = search(store, SearchRequest(q="Okinawa reversion", limit=50))
    return [h.id for h in result.hits], result.total


def test_schema_version_and_pragmas(tmp_path):
    db = tmp_path / "d.db"
    Store(db).close()
    conn = sqlite3.connect(db)
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 5}")
    conn.commit()
    conn.close()
    with pytest.raises(StoreError, match=r"upgrade despatch"):
        Store(db)


def test_volumes_keep_the_span_of_their_dates_and_older_stores_get_it(tmp_path):
    db = tmp_path / "d.db"
    with Store(db) as store:
        ingest_paths(store, [SAMPLE_PATH])
        (vol,) = store.records.volumes()
        assert (vol["date_min"][:10], vol["date_max"][:10]) == ("1964-01-10", "1965-01-11")
        assert store.volume_years() == {"frus1964-68v29p2": (1964, 1965)}
    # a store of the schema before the spans (and the sections and numbers after them): the
    # migration fills the span in
    version = next(i for i, m in enumerate(MIGRATIONS) if "ADD COLUMN date_min" in m)
    conn = sqlite3.connect(db)
    conn.executescript(
        "ALTER TABLE volumes DROP COLUMN date_min; ALTER TABLE volumes DROP COLUMN date_max;"
        f"DROP TABLE sections; DROP TABLE serials; DROP TABLE citations;"
        f"PRAGMA user_version={version};"
    )
    conn.close()
    with Store(db) as store:
        assert store.volume_years() == {"frus1964-68v29p2": (1964, 1965)}


def test_store_path_that_is_a_folder(tmp_path):
    with pytest.raises(StoreError, match="is a folder"):
        Store(tmp_path)


_blocks = st.lists(
    st.builds(
        Block, st.sampled_from(["p", "item", "signed", "row"]), st.text(min_size=1, max_size=60)
    ),
    max_size=4,
)


@settings(max_examples=40, deadline=None)
@given(
    title=st.text(min_size=1, max_size=60),
    blocks=_blocks,
    n=st.one_of(st.none(), st.text(min_size=1, max_size=3)),
    when=st.dates(),
)
def test_document_json_round_trip(title, blocks, n, when):
    doc = Document(
        "v/d1",
        "v",
        "1",
        None,
        title,
        [Block("head", title), *blocks],
        notes=[Note(n, None, "note text", 0, len(title))],
        pages=[PageBreak("7", 0, 0)],
        marks=[Mark("date", 0, 1, block=0, when=when.isoformat())],
        date=DocDate(when.isoformat(), when.isoformat(), source="dateline"),
    )
    data = json.loads(json.dumps(doc.to_json()))
    assert Document.from_json(data).to_json() == doc.to_json()


def test_a_second_writer_gets_a_clear_error(tmp_path):
    with Store(tmp_path / "d.db") as store:
        first = store.index.writer()
        with pytest.raises(StoreError, match="being written by another process"):
            ingest_paths(store, [SAMPLE_PATH])
        first.rollback()
        del first


def test_a_volume_with_two_documents_of_one_id_is_refused_whole(empty_store):
    """Whatever the reader, the second would replace the first in the records and both
    would stay in the index: the volume is refused, and nothing is written."""
    from despatch.model import Volume
    from despatch.store import prepare_document

    docs = [
        Document("v/d1", "v", "1", None, t, [Block("head", t), Block("p", t)], seq=k)
        for k, t in enumerate(["First", "Second"], 1)
    ]
    with pytest.raises(InputError, match=r"^v\.xml: two documents have the id v/d1$"):
        empty_store.replace_volume(
            Volume("v"), [prepare_document(d, {}) for d in docs], source="v.xml"
        )
    assert empty_store.records.counts()["documents"] == 0
    assert empty_store.index.searcher().num_docs == 0


def test_a_second_ingest_while_one_writes_gets_a_clear_error(tmp_path, monkeypatch):
    import despatch.store.records as records

    db = tmp_path / "d.db"
    Store(db).close()
    other = sqlite3.connect(db)  # another process's ingest, mid-volume
    other.execute("BEGIN IMMEDIATE")
    monkeypatch.setattr(records, "BUSY_WAIT_S", 0.1)
    with Store(db) as store, pytest.raises(StoreError, match="being written by another process"):
        ingest_paths(store, [SAMPLE_PATH])
    other.rollback()
    other.close()
    with Store(db) as store:  # and once it has finished, the ingest goes through
        assert ingest_paths(store, [SAMPLE_PATH]).documents == 40


def test_a_rebuild_waits_for_an_ingest_between_its_two_commits(tmp_path):
    """An ingest marks the index out of step, commits it, then commits the records. A store
    opened in between must not rebuild from the records as they were before."""
    import threading

    db = tmp_path / "d.db"
    with Store(db) as store:
        ingest_paths(store, [SAMPLE_PATH])
        generation = store.generation
    (tmp_path / "d.db.index" / "GENERATION").write_text("-1")  # the ingest, mid-commit
    ingest = sqlite3.connect(db)
    ingest.execute("BEGIN IMMEDIATE")
    opened: list[Store] = []
    opening = threading.Thread(target=lambda: opened.append(Store(db)))
    opening.start()
    opening.join(0.5)
    assert opening.is_alive()  # waiting for the records' commit
    ingest.execute(
        "UPDATE meta SET value = ? WHERE key = 'index_generation'", (str(generation + 1),)
    )
    ingest.commit()
    ingest.close()
    opening.join(10)
    (store,) = opened
    assert store.generation == store.index.generation == generation + 1
    assert store.index.searcher().num_docs == 44
    store.close()


def test_older_stores_get_who_wrote_and_received_each_document(tmp_path):
    db = tmp_path / "d.db"
    with Store(db) as store:
        ingest_paths(store, [SAMPLE_PATH])
    query = "SELECT document, kind, ref FROM mentions WHERE kind IN ('from', 'to', 'participant')"
    conn = sqlite3.connect(db)
    written = sorted(conn.execute(query).fetchall())
    assert {k for _, k, _ in written} == {"from", "to", "participant"}
    # a store of the schema before: the migration reads them off the documents' JSON
    version = next(i for i, m in enumerate(MIGRATIONS) if "'$.from'" in m)
    conn.executescript(
        "DELETE FROM mentions WHERE kind IN ('from', 'to', 'participant');"
        f"PRAGMA user_version={version};"
    )
    conn.close()
    with Store(db) as store:
        assert sorted(tuple(r) for r in store.records.conn.execute(query)) == written
