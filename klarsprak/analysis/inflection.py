"""Inflect a suggestion like the words it replaces: "erhållit" -> "fått", "tillsåg" -> "såg till",
"ovanstående bild" -> "denna bild", "s.k. räntesnurror" -> "så kallade räntesnurror", "för
sökanden" -> "för dig".

Verb paradigms come from ``rules/inflections.yaml`` (infinitive, present, past, supine,
imperative) and, for regular verbs the file lacks, from the forms the lexicon lists
(:func:`derive_paradigms`); passive forms are derived from them (fås, ficks, fåtts). When no
paradigm is known the suggestion stays in its dictionary form: advice, never one click.
"""

from __future__ import annotations

from pathlib import Path

import yaml
from spacy.tokens import Token

Paradigm = dict[str, str]


def load_paradigms(rules_dir: Path) -> dict[str, Paradigm]:
    """Read ``inflections.yaml`` (``verbs: {infinitive: {inf, pres, past, sup, imp}}``)."""
    path = rules_dir / "inflections.yaml"
    if not path.exists():
        return {}
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    return {verb: dict(forms) for verb, forms in (data.get("verbs") or {}).items()}


def derive_paradigms(forms: dict[str, frozenset[str]]) -> dict[str, Paradigm]:
    """Paradigms of regular verbs from the forms the lexicon knows for each infinitive: the
    first conjugation (arbeta: arbetar, arbetade, arbetat) and the second (behöva: behöver,
    behövde, behövt; köpa: köper, köpte, köpt; höra: hör, hörde, hört). A verb whose forms do not
    all exist in the lexicon gets none (strong verbs belong in ``inflections.yaml``)."""
    paradigms: dict[str, Paradigm] = {}
    for verb, known in forms.items():
        if not verb.endswith("a") or len(verb) < 3 or " " in verb:
            continue
        stem = verb[:-1]
        if {stem + "ar", stem + "ade", stem + "at"} <= known:
            paradigms[verb] = {"inf": verb, "pres": stem + "ar", "past": stem + "ade", "sup": stem + "at", "imp": verb}
            continue
        pres = stem if stem.endswith("r") else stem + "er"
        base = stem[:-1] if stem.endswith(("mm", "nn")) else stem  # bestämma -> bestämde, bestämt
        for past, supine in ((base + "de", base + "t"), (base + "te", base + "t")):
            if {pres, past, supine} <= known:
                paradigms[verb] = {"inf": verb, "pres": pres, "past": past, "sup": supine, "imp": stem}
                break
    return paradigms


def verb_slot(token: Token) -> str | None:
    """Which paradigm slot a verb token fills: inf, pres, past, sup or imp (None if unknown)."""
    morph = token.morph
    if "Inf" in morph.get("VerbForm"):
        return "inf"
    if "Sup" in morph.get("VerbForm"):
        return "sup"
    if "Imp" in morph.get("Mood"):
        return "imp"
    if "Pres" in morph.get("Tense") and "Part" not in morph.get("VerbForm"):
        return "pres"
    if "Past" in morph.get("Tense") and "Part" not in morph.get("VerbForm"):
        return "past"
    return None


def passive_of(paradigm: Paradigm, slot: str) -> str:
    """The s-passive of a slot: betalar -> betalas, kräver -> krävs, gör -> görs, fick -> ficks."""
    if slot != "pres":
        return paradigm[slot] + "s"
    inf, pres = paradigm["inf"], paradigm["pres"]
    if pres.endswith("ar") or not inf.endswith("a"):
        return inf + "s"  # betalas; short verbs: ses, gås, fås
    if pres.endswith("er"):
        return pres[:-2] + "s"  # kräver -> krävs, skriver -> skrivs
    return pres + "s"  # gör -> görs, genomför -> genomförs


def form_of(word: str, paradigm: Paradigm) -> tuple[str, bool] | None:
    """Which slot of ``paradigm`` the written ``word`` is, and whether it is the s-passive:
    "upprättades" in upprätta's paradigm is ("past", True). None when it is none of them."""
    for slot, form in paradigm.items():
        if word == form:
            return slot, False
    for slot in paradigm:
        if slot != "imp" and word == passive_of(paradigm, slot):
            return slot, True
    return None


def inflect_like(suggestion: str, token: Token, paradigms: dict[str, Paradigm], lemma: str = "") -> str:
    """Inflect the first word of ``suggestion`` like ``token``; keep the rest (particles). When
    the paradigm of the replaced verb (``lemma``) is known, its written form decides the tense
    ("upprättades" is past even where the tagger reads a present)."""
    first, _, rest = suggestion.partition(" ")
    paradigm = paradigms.get(first)
    if paradigm is None or token.pos_ not in ("VERB", "AUX"):
        return suggestion
    written = form_of(token.lower_, paradigms[lemma]) if lemma in paradigms else None
    if written is not None:
        slot, passive = written
    else:
        slot, passive = verb_slot(token), "Pass" in token.morph.get("Voice")
    if slot is None or slot not in paradigm:
        return suggestion
    form = passive_of(paradigm, slot) if passive else paradigm[slot]
    return f"{form} {rest}" if rest else form


# Demonstratives by the gender and number of their noun: "ovanstående bild" -> "denna bild".
DEMONSTRATIVES = {"denna": ("denna", "detta", "dessa"), "detta": ("denna", "detta", "dessa"),
                  "dessa": ("denna", "detta", "dessa")}
# Object and possessive forms of the pronouns a suggestion may put in ("för du" is wrong).
OBJECT_FORMS = {"du": "dig", "jag": "mig", "vi": "oss", "ni": "er"}
POSSESSIVE_FORMS = {"du": ("din", "ditt", "dina"), "jag": ("min", "mitt", "mina"), "vi": ("vår", "vårt", "våra")}


def noun_agreement(noun: Token | None, determiner: Token | None = None) -> str | None:
    """How a word before ``noun`` must agree: "com", "neut" (singular, indefinite) or "def-pl"
    (definite or plural: "så kallade regeln", "så kallade räntesnurror"); None when the noun's
    features are unknown."""
    if noun is None or noun.pos_ not in ("NOUN", "PROPN"):
        return None
    morph = noun.morph
    definite = "Def" in morph.get("Definite") or (determiner is not None and "Def" in determiner.morph.get("Definite"))
    if (not definite and "Neut" in morph.get("Gender") and "Plur" in morph.get("Number")
            and noun.lower_ == noun.lemma_.lower()):
        return None  # "fall", "beslut", "barn": singular and plural look the same; no guess
    if "Plur" in morph.get("Number") or definite:
        return "def-pl"
    if "Neut" in morph.get("Gender"):
        return "neut"
    if "Com" in morph.get("Gender"):
        return "com"
    return None


def inflect_modifier(word: str, agreement: str) -> str | None:
    """A demonstrative or an adjective in the form ``agreement`` asks for ("com", "neut",
    "def-pl"), or None when its forms are not known: kallad -> kallat / kallade, denna -> detta
    / dessa, vanlig -> vanligt / vanliga."""
    if word in DEMONSTRATIVES:
        com, neut, plural = DEMONSTRATIVES[word]
        return {"com": com, "neut": neut, "def-pl": plural}[agreement]
    if agreement == "com":
        return word
    if word.endswith("ad"):  # kallad, nämnd-like participles of the first conjugation
        return word[:-1] + ("t" if agreement == "neut" else "de")
    if word.endswith(("ig", "lig", "isk", "sam")):
        return word + ("t" if agreement == "neut" else "a")
    return None


def pronoun_case(pronoun: str, previous: Token | None, verbs: frozenset[str] = frozenset()) -> str | None:
    """The form of a subject pronoun ("du", "jag", "vi") in the place of the word it replaces:
    the object form after a preposition or an imperative ("för dig", "kontakta mig": a
    dictionary form from ``verbs`` opening the sentence), the subject form at the start of a
    clause; None when the place could be either (after a finite verb "ska sökanden" is a
    subject, "kontaktar sökanden" an object) or is unclear."""
    lower = pronoun.lower()
    if lower not in OBJECT_FORMS or previous is None:
        return pronoun  # not a pronoun with cases, or the first word of its sentence
    imperative = "Imp" in previous.morph.get("Mood") or (
        previous.is_sent_start and previous.lower_ in verbs and previous.lower_.endswith("a"))
    if previous.pos_ == "ADP" or imperative:
        return OBJECT_FORMS[lower]
    if previous.is_punct or previous.pos_ in ("CCONJ", "SCONJ"):
        return pronoun  # a new clause starts: "… och sökanden ska"
    return None


def match_case(suggestion: str, original: str) -> str:
    """Capitalise the suggestion when the original starts with a capital (sentence start)."""
    if original[:1].isupper() and suggestion[:1].islower():
        return suggestion[:1].upper() + suggestion[1:]
    return suggestion
