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

from klarsprak.analysis.lexicon import known_words

DATA = Path(__file__).resolve().parent / "data"
SURNAME_ENDINGS = ("sson", "son", "berg", "ström", "qvist", "kvist", "lund", "gren", "dahl", "holm",
                   "blad", "stedt", "sköld", "borg", "ander", "ell", "lin", "man", "mark", "ros", "vall")
GREETINGS = frozenset({"hej", "hejsan", "kära", "bästa", "angående", "ang.", "till"})
TITLES = frozenset("""handläggare socialsekreterare kurator kontaktperson biståndshandläggare enhetschef
    sekreterare chef läkare sköterska god man förvaltare ombud vårdnadshavare mamma pappa mor far son
    dotter bror syster make maka sambo barnet klienten sökanden sökande medsökande namn barn klient brukare
    brukaren patient patienten elev eleven hyresgäst hyresgästen mamman pappan modern fadern sonen dottern
    barnets""".split())
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


FUNCTION_POS = frozenset({"SCONJ", "CCONJ", "ADP", "PRON", "DET", "AUX", "PART", "ADV", "VERB"})
# Little words the lemma lexicon does not hold (it lists inflected words), and that start a
# sentence after a heading without a full stop.
FUNCTION_WORDS = frozenset("""om när till på i av med för från efter under över genom vid hos mot utan enligt
    mellan bland inom kring sedan då så nu här där inte också även redan bara just ännu alltid aldrig
    ofta kanske därför dock både varken att eftersom medan fast trots samt innan tills och men eller
    jag du han hon vi ni de den det man som sin sitt sina min din vår er deras hans hennes dess denna
    detta dessa vilken vilket vilka vem vad hur varför var ingen inget inga någon något några varje
    all alla allt många få flera sådan samma andra annan annat en ett såväl tvärtom dessutom""".split())


def _two_name_words(doc: Doc, i: int) -> bool:
    """"Zeynep Yilmaz kom": two capitalised words side by side, the second inside the sentence,
    neither a place or an organisation, read by the tagger as nouns. Swedish capitalises little
    else, so this finds names no list holds."""
    if i + 1 >= len(doc) or doc[i].whitespace_ != " ":
        return False
    token, following = doc[i], doc[i + 1]
    if not (_capitalised(following) and not following.is_sent_start and not _not_a_person(following)):
        return False
    # Headings run into the next sentence look the same: "Ålderspension Ålderspensionen är …"
    # (two ordinary words) or "Giftemål När man …" (an ordinary little word).
    words = known_words()
    if token.lower_ in GREETINGS or token.lower_ in TITLES:
        return False  # "Angående Marvik …", "Socialsekreterare Anna …": the cue, not the name
    if any(t.lower_ in FUNCTION_WORDS or (t.lower_ in words and t.pos_ in FUNCTION_POS) for t in (token, following)):
        return False
    return token.lower_ not in words or following.lower_ not in words


def _name_words(doc: Doc, text: str) -> list[bool]:
    """For each token: is it a word of a person's name?"""
    first_names, surnames, _ = name_lists()
    flags = [False] * len(doc)
    for i, token in enumerate(doc):
        if not _capitalised(token) or _not_a_person(token):
            continue
        lower = token.lower_
        listed = _listed(lower, first_names) or _listed(lower, surnames)
        if listed and (not token.is_sent_start or token.pos_ == "PROPN" or _cue_before(doc, i, text)
                       or _surname_follows(doc, i, surnames)):
            flags[i] = True
        elif _cue_before(doc, i, text) and (token.pos_ in ("PROPN", "NOUN") or listed
                                            or _surname_follows(doc, i, surnames, proper_noun=True)
                                            or (i + 1 < len(doc) and _capitalised(doc[i + 1]))):
            flags[i] = True  # "Hej Kalinda", "Sökande: Nour Haddad": names no list holds
        elif _two_name_words(doc, i):
            flags[i] = True
    found_alone = list(flags)  # before surnames are added: each of these is a name on its own evidence
    _add_surnames(doc, flags, surnames)
    _add_other_mentions(doc, flags, found_alone)
    return flags


def _add_surnames(doc: Doc, flags: list[bool], surnames: frozenset[str]) -> None:
    """A capitalised noun or proper noun right after a name word belongs to the name, whether or
    not it is on a list (Exempelsson, Ridderstad, Stad): masking too much is safer than leaking
    a surname. Pronouns and other small words ("Hej Anna Du …") are left alone."""
    for i in range(1, len(doc)):
        token = doc[i]
        if not (flags[i - 1] and not flags[i] and doc[i - 1].whitespace_ == " " and _capitalised(token)):
            continue
        if token.lower_ in surnames and not token.lower_.endswith(ORGANISATION_ENDINGS):
            flags[i] = True  # "Elin Lund": a surname, even if a town has the same name
        elif not _not_a_person(token) and (token.lower_.endswith(SURNAME_ENDINGS)
                                           or token.pos_ in ("PROPN", "NOUN", "ADJ", "X")):
            flags[i] = True


def _add_other_mentions(doc: Doc, flags: list[bool], found_alone: list[bool]) -> None:
    """Once "Leyla Khan" or "Hej Tolvan" is found, "Leyla berättade …" and "…, Tolvan, …"
    elsewhere in the text are the same people."""
    first_names, surnames, _ = name_lists()
    words = known_words()
    # Words found on their own evidence, and surnames that are no ordinary word: "Stad" in
    # "Karin Stad" must not mask every "Stad" in the text.
    known = {doc[i].lower_ for i, flag in enumerate(flags) if flag and not _not_a_person(doc[i])
             and (found_alone[i] or doc[i].lower_ in first_names or doc[i].lower_ in surnames
                  or doc[i].lower_ not in words)}
    for i, token in enumerate(doc):
        if not flags[i] and token.lower_ in known and _capitalised(token):
            flags[i] = True


def find_names(doc: Doc) -> Iterator[tuple[int, int]]:
    """Character spans of people's names (adjacent name words are one span)."""
    flags = _name_words(doc, doc.text)
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
