"""Places in a sentence where only a person fits, whatever the word: joined with a personal
pronoun or a relative ("Virgilio och jag"), at an organisation first in a sentence ("Nikolai på
Arbetsförmedlingen"), spoken to ("Danijel, du får …"), met ("samtal med …"), a speaker's line,
after a preposition that takes people ("enligt Jade").
"""

from __future__ import annotations

from klarsprak.privacy.names.context import _capitalised_form, _Context, _modifier, form_test
from klarsprak.privacy.names.vocabulary import (
    CLAUSE_SUBORDINATORS,
    COMMON_WORD_ENDINGS,
    CONJUNCTIONS,
    FUNCTION_WORDS,
    MEETING_NOUNS,
    OPENING_MARKS,
    PERSON_PREPOSITIONS,
    POSSESSIVES,
    SUBORDINATORS,
    THANKS,
)
from klarsprak.privacy.names.word_forms import (
    _compound,
    _headed_compound,
    _is_role,
    _linked_compound,
    _noun_form,
    _personal_noun,
    _surname_shaped,
    _unknown_lower_text,
)

# Only people are joined with a personal pronoun: "Virgilio och jag", "hon och Tamara".
PERSONAL_PRONOUNS = frozenset({"jag", "du", "han", "hon", "vi", "ni", "mig", "dig", "honom", "henne", "oss"})
AT_ORGANISATION = frozenset({"på", "från", "vid", "hos"})
ADDRESSING_PRONOUNS = frozenset({"du", "ni", "vi", "jag"})
SECOND_PERSON = frozenset({"du", "dig", "din", "ditt", "dina", "ni", "er", "ert", "era"})
OWNER_PRONOUNS = frozenset({"hans", "hennes", "sin", "sina", "sitt", "min", "mina", "din", "dina", "deras", "vår",
                            "våra", "er", "era"})


def _name_like(ctx: _Context, i: int, ordinary_ok: bool = False) -> bool:
    """A word that could be a name: letters, no place, organisation, title or label, and (unless
    ``ordinary_ok``) no ordinary Swedish word."""
    token, lower = ctx.tokens[i], ctx.lowers[i]
    # A pronoun is capitalised only first in a sentence: "till Dina per post" names Dina.
    possessive = lower in POSSESSIVES or lower in ("sin", "sitt", "sina")
    pronoun = (possessive or lower in FUNCTION_WORDS) and (token.text.islower() or ctx.sentence_start(i)
                                                          or not possessive)
    if not token.is_alpha or len(lower) < 2 or ctx.excluded(token) or pronoun \
            or _is_role(lower, ctx.words) or lower.endswith(COMMON_WORD_ENDINGS):
        return False
    if token.text.islower():
        return _unknown_lower_text(token.text) and not _modifier(ctx, i)
    if not ctx.cap[i]:
        return False
    if not ctx.listed(lower) and _linked_compound(lower) and not _surname_shaped(lower):
        return False  # "till Bostadsstöd": two words joined by a linking -s name a benefit or a unit
    if ordinary_ok and lower in ctx.words and not ctx.listed(lower) and lower.endswith(ABSTRACT_NOUN_ENDINGS):
        return False  # "försäljningen av Distribution": an abstract noun, capitalised as a unit's name
    return ordinary_ok or ctx.listed(lower) or (lower not in ctx.words and not _compound(lower, ctx.words))


# Nouns made from verbs and adjectives: no name ends so ("distribution", "förvaltning", "trygghet").
ABSTRACT_NOUN_ENDINGS = ("tion", "ning", "het", "else", "ism", "itet", "ande", "ende")


@form_test
def _capitalised_or_unknown_lower(text: str) -> bool:
    return _capitalised_form(text) or _unknown_lower_text(text)


def _add_person_contexts(ctx: _Context, flags: list[bool]) -> None:
    """Places in a sentence where only a person fits:
    - joined with a personal pronoun: "Virgilio och jag gick igenom budgeten", "jag och tan";
    - at an authority or organisation, first in the sentence: "Nikolai på Arbetsförmedlingen har
      inte hört av sig";
    - a capitalised ordinary word inside a sentence after a preposition that takes people, when
      it is no noun form of Swedish ("skickades till Dina per post", "enligt Jade har …");
    - a lower-case word no lexicon knows after "hos" ("hembesök hos alonso")."""
    doc, lowers = ctx.tokens, ctx.lowers
    n = len(doc)
    # Every context below needs a capitalised word or a lower-case one no lexicon knows.
    for i in ctx.where(_capitalised_or_unknown_lower):
        if flags[i]:
            continue
        previous = lowers[i - 1] if i else ""
        after = lowers[i + 2] if i + 2 < n else ""
        # "Virgilio och jag gick …" opens the clause; in "… år utomlands och jag undrade" a new one starts
        joined = (i + 2 < n and after in PERSONAL_PRONOUNS and lowers[i + 1] in CONJUNCTIONS
                  and (previous in CLAUSE_SUBORDINATORS or ctx.sentence_start(i))) or (
            i >= 2 and previous in CONJUNCTIONS and lowers[i - 2] in PERSONAL_PRONOUNS)
        at_organisation = i + 2 < n and lowers[i + 1] in AT_ORGANISATION \
            and (ctx.not_person[i + 2] or (ctx.place[i + 2] and ctx.cap[i + 2])) and ctx.sentence_start(i)
        # "Trevor och hennes bror …": joined with a relative of someone, a person too
        with_relative = i + 3 < n and lowers[i + 1] in CONJUNCTIONS and (
            (lowers[i + 2] in OWNER_PRONOUNS and _personal_noun(lowers[i + 3]))
            or (doc[i + 2].text.islower() and _is_role(lowers[i + 2], ctx.words)  # "Yara och kuratorn gick …"
                and ctx.finite_verb_at(i + 3))) and (ctx.sentence_start(i) or previous in SUBORDINATORS)
        addressed = ctx.cap[i] and i + 2 < n and lowers[i + 2] in ADDRESSING_PRONOUNS and (
            doc[i + 1].text == "!" or (doc[i + 1].text == "," and doc[i + 2].text.islower())
        ) and ctx.at_line_start(i)  # "Gökay! Vi har fått …", "Danijel, du får …"
        addressed = addressed or _vocative(ctx, i)
        themself = i + 1 < n and lowers[i + 1] in ("själv", "själva") and doc[i].whitespace_ == " " and ctx.cap[i]
        met = i >= 2 and previous == "med" and lowers[i - 2] in MEETING_NOUNS
        quoted = 1 if i + 3 < n and doc[i + 2].text in OPENING_MARKS else 0  # "Žanis: ”Jag vill …”"
        speaker = i + 2 + quoted < n and doc[i + 1].text == ":" and lowers[i + 2 + quoted] in (
            "jag", "vi", "du", "ni", "men", "nej", "ja") and ctx.at_line_start(i)  # "Tessa: Jag vet inte …"
        if (joined or with_relative or at_organisation or themself or met or speaker or addressed) \
                and _name_like(ctx, i):
            flags[i] = True
        elif previous in PERSON_PREPOSITIONS and i > 0 and doc[i - 1].text.islower() \
                and not ctx.sentence_start(i) and ctx.cap[i] and _name_like(ctx, i, ordinary_ok=True) \
                and not _noun_form(lowers[i], ctx.words) and not _headed_compound(lowers[i], ctx.words) \
                and not (i + 1 < n and ((ctx.cap[i + 1] and not _name_like(ctx, i + 1))
                                        or (doc[i + 1].pos_ == "NOUN" and lowers[i + 1] in ctx.words))):
            flags[i] = True  # (not "av Europeiska kommissionen": a capitalised word opening a body's name)
        elif previous == "hos" and doc[i].text.islower() and _name_like(ctx, i):
            flags[i] = True


def _vocative(ctx: _Context, i: int) -> bool:
    """The person spoken to, closing the sentence or after thanks: "Ring mig när du kan,
    Frederico.", "tack för idag miklós, vi hörs", "okej tack irina!!"."""
    doc, lowers = ctx.tokens, ctx.lowers
    n = len(doc)
    if i + 1 >= n or doc[i + 1].text not in {",", ".", "!", "?", "!!"} or doc[i].whitespace_:
        return False
    if doc[i + 1].text != "," and i >= 1 and doc[i - 1].text == ",":
        start = i - 1
        while start > 0 and not ctx.sentence_start(start) and i - start < 30:
            start -= 1
        return any(lowers[k] in SECOND_PERSON for k in range(start, i - 1))
    return any(lowers[k] in THANKS and (k == 0 or ctx.sentence_start(k) or lowers[k - 1] in THANKS)
               for k in range(max(0, i - 3), i))
