"""Glue to the trained recogniser (klarsprak.privacy.recogniser): words it calls a person from
their context.

The rules rule out places, organisations, titles and ordinary words first, so the recogniser
scores only the words that could still be names; its bar is higher where a capital tells nothing.
"""

from __future__ import annotations

from klarsprak.privacy.names.capitalised import _ordinary_sentence_start
from klarsprak.privacy.names.context import _Context
from klarsprak.privacy.names.vocabulary import COMMON_WORD_ENDINGS, FUNCTION_WORDS, POSSESSIVES
from klarsprak.privacy.names.word_forms import (
    _compound,
    _headed_compound,
    _inflected_noun,
    _is_role,
    _linked_compound,
    _surname_shaped,
    _unknown_lower_text,
    _verbal_noun,
)
from klarsprak.privacy.recogniser import person_scores

# How sure the recogniser must be: more where the word's capital tells nothing.
PERSON = 0.6
LOWER_CASE_PERSON = 0.9


def _add_recognised(ctx: _Context, flags: list[bool]) -> None:
    """Words the trained recogniser calls a person, from their context: "Det framkom att Thandiwe
    inte …", "Brevet kom tillbaka från Brian Holmes". Places, organisations, titles, labels and
    ordinary words stay out, whatever it says: they are ruled out first, so the recogniser
    scores only the words that could still be names."""
    texts = ctx.texts
    careful = _carefully_capitalised(ctx)
    # (the first test is _could_be_recognised's own first test, inlined: most words fail it)
    candidates = [i for i in range(len(ctx.tokens)) if not flags[i] and not (
        texts[i].islower() and (careful or not _unknown_lower_text(texts[i]))) and _could_be_recognised(ctx, i)]
    if not candidates:
        return
    for i, score in zip(candidates, person_scores(ctx.doc, candidates, ctx.tokens), strict=True):
        # A capital first in a sentence says nothing, so there the bar is as high as in lower case.
        uninformative = ctx.texts[i].islower() or ctx.sentence_start(i)
        if score >= (LOWER_CASE_PERSON if uninformative else PERSON):
            flags[i] = True


def _carefully_capitalised(ctx: _Context, fewest: int = 8) -> bool:
    """A text whose sentences all open with a capital (a decision, a ruling, a web page) writes
    names with one too: there the recogniser's guess at a lower-case word ("graft versus host")
    is a technical or foreign word, not a name typed in haste. The rules with their own evidence
    (a greeting, a verb of meeting) still find lower-case names in any text."""
    starts = [i for i in range(len(ctx.tokens)) if ctx.tokens[i].is_sent_start and ctx.texts[i][:1].isalpha()]
    if len(starts) < fewest:
        return False
    return all(ctx.texts[i][:1].isupper() for i in starts)


def _could_be_recognised(ctx: _Context, i: int) -> bool:
    text, lower = ctx.texts[i], ctx.lowers[i]
    if len(text) < 2 or not text.isalpha() or text.isupper():
        return False  # a lone capital is a court's pseudonym ("A", "B"); "JO", "AB" are acronyms
    if text.islower() and not _unknown_lower_text(text):
        return False  # not "förhandsbesked", "bup", "lss"
    token = ctx.tokens[i]
    if ctx.excluded(token) or lower in FUNCTION_WORDS or lower in POSSESSIVES or _is_role(lower, ctx.words):
        return False  # "Ordförande": a title is not the name
    if text.islower():
        return True
    if not ctx.listed(lower) and (lower in ctx.words or lower.endswith(COMMON_WORD_ENDINGS) or _verbal_noun(lower, ctx.words)
                                  or (_linked_compound(lower) and not _surname_shaped(lower))):
        # "Avgift", "Lärarnas Riksförbund", "Bostadsstöd": an ordinary word or a compound of two
        # needs more than this evidence
        return False
    if ctx.sentence_start(i) and not ctx.listed(lower) and (
            _ordinary_sentence_start(ctx, i) or _compound(lower, ctx.words)
            or _inflected_noun(lower, ctx.words) or _headed_compound(lower, ctx.words)):
        return False  # "Ekonomin har blivit sämre", "Målnummer UM …": a noun opens the sentence
    # "Ikeas ledning": a genitive first in a sentence is left to _genitive_name
    return not (ctx.sentence_start(i) and lower.endswith("s") and i + 1 < len(ctx.tokens)
                and ctx.tokens[i + 1].pos_ == "NOUN")
