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
    "glad glada glatt rädd rädda trött trötta ledsen ledsna nöjd nöjda röd röda död döda bred breda "
    "lätt lätta rätt rätta kvitt säker arg arga sjuk sjuka klar klara färdig färdiga van vana "
    "galen galna mätt mätta fet feta het heta vit vita söt söta våt våta stolt stolta hård hårda".split()
)


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
    return {lemma: frozenset(forms) for lemma, forms in found.items()}


@dataclass(frozen=True)
class VerbForms:
    """Verb forms the passive detector needs."""

    s_passives: frozenset[str]  # "prövats", "beviljades", "läses": -s forms of a verb with an active twin
    present_passives: frozenset[str]  # "krävs", "beviljas", "görs": twin is a present tense (kräver)
    participles: frozenset[str]  # "beviljad", "godkända", "utskriven"


@lru_cache(maxsize=1)
def verb_forms(path: Path = LEXICON_PATH) -> VerbForms:
    """Derive passive and participle forms from the lexicon (once per process)."""
    table = _load_table(path)
    passives, present, participles = set(), set(), set()
    def twin(candidate: str, lemma: str) -> bool:
        # The lemma itself is usually not a key of the table, so it counts as its own twin.
        return candidate == lemma or table.get(candidate) == lemma

    for form, lemma in table.items():
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
    return VerbForms(frozenset(passives), frozenset(present), frozenset(participles))
