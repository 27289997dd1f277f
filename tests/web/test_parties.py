"""A person's page lists what they wrote, what was sent to them and the conversations they
took part in, beside the documents that name them."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from despatch.web.app import create_app

from .test_app import V


@pytest.fixture()
def client(sample_store):
    return TestClient(create_app(sample_store))


def test_a_person_page_lists_their_letters_and_those_to_them(client, sample_store):
    docs = list(sample_store.records.documents(V))
    for person in ("p_RD3", "p_REO1", "p_MNRS1"):
        data = client.get(f"/api/volumes/{V}/persons/{person}").json()
        for kind, field in (
            ("from", "sender"),
            ("to", "recipient"),
            ("participant", "participants"),
        ):
            expected = [d.id for d in docs if person in getattr(d, field)]
            assert [d["id"] for d in data[kind]] == expected, (person, kind)
    rusk = client.get(f"/api/volumes/{V}/persons/p_RD3").json()
    assert f"{V}/d5" in [d["id"] for d in rusk["to"]]  # McNamara's letter to him
    assert rusk["from"]  # and his telegrams
    html = client.get(f"/volumes/{V}/persons/p_RD3").text
    assert f"Written by Dean Rusk: {len(rusk['from'])} documents" in html
    assert f"Sent to Dean Rusk: {len(rusk['to'])} documents" in html
    assert f'href="/documents/{V}/d5"' in html


def test_conversations_a_person_took_part_in(client, sample_store):
    docs = list(sample_store.records.documents(V))
    talks = [d for d in docs if d.participants]
    assert talks  # the sample has a memorandum of conversation with its participants
    person = next(p for p in talks[0].participants if p.startswith("p_"))
    data = client.get(f"/api/volumes/{V}/persons/{person}").json()
    assert talks[0].id in [d["id"] for d in data["participant"]]
    assert "Conversations with" in client.get(f"/volumes/{V}/persons/{person}").text


@pytest.mark.parametrize(
    "params,expected",
    [
        ({"sender": "Dean Rusk"}, ["d18", "d36"]),
        ({"sender": f"{V}/p_RD3"}, ["d18", "d36"]),  # by id, as a link across volumes
        ({"recipient": "Dean Rusk"}, ["d5", "d6", "d39"]),
        ({"recipient": "Dean Rusk", "q": "expenditures"}, ["d6"]),
    ],
)
def test_search_by_who_wrote_or_received(client, params, expected):
    data = client.get("/api/search", params={**params, "sort": "date"}).json()
    assert [h["id"].rpartition("/")[2] for h in data["hits"]] == expected


def test_a_search_page_says_what_it_is_narrowed_to(client):
    html = client.get("/search", params={"q": "Japan", "sender": "Dean Rusk", "volume": V}).text
    assert "written by <strong>Dean Rusk</strong>" in html
    assert "in <strong>1964–1968, Volume XXIX, Part 2, Japan</strong>" in html
    # each with a link to the same search without it
    assert f'href="/search?q=Japan&amp;volume={V}" title="search without it"' in html
    person = client.get(f"/volumes/{V}/persons/p_RD3").text
    assert 'href="/search?sender=Dean%20Rusk&amp;sort=date">Search them</a>' in person


def test_a_volume_shows_who_wrote_to_whom_each_pair_a_search(client, sample_store):
    data = client.get(f"/api/volumes/{V}").json()
    pairs = data["correspondents"]
    assert pairs and pairs == sorted(pairs, key=lambda c: -c["count"])
    assert {"from": "the Embassy in Japan", "to": "the Department of State"} in [
        {"from": c["from"], "to": c["to"]} for c in pairs
    ]
    html = client.get(f"/volumes/{V}").text
    for c in pairs:
        # the bar lists the pair's documents: as many as it says
        found = client.get(
            "/api/search",
            params={"volume": V, "sender": c["from"], "recipient": c["to"], "limit": 0},
        ).json()["total"]
        assert found == c["count"], c
        assert f"{c['from']} → {c['to']}" in html.replace("&#39;", "'")


def test_a_letter_leads_to_everything_between_its_writer_and_reader(client):
    html = client.get(f"/documents/{V}/d5").text  # McNamara to Rusk
    there = "/search?sender=Robert%20S.%20McNamara&amp;recipient=Dean%20Rusk&amp;sort=date"
    back = "/search?sender=Dean%20Rusk&amp;recipient=Robert%20S.%20McNamara&amp;sort=date"
    assert f'href="{there}"' in html and f'href="{back}"' in html
    found = client.get(there.replace("&amp;", "&")).text
    assert f'href="/documents/{V}/d5"' in found
