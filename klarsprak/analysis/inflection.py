"""Inflect a suggested verb like the word it replaces: "erhållit" -> "fått", "tillsåg" -> "såg till".

Paradigms come from ``rules/inflections.yaml`` (infinitive, present, past, supine, imperative);
passive forms are derived from them (fås, ficks, fåtts). When a verb is missing from the file the
suggestion stays in its dictionary form, which is still correct advice.
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


def inflect_like(suggestion: str, token: Token, paradigms: dict[str, Paradigm]) -> str:
    """Inflect the first word of ``suggestion`` like ``token``; keep the rest (particles)."""
    first, _, rest = suggestion.partition(" ")
    paradigm = paradigms.get(first)
    if paradigm is None or token.pos_ not in ("VERB", "AUX"):
        return suggestion
    slot = verb_slot(token)
    if slot is None or slot not in paradigm:
        return suggestion
    form = passive_of(paradigm, slot) if "Pass" in token.morph.get("Voice") else paradigm[slot]
    return f"{form} {rest}" if rest else form


def match_case(suggestion: str, original: str) -> str:
    """Capitalise the suggestion when the original starts with a capital (sentence start)."""
    if original[:1].isupper() and suggestion[:1].islower():
        return suggestion[:1].upper() + suggestion[1:]
    return suggestion
