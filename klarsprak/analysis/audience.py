"""Whom a text speaks to. A letter or a decision to a person says "du" (or "ni"); a ruling, a
bill or minutes address nobody. Some advice only fits the first kind: write "du" instead of
"sökanden", explain the social-services terms to the client, name "vi" instead of a passive.
"""

from __future__ import annotations

from spacy.tokens import Doc

from klarsprak.analysis.spans import token_table

SECOND_PERSON = frozenset(["du", "dig", "din", "ditt", "dina"])
PLURAL_ADDRESS = frozenset(["ni", "er", "ert", "era"])  # "er" and "era" are also other words
# Words that make a replacement speak to the reader or for the writer.
PERSONAL = frozenset(["vi", "oss", "vår", "vårt", "våra", "du", "dig", "din", "ditt", "dina", "ni", "er", "ert", "era"])
_KEY = "klarsprak.addresses_reader"


def addresses_reader(doc: Doc) -> bool:
    """True when the text speaks to its reader ("du", "din", "ni" …). Computed once per Doc."""
    if _KEY not in doc.user_data:
        table = token_table(doc)
        doc.user_data[_KEY] = any(
            lower in SECOND_PERSON or (lower in PLURAL_ADDRESS and pos == "PRON")
            for lower, pos in zip(table.lower, table.pos, strict=True)
        )
    return doc.user_data[_KEY]


def is_personal(phrase: str) -> bool:
    """True when ``phrase`` puts "vi", "du", "ditt" … into the text ("hur vi arbetar med ditt ärende")."""
    return any(word.strip(".,;:()”\"").lower() in PERSONAL for word in phrase.split())
