"""The shape of a word on its own, without its sentence: capitalised, listed, surname-shaped,
a compound, an inflected noun, a role, unknown to every lexicon.

Each test is weak alone; the rule modules combine them with context. They need only the lists
(lexicon, vocabulary), so every rule module can use them.
"""

from __future__ import annotations

import re
from functools import lru_cache

from spacy.tokens import Token

from klarsprak.privacy.names.lexicon import lexicon_proper_forms, ordinary_words
from klarsprak.privacy.names.vocabulary import (
    COMMON_WORD_ENDINGS,
    FUNCTION_WORDS,
    LOWER_CASE_WORD_ENDINGS,
    NOT_TITLE_ALONE,
    PARTICLE_ADVERBS,
    PERSONAL_NOUNS,
    ROLE_ENDINGS,
    SURNAME_ENDINGS,
    TITLE_HEADS,
    TITLES,
)

FOREIGN_CAPITALS = re.compile(r"^(?:Mc|Mac|O'|D'|Di|De|Le|La|Van|Von|Fitz)[A-ZÅÄÖ][a-zåäöéèü]+$"
                              r"|^(?:al|el|ul|bin|ibn|abu|Al|El|Abu|Bin)-[A-ZÅÄÖ][a-zåäöéèü]+$")


def _capitalised(token: Token) -> bool:
    """"Anna", double names such as "Ann-Charlotte" (each part capitalised), "McDermott", "al-Assad"."""
    return _capitalised_text(token.text)


@lru_cache(maxsize=65536)
def _capitalised_text(text: str) -> bool:
    if FOREIGN_CAPITALS.match(text):
        return True
    return all(part[:1].isupper() and part[1:].islower() and part.isalpha() and len(part) > 1
               for part in text.split("-"))


def _listed(lower: str, names: frozenset[str]) -> bool:
    """On the list as a whole ("ann-charlotte"), in every part ("anna-karin"), or in the genitive
    ("fatimas", "anderssons")."""
    if lower in names or ("-" in lower and all(part in names for part in lower.split("-"))):
        return True
    return lower.endswith("s") and len(lower) > 3 and lower[:-1] in names


def _surname_shaped(lower: str) -> bool:
    base = lower[:-1] if lower.endswith("s") and not lower.endswith("ss") else lower
    return lower.endswith(SURNAME_ENDINGS) or base.endswith(SURNAME_ENDINGS)


def _definite_compound(lower: str, words: frozenset[str]) -> bool:
    """"idrottskommentatorn", "skiddrottningen", "byggkoncernen": an ordinary noun in the definite
    form, though the lexicon lacks the compound. Surnames seldom end so ("Lövgren" does not:
    "gr" is no word). A first part of three letters needs a long head ("tågstationen"): names
    such as "Krystian" and "Bertalan" end in a short definite noun ("stian", "talan")."""
    for suffix in ("en", "n", "et", "na", "arna", "erna", "orna"):
        if lower.endswith(suffix) and len(lower) > len(suffix) + 4:
            for k in range(3, len(lower) - 4):
                head = lower[k:]
                if head in words and head[: -len(suffix)] in words and len(head) >= (5 if k >= 4 else 7):
                    return True
    return False


def _compound(lower: str, words: frozenset[str]) -> bool:
    """"ränteutgifter", "skyddsbehov", "friskolornas": two ordinary words joined (with a linking
    -s), the way Swedish makes nouns the lexicon cannot list. Used only for weak evidence, since
    surnames are often made so too ("Bergström")."""
    stem = lower.removesuffix("s")
    for word in {lower, stem}:
        for k in range(4, len(word) - 3):  # four letters a part at least: "dra" + "gana" is no compound
            head, tail = word[:k], word[k:]
            if tail in words and (head in words or (head.endswith("s") and head[:-1] in words)):
                return True
    return False


def _headed_compound(lower: str, words: frozenset[str]) -> bool:
    """"byggarbetsmiljösamordnarnas", "målnummer": a long Swedish word whose last part is an
    ordinary word of five letters or more, the head of a compound. Surnames are made so too
    ("Bergström"), so this only weighs against weak evidence."""
    return any(lower[k:] in words for k in range(3, len(lower) - 4))


def _is_role(lower: str, words: frozenset[str]) -> bool:
    """A title or a role noun that names the person after it."""
    if lower in TITLES or _title_form(lower):
        return True
    if not lower.isalpha() and "-" not in lower:
        return False
    return lower.endswith(ROLE_ENDINGS) and (lower in words or _definite_compound(lower, words)
                                              or "-" in lower)


@lru_cache(maxsize=65536)
def _title_form(lower: str) -> bool:
    """"kronofogden", "avdelningschef", "kammaråklagaren", "lagmannen": a compound of an official
    title's head, or the definite form of a title."""
    for base in (lower, lower[:-1], lower[:-2], lower[:-3]):
        if len(base) < 4 or not base.isalpha():
            continue
        if base != lower and base in TITLES and lower[len(base):] in ("n", "en", "et", "nen"):
            return True
        if base.endswith(TITLE_HEADS) and (base == lower or lower[len(base):] in ("n", "en", "nen")):
            return True
    return False


INFLECTIONS = ("arna", "erna", "orna", "en", "et", "na", "ar", "er", "or", "n")


def _inflected_noun(lower: str, words: frozenset[str]) -> bool:
    """An ordinary noun in the definite or the plural ("familjen", "barnen", "föräldrarna",
    "kvinnor"): a group or a thing, not a name. (The tagger's morphology is no help here: it
    calls "Lucian" definite.)"""
    for suffix in INFLECTIONS:
        if lower.endswith(suffix) and len(lower) > len(suffix) + 2:
            stem = lower[: -len(suffix)]
            if stem in words or stem + "a" in words or stem + "e" in words:
                return True
    return False


def _noun_form(lower: str, words: frozenset[str]) -> bool:
    """A definite, plural or genitive form of an ordinary noun ("kommunens", "nämnden"): names
    have none of these forms, though a name may be a word ("Dina", "Jade")."""
    stem = lower[:-1] if lower.endswith("s") else lower
    return _inflected_noun(lower, words) or (stem != lower and (_inflected_noun(stem, words) or stem in words)
                                             and stem.endswith(("en", "et", "na", "ns")))


def _verbal_noun(lower: str, words: frozenset[str]) -> bool:
    """"ledsagning", "bäddning", "avlösning": a noun made of a verb the lexicon knows and -ning,
    though the lexicon lacks the noun (no name is made so; "Henning" is a listed name); and the
    nouns made with -het, -else, -itet and -ism ("dagverksamhet", "tillhörighet"), which no
    name of more than six letters ends with."""
    if len(lower) > 6 and lower.endswith(("het", "else", "itet", "ism")):
        return True
    return lower.endswith("ning") and len(lower) > 7 and lower[:-4] + "a" in words


def _unknown_word(lower: str, words: frozenset[str], compounds: bool = True) -> bool:
    """No lexicon knows the word, nor its base without a genitive -s, and it has no ordinary
    word's ending ("slutligen"); with ``compounds``, it is no compound of ordinary words either
    ("ränteutgifter"; inside a sentence, where Swedish writes compounds in lower case, names such
    as "Veneranda" would fail that test)."""
    if lower in words or lower in FUNCTION_WORDS or lower.endswith(COMMON_WORD_ENDINGS) or _verbal_noun(lower, words):
        return False
    if lower.endswith("s") and len(lower) > 3 and lower[:-1] in words:
        return False
    if _definite_compound(lower, words) or _definite_compound(lower.removesuffix("s"), words):
        return False  # "Kirurgkliniken", "Näringsdepartementet": an ordinary noun in the definite form
    return not (compounds and _compound(lower, words))


def _unknown_lower(token: Token, words: frozenset[str]) -> bool:
    """A lower-case word of four letters or more (so no "bup" or "lss") that no lexicon knows."""
    return _unknown_lower_text(token.text)


VOWELS = frozenset("aeiouyåäöéèáíóúü")


def _has_vowel(lower: str) -> bool:
    """Words have a vowel; abbreviations ("lss", "kbt") need none."""
    return not VOWELS.isdisjoint(lower)


@lru_cache(maxsize=65536)
def _unknown_lower_text(lower: str) -> bool:
    words = ordinary_words()
    if lower in lexicon_proper_forms():
        return lower.islower() and lower.isalpha() and len(lower) >= 4  # "silvian", "antons": a name's form
    return (lower.islower() and lower.isalpha() and len(lower) >= 4 and _unknown_word(lower, words)
            and not lower.endswith(LOWER_CASE_WORD_ENDINGS)
            and not (len(lower) >= 8 and lower.endswith(("ande", "ende")))  # "dåvarande": a participle
            and _has_vowel(lower) and not _pronominal_adverb(lower)
            and not _short_headed_compound(lower, words) and not _inflected_noun(lower, words)
            and not _linked_compound(lower))


# "därutöver", "härmed", "varvid", "således": a pronominal adverb (där-, här-, var- with a
# preposition or adverb) or an old manner adverb, words the lexicon often lacks.
ADVERB_PREFIXES = ("där", "här", "var", "dit", "hit", "vart")


def _pronominal_adverb(lower: str) -> bool:
    if lower.endswith("ledes"):
        return True
    return any(lower.startswith(prefix) and lower[len(prefix):] in FUNCTION_WORDS | PARTICLE_ADVERBS
               for prefix in ADVERB_PREFIXES)


def _short_headed_compound(lower: str, words: frozenset[str]) -> bool:
    """"målbild", "läxhjälp": two ordinary words joined, the first perhaps without its last
    vowel ("läxa") or with a linking -s, the last of four letters or more."""
    for k in range(3, len(lower) - 3):
        head, tail = lower[:k], lower[k:]
        if tail in words and (head in words or head + "a" in words or head + "e" in words
                              or (head.endswith("s") and head[:-1] in words)):
            return True
    return False


@lru_cache(maxsize=65536)
def _linked_compound(lower: str) -> bool:
    """"mötesfri", "fyrfältsväg": two words joined by the linking -s, the last perhaps short."""
    words = ordinary_words()
    for k in range(5, len(lower) - 2):
        if lower[k - 1] != "s" or lower[k:] not in words:
            continue
        head = lower[: k - 1]
        # ("hyresavi": a final -a gives way to -es-, as in "hyresgäst")
        if head in words or head[-4:] in words or (head.endswith("e") and head[:-1] + "a" in words):
            return True
    return False


# Swedish agent nouns: "lärare", "kontrollant", "assistent", "terapeut", "sjuksköterska".
AGENT_SUFFIXES = ("are", "ör", "ist", "ant", "ent", "eut", "erska", "inna")
PERSONAL_HEADS = frozenset(PERSONAL_NOUNS | TITLES) - NOT_TITLE_ALONE


@lru_cache(maxsize=65536)
def _personal_noun(lower: str) -> bool:
    """A kinship word, a role, an agent noun or a personal noun, alone or as the head of a
    compound ("skolkurator", "mobilnummer", "klassföreståndare")."""
    if lower in PERSONAL_NOUNS or lower in TITLES or _is_role(lower, ordinary_words()):
        return True
    if lower.endswith(AGENT_SUFFIXES) and lower in ordinary_words():
        return True
    return any(lower[k:] in PERSONAL_HEADS for k in range(2, len(lower) - 3))
