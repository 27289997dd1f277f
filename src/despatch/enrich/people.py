"""People: glossary persons linked in text without markup, and a document's from/to.

Mentions are found with an Aho–Corasick automaton over every person's name variants
("Robert S. McNamara", "McNamara", "R. S. McNamara"), case-sensitive and word-bounded;
misspelt surnames are caught with rapidfuzz. A surname shared by several people is settled
by the document itself (a fuller form of one of the names elsewhere in it), the title before
it ("President Johnson" against each person's description) and whether the document's date
falls in the years the description gives; when nothing settles it, no link is made.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache

import ahocorasick
from rapidfuzz import fuzz, process

from ..model import Document, Mark, Person

__all__ = ["PersonIndex", "mark_people", "mark_signature", "same_person"]

_TITLES = (
    "President",
    "Vice President",
    "Secretary",
    "Under Secretary",
    "Assistant Secretary",
    "Ambassador",
    "Prime Minister",
    "Foreign Minister",
    "Minister",
    "Governor",
    "General",
    "Admiral",
    "Senator",
    "Congressman",
    "Representative",
    "Director",
    "Chairman",
    "Ambassador-at-Large",
    "Chief",
    "Deputy",
    "Counselor",
    "Commissioner",
    "Premier",
    "Chancellor",
    "King",
    "Emperor",
    "Mayor",
    "Judge",
    "Justice",
    "Attorney General",
)
_SKIP_AFTER = re.compile(
    r"^(?:\s+(?:Library|Presidential|"
    r"Doctrine|Plan|Round|Papers|Center|Foundation|Act|Amendment))"
)


@dataclass
class _Entry:
    person: Person
    ref: str  # id as written in marks: bare within its own volume, else "volume/id"
    years: tuple[int, int] | None  # the years the description names
    surname: str
    given: str
    volume_years: tuple[int, int] | None = None  # the years the entry's volume documents


def _variants(person: Person) -> tuple[str, str, tuple[str, ...]]:
    return _name_variants(person.name, tuple(person.variants))


# One person is in the glossaries of many volumes, and an ingest of several volumes builds
# an index per volume over the same corpus: each name is analysed once.
@lru_cache(maxsize=200_000)
def _name_variants(name: str, variants: tuple[str, ...]) -> tuple[str, str, tuple[str, ...]]:
    surname, _, rest = name.partition(",")
    surname = surname.strip()
    given = rest.strip().partition(",")[0]
    given = given.strip()
    forms = {surname}
    names: list[str] = []
    if given:
        forms.add(f"{given} {surname}")
        # the names, without the rank a glossary gives before them ("General Earle G."): a
        # rank printed before the surname is left out of the name, as the editors mostly
        # tag it ("General <persName>Wheeler</persName>")
        title = _RANK.match(given)
        names = given[title.end() :].split() if title else given.split()
        if title and names:
            forms.add(f"{' '.join(names)} {surname}")
        first = names[0] if names else ""
        if len(first) > 2 and not first.endswith("."):
            forms.add(f"{first} {surname}")
            if len(names) > 1:  # "Lyndon B. Johnson" for "Lyndon Baines"
                initials = " ".join(f"{n[0]}." for n in names[1:] if n[0].isalpha())
                forms.add(f"{first} {initials} {surname}")
            forms.update(f"{nick} {surname}" for nick in _NICKNAMES.get(first, ()))
        if names:
            letters = [f"{n[0]}." for n in names if n[0].isalpha()]
            forms.add(f"{' '.join(letters)} {surname}")
            if len(letters) > 1:
                forms.add(f"{''.join(letters)} {surname}")  # "U.A. Johnson"
        # known by a later given name: "Alexis Johnson" for "U. Alexis"
        known_by = next((n for n in names[1:] if len(n) > 2 and not n.endswith(".")), None)
        if known_by and first.endswith("."):
            forms.add(f"{known_by} {surname}")
    forms.update(v for v in variants if v)
    return surname, " ".join(names), tuple(sorted(f for f in forms if len(f) >= 3))


# Ranks and forms of address a glossary may print before the given names
_RANK = re.compile(
    r"(?:(?:Lt\.|Lieutenant|Maj\.|Major|Brig\.|Brigadier|Rear|Vice|Air|Field|Fleet)\s+)?"
    r"(?:Gen\.|General|Adm\.|Admiral|Col\.|Colonel|Capt\.|Captain|Cdr\.|Commander|Marshal"
    r"|Dr\.|Mr\.|Mrs\.|Ms\.|Sir|Dame|Lord|Lady|Rev\.|Reverend|Father|Msgr\.|Cardinal"
    r"|Sen\.|Senator|Rep\.|Amb\.|Ambassador|Judge|Prince|Princess|Sheikh|Shaikh)\s+"
)
# The short names the records use for common English given names ("Cy Vance", "Doug
# Dillon", "Ros Gilpatric"): a form is the short name and the surname together, never alone
_NICKNAMES: dict[str, tuple[str, ...]] = {
    "Abraham": ("Abe",),
    "Albert": ("Al",),
    "Alexander": ("Alex",),
    "Alfred": ("Al", "Fred"),
    "Andrew": ("Andy",),
    "Anthony": ("Tony",),
    "Arthur": ("Art",),
    "Benjamin": ("Ben",),
    "Charles": ("Charlie", "Chuck"),
    "Christopher": ("Chris",),
    "Cyrus": ("Cy",),
    "Daniel": ("Dan",),
    "David": ("Dave",),
    "Donald": ("Don",),
    "Douglas": ("Doug",),
    "Edward": ("Ed", "Ted"),
    "Edwin": ("Ed",),
    "Eugene": ("Gene",),
    "Frederick": ("Fred",),
    "Gerald": ("Jerry",),
    "Gregory": ("Greg",),
    "Harold": ("Hal",),
    "Henry": ("Hank",),
    "Herbert": ("Herb",),
    "James": ("Jim", "Jimmy"),
    "John": ("Jack",),
    "Joseph": ("Joe",),
    "Kenneth": ("Ken",),
    "Lawrence": ("Larry",),
    "Leonard": ("Len",),
    "Michael": ("Mike",),
    "Nicholas": ("Nick",),
    "Patrick": ("Pat",),
    "Peter": ("Pete",),
    "Philip": ("Phil",),
    "Phillip": ("Phil",),
    "Raymond": ("Ray",),
    "Richard": ("Dick", "Rick"),
    "Robert": ("Bob", "Rob"),
    "Ronald": ("Ron",),
    "Roswell": ("Ros",),
    "Samuel": ("Sam",),
    "Stephen": ("Steve",),
    "Steven": ("Steve",),
    "Theodore": ("Ted",),
    "Thomas": ("Tom",),
    "Timothy": ("Tim",),
    "Walter": ("Walt",),
    "William": ("Bill",),
    "Zbigniew": ("Zbig",),
}


@lru_cache(maxsize=200_000)
def _years(description: str) -> tuple[int, int] | None:
    years = [int(y) for y in re.findall(r"\b(1[89]\d\d|20\d\d)\b", description)]
    if not years:
        return None
    lo, hi = min(years), max(years)
    if re.search(
        r"\b(?:from|since|after)\s+(?:[A-Z][a-z]+\s+(?:\d{1,2},\s+)?)?\d{4}\s*$", description
    ) or re.search(r"\bfrom [^;]*\d{4}$", description):
        hi = 2100  # "… from 1966" : still in office
    return lo, hi


class PersonIndex:
    """Name variants of a corpus's persons, ready to find mentions in plain text."""

    def __init__(
        self,
        persons: Sequence[tuple[str, Person]],
        home_volume: str | None = None,
        volume_years: Mapping[str, tuple[int, int]] | None = None,
    ):
        """``volume_years`` (volume → first and last year of its documents) lets a mention
        in a dated copy link to the entry of the volume that covers its date."""
        self.automaton = ahocorasick.Automaton()
        self.by_form: dict[str, list[_Entry]] = defaultdict(list)
        self.by_ref: dict[str, _Entry] = {}
        self.surnames: dict[str, list[_Entry]] = defaultdict(list)
        spans = volume_years or {}
        for volume, person in persons:
            surname, given, forms = _variants(person)
            ref = person.id if volume == home_volume else f"{volume}/{person.id}"
            years = _years(person.description)
            entry = _Entry(person, ref, years, surname, given, spans.get(volume))
            self.by_ref.setdefault(ref, entry)
            self.surnames[surname].append(entry)
            for form in forms:
                self.by_form[form].append(entry)
        for form in self.by_form:
            self.automaton.add_word(form, form)
        if self.by_form:
            self.automaton.make_automaton()
        self._surname_list = [s for s in self.surnames if len(s) >= 6]
        self._fuzzy: dict[str, str | None] = {}
        self._form_people: dict[str, list[list[_Entry]]] = {}  # see _grouped
        self._surname_people: dict[str, list[list[_Entry]]] = {}

    def __bool__(self) -> bool:
        return bool(self.by_form)

    def signed_names(self, ref: str) -> frozenset[str]:
        """The names a person may sign with alone: each given name that is no initial, and
        its short forms ("Walt", "Dean" of "David Dean", "Bob" of "Robert S.")."""
        entry = self.by_ref.get(ref)
        if entry is None:
            return frozenset()
        names = [n for n in entry.given.split() if len(n) > 2 and not n.endswith(".")]
        # and their initials, as a memorandum is initialled ("W.W.R.", "McG. B."), written
        # without dots or spaces: "WWR", "MCGB"
        initials = "".join(_initial(n) for n in [*entry.given.split(), entry.surname])
        return frozenset(
            names + [nick for n in names for nick in _NICKNAMES.get(n, ())] + [initials]
        )

    def find(
        self, text: str, year: int | None, doc_text: str, fuzzy: bool = True
    ) -> list[tuple[int, int, str, float]]:
        """(offset, length, person ref, confidence) for each mention in ``text``."""
        if not self:
            return []
        found: list[tuple[int, int, str]] = []
        for end, form in self.automaton.iter(text):
            start = end - len(form) + 1
            before = text[start - 1] if start else " "
            after = text[end + 1] if end + 1 < len(text) else " "
            if (
                before.isalnum()
                or after.isalnum()
                or (after in "-’'" and text[end + 2 : end + 3] not in ("s", ""))
            ):
                continue
            found.append((start, end + 1, form))
        # leftmost-longest, no overlaps
        found.sort(key=lambda f: (f[0], -(f[1] - f[0])))
        chosen: list[tuple[int, int, str]] = []
        for f in found:
            if not chosen or f[0] >= chosen[-1][1]:
                chosen.append(f)
        out = []
        for start, end, form in chosen:
            if _SKIP_AFTER.match(text[end : end + 16]):
                continue
            entry, conf = self._resolve(form, text, start, year, doc_text)
            if entry is not None:
                out.append((start, end - start, entry.ref, conf))
        if fuzzy:
            out.extend(self._misspelt(text, year, doc_text, [(s, e) for s, e, _ in chosen]))
        return sorted(out)

    def _resolve(
        self, form: str, text: str, start: int, year: int | None, doc_text: str
    ) -> tuple[_Entry | None, float]:
        people = _grouped(self.by_form, form, self._form_people)
        if len(people) == 1:
            single = _entry_for(people[0], year)
            if year and single.years and not (single.years[0] - 3 <= year <= single.years[1] + 3):
                return single, 0.6
            return single, 0.95 if " " in form else 0.9
        scored = []
        title = re.search(r"(" + "|".join(_TITLES) + r")\s+$", text[max(0, start - 40) : start])
        role = _role_before(text, start, start + len(form))
        # one person's entries in many volumes repeat names and descriptions: test each once
        named: dict[tuple[str, str], bool] = {}
        titled: dict[str, bool] = {}
        for entries in people:  # a person scores by the best of their glossary entries
            best: tuple[float, _Entry] | None = None
            for e in entries:
                score = 0.0
                key = (e.given, e.surname)
                if key not in named:
                    named[key] = _named_in(e.given, e.surname, doc_text)
                if named[key]:
                    score += 2
                if title:  # the title printed right before the name is the strongest evidence
                    description = e.person.description
                    if description not in titled:
                        titled[description] = title.group(1).lower() in description.lower()
                    score += 3 if titled[description] else -1
                if year and e.years:
                    score += 1 if e.years[0] <= year <= e.years[1] else -1
                if role:  # "the Assistant Secretary of State for Far Eastern Affairs (Bundy)"
                    score += 3 * len(role & _description_words(e.person.description)) / len(role)
                if best is None or score > best[0]:
                    best = (score, e)
            assert best is not None
            scored.append(best)
        scored.sort(key=lambda s: -s[0])
        if scored[0][0] > 0 and (len(scored) == 1 or scored[0][0] - scored[1][0] >= 1):
            return scored[0][1], 0.8
        return None, 0.0

    def _misspelt(
        self, text: str, year: int | None, doc_text: str, taken: list[tuple[int, int]]
    ) -> list[tuple[int, int, str, float]]:
        """Surnames misspelt in the copy ("Reischaur"), matched with rapidfuzz."""
        out = []
        for m in re.finditer(r"\b[A-Z][a-z]{5,}\b", text):
            token = m.group()
            if any(a <= m.start() < b for a, b in taken) or token in self.surnames:
                continue
            if token not in self._fuzzy:  # each distinct word is looked up once
                hit = (
                    None
                    if _is_word(token)
                    else process.extractOne(
                        token, self._surname_list, scorer=fuzz.ratio, score_cutoff=88
                    )
                )
                self._fuzzy[token] = hit[0] if hit else None
            surname = self._fuzzy[token]
            if surname is None:
                continue
            people = _grouped(self.surnames, surname, self._surname_people)
            if len(people) == 1:
                out.append((m.start(), m.end() - m.start(), _entry_for(people[0], year).ref, 0.6))
        return out


def _grouped(
    table: dict[str, list[_Entry]], key: str, cache: dict[str, list[list[_Entry]]]
) -> list[list[_Entry]]:
    """The entries under ``key`` grouped by person: one official is in the glossaries of
    many volumes ("Rusk, Dean" in each of the 1960s volumes), and those entries are one
    candidate, not rivals that make every mention of him ambiguous."""
    groups = cache.get(key)
    if groups is None:
        groups = []
        for entry in table[key]:
            for group in groups:
                if same_person(group[0].person.name, entry.person.name):
                    group.append(entry)
                    break
            else:
                groups.append([entry])
        cache[key] = groups
    return groups


# words of a role that say nothing of whose it is
_ROLE_NOISE = frozenset(
    "a an and at between by for from in letter memorandum of on telegram the to with".split()  # noqa: SIM905
)


def _role_before(text: str, start: int, end: int) -> frozenset[str] | None:
    """The words of the role printed before a surname in parentheses, as FRUS headings
    name people ("the President's Special Assistant (Rostow)"), or None."""
    if not start or text[start - 1] != "(" or text[end : end + 1] != ")":
        return None
    before = text[max(0, start - 121) : start - 1]
    before = before[before.rfind(")") + 1 :]  # not the role of the name before
    words = [_bare_word(w) for w in re.findall(r"[A-Za-z’']+", before)][-12:]
    return frozenset(w for w in words if w not in _ROLE_NOISE) or None


@lru_cache(maxsize=20_000)
def _description_words(description: str) -> frozenset[str]:
    return frozenset(_bare_word(w) for w in re.findall(r"[A-Za-z’']+", description))


def _bare_word(word: str) -> str:
    return word.lower().removesuffix("'s").removesuffix("’s")


def _named_in(given: str, surname: str, doc_text: str) -> bool:
    """Whether the document names the person in full ("Dean Rusk", "U. Alexis Johnson")."""
    if not given:
        return False
    first = given.split()[0]
    return f"{given} {surname}" in doc_text or (len(first) > 2 and f"{first} {surname}" in doc_text)


def _entry_for(entries: list[_Entry], year: int | None) -> _Entry:
    """Which of one person's glossary entries a mention links to: the document's own
    volume's; else, of the entries of volumes whose documents span the document's year (or
    of all, if none does), the first whose description's years hold it, else the first."""
    for entry in entries:
        if "/" not in entry.ref:
            return entry
    if not year:
        return entries[0]
    covering = [
        e for e in entries if e.volume_years and e.volume_years[0] <= year <= e.volume_years[1]
    ]
    for entry in covering or entries:
        if entry.years and entry.years[0] <= year <= entry.years[1]:
            return entry
    return (covering or entries)[0]


def _name_parts(name: str) -> tuple[str, list[str]]:
    """("rusk", ["dean"]) from "Rusk, Dean"; suffixes and punctuation dropped."""
    surname, _, rest = name.partition(",")
    given = rest.partition(",")[0]
    words = [w.strip(".").lower() for w in given.split() if w.strip(".")]
    return surname.strip().lower(), words


def same_person(a: str, b: str) -> bool:
    """Glossary names of one person across volumes: "Rusk, Dean" ~ "Rusk, D." ~
    "Rusk, David Dean" (a given name or its initial appears on both sides)."""
    sa, ga = _name_parts(a)
    sb, gb = _name_parts(b)
    if sa != sb:
        return False
    if not ga or not gb:
        return True
    for x in ga:
        for y in gb:
            if x == y or (min(len(x), len(y)) == 1 and x[0] == y[0]):
                return True
    return False


def _is_word(token: str) -> bool:
    from ..readers.text import _dictionary

    return _dictionary()[token.lower()] > 0  # type: ignore[index]


def _initial(name: str) -> str:
    """A name's initial as a signature writes it: "McGeorge" → "MCG", "Walt" → "W"."""
    mc = re.match(r"(Ma?c)([A-Z])", name)
    return (mc.group(1) + mc.group(2)).upper() if mc else name[:1].upper()


def mark_signature(doc: Document, index: PersonIndex) -> None:
    """A letter or memorandum signed with a given name alone ("Walt", "Bob", "Dean") or
    initialled ("W.W.R.", "McG. B."): a block that is only that is the sender's, when the
    heading names one sender whose name or initials they are."""
    if len(doc.sender) != 1:
        return
    names = index.signed_names(doc.sender[0])
    if not names:
        return
    marked = doc.marked("person")
    for i, block in enumerate(doc.blocks):
        name = block.text.strip(" .,;:")
        if len(name) <= 12 and re.sub(r"[\s.]", "", name).upper() in names:
            name = block.text.strip(" ,;:")  # initials: their last dot with them ("McG. B.")
        # (a paragraph that is a given name alone is a signature too, however it is tagged)
        elif name not in names:
            continue
        if i and not marked.get((i, None)):
            offset = block.text.index(name)
            doc.marks.append(
                Mark("person", offset, len(name), block=i, ref=doc.sender[0], source="detected")
            )


def mark_people(doc: Document, index: PersonIndex, fuzzy: bool = True) -> None:
    """Add ``person`` marks where the editors' markup has none (text input, or gaps)."""
    if not index:
        return
    year = int(doc.date.min[:4]) if doc.date and doc.date.min else None
    doc_text = "\n".join([*(b.text for b in doc.blocks), *(n.text for n in doc.notes)])
    marked = doc.marked("person")
    for block, note, text in doc.texts():
        taken = marked.get((block, note), [])
        for off, length, ref, _conf in index.find(text, year, doc_text, fuzzy=fuzzy):
            if any(a < off + length and off < b for a, b in taken):
                continue
            doc.marks.append(
                Mark("person", off, length, block=block, note=note, ref=ref, source="detected")
            )
