"""Page data: one function per page, returning what both the HTML and the JSON twin show."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from ..conventions import outside_url
from ..enrich.links import correspondence_thread
from ..enrich.people import same_person
from ..errors import NotFoundError
from ..export.cite import Citation, first_page
from ..model import Division, Document, Link, Mark, Volume
from ..query import highlight_query
from ..snippets import match_marks
from ..store import Store

__all__ = ["document", "home", "person", "term", "thread", "volume"]


def home(store: Store) -> dict[str, Any]:
    vols = store.records.volumes()
    return {
        "volumes": [
            {
                k: v[k]
                for k in (
                    "id",
                    "title",
                    "subseries",
                    "volume_number",
                    "volume_title",
                    "editors",
                    "year",
                    "doc_count",
                    "date_min",
                    "date_max",
                )
            }
            for v in vols
        ],
        "counts": store.records.counts(),
    }


def _toc(div: Division, summaries: dict[str, dict[str, Any]], vol: str) -> dict[str, Any]:
    return {
        "id": div.id,
        "type": div.type,
        "title": div.title,
        "notes": [n.to_json() for n in div.notes],
        "marks": [m.to_json() for m in div.marks],
        "documents": [summaries[f"{vol}/{d}"] for d in div.documents if f"{vol}/{d}" in summaries],
        "children": [_toc(c, summaries, vol) for c in div.children],
    }


def volume(store: Store, volume_id: str) -> dict[str, Any]:
    vol = store.records.volume(volume_id)
    summaries = {s["id"]: s for s in store.records.document_summaries(volume_id)}
    divisions = [d for top in vol.divisions for d in top.walk()]
    placed = {f"{volume_id}/{doc}" for d in divisions for doc in d.documents}
    loose = [s for k, s in summaries.items() if k not in placed]
    timeline = _timeline([s["date_min"] for s in summaries.values() if s["date_min"]])
    return {
        "volume": vol.to_json(),
        "toc": [_toc(d, summaries, volume_id) for d in vol.divisions],
        "documents_outside_divisions": loose,
        "timeline": timeline,
        "correspondents": _correspondents(store, vol),
        "persons": [p.to_json() for p in vol.persons],
        "terms": [t.to_json() for t in vol.terms],
        "sections": store.records.sections(volume_id),
        # cross-references in the headings' notes
        **_references(store, [m for d in divisions for m in d.marks]),
    }


def _correspondents(store: Store, vol: Volume) -> list[dict[str, Any]]:
    """Who wrote to whom most often in a volume, by the names search filters on (a glossary
    person's display name, anyone else's name as the heading gives it)."""
    pairs = store.records.correspondents(vol.id)
    names = {p.id: p.display_name for p in vol.persons}
    refs = {r for pair in pairs for r in (pair["sender"], pair["recipient"])}
    names |= store.records.person_display_names(r for r in refs if "/" in r)
    return [
        {
            "from": names.get(pair["sender"], pair["sender"]),
            "to": names.get(pair["recipient"], pair["recipient"]),
            "count": pair["count"],
        }
        for pair in pairs
    ]


def _references(
    store: Store, marks: Sequence[Mark], links: Sequence[Link] = (), also: Iterable[str] = ()
) -> dict[str, Any]:
    """``targets``: where in the store each reference of ``marks`` and ``links`` points
    (``RecordStore.locate``); ``outside``: where those not in the store can be read (a web
    address, a FRUS document at history.state.gov); ``known_titles``: the titles of the
    documents in the store and of ``also``."""
    targets = {m.target for m in marks if m.type == "ref" and m.target}
    targets |= {lk.target for lk in links}
    located = store.records.locate(targets)
    known = store.records.titles({*located.values(), *also})
    outside = {t: url for t in sorted(targets - located.keys()) if (url := outside_url(t))}
    return {
        "targets": dict(sorted(located.items())),
        "outside": outside,
        "known_titles": {k: v["title"] for k, v in sorted(known.items())},
    }


def _timeline(dates: list[str]) -> dict[str, Any]:
    """Documents per month (per year when the volume spans more than ten years)."""
    if not dates:
        return {"unit": None, "bins": []}
    years = sorted({int(d[:4]) for d in dates})
    by_month = years[-1] - years[0] < 10
    counts: dict[str, int] = {}
    for d in dates:
        key = d[:7] if by_month else d[:4]
        counts[key] = counts.get(key, 0) + 1
    if by_month:
        keys = [f"{y}-{m:02d}" for y in range(years[0], years[-1] + 1) for m in range(1, 13)]
        first, last = min(counts), max(counts)
        keys = [k for k in keys if first <= k <= last]
    else:
        keys = [str(y) for y in range(years[0], years[-1] + 1)]
    return {
        "unit": "month" if by_month else "year",
        "bins": [{"key": k, "count": counts.get(k, 0)} for k in keys],
    }


def year_bins(year_counts: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A search's year facet as bars: every year from the first to the last, at 0 where
    nothing matched (the facet lists only years that have matches)."""
    counts = {int(f["value"]): f["count"] for f in year_counts}
    if len(counts) < 2:
        return []
    return [{"key": str(y), "count": counts.get(y, 0)} for y in range(min(counts), max(counts) + 1)]


def document(
    store: Store, volume_id: str, local: str, q: str | None = None
) -> tuple[dict[str, Any], Document]:
    """The document as Document JSON plus navigation, incoming links and resolved titles;
    with a search query ``q``, where its words are (see :func:`matches`)."""
    doc = store.records.document(f"{volume_id}/{local}")
    store.records.resolve_links(doc)
    prev_id, next_id = store.records.neighbours(doc)
    volume = store.records.volume(volume_id)  # with its glossaries: read once
    names = {p.id: p.display_name for p in volume.persons}
    data = doc.to_json()
    data["navigation"] = {"previous": prev_id, "next": next_id}
    data["linked_from"] = store.records.links_to(doc.id)
    refs = {m.ref for m in doc.marks if m.type == "person" and m.ref}
    refs |= {*doc.sender, *doc.recipient, *doc.participants}
    # a copy's names are linked to other volumes' glossaries ("vol/p_X")
    names |= store.records.person_display_names(r for r in refs if "/" in r)
    data["persons"] = {ref: names[ref] for ref in sorted(refs) if ref in names}
    data |= _references(store, doc.marks, doc.links, [x for x in (prev_id, next_id) if x])
    data["volume_title"] = volume.title
    data["first_page"] = first_page(store, doc)
    _cite(data, Citation.of(volume, doc, data["first_page"]))
    data |= matches(doc, q)
    return data, doc


def matches(doc: Document, q: str | None) -> dict[str, Any]:
    """Where a search's words are in a document, for a reader who came from the search:
    ``query`` and ``matches``, each a ``match`` mark (in a block or a note, in reading
    order) with the words it covers. Nothing without a query."""
    if not q or not q.strip():
        return {}
    highlight = highlight_query(q)
    found = match_marks(doc, highlight) if highlight is not None else []
    out = []
    for m in found:
        text = doc.text_under(m)
        out.append(m.to_json() | {"text": text[m.offset : m.offset + m.length]})
    return {"query": q, "matches": out}


def section(
    store: Store, volume_id: str, local: str, q: str | None = None
) -> tuple[dict[str, Any], Document]:
    """A section of the front or back matter (preface, sources, …) as Document JSON, with
    the volume's other sections and its references located; with ``q``, its matches."""
    doc = store.records.section(f"{volume_id}/{local}")
    data = doc.to_json()
    volume = store.records.volume(volume_id)
    data["volume_title"] = store.records.volume_labels().get(volume_id, volume_id)
    data["sections"] = store.records.sections(volume_id)
    _cite(data, Citation.of(volume, doc, first_page(store, doc)))
    data |= _references(store, doc.marks)
    data |= matches(doc, q)
    return data, doc


def _cite(data: dict[str, Any], cite: Citation) -> None:
    """The note-style citation, and the fields reference managers read from the page."""
    data["citation"] = cite.text()
    data["citation_meta"] = [{"name": n, "content": c} for n, c in cite.meta_tags()]


def person(store: Store, volume_id: str, person_id: str) -> dict[str, Any]:
    """A glossary person, the documents naming them (and those they wrote, received or
    took part in), and the same name in other volumes."""
    p = store.records.person(volume_id, person_id)
    surname = p.name.partition(",")[0].strip()
    elsewhere = [
        (v, other.id, other.description)
        for v, other in store.records.persons_by_surname(surname, exclude_volume=volume_id)
        if same_person(other.name, p.name)
    ]
    refs = [(volume_id, person_id), *((v, i) for v, i, _ in elsewhere)]

    def documents_with(kind: str) -> list[dict[str, Any]]:
        found = [d for v, i in refs for d in store.records.mentioning(kind, i, v)]
        # names linked from text in other volumes point here as "volume/id"
        return found + [
            d for d in store.records.mentioning(kind, f"{volume_id}/{person_id}") if d not in found
        ]

    documents = documents_with("person")
    return {
        "volume": volume_id,
        "person": p.to_json(),
        "documents": documents,
        "timeline": _timeline([d["date_min"] for d in documents if d["date_min"]]),
        # what they wrote, what was sent to them, the conversations they took part in
        "from": documents_with("from"),
        "to": documents_with("to"),
        "participant": documents_with("participant"),
        "same_person_in": [{"volume": v, "id": i, "description": d} for v, i, d in elsewhere],
    }


def term(store: Store, volume_id: str, term_id: str) -> dict[str, Any]:
    t = store.records.term(volume_id, term_id)
    documents = store.records.mentioning("term", term_id, volume_id)
    return {
        "volume": volume_id,
        "term": t.to_json(),
        "documents": documents,
        "timeline": _timeline([d["date_min"] for d in documents if d["date_min"]]),
    }


def thread(store: Store, doc_id: str) -> dict[str, Any]:
    doc = store.records.document(doc_id)
    members = correspondence_thread(store.records, doc)
    if not members:
        raise NotFoundError(f"{doc_id} is not part of a correspondence thread")
    # a thread may cross volumes (a December despatch answered in the next year's volume)
    titles = {v["id"]: v["title"] for v in store.records.volumes()}
    volumes = {m["volume"]: titles.get(m["volume"], m["volume"]) for m in members if m["volume"]}
    return {
        "document": doc_id,
        "title": doc.title,
        "volume": doc.volume,
        "volumes": volumes,
        "thread": members,
    }
