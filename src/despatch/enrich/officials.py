"""Officials: who held which post when, from the Office of the Historian's *Principal Officers
and Chiefs of Mission* (POCOM) data.

``load_pocom`` reads the POCOM folders (people, principal positions, country and
organisation missions, role titles) into :class:`Official` records with dated tenures;
``despatch officials PATH`` stores them. Enrichment then gives each person a document names
the post they held on the document's date ("Secretary Muskie" in 1980, "Ambassador
Reischauer" in Tokyo in 1964), and links "Secretary of State, E. Muskie" in text that has no
glossary to the official.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lxml import etree

from ..errors import InputError
from ..model import Document, Mark

__all__ = ["Official", "OfficialsIndex", "Tenure", "load_pocom", "mark_officials"]


@dataclass
class Tenure:
    role: str  # "Secretary of State", "Ambassador Extraordinary and Plenipotentiary"
    post: str | None  # "Japan" for a chief of mission; None for a principal officer
    start: str | None  # ISO date
    end: str | None

    def covers(self, day: str) -> bool:
        return (self.start or "0000") <= day <= (self.end or "9999")

    def to_json(self) -> dict[str, Any]:
        return {"role": self.role, "post": self.post, "start": self.start, "end": self.end}


@dataclass
class Official:
    id: str
    surname: str
    forename: str
    names: list[str] = field(default_factory=list)
    tenures: list[Tenure] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "surname": self.surname,
            "forename": self.forename,
            "names": self.names,
            "tenures": [t.to_json() for t in self.tenures],
        }

    @classmethod
    def from_json(cls, d: dict[str, Any]) -> Official:
        return cls(
            d["id"],
            d["surname"],
            d["forename"],
            list(d.get("names", [])),
            [Tenure(**t) for t in d.get("tenures", [])],
        )


def _text(el: etree._Element | None, path: str) -> str:
    if el is None:
        return ""
    found = el.find(path)
    return " ".join("".join(found.itertext()).split()) if found is not None else ""


def _date(el: etree._Element, what: str) -> str | None:
    value = _text(el, f"{what}/date")
    return value or None


def _parse(path: Path) -> etree._Element:
    try:
        return etree.parse(
            str(path), etree.XMLParser(resolve_entities=False, no_network=True)
        ).getroot()
    except etree.XMLSyntaxError as exc:
        raise InputError.from_xml(exc, path) from None


def load_pocom(root: str | Path) -> list[Official]:
    """Read a POCOM data folder (``people/``, ``positions-principals/``, ``missions-*``)."""
    root = Path(root)
    if not (root / "people").is_dir():
        raise InputError("not a POCOM folder (no people/ inside)", str(root))
    officials: dict[str, Official] = {}
    for path in sorted((root / "people").rglob("*.xml")):
        el = _parse(path)
        pid = _text(el, "id")
        surname, forename = _text(el, "persName/surname"), _text(el, "persName/forename")
        names = [f"{forename} {surname}".strip()]
        names += [" ".join("".join(a.itertext()).split()) for a in el.iterfind("persName/altname")]
        officials[pid] = Official(pid, surname, forename, [n for n in names if n])
    roles = {}
    for path in sorted((root / "roles-country-chiefs").glob("*.xml")):
        el = _parse(path)
        roles[_text(el, "id")] = _text(el, "names/singular") or _text(el, "id")
    for path in sorted((root / "positions-principals").glob("*.xml")):
        el = _parse(path)
        role = _text(el, "names/singular")
        for p in el.iterfind(".//principal"):
            who = officials.get(_text(p, "person-id"))
            if who is not None:
                who.tenures.append(
                    Tenure(
                        role, None, _date(p, "started") or _date(p, "appointed"), _date(p, "ended")
                    )
                )
    for folder in ("missions-countries", "missions-orgs"):
        for path in sorted((root / folder).glob("*.xml")):
            el = _parse(path)
            post = _text(el, "territory-id") or _text(el, "name") or path.stem
            post = post.replace("-", " ").title() if post == path.stem else post
            for chief in el.iterfind(".//chief"):
                who = officials.get(_text(chief, "person-id"))
                if who is None:
                    continue
                role = roles.get(_text(chief, "role-title-id"), _text(chief, "role-title-id"))
                who.tenures.append(
                    Tenure(
                        role,
                        post,
                        _date(chief, "started")
                        or _date(chief, "arrived")
                        or _date(chief, "appointed"),
                        _date(chief, "ended"),
                    )
                )
    return [o for o in officials.values() if o.tenures]


_TITLE_WORDS = {
    "secretary": ("Secretary",),
    "under secretary": ("Under Secretary",),
    "assistant secretary": ("Assistant Secretary",),
    "ambassador": ("Ambassador",),
    "deputy secretary": ("Deputy Secretary",),
    "counselor": ("Counselor",),
    "minister": ("Minister",),
    "chargé": ("Chargé",),
    "legal adviser": ("Legal Adviser",),
}
_TITLE_BEFORE = re.compile(
    r"(Deputy Secretary|Under Secretary|Assistant Secretary|Secretary|Ambassador|Chargé|"
    r"Counselor|Legal Adviser|Minister)(?: of State| to [A-Z][a-z]+)?,?\s+(?:[A-Z]\.\s*)*$"
)


def _role_matches(title: str, role: str) -> bool:
    title, role = title.lower(), role.lower()
    if title == "secretary":  # "Secretary" alone is the Secretary of State
        return role.startswith("secretary of state")
    if title == "ambassador":
        return "ambassador" in role
    return role.startswith(title)


class OfficialsIndex:
    def __init__(self, officials: list[Official]) -> None:
        self.by_surname: dict[str, list[Official]] = defaultdict(list)
        self.by_surname_id: dict[str, Official] = {}
        for o in officials:
            self.by_surname[o.surname].append(o)
            self.by_surname_id[o.id] = o

    def __bool__(self) -> bool:
        return bool(self.by_surname)

    def offices(
        self, surname: str, forename: str, day: str | None
    ) -> list[tuple[Official, Tenure]]:
        """Posts held on ``day`` by officials of that name (first name or initial agreeing)."""
        out = []
        for o in self.by_surname.get(surname, []):
            if forename and o.forename and forename[0].lower() != o.forename[0].lower():
                continue
            for t in o.tenures:
                if day is None or t.covers(day):
                    out.append((o, t))
        return out


def _surname_of(name: str) -> tuple[str, str]:
    """("Rusk", "Dean") from "Rusk, Dean" or "Dean Rusk"."""
    if "," in name:
        surname, _, rest = name.partition(",")
        return surname.strip(), rest.strip()
    parts = name.split()
    return (parts[-1], " ".join(parts[:-1])) if parts else ("", "")


def mark_officials(doc: Document, index: OfficialsIndex, names: dict[str, str]) -> None:
    """Fill ``doc.officials``: each named person's post on the document's date; and link
    "Secretary of State, E. Muskie"-style mentions that no glossary linked."""
    if not index:
        return
    day = doc.date.min[:10] if doc.date and doc.date.min else None
    found: dict[str, dict[str, Any]] = {}
    for mark in doc.marks:
        if mark.type != "person":
            continue
        text = doc.text_under(mark)
        mention = text[mark.offset : mark.offset + mark.length]
        name = names.get(mark.ref or "", "") or mention
        surname, forename = _surname_of(name)
        offices = index.offices(surname, forename, day) if day else []
        if len({o.id for o, _ in offices}) == 1:
            official, tenure = offices[0]
            found.setdefault(
                official.id,
                {"person": mark.ref or mention, "official": official.id, **tenure.to_json()},
            )
    # titled names no glossary knows: "Secretary of State, E. Muskie", "Ambassador Reischauer"
    spans = doc.texts()
    marked = doc.marked("person")
    for block, note, text in spans:
        taken = marked.get((block, note), [])
        for m in re.finditer(r"\b[A-Z][a-z]+(?:-[A-Z][a-z]+)?\b", text):
            surname = m.group()
            if surname not in index.by_surname or any(
                a < m.end() and m.start() < b for a, b in taken
            ):
                continue
            title = _TITLE_BEFORE.search(text[max(0, m.start() - 60) : m.start()])
            if not title:
                continue
            initials = re.findall(r"([A-Z])\.", title.group(0))
            candidates = [
                (o, t)
                for o, t in index.offices(surname, initials[0] if initials else "", day)
                if _role_matches(title.group(1), t.role)
            ]
            if len({o.id for o, _ in candidates}) != 1:
                continue
            official, tenure = candidates[0]
            doc.marks.append(
                Mark(
                    "person",
                    m.start(),
                    m.end() - m.start(),
                    block=block,
                    note=note,
                    ref=f"pocom:{official.id}",
                    source="detected",
                )
            )
            found.setdefault(
                official.id,
                {"person": f"pocom:{official.id}", "official": official.id, **tenure.to_json()},
            )
    # once identified, the official's later untitled mentions ("E. Muskie could agree") too
    identified = {o.surname: o for o in (index.by_surname_id.get(i) for i in found) if o}
    marked = doc.marked("person")  # again: the titled mentions just found count
    for block, note, text in spans:
        taken = marked.get((block, note), [])
        for surname, official in identified.items():
            for m in re.finditer(rf"\b{re.escape(surname)}\b", text):
                if not any(a < m.end() and m.start() < b for a, b in taken):
                    doc.marks.append(
                        Mark(
                            "person",
                            m.start(),
                            len(surname),
                            block=block,
                            note=note,
                            ref=f"pocom:{official.id}",
                            source="detected",
                        )
                    )
    doc.officials = list(found.values())
