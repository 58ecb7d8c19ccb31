"""Rebuild klarsprak/privacy/data/lexicon_proper_nouns.txt: the proper nouns of the lemma lexicon.

The lexicon (spaCy's sv_lemma_lookup, spacy-lookups-data, MIT) lists names and places as
capitalised lemmas ("Granqvists" -> "Granqvist"). Their lower-case forms are "known words", so the
name detector must not take them for ordinary Swedish words. Run: python scripts/build_gazetteer.py
"""

from __future__ import annotations

from pathlib import Path

from klarsprak.analysis.lexicon import _load_table

OUT = Path(__file__).resolve().parent.parent / "klarsprak" / "privacy" / "data" / "lexicon_proper_nouns.txt"


def main() -> None:
    table = _load_table()
    proper = sorted({lemma.lower() for lemma in table.values() if lemma[:1].isupper() and " " not in lemma})
    header = ["# Proper nouns (capitalised lemmas) of spaCy's sv_lemma_lookup (spacy-lookups-data, MIT licence),",
              "# lower-cased. Built by scripts/build_gazetteer.py; do not edit by hand."]
    OUT.write_text("\n".join(header + proper) + "\n", encoding="utf-8")
    print(f"{len(proper)} proper nouns -> {OUT}")


if __name__ == "__main__":
    main()
