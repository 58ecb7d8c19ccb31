"""``nominal-density``: sentences packed with nouns made from verbs ("utbetalning", "prövning").

A noun counts only when it is made from a verb that the lexicon knows: "utbetalningen" ends in
-ning and "betala" is a verb; "tidning" ends in -ning too, but "tida" is no verb. The last part
of a compound is enough ("beslutsöverläggning": "överlägga"). Proper nouns, names of bodies
written with a capital ("Utbildningsstyrelsen") and prepositions ("angående") never count.
A long sentence collects such nouns by chance, so the density is judged per word as well.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from pydantic import Field
from spacy.tokens import Doc, Token

from klarsprak.analysis.kinds import Hit, Kind, register, trimmed_span
from klarsprak.analysis.lexicon import verb_forms
from klarsprak.analysis.schema import Schema
from klarsprak.analysis.spans import sentences, token_table

# Derivational suffix -> how the verb is rebuilt from the stem in front of it.
#   -ning, -else, -ande: stem + "a" (utbetal-ning -> betala, händ-else -> hända, upphäv-ande -> upphäva)
#   -ende: the stem itself (bo-ende -> bo, gå-ende -> gå)
#   -tion: stem + "era" (organisa-tion -> organisera, informa-tion -> informera)
#   -ering: stem + "era" (reg-ering -> regera)
DEFAULT_SUFFIXES = ("ning", "else", "ande", "ende", "tion", "ering")
# Inflection after the suffix: -en, -ar, -arna, -er, -erna, -n, -na, -r, -rna, -t, -et, and a genitive -s.
INFLECTION = r"(?:en|ar|arna|er|erna|n|na|r|rna|t|et)?s?"
MIN_STEM = 3  # the shortest verb stem tried inside a compound ("tal" of "betal")


def _stems(stem: str) -> Iterable[str]:
    """The stem and its tails, longest first: "utbetal", "tbetal", "betal", ... "tal"."""
    for start in range(0, len(stem) - MIN_STEM + 1):
        yield stem[start:]


def verb_candidates(tail: str, suffix: str) -> tuple[str, ...]:
    """The verbs a noun stem ``tail`` before ``suffix`` could come from, most likely first."""
    if suffix == "ering":
        return (tail + "era",)  # reg-ering -> regera, utvärd-ering -> utvärdera
    if suffix == "tion":
        # informa-tion -> informera, produk-tion -> producera, inspek-tion -> inspektera
        return (tail + "era", tail[:-1] + "era", tail[:-1] + "cera", tail + "tera")
    if suffix == "sion":  # diskus-sion -> diskutera, revi-sion -> revidera, expan-sion -> expandera
        return (tail[:-1] + "tera", tail + "dera", tail[:-1] + "dera")
    if suffix == "ende":
        return (tail,)
    return (tail + "a",)


def verb_and_prefix(stem: str, suffix: str, verbs: frozenset[str]) -> tuple[str, str] | None:
    """The verb a noun stem comes from and what of the stem stands before it ("hemtjänstbedöm":
    ("bedöma", "hemtjänst"); "utbetal": ("utbetala", "") when the lexicon knows "utbetala"), or None."""
    for start, tail in enumerate(_stems(stem) if len(stem) >= MIN_STEM else (stem,)):
        for candidate in verb_candidates(tail, suffix):
            if candidate in verbs:
                return candidate, stem[:start]
    return None


def verb_of(stem: str, suffix: str, verbs: frozenset[str]) -> str | None:
    """The verb a noun stem comes from, or None."""
    found = verb_and_prefix(stem, suffix, verbs)
    return found[0] if found else None


@register
class NominalDensity(Kind):
    """Parameters: ``suffixes`` (ning, else, ande, ende, tion), ``min_per_sentence`` (default 3),
    ``max_words_per_noun`` (default none: one such noun per this many words at least),
    ``min_letters`` and ``except`` (words that only look like nominalizations: "ärende")."""

    name = "nominal-density"
    placeholders = frozenset({"count", "words"})

    class Parameters(Schema):
        suffixes: list[str] = Field(default_factory=lambda: list(DEFAULT_SUFFIXES))
        min_per_sentence: int = 3
        min_letters: int = 7
        max_words_per_noun: float | None = None
        exceptions: list[str] = Field(default_factory=list, alias="except")

    def __init__(self, rule, resources) -> None:
        super().__init__(rule, resources)
        suffixes = "|".join(re.escape(s) for s in self.params.get("suffixes", DEFAULT_SUFFIXES))
        self.pattern = re.compile(rf"^(?P<stem>.+?)(?P<suffix>{suffixes}){INFLECTION}$")
        self.minimum = int(self.params.get("min_per_sentence", 3))
        self.min_length = int(self.params.get("min_letters", 7))
        per_noun = self.params.get("max_words_per_noun")
        self.max_words_per_noun = float(per_noun) if per_noun is not None else None
        self.exceptions = tuple(str(e).lower() for e in self.params.get("except", ()))
        self._cache: dict[str, bool] = {}
        self._participle_like = tuple(
            ending + inflection for ending in ("ande", "ende") for inflection in ("", "t", "n", "na", "ts", "ns"))

    def _derived(self, token: Token, sentence_start: int) -> bool:
        if token.pos_ != "NOUN" or len(token.text) < self.min_length or not token.is_alpha:
            return False
        if token.text[:1].isupper() and token.i != sentence_start:
            return False  # "Utbildningsstyrelsen", "Skatteverkets": the name of a body
        lower = token.lower_
        if lower.endswith(self._participle_like) and "Neut" not in token.morph.get("Gender"):
            return False  # "sökanden", "ordföranden": a person (common gender), not an action
        known = self._cache.get(lower)
        if known is None:
            known = self._cache[lower] = self._from_verb(lower)
        return known

    def _from_verb(self, lower: str) -> bool:
        if self.exceptions and lower.startswith(self.exceptions):
            return False
        match = self.pattern.match(lower)
        if match is None:
            return False
        stem, suffix = match.group("stem"), match.group("suffix")
        # An exception may also be the last part of a compound ("hyresärende").
        if self.exceptions and (stem + suffix).endswith(self.exceptions):
            return False
        return verb_of(stem, suffix, verb_forms().verbs) is not None

    def find(self, doc: Doc) -> Iterable[Hit]:
        table = token_table(doc)
        for sentence in sentences(doc):
            start = sentence.start
            nouns = [doc[i] for i in range(start, sentence.end)
                     if table.pos[i] == "NOUN" and self._derived(doc[i], start)]
            # The same word again ("planeringen ... planering") does not make a sentence denser.
            if len({self.pattern.match(t.lower_).group("stem") for t in nouns}) < self.minimum:
                continue
            if not any(t.pos_ in ("VERB", "AUX") for t in sentence):
                continue  # a heading ("Bedömning av ordförandens agerande") is naturally nominal
            if self.max_words_per_noun is not None:
                words = sum(1 for t in sentence if not t.is_punct and not t.is_space)
                if words > self.max_words_per_noun * len(nouns):
                    continue
            first, end = trimmed_span(sentence)
            listed = ", ".join(f"”{t.text}”" for t in nouns)
            yield Hit(first, end, {"count": len(nouns), "words": listed})
