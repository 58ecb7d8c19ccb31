"""What the shipped lists and the lemma lexicon know about a word: first names and surnames,
the gazetteer of places and public bodies, organisation words, and the lexicon's ordinary words.

This is the evidence *against* a person as much as for one: a word on the gazetteer or with an
organisation's ending is ruled out before any context rule runs. Everything here is read once per
process and cached.
"""

from __future__ import annotations

import re
from functools import lru_cache

from klarsprak.analysis.lexicon import known_words
from klarsprak.privacy.names.vocabulary import (
    DATA,
    ORGANISATION_ENDINGS,
    ORGANISATION_HEAD_ENDINGS,
    ORGANISATION_HEADS_AFTER,
    ORGANISATION_HEADS_BEFORE,
)


def _read(name: str) -> list[str]:
    return [line.strip() for line in (DATA / name).read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


@lru_cache(maxsize=1)
def name_lists() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """(first names, surnames, one-word places and public bodies), lower-cased."""
    first = frozenset(w.lower() for w in _read("first_names.txt"))
    last = frozenset(w.lower() for w in _read("last_names.txt"))
    single = {p.lower() for p, _ in gazetteer_phrases() if " " not in p}
    return first, last, frozenset(single)


@lru_cache(maxsize=1)
def gazetteer_phrases() -> tuple[tuple[str, str], ...]:
    """(name, file) for every place and public body in the gazetteer, longest first."""
    entries = []
    for file in ("places.txt", "kommuner.txt", "lan.txt", "regioner.txt", "myndigheter.txt", "lander.txt"):
        entries += [(name, file) for name in _read(file)]
    return tuple(sorted(set(entries), key=lambda e: -len(e[0])))


@lru_cache(maxsize=1)
def _gazetteer_index() -> dict[str, tuple[str, ...]]:
    """First word (lower-cased, without a genitive -s) -> the whole names starting with it,
    longest first: a dictionary look-up per capitalised word, not a 900-way regular expression."""
    index: dict[str, list[str]] = {}
    for name, _ in gazetteer_phrases():
        index.setdefault(name.split()[0].lower(), []).append(name.lower())
    return {first: tuple(names) for first, names in index.items()}


@lru_cache(maxsize=1)
def _public_bodies() -> frozenset[str]:
    return frozenset(name.lower() for name, file in gazetteer_phrases() if file in ("myndigheter.txt", "regioner.txt"))


def public_body_near(text: str) -> bool:
    """``text`` (a line or two) names an authority, a region, a municipality or an office of one:
    the number or address there is probably the body's own."""
    lower = text.lower()
    if re.search(r"\b(?:kommun|stad|region|förvaltning\w*|nämnd\w*|myndighet\w*|verket|kontor\w*|"
                 r"socialtjänst\w*|reception\w*|enhet\w*|länsstyrelsen|kansli\w*)\b", lower):
        return True
    return any(body in lower for body in _public_bodies() if len(body) > 4)


def is_organisation_or_place(phrase: str) -> bool:
    """A word of ``phrase`` names a place, a public body or an organisation ("Stiftelsen Hemgården")."""
    places = name_lists()[2]
    return any(w in places or w.rstrip("s") in places or _organisation_word(w)[0] or _organisation_word(w)[2]
               or w in ORGANISATION_HEADS_AFTER for w in phrase.lower().split())


@lru_cache(maxsize=1)
def lexicon_proper_nouns() -> frozenset[str]:
    """Names and places the lemma lexicon lists as capitalised lemmas ("granqvist", "garbo")."""
    return frozenset(_read("lexicon_proper_nouns.txt"))


@lru_cache(maxsize=1)
def lexicon_proper_and_common() -> frozenset[str]:
    """Proper nouns of the lexicon that are also forms of an ordinary word ("sten", "klara",
    "tom", "lena"): in lower case they may be either."""
    return frozenset(_read("lexicon_proper_and_common.txt"))


@lru_cache(maxsize=1)
def lexicon_proper_forms() -> frozenset[str]:
    """Inflected forms of the lexicon's proper nouns that no ordinary word shares ("silvian",
    "antons", "granqvists"). Written in lower case they are no ordinary word; capitalised, many are
    places' and brands' forms ("Googles"), so only the lower-case rules read this list."""
    return frozenset(_read("lexicon_proper_forms.txt"))


@lru_cache(maxsize=1)
def _more_ordinary_words() -> frozenset[str]:
    """Ordinary words the lexicon lacks or lists only as proper nouns: "tillsammans", "ungefär",
    "per" (data/ordinary_words.txt)."""
    return frozenset(_read("ordinary_words.txt"))


class OrdinaryWords:
    """Lower-case words of the lexicon that are no proper noun: "grip" and "ek" are, "granqvist"
    and "maria" are not (the lexicon lists them, as names). With ``supplement``, also the ordinary
    words the lexicon lacks: it maps inflected forms to lemmas, so a word with no inflection
    ("tillsammans", "aldrig") is missing from it."""

    def __init__(self, supplement: bool = True) -> None:
        self._known = known_words()
        self._proper = lexicon_proper_nouns()
        self._more = _more_ordinary_words() if supplement else frozenset()

        self._seen: dict[str, bool] = {}  # answers so far: a dictionary look-up beats a binary search

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        answer = self._seen.get(word)
        if answer is None:
            if len(self._seen) > 200_000:
                self._seen.clear()
            answer = self._seen[word] = (word in self._known and word not in self._proper) or word in self._more
        return answer


@lru_cache(maxsize=1)
def ordinary_words() -> OrdinaryWords:
    """Ordinary Swedish words: the lexicon's and the supplement's (built once per process)."""
    return OrdinaryWords()


@lru_cache(maxsize=1)
def lexicon_words() -> OrdinaryWords:
    """The lexicon's ordinary words alone, as the name recogniser was trained to see them: a
    feature it learnt must mean at run time what it meant in training."""
    return OrdinaryWords(supplement=False)


@lru_cache(maxsize=65536)
def _organisation_word(lower: str) -> tuple[bool, bool, bool]:
    """(ends as an organisation's name does, is the head of one in the indefinite form, names one
    by what follows it), cached per word form."""
    return (lower.endswith(ORGANISATION_ENDINGS) or lower.rstrip("s").endswith(ORGANISATION_ENDINGS),
            lower.endswith(ORGANISATION_HEAD_ENDINGS),
            lower in ORGANISATION_HEADS_BEFORE or lower.endswith(("föreningen", "stiftelsen", "förbundet")))
