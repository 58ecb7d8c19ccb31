"""Rebuild klarsprak/privacy/data/lexicon_proper_nouns.txt: the proper nouns of the lemma lexicon.

The lexicon (spaCy's sv_lemma_lookup, spacy-lookups-data, MIT) lists names and places as
capitalised lemmas ("Granqvists" -> "Granqvist"). Their lower-case forms are "known words", so the
name detector must not take them for ordinary Swedish words. Run: python scripts/build_gazetteer.py
"""

from __future__ import annotations

from pathlib import Path

from klarsprak.analysis.lexicon import _load_table

DATA = Path(__file__).resolve().parent.parent / "klarsprak" / "privacy" / "data"
OUT = DATA / "lexicon_proper_nouns.txt"
# Proper nouns that are also forms of an ordinary word: "sten" (Sten; stena), "klara" (Klara; klar),
# "tom" (Tom; tomer). In lower case such a word may be either, so it is no name without context.
AMBIGUOUS = DATA / "lexicon_proper_and_common.txt"


def main() -> None:
    table = _load_table()
    proper = sorted({lemma.lower() for lemma in table.values() if lemma[:1].isupper() and " " not in lemma})
    header = ["# Proper nouns (capitalised lemmas) of spaCy's sv_lemma_lookup (spacy-lookups-data, MIT licence),",
              "# lower-cased. Built by scripts/build_gazetteer.py; do not edit by hand."]
    OUT.write_text("\n".join(header + proper) + "\n", encoding="utf-8")
    print(f"{len(proper)} proper nouns -> {OUT}")
    ordinary = {lemma for lemma in table.values() if not lemma[:1].isupper()}
    ordinary |= {form.lower() for form, lemma in table.items() if not lemma[:1].isupper()}
    ambiguous = [word for word in proper if word in ordinary]
    header = ["# Proper nouns of spaCy's sv_lemma_lookup (MIT) that are also forms of an ordinary word there",
              "# (Sten/stena, Klara/klar). Built by scripts/build_gazetteer.py; do not edit by hand."]
    AMBIGUOUS.write_text("\n".join(header + ambiguous) + "\n", encoding="utf-8")
    print(f"{len(ambiguous)} of them also ordinary words -> {AMBIGUOUS}")


if __name__ == "__main__":
    main()
