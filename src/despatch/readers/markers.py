"""Footnote markers in copied text, resolved as one decision over a whole document.

Copied reading-room text glues note numbers to the text they follow: ``Carter1``,
``Muskie2—``, ``1980.3`` and, ambiguously, ``September 23`` (``September 2`` + note 3) or
``Document 2992``; some tools copy them as superscript characters (``Carter¹``), Markdown
and wiki-like copies in brackets (``Carter[^1]``, ``Carter[1]``). Every
glued digit run yields candidates (which suffix of it is a marker, how plausible what
remains is); a dynamic programme then picks, for notes 1..N in order, one candidate each at
strictly increasing positions, maximising the summed log-plausibility, with a penalty for a
note left without a marker.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

__all__ = ["SUPERSCRIPT_DIGITS", "Candidate", "choose_markers", "find_candidates"]

_RUN = re.compile(r"\d+(?![\w])")
# Some tools copy a superscript note number as a superscript character ("Carter¹"): no
# other reading of it is likely, and it is never part of a number the text printed.
SUPERSCRIPT_DIGITS = str.maketrans("⁰¹²³⁴⁵⁶⁷⁸⁹", "0123456789")
_SUPERSCRIPT_RUN = re.compile("[⁰¹²³⁴⁵⁶⁷⁸⁹]+")
# "Carter[1]", "Carter[^1]": a note number in brackets, glued to what it follows
_BRACKETED = re.compile(r"(?<=\S)\[\^?(\d{1,3})\]")
_MONTH_WORD = re.compile(
    r"(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?$"
)
_NUMBERED_WORD = re.compile(
    r"(?:Documents?|Doc\.|No\.|Nos\.|Box|Boxes|Folder|vol\.|Vol\.|Volume|p\.|pp\.|page|pages|"
    r"Telegram|Tel\.|telegram|paragraph|para\.|NSAM|NSC|RG|Lot|Section|section|Article|article|"
    r"Annex|Tab|Chapter|chapter|Part|part|Resolution|Memorandum|memorandum|airgram|Airgram|"
    r"Deptel|Embtel|Circular|circular)$"
)
MISSING_LOGP = math.log(0.02)


@dataclass
class Candidate:
    block: int
    run_start: int  # where the digit run starts in the block text
    cut: int  # the marker starts at run_start + cut
    marker: str
    p: float
    why: str
    run_id: int = 0
    length: int = 0  # the characters the marker takes in the text, when not its digits

    @property
    def start(self) -> int:
        return self.run_start + self.cut


def _prefix_plausibility(
    text: str, run_start: int, prefix: str, whole: str, documents: frozenset[str] = frozenset()
) -> tuple[float, str]:
    """How likely ``prefix`` is the number the text really printed, given the word before it."""
    before = text[:run_start].rstrip()
    word = before.split(" ")[-1] if before else ""
    value = int(prefix)
    whole_value = int(whole)
    if _MONTH_WORD.search(word):
        if 1 <= value <= 31 and prefix[0] != "0":
            if not 1 <= whole_value <= 31:
                return 0.95, f"{word} {prefix} is a date, {word} {whole} is not"
            return 0.8, f"{word} {prefix} is a valid day"
        return 0.01, f"{prefix} is no day of the month"
    if re.fullmatch(r"1[6-9]\d\d|20\d\d", prefix) and len(whole) > 4:
        return 0.9, f"{prefix} reads as a year; {whole} does not"
    if _NUMBERED_WORD.search(word):
        if prefix[0] == "0":
            return 0.05, f"{word} {prefix} has a leading zero"
        if word.startswith(("Document", "Doc")) and documents:
            if prefix in documents and whole not in documents:
                return 0.9, f"Document {prefix} exists; Document {whole} does not"
            if whole in documents and prefix not in documents:
                return 0.05, f"Document {whole} exists; Document {prefix} does not"
        return 0.6, f"{word} {prefix} is a plausible number"
    if before.endswith(("$", "£")) or re.search(r"[\d,]$", before):
        return 0.1, "part of a larger figure"
    if prefix[0] == "0":
        return 0.05, "leading zero"
    return 0.3, f"{prefix} is a number in running text"


def find_candidates(
    block: int, text: str, markers: set[str], documents: frozenset[str] = frozenset()
) -> list[Candidate]:
    """Every place in ``text`` where a note marker from ``markers`` could be glued.

    ``documents`` are the document numbers known to exist (those of the file being read):
    "Document 2992" is then read as Document 299 + note 2 when 299 exists and 2992 does not.
    """
    out: list[Candidate] = []
    for m in _RUN.finditer(text):
        run, start = m.group(), m.start()
        prev = text[start - 1] if start else ""
        for cut in range(len(run)):
            marker = run[cut:]
            if marker not in markers or (len(marker) > 1 and marker[0] == "0"):
                continue
            prefix = run[:cut]
            if not prefix:
                if not prev or prev.isspace():
                    continue  # a free-standing number is never a glued marker
                if prev.isalpha():
                    word = re.search(r"[A-Za-z]+$", text[:start])
                    w = word.group() if word else prev
                    if w.isupper() and len(w) <= 4:
                        p, why = 0.5, f"{w}{run} may be a designation"
                    else:
                        p, why = 0.95, f"glued to the word {w!r}"
                elif prev in "-/":
                    p, why = 0.15, f"after {prev!r}, may be part of a code"
                elif prev in ".,;:)]”’\"'—–?!":
                    p, why = 0.95, f"glued after {prev!r}"
                else:
                    p, why = 0.4, f"glued after {prev!r}"
            else:
                if prev.isalpha() or prev in "-/":
                    p, why = 0.05, "inside a code"
                else:
                    p, why = _prefix_plausibility(text, start, prefix, run, documents)
            after = text[m.end() : m.end() + 1]
            if after and after in ".,;:)]":
                # editors set markers after punctuation, not before it (423 of 424 anchors in
                # a FRUS volume are followed by a space or the end of the paragraph)
                p, why = p * 0.05, why + f"; but followed by {after!r}"
            out.append(Candidate(block, start, cut, marker, p, why))
    for m in _SUPERSCRIPT_RUN.finditer(text):
        marker = m.group().translate(SUPERSCRIPT_DIGITS)
        if marker in markers:
            out.append(Candidate(block, m.start(), 0, marker, 0.99, "printed as a superscript"))
    if "[" in text:
        for m in _BRACKETED.finditer(text):
            if m.group(1) in markers:
                why = "in brackets, as Markdown and wiki-like copies write it"
                out.append(Candidate(block, m.start(), 0, m.group(1), 0.99, why, 0, len(m.group())))
    return out


def choose_markers(
    candidates: list[Candidate], numbers: list[str]
) -> tuple[float, list[Candidate | None]]:
    """Best assignment of ``numbers`` (in order) to candidates at increasing positions."""
    cands = sorted(candidates, key=lambda c: (c.block, c.run_start, c.cut))
    run_ids: dict[tuple[int, int], int] = {}
    for c in cands:
        c.run_id = run_ids.setdefault((c.block, c.run_start), len(run_ids))
    size = len(cands)
    next_run = [size] * (size + 1)
    for j in range(size - 1, -1, -1):
        k = j + 1
        while k < size and cands[k].run_id == cands[j].run_id:
            k += 1
        next_run[j] = k
    n = len(numbers)
    neg = -1e18
    # f[i][j]: best score for notes i.. using candidates j..; choice[i][j] remembers the pick
    f = [[0.0] * (size + 1) for _ in range(n + 1)]
    pick: list[list[int]] = [[-2] * (size + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        row, nxt = f[i], f[i + 1]
        row[size] = nxt[size] + MISSING_LOGP
        pick[i][size] = -1
        for j in range(size - 1, -1, -1):
            best, how = nxt[j] + MISSING_LOGP, -1
            if row[j + 1] > best:
                best, how = row[j + 1], -3  # skip candidate j
            c = cands[j]
            if c.marker == numbers[i]:
                score = math.log(c.p) + nxt[next_run[j]]
                if score > best:
                    best, how = score, j
            row[j] = best if best > neg else neg
            pick[i][j] = how
    chosen: list[Candidate | None] = []
    i, j = 0, 0
    while i < n:
        how = pick[i][j]
        if how == -3:
            j += 1
            continue
        if how == -1:
            chosen.append(None)
            i += 1
            continue
        chosen.append(cands[how])
        j = next_run[how]
        i += 1
    return f[0][0], chosen
