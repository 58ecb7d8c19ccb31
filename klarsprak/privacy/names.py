"""Names of people: the tagger's proper nouns plus name lists and context.

A capitalised word is part of a name when it is on the first-name or surname list (Faker's
sv_SE lists of the most common Swedish names, shipped in data/), looks like a Swedish surname
(-sson, -berg, -ström …) next to another name part, or follows a cue such as "Hej", a title
("handläggare") or a signature line. Places and organisations (Helsingborg, Fontänhuset,
Socialförvaltningen) are not people.
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path

from spacy.tokens import Doc, Token

DATA = Path(__file__).resolve().parent / "data"
SURNAME_ENDINGS = ("sson", "son", "berg", "ström", "qvist", "kvist", "lund", "gren", "dahl", "holm",
                   "blad", "stedt", "sköld", "borg", "ander", "ell", "lin", "man", "mark", "ros", "vall")
GREETINGS = frozenset({"hej", "hejsan", "kära", "bästa", "angående", "ang.", "till"})
TITLES = frozenset("""handläggare socialsekreterare kurator kontaktperson biståndshandläggare enhetschef
    sekreterare chef läkare sköterska god man förvaltare ombud vårdnadshavare mamma pappa mor far son
    dotter bror syster make maka sambo barnet klienten sökanden""".split())
NOT_PEOPLE = frozenset("""helsingborg höganäs ängelholm landskrona malmö lund skåne sverige stockholm göteborg
    fontänhuset socialförvaltningen socialnämnden försäkringskassan arbetsförmedlingen skatteverket
    kommunen regionen förvaltningsrätten kronofogden migrationsverket polisen""".split())
ORGANISATION_ENDINGS = ("förvaltningen", "nämnden", "enheten", "huset", "kommun", "kassan", "verket",
                        "myndigheten", "centralen", "skolan", "gården", "mottagningen", "region", "rätten",
                        "tjänsten", "kontoret", "avdelningen", "boendet", "gruppen", "teamet", "staden",
                        "förbundet", "vården")


@lru_cache(maxsize=1)
def name_lists() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(first names, surnames, places), lower-cased."""

    def read(name: str) -> frozenset[str]:
        return frozenset(w.strip().lower() for w in (DATA / name).read_text(encoding="utf-8").splitlines() if w.strip())

    return read("first_names.txt"), read("last_names.txt"), read("places.txt") | NOT_PEOPLE


def _capitalised(token: Token) -> bool:
    """"Anna", and double names such as "Ann-Charlotte" (each part capitalised)."""
    return all(part[:1].isupper() and part[1:].islower() and part.isalpha() and len(part) > 1
               for part in token.text.split("-"))


def _listed(lower: str, names: frozenset[str]) -> bool:
    """On the list as a whole ("ann-charlotte") or in every part ("anna-karin")."""
    return lower in names or ("-" in lower and all(part in names for part in lower.split("-")))


def _not_a_person(token: Token) -> bool:
    lower = token.lower_
    _, _, places = name_lists()
    return lower in places or lower.endswith(ORGANISATION_ENDINGS)


def _cue_before(doc: Doc, i: int, text: str) -> bool:
    """A greeting, a title or a signature line right before the word (``text`` is ``doc.text``,
    passed in because spaCy rebuilds that string on every access)."""
    j = i - 1
    while j >= 0 and (doc[j].is_space or doc[j].text in {",", ":"}):
        if "\n" in doc[j].text:
            return _signature_above(text, doc[j].idx)
        j -= 1
    if j < 0:
        return False
    previous = doc[j]
    return previous.lower_ in GREETINGS or previous.lower_ in TITLES


def _signature_above(text: str, position: int) -> bool:
    """The last non-empty line before ``position`` is a closing such as "Med vänlig hälsning"."""
    end = position
    while end > 0 and text[end - 1].isspace():
        end -= 1
    line = text[text.rfind("\n", 0, end) + 1 : end].lower()
    return any(line.startswith(p) for p in ("med vänlig hälsning", "vänliga hälsningar", "hälsningar", "mvh"))


def _surname_follows(doc: Doc, i: int, surnames: frozenset[str], proper_noun: bool = False) -> bool:
    """"Anna Exempelsson ringer": a word is a first name when a surname follows it (a listed or
    surname-shaped word, or with ``proper_noun`` any word the tagger calls a proper noun)."""
    if i + 1 >= len(doc) or doc[i].whitespace_ != " ":
        return False
    following = doc[i + 1]
    return _capitalised(following) and (following.lower_ in surnames or following.lower_.endswith(SURNAME_ENDINGS)
                                        or (proper_noun and following.pos_ == "PROPN"))


def find_names(doc: Doc) -> Iterator[tuple[int, int]]:
    """Character spans of people's names (adjacent name words are one span)."""
    first_names, surnames, _ = name_lists()
    text = doc.text
    flags = [False] * len(doc)
    for i, token in enumerate(doc):
        if not _capitalised(token) or _not_a_person(token):
            continue
        lower = token.lower_
        listed = _listed(lower, first_names) or _listed(lower, surnames)
        sentence_start = token.is_sent_start
        if listed and (not sentence_start or token.pos_ == "PROPN" or _cue_before(doc, i, text)
                       or _surname_follows(doc, i, surnames)):
            flags[i] = True
        elif _cue_before(doc, i, text) and (token.pos_ in ("PROPN", "NOUN") or listed
                                      or _surname_follows(doc, i, surnames, proper_noun=True)):
            flags[i] = True  # "Hej Kalinda", "Angående Marvik Ekelundh": names no list holds
    # A capitalised noun or proper noun right after a name word belongs to the name, whether or
    # not it is on a list (Exempelsson, Ridderstad, Stad): masking too much is safer than leaking
    # a surname. Pronouns and other small words ("Hej Anna Du …") are left alone.
    for i in range(1, len(doc)):
        token = doc[i]
        if not (flags[i - 1] and not flags[i] and doc[i - 1].whitespace_ == " " and _capitalised(token)):
            continue
        if token.lower_ in surnames and not token.lower_.endswith(ORGANISATION_ENDINGS):
            flags[i] = True  # "Elin Lund": a surname, even if a town has the same name
        elif not _not_a_person(token) and (token.lower_.endswith(SURNAME_ENDINGS)
                                           or token.pos_ in ("PROPN", "NOUN", "ADJ", "X")):
            flags[i] = True
    i = 0
    while i < len(doc):
        if not flags[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(doc) and flags[j + 1] and doc[j].whitespace_ == " ":
            j += 1
        yield doc[i].idx, doc[j].idx + len(doc[j].text)
        i = j + 1
