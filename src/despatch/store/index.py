"""The embedded full-text index (tantivy), derived from the record store.

The index lives in a folder beside the database (``despatch.db`` → ``despatch.db.index/``).
A generation number is written in the same SQLite transaction as the records and into the
index folder after its commit; when the two disagree (a crash between the commits, a copied
database) the index is rebuilt from the records, so the index always matches the records.
"""

from __future__ import annotations

import itertools
import shutil
import time
import zlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import tantivy

from ..errors import StoreError
from ..model import Document

__all__ = [
    "DocumentIndex",
    "analyze",
    "date_key",
    "fold",
    "index_fields",
    "pair_term",
    "pair_values",
]

_GENERATION_FILE = "GENERATION"
# 8: title, body and notes indexed as analysed words; 9: who wrote and received each document
SCHEMA_TAG = "despatch-index-9"
SAMPLE_BUCKETS = 64  # documents are spread over buckets by id, for sampled facet counts


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_text_field("id", stored=True, tokenizer_name="raw")
    sb.add_text_field("volume", stored=True, tokenizer_name="raw", fast=True)
    sb.add_text_field("number", stored=True, tokenizer_name="raw")
    sb.add_text_field("subtype", stored=True, tokenizer_name="raw", fast=True)
    # Title, body and notes are given to the index as their analysed words (see ANALYZER),
    # which were made anyway for the pairs: tantivy's stemmer would do the work a second
    # time, on the indexing thread, at three times the cost of the rest of indexing. The
    # body is not stored: snippets read it from the records (half the index's size).
    sb.add_text_field("title", stored=False, tokenizer_name=ANALYSED_TOKENIZER)
    sb.add_bytes_field("title_text", stored=True, indexed=False)  # as printed, for hits
    sb.add_text_field("body", stored=False, tokenizer_name=ANALYSED_TOKENIZER)
    sb.add_text_field("notes", stored=False, tokenizer_name=ANALYSED_TOKENIZER)
    sb.add_text_field("person", stored=False, tokenizer_name="raw", fast=True)
    sb.add_text_field("person_id", stored=False, tokenizer_name="raw")
    # who wrote and who received it: by name as the person facet shows it, and by id
    for party in ("sender", "recipient"):
        sb.add_text_field(party, stored=False, tokenizer_name="raw")
        sb.add_text_field(f"{party}_id", stored=False, tokenizer_name="raw")
    sb.add_text_field("repository", stored=False, tokenizer_name="raw", fast=True)
    sb.add_text_field("classification", stored=False, tokenizer_name="raw", fast=True)
    sb.add_text_field("box", stored=False, tokenizer_name="raw")
    sb.add_text_field("date_text", stored=True, tokenizer_name="raw")
    sb.add_integer_field("year", stored=False, indexed=True, fast=True)
    sb.add_integer_field("date_min", stored=True, indexed=True, fast=True)
    sb.add_integer_field("date_max", stored=True, indexed=True, fast=True)
    sb.add_integer_field("dated", stored=False, indexed=True, fast=True)
    sb.add_integer_field("seq", stored=True, indexed=False, fast=True)
    # word pairs of title, body and notes ("the_japanes"): a two-word phrase is one term,
    # looked up as a term, never as a phrase, so it keeps frequencies and no positions
    sb.add_text_field("pairs", stored=False, tokenizer_name=ANALYSED_TOKENIZER, index_option="freq")
    sb.add_integer_field("bucket", stored=False, indexed=True, fast=True)
    return sb.build()


# Title, body and notes: tantivy's "en_stem" plus accents folded, so "communique" finds
# "communiqué" and "detente" "détente" (diplomatic English is full of them). Texts, pairs
# and queries are analysed with it in Python (`analyze`) and reach the index as words
# separated by spaces, which its whitespace tokenizer takes as they are: an analysed word
# holds no space (the tokenizer splits on anything not a letter or digit).
ANALYSED_TOKENIZER = "whitespace"
ANALYZER = (
    tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple())
    .filter(tantivy.Filter.remove_long(40))
    .filter(tantivy.Filter.lowercase())
    .filter(tantivy.Filter.ascii_fold())
    .filter(tantivy.Filter.stemmer("english"))
    .build()
)
_FOLD = (
    tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.raw())
    .filter(tantivy.Filter.lowercase())
    .filter(tantivy.Filter.ascii_fold())
    .build()
)


def fold(text: str) -> str:
    """Lower case without accents, as the index folds words: "Détente" → "detente"."""
    return "".join(_FOLD.analyze(text))


_WORDS = tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.simple()).build()  # words, as written
_STEMS: dict[str, str] = {}  # word → its analysed form, for words the analyzer keeps
_MAX_STEMS = 500_000


def analyze(text: str) -> list[str]:
    """``ANALYZER.analyze(text)``, in half the time: the words are split by the same
    tokenizer, and each distinct word is stemmed once (stemming is most of the cost)."""
    words = _WORDS.analyze(text)
    try:
        return list(map(_STEMS.__getitem__, words))  # every word seen before: all in C
    except KeyError:
        pass
    analysed = ANALYZER.analyze(text)
    if len(_STEMS) >= _MAX_STEMS:
        _STEMS.clear()
    if len(analysed) == len(words):  # no word dropped as too long: they line up
        _STEMS.update(zip(words, analysed, strict=True))
    return analysed


# The pairs field holds each two adjacent analysed words as one term ("japanes_govern"), so
# a two-word phrase is one term lookup. Stems never hold "_" (the tokenizer splits there).


def pair_values(words: list[str]) -> str:
    """The pairs field's value for one text's analysed words: its word pairs, space-separated."""
    # map/join keep the loop in C; tantivy's regex tokenizer, which could make the pairs
    # from the stems alone, costs its indexing thread more than this costs Python
    return " ".join(map("_".join, itertools.pairwise(words)))


def pair_term(first: str, second: str) -> str:
    """The pairs term for two adjacent analysed words."""
    return f"{first}_{second}"


def date_key(iso: str | None) -> int | None:
    """``1964-01-22T10:00:00`` → ``19640122`` (an orderable integer day)."""
    if not iso or len(iso) < 10:
        return None
    try:
        return int(iso[0:4]) * 10000 + int(iso[5:7]) * 100 + int(iso[8:10])
    except ValueError:
        return None


def index_fields(doc: Document, person_names: dict[str, str]) -> dict[str, Any]:
    """What the index keeps of a document: title, body and footnotes, plus facet fields."""
    persons: list[str] = []
    person_ids: list[str] = []
    for mark in doc.marks:
        if mark.type == "person" and mark.ref:
            scoped = mark.ref if "/" in mark.ref else f"{doc.volume}/{mark.ref}"
            name = person_names.get(scoped)
            if name and name not in persons:
                persons.append(name)
            if scoped not in person_ids:
                person_ids.append(scoped)
    title = analyze(doc.title)
    body = analyze(doc.plain_text())
    notes = analyze("\n".join(n.text for n in doc.notes))
    fields: dict[str, Any] = {
        "id": doc.id,
        "volume": doc.volume or "",
        "number": doc.number or "",
        "subtype": doc.subtype or "unknown",
        "title": " ".join(title),
        "title_text": doc.title.encode(),
        "body": " ".join(body),
        "notes": " ".join(notes),
        "seq": doc.seq,
        "bucket": zlib.crc32(doc.id.encode()) % SAMPLE_BUCKETS,
        "pairs": [pair_values(title), pair_values(body), pair_values(notes)],
    }
    if persons:
        fields["person"] = persons
    if person_ids:
        fields["person_id"] = person_ids
    for party, refs in (("sender", doc.sender), ("recipient", doc.recipient)):
        names, ids = _parties(doc.volume, refs, person_names)
        if names:
            fields[party] = names
        if ids:
            fields[f"{party}_id"] = ids
    sn = doc.source_note
    if sn is not None:
        if sn.repository:
            fields["repository"] = sn.repository
        if sn.classification:
            fields["classification"] = sn.classification
        if sn.box:
            fields["box"] = f"{sn.repository or ''}|{sn.collection or ''}|{sn.box}"
    lo = date_key(doc.date.min) if doc.date else None
    hi = date_key(doc.date.max) if doc.date else None
    if lo is not None and hi is not None:
        fields.update(date_min=lo, date_max=hi, year=lo // 10000, dated=1)
        fields["date_text"] = doc.date.text or doc.date.min if doc.date else ""
    else:
        fields["dated"] = 0
    return fields


def _parties(
    volume: str | None, refs: list[str], person_names: dict[str, str]
) -> tuple[list[str], list[str]]:
    """The names and the "volume/id"s of a document's senders or recipients: a glossary
    person by the name the person facet shows, anyone else by the name the heading gives
    ("the Embassy in Japan")."""
    names: list[str] = []
    ids: list[str] = []
    for ref in refs:
        scoped = ref if "/" in ref else f"{volume}/{ref}"
        name = person_names.get(scoped)
        if name is not None:
            ids.append(scoped)
        names.append(name or ref)
    return names, ids


class DocumentIndex:
    """A tantivy index of documents, kept in step with the records by a generation number."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.schema = _schema()
        self._open()

    def _open(self) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        tag = self.path / "SCHEMA"
        if tag.exists() and tag.read_text() != SCHEMA_TAG:
            self._wipe()
        self.index = self._open_index()
        tag.write_text(SCHEMA_TAG)

    def _open_index(self) -> tantivy.Index:
        for attempt in range(3):
            try:
                return tantivy.Index(self.schema, path=str(self.path), reuse=True)
            except ValueError:
                # Another process's commit may have replaced a segment between our reading
                # the index's list of them and opening them: look again.
                time.sleep(0.2 * (attempt + 1))
        # Damaged (a file cut short or lost, meta.json overwritten): the index is derived,
        # so it goes, and the store rebuilds it from the records (its generation is gone).
        self._wipe()
        return tantivy.Index(self.schema, path=str(self.path), reuse=True)

    def _wipe(self) -> None:
        shutil.rmtree(self.path, ignore_errors=True)
        self.path.mkdir(parents=True, exist_ok=True)

    @property
    def generation(self) -> int:
        try:
            return int((self.path / _GENERATION_FILE).read_text())
        except (OSError, ValueError):
            return -1

    def set_generation(self, value: int) -> None:
        tmp = self.path / (_GENERATION_FILE + ".tmp")
        tmp.write_text(str(value))
        tmp.replace(self.path / _GENERATION_FILE)

    def writer(self) -> tantivy.IndexWriter:
        try:
            return self.index.writer(heap_size=48_000_000, num_threads=1)
        except ValueError as exc:  # tantivy's lock: another process is writing this index
            raise StoreError(
                f"{self.path}: the index is being written by another process (an ingest?); "
                f"try again when it has finished ({exc})"
            ) from None

    @staticmethod
    def add(writer: tantivy.IndexWriter, fields: dict[str, Any]) -> None:
        writer.add_document(tantivy.Document(**{k: v for k, v in fields.items() if v is not None}))

    @staticmethod
    def delete_volume(writer: tantivy.IndexWriter, volume_id: str) -> None:
        writer.delete_documents_by_term("volume", volume_id)

    def rebuild(
        self, docs: Iterable[Document], person_names: dict[str, str], generation: int
    ) -> int:
        writer = self.writer()
        writer.delete_all_documents()
        n = 0
        for doc in docs:
            self.add(writer, index_fields(doc, person_names))
            n += 1
        writer.commit()
        writer.wait_merging_threads()
        self.set_generation(generation)
        self.index.reload()
        return n

    def searcher(self) -> tantivy.Searcher:
        return self.index.searcher()

    def reload(self) -> None:
        self.index.reload()
