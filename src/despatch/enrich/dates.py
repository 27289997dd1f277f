"""Dates: when a document was written, and dates mentioned in its text and notes.

Sources, best first: ``frus:doc-dateTime-min/max`` attributes; the dateline's ``date``
attributes (``when``/``from``/``to``/``notBefore``/``notAfter``, widened: a year is the whole
year); the dateline's printed text. Undated documents get a range inferred from their
neighbours in the volume (``source: inferred``). Time zones are kept only when printed.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re

from ..conventions import FOREIGN_MONTH_PATTERN, FOREIGN_MONTHS
from ..model import DocDate, Document, Mark

__all__ = [
    "date_document",
    "find_date_mentions",
    "inferred",
    "misprinted_day",
    "narrow_by_notes",
    "parse_dateline",
    "range_between",
    "widen",
]

MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m}
MONTHS.update({m.lower(): i for i, m in enumerate(calendar.month_abbr) if m})
MONTHS["sept"] = 9
_MONTH = (
    r"(January|February|March|April|May|June|July|August|September|October|November|"
    r"December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\.?"
)
# a quick test for any month name at all (no \b: it would stop the regex engine from
# skipping ahead by first letter)
_ANY_MONTH = re.compile(r"Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec")
# a day as older volumes also print it: "3d", "21st", "the 3d of March"
_DAY = r"(\d{1,2})(?:st|nd|rd|th|d)?(?![A-Za-z\d])"
# "May 5, 1965", "May 5–6", "May 5 and 6", and as the editors query or correct a day:
# "May 5?, 1965", "May 5 [6], 1965" (groups: month, day, second day, corrected day, year)
_MDY = re.compile(
    _MONTH
    + r"\s+"
    + _DAY
    + r"\??(?:\s*(?:[–-]|and|&)\s*(\d{1,2})|\s*\[(\d{1,2})\??\])?,?\s+(\d{4})"
)
# a span over a month's or a year's end: "September 30–October 1, 1980", "December 31,
# 1979–January 1, 1980"; and of months: "September 1980–January 1981", "May–June 1966"
_SPAN_DAYS = re.compile(
    _MONTH
    + r"\s+"
    + _DAY
    + r"(?:,?\s+(\d{4}))?\s*[–-]\s*"
    + _MONTH
    + r"\s+"
    + _DAY
    + r",?\s+(\d{4})"
)
_SPAN_MONTHS = re.compile(_MONTH + r"(?:,?\s+(\d{4}))?\s*[–-]\s*" + _MONTH + r",?\s+(\d{4})")
# a day before its month: "3 March", "3d March", "the 3d of March" (not "paragraph 3 of March")
_DAY_OF = r"(\d{1,2})(?:(?:st|nd|rd|th|d)(?:\s+of)?)?\s+"
_DMY = re.compile(_DAY_OF + _MONTH + r",?\s+(\d{4})")
_MY = re.compile(_MONTH + r",?\s+(\d{4})")
# Russia, Greece and the Ottoman Empire dated by the Julian calendar; despatches from there
# print both days, the Old Style first: "August 25 (September 6), 1899", "February 3/15,
# 1870", "December 20, 1869/January 1, 1870"
_TWO_DAYS = re.compile(
    _MONTH
    + r"\s+"
    + _DAY
    + r"(?:,?\s+(\d{4}))?\s*(?:/|\(\s*)(?:"
    + _MONTH
    + r"\s+)?"
    + _DAY
    + r"\s*\)?,?\s+(\d{4})"
)
# notes of foreign governments, printed in their language: "Paris, le 6 septembre 1899",
# "Madrid, 6 de septiembre de 1899", "Berlin, den 6. Juni 1899", "Roma, 1º maggio 1900"
_FOREIGN_DMY = re.compile(
    r"(?:\b(?:le|den|am|el|il)\s+)?(?<!\d)(\d{1,2})(?:er|\.|º|°)?\s+(?:de\s+)?("
    + FOREIGN_MONTH_PATTERN
    + r")"
    r"(?:\s+de)?,?\s+(\d{4})",
    re.IGNORECASE,
)
# the Julian calendar's lag behind the Gregorian: 10 days from 1582, 13 from 1900
_JULIAN_LAG = range(10, 14)
_Y = re.compile(r"\b(1[6-9]\d\d|20\d\d)\b")
_MD = re.compile(_MONTH + r"\s+" + _DAY + r"(?!,?\s+\d{4})")
_DM = re.compile(r"(?<![\d,])" + _DAY_OF + _MONTH + r"(?!,?\s+\d{4})")
# "the 3d instant" (of this month), "the 28th ultimo" (of last month), "the 5th proximo"
_RELATIVE = re.compile(
    r"(?<![\d,])(\d{1,2})(?:st|nd|rd|th|d)?\s+(inst(?:ant\b|\.|\b)|ult(?:imo\b|\.|\b)|prox(?:imo\b|\.|\b))"
)
_RELATIVE_HINTS = ("instant", "inst.", " inst ", "ultimo", "ult.", " ult ", "proximo", "prox.")
# "2:15 p.m.", "10 a.m.–1:20 p.m.", "7:30–9:45 p.m." (the first time without its own a.m. or
# p.m. only in a span), "0907Z", "10:30 EST"
_TIME = re.compile(
    r"(\d{1,2})(?::(\d{2}))?\s*(?:([ap])\.?\s*m\.?)?"
    r"(?:\s*[–-]\s*(\d{1,2})(?::(\d{2}))?\s*([ap])\.?\s*m\.?)?(?(3)|(?(4)|(?!)))"
    r"|(?<!\d)(\d{2})(\d{2})Z\b|(\d{1,2}):(\d{2})(?:\s*([A-Z]{1,4}))?"
    r"|(?<!\d)(\d{2})(\d{2})\s*h(?:ou)?rs\b",  # "1500 hours"
    re.IGNORECASE,
)
# a morning's span to noon: "10 a.m.–noon"
_TO_NOON = re.compile(r"\s*(?:[–-]|to)\s*(?:12\s+)?(noon|midnight)\b", re.IGNORECASE)
_LAST_CLAUSE = re.compile(r",\s*([^,]+?)\s*,?\s*$")
_WEEK_OF = re.compile(r"\bweek\s+of\s*$", re.IGNORECASE)


_RECEIVED = re.compile(r"[\[(]\s*Received\b", re.IGNORECASE)
_NOON = re.compile(r"\s*(?:[—–-]+|,)\s*(?:12\s+)?(noon|midnight)\b", re.IGNORECASE)


def _iso(d: dt.date, end: bool = False, time: tuple[int, int] | None = None) -> str:
    if time is not None:
        return f"{d.isoformat()}T{time[0]:02d}:{time[1]:02d}:00"
    return f"{d.isoformat()}T23:59:59" if end else f"{d.isoformat()}T00:00:00"


def _month_span(y: int, month: int) -> tuple[str, str] | None:
    """The month's first and last moments; None for a year no calendar here has ("0000")."""
    if not dt.MINYEAR <= y <= dt.MAXYEAR:
        return None
    last = calendar.monthrange(y, month)[1]
    return _iso(dt.date(y, month, 1)), _iso(dt.date(y, month, last), True)


def _year_span(y: int) -> tuple[str, str] | None:
    first, last = _month_span(y, 1), _month_span(y, 12)
    return (first[0], last[1]) if first and last else None


def _valid(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def widen(value: str) -> tuple[str, str] | None:
    """An ISO date, month, year, date-time or ``a/b`` interval → inclusive (min, max)."""
    value = value.strip()
    if "/" in value:
        a, _, b = value.partition("/")
        lo, hi = widen(a), widen(b)
        # (the ends in either order: "1965-03/1965-01" is still January to March)
        return (min(lo[0], hi[0]), max(lo[1], hi[1])) if lo and hi else None
    m = re.fullmatch(r"(\d{4})(?:-(\d{2})(?:-(\d{2})(T[\d:.]+(?:Z|[+-]\d{2}:?\d{2})?)?)?)?", value)
    if not m:
        return None
    y = int(m.group(1))
    if m.group(4):
        return value, value
    if m.group(3):
        d = _valid(y, int(m.group(2)), int(m.group(3)))
        return (_iso(d), _iso(d, True)) if d else None
    if m.group(2):
        mm = int(m.group(2))
        if not 1 <= mm <= 12:
            return None
        return _month_span(y, mm)
    return _year_span(y)


def parse_dateline(text: str) -> DocDate | None:
    """Read a printed dateline: "Washington, January 22, 1964." / "Moscow, undated" /
    "New York, September 25, 1980, 10 a.m.–1:20 p.m." / "[place not declassified],
    January 30, 1954, 0907Z" / "Moscow, 1200Z, 5 October 1980"."""
    clean = text.strip().rstrip(".")
    day: dt.date | None = None
    lo_hi: tuple[str, str] | None = None
    start = len(clean)
    m = _TWO_DAYS.search(clean) if "/" in clean or "(" in clean else None
    if m and (days := _old_and_new_style(m)):
        day, lo_hi = days
        start, end = m.start(), m.end()
    elif spanned := _span(clean):  # over a month's or a year's end, or of months
        m, lo_hi = spanned
        start, end = m.start(), m.end()
    elif m := _MDY.search(clean):
        year, month = int(m.group(5)), MONTHS[m.group(1).lower()]
        day = _valid(year, month, int(m.group(2)))
        other = m.group(3) or m.group(4)  # "May 5–6", "May 5 and 6", "May 5 [6]"
        if day and other and (last := _valid(year, month, int(other))) and last != day:
            lo_hi = (_iso(min(day, last)), _iso(max(day, last), True))
        elif day is None:  # "June 31": a misprint, but its month stands
            lo_hi = _month_span(year, month)
        start, end = m.start(), m.end()
    elif m := _DMY.search(clean):
        year, month = int(m.group(3)), MONTHS[m.group(2).lower()]
        day = _valid(year, month, int(m.group(1)))
        lo_hi = None if day else _month_span(year, month)
        start, end = m.start(), m.end()
    elif m := _FOREIGN_DMY.search(clean):
        year, month = int(m.group(3)), FOREIGN_MONTHS[m.group(2).lower()]
        day = _valid(year, month, int(m.group(1)))
        lo_hi = None if day else _month_span(year, month)
        start, end = m.start(), m.end()
    elif m := _MY.search(clean):
        lo_hi = _month_span(int(m.group(2)), MONTHS[m.group(1).lower()])
        start, end = m.start(), m.end()
    elif m := _Y.search(clean):
        lo_hi = _year_span(int(m.group(1)))
        start, end = m.start(), m.end()
    else:
        end = len(clean)
    if m is None or (day is None and lo_hi is None):  # no date, or none a calendar has
        return DocDate(
            None, None, text=text.strip(), place=_place(clean[:start]), source="dateline"
        )
    before = clean[:start]
    tz = None
    if day is not None and lo_hi is None:
        lo_hi = (_iso(day), _iso(day, True))
        # the time the message was sent, not when it was received ("[Received …—11:20 a.m.]")
        received = _RECEIVED.search(clean, end) if "eceived" in clean.lower() else None
        until = received.start() if received else len(clean)
        if hour := _NOON.match(clean, end, until):  # "September 6, 1941—noon"
            at = (12, 0) if hour.group(1).lower() == "noon" else (23, 59)
            lo_hi = (_iso(day, time=at), _iso(day, time=at))
        elif t := _TIME.search(clean, end, until) or _time_before(before):
            lo_hi, tz = _with_time(day, t, clean), _tz(t)
            if t.end() <= start:  # "Moscow, 1200Z, 5 October 1980": the time is no place
                before = clean[: t.start()]
        elif _WEEK_OF.search(before):  # "week of January 5, 1965": that day and six more
            lo_hi = (_iso(day), _iso(day + dt.timedelta(days=6), True))
    lo, hi = lo_hi
    if tz == "Z":
        lo, hi = lo + "Z", hi + "Z"
    return DocDate(lo, hi, text=text.strip(), place=_place(before), source="dateline", tz=tz)


def _time_before(text: str) -> re.Match[str] | None:
    """A time of day printed between the place and the date ("Moscow, 1200Z, 5 October
    1980"): the last clause before the date, when it is a time and nothing more."""
    clause = _LAST_CLAUSE.search(text)
    return _TIME.fullmatch(text, clause.start(1), clause.end(1)) if clause else None


def misprinted_day(text: str) -> str | None:
    """The date a dateline prints that no calendar has ("June 31, 1965", "30 February
    1966"), which dates the document to its month; None when there is none."""
    for pattern, day, month, year in ((_MDY, 2, 1, 5), (_DMY, 1, 2, 3)):
        m = pattern.search(text)
        if m is None:
            continue
        number = MONTHS[m.group(month).lower()]
        if _valid(int(m.group(year)), number, int(m.group(day))) is None:
            return m.group(0)
        return None
    return None


def _span(clean: str) -> tuple[re.Match[str], tuple[str, str]] | None:
    """A dateline's span of days over a month's or a year's end, or of months (their
    patterns ask for a dash between two month names, which no single day or month has)."""
    if "–" not in clean and "-" not in clean:
        return None
    for pattern, span_of in ((_SPAN_DAYS, _days_span), (_SPAN_MONTHS, _months_span)):
        if (m := pattern.search(clean)) and (span := span_of(m)):
            return m, span
    return None


def _days_span(m: re.Match[str]) -> tuple[str, str] | None:
    """``_SPAN_DAYS``'s first and last day, when they are days and in that order."""
    last_year = int(m.group(6))
    first = _valid(int(m.group(3) or last_year), MONTHS[m.group(1).lower()], int(m.group(2)))
    last = _valid(last_year, MONTHS[m.group(4).lower()], int(m.group(5)))
    if first is None or last is None or not first < last <= first + dt.timedelta(days=366):
        return None
    return _iso(first), _iso(last, True)


def _months_span(m: re.Match[str]) -> tuple[str, str] | None:
    """``_SPAN_MONTHS``'s first month's first day and last month's last, in that order."""
    last_year = int(m.group(4))
    first = (int(m.group(2) or last_year), MONTHS[m.group(1).lower()])
    last = (last_year, MONTHS[m.group(3).lower()])
    lo, hi = _month_span(*first), _month_span(*last)
    if not first < last or lo is None or hi is None:
        return None
    return lo[0], hi[1]


def _old_and_new_style(m: re.Match[str]) -> tuple[dt.date | None, tuple[str, str] | None] | None:
    """The day of a dateline printing two (``_TWO_DAYS``): the New Style day when the second
    is the first in the Gregorian calendar, else the two days' range ("September 6/7")."""
    year = int(m.group(6))
    first_month = MONTHS[m.group(1).lower()]
    second_month = MONTHS[m.group(4).lower()] if m.group(4) else first_month
    second = _valid(year, second_month, int(m.group(5)))
    first_year = int(m.group(3)) if m.group(3) else year
    if m.group(3) is None and first_month > second_month:  # "December 20/January 1, 1870"
        first_year -= 1
    first = _valid(first_year, first_month, int(m.group(2)))
    if first is None or second is None or second <= first:
        return None
    if (second - first).days in _JULIAN_LAG:
        return second, None
    return None, (_iso(first), _iso(second, True))


# a despatch's own number before the place, in nineteenth-century volumes ("No. 123.]")
_DESPATCH_NUMBER = re.compile(r"^Nos?\.\s*\d+[a-z]?\.?\]?\s*")
_UNDATED = re.compile(r",?\s*(?:undated|no date|n\.\s?d\b\.?).*$", re.IGNORECASE | re.DOTALL)
# what stands between a place and its date and is neither: a weekday, the editors'
# "early", "mid-", "ca.", a season, "week of", an opening bracket ("Washington, Tuesday,
# January 5", "Washington, late January 1965", "Washington, [January 5, 1965?]")
_BEFORE_DATE = re.compile(
    r"(?:^|[,\s\[(])\s*(?:(?:Sun|Mon|Tues|Wednes|Thurs|Fri|Satur)day|early|mid|late|ca|"
    r"circa|about|before|after|week\s+of|spring|summer|fall|autumn|winter)"
    r"[.\-\s]*$|[\[(]\s*$",
    re.IGNORECASE,
)
_SUPPLIED = re.compile(r"\[([^\[\]]+?),?\]")  # "[Washington,]": supplied by the editors


def _place(text: str) -> str | None:
    """The place of a dateline, from the text before its date: "No. 123.] Peking" →
    "Peking", "[Washington,]" → "Washington", "Moscow, undated [ca." → "Moscow"; a place the
    editors could not give stays as printed ("[place not declassified]")."""
    place = _UNDATED.sub("", _DESPATCH_NUMBER.sub("", text.strip()))
    place = place.strip().rstrip(",").strip()
    while (qualifier := _BEFORE_DATE.search(place)) is not None:
        place = place[: qualifier.start()].rstrip().rstrip(",").rstrip()
    if place.startswith("[") and "]" not in place:  # "[Moscow, undated]": its bracket went
        place = place[1:].strip()
    supplied = _SUPPLIED.fullmatch(place)
    if supplied and not re.search(r"\b(?:not|unknown|place)\b", supplied.group(1), re.I):
        place = supplied.group(1).strip()
    return place or None


def _hour(h: str, ampm: str | None) -> int:
    hour = int(h) % 12 if ampm else int(h)
    return hour + 12 if ampm and ampm.lower() == "p" else hour


def _with_time(day: dt.date, t: re.Match[str], text: str) -> tuple[str, str]:
    if t.group(1):
        start = (_hour(t.group(1), t.group(3) or t.group(6)), int(t.group(2) or 0))
        if not t.group(4) and (to := _TO_NOON.match(text, t.end())):
            stop = (12, 0) if to.group(1).lower() == "noon" else (23, 59)
            return _iso(day, time=start), _iso(day, time=stop)
        if t.group(4):
            stop = (_hour(t.group(4), t.group(6)), int(t.group(5) or 0))
            if not t.group(3) and start > stop:  # "11:30–1:15 p.m." began in the morning
                start = (_hour(t.group(1), "a"), start[1])
            return _iso(day, time=start), _iso(day, time=stop)
        return _iso(day, time=start), _iso(day, time=start)
    for hour, minute in ((7, 8), (9, 10), (12, 13)):  # "0907Z", "10:30", "1500 hours"
        if t.group(hour):
            at = (int(t.group(hour)), int(t.group(minute)))
            if at[0] < 24 and at[1] < 60:
                return _iso(day, time=at), _iso(day, time=at)
    return _iso(day), _iso(day, True)


def _tz(t: re.Match[str]) -> str | None:
    if t.group(7):
        return "Z"
    if t.group(11):
        return t.group(11)
    return None


def date_document(doc: Document) -> None:
    """Set ``doc.date`` from attributes or the dateline (leaves undated documents alone)."""
    if doc.date is not None and doc.date.source == "attribute":
        if doc.date.place is None and doc.date.text:  # the place is only in the dateline
            parsed = parse_dateline(doc.date.text)
            doc.date.place = parsed.place if parsed else None
        return
    dateline_i = next((i for i, b in enumerate(doc.blocks) if b.type == "dateline"), None)
    if dateline_i is None:
        return
    text = doc.blocks[dateline_i].text
    parsed = parse_dateline(text)
    for mark in doc.marks:
        if mark.type == "date" and mark.block == dateline_i and mark.when:
            widened = widen(mark.when)
            if widened:
                lo, hi = widened
                if parsed and parsed.min and parsed.min[:10] == lo[:10]:
                    lo, hi = parsed.min, parsed.max  # keep a printed time of day
                doc.date = DocDate(
                    lo,
                    hi,
                    text=text,
                    place=parsed.place if parsed else None,
                    source="dateline",
                    tz=parsed.tz if parsed else None,
                )
                return
    doc.date = parsed


def range_between(before: DocDate | None, after: DocDate | None) -> tuple[str, str] | None:
    """The range an undated document gets from its dated neighbours in the volume."""
    if before is None and after is None:
        return None
    lo = (before or after).min  # type: ignore[union-attr]
    hi = (after or before).max  # type: ignore[union-attr]
    if not lo or not hi:
        return None
    return (hi, lo) if lo[:10] > hi[:10] else (lo, hi)


def inferred(own: DocDate | None, span: tuple[str, str]) -> DocDate:
    """An inferred date that keeps what the dateline printed ("Moscow, undated")."""
    return DocDate(
        span[0],
        span[1],
        text=own.text if own else None,
        place=own.place if own else None,
        source="inferred",
    )


def narrow_by_notes(doc: Document, span: tuple[str, str]) -> tuple[str, str]:
    """Narrow a neighbours' range with full dates the document's own notes give ("The
    memorandum is dated January 5, 1965"): the source note first, then the others."""
    notes = sorted(doc.notes, key=lambda n: n.type != "source")
    for note in notes:
        days = [
            d
            for _, _, d in find_date_mentions(note.text, None)
            if span[0][:10] <= d <= span[1][:10]
        ]
        if days:
            return _iso(dt.date.fromisoformat(min(days))), _iso(
                dt.date.fromisoformat(max(days)), True
            )
    return span


def _nearest_year(month: int, day: int, anchor: dt.date) -> dt.date | None:
    best = None
    for y in (anchor.year - 1, anchor.year, anchor.year + 1):
        cand = _valid(y, month, day)
        if cand and (best is None or abs((cand - anchor).days) < abs((best - anchor).days)):
            best = cand
    return best


_MONTH_AT = re.compile(_MONTH)
_DAY_BEFORE = re.compile(r"(?<![\d,])" + _DAY_OF + "$")


def find_date_mentions(text: str, anchor: dt.date | None) -> list[tuple[int, int, str]]:
    """Dates written in running text → (offset, length, ISO date); partial dates ("September
    2", "16 November") resolve to the year that puts them nearest the document's own date.

    One scan for month names; each is then read in place as "Month D, YYYY", "D Month YYYY",
    "Month D" or "D Month".
    """
    out: list[tuple[int, int, str]] = []
    if anchor is not None and ("inst" in text or "ult" in text or "prox" in text):
        out = _relative_mentions(text, anchor)
    if not _ANY_MONTH.search(text):
        return out
    relative, out = out, []
    last_end = 0
    for month in _MONTH_AT.finditer(text):
        pos = month.start()
        if pos < last_end or (pos and text[pos - 1].isalpha()):
            continue
        day_before = _DAY_BEFORE.search(text, max(0, pos - 10), pos)
        found = None
        if m := _MDY.match(text, pos):
            d = _valid(int(m.group(5)), MONTHS[m.group(1).lower()], int(m.group(2)))
            found = (m.start(), m.end(), d)
        elif day_before and (m := _DMY.match(text, day_before.start())):
            d = _valid(int(m.group(3)), MONTHS[m.group(2).lower()], int(m.group(1)))
            found = (m.start(), m.end(), d)
        elif anchor is not None and (m := _MD.match(text, pos)):
            found = (
                m.start(),
                m.end(),
                _nearest_year(MONTHS[m.group(1).lower()], int(m.group(2)), anchor),
            )
        elif anchor is not None and day_before and (m := _DM.match(text, day_before.start())):
            found = (
                m.start(),
                m.end(),
                _nearest_year(MONTHS[m.group(2).lower()], int(m.group(1)), anchor),
            )
        if found and found[2] is not None and found[0] >= last_end:
            out.append((found[0], found[1] - found[0], found[2].isoformat()))
            last_end = found[1]
    return sorted(out + relative) if relative else out


def _relative_mentions(text: str, anchor: dt.date) -> list[tuple[int, int, str]]:
    """ "the 3d instant" → the 3rd of the anchor's month; "ultimo" the month before,
    "proximo" the month after."""
    out: list[tuple[int, int, str]] = []
    if not any(hint in text for hint in _RELATIVE_HINTS):  # "result", "instead"
        return out
    for m in _RELATIVE.finditer(text):
        shift = {"i": 0, "u": -1, "p": 1}[m.group(2)[0]]
        month = anchor.month + shift
        year = anchor.year + (month - 1) // 12
        d = _valid(year, (month - 1) % 12 + 1, int(m.group(1)))
        if d is not None:
            out.append((m.start(), m.end() - m.start(), d.isoformat()))
    return out


def mark_date_mentions(doc: Document) -> None:
    """Add ``date`` marks for dates in body blocks and notes (not the dateline: it is the
    document's own date, already marked)."""
    anchor = None
    if doc.date and doc.date.min:
        anchor = dt.date.fromisoformat(doc.date.min[:10])
    have = {(m.block, m.note, m.offset) for m in doc.marks if m.type == "date"}
    for i, block in enumerate(doc.blocks):
        if block.type in ("dateline", "head"):
            continue
        for off, length, when in find_date_mentions(block.text, anchor):
            if (i, None, off) not in have:
                doc.marks.append(Mark("date", off, length, block=i, when=when, source="detected"))
    for j, note in enumerate(doc.notes):
        for off, length, when in find_date_mentions(note.text, anchor):
            if (None, j, off) not in have:
                doc.marks.append(Mark("date", off, length, note=j, when=when, source="detected"))
