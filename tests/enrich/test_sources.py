"""Source notes parsed into fields."""

from __future__ import annotations

import pytest

from despatch.enrich.sources import normalize_repository, parse_source_note
from despatch.readers._builder import note_type


def test_document_5_source_note(volume_docs):
    note = parse_source_note(volume_docs[1][4].source_note_text)
    assert note.repository == "National Archives and Records Administration"
    assert note.collection == "RG 59" and note.series == "Central Files 1964–66"
    assert note.file == "DEF 19–3 US–JAPAN" and note.classification == "Secret"


def test_seed_source_note(seed_text):
    text = seed_text.split("\n  1. ", 1)[1].split("\n")[0]
    note = parse_source_note(text)
    assert note.repository == "Jimmy Carter Library"
    assert (note.collection, note.series) == (
        "Plains File",
        "President’s Personal Foreign Affairs File",
    )
    assert note.box == "5" and note.folder == "USSR (General): 9/77–12/80"
    assert note.classification == "No classification marking"
    assert note.printed_from == "Printed from the U.S.-edited translation"
    assert note.remarks.startswith("Carter wrote in the upper-right hand corner")


@pytest.mark.parametrize(
    "text,classification,handling",
    [
        (
            "[Source: Department of State, INR/IL Historical Files, Japan, 1964. "
            "Secret; Eyes Only. Excerpt.]",
            "Secret",
            ["Eyes Only"],
        ),
        (
            "Source: National Archives, RG 59, Central Files 1964–66, POL JAPAN–US. Confidential; "
            "Immediate; Nodis. Drafted by Richard L. Sneider.",
            "Confidential",
            ["Immediate", "Nodis"],
        ),
    ],
)
def test_classification_and_handling(text, classification, handling):
    note = parse_source_note(text)
    assert note.classification == classification and note.handling == handling


def test_drafting_is_kept():
    note = parse_source_note(
        "Source: National Archives, RG 59, POL 7. Secret. Drafted by Sneider on May 2."
    )
    assert note.drafting == "Drafted by Sneider on May 2."


@pytest.mark.parametrize(
    "raw,canonical",
    [
        ("Carter Library", "Jimmy Carter Library"),
        ("Johnson Library", "Lyndon B. Johnson Library"),
        ("National Archives", "National Archives and Records Administration"),
        ("Some Private Collection", "Some Private Collection"),
        # misprints in the volumes: one facet value, not two
        ("Washington Nationals Records Center", "Washington National Records Center"),
        ("Lyndon B. Johnson Libary", "Lyndon B. Johnson Library"),
        (
            "National Archive and Records Administration",
            "National Archives and Records Administration",
        ),
        # other names are left alone, however near in letters
        ("Nixon Presidential Materials Project", "Nixon Presidential Materials Project"),
        ("National Security Archive", "National Security Archive"),
    ],
)
def test_repositories_are_normalised(raw, canonical):
    assert normalize_repository(raw) == canonical


@pytest.mark.parametrize("opening", ["Source:", "Source,", "Sources:", "Source;"])
def test_a_source_note_s_opening_word_is_not_its_repository(opening):
    note = parse_source_note(f"{opening} National Archives, RG 59, POL 7 JAPAN. Confidential.")
    assert note.repository == "National Archives and Records Administration"
    assert note.classification == "Confidential"


def test_the_whole_volume_has_classifications(volume_docs):
    notes = [parse_source_note(d.source_note_text) for d in volume_docs[1] if d.source_note_text]
    assert sum(n.classification is not None for n in notes) / len(notes) > 0.95


@pytest.mark.parametrize(
    "text,fields",
    [
        # volumes of 1910–1955 cite the Department's decimal file and name no archive
        ("711.94/1234: Telegram", {"file": "711.94/1234", "remarks": "Telegram."}),
        ("File No. 893.00/1234.", {"file": "893.00/1234"}),
        (
            "FW 740.0011 European War 1939/5678: Telegram",
            {"file": "FW 740.0011 European War 1939/5678", "remarks": "Telegram."},
        ),
        (
            "611.94/1–2456: Despatch. Confidential; Priority. Drafted by Smith.",
            {
                "file": "611.94/1–2456",
                "classification": "Confidential",
                "handling": ["Priority"],
                "drafting": "Drafted by Smith.",
                "remarks": "Despatch.",
            },
        ),
        (
            "711.94/12, 793.94/34. Secret.",
            {"file": "711.94/12, 793.94/34", "classification": "Secret"},
        ),
        # later volumes name the archive: the decimal file is a file there too
        (
            "Department of State, Central Files, 611.94/1–2456. Secret.",
            {"file": "611.94/1–2456", "classification": "Secret"},
        ),
        # from 1973 the files are electronic, a telegram's document number the file
        (
            "Department of State, Central Foreign Policy File, D800453–0925. Confidential.",
            {
                "collection": "Central Foreign Policy File",
                "file": "D800453–0925",
                "classification": "Confidential",
            },
        ),
        (
            "Department of State, Central Foreign Policy File, D770014-0453 and D770014-0460.",
            {"collection": "Central Foreign Policy File", "file": "D770014-0453 and D770014-0460"},
        ),
        # a lot file is the Department's; the message's kind after a colon is a remark
        (
            "Lot 55 D 480, China Files: Telegram",
            {"collection": "Lot 55 D 480", "series": "China Files", "remarks": "Telegram."},
        ),
    ],
)
def test_the_department_s_own_files(text, fields):
    note = parse_source_note(text)
    assert note.repository == "Department of State"
    expected = {"collection": "Central Files", "handling": [], **fields}
    assert {k: getattr(note, k) for k in expected} == expected
    others = set(vars(note)) - set(expected) - {"repository"}
    assert all(not getattr(note, k) for k in others)


@pytest.mark.parametrize(
    "text,source",
    [
        ("711.94/1234: Telegram", True),
        ("File No. 893.00/1234.", True),
        ("793.94/5678", True),
        ("711.94/1234, not printed.", False),  # a note about another document
        ("See 711.94/1234.", False),
        ("Telegram No. 123, not printed.", False),
    ],
)
def test_an_untyped_note_that_is_only_a_file_number_is_the_source_note(text, source):
    assert (note_type(None, text) == "source") is source
    assert note_type("summary", text) == "summary"  # the edition's own type stands
