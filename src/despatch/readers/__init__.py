"""Readers: TEI, HTML and copied text → Volume + Documents (Document JSON shape)."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import InputError
from ..model import Document, Volume
from ._builder import unicode_encoding

__all__ = [
    "FORMATS",
    "ReadVolume",
    "detect_format",
    "edition_source",
    "expand_paths",
    "no_documents",
    "read_paths",
]

FORMATS = ("auto", "tei", "text", "html")
_SUFFIXES = {
    ".xml": "tei",
    ".tei": "tei",
    ".html": "html",
    ".htm": "html",
    ".txt": "text",
    ".text": "text",
    ".md": "text",
}


@dataclass
class ReadVolume:
    """One unit of ingest: a volume (or a text/HTML file) and its documents, maybe lazy."""

    volume: Volume
    documents: Iterator[Document] | list[Document]
    source: str
    format: str
    paths: list[Path] = field(default_factory=list)


def detect_format(path: Path, head: bytes | None = None) -> str:
    """Decide by content (the first kilobytes), falling back to the file suffix."""
    if head is None:
        try:
            with open(path, "rb") as fh:
                head = fh.read(4096)
        except OSError as exc:
            raise InputError(f"cannot read: {exc.strerror or exc}", str(path)) from None
    encoding = unicode_encoding(head)
    if encoding is None and b"\x00" in head:
        raise InputError("binary file, not TEI, HTML or text", str(path))
    sample = head.decode(encoding or "utf-8", "replace").lstrip("\ufeff \t\r\n").lower()
    if sample.startswith("<?xml") or sample.startswith("<tei"):
        return "tei" if "<tei" in sample or "tei-c.org" in sample else "html"
    if sample.startswith("<!doctype html") or sample.startswith("<html") or "<body" in sample:
        return "html"
    if sample.startswith("<"):
        return "html"
    return _SUFFIXES.get(path.suffix.lower(), "text") if path.suffix.lower() != ".xml" else "text"


def expand_paths(paths: list[str | Path], skipped: list[Path] | None = None) -> list[Path]:
    """The files to read: those named, and a folder's .xml, .html and .txt files (at any
    depth). A folder's other files (not hidden ones) are added to ``skipped``."""
    out: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found, others = [], []
            for p in sorted(path.rglob("*")):
                if not p.is_file() or p.name.startswith("."):
                    continue
                (found if p.suffix.lower() in _SUFFIXES else others).append(p)
            if not found:
                raise InputError("folder holds no .xml, .html or .txt files", str(path))
            out.extend(found)
            if skipped is not None:
                skipped.extend(others)
        elif path.exists():
            out.append(path)
        else:
            raise InputError("no such file or folder", str(path))
    return out


def read_paths(
    paths: list[str | Path], fmt: str = "auto", skipped: list[Path] | None = None
) -> Iterator[ReadVolume]:
    """Group input files into volumes and read them.

    A TEI file that holds a whole volume streams; TEI files that share one volume id (a volume
    split one document per file) are merged into one volume; each text or HTML file is a unit
    of its own. Files in folders that are none of these are added to ``skipped``.
    """
    if fmt not in FORMATS:
        raise InputError(f"unknown format {fmt!r} (choose from {', '.join(FORMATS)})")
    from . import tei, tei_split

    files = expand_paths(paths, skipped)
    tei_groups: dict[str, list[Path]] = {}
    copies: list[tuple[str, Path]] = []
    for path in files:
        kind = detect_format(path) if fmt == "auto" else fmt
        if kind == "tei":
            tei_groups.setdefault(tei_split.volume_id_of(path), []).append(path)
        else:
            copies.append((kind, path))
    # A copy is a volume of its own, named by its file: two files of one name would be one
    # volume, the second replacing the first. Said before anything is read or written.
    named: dict[str, Path] = {vol_id: group[0] for vol_id, group in tei_groups.items()}
    for _, path in copies:
        if path.stem in named:
            raise InputError(
                f"{named[path.stem]} is volume {path.stem!r} too: rename one of the two files",
                str(path),
            )
        named[path.stem] = path
    # editions first: their glossaries are what copied text is linked against
    for vol_id, group in tei_groups.items():
        if len(group) == 1:
            reader = tei.TeiVolumeReader(group[0])
            documents = _at_least_one(iter(reader), str(group[0]))
            yield ReadVolume(reader.volume, documents, str(group[0]), "tei", group)
        else:
            for volume, docs in tei_split.read_tei_documents(group):
                source = f"{len(group)} {_SPLIT_FILES} {vol_id}"
                if not docs:
                    raise no_documents(source)
                yield ReadVolume(volume, docs, source, "tei", group)
    for kind, path in copies:
        if kind == "text":
            from .text import read_text_file

            yield read_text_file(path)
        else:
            from .html import read_html_file

            yield read_html_file(path)


_SPLIT_FILES = "files of"  # a split volume's source: "140 files of frus1964-68v29p2"


def edition_source(source: str) -> bool:
    """Whether ``source``, as a ``ReadVolume`` names what it was read from (and the store
    keeps it), is an edition's TEI: a TEI file, or the files of a volume split in many."""
    tei = _SUFFIXES.get(Path(source).suffix.lower()) == "tei"
    return tei or bool(re.match(rf"\d+ {_SPLIT_FILES} ", source))


def no_documents(source: str) -> InputError:
    """The error for TEI with no document in it (another edition's markup, say)."""
    return InputError('no documents: none of its divisions is a <div type="document">', source)


def _at_least_one(documents: Iterator[Document], source: str) -> Iterator[Document]:
    # Read to the end before the error, so a volume is never written without its documents.
    empty = True
    for doc in documents:
        empty = False
        yield doc
    if empty:
        raise no_documents(source)
