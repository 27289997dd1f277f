"""The command line: thin commands, one-line errors, non-zero exits."""

from __future__ import annotations

import json
import re

import pytest
from click.testing import CliRunner

from despatch.cli import main
from despatch.sample import SAMPLE_PATH

from .conftest import SEED, needs_shared


def run(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_ingest_show_search(tmp_path):
    db = tmp_path / "x.db"
    r = run("ingest", SAMPLE_PATH, "--db", db)
    assert r.exit_code == 0 and "40 documents" in r.output
    r = run("show", "frus1964-68v29p2/d5", "--db", db, "--format", "json")
    data = json.loads(r.output)
    assert data["number"] == "5" and data["date"]["min"].startswith("1964-01-22")
    r = run("show", "frus1964-68v29p2/d5", "--db", db)
    assert r.output.startswith("[Page 3]\n\n5. Letter From Secretary of Defense McNamara")
    r = run("show", "frus1964-68v29p2/d5", "--db", db, "--format", "md")
    assert "[^2]:" in r.output
    r = run("show", "frus1964-68v29p2/d5", "--db", db, "--format", "tei")
    assert '<div type="document" n="5" xml:id="d5">' in r.output and 'n="4"' in r.output
    r = run("show", "frus1964-68v29p2/sources", "--db", db, "--format", "md")
    assert r.exit_code == 0 and r.output.startswith("# *[Page XIII]* Sources\n")
    r = CliRunner().invoke(main, ["show", "frus1964-68v29p2/nothing", "--db", str(db)])
    assert r.exit_code != 0 and "no document or section 'frus1964-68v29p2/nothing'" in r.output
    r = run("search", "Memorandum of Understanding", "--db", db, "--json")
    assert json.loads(r.output)["hits"][0]["id"] == "frus1964-68v29p2/d5"
    r = run("search", "Okinawa", "--db", db, "--from", "1965", "--to", "1965")
    assert r.exit_code == 0 and "1 document matches 'Okinawa'" in r.output
    r = run("search", "Memorandum of Understanding", "--db", db, "--csv", "--limit", "3")
    lines = r.output.splitlines()
    assert lines[0] == "id,volume,number,date,title,score" and len(lines) == 4
    assert lines[1].startswith("frus1964-68v29p2/d5,frus1964-68v29p2,5,1964-01-22")


def test_search_shows_each_hit_s_passage_with_the_words_in_bold(tmp_path):
    from despatch.cli import _snippet_text

    db = tmp_path / "x.db"
    run("ingest", SAMPLE_PATH, "--db", db)
    r = run("search", "Memorandum of Understanding", "--db", db, "--limit", "1")
    words = " ".join(w for w in r.output.split() if w != "│")
    assert "Rusk …with or without introducing the proposed Memorandum of Understanding." in words
    r = run("search", "--db", db, "--sender", "Dean Rusk", "--sort", "date", "--csv")
    assert [line.split(",")[0] for line in r.output.splitlines()[1:]] == [
        "frus1964-68v29p2/d18",
        "frus1964-68v29p2/d36",
    ]
    r = run("search", "Japan", "--db", db, "--limit", "2", "--offset", "2")
    assert "3–4 of " in r.output and "--offset 4 for the next" in r.output
    text = _snippet_text(
        '<span class="in-note">Note:</span> …a &amp; <mark>Okinawa</mark>&lt;b&gt;'
    )
    assert text.plain == "Note: …a & Okinawa<b>"
    spans = [(text.plain[s.start : s.end], s.style) for s in text.spans]
    assert spans == [("Note:", "italic"), ("Okinawa", "bold")]  # the rest dim, as the text


def test_show_takes_a_short_id_when_one_volume_has_it(tmp_path):
    db = tmp_path / "x.db"
    run("ingest", SAMPLE_PATH, "--db", db)
    whole = run("show", "frus1964-68v29p2/d5", "--db", db, "--format", "json").output
    assert run("show", "d5", "--db", db, "--format", "json").output == whole
    assert run("show", "5", "--db", db, "--format", "json").output == whole  # its number
    assert run("show", "preface", "--db", db).output.startswith("[Page III]\n\nPreface")
    other = tmp_path / "other.xml"
    other.write_text(
        '<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="frus-other"><teiHeader/><text><body>'
        '<div type="document" xml:id="d5" n="5"><head>Another fifth</head><p>Text.</p></div>'
        "</body></text></TEI>",
        encoding="utf-8",
    )
    run("ingest", other, "--db", db)
    r = CliRunner().invoke(main, ["show", "d5", "--db", str(db)])
    assert r.exit_code == 1 and r.output.count("\n") == 1
    assert "'d5' names 2 texts (frus-other/d5, frus1964-68v29p2/d5): give the whole id" in (
        r.output
    )
    assert run("show", "frus-other/d5", "--db", db).output.startswith("5. Another fifth")


def test_parse_prints_the_front_matter_when_asked():
    r = run("parse", SAMPLE_PATH)
    assert all(json.loads(line)["subtype"] != "front-matter" for line in r.output.splitlines())
    lines = [
        json.loads(line) for line in run("parse", SAMPLE_PATH, "--sections").output.splitlines()
    ]
    assert len(lines) == 44 and [d["id"].rpartition("/")[2] for d in lines[40:]] == [
        "preface",
        "subseriesvols",
        "sources",
        "actionsstatement",
    ]
    assert lines[40]["subtype"] == "front-matter" and lines[40]["number"] is None


def test_show_cites_a_document_for_reference_managers(tmp_path):
    db = tmp_path / "x.db"
    run("ingest", SAMPLE_PATH, "--db", db)
    ris = run("show", "d5", "--db", db, "--format", "ris").output
    assert ris.startswith("TY  - CHAP\n") and "SP  - 3\n" in ris
    assert "UR  - https://history.state.gov/historicaldocuments/frus1964-68v29p2/d5\n" in ris
    bib = run("show", "d5", "--db", db, "--format", "bib").output
    assert bib.startswith("@incollection{frus196468v29p2d5,") and "  pages = {3}," in bib


def test_text_that_looks_like_rich_markup_is_printed_as_it_is(tmp_path):
    """Titles and notes are the user's text: "[/]" or "[red]" in them is not markup."""
    copy = tmp_path / "br.txt"
    title = "Memorandum [bold]for[/bold] the [/] Record [red]Secret[/red]"
    copy.write_text(f"7. {title}1\n\nBody about Okinawa.\n\n  1. Source: [/] x.\n")
    db = tmp_path / "x.db"
    run("ingest", copy, "--db", db)
    r = run("search", "Okinawa", "--db", db)
    assert r.exit_code == 0 and "1 document matches 'Okinawa'" in r.output
    assert "[bold]for[/bold] the [/]" in r.output
    r = CliRunner().invoke(main, ["parse", "--explain", str(copy)])
    assert r.exit_code == 0 and "recovery decisions" in r.output


def test_export_a_volume(tmp_path):
    from despatch.readers.tei import read_tei_volume

    db = tmp_path / "x.db"
    run("ingest", SAMPLE_PATH, "--db", db)
    out = tmp_path / "out.xml"
    r = run("export", "frus1964-68v29p2", "--db", db, "-o", out)
    assert r.exit_code == 0 and "wrote frus1964-68v29p2" in r.output
    vol, docs = read_tei_volume(out)
    assert len(docs) == 40 and len(vol.sections) == 4 and len(vol.persons) == 124
    assert docs[4].title.startswith("Letter From Secretary of Defense McNamara")
    r = run("export", "frus1964-68v29p2", "--db", db, "--format", "jsonl")
    lines = r.output.splitlines()
    assert len(lines) == 40 and json.loads(lines[4])["id"] == "frus1964-68v29p2/d5"
    # an unknown volume: one line, non-zero, and no file left behind
    missing = tmp_path / "missing.xml"
    r = CliRunner().invoke(main, ["export", "nope", "--db", str(db), "-o", str(missing)])
    assert r.exit_code != 0 and "no volume 'nope'" in r.output and len(r.output.splitlines()) == 1
    assert not missing.exists() and not list(tmp_path.glob("*.part"))
    # a folder that does not exist: the same
    nowhere = tmp_path / "no" / "such" / "x.xml"
    r = CliRunner().invoke(main, ["export", "frus1964-68v29p2", "--db", str(db), "-o", nowhere])
    assert r.exit_code == 1 and r.output == f"despatch: error: {nowhere}: cannot write: " + (
        "No such file or directory\n"
    )


def test_errors_are_one_line_and_exit_non_zero(tmp_path):
    db = tmp_path / "x.db"
    for args, text in [
        (("show", "v/d1", "--db", db), "no such store"),
        (("ingest", tmp_path / "missing.xml", "--db", db), "no such file"),
    ]:
        r = CliRunner().invoke(main, [str(a) for a in args])
        assert r.exit_code == 1 and text in r.output and r.output.count("\n") == 1
    run("ingest", SAMPLE_PATH, "--db", db)
    r = CliRunner().invoke(main, ["search", '"open', "--db", str(db)])
    assert r.exit_code == 1 and "unclosed quote" in r.output
    r = CliRunner().invoke(main, ["show", "nope/d1", "--db", str(db)])
    assert r.exit_code == 1 and "no document" in r.output
    bad = tmp_path / "bad.xml"
    bad.write_text('<TEI xmlns="http://www.tei-c.org/ns/1.0"><text>')
    r = CliRunner().invoke(main, ["ingest", str(bad), "--db", str(db)])
    assert r.exit_code == 1 and str(bad) in r.output and "not well-formed" in r.output


@needs_shared
def test_parse_seed_prints_document_json():
    r = run("parse", SEED)
    (line,) = r.output.strip().split("\n")
    data = json.loads(line)
    assert data["title"] == "Letter From Soviet General Secretary Brezhnev to President Carter"
    assert [n["n"] for n in data["notes"]] == ["1", "2", "3", "4"]
    r = run("parse", SEED, "--to", "tei")
    assert "<head>301. Letter From Soviet General Secretary Brezhnev" in r.output
    r = run("parse", SEED, "--explain")  # decisions go to stderr, which the runner captures too
    assert "note 3" in r.output and "September 2" in r.output


@pytest.mark.parametrize("cores,workers", [(1, 0), (2, 0), (4, 2), (6, 4), (32, 4), (None, 0)])
def test_jobs_auto_is_one_worker_per_core_beside_the_writer(monkeypatch, cores, workers):
    from despatch import cli

    monkeypatch.setattr(cli.os, "cpu_count", lambda: cores)
    assert cli._jobs("auto") == workers
    assert cli._jobs("3") == 3


def test_jobs_takes_a_number_or_auto(tmp_path):
    db = tmp_path / "x.db"
    r = CliRunner().invoke(main, ["ingest", str(SAMPLE_PATH), "--db", str(db), "--jobs", "many"])
    assert r.exit_code == 2 and "'many': a number from 0 to 64, or 'auto'" in r.output
    for jobs in ("auto", "0", "2"):
        r = run("ingest", SAMPLE_PATH, "--db", db, "--jobs", jobs)
        assert r.exit_code == 0 and "40 documents" in r.output


def test_a_store_whose_index_is_rebuilt_says_so(tmp_path):
    db = tmp_path / "x.db"
    run("ingest", SAMPLE_PATH, "--db", db)
    r = run("search", "Okinawa", "--db", db, "--json")
    assert "rebuilding" not in r.stderr
    (tmp_path / "x.db.index" / "SCHEMA").write_text("despatch-index-7")  # an older despatch's
    r = run("search", "Okinawa", "--db", db, "--json")
    assert f"{db}: rebuilding the search index" in r.stderr
    assert json.loads(r.stdout)["total"] > 0  # stdout is still the answer alone


def test_files_a_folder_holds_that_are_not_read_are_named(tmp_path):
    folder = tmp_path / "papers"
    (folder / "scans").mkdir(parents=True)
    (folder / "volume.xml").write_bytes(SAMPLE_PATH.read_bytes())
    (folder / "scans" / "page1.pdf").write_bytes(b"%PDF-1.4\n")
    (folder / "README").write_text("notes to self")
    (folder / ".DS_Store").write_bytes(b"\0")  # hidden: not worth a word
    r = run("ingest", folder, "--db", tmp_path / "x.db")
    assert r.exit_code == 0 and "40 documents" in r.stdout
    assert r.stderr.strip() == (
        "skipped 2 file(s) in the folders that are not TEI, HTML or text (.xml, .html, .txt): "
        f"{folder / 'README'}, {folder / 'scans' / 'page1.pdf'}"
    )


def test_serve_on_a_port_in_use_is_a_one_line_error(tmp_path):
    import socket

    db = tmp_path / "x.db"
    run("ingest", SAMPLE_PATH, "--db", db)
    with socket.create_server(("127.0.0.1", 0)) as taken:
        port = taken.getsockname()[1]
        r = CliRunner().invoke(main, ["serve", "--db", str(db), "--port", str(port)])
    assert r.exit_code == 1
    assert (
        r.output == f"despatch: error: cannot listen on 127.0.0.1:{port}: Address already in use\n"
    )
    r = CliRunner().invoke(main, ["serve", "--db", str(db), "--port", "99999"])
    assert r.exit_code == 2 and "99999 is not in the range" in r.output


def test_parse_reads_standard_input(tmp_path):
    """`pbpaste | despatch parse -`: the format is told by content, documents are stdin/…"""
    text = "7. Letter From A to B1\n\nBody text here.\n\n  1. Source: Johnson Library. Secret.\n"
    r = CliRunner().invoke(main, ["parse", "-", "--no-enrich"], input=text)
    (doc,) = [json.loads(line) for line in r.stdout.splitlines()]
    assert r.exit_code == 0 and doc["id"] == "stdin/d7" and doc["title"] == "Letter From A to B"
    r = CliRunner().invoke(main, ["parse", "-"], input=SAMPLE_PATH.read_bytes())
    assert r.exit_code == 0 and len(r.stdout.splitlines()) == 40
    r = CliRunner().invoke(main, ["parse", "-"], input="<TEI><text>")
    assert r.exit_code == 1 and r.output.startswith("despatch: error: <stdin>:1:")
    r = CliRunner().invoke(main, ["parse", "-"], input="")
    assert r.exit_code == 1 and r.output == "despatch: error: <stdin>: nothing on standard input\n"


def test_check_reports_each_volume_in_plain_words(tmp_path):
    db = tmp_path / "x.db"
    run("ingest", SAMPLE_PATH, "--db", db)
    r = run("check", "--db", db)
    first = r.output.splitlines()[0]
    assert re.fullmatch(r"frus1964-68v29p2: 40 documents, \d+ problems", first), first
    assert "[bold]" not in r.output and "[/]" not in r.output
    assert r.exit_code == 2  # problems found: a script can tell
    (report,) = json.loads(run("check", "frus1964-68v29p2", "--db", db, "--json").output)
    assert report["documents"] == 40 and len(report["problems"]) == sum(report["counts"].values())
