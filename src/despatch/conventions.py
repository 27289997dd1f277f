"""What the editions print in forms of their own (foreign month names, the Department's
file numbers), for the readers and for enrichment alike."""

from __future__ import annotations

import re

__all__ = [
    "DECIMAL_FILE_PATTERN",
    "EDITION",
    "FOREIGN_MONTHS",
    "FOREIGN_MONTH_PATTERN",
    "outside_url",
]

# How a volume's full title begins: a copy's page label or a saved page's breadcrumb that
# begins so names the edition the copy is of
EDITION = "Foreign Relations of the United States"

# A foreign government's note is dated in its language (French, Spanish, German, Italian,
# Portuguese): "le 6 septembre 1899", "6 de septiembre de 1899", "den 6. Juni 1899".
FOREIGN_MONTHS: dict[str, int] = {
    name: month
    for month, names in enumerate(
        [
            "janvier enero januar gennaio janeiro",
            "février fevrier febrero februar febbraio fevereiro",
            "mars marzo märz maerz março marco",
            "avril abril april aprile",
            "mai mayo maggio maio",
            "juin junio juni giugno junho",
            "juillet julio juli luglio julho",
            "août aout agosto august",
            "septembre septiembre setiembre september settembre setembro",
            "octobre octubre oktober ottobre outubro",
            "novembre noviembre november novembro",
            "décembre decembre diciembre dezember dicembre dezembro",
        ],
        1,
    )
    for name in names.split()
}
# the names as one alternation, for a case-insensitive regular expression
FOREIGN_MONTH_PATTERN = "|".join(sorted(FOREIGN_MONTHS, key=len, reverse=True))

# The Department's decimal file, as volumes of 1910–1955 cite a document's source: "711.94/1234",
# "893.00/1234", "611.94/1–2456", "FW 740.0011 European War 1939/5678" (filed with)
DECIMAL_FILE_PATTERN = (
    r"(?:FW\s+)?\d{3}(?:\.[\dA-Za-z]+)?(?:\s[A-Z][A-Za-z]*(?:\s[A-Z][A-Za-z]*)*\s\d{4})?"
    r"/\d[\w–-]*"
)


# A FRUS volume's id ("frus1969-76v01", "frus1918Supp01v01"), then a document or a page of it
_FRUS_TARGET = re.compile(r"(frus\d{4}[\w-]*)(?:/(d\d+[a-z]?|pg_[\w.-]+)(?:#fn[\w.-]+)?)?")
_READING_ROOM = "https://history.state.gov/historicaldocuments/"


def outside_url(target: str) -> str | None:
    """Where a cross-reference that is not in the store can be read: a web address as
    the editors wrote it, or a FRUS volume, document or page at the Office of the
    Historian's reading room (history.state.gov, which keeps these addresses stable);
    else ``None``."""
    if re.fullmatch(r"https?://[^\s\"'<>]+", target):
        return target
    m = _FRUS_TARGET.fullmatch(target)
    if m is None:
        return None
    return _READING_ROOM + m.group(1) + (f"/{m.group(2)}" if m.group(2) else "")
