"""Who wrote a document and to whom, read from its heading; who took part in a conversation.

Modern volumes name the genre in the heading: "Letter From Secretary of Defense McNamara to
Secretary of State Rusk", "Telegram From the Embassy in Japan to the Department of State".
Older volumes name only the parties, whatever the genre: "Mr. Fish to Mr. Motley." (1870s),
"The Ambassador in Japan (Grew) to the Secretary of State" (1930s–1950s), "Memorandum by the
Secretary of State to President Truman". A phrase is taken for a party only when it opens
with a form of address or a rank ("Mr.", "Sir", "Count", "President") or with "the" and an
office or institution ("the Chinese Minister", "the Consul General at Shanghai", "the British
Embassy"), so that "Notes of a Meeting to Discuss …" or "The Road to War" name nobody.
"""

from __future__ import annotations

import re

from ..model import Document
from .people import PersonIndex

__all__ = [
    "addressed",
    "parties_from_heading",
    "party_name",
    "set_participants",
    "set_parties",
]

_GENRE_PARTIES = re.compile(
    r"^(?:[\w-]+\s+){0,3}?(?:Letter|Telegram|Memorandum|Message|Note|Cable|Airgram|Despatch|"
    r"Dispatch|Instruction|Paper|Report|Backchannel Message)\s+From\s+(?P<parties>.+)$"
)
# offices named for where or to whom they are sent: "the Ambassador to Vietnam (Bunker)",
# "the Mission to the United Nations", "the Assistant to the President (Kissinger)"; the
# "to" after them is no reader's
_OFFICE_TO = re.compile(
    r"\b(?:Ambassador|Mission|Delegation|Delegate|Representative|Envoy|Emissary|Assistant|"
    r"Adviser|Advisor|Counselor|Counsellor|Commissioner|Minister|Consul|Liaison|Observer|"
    r"Nuncio|Attaché|Agent|Chargé(?: d’Affaires| d'Affaires)?)$"
)
# "Memorandum by the Secretary of State to President Truman": a writer, perhaps a reader
_BY_PARTIES = re.compile(
    r"^(?:Memorandum|Letter|Note|Message|Instruction|Aide-M[ée]moire)\s+by\s+(?P<rest>.+)$"
)
_ADDRESS = (
    r"(?:Mr|Mrs|Messrs|Miss|Mme|Mlle|M|Sir|Lord|Lady|Dr|Herr|Señor|Senor|Senhor|Signor|Count|"
    r"Countess|Baron|Baroness|Marquis|Marquess|Duke|Earl|Viscount|Prince|Princess|King|Queen|"
    r"Emperor|Empress|Pope|Sultan|Shah|Khedive|President|Vice\s+President|Secretary|Acting|"
    r"Under\s+Secretary|Assistant\s+Secretary|Ambassador|Minister|Chargé|Consul|Governor|"
    r"Senator|Representative|Congressman|Prime\s+Minister|Premier|Foreign\s+Minister|"
    r"Chancellor|General|Generalissimo|Marshal|Field\s+Marshal|Admiral|Rear\s+Admiral|"
    r"Vice\s+Admiral|Commodore|Captain|Commander|Colonel|Lieutenant|Major|Judge|Justice|"
    r"Bishop|Cardinal|Archbishop|Rev|Reverend|Chairman|Director|Viceroy|Regent|Taotai|Emir|Amir|"
    r"Rajah|Maharaja)"
)
_OFFICE = (
    r"(?:Secretary|Under|Assistant|Acting|Deputy|Ambassador|Minister|Ministry|Chargé|Charge|"
    r"Consul|Consulate|President|Vice|Embassy|Legation|Department|Government|Foreign|"
    r"Delegation|Delegate|Representative|Commissioner|Agent|Governor|Emperor|Empress|King|"
    r"Queen|Prince|Chancellor|Counselor|Counsellor|Attaché|Mission|Office|Premier|Prime|"
    r"Commander|Commanding|Chairman|Director|Administrator|Adviser|Advisor|Chief|High|Special|"
    r"Military|Naval|Pope|Sultan|Shah|Marquis|Duke|Earl|Senate|Committee|Council|Secretariat|"
    r"Nuncio|Envoy|Resident|Apostolic|Viceroy|Regent|Yam[eê]n)"
)
_PARTY = re.compile(
    r"(?:" + _ADDRESS + r"\b\.?\s+\S"  # "Mr. Fish", "President Roosevelt", "Sir E. Thornton"
    r"|[Tt]he\s+(?:[A-Z][\w’'.-]*\s+){0,3}?" + _OFFICE + r"\b)"  # "the Japanese Minister"
)
# a form of address or an office anywhere: "Soviet General Secretary Brezhnev" is a rank
# and a name, "Chiang Kai-shek" a name alone
_RANK_ANYWHERE = re.compile(r"\b(?:" + _ADDRESS + "|" + _OFFICE + r")\b")
# a Chinese or Korean given name as older volumes romanize it, after the family name:
# "Wu Ting-fang", "Li Hung-chang", "Sun Yat-sen" ("Lloyd-George" is one name)
_GIVEN_NAME = re.compile(r"[A-Z][a-z]+-[a-z]+")
# Chinese and Korean family names, which come first ("Mao Zedong", "Deng Xiaoping", "Kim Il
# Sung", "Park Chung Hee"): the common ones that are no English given name
_FAMILY_NAMES = (
    "Mao Deng Zhou Hua Zhao Hu Jiang Li Wang Zhang Chen Liu Yang Huang Wu Xu Sun Zhu Guo "
    "Lin Luo Gao Zheng Liang Xie Tang Feng Cao Peng Zeng Xiao Tian Dong Pan Yuan Cai Du "
    "Cheng Wei Su Lu Ding Ren Shen Yao Qian Qiao Geng Ji Kong Bo Chiang Chou Teng Kim "
    "Park Chun Roh Chung Choi Cho Yun Yi Shin Kang Ho"
)
_FAMILY_NAMES_FIRST = frozenset(_FAMILY_NAMES.split())
_NAME = re.compile(r"[A-Z][\w’'.-]+(?:\s+[A-Z][\w’'.-]+){0,4}")  # "Chiang Kai-shek"
# where a heading's last party ends: "Mr. Adams to Mr. Seward.—[Extract.]"
_PARTY_END = re.compile(r"\s*(?:[—\[:]|,\s)")


def _is_party(phrase: str, name_will_do: bool = False) -> bool:
    if _PARTY.match(phrase):
        return True
    return name_will_do and _NAME.fullmatch(phrase) is not None


def _bare_parties(title: str) -> tuple[str | None, str | None]:
    """ "Mr. Fish to Mr. Motley." → ("Mr. Fish", "Mr. Motley"); a heading that is not only
    its parties → (None, None)."""
    by = _BY_PARTIES.match(title)
    text = by.group("rest") if by else title
    for m in re.finditer(r"\s+to\s+", text):
        frm = text[: m.start()].strip()
        if not _is_party(frm):
            continue
        rest = text[m.end() :]
        end = _PARTY_END.search(rest)
        to = (rest[: end.start()] if end else rest).strip().rstrip(".").strip()
        if to and _is_party(to, name_will_do=True):
            return frm, to
    if by:  # "Memorandum by the Assistant Secretary of State (Berle)": a writer alone
        end = _PARTY_END.search(text)
        frm = (text[: end.start()] if end else text).strip().rstrip(".")
        if _is_party(frm):
            return frm, None
    return None, None


def parties_from_heading(title: str) -> tuple[str | None, str | None]:
    """ "Letter From Soviet General Secretary Brezhnev to President Carter" → the two phrases;
    "Mr. Fish to Mr. Motley." → ("Mr. Fish", "Mr. Motley")."""
    m = _GENRE_PARTIES.match(title)
    if m:
        return _writer_and_reader(m.group("parties"))
    return _bare_parties(title)


def _writer_and_reader(text: str) -> tuple[str | None, str | None]:
    """Where "From … to …" turns from writer to reader: after a name in parentheses if
    the writer has one ("the Ambassador to Vietnam (Bunker) to …"), else at the first "to"
    that follows no office sent somewhere ("the Mission to the United Nations to …")."""
    cuts = [m for m in re.finditer(r"\s+to\s+", text) if m.start() > 0]
    if not cuts:
        return None, None
    named = [m for m in cuts if text[: m.start()].endswith(")")]
    plain = [m for m in cuts if not _OFFICE_TO.search(text[: m.start()])]
    cut = (named or plain or cuts)[0]
    rest = text[cut.end() :]
    end = re.search(r",\s", rest)
    to = (rest[: end.start()] if end else rest).strip()
    return text[: cut.start()].strip(), to or None


def addressed(title: str) -> bool:
    """Whether a heading is only its writer and reader ("Mr. Fish to Mr. Motley", "The
    Ambassador in Japan (Grew) to the Secretary of State"), as older volumes title letters,
    despatches, instructions, notes and telegrams alike."""
    return " to " in title and all(_bare_parties(title))


def _each_party(phrase: str) -> list[str]:
    """ "Mr. Adams and Mr. Dayton" → both; "the Secretary of State and Mrs. Rusk" stays one
    unless each part is a party of its own."""
    parts = [p.strip() for p in re.split(r",\s+(?:and\s+)?|\s+and\s+", phrase) if p.strip()]
    if len(parts) > 1 and all(_is_party(p) for p in parts):
        return parts
    return [phrase]


def party_name(phrase: str) -> str:
    """The name a party phrase gives: "(Grew)", the surname after a form of address ("Mr.
    Fish", "Secretary of State Rusk"), a name alone, or an office named with "the" as
    printed ("the Embassy in Japan")."""
    paren = re.search(r"\(([^)]+)\)\s*$", phrase)
    if paren:
        return paren.group(1).strip()
    if re.match(r"[Tt]he\s", phrase):  # one spelling, whether it writes or reads
        return "the" + phrase[3:]
    # "Robert Hormats of the National Security Council Staff": the person, not the office
    of = re.match(r"(.+?)\s+of\s+(?:the\s+)?[A-Z]", phrase)
    staff = bool(of and _NAME.fullmatch(of.group(1)) and not _RANK_ANYWHERE.search(of.group(1)))
    if staff:
        phrase = of.group(1)  # type: ignore[union-attr]
    elif not _RANK_ANYWHERE.search(phrase):  # a name alone: "Chiang Kai-shek"
        return phrase
    words = re.findall(r"[A-Z][\w.’'-]+", phrase)
    names = [w for w in words if not _RANK_ANYWHERE.fullmatch(w.rstrip("."))]
    if len(words) > 2 and _GIVEN_NAME.fullmatch(words[-1]):
        return words[-2]  # "Mr. Wu Ting-fang" is Mr. Wu: the family name comes first
    if len(names) in (2, 3) and (
        names[0] in _FAMILY_NAMES_FIRST or (names[0] == "Lee" and len(names) == 3)
    ):
        return names[0]  # "Chairman Mao Zedong", "President Park Chung Hee", "Lee Kuan Yew"
    return words[-1] if words else phrase


def set_participants(doc: Document) -> None:
    """The people listed under a "PARTICIPANTS" heading (memoranda of conversation): each
    item's person (the editors' or the linker's mark) or, failing that, its text."""
    doc.participants = []
    in_list = False
    for i, block in enumerate(doc.blocks):
        if block.type == "head" and i > 0:
            in_list = block.text.rstrip(":").strip().upper() in ("PARTICIPANTS", "PRESENT")
            continue
        if not in_list or block.type != "item":
            in_list = in_list and block.type in ("item", "label")
            continue
        refs = [m.ref for m in doc.marks if m.type == "person" and m.block == i and m.ref]
        entry = refs[0] if refs else block.text.split(",")[0].strip()
        if entry and entry not in doc.participants:
            doc.participants.append(entry)


def set_parties(doc: Document, index: PersonIndex | None) -> None:
    """Fill ``from``/``to`` from the heading when the markup gave none, and the
    participants from a participants list."""
    set_participants(doc)
    if doc.sender and doc.recipient:
        return
    frm, to = parties_from_heading(doc.title)
    year = int(doc.date.min[:4]) if doc.date and doc.date.min else None
    for phrase, target in ((frm, doc.sender), (to, doc.recipient)):
        if not phrase or target:
            continue
        for party in _each_party(phrase):
            ref = None
            if index:
                hits = index.find(party, year, doc.title, fuzzy=False)
                ref = hits[-1][2] if hits else None
            who = ref or party_name(party)
            if who not in target:
                target.append(who)
