"""``despatch check``: an editorial QA report for one volume."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .enrich.dates import misprinted_day
from .model import Document
from .store import Store

__all__ = ["CheckReport", "check_volume"]


@dataclass
class CheckReport:
    volume: str
    documents: int = 0
    problems: list[dict[str, str]] = field(default_factory=list)

    def add(self, kind: str, doc: str, detail: str) -> None:
        self.problems.append({"kind": kind, "document": doc, "detail": detail})

    def to_json(self) -> dict[str, Any]:
        counts: dict[str, int] = {}
        for p in self.problems:
            counts[p["kind"]] = counts.get(p["kind"], 0) + 1
        return {
            "volume": self.volume,
            "documents": self.documents,
            "counts": counts,
            "problems": self.problems,
        }

    def print(self, console: Console) -> None:
        data = self.to_json()
        # styled as text, not markup: a volume id is the user's ("[v]" must print as is)
        heading = Text(self.volume, style="bold")
        heading.append(
            f": {_count(self.documents, 'document')}, {_count(len(self.problems), 'problem')}"
        )
        console.print(heading, highlight=False)
        if not self.problems:
            return
        summary = Table(show_header=True)
        summary.add_column("kind")
        summary.add_column("count", justify="right")
        for kind, n in sorted(data["counts"].items()):
            summary.add_row(kind, str(n))
        console.print(summary)
        detail = Table(show_header=True)
        for col in ("kind", "document", "detail"):
            detail.add_column(col, overflow="fold")
        for p in self.problems:
            detail.add_row(p["kind"], p["document"], p["detail"])
        console.print(detail)


def _check_document(
    doc: Document, report: CheckReport, glossary: set[str], unglossed: dict[str, list[str]]
) -> None:
    if doc.recovery is not None:
        for warning in doc.recovery.warnings:
            kind = (
                "note without marker"
                if "has no marker" in warning
                else "marker without note"
                if "has no note" in warning
                else "recovery"
            )
            report.add(kind, doc.id, warning)
    numbers = [n.n for n in doc.notes if n.n is not None]
    for n in {x for x in numbers if numbers.count(x) > 1}:
        report.add("duplicate note number", doc.id, f"note {n} appears {numbers.count(n)} times")
    ints = [int(n) for n in numbers if n.isdigit()]
    if ints and ints != sorted(ints):
        report.add("notes out of order", doc.id, f"notes {ints}")
    for link in doc.links:
        if link.type in ("see", "printed-in", "enclosure") and not link.resolved:
            report.add("unresolved reference", doc.id, f"{link.target} ({link.evidence})")
    for mark in doc.marks:
        if mark.type == "ref" and mark.target and "#fn" in mark.target:
            target_doc, _, fn = mark.target.partition("#fn")
            if target_doc == doc.id and fn not in numbers:
                report.add("broken reference", doc.id, f"footnote {fn} does not exist")
        if mark.type == "person" and mark.ref and "/" not in mark.ref and mark.ref not in glossary:
            report.add("person not in glossary", doc.id, f"{mark.ref}")
        if mark.type == "person" and mark.ref is None and mark.source == "markup":
            text = doc.text_under(mark)
            unglossed.setdefault(text[mark.offset : mark.offset + mark.length], []).append(doc.id)


def _check_pages(doc: Document, report: CheckReport, last: int | None) -> int | None:
    """Arabic page numbers go up by one from break to break (roman front matter aside)."""
    for page in doc.pages:
        if not page.n.isdigit():
            continue
        n = int(page.n)
        if last is not None and n != last + 1:
            detail = f"page {n} follows page {last}"
            if n == last + 2:
                detail += f": {last + 1} missing"
            elif n > last + 2:
                detail += f": {last + 1}–{n - 1} missing"
            report.add("page out of sequence", doc.id, detail)
        last = n
    return last


def check_volume(store: Store, volume_id: str) -> CheckReport:
    """Markers and notes that do not match, unresolved and broken references, dates out of
    order or outside their chapter, printed pages out of sequence, people missing from the
    glossary; in the documents and in the chapters' headnotes."""
    vol = store.records.volume(volume_id)
    report = CheckReport(volume_id)
    unglossed: dict[str, list[str]] = {}
    glossary = {p.id for p in vol.persons}
    chapter_of: dict[str, str] = {}

    def walk(div: Any, dated_title: str) -> None:
        # the nearest enclosing division whose title names years ("Chapter 1: 1964")
        if re.search(r"\b(1[89]\d\d|20\d\d)\b", div.title or ""):
            dated_title = div.title
        for d in div.documents:
            chapter_of[f"{volume_id}/{d}"] = dated_title
        for c in div.children:
            walk(c, dated_title)

    for div in vol.divisions:
        walk(div, "")
    previous: Document | None = None
    last_page: int | None = None  # the printed pages run on through the volume
    for doc in store.records.documents(volume_id):
        store.records.resolve_links(doc)
        report.documents += 1
        _check_document(doc, report, glossary, unglossed)
        last_page = _check_pages(doc, report, last_page)
        dateline = next((b.text for b in doc.blocks if b.type == "dateline"), "")
        if bad := misprinted_day(dateline):
            report.add("no such day", doc.id, f"the dateline prints “{bad}”; dated by its month")
        if doc.date and doc.date.source == "dateline" and doc.date.min:
            if (
                previous is not None
                and previous.date
                and previous.date.source == "dateline"
                and previous.date.min
                and doc.date.min[:10] < previous.date.min[:10]
            ):
                report.add(
                    "date out of order",
                    doc.id,
                    f"{doc.date.min[:10]} comes after {previous.id} of {previous.date.min[:10]}",
                )
            years = [
                int(y) for y in re.findall(r"\b(1[89]\d\d|20\d\d)\b", chapter_of.get(doc.id, ""))
            ]
            year = int(doc.date.min[:4])
            if years and not min(years) <= year <= max(years):
                report.add(
                    "date outside chapter",
                    doc.id,
                    f"{doc.date.min[:10]} is outside “{chapter_of[doc.id]}”",
                )
            previous = doc
    # chapters' headnotes: their names, note numbers and references to this volume
    for heading in store.records.headings(volume_id):
        _check_document(heading, report, glossary, unglossed)
        targets = {m.target for m in heading.marks if m.type == "ref" and m.target}
        ours = {t for t in targets if t.startswith(f"{volume_id}/")}
        for target in sorted(ours - set(store.records.locate(ours))):
            report.add("unresolved reference", heading.id, f"{target} (chapter headnote)")
    for name, docs in sorted(unglossed.items(), key=lambda kv: -len(kv[1])):
        ids = sorted(set(docs), key=docs.index)
        report.add(
            "person not in glossary",
            ids[0],
            f"“{name}” is tagged {_times(len(docs))} in {_count(len(ids), 'document')} "
            f"({', '.join(i.rsplit('/', 1)[-1] for i in ids[:8])}"
            f"{', …' if len(ids) > 8 else ''}) without a glossary entry",
        )
    return report


def _times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"
