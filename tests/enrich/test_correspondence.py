"""Who writes to whom, and messages cited by their numbers, as volumes of every period print
them: modern headings ("Telegram From the Embassy in Japan to …") and telegram numbers
("your 2541", "Deptel 376") from the Japan volume; older headings ("Mr. Fish to Mr. Motley.",
"The Ambassador in Japan (Grew) to the Secretary of State") and despatch numbers ("your
despatch No. 45, of the 3d instant") from a volume written here in the markup and wording of
the nineteenth-century volumes, which ../shared does not have."""

from __future__ import annotations

import datetime as dt

import pytest

from despatch.enrich.citations import citing_numbers_of
from despatch.enrich.parties import addressed, parties_from_heading, party_name
from despatch.enrich.serials import cited_numbers, own_number
from despatch.ingest import ingest_paths
from despatch.sample import SAMPLE_PATH
from despatch.search import SearchRequest, search
from despatch.store import Store

from ..conftest import VOLUME, needs_shared


@pytest.mark.parametrize(
    "title,writer,reader",
    [
        ("Mr. Fish to Mr. Motley.", "Mr. Fish", "Mr. Motley"),
        ("Sir Edward Thornton to Mr. Fish.—[Extract.]", "Sir Edward Thornton", "Mr. Fish"),
        ("Count Bismarck to Baron Gerolt.", "Count Bismarck", "Baron Gerolt"),
        ("Señor Romero to Mr. Seward.", "Señor Romero", "Mr. Seward"),
        ("The Marquis of Salisbury to Mr. White.", "The Marquis of Salisbury", "Mr. White"),
        (
            "The Ambassador in Japan (Grew) to the Secretary of State",
            "The Ambassador in Japan (Grew)",
            "the Secretary of State",
        ),
        (
            "The Consul General at Shanghai (Cunningham) to the Secretary of State",
            "The Consul General at Shanghai (Cunningham)",
            "the Secretary of State",
        ),
        (
            "The Japanese Embassy to the Department of State",
            "The Japanese Embassy",
            "the Department of State",
        ),
        ("President Roosevelt to Chiang Kai-shek", "President Roosevelt", "Chiang Kai-shek"),
        ("The Tsungli Yamên to Mr. Conger.", "The Tsungli Yamên", "Mr. Conger"),
        ("Viceroy Li Hung-chang to Mr. Conger.", "Viceroy Li Hung-chang", "Mr. Conger"),
        (
            "Memorandum by the Secretary of State to President Truman",
            "the Secretary of State",
            "President Truman",
        ),
        (
            "Memorandum by the Assistant Secretary of State (Berle)",
            "the Assistant Secretary of State (Berle)",
            None,
        ),
        # modern headings name the genre
        (
            "Telegram From the Embassy in Japan to the Department of State",
            "the Embassy in Japan",
            "the Department of State",
        ),
        # an office named for where it is sent: its "to" is no reader's
        (
            "Backchannel Message From the Ambassador to Vietnam (Bunker) to the President's "
            "Assistant for National Security Affairs (Kissinger)",
            "the Ambassador to Vietnam (Bunker)",
            "the President's Assistant for National Security Affairs (Kissinger)",
        ),
        (
            "Telegram From the Mission to the United Nations to the Department of State",
            "the Mission to the United Nations",
            "the Department of State",
        ),
        (
            "Memorandum From the Assistant to the President for National Security Affairs "
            "(Kissinger) to President Nixon",
            "the Assistant to the President for National Security Affairs (Kissinger)",
            "President Nixon",
        ),
        (
            "Memorandum From Secretary of State Vance to the Ambassador to the Soviet Union (Toon)",
            "Secretary of State Vance",
            "the Ambassador to the Soviet Union (Toon)",
        ),
        # headings that name nobody
        ("Notes of a Meeting to Discuss Laos", None, None),
        ("The Road to War", None, None),
        ("Report to the National Security Council", None, None),
        ("Instructions to the Delegation", None, None),
        ("Address by President Kennedy to the Nation", None, None),
        ("Editorial Note", None, None),
    ],
)
def test_parties_from_headings_of_every_period(title, writer, reader):
    assert parties_from_heading(title) == (writer, reader)


@pytest.mark.parametrize(
    "title,letter",
    [
        ("Mr. Fish to Mr. Motley.", True),
        ("The Ambassador in Japan (Grew) to the Secretary of State", True),
        ("Memorandum by the Assistant Secretary of State (Berle)", False),  # no reader
        ("Telegram From the Embassy in Japan to the Department of State", False),  # has a genre
        ("The Road to War", False),
    ],
)
def test_a_heading_of_parties_alone_is_a_letter(title, letter):
    assert addressed(title) is letter


@pytest.mark.parametrize(
    "phrase,name",
    [
        ("Mr. Fish", "Fish"),
        ("Secretary of State Rusk", "Rusk"),
        ("Soviet General Secretary Brezhnev", "Brezhnev"),  # the seed's writer
        ("The Ambassador in Japan (Grew)", "Grew"),
        ("Chiang Kai-shek", "Chiang Kai-shek"),
        # the family name first, as older volumes print Chinese and Korean names
        ("Mr. Wu Ting-fang", "Wu"),
        ("Viceroy Li Hung-chang", "Li"),
        ("Dr. Sun Yat-sen", "Sun"),
        ("Mr. Lloyd-George", "Lloyd-George"),
        ("Sir Julian Pauncefote", "Pauncefote"),
        # and as later volumes print them, and Korean names
        ("Chairman Mao Zedong", "Mao"),
        ("Premier Zhou Enlai", "Zhou"),
        ("President Park Chung Hee", "Park"),
        ("Prime Minister Lee Kuan Yew", "Lee"),
        ("President Nguyen Van Thieu", "Thieu"),  # Vietnamese names: the given name
        ("Soviet Ambassador Dobrynin", "Dobrynin"),
        # a person of an office: the person
        ("Robert Hormats of the National Security Council Staff", "Hormats"),
        ("Alfred Jenkins of the National Security Council Staff", "Jenkins"),
        ("The Marquis of Salisbury", "the Marquis of Salisbury"),
        # an office: one spelling whether it opens the heading or follows "to"
        ("The Secretary of State", "the Secretary of State"),
        ("the Secretary of State", "the Secretary of State"),
    ],
)
def test_party_names(phrase, name):
    assert party_name(phrase) == name


@pytest.mark.parametrize(
    "opening,number",
    [
        (
            [
                {"type": "dateline", "text": "Tokyo, May 4, 1965."},
                {"type": "p", "text": "2541. For Secretary."},
            ],
            "2541",
        ),
        ([{"type": "p", "text": "Secto 25. This message based on uncleared memcon."}], "Secto 25"),
        (
            [
                {"type": "p", "text": "[Received May 4—9:22 a.m.]"},
                {"type": "p", "text": "345. Our 1200."},
            ],
            "345",
        ),
        (
            [
                {"type": "p", "text": "No. 45.]"},
                {"type": "dateline", "text": "London, March 3, 1870."},
            ],
            "45",
        ),
        ([{"type": "dateline", "text": "No. 123.] Legation of the United States, Peking"}], "123"),
        ([{"type": "p", "text": "Dear Dean: In our recent exchange of letters"}], None),
        ([{"type": "p", "text": "Para 3. The Prime Minister"}], None),
        ([None, None], None),
        # paragraphs numbered from one are not the message's number
        ([{"type": "p", "text": "1. Summary."}, {"type": "p", "text": "2. The talks."}], None),
        ([{"type": "p", "text": "1. Summary."}, {"type": "p", "text": "Text."}], "1"),
    ],
)
def test_the_number_a_message_carries(opening, number):
    assert own_number(opening) == number


@pytest.mark.parametrize(
    "title,number",
    [
        ("Telegram From the Embassy in Japan to the Department of State", "12"),
        ("Mr. Fish to Mr. Motley.", "12"),
        # a letter or memorandum opening with a numbered paragraph carries no number
        ("Letter From Secretary of Defense McNamara to Secretary of State Rusk", None),
        ("Memorandum From the Executive Secretary (Smith) to President Johnson", None),
        ("Action Memorandum From Bundy to Rusk", None),
    ],
)
def test_only_messages_carry_a_number_in_their_first_paragraph(title, number):
    assert own_number([{"type": "p", "text": "12. We agree."}], title) == number
    # a number printed above the place is a number whatever the heading
    assert own_number([{"type": "p", "text": "No. 45.]"}], title) == "45"


@pytest.mark.parametrize(
    "text,cited",
    [
        (
            "Ref: Deptel 2485. See Embtels 3856 and 3870.",
            [
                ("Deptel 2485", "2485", "dep"),
                ("Embtels 3856", "3856", "emb"),
                ("3870", "3870", "emb"),
            ],
        ),
        (
            "Your 345, May 4, 6 p.m. Our 1200.",
            [("Your 345", "345", "your"), ("Our 1200", "1200", "my")],
        ),
        (
            "I have received your despatch No. 45, of the 3d instant.",
            [("your despatch No. 45", "45", "your")],
        ),
        ("Department's telegram 1234 said so", [("Department's telegram 1234", "1234", "dep")]),
        # the 1940s: "Department's 567, September 5, 9 p.m.", "no." in lower case
        (
            "1412. Department's 567, September 5, 9 p.m., and my no. 1398",
            [("Department's 567", "567", "dep"), ("my no. 1398", "1398", "my")],
        ),
        ("Embassy's telegram no. 88 of today", [("Embassy's telegram no. 88", "88", "emb")]),
        ("There is no. 5 here", []),
        # a curly apostrophe, a telegram's capitals
        ("Embassy’s 1234, September 5", [("Embassy’s 1234", "1234", "emb")]),
        ("Department’s telegram 88", [("Department’s telegram 88", "88", "dep")]),
        (
            "REF: DEPTEL 2485 AND EMBTEL 3870.",
            [("DEPTEL 2485", "2485", "dep"), ("EMBTEL 3870", "3870", "emb")],
        ),
        # a citation saying whose by where from or on what day
        (
            "At Tab B are telegram 271 from Tokyo, July 15, summarizing",
            [("telegram 271", "271", None)],
        ),
        ("in his telegram 637 of August 20, (Tab C).", [("his telegram 637", "637", None)]),
        # numbers that cite nothing, or say too little to find what they cite
        ("our 2 countries and your 3 telegrams and our 50 percent and your 3 p.m. meeting", []),
        ("telegram 123 says; his telegram 637 too", []),
    ],
)
def test_numbers_cited_in_text(text, cited):
    found = cited_numbers(text, dt.date(1964, 8, 25))
    assert [(text[c.offset : c.offset + c.length], c.number, c.whose) for c in found] == cited


def test_a_day_and_a_place_qualify_a_citation():
    (c,) = cited_numbers(
        "At Tab B are telegram 271 from Tokyo, July 15, summarizing", dt.date(1967, 8, 7)
    )
    assert (c.place, c.day) == ("Tokyo", "1967-07-15")
    (c,) = cited_numbers("your despatch No. 45, of the 3d instant", dt.date(1870, 3, 19))
    assert c.day == "1870-03-03"


def _links(store: Store, doc_id: str) -> list[tuple[str, str]]:
    return [(lk.type, lk.target) for lk in store.records.document(doc_id).links]


def _refs(store: Store, doc_id: str) -> list[tuple[str, str]]:
    doc = store.records.document(doc_id)
    out = []
    for m in doc.marks:
        if m.type == "ref" and m.source == "detected" and m.target:
            text = doc.blocks[m.block].text if m.block is not None else doc.notes[m.note].text
            out.append((text[m.offset : m.offset + m.length], m.target))
    return out


def test_a_telegram_answering_another_by_its_number(sample_store):
    """Document 11 (the Department to Tokyo): "Re your 2541." Document 10 is telegram 2541."""
    v = "frus1964-68v29p2"
    assert ("reply-to", f"{v}/d10") in _links(sample_store, f"{v}/d11")
    assert ("replied-by", f"{v}/d11") in _links(sample_store, f"{v}/d10")
    assert ("your 2541", f"{v}/d10") in _refs(sample_store, f"{v}/d11")
    # Document 33 (a memorandum): "his telegram 637 of August 20" is Document 22
    assert ("his telegram 637", f"{v}/d22") in _refs(sample_store, f"{v}/d33")
    # Deptel 376 and Embtel 367 (in Document 22) are not printed: nothing is made of them
    assert not _refs(sample_store, f"{v}/d22")


@needs_shared
def test_an_editors_note_citing_a_telegram_by_number(empty_store):
    """Document 91's note 2: "telegram 271 from Tokyo, July 15" is Document 88."""
    ingest_paths(empty_store, [VOLUME])
    v = "frus1964-68v29p2"
    assert ("telegram 271", f"{v}/d88") in _refs(empty_store, f"{v}/d91")


_DESPATCH = """
<div type="document" xml:id="d{n}" n="{n}" subtype="historical-document"
     frus:doc-dateTime-min="{day}T00:00:00" frus:doc-dateTime-max="{day}T23:59:59">
  <head>{head}</head>
  <opener>{number}
    <dateline rendition="#right">{place}, <date when="{day}">{printed}</date>.</dateline>
  </opener>
  <p>{text}</p>
  <closer><salute>I have the honor to be, sir, your obedient servant,</salute>
    <signed>{signed}</signed></closer>
</div>"""


def _nineteenth_century_volume(path):
    """Six letters of 1870 as the volumes of the period print them: despatches numbered above
    the place, headings naming only the parties, replies citing "the 3d instant"."""
    legation, department = (
        "Legation of the United States, London",
        "Department of State, Washington",
    )
    letters = [
        (
            "Mr. Motley to Mr. Fish.",
            "No. 45.]",
            legation,
            "1870-03-03",
            "March 3, 1870",
            "Sir: I have the honor to inform you that Lord Clarendon received me today.",
            "J. L. MOTLEY.",
        ),
        (
            "Mr. Fish to Mr. Motley.",
            "No. 12.]",
            department,
            "1870-03-19",
            "March 19, 1870",
            "Sir: I have received your despatch No. 45, of the 3d instant, reporting it.",
            "HAMILTON FISH.",
        ),
        (
            "Mr. Fish to Mr. Motley.",
            "No. 14.]",
            department,
            "1870-03-25",
            "March 25, 1870",
            "Sir: Referring to my No. 12, of the 19th instant, the President approves your course.",
            "HAMILTON FISH.",
        ),
        (
            "Mr. Motley to Mr. Fish.",
            "No. 51.]",
            legation,
            "1870-04-02",
            "April 2, 1870",
            "Sir: I have the honor to acknowledge the receipt of your instruction of the 19th "
            "ultimo, and shall follow it.",
            "J. L. MOTLEY.",
        ),
        (
            "Mr. Fish to Sir Edward Thornton.",
            "",
            department,
            "1870-04-09",
            "April 9, 1870",
            "Sir: I have the honor to invite your attention to the case of the schooner Mary.",
            "HAMILTON FISH.",
        ),
        (
            "Sir Edward Thornton to Mr. Fish.",
            "",
            "Washington",
            "1870-04-12",
            "April 12, 1870",
            "Sir: In reply to your note of the 9th instant, Her Majesty's government will inquire.",
            "EDWD. THORNTON.",
        ),
    ]
    return _period_volume(path, "frus1870", "1870", letters)


def _period_volume(path, volume_id, year, letters, front=""):
    """A volume of letters written as the nineteenth century's volumes print them."""
    docs = "".join(
        _DESPATCH.format(
            n=i,
            head=head,
            number=f'<seg rendition="#left">{no}</seg>' if no else "",
            place=place,
            day=day,
            printed=printed,
            text=text,
            signed=signed,
        )
        for i, (head, no, place, day, printed, text, signed) in enumerate(letters, 1)
    )
    path.write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xmlns:frus="http://history.state.gov/frus/ns/1.0"'
        f' xml:id="{volume_id}"><teiHeader><fileDesc><titleStmt><title type="complete">Papers '
        f"Relating to the Foreign Relations of the United States, {year}</title></titleStmt>"
        "<publicationStmt><p/></publicationStmt><sourceDesc><p/></sourceDesc></fileDesc>"
        f'</teiHeader><text><front>{front}</front><body><div type="chapter" xml:id="ch1">'
        "<head>Great Britain</head>"
        f"{docs}</div></body></text></TEI>",
        encoding="utf-8",
    )
    return path


def test_a_nineteenth_century_correspondence(empty_store, tmp_path):
    ingest_paths(empty_store, [_nineteenth_century_volume(tmp_path / "frus1870.xml")])
    v = "frus1870"
    first = empty_store.records.document(f"{v}/d1")
    assert (first.sender, first.recipient) == (["Motley"], ["Fish"])
    # "your despatch No. 45, of the 3d instant": by its number and by its day, one link
    assert _links(empty_store, f"{v}/d2").count(("reply-to", f"{v}/d1")) == 1
    assert ("your despatch No. 45", f"{v}/d1") in _refs(empty_store, f"{v}/d2")
    assert ("replied-by", f"{v}/d2") in _links(empty_store, f"{v}/d1")
    # "my No. 12": the writer's own earlier instruction, seen, not answered
    assert _links(empty_store, f"{v}/d3") == [("see", f"{v}/d2")]
    # "your instruction of the 19th ultimo" has no number: the day and the parties find it
    assert ("reply-to", f"{v}/d2") in _links(empty_store, f"{v}/d4")
    # a note between the minister and the Secretary, "of the 9th instant"
    assert _links(empty_store, f"{v}/d6") == [("reply-to", f"{v}/d5")]
    second = empty_store.records.document(f"{v}/d2")
    days = [m.when for m in second.marks if m.type == "date" and m.source == "detected"]
    assert days == ["1870-03-03"]


def _year_end_volumes(tmp_path):
    """A despatch of December 1869 and its answer of January 1870, printed in two volumes:
    the answer cites it by number alone."""
    earlier = _period_volume(
        tmp_path / "frus1869.xml",
        "frus1869",
        "1869",
        [
            (
                "Mr. Motley to Mr. Fish.",
                "No. 40.]",
                "Legation of the United States, London",
                "1869-12-20",
                "December 20, 1869",
                'Sir: <persName corresp="#p_CL1">Lord Clarendon</persName> received me today.',
                "J. L. MOTLEY.",
            )
        ],
        front='<div xml:id="persons"><head>Persons</head><list><item><persName xml:id="p_CL1">'
        "Clarendon, Earl of</persName>, British Foreign Secretary</item></list></div>",
    )
    later = _period_volume(
        tmp_path / "frus1870.xml",
        "frus1870",
        "1870",
        [
            (
                "Mr. Fish to Mr. Motley.",
                "No. 3.]",
                "Department of State, Washington",
                "1870-01-10",
                "January 10, 1870",
                "Sir: Your No. 40 reached the Department and the President approves.",
                "HAMILTON FISH.",
            ),
        ],
    )
    return earlier, later


@pytest.mark.parametrize("order", ["earlier first", "later first"])
def test_a_reply_finds_its_despatch_in_another_volume_by_number(empty_store, tmp_path, order):
    earlier, later = _year_end_volumes(tmp_path)
    reply, answered = "frus1870/d1", "frus1869/d1"
    for path in [earlier, later] if order == "earlier first" else [later, earlier]:
        ingest_paths(empty_store, [path])
    assert _links(empty_store, reply) == [("reply-to", answered)]
    assert _links(empty_store, answered) == [("replied-by", reply)]
    assert _refs(empty_store, reply) == [("Your No. 40", answered)]
    _indexed_once(empty_store, answered, reply)
    # either volume ingested again: the same links, once each
    for path in (earlier, later, earlier, later):
        ingest_paths(empty_store, [path])
        assert _links(empty_store, reply) == [("reply-to", answered)]
        assert _links(empty_store, answered) == [("replied-by", reply)]
        assert _refs(empty_store, reply) == [("Your No. 40", answered)]
        _indexed_once(empty_store, answered, reply)


def _indexed_once(store, answered, reply):
    """Each document is indexed once, whichever volume wrote it last, with the names of its
    own volume's glossary."""
    for query, found in [("Clarendon", answered), ("approves", reply)]:
        hits = search(store, SearchRequest(query)).hits
        assert [h.id for h in hits] == [found]
    result = search(store, SearchRequest("Clarendon"))
    assert [name for name, _ in result.facets["person"]] == ["Earl of Clarendon"]


def test_the_seeds_parties_are_its_writer_and_reader(seed_text):
    from despatch.enrich import Enricher
    from despatch.model import Volume
    from despatch.readers.text import read_text

    (doc,) = read_text(seed_text, stem="frus1977-80v06")
    Enricher(Volume("frus1977-80v06"))(doc)
    assert (doc.sender, doc.recipient) == (["Brezhnev"], ["Carter"])


def test_a_copy_of_the_cited_telegram_does_not_take_the_link(empty_store, tmp_path):
    """Telegram 2541 printed in the edition and pasted as copied text into the store: the
    edition's Document 11 answers the edition's Document 10, whichever came in last."""
    from despatch.export.text import render_text
    from despatch.readers.tei import read_tei_volume

    _, docs = read_tei_volume(SAMPLE_PATH)
    copy = tmp_path / "a-copy.txt"
    copy.write_text(render_text(next(d for d in docs if d.number == "10")), encoding="utf-8")
    v = "frus1964-68v29p2"
    for paths in ([SAMPLE_PATH], [copy], [SAMPLE_PATH]):
        ingest_paths(empty_store, paths)
        assert ("reply-to", f"{v}/d10") in _links(empty_store, f"{v}/d11")
        assert ("your 2541", f"{v}/d10") in _refs(empty_store, f"{v}/d11")


def test_a_store_from_before_numbers_were_kept_is_numbered_at_the_next_ingest(
    empty_store, tmp_path
):
    """A store written by an older despatch (schema 5: no numbers kept) holding the 1869
    volume: ingesting the 1870 volume first numbers what the store holds, so the reply finds
    its despatch; the work is done once."""
    import sqlite3

    from despatch.store.schema import MIGRATIONS

    earlier, later = _year_end_volumes(tmp_path)
    ingest_paths(empty_store, [earlier])
    path = empty_store.path
    empty_store.close()
    conn = sqlite3.connect(path)
    version = next(i for i, m in enumerate(MIGRATIONS) if "CREATE TABLE serials" in m)
    conn.executescript(f"DROP TABLE serials; DROP TABLE citations; PRAGMA user_version={version};")
    conn.close()
    with Store(path) as store:
        assert store.records.get_meta("numbers_pending") == "1"
        ingest_paths(store, [later])
        assert _links(store, "frus1870/d1") == [("reply-to", "frus1869/d1")]
        assert _links(store, "frus1869/d1") == [("replied-by", "frus1870/d1")]
        assert store.records.get_meta("numbers_pending") is None
    with Store(tmp_path / "new.db") as store:  # a new store has nothing to number
        assert store.records.get_meta("numbers_pending") is None


def test_a_number_is_not_taken_from_a_message_years_away(empty_store, tmp_path):
    """Posts numbered afresh: a despatch No. 40 of ten years before is not the one a reply
    of 1870 means by "Your No. 40"; the one of December 1869 is, once its volume arrives."""
    earlier, later = _year_end_volumes(tmp_path)
    decade_before = _period_volume(
        tmp_path / "frus1860.xml",
        "frus1860",
        "1860",
        [
            (
                "Mr. Motley to Mr. Fish.",
                "No. 40.]",
                "Legation of the United States, London",
                "1860-12-20",
                "December 20, 1860",
                "Sir: An older despatch of that number.",
                "J. L. MOTLEY.",
            )
        ],
    )
    ingest_paths(empty_store, [decade_before, later])
    assert _links(empty_store, "frus1870/d1") == []
    # nor is the reply read again for every volume carrying a No. 40
    assert citing_numbers_of("frus1860", empty_store.records) == []
    ingest_paths(empty_store, [earlier])
    assert _links(empty_store, "frus1870/d1") == [("reply-to", "frus1869/d1")]
    assert _links(empty_store, "frus1860/d1") == []
    assert citing_numbers_of("frus1869", empty_store.records) == ["frus1870/d1"]


def test_a_number_from_another_writer_does_not_reread_the_citation(empty_store, tmp_path):
    """Minister Washburne's despatch No. 40 of the same month is not what Fish's "Your No.
    40" to Motley means: it is neither linked nor a reason to read the reply again."""
    _, later = _year_end_volumes(tmp_path)
    paris = _period_volume(
        tmp_path / "frus1869b.xml",
        "frus1869b",
        "1869",
        [
            (
                "Mr. Washburne to Mr. Fish.",
                "No. 40.]",
                "Legation of the United States, Paris",
                "1869-12-18",
                "December 18, 1869",
                "Sir: The Emperor received me.",
                "E. B. WASHBURNE.",
            )
        ],
    )
    ingest_paths(empty_store, [later, paris])
    assert citing_numbers_of("frus1869b", empty_store.records) == []
    assert _links(empty_store, "frus1870/d1") == []


@pytest.mark.parametrize("order", ["telegram first", "reply first"])
def test_a_deptel_found_in_another_volume(empty_store, tmp_path, order):
    """ "Ref: Deptel 2485." names the Department's telegram by its post alone; the Embassy
    writing to the Department answers it."""
    department = _period_volume(
        tmp_path / "vdep.xml",
        "vdep",
        "1964",
        [
            (
                "Telegram From the Department of State to the Embassy in Japan",
                "",
                "Washington",
                "1964-03-02",
                "March 2, 1964",
                "2485. Please see the Foreign Minister.",
                "RUSK",
            )
        ],
    )
    embassy = _period_volume(
        tmp_path / "vemb.xml",
        "vemb",
        "1964",
        [
            (
                "Telegram From the Embassy in Japan to the Department of State",
                "",
                "Tokyo",
                "1964-03-04",
                "March 4, 1964",
                "3001. Ref: Deptel 2485. I saw him today.",
                "REISCHAUER",
            )
        ],
    )
    paths = [department, embassy] if order == "telegram first" else [embassy, department]
    for path in paths:
        ingest_paths(empty_store, [path])
    assert _links(empty_store, "vemb/d1") == [("reply-to", "vdep/d1")]
    assert _links(empty_store, "vdep/d1") == [("replied-by", "vemb/d1")]
    assert _refs(empty_store, "vemb/d1") == [("Deptel 2485", "vdep/d1")]
