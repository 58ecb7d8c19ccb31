"""``light-verb``: a light or empty verb with a noun made from a verb, as a pattern rather than a
list of phrases ("göra en bedömning", "genomföra en kartläggning", "en utredning ska
genomföras", "lämnade en förklaring"). Myndigheternas skrivregler (1.4.11, "Undvik att
substantivera verb i onödan") and Språkrådet's klarspråk advice: the verb the noun hides says it
shorter ("bedöma", "kartlägga", "förklara").

The noun counts only when it is made from a verb the lexicon knows, as in ``nominal-density``
("förklaring": förklara; "tidning" is no action), and it stands where the light verb's object or
subject stands: after the verb, across at most an article, an adjective, a sentence adverb or the
subject put after a finite verb ("gör handläggaren en bedömning"); or before a passive of the
verb, across auxiliaries and adverbs ("en utredning ska genomföras"). A particle after the verb
makes another verb ("lämna in en ansökan", "göra om en prövning"): no match. The tagger and the
lemma within this small window are enough: no parser.

The suggestion is the verb, inflected like the light verb when its paradigm is known (from
``rules/inflections.yaml`` or read off the lexicon's forms); a noun first, a passive, an
adjective or a subject between, a compound noun ("socialutredning": the verb would drop a part)
or a verb whose forms are unsure keep it as advice, never one click. The rule's phrase list
(``nominalization.light-verb``) wins where both match: its entries carry curated replacements.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Literal

from pydantic import Field
from spacy.tokens import Doc, Token

from klarsprak.analysis.inflection import verb_slot
from klarsprak.analysis.kinds import Hit, Resources, register
from klarsprak.analysis.kinds.nominal_density import INFLECTION, verb_and_prefix
from klarsprak.analysis.kinds.word_list import SUBJECT_PRONOUNS, Entry, Word, WordList
from klarsprak.analysis.lexicon import known_words, verb_forms
from klarsprak.analysis.rules import Rule
from klarsprak.analysis.schema import Schema
from klarsprak.analysis.spans import TokenTable, token_table

# -ning, -ing (ändr-ing), -else, -ande/-ende, -an (ansökan), -tion/-sion, -ering: the suffixes
# that make an action noun of a verb. (-ism names a doctrine, not an action: not here.)
DEFAULT_SUFFIXES = ("ning", "ering", "ing", "else", "ande", "ende", "an", "tion", "sion")
# Words after the verb that make a particle verb of it ("lämna in", "göra om", "ta emot").
PARTICLES = frozenset({"in", "ut", "upp", "emot", "mot", "bort", "fram", "om", "av", "över", "på", "till",
                       "tillbaka", "ned", "ner", "undan", "åt", "efter", "igenom", "sig"})
# What may stand between the verb and its noun: an article or a possessive, an adjective or a
# number, a sentence adverb ("görs därefter en planering"), the "det" of "görs det en jämförelse".
BETWEEN_AFTER = frozenset({"DET", "ADJ", "NUM", "ADV", "PRON"})
# What may stand between a noun first and its passive verb ("en utredning ska inte genomföras").
BETWEEN_BEFORE = frozenset({"AUX", "ADV", "PART"})
PRONOUNS_BETWEEN = frozenset({"det", "sin", "sitt", "sina", "min", "mitt", "mina", "din", "ditt", "dina",
                              "vår", "vårt", "våra", "er", "ert", "era", "hans", "hennes", "deras", "dess"})
# Prepositions that start a noun's complement between it and its verb ("en utredning av behovet
# ska göras", "samordning mellan myndigheterna genomförs").
COMPLEMENT_PREPOSITIONS = frozenset({"av", "om", "för", "med", "till", "på", "mellan", "inom", "kring"})
# Verb prefixes that are also particles: "utbetalning" gives "utbetala", which the plain writer
# says "betala ut"; the lexicon cannot tell which form is the plain one, so such a verb is advice.
PARTICLE_PREFIXES = ("ut", "in", "upp", "av", "till", "över", "på", "fram", "bort", "ned", "ner", "åter",
                     "tillbaka", "om")
NEUTER_PARTICIPLE = ("ande", "ende")
# The old long forms the lexicon lists beside the short verbs (Myndigheternas skrivregler 1.4.4):
# a noun of "anta", "delge" is read as "antaga", "delgiva" first.
LONG_FORMS = (("taga", "ta"), ("draga", "dra"), ("giva", "ge"), ("bliva", "bli"))
# The first part of a verb rather than of a compound noun ("be-siktning", "samman-vägning").
VERB_PREFIXES = frozenset({"be", "för", "till", "samman", "miss", "an", "er", "åter", "ut", "in", "upp", "av",
                           "om", "över", "under", "på", "fram", "bort", "ned", "ner", "mot", "efter", "före",
                           "sam", "gen", "ur", "vid", "när", "bi", "sönder", "igen", "hop", "tillbaka"})


class LightVerbEntry(Schema):
    """One light verb: its dictionary form, and how it takes its noun."""

    verb: str
    # True: the noun must be indefinite ("lämna en förklaring"; "lämnade förklaringen" hands it over).
    indefinite: bool = False
    level: Literal["default", "tips"] | None = None


class LightVerbParameters(Schema):
    verbs: list[LightVerbEntry] = Field(min_length=1)
    suffixes: list[str] = Field(default_factory=lambda: list(DEFAULT_SUFFIXES))
    min_letters: int = 6
    max_gap: int = 3
    # Prepositions after the noun that the verb takes over ("göra en bedömning av behovet" ->
    # "bedöma behovet").
    absorbs: list[str] = Field(default_factory=lambda: ["av"])
    exceptions: list[str] = Field(default_factory=list, alias="except")
    audience: Literal["reader"] | None = None


@register
class LightVerb(WordList):
    """Parameters: ``verbs`` (``{verb, indefinite, level}``: the light verbs in dictionary form),
    ``suffixes`` (ning, ering, ing, else, ande, ende, an, tion, sion), ``min_letters`` (6), ``max_gap``
    (3 words between verb and noun), ``absorbs`` ([av]), ``except`` (nouns that name a thing, a
    document or a state rather than the action: "handling", "ställning"; also as a compound's
    last part)."""

    name = "light-verb"
    Parameters = LightVerbParameters
    placeholders = frozenset({"suggestion", "suggestions", "noun", "verb"})

    @classmethod
    def lemmas_needed(cls, rule: Rule) -> set[str]:
        return {str(v["verb"]).lower() for v in rule.parameters.get("verbs", [])}

    @classmethod
    def suggested_words(cls, rule: Rule) -> set[str]:
        # Light verbs get paradigms too: their written form tells the tense of the suggestion.
        return cls.lemmas_needed(rule)

    def __init__(self, rule: Rule, resources: Resources) -> None:
        # Not WordList.__init__: there are no entries; the phrase is made for each match.
        self.rule = rule
        self.params = rule.parameters
        # Own paradigms: the verbs read off nouns are added as they are met, never shared with
        # the other rules (whose one-click check looks through every known paradigm).
        self.resources = Resources(forms=resources.forms, paradigms=dict(resources.paradigms))
        self.first_only = False
        self.gap_pos = frozenset()
        self.skip_names = False
        self.skip_explained = False
        self.terms = []
        self.verbs: dict[str, LightVerbEntry] = {}
        self.verb_of_form: dict[str, str] = {}
        for raw in self.params.get("verbs", []):
            entry = LightVerbEntry.model_validate(raw)
            lemma = entry.verb.lower()
            self.verbs[lemma] = entry
            for form in resources.forms.get(lemma, frozenset({lemma})):
                self.verb_of_form.setdefault(form, lemma)
        self.patterns = [re.compile(rf"^(?P<stem>.+?)(?P<suffix>{re.escape(s)})(?P<ending>{INFLECTION})$")
                         for s in self.params.get("suffixes", DEFAULT_SUFFIXES)]
        self.min_letters = int(self.params.get("min_letters", 6))
        self.max_gap = int(self.params.get("max_gap", 3))
        self.absorbs = frozenset(str(w).lower() for w in self.params.get("absorbs", ["av"]))
        self.exceptions = tuple(str(e).lower() for e in self.params.get("except", ()))
        self._made_from: dict[str, str | None] = {}

    # ------------------------------------------------------------ the noun

    def _noun_verb(self, token: Token) -> str | None:
        """The verb a noun is made from ("bedömning": bedöma), or None for a noun that names no
        action ("tidning") or a compound ("målsättning")."""
        if token.pos_ != "NOUN" or len(token.text) < self.min_letters or not token.is_alpha:
            return None
        if token.text[:1].isupper() and not token.is_sent_start:
            return None  # "Utbildningsnämnden": the name of a body
        lower = token.lower_
        if lower.endswith(tuple(s + e for s in NEUTER_PARTICIPLE for e in ("", "n", "na", "t")))\
                and "Neut" not in token.morph.get("Gender"):
            return None  # "sökanden", "den enskilde företrädande": a person, not an action
        if lower not in self._made_from:
            self._made_from[lower] = self._read_noun(lower)
        found = self._made_from[lower]
        if found is not None and lower.endswith(("an", "ans")) and "Def" in token.morph.get("Definite"):
            return None  # "skolan", "planen": the definite form of another noun, not "ansökan"
        return found

    def _read_noun(self, lower: str) -> str | None:
        """Every way of reading the word as stem + suffix + ending is tried ("samordning" is
        samordn-ing, not samord-ning)."""
        for pattern in self.patterns:
            match = pattern.match(lower)
            if match is not None:
                found = self._reading(match.group("stem"), match.group("suffix"), match.group("ending"))
                if found is not None:
                    return found
        return None

    def _reading(self, stem: str, suffix: str, ending: str) -> str | None:
        if suffix == "an" and ending not in ("", "s"):
            return None  # "ansökan" takes no ending; "planen", "organen" are other nouns
        word = stem + suffix
        for exception in self.exceptions:
            # A thing, a document or a state ("handling", "ställning", "bostadsförening"); but a
            # verb's prefix makes another word ("samordning" is no "ordning").
            if word.endswith(exception) and word[: len(word) - len(exception)] not in VERB_PREFIXES:
                return None
        found = verb_and_prefix(stem, suffix, verb_forms().verbs)
        if found is None:
            return None
        verb, prefix = found
        if prefix:
            # A compound's verb comes from its last part only, and often not in its sense
            # ("målsättning" is no "sätta"); a prefix that is no word is part of a verb the
            # lexicon lacks ("besiktning" is not "sikta"). Neither is flagged.
            return None
        for old, short in LONG_FORMS:
            if verb.endswith(old) and verb[: -len(old)] + short in verb_forms().verbs:
                return verb[: -len(old)] + short  # "antagande": anta, not the old "antaga"
        return verb

    # ------------------------------------------------------------ finding

    def find(self, doc: Doc) -> Iterable[Hit]:
        table = token_table(doc)
        verb_of_form = self.verb_of_form
        taken_until = -1
        for i, lower in enumerate(table.lower):
            lemma = verb_of_form.get(lower) or verb_of_form.get(table.lemma[i])
            if lemma is None or table.pos[i] not in ("VERB", "AUX") or i <= taken_until:
                continue
            token = doc[i]
            start, end = table.sentence_bounds(i)
            found = self._noun_after(doc, table, token, lemma, end) or self._noun_before(doc, table, token, start)
            if found is None:
                continue
            noun, made_from = found
            taken_until = max(token.i, noun.i)
            yield self._light_hit(doc, token, noun, lemma, made_from)

    def _noun_after(self, doc: Doc, table: TokenTable, verb: Token, lemma: str, end: int
                    ) -> tuple[Token, str] | None:
        """The verb's object or, after a passive, its subject: "gör en bedömning", "gjordes en
        översyn", "görs det en jämförelse", "gör handläggaren en utredning"."""
        j = verb.i + 1
        if j < end and table.lower[j] in PARTICLES:
            return None  # "lämna in en ansökan", "göra om", "ta emot": a particle verb
        finite = "Fin" in verb.morph.get("VerbForm")
        skipped = 0
        while j < end and skipped <= self.max_gap:
            pos, lower = table.pos[j], table.lower[j]
            if pos == "NOUN":
                made_from = self._noun_verb(doc[j])
                if made_from is not None:
                    entry = self.verbs[lemma]
                    if entry.indefinite and ("Def" in doc[j].morph.get("Definite") or any(
                            "Yes" in doc[k].morph.get("Poss") for k in range(verb.i + 1, j))):
                        return None  # "lämnade förklaringen", "gav sin förklaring": the thing handed over
                    if j + 1 < end and (table.pos[j + 1] == "ADJ" or (
                            table.pos[j + 1] == "ADV" and j + 2 < end and table.pos[j + 2] in ("ADJ", "ADV"))):
                        return None  # "göra undervisningen mer praktisk": make it so, not teach
                    return doc[j], made_from
                if not (skipped == 0 and finite and "Def" in doc[j].morph.get("Definite")):
                    return None
                # "gör handläggaren en bedömning": the subject after a finite verb
            elif pos == "PROPN" and skipped == 0 and finite:
                pass  # "gör Anna en bedömning"
            elif pos == "PRON":
                if lower not in PRONOUNS_BETWEEN and not (skipped == 0 and finite and lower in SUBJECT_PRONOUNS):
                    return None
            elif pos not in BETWEEN_AFTER or table.punct_or_space[j]:
                return None
            elif lower in PARTICLES and skipped and table.pos[j - 1] in ("PRON", "PROPN", "NOUN"):
                return None  # "lämnar vi in en ansökan"
            j += 1
            skipped += 1
        return None

    def _noun_before(self, doc: Doc, table: TokenTable, verb: Token, start: int
                     ) -> tuple[Token, str] | None:
        """The noun first, then a passive of the verb: "en bedömning har gjorts", "en utredning
        av familjens behov ska genomföras"."""
        if not ("Pass" in verb.morph.get("Voice") or verb.lower_.endswith("s")):
            return None  # "Utredningen gjorde vi i maj": rare; the active verb after its object is left
        j = verb.i - 1
        while j >= start and verb.i - j <= 3 and table.pos[j] in BETWEEN_BEFORE:
            j -= 1
        if j < start:
            return None
        candidates = [j]
        # "en utredning av familjens behov ska genomföras": the noun's complement in between.
        k = j
        while k > start and j - k < 5 and table.pos[k] in ("NOUN", "PROPN", "PRON", "DET", "ADJ", "NUM"):
            k -= 1
        if table.pos[k] == "ADP" and table.lower[k] in COMPLEMENT_PREPOSITIONS and k > start:
            candidates.append(k - 1)
        for n in candidates:
            if table.pos[n] != "NOUN":
                continue
            made_from = self._noun_verb(doc[n])
            if made_from is None:
                continue
            before = n - 1
            while before >= start and table.pos[before] in ("DET", "ADJ", "NUM"):
                before -= 1
            if before >= start and table.pos[before] == "ADP":
                return None  # "i utredningen görs en beräkning": the verb belongs to another noun
            return doc[n], made_from
        return None

    def _light_hit(self, doc: Doc, verb: Token, noun: Token, lemma: str, suggestion: str) -> Hit:
        """The finding for a light verb and its noun, with the noun's verb as the suggestion."""
        first, last = (verb, noun) if verb.i < noun.i else (noun, verb)
        end = last.i + 1
        if verb.i < noun.i and end < len(doc) and doc[end].lower_ in self.absorbs:
            end += 1  # "göra en bedömning av behovet" -> "bedöma behovet"
        self._learn_paradigm(suggestion)
        entry = self.verbs[lemma]
        phrase = f"{lemma} * {noun.lemma_.lower()}" if first is verb else f"{noun.lemma_.lower()} * {lemma}"
        words = (Word(frozenset({first.lower_})), Word(frozenset(), gap=True), Word(frozenset({last.lower_})))
        compiled = Entry(phrase=phrase, words=words, suggestions=(suggestion,), absorbs=self.absorbs,
                         level="" if entry.level in (None, "default") else entry.level,
                         indefinite=entry.indefinite)
        hit = self._hit(doc, first, compiled, end)
        # The verb's form is sure when its paradigm is known, or when the light verb is an
        # infinitive ("måste göra antaganden" -> "måste anta"): nothing to inflect.
        infinitive = first is verb and verb_slot(verb) == "inf" and "Pass" not in verb.morph.get("Voice")
        sure = (suggestion in self.resources.paradigms or infinitive) and not _particle_verb(suggestion)
        if first is verb and end == last.i + 1 and end < len(doc) and doc[end].pos_ == "ADP":
            sure = False  # "göra antaganden om kostnaden": the verb may not take the noun's preposition
        values = {**hit.values, "noun": noun.text, "verb": suggestion}
        return Hit(hit.start, hit.end, values, hit.suggestions, level=hit.level, one_click=hit.one_click and sure)

    def _learn_paradigm(self, verb: str) -> None:
        """Give the verb a paradigm read off the lexicon's forms when the rules have none: the
        first conjugation (kartlägga is not; prioritera: prioriterar, prioriterade, prioriterat)
        and the regular second (förklara is first; bedöma: bedömer, bedömde, bedömt). A verb
        whose forms are not all known gets none, and its suggestion stays advice."""
        paradigms = self.resources.paradigms
        if verb in paradigms or not verb.endswith("a") or " " in verb:
            return
        known = known_words()
        stem = verb[:-1]
        found = []
        if all(f in known for f in (stem + "ar", stem + "ade", stem + "at")):
            found.append({"inf": verb, "pres": stem + "ar", "past": stem + "ade", "sup": stem + "at", "imp": verb})
        pres = stem if stem.endswith("r") else stem + "er"
        base = stem[:-1] if stem.endswith(("mm", "nn")) else stem
        for past, supine in ((base + "de", base + "t"), (base + "te", base + "t")):
            if all(f in known for f in (pres, past, supine)):
                found.append({"inf": verb, "pres": pres, "past": past, "sup": supine, "imp": stem})
                break
        # The known words are every form of every lemma: "vägar" is also a noun, so forms of two
        # conjugations may all exist ("väga": vägar, vägade / väger, vägde). Then no guess.
        if len(found) == 1:
            paradigms[verb] = found[0]


def _particle_verb(verb: str) -> bool:
    """True when the verb is a particle and a verb in one word ("utbetala": betala ut), which a
    plain text often splits; "informera", "inspektera" are single verbs."""
    verbs = verb_forms().verbs
    return any(verb.startswith(p) and verb[len(p):] in verbs for p in PARTICLE_PREFIXES)
