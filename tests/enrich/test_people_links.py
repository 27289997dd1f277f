"""People, cross-references and correspondence threads."""

from __future__ import annotations

import copy

import pytest
from hypothesis import given
from hypothesis import strategies as st

from despatch.enrich import Enricher
from despatch.enrich.links import _REPLY, find_references, link_kind, may_name_a_dated_letter
from despatch.enrich.parties import parties_from_heading, set_parties
from despatch.enrich.people import PersonIndex, mark_people, mark_signature
from despatch.ingest import ingest_paths
from despatch.model import Block, Document, Person
from despatch.readers.text import read_text
from despatch.web.pages import thread


def test_document_5_from_to_and_reference(volume_docs):
    vol, docs = volume_docs
    doc = copy.deepcopy(docs[4])
    Enricher(vol)(doc)
    assert doc.sender == ["p_MNRS1"] and doc.recipient == ["p_RD3"]
    note3 = doc.notes[2]
    assert any(
        m.type == "ref" and m.note == 2 and m.target == "frus1964-68v29p2/d7" for m in doc.marks
    ), note3.text
    assert {lk.target for lk in doc.links if lk.type == "see"} >= {
        "frus1964-68v29p2/d7",
        "frus1961-63v22/d383",
    }


def test_people_found_in_markup_stripped_text(volume_docs):
    vol, docs = volume_docs
    index = PersonIndex([(vol.id, p) for p in vol.persons], home_volume=vol.id)
    tp = fp = total = 0
    for doc in docs:
        gold = {
            (m.block, m.note, m.offset): m.ref for m in doc.marks if m.type == "person" and m.ref
        }
        bare = copy.deepcopy(doc)
        bare.marks = [m for m in bare.marks if m.type != "person"]
        mark_people(bare, index)
        for m in bare.marks:
            if m.type == "person":
                key = (m.block, m.note, m.offset)
                if gold.get(key) == m.ref:
                    tp += 1
                elif key in gold:
                    fp += 1
        total += len(gold)
    assert tp / total > 0.9 and fp / max(tp + fp, 1) < 0.03


def test_shared_surname_is_settled_by_context(volume_docs):
    vol, _ = volume_docs
    index = PersonIndex([(vol.id, p) for p in vol.persons], home_volume=vol.id)
    text = "President Johnson met Ambassador Johnson."
    doc_text = "U. Alexis Johnson " + text
    refs = [ref for _, _, ref, _ in index.find(text, 1967, doc_text)]
    assert refs == ["p_JLB1", "p_JUA1"]


def test_heading_parties():
    assert parties_from_heading(
        "Letter From Soviet General Secretary Brezhnev to President Carter"
    ) == ("Soviet General Secretary Brezhnev", "President Carter")
    assert parties_from_heading(
        "Telegram From the Embassy in Japan to the Department of State"
    ) == ("the Embassy in Japan", "the Department of State")
    assert parties_from_heading("Editorial Note") == (None, None)


def test_written_references():
    text = (
        "See Foreign Relations, 1961–1963, vol. XXII, Document 383. NSAM No. 341 is "
        "printed ibid., Document 56; see also Documents 12 and 14, and footnote 2 above."
    )
    found = [t for _, _, t in find_references(text, "frus1964-68v29p2", "frus1964-68v29p2/d5")]
    assert found == [
        "frus1961-63v22/d383",
        "frus1961-63v22/d56",
        "frus1964-68v29p2/d12",
        "frus1964-68v29p2/d14",
        "frus1964-68v29p2/d5#fn2",
    ]


@pytest.mark.parametrize(
    "before,kind",
    [
        ("See ", "see"),
        ("The enclosure is printed as ", "enclosure"),
        ("The enclosure, a memorandum of May 4, is printed as ", "enclosure"),
        ("The attachments are printed as ", "enclosure"),
        ("The letter is printed in Foreign Relations, 1961–1963, vol. XXII, ", "printed-in"),
        ("The memorandum of conversation is printed as ", "printed-in"),
        ("Attached but not printed; see ", "see"),
        ("The enclosure was not printed; for the reply, see ", "see"),
    ],
)
def test_the_words_before_a_reference_type_its_link(before, kind):
    assert link_kind(before) == kind


def test_enclosure_and_printed_in_links_from_a_copy(empty_store, tmp_path):
    path = tmp_path / "letters.txt"
    path.write_text(
        "12. Letter From Secretary of State Rusk to Ambassador Reischauer1\n\n"
        "Washington, May 4, 1965.\n\nDear Ed:\n\nI enclose a paper.2\n\n\nDean Rusk\n"
        "  1. Source: National Archives, RG 59. Secret. The enclosure is printed as Document 14."
        "\n  2. The paper is printed in Foreign Relations, 1961–1963, vol. XXII, Document 383."
        " See also Document 7.\n",
        encoding="utf-8",
    )
    ingest_paths(empty_store, [path])
    links = empty_store.records.document("letters/d12").links
    assert [(lk.type, lk.target) for lk in links] == [
        ("enclosure", "letters/d14"),
        ("printed-in", "frus1961-63v22/d383"),
        ("see", "letters/d7"),
    ]


def test_seed_is_a_reply_with_evidence(seed_text):
    from despatch.model import Volume

    (doc,) = read_text(seed_text, stem="frus1977-80v06")
    Enricher(Volume("frus1977-80v06"))(doc)  # no store: the note is evidence enough
    (reply,) = [lk for lk in doc.links if lk.type == "reply-to"]
    assert reply.target == "frus1977-80v06/d299" and "September 2" in reply.evidence
    assert "Document 299" in reply.evidence and reply.confidence >= 0.9


def test_thread_view_orders_the_exchange(empty_store, tmp_path):
    letters = tmp_path / "exchange.txt"
    letters.write_text(
        "299. Letter From President Carter to Soviet General Secretary Brezhnev1\n\n"
        "Washington, September 2, 1980.\n\nDear Mr. General Secretary:\n\nI write about "
        "Europe.\n\n\nJimmy Carter\n  1. Source: Carter Library, Plains File, Box 5. Secret.\n\n"
        "301. Letter From Soviet General Secretary Brezhnev to President Carter1\n\n"
        "Moscow, September 20, 1980.\n\nEsteemed Mr. President,\n\nThis is a reply to your "
        "letter of September 22 on questions of arms.\n\n\nL. Brezhnev\n"
        "  1. Source: Carter Library, Plains File, Box 5. No classification marking.\n"
        "  2. See Document 299.\n",
        encoding="utf-8",
    )
    ingest_paths(empty_store, [letters])
    data = thread(empty_store, "exchange/d301")
    assert [m["id"] for m in data["thread"]] == ["exchange/d299", "exchange/d301"]
    earlier = empty_store.records.document("exchange/d299")
    assert [(lk.type, lk.target) for lk in earlier.links] == [("replied-by", "exchange/d301")]


def test_participants_of_a_conversation(volume_docs):
    vol, docs = volume_docs
    memcons = [copy.deepcopy(d) for d in docs if d.title.startswith("Memorandum of Conversation")]
    enrich = Enricher(vol)
    for doc in memcons:
        enrich(doc)
    with_list = [d for d in memcons if any(b.text == "PARTICIPANTS" for b in d.blocks)]
    assert with_list and all(d.participants for d in with_list)
    # the editors' persName ids are used where the list item carries one
    assert any(p.startswith("p_") for d in with_list for p in d.participants)


@pytest.mark.parametrize(
    "a,b,same",
    [
        ("Rusk, Dean", "Rusk, D.", True),
        ("Rusk, Dean", "Rusk, David Dean", True),
        ("Johnson, Lyndon B.", "Johnson, U. Alexis", False),
        ("Johnson, U. Alexis", "Johnson, Ural Alexis", True),
        ("Hilsman, Roger, Jr.", "Hilsman, Roger", True),
        ("Rusk, Dean", "Rush, Dean", False),
    ],
)
def test_same_person_across_volumes(a, b, same):
    from despatch.enrich.people import same_person

    assert same_person(a, b) is same


def _person_refs(doc):
    return [(m.block, m.note, m.offset, m.ref) for m in doc.marks if m.type == "person"]


def test_one_person_in_many_volumes_is_one_candidate(volume_docs):
    """Rusk is in the glossary of every 1960s volume: a copy read against a store holding
    several of them links him as it would against one, to the first volume's entry."""
    from despatch.export.text import render_text
    from despatch.model import Volume

    vol, docs = volume_docs
    one = [(vol.id, p) for p in vol.persons]
    many = [("frus1961-63v22", p) for p in vol.persons] + one
    found = 0
    for source in docs[:12]:
        text = render_text(source)
        (alone,) = read_text(text, stem="copy")
        (beside,) = read_text(text, stem="copy")
        Enricher(Volume("copy"), one)(alone)
        Enricher(Volume("copy"), many)(beside)
        expected = [
            (b, n, o, ref.replace(f"{vol.id}/", "frus1961-63v22/"))
            for b, n, o, ref in _person_refs(alone)
        ]
        assert _person_refs(beside) == expected
        found += len(expected)
    assert found > 50


def test_own_volume_entry_preferred_and_rivals_still_ambiguous(volume_docs):
    vol, _ = volume_docs
    rusk = next(p for p in vol.persons if p.id == "p_RD3")
    elsewhere = copy.deepcopy(rusk)
    index = PersonIndex([(vol.id, rusk), ("frus1961-63v22", elsewhere)], home_volume=vol.id)
    assert [ref for _, _, ref, _ in index.find("Secretary Rusk said", 1966, "")] == ["p_RD3"]
    # two different people of one surname, each in another volume: nothing settles it
    other = copy.deepcopy(rusk)
    other.name, other.description = "Rusk, Howard", "journalist"
    index = PersonIndex([("frus1961-63v22", rusk), ("frus1969-76v01", other)])
    assert index.find("Rusk said", None, "") == []
    assert [ref for _, _, ref, _ in index.find("Rusk said", None, "Dean Rusk said")] == [
        "frus1961-63v22/p_RD3"
    ]


@pytest.mark.parametrize(
    "year,volume",
    [
        (1962, "frus1961-63v22"),
        (1966, "frus1964-68v29p2"),
        (1975, "frus1961-63v22"),  # no volume covers it: the first entry
        (None, "frus1961-63v22"),
    ],
)
def test_a_dated_copy_links_to_the_volume_that_covers_its_date(volume_docs, year, volume):
    vol, _ = volume_docs
    rusk = next(p for p in vol.persons if p.id == "p_RD3")
    entries = [("frus1961-63v22", copy.deepcopy(rusk)), (vol.id, rusk)]
    spans = {"frus1961-63v22": (1961, 1963), vol.id: (1964, 1968)}
    index = PersonIndex(entries, volume_years=spans)
    assert [ref for _, _, ref, _ in index.find("Secretary Rusk said", year, "")] == [
        f"{volume}/p_RD3"
    ]


@given(
    opening=st.sampled_from(
        [
            "in reply to",
            "reply to",
            "in response to",
            "responding to",
            "answering",
            "thank you for",
            "acknowledging",
            "Acknowledge",
        ]
    ),
    whose=st.sampled_from(["your", "the", "Your"]),
    kind=st.sampled_from(
        [
            "letter",
            "message",
            "telegram",
            "note",
            "cable",
            "Letter",
            "despatch No. 45,",
            "instruction No. 12",
            "communication",
        ]
    ),
    date=st.sampled_from(
        ["May 4", "Sept. 22, 1980", "December 31, 1965", "the 3d instant", "the 28th ult."]
    ),
    before=st.text(max_size=30),
    after=st.text(max_size=30),
)
def test_every_dated_reply_phrase_passes_the_pretest(opening, whose, kind, date, before, after):
    """finish_volume decodes only the letters this pretest passes: it must pass every text
    in which a reply phrase names a date."""
    text = f"{before} {opening} {whose} {kind} of {date} {after}"
    dated = [m for m in _REPLY.finditer(text) if m.group("date") or m.group("date2")]
    if dated:
        assert may_name_a_dated_letter(text)
    assert may_name_a_dated_letter(f"I thank you for {whose} {kind} of {date}.")


def test_a_reference_to_where_a_telegram_is_printed(volume_docs):
    """Document 77: "That document, telegram 1126 from Tokyo, August 11, is printed in
    Foreign Relations, 1964–1968, volume XXX, Document 174." """
    vol, docs = volume_docs
    doc = copy.deepcopy(next(d for d in docs if d.number == "77"))
    Enricher(vol)(doc)
    assert ("printed-in", "frus1964-68v30/d174") in [(lk.type, lk.target) for lk in doc.links]
    assert {lk.type for lk in doc.links} <= {"see", "printed-in"}


@pytest.mark.parametrize(
    "entry,text,found",
    [
        # a given name with its middle initial, as the records print it
        ("Johnson, Lyndon Baines", "Lyndon B. Johnson spoke.", "Lyndon B. Johnson"),
        # the rank a glossary puts before the given names is no part of them
        ("Wheeler, General Earle G.", "Earle G. Wheeler agreed.", "Earle G. Wheeler"),
        ("Wheeler, General Earle G.", "then Earle Wheeler agreed.", "Earle Wheeler"),
        ("Wheeler, General Earle G.", "as General Wheeler said", "Wheeler"),
        ("Watson, Lt. General Albert, II", "Albert Watson arrived.", "Albert Watson"),
        ("Duffy, Col. John J.", "and John J. Duffy said", "John J. Duffy"),
        # initials run together, and a person known by a later given name
        ("Johnson, U. Alexis", "U.A. Johnson agreed.", "U.A. Johnson"),
        ("Johnson, U. Alexis", "Alexis Johnson agreed.", "Alexis Johnson"),
        # the short names of common given names, with the surname
        ("Vance, Cyrus", "I told Cy Vance so.", "Cy Vance"),
        ("Dillon, Douglas", "Doug Dillon called.", "Doug Dillon"),
        ("Gilpatric, Roswell", "Ros Gilpatric called.", "Ros Gilpatric"),
        ("Sneider, Richard L.", "Dick Sneider will go.", "Dick Sneider"),
        # a short name alone is no one's name
        ("Vance, Cyrus", "Cy said so.", None),
        ("McNamara, Robert S.", "Bob said so.", None),
    ],
)
def test_names_as_the_records_print_them(entry, text, found):
    index = PersonIndex([("v", Person("p_X", entry, "an official"))], home_volume="v")
    doc = Document("v/d1", "v", "1", None, "Memo", [Block("head", "Memo"), Block("p", text)])
    mark_people(doc, index)
    marked = [text[m.offset : m.offset + m.length] for m in doc.marks if m.type == "person"]
    assert marked == ([found] if found else [])


@pytest.mark.parametrize(
    "number,sender,signature",
    [
        ("5", "p_MNRS1", "Bob"),  # McNamara, Robert S.: "Bob"
        ("6", "p_DCD1", "Douglas"),  # Dillon, Douglas
        ("84", "p_RWW1", "Walt"),  # Rostow, Walt W.: a paragraph that is the name alone
        ("29", "p_BMG2", "McG. B."),  # Bundy, McGeorge: initialled
    ],
)
def test_a_signature_by_a_given_name_is_the_senders(volume_docs, number, sender, signature):
    vol, docs = volume_docs
    doc = copy.deepcopy(next(d for d in docs if d.number == number))
    doc.marks = [m for m in doc.marks if m.type != "person"]  # as a copy would come
    doc.sender = []
    Enricher(vol)(doc)
    assert doc.sender == [sender]
    signed = [
        (doc.blocks[m.block].text, m.ref)
        for m in doc.marks
        if m.type == "person" and m.block is not None and doc.blocks[m.block].text == signature
    ]
    assert signed == [(signature, sender)]


def test_a_given_name_alone_is_no_one_else_s_signature():
    index = PersonIndex(
        [
            ("v", Person("p_R", "Rusk, David Dean", "Secretary of State")),
            ("v", Person("p_M", "McNamara, Robert S.", "Secretary of Defense")),
        ],
        home_volume="v",
    )
    blocks = [
        Block("head", "Letter From Secretary of State Rusk to Secretary of Defense McNamara"),
        Block("salute", "Dear Bob:"),
        Block("p", "Bob"),
        Block("p", "R.S.M."),  # McNamara's initials: not the sender's either
        Block("signed", "Dean"),
        Block("p", "D. D. R."),  # Rusk's
    ]
    doc = Document("v/d1", "v", "1", None, blocks[0].text, blocks)
    set_parties(doc, index)
    mark_signature(doc, index)
    marked = {doc.blocks[m.block].text: m.ref for m in doc.marks if m.type == "person"}
    # "Bob" and "R.S.M." are not the sender
    assert doc.sender == ["p_R"] and marked == {"Dean": "p_R", "D. D. R.": "p_R"}
