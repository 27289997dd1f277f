"""The ``despatch`` command: thin commands that open the store, make one library call and map
domain errors to a one-line message and a non-zero exit."""

from __future__ import annotations

import contextlib
import functools
import html
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from . import __version__
from .errors import DespatchError, InputError
from .export import FORMATS, render_document
from .export.cite import CITATION_FORMATS

# Never markup: titles, file names and notes are the user's text ("[Page 5]", "[/]")
err = Console(stderr=True, markup=False)
DEFAULT_DB = "despatch.db"


def _errors(fn: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except DespatchError as exc:
            click.echo(f"despatch: error: {exc.message}", err=True)
            sys.exit(1)
        except BrokenPipeError:  # `despatch parse … | head`
            sys.exit(0)

    return wrapper


def _store(db: str, must_exist: bool = True):  # type: ignore[no-untyped-def]
    from .errors import StoreError
    from .store import Store

    if must_exist and not Path(db).exists():
        raise StoreError(f"{db}: no such store (run `despatch ingest PATH --db {db}` first)")
    with _RebuildProgress(db) as hook:
        return Store(db, rebuild_progress=hook)


class _RebuildProgress:
    """A progress bar that appears only if opening the store rebuilds its index."""

    def __init__(self, db: str) -> None:
        self.db = db
        self.progress: Progress | None = None

    def __enter__(self) -> Callable[[int, int], None]:
        return self.update

    def update(self, done: int, total: int) -> None:
        if self.progress is None:
            err.print(
                f"{self.db}: rebuilding the search index from the records "
                "(its format changed, it was damaged, or it did not match them)",
                soft_wrap=True,  # one line, however narrow the terminal
                highlight=False,
            )
            self.progress = Progress(
                TextColumn("indexing"),
                BarColumn(),
                TextColumn("{task.completed}/{task.total} texts"),
                TimeElapsedColumn(),
                console=err,
                disable=not err.is_terminal,
            )
            self.progress.start()
            self.task = self.progress.add_task("indexing", total=total)
        self.progress.update(self.task, completed=done, total=total)

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()


db_option = click.option("--db", default=DEFAULT_DB, show_default=True, help="Store file.")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="despatch")
def main() -> None:
    """despatch: documentary editions of diplomatic records, read, linked and searchable."""


MAX_AUTO_JOBS = 4


def _jobs(value: str) -> int:
    if value == "auto":
        # The writer's Python thread and tantivy's indexing thread share two cores; on 2
        # cores, workers gain nothing on volumes of real size (5-20 MB; docs/benchmarks.md).
        # Past four, the writer is the bottleneck, and each worker holds ~40 MB more: eight
        # would take a large volume's ingest past 300 MB in all.
        cores = os.cpu_count() or 1
        return min(max(cores - 2, 0), MAX_AUTO_JOBS)
    try:
        jobs = int(value)
    except ValueError:
        jobs = -1
    if not 0 <= jobs <= 64:
        raise click.BadParameter(
            f"{value!r}: a number from 0 to 64, or 'auto'", param_hint="--jobs"
        )
    return jobs


@main.command()
@click.argument("paths", nargs=-1, required=True)
@db_option
@click.option("--format", "fmt", default="auto", type=click.Choice(["auto", "tei", "text", "html"]))
@click.option(
    "--jobs",
    "-j",
    default="auto",
    show_default=True,
    help="Worker processes that read and enrich each large TEI volume file (4 MB and up) "
    "while this one writes: a number (0 reads in this process) or 'auto', one per core "
    "beyond the two the writer keeps busy (up to 4). See docs/benchmarks.md.",
)
@_errors
def ingest(paths: tuple[str, ...], db: str, fmt: str, jobs: str) -> None:
    """Ingest TEI volumes (files or folders), HTML pages or copied text into the store."""
    from .ingest import ingest_paths

    workers = _jobs(jobs)

    store = _store(db, must_exist=False)
    with Progress(
        SpinnerColumn(),
        TextColumn("{task.description}", markup=False),
        BarColumn(),
        TextColumn("{task.completed} documents"),
        TimeElapsedColumn(),
        console=err,
        transient=False,
        disable=not err.is_terminal,
    ) as progress:
        task = progress.add_task("reading", total=None)

        def hook(source: str, n: int) -> None:
            progress.update(task, description=Path(source).name, completed=n)

        summary = ingest_paths(store, list(paths), fmt, progress=hook, jobs=workers)
    store.close()
    click.echo(
        f"ingested {len(summary.volumes)} volume(s) ({', '.join(summary.volumes)}): "
        f"{summary.documents} documents, {summary.notes} notes, {summary.pages} pages "
        f"in {summary.seconds:.2f} s"
    )
    if summary.skipped:
        shown = ", ".join(summary.skipped[:5]) + (", …" if len(summary.skipped) > 5 else "")
        err.print(
            f"skipped {len(summary.skipped)} file(s) in the folders that are not TEI, HTML or "
            f"text (.xml, .html, .txt): {shown}",
            soft_wrap=True,
            highlight=False,
        )


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--format", "fmt", default="auto", type=click.Choice(["auto", "tei", "text", "html"]))
@click.option(
    "--to",
    "to",
    default="json",
    type=click.Choice([f for f in FORMATS if f not in CITATION_FORMATS]),
    help="Output: Document JSON Lines (default), copied text, TEI or Markdown.",
)
@click.option("--explain", is_flag=True, help="Print the recovery decisions to stderr.")
@click.option("--enrich/--no-enrich", default=True, help="Add dates, people, sources, links.")
@click.option("--db", default=None, help="Link names against this store's glossaries.")
@click.option(
    "--sections",
    is_flag=True,
    help="Also print each volume's front and back matter (preface, sources, appendices) in "
    "the same form, after its documents.",
)
@_errors
def parse(
    paths: tuple[str, ...],
    fmt: str,
    to: str,
    explain: bool,
    enrich: bool,
    db: str | None,
    sections: bool,
) -> None:
    """Read files without a store and print each document (Document JSON Lines).

    A PATH of - reads standard input (pasted text, a page, TEI), told apart by content."""
    from .enrich import CorpusPersons, Enricher, VolumeYears
    from .readers import read_paths

    corpus: CorpusPersons = []
    years: VolumeYears = {}
    officials = None
    if db and Path(db).exists():  # link names against an existing store's glossaries
        store = _store(db)
        corpus, officials, years = store.corpus_persons, store.officials_index(), store.volume_years
    with _stdin_as_file(paths) as named:
        for unit in read_paths(list(named), fmt):
            enricher = None
            for doc in unit.documents:
                if enrich:
                    enricher = enricher or Enricher(
                        unit.volume, corpus, officials, volume_years=years
                    )
                    enricher(doc)
                if explain and doc.recovery is not None:
                    _explain(doc)
                click.echo(render_document(doc, to), nl=to == "json")
            for section in unit.volume.sections if sections else ():
                click.echo(render_document(section, to), nl=to == "json")


_STDIN_SUFFIXES = {"tei": ".xml", "html": ".html", "text": ".txt"}


@contextlib.contextmanager
def _stdin_as_file(paths: tuple[str, ...]) -> Iterator[tuple[str, ...]]:
    """``paths`` with - replaced by a file holding standard input, named ``stdin`` (its
    documents are ``stdin/d5``); its errors name ``<stdin>``."""
    if "-" not in paths:
        yield paths
        return
    from .readers import detect_format

    data = sys.stdin.buffer.read()
    if not data.strip():
        raise InputError("nothing on standard input", "<stdin>")
    try:
        kind = detect_format(Path("stdin"), data[:4096])
    except InputError as exc:
        raise InputError(exc._bare, "<stdin>") from None
    with tempfile.TemporaryDirectory() as tmp:
        stdin = Path(tmp) / f"stdin{_STDIN_SUFFIXES[kind]}"
        stdin.write_bytes(data)
        try:
            yield tuple(str(stdin) if p == "-" else p for p in paths)
        except InputError as exc:
            if exc.path != str(stdin):
                raise
            raise InputError(exc._bare, "<stdin>", exc.line, exc.column) from None


def _explain(doc: Any) -> None:
    table = Table(
        title=f"{doc.id}: recovery decisions (confidence {doc.recovery.confidence:.2f})",
        show_lines=False,
    )
    for col in ("kind", "where", "decision", "why", "confidence"):
        table.add_column(col)
    for d in doc.recovery.decisions:
        table.add_row(d["kind"], d["where"], d["decision"], d["why"], f"{d['confidence']:.2f}")
    err.print(table)
    for warning in doc.recovery.warnings:
        err.print(
            Text.assemble(("warning:", "yellow"), f" {warning}"), highlight=False, soft_wrap=True
        )


@main.command()
@click.argument("doc_id")
@db_option
@click.option(
    "--format",
    "fmt",
    default="text",
    show_default=True,
    type=click.Choice(list(FORMATS)),
    help="The document (JSON, copied text, Markdown, TEI) or a reference to it (RIS, BibTeX).",
)
@click.option(
    "--style",
    default="seed",
    type=click.Choice(["seed", "web"]),
    help="Copied-text style for --format text.",
)
@_errors
def show(doc_id: str, db: str, fmt: str, style: str) -> None:
    """Print one document (ID like frus1964-68v29p2/d5, or d5 or 5 when only one volume
    has it) or section of the front matter (…/preface)."""
    from .export import cite_document

    store = _store(db)
    doc = store.find(doc_id)
    cite = cite_document(store, doc) if fmt in CITATION_FORMATS else None
    click.echo(render_document(doc, fmt, style, cite), nl=fmt == "json")


@main.command()
@click.argument("volume")
@db_option
@click.option(
    "--format",
    "fmt",
    default="tei",
    show_default=True,
    type=click.Choice(["tei", "jsonl"]),
    help="One TEI file (front matter, glossaries, divisions), or Document JSON Lines.",
)
@click.option("--output", "-o", type=click.Path(dir_okay=False), help="Write here, not stdout.")
@_errors
def export(volume: str, db: str, fmt: str, output: str | None) -> None:
    """Write a whole volume out of the store."""
    from .export import export_volume

    pieces = export_volume(_store(db), volume, fmt)
    if output is None:
        for piece in pieces:
            click.echo(piece, nl=False)
        return
    target = Path(output)
    partial = target.with_name(target.name + ".part")  # nothing half-written under its name
    try:
        with partial.open("w", encoding="utf-8") as out:
            out.writelines(pieces)
        partial.replace(target)
    except OSError as exc:  # no such folder, no space left, not allowed
        raise InputError(f"cannot write: {exc.strerror or exc}", str(target)) from None
    finally:
        partial.unlink(missing_ok=True)
    err.print(f"wrote {volume} to {target}", soft_wrap=True)


_SNIPPET_TAG = re.compile(r'(<mark>|</mark>|<span class="in-note">|</span>)')


def _snippet_text(snippet_html: str) -> Text:
    """A search snippet (escaped text, the query's words in ``<mark>``) for the terminal."""
    text, style = Text(style="dim"), None
    for piece in _SNIPPET_TAG.split(snippet_html):
        if piece == "<mark>":
            style = "bold"
        elif piece == '<span class="in-note">':
            style = "italic"
        elif piece in ("</mark>", "</span>"):
            style = None
        elif piece:
            text.append(html.unescape(piece), style=style)
    return text


# "-reversion" is the query's NOT, not an option: what no option is stays the query
@main.command(context_settings={"ignore_unknown_options": True})
@click.argument("query", default="")
@db_option
@click.option("--volume")
@click.option("--type", "subtype", help="Document subtype (historical-document, editorial-note).")
@click.option("--person", help="Person name as in the glossary, or volume/person-id.")
@click.option("--sender", help="Who wrote it: a name as --person takes it.")
@click.option("--recipient", help="Who it was sent to: a name as --person takes it.")
@click.option("--repository")
@click.option("--classification")
@click.option("--from", "date_from", help="YYYY, YYYY-MM or YYYY-MM-DD")
@click.option("--to", "date_to", help="YYYY, YYYY-MM or YYYY-MM-DD")
@click.option("--sort", default="relevance", type=click.Choice(["relevance", "date", "-date"]))
@click.option("--limit", default=10, show_default=True)
@click.option("--offset", default=0, show_default=True, help="Hits to skip: the next page.")
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON.")
@click.option("--csv", "as_csv", is_flag=True, help="Print the hits as CSV.")
@_errors
def search(
    query: str,
    db: str,
    volume: str | None,
    subtype: str | None,
    person: str | None,
    sender: str | None,
    recipient: str | None,
    repository: str | None,
    classification: str | None,
    date_from: str | None,
    date_to: str | None,
    sort: str,
    limit: int,
    offset: int,
    as_json: bool,
    as_csv: bool,
) -> None:
    """Search the store: words, "phrases", AND/OR/NOT, prefix*, title:/body:/notes:, filters."""
    from .search import SearchRequest
    from .search import search as run_search

    store = _store(db)
    result = run_search(
        store,
        SearchRequest(
            q=query,
            volume=volume,
            subtype=subtype,
            person=person,
            sender=sender,
            recipient=recipient,
            repository=repository,
            classification=classification,
            date_from=date_from,
            date_to=date_to,
            sort=sort,
            limit=limit,
            offset=offset,
        ),
    )
    if as_json:
        click.echo(json.dumps(result.to_json(), ensure_ascii=False))
        return
    if as_csv:
        click.echo(result.to_csv(), nl=False)
        return
    out = Console(markup=False)
    matches = "1 document matches" if result.total == 1 else f"{result.total:,} documents match"
    table = Table(title=f"{matches} {query!r}")
    if result.hits:
        shown = f"{offset + 1}–{offset + len(result.hits)} of {result.total:,}"
        more = f"; --offset {result.next_offset} for the next" if result.next_offset else ""
        table.caption = shown + more
    for col in ("id", "date", "title"):
        table.add_column(col, overflow="fold")
    for hit in result.hits:
        title = Text(hit.title or "(untitled)")
        if hit.snippet_html:  # the passage under the title, the query's words in bold
            title.append("\n").append_text(_snippet_text(hit.snippet_html))
        table.add_row(hit.id, hit.date or "undated", title)
    out.print(table)
    if result.undated:
        out.print(
            f"{result.undated} undated documents also match (not in the date range): "
            + ", ".join(result.undated_ids),
            highlight=False,
        )
    if result.suggestion:
        out.print(f"Did you mean: {result.suggestion}", highlight=False)


@main.command()
@db_option
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option(
    "--port", default=8000, show_default=True, type=click.IntRange(0, 65535), help="0: any free"
)
@_errors
def serve(db: str, host: str, port: int) -> None:
    """Serve the web reader and JSON API."""
    import socket

    import uvicorn

    from .errors import DespatchError
    from .web.app import create_app

    store = _store(db)
    app = create_app(store)
    # bound here, so that a port in use is a one-line error before the address is printed
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    try:
        sock = socket.create_server((host, port), family=family)
    except OSError as exc:
        reason = os.strerror(exc.errno) if exc.errno else str(exc)
        raise DespatchError(f"cannot listen on {host}:{port}: {reason}") from None
    shown = f"[{host}]" if family == socket.AF_INET6 else host
    click.echo(f"despatch reading room: http://{shown}:{sock.getsockname()[1]}/  (API docs: /docs)")
    uvicorn.Server(uvicorn.Config(app, log_level="warning")).run(sockets=[sock])


@main.command()
@click.argument("path")
@db_option
@_errors
def officials(path: str, db: str) -> None:
    """Import who held which post when (the Office of the Historian's POCOM data folder).

    Ingest afterwards gives each person a document names the post held on its date."""
    from .enrich.officials import load_pocom

    store = _store(db, must_exist=False)
    loaded = load_pocom(path)
    store.records.replace_officials(loaded)
    tenures = sum(len(o.tenures) for o in loaded)
    click.echo(f"imported {len(loaded)} officials with {tenures} dated posts into {db}")


@main.command()
@click.argument("volume", required=False)
@db_option
@click.option("--json", "as_json", is_flag=True)
@_errors
def check(volume: str | None, db: str, as_json: bool) -> None:
    """Editorial QA report for a volume (all volumes when none is named)."""
    from .check import check_volume

    store = _store(db)
    vols = [volume] if volume else [v["id"] for v in store.records.volumes()]
    reports = [check_volume(store, v) for v in vols]
    if as_json:
        click.echo(json.dumps([r.to_json() for r in reports], ensure_ascii=False))
        return
    out = Console(markup=False)
    for report in reports:
        report.print(out)
    if any(r.problems for r in reports):
        sys.exit(2)


if __name__ == "__main__":  # pragma: no cover
    main()
