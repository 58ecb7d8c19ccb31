"""``long-word``: very long words (mostly compounds) that are hard to take in at a glance.

Not every long word is a problem the writer can solve:

* **Names** cannot be rewritten: a capitalised word inside a sentence (Pensionsmyndigheten),
  the head of a multi-word name ("Högsta förvaltningsdomstolen"), a name of a law
  (föräldraledighetslagen, socialförsäkringsbalken, förvaltningsprocesslagen) or of an
  authority or court in the definite form (migrationsöverdomstolen, kammarrätten).
* **Transparent compound nouns** of two common words (arbetsmarknadspolitik = arbetsmarknad + politik,
  barnkonsekvensanalys) read as the two words; only a chain of three or more parts
  (försörjningsstödshandläggaren) is flagged. Compound adjectives and participles
  (myndighetsövergripande) are flagged at any length of chain: they pack a clause into a word.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache

from spacy.tokens import Doc, Token

from klarsprak.analysis.kinds import Hit, Kind, register
from klarsprak.analysis.lexicon import known_words
from klarsprak.analysis.schema import Schema
from klarsprak.analysis.spans import token_table

# Heads of names of laws: "-lagen", "-balken", "-förordningen", "-stadgan" (and the genitive).
LAW_HEADS = ("lag", "lagen", "lagens", "balk", "balken", "balkens", "förordning", "förordningen",
             "förordningens", "stadgan", "stadgans", "ordningen", "ordningens", "direktivet")
# Heads of names of authorities, courts and bodies, in the definite form (a name, not a kind).
BODY_HEADS = ("domstolen", "domstolens", "rätten", "rättens", "myndigheten", "myndighetens", "verket",
              "verkets", "nämnden", "nämndens", "inspektionen", "inspektionens", "styrelsen", "styrelsens",
              "departementet", "departementets", "ombudsmannen", "ombudsmannens", "kommissionen",
              "kommissionens", "kassan", "kassans", "förvaltningen", "förvaltningens", "kansliet", "kansliets")
# A long compound adjective or participle (myndighetsövergripande, transplantationsrelaterade,
# förvaltningsgemensamma) packs a clause into one word; it is flagged even with two parts.
ADJECTIVE_ENDINGS = ("ande", "ende", "ad", "ade", "at", "ig", "iga", "igt", "lig", "liga", "ligt", "sam",
                     "samma", "samt", "isk", "iska", "iskt")
MIN_PART = 3  # letters in a compound part ("bo", "ut" are too short to trust)
LINKS = ("", "s", "e", "a", "u")  # fogemorfem: arbetsmarknad-s-politik, barn-a-bidrag


def _known(part: str) -> bool:
    return len(part) >= MIN_PART and part in known_words()


@lru_cache(maxsize=4096)
def compound_parts(word: str, depth: int = 3) -> int:
    """The fewest known words (with linking letters) that ``word`` splits into, 0 if none.

    "arbetsmarknadspolitik" -> 2 (arbetsmarknad + s + politik); "försörjningsstödshandläggaren"
    -> 3. The last part may be inflected (the lexicon holds inflected forms)."""
    word = word.lower()
    if _known(word):
        return 1
    if depth == 1:
        return 0
    best = 0
    for cut in range(MIN_PART, len(word) - MIN_PART + 1):
        head, rest = word[:cut], word[cut:]
        for link in LINKS:
            if link and not head.endswith(link):
                continue
            stem = head[: len(head) - len(link)] if link else head
            if not _known(stem):
                continue
            parts = compound_parts(rest, depth - 1)
            if parts and (best == 0 or parts + 1 < best):
                best = parts + 1
                if best == 2:
                    return best
    return best


def is_name(token: Token) -> bool:
    """A proper name, or the name of a law, authority or court, that the writer cannot rewrite."""
    text = token.text
    if token.pos_ == "PROPN":
        return True
    if text[:1].isupper() and not token.is_sent_start:
        return True  # Pensionsmyndigheten, Socialstyrelsen inside a sentence
    lower = token.lower_
    if lower.endswith(LAW_HEADS):
        return True  # föräldraledighetslagen, socialförsäkringsbalken
    if lower.endswith(BODY_HEADS):
        return True  # migrationsöverdomstolen, förvaltningsrätten: a definite name of a body
    previous = token.doc[token.i - 1] if token.i else None
    # "Högsta förvaltningsdomstolen", "Statens institutionsstyrelse": part of a name when the
    # word before is capitalised inside the sentence.
    return (previous is not None and previous.text[:1].isupper() and not previous.is_sent_start
            and previous.pos_ in ("ADJ", "PROPN", "NOUN"))


@register
class LongWord(Kind):
    """Parameters: ``min_letters`` (default 20): flag words with at least this many letters;
    ``min_parts`` (default 3): a compound of fewer known words is transparent and not flagged."""

    name = "long-word"
    placeholders = frozenset({"letters"})

    class Parameters(Schema):
        min_letters: int = 20
        min_parts: int = 3

    def find(self, doc: Doc) -> Iterable[Hit]:
        min_letters = int(self.params.get("min_letters", 20))
        min_parts = int(self.params.get("min_parts", 3))
        for i, text in enumerate(token_table(doc).text):
            if len(text) < min_letters:
                continue  # too short to have enough letters: no Token needed
            token = doc[i]
            if token.like_url or token.like_email:
                continue
            letters = sum(1 for c in token.text if c.isalpha())
            if letters < min_letters or any(c.isdigit() for c in token.text):
                continue
            if is_name(token):
                continue
            if token.pos_ == "NOUN" or not token.lower_.endswith(ADJECTIVE_ENDINGS):
                parts = compound_parts(token.lower_)
                if 0 < parts < min_parts:
                    continue  # a transparent compound of common words
            yield Hit(token.idx, token.idx + len(token.text), {"letters": letters})
