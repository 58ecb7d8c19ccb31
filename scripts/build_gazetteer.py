"""Rebuild klarsprak/privacy/data/lexicon_proper_nouns.txt (the proper nouns of the lemma lexicon),
lexicon_proper_forms.txt (their inflected forms) and lexicon_proper_and_common.txt.

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
FORMS = DATA / "lexicon_proper_forms.txt"


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
    # The inflected forms of a proper noun ("Silvian" -> Silvia, "Antons" -> Anton) are lower-cased
    # into the known words too; they are names unless an ordinary word has the same form.
    # (Only plain names: "TV-rutans" and "A-vitaminer" are ordinary compounds with an acronym.)
    forms = sorted({form.lower() for form, lemma in table.items() if lemma[:1].isupper() and lemma[1:].islower()
                    and lemma.isalpha() and form.isalpha() and form.lower() not in ordinary
                    and form.lower() not in proper
                    and not (form.endswith("s") and form.lower()[:-1] in ordinary)})  # "dags": Dag, dag
    header_forms = ["# Inflected forms of the proper nouns of spaCy's sv_lemma_lookup (MIT) that no ordinary word",
                    "# shares (Silvian -> Silvia, Antons -> Anton), lower-cased. Built by scripts/build_gazetteer.py;",
                    "# do not edit by hand."]
    FORMS.write_text("\n".join(header_forms + forms) + "\n", encoding="utf-8")
    print(f"{len(forms)} forms of proper nouns -> {FORMS}")
    header = ["# Proper nouns of spaCy's sv_lemma_lookup (MIT) that are also forms of an ordinary word there",
              "# (Sten/stena, Klara/klar). Built by scripts/build_gazetteer.py; do not edit by hand."]
    AMBIGUOUS.write_text("\n".join(header + ambiguous) + "\n", encoding="utf-8")
    print(f"{len(ambiguous)} of them also ordinary words -> {AMBIGUOUS}")


if __name__ == "__main__":
    main()
