"""Ingest with worker processes gives the very store one process gives."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings

from despatch.errors import InputError
from despatch.ingest import ingest_paths
from despatch.sample import SAMPLE_PATH
from despatch.search import SearchRequest, search
from despatch.store import Store

from .readers.test_tei_structure import _body as structure_body
from .readers.test_tei_structure import _numbered as numbered


def _contents(db):
    conn = sqlite3.connect(db)
    tables = {
        "documents": "SELECT id, volume, seq, number, subtype, title, date_min, date_max, json "
        "FROM documents ORDER BY seq",
        "volumes": "SELECT id, title, source, doc_count, json FROM volumes",
        "persons": "SELECT * FROM persons ORDER BY volume, id",
        "terms": "SELECT * FROM terms ORDER BY volume, id",
        "sections": "SELECT * FROM sections ORDER BY volume, seq",
        "mentions": "SELECT * FROM mentions ORDER BY document, kind, ref",
        "links": "SELECT source, target, type, evidence, confidence FROM links "
        "ORDER BY source, target, type",
    }
    out = {name: conn.execute(sql).fetchall() for name, sql in tables.items()}
    conn.close()
    return out


def _refused(tmp_path, path, jobs: int = 0) -> InputError:
    """The error ingesting ``path`` into a store holding the sample, which must be left
    exactly as it was."""
    with Store(tmp_path / "x.db") as store:
        ingest_paths(store, [SAMPLE_PATH])
        before = _contents(tmp_path / "x.db")
        with pytest.raises(InputError) as err:
            ingest_paths(store, [path], jobs=jobs, parallel_from_bytes=0)
    assert _contents(tmp_path / "x.db") == before
    return err.value


@pytest.mark.parametrize("jobs", [1, 3])
def test_workers_write_the_same_store_as_one_process(tmp_path, jobs):
    with Store(tmp_path / "one.db") as one:
        a = ingest_paths(one, [SAMPLE_PATH])
        hits_one = search(one, SearchRequest(q='"Memorandum of Understanding"'))
    with Store(tmp_path / "many.db") as many:
        b = ingest_paths(many, [SAMPLE_PATH], jobs=jobs, parallel_from_bytes=0)
        hits_many = search(many, SearchRequest(q='"Memorandum of Understanding"'))
    assert a.to_json() | {"seconds": 0} == b.to_json() | {"seconds": 0}
    assert a.documents > 32  # more than two batches: the workers take turns
    assert _contents(tmp_path / "one.db") == _contents(tmp_path / "many.db")
    assert [h.id for h in hits_one.hits] == [h.id for h in hits_many.hits]


@settings(max_examples=6, deadline=None, suppress_health_check=list(HealthCheck))
@given(body=structure_body())
def test_workers_write_the_same_store_for_any_volume_structure(body, tmp_path_factory):
    """Nested divisions with and without ids, notes in their headings, page breaks between
    documents: two workers taking turns (batches of 16) write what one process writes."""
    body += '<div type="document"><head>Last</head><p>Text.</p></div>'
    copies = -(-40 // body.count('<div type="document"'))  # 40 documents at least
    folder = tmp_path_factory.mktemp("workers")
    volume = folder / "v.xml"
    volume.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="v"><teiHeader/><text><body>'
        f"{numbered(body * copies)}</body></text></TEI>",
        encoding="utf-8",
    )
    for jobs in (0, 2):
        with Store(folder / f"{jobs}.db") as store:
            ingest_paths(store, [volume], jobs=jobs, parallel_from_bytes=0)
    assert _contents(folder / "0.db") == _contents(folder / "2.db")


def test_a_worker_error_reaches_the_caller_and_the_store_is_unchanged(tmp_path):
    broken = tmp_path / "broken.xml"
    text = SAMPLE_PATH.read_text(encoding="utf-8")
    cut = text.index('<div type="document"', len(text) // 2)
    broken.write_text(text[:cut] + "<p>unclosed <hi>tag</p>" + text[cut:], encoding="utf-8")
    err = _refused(tmp_path, broken, jobs=2)
    assert str(err).startswith(f"{broken}:") and "not well-formed" in str(err)
    assert err.path == str(broken) and err.line


@pytest.mark.parametrize("jobs", [0, 1])
def test_tei_without_documents_is_an_error_and_writes_nothing(tmp_path, jobs):
    """Another edition's markup (letters as <div type="letter">) is not read as an empty
    volume: the file is named, and the store keeps what it had."""
    letters = tmp_path / "letters.xml"
    letters.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="adams"><teiHeader/><text><body>'
        '<div type="letter"><head>John Adams to Abigail Adams</head><p>My dearest friend.</p>'
        "</div></body></text></TEI>",
        encoding="utf-8",
    )
    err = _refused(tmp_path, letters, jobs)
    assert str(err) == f'{letters}: no documents: none of its divisions is a <div type="document">'


def test_progress_counts_the_documents_then_names_the_writing_s_phases(empty_store):
    calls = []
    ingest_paths(empty_store, [SAMPLE_PATH], progress=lambda source, n: calls.append((source, n)))
    source = str(SAMPLE_PATH)
    assert calls[:2] == [(source, 1), (source, 2)]
    # after the last document, the volume-wide work and the commit, which take a while on a
    # large volume, say so instead of leaving the count standing still
    assert calls[-3:] == [(source, 40), (f"{source} (linking)", 40), (f"{source} (committing)", 40)]


def _chapters_numbered_from_one(volume_id: str) -> str:
    chapters = "".join(
        f'<div type="chapter" xml:id="ch{c}"><head>Chapter {c}</head>'
        + "".join(
            f'<div type="document" n="{n}"><head>{n}. Letter {c}-{n}</head>'
            f"<p>text of chapter {c} letter {n}</p></div>"
            for n in (1, 2)
        )
        + "</div>"
        for c in (1, 2)
    )
    return (
        f'<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="{volume_id}"><text><body>'
        f"{chapters}</body></text></TEI>"
    )


@pytest.mark.parametrize("jobs", [0, 2])
def test_numbers_that_start_again_in_each_chapter_are_all_kept(tmp_path, jobs):
    """Documents without ids whose numbers repeat (numbering that starts again in each
    chapter) were given the same id: the store kept the last, the index both."""
    path = tmp_path / "letters.xml"
    path.write_text(_chapters_numbered_from_one("letters"), encoding="utf-8")
    with Store(tmp_path / "x.db") as store:
        assert ingest_paths(store, [path], jobs=jobs, parallel_from_bytes=0).documents == 4
        docs = list(store.records.documents("letters"))
        assert [(d.number, d.title) for d in docs] == [
            ("1", "Letter 1-1"),
            ("2", "Letter 1-2"),
            ("1", "Letter 2-1"),
            ("2", "Letter 2-2"),
        ]
        assert len({d.id for d in docs}) == 4
        volume = store.records.volume("letters")
        assert [div.documents for div in volume.divisions] == [["d1", "d2"], ["doc3", "doc4"]]
        hits = search(store, SearchRequest(q='"chapter 2 letter 1"')).hits
        assert [h.id for h in hits] == ["letters/doc3"]


def test_two_documents_with_one_id_are_an_error_and_write_nothing(tmp_path):
    """Split files whose documents share an id (each file's own xml:id): the second would
    replace the first. The store keeps what it had."""
    folder = tmp_path / "split"
    folder.mkdir()
    for k, title in enumerate(["First", "Second"]):
        (folder / f"file{k}.xml").write_text(
            '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="vol"><text><body>'
            f'<div type="document" n="{k + 1}" xml:id="d1"><head>{title}</head><p>x</p></div>'
            "</body></text></TEI>",
            encoding="utf-8",
        )
    err = _refused(tmp_path, folder)
    first, second = sorted(folder.iterdir())
    assert str(err) == f"{second}: document vol/d1 is in this file and in {first}"


def test_two_copies_of_one_file_name_are_an_error_and_write_nothing(tmp_path, seed_text):
    """A copy's volume is named by its file: "a/copy.txt" and "b/copy.txt" would be one
    volume, the second replacing the first (and a copy named as an edition, the edition)."""
    for folder, number in (("a", "301"), ("b", "302")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "copy.txt").write_text(
            seed_text.replace("301.", f"{number}.", 1), encoding="utf-8"
        )
    a, b = tmp_path / "a" / "copy.txt", tmp_path / "b" / "copy.txt"
    named = tmp_path / "frus1964-68v29p2.txt"
    named.write_text(seed_text, encoding="utf-8")
    with Store(tmp_path / "x.db") as store:
        for paths, message in [
            ([tmp_path / "a", tmp_path / "b"], f"{b}: {a} is volume 'copy' too"),
            ([SAMPLE_PATH, named], f"{named}: {SAMPLE_PATH} is volume 'frus1964-68v29p2' too"),
        ]:
            with pytest.raises(InputError) as err:
                ingest_paths(store, paths)
            assert str(err.value) == message + ": rename one of the two files"
            assert store.records.counts()["documents"] == 0
        # in a later run too: a copy does not replace the edition it is named as
        ingest_paths(store, [SAMPLE_PATH, a])
        with pytest.raises(InputError) as err:
            ingest_paths(store, [named])
        assert str(err.value) == (
            f"{named}: the store's volume 'frus1964-68v29p2' is an edition (read from "
            f"{SAMPLE_PATH}), which this copy would replace: rename the file"
        )
        assert store.records.counts()["documents"] == 41
        ingest_paths(store, [b])  # another copy of a copy's name replaces it, as re-ingest does
        assert store.records.document("copy/d302") and store.records.counts()["documents"] == 41


def test_a_script_without_the_main_guard_is_told_what_to_add(tmp_path):
    """Workers are spawned: each imports the calling script again. A script that calls
    ingest at its top level gets an error that says what to do, not only an exit code."""
    import subprocess
    import sys

    script = tmp_path / "ingest_it.py"
    script.write_text(
        "from despatch.ingest import ingest_paths\n"
        "from despatch.sample import SAMPLE_PATH\n"
        "from despatch.store import Store\n"
        f"with Store({str(tmp_path / 'x.db')!r}) as store:\n"
        "    ingest_paths(store, [SAMPLE_PATH], jobs=1, parallel_from_bytes=0)\n",
        encoding="utf-8",
    )
    run = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120)
    assert run.returncode != 0
    last = run.stderr.strip().splitlines()[-1]
    assert last.startswith("despatch.errors.StoreError: an ingest worker stopped unexpectedly")
    assert 'needs its code under `if __name__ == "__main__":`' in last


_UNTAGGED = (
    '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="{vol}"><teiHeader/><text>{front}<body>'
    '<div type="document" n="1" xml:id="d1" frus:doc-dateTime-min="1965-03-01T00:00:00" '
    'xmlns:frus="http://history.state.gov/frus/ns/1.0"><head>Memorandum for the Record</head>'
    "<p>Johnson agreed with Secretary Rusk that the talks should go on.</p></div>"
    "</body></text></TEI>"
)


def _people(store, doc_id):
    return sorted(
        (m.ref, m.offset) for m in store.records.document(doc_id).marks if m.type == "person"
    )


@pytest.mark.parametrize("jobs", [0, 1])
def test_an_edition_links_names_against_its_own_glossary(own_sample_store, tmp_path, jobs):
    """The sample store lists four Johnsons; this volume's editors list one, and no Rusk."""
    path = tmp_path / "vown.xml"
    front = (
        '<front><div xml:id="persons"><list><item><persName xml:id="p_JLB1">Johnson, Lyndon '
        "Baines</persName>, President of the United States</item></list></div></front>"
    )
    path.write_text(_UNTAGGED.format(vol="vown", front=front))
    ingest_paths(own_sample_store, [path], jobs=jobs, parallel_from_bytes=0)
    assert _people(own_sample_store, "vown/d1") == [("p_JLB1", 0)]


@pytest.mark.parametrize("jobs", [0, 1])
def test_input_without_a_glossary_links_against_the_store(own_sample_store, tmp_path, jobs):
    path = tmp_path / "vbare.xml"
    path.write_text(_UNTAGGED.format(vol="vbare", front=""))
    ingest_paths(own_sample_store, [path], jobs=jobs, parallel_from_bytes=0)
    # "Johnson" alone is any of the sample volume's four; "Secretary Rusk" is one person
    assert _people(own_sample_store, "vbare/d1") == [("frus1964-68v29p2/p_RD3", 30)]
    # whom the search's person facet and filter know by name
    found = search(own_sample_store, SearchRequest(volume="vbare", person="Dean Rusk"))
    assert [h.id for h in found.hits] == ["vbare/d1"]
    assert found.facets["person"] == [("Dean Rusk", 1)]


def _a_1967_volume_listing_rusk(tmp_path):
    later = tmp_path / "vlater.xml"
    front = (
        '<front><div xml:id="persons"><list><item><persName xml:id="p_RD3">Rusk, Dean'
        "</persName>, Secretary of State</item></list></div></front>"
    )
    later.write_text(
        _UNTAGGED.format(vol="vlater", front=front).replace("1965-03-01", "1967-06-01")
    )
    return later


def test_a_dated_copy_links_to_the_glossary_of_the_volume_of_its_date(own_sample_store, tmp_path):
    """The sample volume's documents are of 1964–1965; another volume, of 1967, lists Rusk
    too. A copy of 1967 links him to that volume's entry, one of 1964 to the sample's."""
    later = _a_1967_volume_listing_rusk(tmp_path)
    copies = tmp_path / "copies.txt"
    copies.write_text(
        "1. Memorandum for the Record\n\nWashington, June 5, 1967.\n\nSecretary Rusk agreed.\n\n"
        "2. Memorandum for the Record\n\nWashington, June 5, 1964.\n\nSecretary Rusk agreed.\n",
        encoding="utf-8",
    )
    ingest_paths(own_sample_store, [later, copies])
    assert _people(own_sample_store, "copies/d1") == [("vlater/p_RD3", 10)]
    assert _people(own_sample_store, "copies/d2") == [("frus1964-68v29p2/p_RD3", 10)]


def test_copies_of_one_ingest_are_linked_against_every_edition_in_it(own_sample_store, tmp_path):
    """Editions are written first, whatever the order given; the copies, linked against one
    name index of the store's glossaries, all know them."""
    text = "1. Memorandum for the Record\n\nWashington, June 5, 1967.\n\nSecretary Rusk agreed.\n"
    first, second = tmp_path / "first.txt", tmp_path / "second.txt"
    first.write_text(text, encoding="utf-8")
    second.write_text(text.replace("Rusk", "Reischauer"), encoding="utf-8")
    later = _a_1967_volume_listing_rusk(tmp_path)
    summary = ingest_paths(own_sample_store, [first, later, second])
    assert summary.volumes == ["vlater", "first", "second"]
    assert _people(own_sample_store, "first/d1") == [("vlater/p_RD3", 10)]
    # Reischauer is only in the sample volume's glossary
    assert _people(own_sample_store, "second/d1") == [("frus1964-68v29p2/p_REO1", 10)]
