"""Source notes → repository, collection, series, file, box, folder, classification, handling,
drafting, provenance and remarks.

"Source: Carter Library, Plains File, President's Personal Foreign Affairs File, Box 5, USSR
(General): 9/77–12/80. No classification marking. Printed from the U.S.-edited translation."
"""

from __future__ import annotations

import re

from rapidfuzz import fuzz, process

from ..conventions import DECIMAL_FILE_PATTERN
from ..model import Document, SourceNote

__all__ = ["normalize_repository", "parse_source_note", "source_note_document"]

_LIBRARIES = {
    "truman": "Harry S. Truman Library",
    "eisenhower": "Dwight D. Eisenhower Library",
    "kennedy": "John F. Kennedy Library",
    "johnson": "Lyndon B. Johnson Library",
    "nixon": "Richard Nixon Library",
    "ford": "Gerald R. Ford Library",
    "carter": "Jimmy Carter Library",
    "reagan": "Ronald Reagan Library",
    "bush": "George H.W. Bush Library",
    "clinton": "William J. Clinton Library",
    "roosevelt": "Franklin D. Roosevelt Library",
    "hoover": "Herbert Hoover Library",
}
_REPOSITORIES = [
    (
        re.compile(r"^National Archives(?: and Records Administration)?$|^NARA$"),
        "National Archives and Records Administration",
    ),
    (re.compile(r"^(?:Department of State|State Department)$"), "Department of State"),
    (re.compile(r"^Central Intelligence Agency$|^CIA$"), "Central Intelligence Agency"),
    (re.compile(r"^Washington National Records Center$"), "Washington National Records Center"),
    (re.compile(r"^Library of Congress$"), "Library of Congress"),
    (re.compile(r"^National Security Council$"), "National Security Council"),
]
_CLASSIFICATION = re.compile(
    r"\b(Top Secret|Secret|Confidential|Limited Official Use|Official Use Only|Unclassified|"
    r"Restricted|No classification marking|Classification not declassified)\b"
)
_HANDLING = re.compile(
    r"\b(Nodis|Exdis|Limdis|Noforn|Eyes Only|Immediate|Priority|Flash|Operational Immediate|"
    r"Routine|Roger Channel|Official[–-]Informal|Sensitive|Personal|Cherokee|Niact|Exclusively "
    r"Eyes Only|Literally Eyes Only)\b",
    re.I,
)
_ABBREV = re.compile(
    r"(?:\b(?:Vol|No|Nos|Dept|Mr|Mrs|Dr|St|Jr|Sr|Gen|Ref|vol|pp?|Box|Lt|Col|"
    r"Adm|Amb|Sec|Gov)|\b[A-Z]|U\.S|U\.N)\.$"
)


_CANONICAL = sorted({c for _, c in _REPOSITORIES} | set(_LIBRARIES.values()))


def normalize_repository(name: str) -> str:
    name = name.strip()
    m = re.match(r"^(?:the )?(\w+)(?: Presidential)? Library$", name, re.I)
    if m and m.group(1).lower() in _LIBRARIES:
        return _LIBRARIES[m.group(1).lower()]
    for pattern, canonical in _REPOSITORIES:
        if pattern.match(name):
            return canonical
    # a misprint of a known name ("Washington Nationals Records Center") would be a
    # repository of its own in the facets: a letter or two off, it is the known one
    best = process.extractOne(name, _CANONICAL, scorer=fuzz.ratio, score_cutoff=94)
    if best is not None and len(name) >= 12:
        return best[0]
    return name


def _sentences(text: str) -> list[str]:
    out, start = [], 0
    for m in re.finditer(r"(?<=[.”\"])\s+(?=[A-Z“\"(\[])", text):
        candidate = text[start : m.start()]
        if _ABBREV.search(candidate[-12:]):
            continue
        out.append(candidate.strip())
        start = m.end()
    out.append(text[start:].strip())
    return [s for s in out if s]


def _split_parts(citation: str) -> list[str]:
    """Split on commas that are not inside parentheses."""
    parts, depth, cur = [], 0, ""
    for ch in citation:
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0:
            parts.append(cur.strip())
            cur = ""
        else:
            cur += ch
    parts.append(cur.strip())
    return [p for p in parts if p]


# The Department's decimal file, as volumes of 1910–1955 cite it with no archive named:
# "711.94/1234: Telegram", "File No. 893.00/1234.", several at once ("711.94/12,
# 793.94/34"); a lot file: "Lot 55 D 480"
_DECIMAL_FILE = re.compile(DECIMAL_FILE_PATTERN)
# the Central Foreign Policy File's document numbers: D (telegrams), P (paper), N (no film)
_ELECTRONIC_FILE = re.compile(r"[DPN]\d{6,7}[-–]\d{3,4}(?:(?:,| and) [DPN]\d{6,7}[-–]\d{3,4})*")
_DECIMAL_FILES = re.compile(
    r"^(?:File\s+Nos?\.\s*)?(?P<files>"
    + _DECIMAL_FILE.pattern
    + r"(?:(?:,\s*|;\s*|\s+and\s+)"
    + _DECIMAL_FILE.pattern
    + r")*)"
)
_LOT_FILE = re.compile(r"^Lot\s+\d+\s*[A-Z]\s*\d+\b")
# the kind of message after the citation, in notes of the 1930s–1950s: "…: Telegram"
_KIND = re.compile(
    r":\s*(?P<kind>(?:Circular\s+|Personal\s+and\s+)?(?:[Tt]elegram|[Aa]irgram|[Dd]espatch|"
    r"[Dd]ispatch|[Ii]nstruction|[Mm]emorandum|[Ll]etter|[Nn]ote|[Mm]essage|[Cc]able|"
    r"[Pp]araphrase)(?:\s+\([^)]*\))?)\s*$"
)


def parse_source_note(text: str) -> SourceNote:
    body = text.strip().strip("[]").strip()
    body = re.sub(r"^Sources?\s*[:,;]\s*", "", body)  # "Source, National Archives" is a misprint
    if _LOT_FILE.match(body):  # the Department's lot files: "Lot 55 D 480, China Files"
        body = "Department of State, " + body
    note = SourceNote()
    decimal = _DECIMAL_FILES.match(body)
    if decimal:  # the Department's own file, as older volumes cite it
        note.repository, note.collection = "Department of State", "Central Files"
        note.file = decimal.group("files")
        body = "File" + body[decimal.end() :]  # what follows, read as any note's sentences
    sentences = _sentences(body)
    if not sentences:
        return note
    citation = sentences[0].rstrip(".")
    rest = sentences[1:]
    remarks = []
    if ":" in citation and (kind := _KIND.search(citation)):
        citation = citation[: kind.start()]
        remarks.append(kind.group("kind") + ".")
    if not decimal:
        _read_citation(note, citation, rest)
    for sentence in rest:
        cls = _CLASSIFICATION.search(sentence)
        if note.classification is None and cls and cls.start() < 3:
            note.classification = cls.group(1)
            note.handling = [h.group(1) for h in _HANDLING.finditer(sentence[cls.end() :])]
            extra = re.sub(r"^[;,.\s]+", "", _HANDLING.sub("", sentence[cls.end() :])).strip(" ;.")
            if extra:
                remarks.append(extra)
        elif re.match(r"^(?:Drafted|Cleared|Approved|Prepared)\b", sentence):
            note.drafting = f"{note.drafting} {sentence}".strip() if note.drafting else sentence
        elif sentence.startswith("Printed from"):
            note.printed_from = sentence.rstrip(".")
        else:
            remarks.append(sentence)
    note.remarks = " ".join(remarks) or None
    return note


def _read_citation(note: SourceNote, citation: str, rest: list[str]) -> None:
    """The archive's citation (the note's first sentence): repository, collection, series,
    file, box and folder; a classification it carries goes to the front of ``rest``."""
    # "…, Box 5, USSR. Secret." — the classification may share the first sentence
    cls_in_first = _CLASSIFICATION.search(citation)
    if cls_in_first and cls_in_first.start() > 0 and citation[cls_in_first.start() - 2] in ".;":
        rest.insert(0, citation[cls_in_first.start() :])
        citation = citation[: cls_in_first.start()].rstrip(" .;")
    parts = _split_parts(citation)
    if parts:
        note.repository = normalize_repository(parts[0])
        parts = parts[1:]
    box_i = next((i for i, p in enumerate(parts) if re.match(r"^Box(?:es)?\s+\S", p)), None)
    if box_i is not None:
        note.box = re.sub(r"^Box(?:es)?\s+", "", parts[box_i])
        after = parts[box_i + 1 :]
        if after:
            note.folder = re.sub(r"^Folder\s+", "", ", ".join(after))
        parts = parts[:box_i]
    else:
        folder_i = next((i for i, p in enumerate(parts) if p.startswith("Folder ")), None)
        if folder_i is not None:
            note.folder = parts[folder_i][len("Folder ") :]
            parts = parts[:folder_i] + parts[folder_i + 1 :]
    # "Department of State, Central Files, 611.94/1–2456": a decimal file is a file, and so
    # is a telegram's number in the electronic files of 1973 on ("D800453–0925")
    files = [p for p in parts[1:] if _DECIMAL_FILE.fullmatch(p) or _ELECTRONIC_FILE.fullmatch(p)]
    parts = [p for p in parts if p not in files]
    if parts:
        note.collection = parts[0]
    if len(parts) > 1:
        note.series = parts[1]
    if len(parts) > 2 or files:
        note.file = ", ".join(parts[2:] + files)


def source_note_document(doc: Document) -> None:
    text = doc.source_note_text
    if text:
        doc.source_note = parse_source_note(text)
