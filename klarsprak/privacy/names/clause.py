"""The word's place in its clause: the subject of a predicate only people take ("Jade kan nås
…", "Greco är född …"), a subject before its finite verb ("… då Morales lett landet"), a subject
with an aside ("Damian, 7 år, går …"), a sender's line, a speaker's colon.

Swedish word order is evidence: a bare word in the subject slot of a person's verb is a person.
"""

from __future__ import annotations

from klarsprak.privacy.names.context import _Context
from klarsprak.privacy.names.lexicon import _organisation_word
from klarsprak.privacy.names.vocabulary import (
    AUXILIARIES,
    COMMON_WORD_ENDINGS,
    FUNCTION_WORDS,
    PERSON_AFTER_AUX,
    PERSON_AFTER_BE,
    PERSON_VERBS,
    SENTENCE_ENDS,
    SUBORDINATORS,
)
from klarsprak.privacy.names.word_forms import (
    _compound,
    _definite_compound,
    _inflected_noun,
    _is_role,
    _listed,
    _noun_form,
    _surname_shaped,
)

OBJECT_PRONOUNS = frozenset({"sin", "sitt", "sina", "sig", "hans", "hennes", "deras", "mig", "dig", "honom",
                             "henne", "oss", "dem", "dom"})
NAMING_VERBS = frozenset({"heter", "hette", "kallas", "kallades"})
SUBJECT_PRONOUNS = frozenset({"jag", "du", "han", "hon", "vi", "ni", "de", "man", "det", "den", "dom"})
INSERTION_CLOSERS = {",": ",", "(": ")"}


def _person_predicate(ctx: _Context, i: int) -> bool:
    """A predicate only people take follows the word on its line: "kan nås", "är född", "har
    personnummer", "berättade", "mår"."""
    lowers, doc = ctx.lowers, ctx.tokens
    if i + 1 >= len(doc) or doc[i].whitespace_ != " ":
        return False
    verb = lowers[i + 1]
    if verb in PERSON_VERBS:
        return True
    if i + 2 >= len(doc) or doc[i + 1].whitespace_ != " ":
        return False
    if verb in ("är", "var", "blev"):
        return lowers[i + 2] in PERSON_AFTER_BE
    return verb in AUXILIARIES and lowers[i + 2] in PERSON_AFTER_AUX


def _subject_of_person_predicate(ctx: _Context, i: int) -> bool:
    """"Jade kan nås på …", "Greco är född …": a capitalised word that opens a clause, is no
    little word, role, place or organisation, and has a predicate only people take. Even an
    ordinary word ("Jade", "Bara") is a name there, unless it is a noun in the definite or
    plural ("Familjen bor …")."""
    doc = ctx.tokens
    token = doc[i]
    lower = ctx.lowers[i]
    if lower in FUNCTION_WORDS or ctx.excluded(token) or _is_role(lower, ctx.words) or not _person_predicate(ctx, i):
        return False
    if not (ctx.sentence_start(i) or ctx.lowers[i - 1] in SUBORDINATORS or ctx.lowers[i - 1] == ","):
        return False
    if i + 2 < len(doc) and ctx.lowers[i + 2] in SUBJECT_PRONOUNS and ctx.lowers[i + 1] not in NAMING_VERBS:
        return False  # "Ensam bor hon …": the subject follows the verb; but "Sol heter hon" names her
    if lower in ctx.words and (token.pos_ in ("PRON", "DET", "NUM") or _inflected_noun(lower, ctx.words)
                               or lower.endswith(COMMON_WORD_ENDINGS)):
        return False
    return not _definite_compound(lower, ctx.words)


def _subject_before_verb(ctx: _Context, i: int) -> bool:
    """"… då Morales lett landet": after a conjunction, a capitalised word no lexicon knows, then
    a finite verb, is the subject of a clause; such subjects are people far more often than not."""
    doc = ctx.tokens
    lower = doc[i].lower_
    if i == 0 or doc[i - 1].lower_ not in SUBORDINATORS or lower in ctx.words or lower in FUNCTION_WORDS:
        return False
    return ctx.finite_verb_after(i) and not _compound(lower, ctx.words) and not lower.endswith(COMMON_WORD_ENDINGS)


def _subject_after_verb(ctx: _Context, i: int) -> bool:
    """"Sällan kommer hon …": an adverb opening a sentence puts the subject after the verb; a
    name opening it is the subject itself ("Marketta tycker att …")."""
    # (A noun there may as well be the name's object: "Torres förvaltade straffen".) With nothing
    # after the verb ("Bra text.") the order tells nothing, so the tagger's adverb stands.
    if i + 2 >= len(ctx.tokens) or not ctx.tokens[i + 2].is_alpha:
        return True
    after = ctx.lowers[i + 2]
    # a possessive or reflexive after the verb belongs to its object: "…, jasmin visade sitt rum"
    return after in SUBJECT_PRONOUNS or (ctx.tokens[i + 2].pos_ in ("DET", "PRON") and after not in OBJECT_PRONOUNS)


def _verb_after_insertion(ctx: _Context, i: int, longest: int = 10) -> bool:
    """The word is followed by an aside between commas or brackets, and then by a finite verb:
    the word is the clause's subject ("Damian, 7 år, går i …", "Toomas (född 2000) har …",
    "Aniela, hans sambo, var inte hemma")."""
    doc = ctx.tokens
    if i + 1 < len(doc) and doc[i].whitespace_ == " " and ctx.cap[i + 1] and not ctx.excluded(doc[i + 1]):
        i += 1  # "Oddny Kask (född 1961) söker …": the surname, then the aside
    if i + 2 >= len(doc) or doc[i + 1].text not in INSERTION_CLOSERS or (doc[i].whitespace_ and doc[i + 1].text == ","):
        return False
    closer = INSERTION_CLOSERS[doc[i + 1].text]
    for k in range(i + 2, min(len(doc), i + 2 + longest)):
        text = doc[k].text
        if text in SENTENCE_ENDS or "\n" in text or "\n" in doc[k].whitespace_:
            return False
        if text == closer:
            return k > i + 2 and ctx.finite_verb_at(k + 1)
    return False


def _phrase_of_words(ctx: _Context, first: str, second: str) -> bool:
    """"God Jul": two ordinary words make a phrase, not a name. A first name may be a word ("Bara
    Markuš", "Dina Janssens", "Sanda Ene"); the surname after it then must be none. Two ordinary
    words still name a person when the first is a listed first name and the second a plain word
    ("Viola Lind")."""
    surname = _listed(second, ctx.surnames) or _surname_shaped(second)
    ordinary_first = first in FUNCTION_WORDS or first in ctx.words
    ordinary_second = second in ctx.words or (_compound(second, ctx.words) and not surname)
    listed_name_and_word = (_listed(first, ctx.first_names) and second in ctx.words
                            and not _noun_form(second, ctx.words))
    return ordinary_first and ordinary_second and not listed_name_and_word


def _sender_line(ctx: _Context, i: int) -> bool:
    """"Jázmin Kiss, Arbetsförmedlingen", "Kaja Legutko, Barn- och ungdomspsykiatrin": a line
    of two capitalised words, a comma and an authority, an office or an organisation names the
    writer and where they work."""
    doc = ctx.tokens
    if i + 3 >= len(doc) or not ctx.at_line_start(i) or not ctx.cap[i + 1] or doc[i].whitespace_ != " " \
            or ctx.texts[i + 2] != "," or "\n" in doc[i + 1].whitespace_:
        return False
    if any(ctx.excluded(doc[k]) or _is_role(ctx.lowers[k], ctx.words) for k in (i, i + 1)):
        return False
    first, second = ctx.lowers[i], ctx.lowers[i + 1]
    if second in FUNCTION_WORDS or _phrase_of_words(ctx, first, second):
        return False
    if not doc[i + 3].text[:1].isupper():
        return False
    k = i + 3
    while k < len(doc) and "\n" not in ctx.texts[k]:
        lower = ctx.lowers[k]
        if k == i + 3 and _acronym_closing_line(ctx, k):
            return True  # "Dina Janssens, CSN", "Ali Nur, BUP"
        if ctx.excluded(doc[k]) or _organisation_word(lower)[0] or (
                (lower in ctx.words or _compound(lower, ctx.words))
                and lower.endswith(("en", "ens", "et", "ets", "in", "ins"))):
            # "Arbetsförmedlingen", "Kommunens budget- och skuldrådgivning", "vuxenenheten",
            # "Barn- och ungdomspsykiatrin": an ordinary noun in the definite names the unit
            return True
        if "\n" in doc[k].whitespace_:
            break
        k += 1
    return False


def _acronym_closing_line(ctx: _Context, k: int) -> bool:
    """An acronym in capitals that ends its line: an authority or a unit ("CSN", "BUP", "IVO")."""
    text = ctx.texts[k]
    return text.isupper() and text.isalpha() and 2 <= len(text) <= 6 and (
        k + 1 >= len(ctx.tokens) or "\n" in ctx.tokens[k].whitespace_ or "\n" in ctx.texts[k + 1])


def _speaker(ctx: _Context, i: int) -> bool:
    """"Karin: Hur länge …", "Chris: Har ni …": a first name or a word no lexicon knows opening a
    line, with a colon (a chat or a minute)."""
    doc = ctx.tokens
    if i + 1 >= len(doc) or doc[i + 1].text != ":":
        return False
    lower = doc[i].lower_
    # (a short unknown label is a role's abbreviation: "Soc:", "Hl:")
    return _listed(lower, ctx.first_names) or (lower not in ctx.words and lower not in FUNCTION_WORDS
                                               and len(lower) > 3 and not _compound(lower, ctx.words))
