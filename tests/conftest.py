"""Shared fixtures: the real FRUS volume from ../shared (when present) and the bundled sample."""

from __future__ import annotations

from pathlib import Path

import pytest

from despatch.readers.tei import read_tei_volume
from despatch.sample import SAMPLE_PATH, build_sample_store
from despatch.store import Store

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
VOLUME = SHARED / "corpus/frus/frus1964-68v29p2.xml"
SEED = SHARED / "seed/000_3fefc253ff642bb6.txt"

needs_shared = pytest.mark.skipif(not VOLUME.exists(), reason="../shared corpus not present")


@pytest.fixture(scope="session")
def volume_docs():
    if not VOLUME.exists():
        pytest.skip("../shared corpus not present")
    return read_tei_volume(VOLUME)


@pytest.fixture(scope="session")
def sample_docs():
    return read_tei_volume(SAMPLE_PATH)


@pytest.fixture(scope="session")
def seed_text() -> str:
    if not SEED.exists():
        pytest.skip("../shared seed not present")
    return SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="session")
def sample_db(tmp_path_factory) -> Path:
    """The fixture store, built by package code (the same builder the demo uses)."""
    return build_sample_store(tmp_path_factory.mktemp("sample") / "despatch.db")


@pytest.fixture()
def sample_store(sample_db):
    store = Store(sample_db)
    yield store
    store.close()


@pytest.fixture()
def empty_store(tmp_path):
    store = Store(tmp_path / "despatch.db")
    yield store
    store.close()


@pytest.fixture()
def own_sample_store(tmp_path):
    """A sample store of the test's own, for tests that add volumes to it."""
    store = Store(build_sample_store(tmp_path / "own.db"))
    yield store
    store.close()
