"""Rebuild klarsprak/privacy/data/ordinary_words.txt: ordinary words the lemma lexicon lacks.

spaCy's sv_lemma_lookup maps inflected forms to their lemmas, so a word with no inflection that is
no other word's lemma is not in it: "tillsammans", "aldrig", "ungefär", "hemma", "tyvärr".
The name detector would take such a word, capitalised first in a sentence, for a name it has never
seen ("Tillsammans har vi …"). Other words the lexicon lists only as proper nouns ("Per", "Dag",
"Klara") are ordinary words in lower case too ("per månad", "i dag"). This list adds the words of
two public sources that the lexicon lacks or lists only so:

- spaCy's Swedish stop words (spacy/lang/sv/stop_words.py, MIT licence);
- every word of the UD Swedish-Talbanken treebank (dev and test splits, ../shared/data, CC BY-SA
  4.0) written in lower case and never tagged there as a proper noun, a symbol or a foreign word.

Run: python scripts/build_ordinary_words.py
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from spacy.lang.sv.stop_words import STOP_WORDS

from klarsprak.privacy.names import ordinary_words

ROOT = Path(__file__).resolve().parent.parent
TALBANKEN = ROOT.parent / "shared" / "data" / "ud-swedish-talbanken"
OUT = ROOT / "klarsprak" / "privacy" / "data" / "ordinary_words.txt"
NOT_ORDINARY = frozenset({"PROPN", "X", "SYM", "PUNCT"})


def treebank_words() -> set[str]:
    """Alphabetic words the treebank writes in lower case and never tags as a name or foreign word."""
    tags: dict[str, set[str]] = defaultdict(set)
    for path in sorted(TALBANKEN.glob("*.conllu")):
        for line in path.read_text(encoding="utf-8").splitlines():
            columns = line.split("\t")
            # Lower-case occurrences only: "Per" the name must not keep out "per" the preposition.
            if len(columns) > 3 and columns[0].isdigit() and columns[1].replace("-", "").isalpha() \
                    and columns[1].islower():
                tags[columns[1]].add(columns[3])
    return {word for word, seen in tags.items() if not seen & NOT_ORDINARY and len(word) > 1}


def main() -> None:
    known = ordinary_words()  # the lexicon less its proper nouns: "per" is one ("Per") and a preposition
    words = sorted(w for w in treebank_words() | {w for w in STOP_WORDS if w.isalpha()} if w not in known)
    header = ["# Ordinary Swedish words that the lemma lexicon lacks (uninflected words, compounds) or lists only as proper nouns.",
              "# From spaCy's Swedish stop words (MIT) and UD Swedish-Talbanken (CC BY-SA 4.0), words never",
              "# tagged as proper nouns. Built by scripts/build_ordinary_words.py; do not edit by hand."]
    OUT.write_text("\n".join(header + words) + "\n", encoding="utf-8")
    print(f"{len(words)} words -> {OUT.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
