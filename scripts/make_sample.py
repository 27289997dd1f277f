"""Regenerate the bundled sample from the shared corpus: python scripts/make_sample.py"""

from pathlib import Path

from despatch.sample import SAMPLE_PATH, make_excerpt

source = Path(__file__).resolve().parents[2] / "shared/corpus/frus/frus1964-68v29p2.xml"
print(make_excerpt(source, SAMPLE_PATH, documents=40), "documents →", SAMPLE_PATH)
