"""``action-noun``: an action hidden in a noun with its object after "av" or "om", where a verb
would say who does it.

Two shapes, both in Myndigheternas skrivregler's advice against "substantivsjuka":

* after a preposition of time or means: "vid ansökan om bistånd" (när du ansöker om bistånd),
  "efter kartläggning av dina behov" (när vi har kartlagt dina behov), "genom uppvisandet av
  kvitton" (genom att visa kvitton);
* a noun in -ande/-ende with its object: "innebär utövande av makt" (att utöva makt).

The noun counts only when the lexicon knows the verb it comes from, as in ``nominal-density``
("kartläggning": kartlägga; "tidning" is no action), or when its dictionary form ends in -an, as
verbal nouns do (ansökan, anmälan, överklagan). A noun that names a body or a person
("styrelse", "sökanden") never counts. The finding is advice: the writer must choose the subject.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace
from typing import Literal

from pydantic import Field
from spacy.tokens import Doc, Token

from klarsprak.analysis.audience import addresses_reader
from klarsprak.analysis.kinds import Hit, Kind, register
from klarsprak.analysis.kinds.nominal_density import DEFAULT_SUFFIXES, INFLECTION, verb_of
from klarsprak.analysis.lexicon import verb_forms
from klarsprak.analysis.schema import Schema
from klarsprak.analysis.spans import token_table

BEFORE_NOUN = ("DET", "ADJ")  # "vid en ny ansökan om", "efter noggrann prövning av"
MAX_BEFORE_NOUN = 2
# -ande nouns of common gender are persons ("sökanden", "ordföranden"), not actions.
ANDE = ("ande", "andet", "ende", "endet")


@register
class ActionNoun(Kind):
    """Parameters: ``prepositions`` (of time or means: vid, efter, genom …), ``objects`` (the
    prepositions that take the action's object: av, om), ``suffixes``, ``min_letters`` and
    ``except`` as for ``nominal-density``."""

    name = "action-noun"
    placeholders = frozenset({"noun", "verb", "advice"})

    class Parameters(Schema):
        prepositions: list[str] = Field(min_length=1)
        objects: list[str] = Field(default_factory=lambda: ["av", "om"])
        suffixes: list[str] = Field(default_factory=lambda: list(DEFAULT_SUFFIXES))
        min_letters: int = 6
        exceptions: list[str] = Field(default_factory=list, alias="except")
        audience: Literal["reader"] | None = None

    def __init__(self, rule, resources) -> None:
        super().__init__(rule, resources)
        self.prepositions = frozenset(str(p).lower() for p in self.params.get("prepositions", ()))
        self.objects = frozenset(str(p).lower() for p in self.params.get("objects", ("av", "om")))
        suffixes = "|".join(re.escape(s) for s in self.params.get("suffixes", DEFAULT_SUFFIXES))
        self.pattern = re.compile(rf"^(?P<stem>.+?)(?P<suffix>{suffixes}){INFLECTION}$")
        self.min_letters = int(self.params.get("min_letters", 6))
        self.exceptions = tuple(str(e).lower() for e in self.params.get("except", ()))

    def verb_in(self, token: Token, participle: bool = False) -> str | None:
        """The verb an action noun is made from ("kartläggningen": kartlägga, "ansökan":
        ansöka), or None. With ``participle``, an -ande form the tagger reads as a participle
        counts too: before "av" it is the noun ("utövande av makt")."""
        noun = token.pos_ == "NOUN" or (participle and "Part" in token.morph.get("VerbForm"))
        if not noun or len(token.text) < self.min_letters or not token.is_alpha:
            return None
        if token.text[:1].isupper() and not token.is_sent_start:
            return None  # the name of a body
        lower, lemma = token.lower_, token.lemma_.lower()
        if self.exceptions and any(w.startswith(self.exceptions) or w.endswith(self.exceptions) for w in (lower, lemma)):
            return None
        if lemma.endswith("an") and lower.startswith(lemma[:-2]):
            return verb_of(lemma[:-2], "an", verb_forms().verbs)  # ansökan: ansöka
        match = self.pattern.match(lower)
        if match is None:
            return None
        if match.group("suffix") in ("ande", "ende") and token.pos_ == "NOUN" and "Neut" not in token.morph.get("Gender"):
            return None  # "sökanden": a person
        return verb_of(match.group("stem"), match.group("suffix"), verb_forms().verbs)

    def find(self, doc: Doc) -> Iterable[Hit]:
        level = "tips" if self.params.get("audience") == "reader" and not addresses_reader(doc) else None
        for hit in self._find(doc):
            yield replace(hit, level=level)

    def _find(self, doc: Doc) -> Iterable[Hit]:
        table = token_table(doc)
        n = len(doc)
        i = 0
        while i < n - 2:
            lower = table.lower[i]
            if lower in self.prepositions and table.pos[i] == "ADP":
                j = i + 1
                while j < n and j - i <= MAX_BEFORE_NOUN and table.pos[j] in BEFORE_NOUN:
                    j += 1
                if j + 1 < n and table.lower[j + 1] in self.objects:
                    verb = self.verb_in(doc[j])
                    if verb:
                        advice = (f"”genom att {verb} …”" if lower == "genom"
                                  else f"”när …” med verbet ”{verb}” och vem som gör det")
                        yield self._hit(doc, i, j + 2, doc[j], verb, advice)
                        i = j + 2
                        continue
            elif (lower.endswith(ANDE) and table.pos[i] in ("NOUN", "ADJ", "VERB") and table.lower[i + 1] == "av"
                  and (i == 0 or table.pos[i - 1] not in ("ADP", "DET"))):
                verb = self.verb_in(doc[i], participle=True)
                if verb:
                    yield self._hit(doc, i, i + 2, doc[i], verb, f"”att {verb} …”")
                    i += 2
                    continue
            i += 1

    @staticmethod
    def _hit(doc: Doc, start: int, end: int, noun: Token, verb: str, advice: str) -> Hit:
        first, last = doc[start], doc[end - 1]
        return Hit(first.idx, last.idx + len(last.text), {"noun": noun.text, "verb": verb, "advice": advice},
                   one_click=False)
