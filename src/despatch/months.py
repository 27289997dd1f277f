"""Month names as the editions print them, for the readers and for enrichment alike."""

from __future__ import annotations

__all__ = ["FOREIGN_MONTHS", "FOREIGN_MONTH_PATTERN"]

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
