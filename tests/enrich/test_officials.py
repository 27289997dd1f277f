"""Officials from POCOM: posts held on a document's date."""

from __future__ import annotations

import copy

import pytest
from click.testing import CliRunner

from despatch.cli import main
from despatch.enrich import Enricher
from despatch.enrich.officials import OfficialsIndex, load_pocom
from despatch.errors import InputError
from despatch.readers.text import read_text

from ..conftest import SHARED, needs_shared

POCOM = SHARED / "corpus/pocom"


@pytest.fixture(scope="module")
def officials():
    if not POCOM.exists():
        pytest.skip("../shared corpus not present")
    return OfficialsIndex(load_pocom(POCOM))


@needs_shared
@pytest.mark.parametrize(
    "surname,forename,day,role,post",
    [
        ("Muskie", "E.", "1980-09-20", "Secretary of State", None),
        (
            "Reischauer",
            "Edwin O.",
            "1964-01-16",
            "Ambassador Extraordinary and Plenipotentiary",
            "Japan",
        ),
        ("Rusk", "Dean", "1964-01-22", "Secretary of State", None),
    ],
)
def test_posts_on_a_date(officials, surname, forename, day, role, post):
    ((_official, tenure),) = officials.offices(surname, forename, day)
    assert tenure.role == role and tenure.post == post and tenure.covers(day)


@needs_shared
def test_no_post_outside_the_tenure(officials):
    assert officials.offices("Muskie", "E.", "1975-01-01") == []


@needs_shared
def test_seed_names_secretary_muskie_without_a_glossary(officials, seed_text):
    (doc,) = read_text(seed_text, stem="seed")
    doc.volume = "seed"
    from despatch.model import Volume

    Enricher(Volume("seed"), [], officials)(doc)
    muskie = [m for m in doc.marks if m.ref == "pocom:muskie-edmund-sixtus"]
    assert len(muskie) == 3  # two in the text, one in note 2
    assert doc.officials[0]["role"] == "Secretary of State"
    assert doc.officials[0]["start"] == "1980-05-08"


@needs_shared
def test_document_4_ambassador_reischauer_in_1964(officials, volume_docs):
    vol, docs = volume_docs
    doc = copy.deepcopy(docs[3])
    Enricher(vol, [], officials)(doc)
    (entry,) = [o for o in doc.officials if o["person"] == "p_REO1"]
    assert entry["post"] == "Japan" and entry["role"].startswith("Ambassador")


def _mini_pocom(root):
    (root / "people" / "d").mkdir(parents=True)
    (root / "people" / "d" / "doe-jane.xml").write_text(
        "<person><id>doe-jane</id><persName><surname>Doe</surname><forename>Jane</forename>"
        "</persName></person>"
    )
    (root / "positions-principals").mkdir()
    (root / "positions-principals" / "secretary.xml").write_text(
        "<principal-position><id>secretary</id><names><singular>Secretary of State</singular>"
        "</names><principals><principal><person-id>doe-jane</person-id><started><date>"
        "1990-01-01</date></started><ended><date>1992-12-31</date></ended></principal>"
        "</principals></principal-position>"
    )
    for folder in ("missions-countries", "missions-orgs", "roles-country-chiefs"):
        (root / folder).mkdir()


def test_import_command_and_bad_folder(tmp_path):
    _mini_pocom(tmp_path / "pocom")
    db = tmp_path / "x.db"
    r = CliRunner().invoke(main, ["officials", str(tmp_path / "pocom"), "--db", str(db)])
    assert r.exit_code == 0 and "imported 1 officials with 1 dated posts" in r.output
    r = CliRunner().invoke(main, ["officials", str(tmp_path), "--db", str(db)])
    assert r.exit_code == 1 and "not a POCOM folder" in r.output
    with pytest.raises(InputError):
        load_pocom(tmp_path / "missing")
