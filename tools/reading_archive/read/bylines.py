"""Bylines: what the byline line says, who wrote the article, and whom it credits.

A byline names people ("By Jane Doe and John Smith"), but as often it credits an agency, an
outlet or a desk ("By AFP, AP with Euronews", "By Staff, Agencies", "By Reuters staff"), or mixes
the two ("By Julian Borger and agencies", "By Daria Litvinova, Associated Press"). The page shows
the line as the article wrote it; citations name the people as authors, and the agencies and
outlets only when no person is named (as a corporate author, never as a person).

Plain text does not say which is which, so the rules lean one way: a part of the byline is a
person only when it looks like a personal name (two to five capitalised words, no word of an
outlet or a desk, not a known agency); anything else is a credit. Citing an agency as a person is
the error readers notice, so that is the one avoided. A curator overrides the result with
`authors:` in the article's sidecar.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BY = re.compile(r"^by\s+(.+)$", re.IGNORECASE)
# Between the names of a byline: commas, "and", "&", "with", "|", ";". ("with" joins a
# contributing agency: "Euronews with AFP, AP".)
_SEPARATORS = re.compile(r"\s*[,;|]\s*|\s+(?:and|with)\s+|\s*&\s*", re.IGNORECASE)
_WHERE = re.compile(r"^(.+?)\s+in\s+\S.*$")  # "Shaun Walker in Kyiv": where the reporter was
_REPORTING_BY = re.compile(r"^(?:additional\s+)?reporting\s+(?:by|from)\s+", re.IGNORECASE)
_INITIAL = re.compile(r"^(?:[^\W\d_]\.)+$")  # "J." "J.K."
_POSSESSIVE = re.compile(r"['’]s\b")
# A reporter named with the outlet: "Al Jazeera's Zein Basravi", "Jane Doe for The Guardian".
_OUTLETS_REPORTER = re.compile(r"^(.+?['’]s?)\s+(\S.*)$")
_REPORTER_FOR = re.compile(r"^(.+?)\s+for\s+(\S.*)$")
# Agencies run together: "AP/AFP/Reuters", "AP. AFP" (split only when each piece is a known agency:
# "RFE/RL" is one).
_AGENCY_JOINS = re.compile(r"\s*/\s*|\.\s+")

# Agencies and outlets whose names look like nothing else; matched as whole words. Acronyms are
# matched as written ("AP", not "ap"), names in any case.
_ACRONYMS = frozenset(
    "AFP AP UPI PA DPA dpa TASS RIA BBC CNN NBC CBS ABC NPR PBS DW RT RFE/RL EFE ANSA UNIAN WSJ "
    "NYT FT CNBC IRNA KCNA ANI PTI IANS ITV NHK KBS RFI TRT AA CGTN VOA MSNBC".split()
)
_OUTLETS = (
    "reuters",
    "bloomberg",
    "interfax",
    "interfax-ukraine",
    "xinhua",
    "kyodo",
    "yonhap",
    "anadolu",
    "ukrinform",
    "sputnik",
    "euronews",
    "france24",
    "france 24",
    "meduza",
    "al jazeera",
    "associated press",
    "agence france-presse",
    "agence france presse",
    "deutsche welle",
    "radio free europe",
    "radio liberty",
    "voice of america",
    "kommersant",
    "vedomosti",
    "izvestia",
    "ria novosti",
    "kyiv independent",
    "kyiv post",
    "politico",
    "axios",
    "newsweek",
    "economist",
    "spiegel",
    "le monde",
    "haaretz",
    "bellingcat",
    "mediazona",
    "hromadske",
    "suspilne",
    "yahoo",
)
_OUTLET_PATTERN = re.compile(
    r"\b(?:" + "|".join(re.escape(name) for name in _OUTLETS) + r")\b", re.IGNORECASE
)
# Words of the names of outlets and desks, never of a person's name.
_ORGANISATION_WORDS = frozenset(
    "news times post press agency agencies staff service services desk newsroom bureau wire wires "
    "media network television tv radio channel journal gazette gazeta herald tribune daily weekly "
    "magazine review telegraph guardian independent observer chronicle courier monitor reports "
    "reporters correspondents writers editors contributors editorial board team online digital "
    "international foundation institute council ministry office centre center group broadcasting "
    "corporation pravda novosti vesti".split()
)
# The last word of a role ("Russia editor", "Moscow correspondent"): who the person is, not a name.
_ROLE_WORDS = frozenset(
    "editor correspondent reporter writer columnist analyst contributor photographer producer "
    "chief anchor commentator presenter journalist".split()
)
_PARTICLES = frozenset(
    "de da das dos du di del della van von der den ter la le bin ibn al el y zu".split()
)
# What a credit may add to an organisation's name:
# "Reuters staff", "The Kyiv Independent news desk".
_DESK_WORDS = frozenset(
    "staff desk newsroom reporters correspondents writers editors team agencies wires".split()
)
_GENERIC_WORDS = _DESK_WORDS | frozenset("the our foreign wire services editorial board".split())
# A photo credit that names its own kind ("Photograph: Yoruk Isik/Reuters") needs no "Photo: ".
_CREDIT_LABEL = re.compile(
    r"^(?:photo(?:graph)?s?|pictures?|credits?|screenshots?|screen\s?grabs?|images?|illustrations?|"
    r"videos?|footage|graphics?|maps?|sources?|courtesy)\s*:",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Byline:
    """A byline as the article says it (after "By"), and what it names."""

    text: str  # shown as written: "AFP, AP with Euronews"
    authors: tuple[str, ...]  # people, in byline order
    credits: tuple[str, ...]  # agencies, outlets and desks, as the byline names them


def byline_text(paragraph: str) -> str | None:
    """What follows "By" when the paragraph is a byline line, else None."""
    match = _BY.match(paragraph)
    return match[1] if match else None


def parse_byline(text: str) -> Byline:
    """The people and the credits of a byline's text (links already reduced to their text)."""
    authors: list[str] = []
    credits: list[str] = []
    after_name = False  # a bare word after a name or a role is where it was filed: "…, Moscow"
    for part in _parts(text):
        kind = _kind(part)
        if kind == "person":
            authors.append(_without_place(part))
        elif kind == "credit" and not (after_name and _is_place(part)):
            credits.append(part)
        after_name = kind in ("person", "role") or (after_name and _is_place(part))
    return Byline(text.strip(), tuple(authors), tuple(credits))


def _parts(text: str) -> list[str]:
    """The names of a byline, in order; a reporter named with the outlet gives two."""
    parts = []
    for part in (p for p in _SEPARATORS.split(text.strip()) if p):
        part = _REPORTING_BY.sub("", part)
        if (match := _OUTLETS_REPORTER.match(part)) and _kind(match[2]) == "person":
            parts += [
                match[1].removesuffix("s").rstrip("'’"),
                match[2],
            ]  # "Al Jazeera's" names Al Jazeera
        elif (match := _REPORTER_FOR.match(part)) and _kind(match[1]) == "person":
            parts += [match[1], match[2]]
        elif part:
            parts += _agencies(part)
    return parts


def _agencies(part: str) -> list[str]:
    """Known agencies run together ("AP/AFP/Reuters") as one name each; any other part as it is."""
    pieces = [piece for piece in _AGENCY_JOINS.split(part) if piece]
    known = all(piece in _ACRONYMS or _OUTLET_PATTERN.fullmatch(piece) for piece in pieces)
    return pieces if len(pieces) > 1 and known else [part]


def _kind(part: str) -> str:
    """ "person", "role" (a person's job: "Moscow correspondent") or "credit"."""
    words = part.split()
    if not words or _names_organisation(part):
        return "credit"
    if words[-1].lower() in _ROLE_WORDS:
        return "role"
    return "person" if _is_personal_name(_without_place(part)) else "credit"


def _names_organisation(part: str) -> bool:
    words = part.split()
    return (
        any(word in _ACRONYMS for word in words)
        or any(word.lower().strip("'’") in _ORGANISATION_WORDS for word in words)
        or bool(_OUTLET_PATTERN.search(part))
        or bool(_POSSESSIVE.search(part))
        or "/" in part
    )


def _is_personal_name(part: str) -> bool:
    """Two to five words, each capitalised, an initial or a particle ("Ursula von der Leyen")."""
    words = part.split()
    if (
        not 2 <= len(words) <= 5 or any(c.isdigit() for c in part) or words[0].lower() == "the"
    ):  # "The Insider"
        return False
    return all(_is_name_word(word) for word in words) and words[-1].lower() not in _PARTICLES


def _is_name_word(word: str) -> bool:
    if word.lower() in _PARTICLES or _INITIAL.match(word):
        return True
    # "Dr." and "Jr." as well as "O'Brien" and "Tong-Hyung"
    letters = word.removesuffix(".").replace("-", "").replace("'", "").replace("’", "")
    return letters.isalpha() and word[:1].isupper()


def _without_place(part: str) -> str:
    """A name without where its reporter was: "Shaun Walker in Kyiv" → "Shaun Walker"."""
    match = _WHERE.match(part)
    return match[1] if match and _is_personal_name(match[1]) else part


def _is_place(part: str) -> bool:
    """One capitalised word naming no known agency: after a name, the place it was filed from."""
    return " " not in part and part[:1].isupper() and not _names_organisation(part)


def organisation(credit: str) -> str | None:
    """The agency or outlet a credit names ("Reuters staff" → "Reuters", "The Kyiv Independent
    news desk" → "The Kyiv Independent"); None for a desk of nobody in particular ("Staff",
    "Agencies", "the Editorial Board")."""
    words = credit.split()
    while words and words[-1].lower() in _DESK_WORDS:
        words.pop()
        if (
            words and words[-1].lower() == "news"
        ):  # "news desk", "news agencies": not "Bloomberg News"
            words.pop()
    if not words or all(word.lower() in _GENERIC_WORDS for word in words):
        return None
    return " ".join(words)


def corporate_authors(credits: tuple[str, ...] | list[str]) -> tuple[str, ...]:
    """The organisations that a byline without people credits, each once, in byline order: the
    authors to cite when no person is named."""
    named = (organisation(credit) for credit in credits)
    return tuple(dict.fromkeys(name for name in named if name))


def cited_authors(authors: tuple[str, ...], credits: tuple[str, ...]) -> tuple[str, ...]:
    """Who a citation (or a feed) names as the authors: the people of the byline; when it names
    none, the agencies and outlets it credits, as corporate authors ("AFP"); a desk of nobody
    in particular ("Staff", "Agencies") is no author at all."""
    return authors or corporate_authors(credits)


def photo_credit(credit: str) -> str:
    """A photo credit as the page shows it: labelled "Photo:" unless it names its own kind."""
    return credit if _CREDIT_LABEL.match(credit) else f"Photo: {credit}"
