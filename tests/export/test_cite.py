"""Citations: note style, RIS and BibTeX, whatever the text of the title."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from despatch.export.cite import Citation, cite_document


def _citation(title: str, **extra) -> Citation:
    return Citation(
        title=title,
        volume_title="Foreign Relations of the United States, 1964–1968, Volume XXIX",
        volume_id="frus1964-68v29p2",
        local_id="d5",
        number="5",
        editors=["Karen L. Gatz", "Foster Rhea Dulles, Jr."],
        year="2006",
        first_page="3",
        **extra,
    )


def test_the_sample_documents_are_cited_as_printed(sample_store):
    doc = sample_store.records.document("frus1964-68v29p2/d5")
    cite = cite_document(sample_store, doc)
    assert cite.text() == (
        "Foreign Relations of the United States, 1964–1968, Volume XXIX, Part 2, Japan, ed. "
        "Karen L. Gatz and Edward C. Keefer (Washington: United States Government Printing "
        "Office, 2006), Document 5, p. 3, “Letter From Secretary of Defense McNamara to "
        "Secretary of State Rusk”."
    )
    assert cite.url == "https://history.state.gov/historicaldocuments/frus1964-68v29p2/d5"
    assert "SN  - 9780160725098" in cite.ris() and "  isbn = {9780160725098}," in cite.bibtex()
    preface = cite_document(sample_store, sample_store.records.section("frus1964-68v29p2/preface"))
    assert preface.text().endswith("Office, 2006), “Preface”, pp. III–VII.")
    assert preface.url is None  # a section: no address of the Office's is known for it
    assert "N1  - " not in preface.ris()  # no number, no dateline: nothing to note


def test_bibtex_escapes_what_tex_would_read_as_commands():
    bib = _citation("Telegram 1_2 & 50% of $3 #4 {sic} ~ ^ back\\slash").bibtex()
    assert (
        r"title = {Telegram 1\_2 \& 50\% of \$3 \#4 \{sic\} \textasciitilde{} "
        r"\textasciicircum{} back\textbackslash{}slash}" in bib
    )
    assert "editor = {Karen L. Gatz and Foster Rhea Dulles, Jr.}" in bib


@given(title=st.text(min_size=1))
def test_any_title_makes_one_ris_field_and_balanced_bibtex(title):
    cite = _citation(title, url="http://127.0.0.1:8000/documents/frus1964-68v29p2/d5")
    lines = cite.ris().split("\r\n")
    assert lines[-1] == "" and lines[-2] == "ER  - "
    assert sum(line.startswith("TI  - ") for line in lines) == 1
    assert all(len(line) >= 5 and line[2:6] == "  - " for line in lines[:-1])
    body = cite.bibtex()
    depth = 0
    for i, ch in enumerate(body):  # every brace of the title is escaped: the fields nest
        if ch in "{}" and (i == 0 or body[i - 1] != "\\"):
            depth += 1 if ch == "{" else -1
            assert depth >= 0
    assert depth == 0
