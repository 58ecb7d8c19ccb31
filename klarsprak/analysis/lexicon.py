"""A Swedish form -> lemma lexicon, used where 30,000 training tokens are not enough.

The trained lemmatizer cannot know that "erlade" is a form of "erlägga", and the tagger misses
some passives ("prövats" tagged as a noun). The lexicon (spaCy's ``sv_lemma_lookup`` from
spacy-lookups-data, MIT licence, about 660,000 forms) does. The whole table is never kept: at
start-up we take what the rules and the passive detector need and let the rest go.
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

LEXICON_PATH = Path(__file__).resolve().parent / "data" / "sv_lemma_lookup.json.gz"
PARTICIPLE_ENDINGS = ("ad", "ade", "at", "d", "da", "de", "dd", "dda", "tt", "t", "ta", "te", "en", "na",
                      "et", "ne")
# Adjectives that look like participles of a verb in the lexicon but are not ("blev glad").
NOT_PARTICIPLES = frozenset(
    ["glad", "glada", "glatt", "rädd", "rädda", "trött", "trötta", "ledsen", "ledsna", "nöjd", "nöjda", "röd", "röda", "död", "döda", "bred", "breda", "lätt", "lätta", "rätt", "rätta", "kvitt", "säker", "arg", "arga", "sjuk", "sjuka", "klar", "klara", "färdig", "färdiga", "van", "vana", "galen", "galna", "mätt", "mätta", "fet", "feta", "het", "heta", "vit", "vita", "söt", "söta", "våt", "våta", "stolt", "stolta", "hård", "hårda"]
)


@lru_cache(maxsize=1)
def _load_table(path: Path = LEXICON_PATH) -> dict[str, str]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return json.load(handle)


def forms_of(lemmas: Iterable[str], path: Path = LEXICON_PATH) -> dict[str, frozenset[str]]:
    """Map each lemma to every form the lexicon knows for it (the lemma itself included)."""
    wanted = {lemma.lower() for lemma in lemmas}
    found: dict[str, set[str]] = {lemma: {lemma} for lemma in wanted}
    if wanted:
        for form, lemma in _load_table(path).items():
            if lemma in wanted:
                found[lemma].add(form.lower())
    return {lemma: frozenset(forms | derived_forms(lemma, forms)) for lemma, forms in found.items()}


def derived_forms(lemma: str, forms: set[str]) -> set[str]:
    """Regular forms the lexicon sometimes lacks: participles from the supine (inkommit ->
    inkommen, inkommet, inkomna) and adjective endings (erforderlig -> erforderligt, -a, -e)."""
    extra: set[str] = set()
    for form in forms:
        if form.endswith("it"):  # strong verbs: erhållit -> erhållen, erhållet, erhållna
            stem = form[:-2]
            extra |= {stem + "en", stem + "et", stem + "na", stem + "ne"}
        elif form.endswith("at") and lemma.endswith("a"):  # anmodat -> anmodad, anmodade
            extra |= {form[:-1] + "d", form[:-1] + "de"}
    if not lemma.endswith(("a", "e", "o", "å")) and " " not in lemma:
        if lemma.endswith("en"):  # föreskriven -> föreskrivet, föreskrivna
            extra |= {lemma[:-2] + "et", lemma[:-2] + "na", lemma[:-2] + "ne"}
        else:  # erforderlig -> erforderligt, erforderliga, erforderlige
            extra |= {lemma + "t", lemma + "a", lemma + "e"}
    return extra


class KnownWords:
    """Every form and lemma of the lexicon, kept as a sorted array of string hashes (about
    6 MB instead of 50 MB as a set of strings). Used to tell common words from names: "Zeynep"
    and "Haddad" are not Swedish words, "Ålderspensionen" is."""

    def __init__(self, words: Iterable[str]) -> None:
        import numpy

        self._hashes = numpy.unique(numpy.fromiter((hash(w) for w in words), dtype=numpy.int64))

    def __contains__(self, word: str) -> bool:
        position = int(self._hashes.searchsorted(hash(word)))
        return position < len(self._hashes) and int(self._hashes[position]) == hash(word)

    def __len__(self) -> int:
        return len(self._hashes)


@lru_cache(maxsize=1)
def known_words(path: Path = LEXICON_PATH) -> KnownWords:
    """The lexicon's words, lower-cased (built once per process)."""
    from itertools import chain

    table = _load_table(path)
    # A generator, not a set: a set of 740,000 strings would add about 60 MB at start-up.
    return KnownWords(word.lower() for word in chain(table.keys(), table.values()))


def release() -> None:
    """Forget the full table once the rules and the passive detector have taken what they need."""
    _load_table.cache_clear()


@dataclass(frozen=True)
class VerbForms:
    """Verb forms the passive detector needs."""

    s_passives: frozenset[str]  # "prövats", "beviljades", "läses": -s forms of a verb with an active twin
    present_passives: frozenset[str]  # "krävs", "beviljas", "görs": twin is a present tense (kräver)
    participles: frozenset[str]  # "beviljad", "godkända", "utskriven"
    # -s forms of a verb whose dictionary form ends in -s and that has no active twin: deponents
    # ("vistats", "fötts", "saknades" under vistas, födas, saknas), never passive.
    deponents: frozenset[str] = frozenset()
    # Dictionary forms of verbs (betala, ta, taga, gå): lemmas with a present participle in the
    # lexicon (betalande, tagande, gående). Tells "utbetalning" (betala) from "tidning".
    verbs: frozenset[str] = frozenset()


@lru_cache(maxsize=1)
def verb_forms(path: Path = LEXICON_PATH) -> VerbForms:
    """Derive passive and participle forms from the lexicon (once per process)."""
    table = _load_table(path)
    passives, present, participles, deponents, verbs = set(), set(), set(), set(), set()
    variants: list[tuple[str, str]] = []  # other forms ending in -a: "taga" beside "ta"
    def twin(candidate: str, lemma: str) -> bool:
        # The lemma itself is usually not a key of the table, so it counts as its own twin.
        return candidate == lemma or table.get(candidate) == lemma

    for form, lemma in table.items():
        if form.endswith("nde") and form in (lemma + "nde", lemma + "ende", lemma + "gande"):
            verbs.add(lemma)
        elif form.endswith("a") and form != lemma:
            variants.append((form, lemma))
        if lemma.endswith(("as", "ås", "es")) and form.endswith("s") and form != lemma:
            deponents.add(form)  # vistades, vistats (vistas); föddes, fötts (födas)
            continue
        if not lemma.endswith(("a", "å", "e", "o")) or form == lemma:
            continue
        if form.endswith("s"):
            stem = form[:-1]
            if twin(stem, lemma) or twin(stem + "er", lemma) or (form.endswith("es") and twin(form[:-2] + "er", lemma)):
                passives.add(form)  # prövats/prövat, beviljas/bevilja, krävs/kräver, läses/läser
            # A present-tense twin ending in -r makes a verb certain: nouns have none.
            # (Short verbs such as görs/gör are left to the tagger: "mars" would look the same.)
            if any(twin(p, lemma) for p in (stem + "r", stem + "er") if p != lemma):
                present.add(form)
        elif form.endswith(PARTICIPLE_ENDINGS) and form.startswith(lemma[:-2]) and form not in NOT_PARTICIPLES:
            participles.add(form)
    deponents -= passives  # an -s form that is also the passive of an active verb stays passive
    verbs.update(form for form, lemma in variants if lemma in verbs)
    return VerbForms(frozenset(passives), frozenset(present), frozenset(participles), frozenset(deponents),
                     frozenset(verbs))
