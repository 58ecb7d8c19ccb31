"""Names grow from the words already found: the surname after a first name, particles and
middle initials ("Lars G Brandt", "Juan de la Fuente"), a first name before an unknown surname
("Lucian Dinu har flyttat"), and later mentions of the same name ("Leylas", "… leyla verkade
trött"). These run last, on what the other modules found on their own evidence.
"""

from __future__ import annotations

import re

from klarsprak.privacy.names.clause import _person_predicate
from klarsprak.privacy.names.context import ENGLISH_CONTRACTIONS, _apostrophe, _Context, form_test
from klarsprak.privacy.names.vocabulary import (
    CAPITAL,
    FUNCTION_WORDS,
    GREETINGS,
    MEETING_VERBS,
    PARTICLES,
    PLACE_PREPOSITIONS,
)
from klarsprak.privacy.names.word_forms import (
    _capitalised,
    _compound,
    _inflected_noun,
    _is_role,
    _listed,
    _personal_noun,
    _surname_shaped,
)


def _add_surnames(ctx: _Context, flags: list[bool], found_alone: list[bool]) -> None:
    """A capitalised word right after a name word belongs to the name, whether or not it is on a
    list (Exempelsson, Ridderstad, Stad): masking too much is safer than leaking a surname.
    Pronouns and other small words ("Hej Anna Du …") are left alone. Particles ("von", "al"),
    middle initials ("Lars G Brandt") and initials with a full stop ("Mattias R.", "C. Bohlin")
    join the name too."""
    doc = ctx.tokens
    changed = True
    while changed:
        changed = False
        for i in range(1, len(doc)):
            token = doc[i]
            if flags[i] or not flags[i - 1] or doc[i - 1].whitespace_ != " ":
                continue
            lower = token.lower_
            if _capitalised(token) and ctx.surname_despite_place(token):
                flags[i] = changed = True
            elif (_capitalised(token) and _listed(doc[i - 1].lower_, ctx.first_names) and not ctx.excluded(token)
                  and lower not in FUNCTION_WORDS and not ctx.sentence_start(i)):
                flags[i] = changed = True  # "Anna Grip", "Fredrik Säker": after a first name, whatever the tag
            elif _capitalised(token) and not ctx.excluded(token) and lower not in FUNCTION_WORDS - {"hans", "mitt"}:
                # "Morris Bosch", "Gyöngyi Magyar": the tagger's guess at an unknown name's part of
                # speech ("Bosch" an adverb, "Magyar" a pronoun) is no evidence against it.
                if (_listed(lower, ctx.surnames) or _surname_shaped(lower) or lower not in ctx.words
                        or token.pos_ in ("PROPN", "NOUN", "ADJ", "X")
                        or (found_alone[i - 1] and not ctx.sentence_start(i) and not _is_role(lower, ctx.words))):
                    flags[i] = changed = True
            elif _middle_part(ctx, i, flags):
                flags[i] = changed = True


# Particles that open a surname even without a first name before it ("säger von Eckermann", "av
# van der Burgh", "af Klercker"); "de", "di", "la" are as often words or places' parts.
SURNAME_OPENERS = frozenset({"von", "van", "af"})
INNER_PARTICLES = frozenset({"der", "den", "de", "dem"})
REGNAL_NUMBER = re.compile(r"^(?:X{0,2})(?:IX|IV|V?I{0,3})$")


def _add_particle_surnames(ctx: _Context, flags: list[bool]) -> None:
    """"säger von Eckermann", "van der Burgh var …": a surname's opening particle in lower case
    and a capitalised word (no place or organisation) are a surname on their own."""
    doc = ctx.tokens
    for i in range(len(doc) - 1):
        if ctx.lowers[i] not in SURNAME_OPENERS or not ctx.texts[i].islower() or doc[i].whitespace_ != " ":
            continue
        j = i + 1
        while j < len(doc) - 1 and ctx.lowers[j] in INNER_PARTICLES and ctx.texts[j].islower() \
                and doc[j].whitespace_ == " ":
            j += 1
        street = j + 1 < len(doc) and ctx.lowers[j + 1].endswith(STREET_HEADS)  # "von Platens gata"
        if ctx.cap[j] and not ctx.excluded(doc[j]) and ctx.lowers[j] not in FUNCTION_WORDS and not street:
            for k in range(i, j + 1):
                flags[k] = True


# The Irish, Italian and West African openings of a surname: "O’Brien", "D’Angelo", "N’Diaye".
APOSTROPHE_OPENERS = frozenset({"O", "D", "N", "M"})


def _add_apostrophe_surnames(ctx: _Context, flags: list[bool]) -> None:
    """"Sean O’Brien", "Lisa D’Angelo", "N’Diaye sa …": an opening capital, an apostrophe and a
    capitalised word, written together, are one surname (the tokenizer splits them in three);
    and a name's word goes on after an apostrophe inside it ("Ja’far")."""
    doc, texts = ctx.tokens, ctx.texts
    for i in ctx.where(_apostrophe):
        if not (0 < i < len(doc) - 1) or doc[i - 1].whitespace_ or doc[i].whitespace_:
            continue
        if texts[i - 1] in APOSTROPHE_OPENERS and ctx.cap[i + 1] and not ctx.excluded(doc[i + 1]):
            flags[i - 1] = flags[i] = flags[i + 1] = True
        elif flags[i - 1] and texts[i + 1].isalpha() and texts[i + 1].islower() \
                and texts[i + 1] not in ENGLISH_CONTRACTIONS:
            flags[i] = flags[i + 1] = True  # "Ja’far", "Sa’id": the apostrophe inside a transliterated name


@form_test
def _hyphen_half(text: str) -> bool:
    return len(text) > 3 and text.endswith("-") and text[:1].isupper() and text[:-1].isalpha()


def _add_hyphen_halves(ctx: _Context, flags: list[bool]) -> None:
    """"Viveka Warnling- Nerep": the first half of a double surname, split at its hyphen by a
    line break or a stray space, between two name words (or after one) is the name's too."""
    texts = ctx.texts
    for i in ctx.where(_hyphen_half):
        if flags[i] or ctx.excluded(ctx.tokens[i]):
            continue
        before = i > 0 and flags[i - 1] and ctx.tokens[i - 1].whitespace_ == " "
        after = i + 1 < len(texts) and flags[i + 1]
        if before and (after or i + 1 >= len(texts) or not texts[i + 1][:1].islower()):
            flags[i] = True


STREET_HEADS = ("gata", "gatan", "väg", "vägen", "torg", "torget", "plan", "allé", "allén", "park", "parken")


def _add_spaced_initials(ctx: _Context, flags: list[bool]) -> None:
    """"C G Jung", "J R R Tolkien": two or more lone capitals before a capitalised word are a
    person's initials and surname (one lone capital may be a pseudonym or a list's letter)."""
    doc, texts = ctx.tokens, ctx.texts
    lone = [k for k, text in enumerate(texts) if len(text) == 1 and text.isupper()]  # few in any text
    done = -1
    for i in lone:
        if i <= done:
            continue
        j = i
        while j < len(doc) and len(texts[j]) == 1 and texts[j].isupper() and doc[j].whitespace_ == " ":
            j += 1
        done = j
        if j - i >= 2 and j < len(doc) and ctx.cap[j] and not ctx.excluded(doc[j]) \
                and ctx.lowers[j] not in FUNCTION_WORDS:
            for k in range(i, j + 1):
                flags[k] = True


INITIAL = re.compile(rf"^{CAPITAL}\.?$")


def _add_initials_before(ctx: _Context, flags: list[bool]) -> None:
    """"dr J. Svensson", "av P. Lindahl": a first name's initial (with or without its full stop)
    right before a surname found belongs to the name."""
    doc = ctx.tokens
    for i in range(1, len(doc)):
        if not flags[i] or flags[i - 1] or not ctx.cap[i]:
            continue
        j = i - 1
        two_tokens = ctx.texts[j] == "." and j > 0 and not doc[j - 1].whitespace_
        if two_tokens:
            j -= 1  # "J" "." as two tokens
        # with its full stop and then a space: "J. Svensson", not "J.Svensson" or "J Svensson"
        spaced = doc[j + 1].whitespace_ == " " if two_tokens else (
            doc[j].whitespace_ == " " and ctx.texts[j].endswith("."))
        if INITIAL.match(ctx.texts[j]) and spaced and not (j > 0 and doc[j - 1].like_num):
            flags[j:i] = [True] * (i - j)  # not a door's letter after a street number: "Exempelgatan 12 B. Märta"


def _add_first_names_before(ctx: _Context, flags: list[bool], found_alone: list[bool]) -> None:
    """"Lucian Dinu har flyttat": an ordinary word opening a sentence, right before a name word no
    lexicon knows, is the first name (unless it is a little word, a role, a place or an
    inflected noun: "Familjen Dinu")."""
    doc = ctx.tokens
    for i in range(len(doc) - 1):
        if flags[i] or not found_alone[i + 1] or not ctx.cap[i] or not ctx.cap[i + 1] or doc[i].whitespace_ != " ":
            continue
        lower, second = ctx.lowers[i], ctx.lowers[i + 1]
        # "Simina Vargas bror har …": the pair in the genitive before a kinship word (whatever else
        # "vargas" may be, the name is "Varga")
        genitive_kin = second.endswith("s") and i + 2 < len(doc) and ctx.texts[i + 2].islower() \
            and _personal_noun(ctx.lowers[i + 2]) and (lower not in ctx.words or ctx.listed(lower))
        if (second in ctx.words and not genitive_kin) or lower in FUNCTION_WORDS or lower in GREETINGS \
                or ctx.excluded(doc[i]) or _is_role(lower, ctx.words) or _inflected_noun(lower, ctx.words):
            continue
        if not ctx.sentence_start(i):
            # "Antecknat av Bara Buršić": inside a sentence a capitalised word is a proper noun, and
            # right before a surname no lexicon knows, the first name, whatever else it may mean
            if i > 0 and ctx.texts[i - 1].islower() and doc[i - 1].whitespace_ == " " \
                    and ctx.lowers[i - 1] not in PLACE_PREPOSITIONS:
                flags[i] = True
            continue
        # the pair is the subject of the clause: "Lucian Dinu har …", not "Kontakta Nora Lund"
        if genitive_kin or (doc[i].pos_ in ("PROPN", "NOUN", "ADJ", "X")
                            and (ctx.finite_verb_after(i + 1) or _person_predicate(ctx, i + 1))):
            flags[i] = True
        elif ctx.at_line_start(i) and _line_ends_or_comma(ctx, i + 1):
            flags[i] = True  # "Hanne Thanel, Kronofogden", "Kader Bilge" alone on a line: a signature


def _line_ends_or_comma(ctx: _Context, k: int) -> bool:
    """After ``k`` comes a comma or the end of the line (or text)."""
    if k + 1 >= len(ctx.tokens):
        return True
    return ctx.texts[k + 1] == "," or "\n" in ctx.tokens[k].whitespace_ or ctx.tokens[k + 1].text.startswith("\n")


def _middle_part(ctx: _Context, i: int, flags: list[bool]) -> bool:
    """A particle, a lone capital ("G") or an initial ("R.") after a name word."""
    doc = ctx.tokens
    token = doc[i]
    following = doc[i + 1] if i + 1 < len(doc) else None
    if token.lower_ in PARTICLES and token.text.islower():
        # "Juan de la Fuente", "Bram van der Berg": one particle or several, then the surname
        j = i
        while j < len(doc) and doc[j].lower_ in PARTICLES and doc[j].text.islower() and doc[j].whitespace_ == " ":
            j += 1
        return j > i and j < len(doc) and _capitalised(doc[j]) and (
            not ctx.excluded(doc[j]) or ctx.surname_despite_place(doc[j]))
    if len(token.text) == 1 and token.text.isupper():
        if following is None or "\n" in token.whitespace_ or following.text.startswith("\n"):
            return True  # "Mvh Sanna L": a surname's initial ends the signature
        # "Lisa D ringde", "Karl C, Lisa D": a surname's initial before a verb or a comma
        lower_after = following.text.islower() and token.text != "I"  # not "hos Anna I veckan"
        return (token.whitespace_ == " " and (_capitalised(following) or lower_after)) or (
            following.is_punct and following.text in (",", ")", "!", "?") and not token.whitespace_)
    if token.text.isupper() and REGNAL_NUMBER.match(token.text) and len(token.text) > 1:
        return True  # "Benedictus XVI", "Karl XII": a regnal number after the name
    return token.text.endswith(".") and bool(INITIAL.match(token.text))  # "R."


def _add_other_mentions(ctx: _Context, flags: list[bool], found_alone: list[bool]) -> None:
    """Once "Leyla Khan" or "Hej Tolvan" is found, "Leyla berättade …", "Leylas" and "…, Tolvan, …"
    elsewhere in the text are the same people."""
    doc = ctx.tokens
    words = ctx.words
    # Words found on their own evidence, and surnames that are no ordinary word: "Stad" in
    # "Karin Stad" must not mask every "Stad" in the text.
    known = {doc[i].lower_ for i, flag in enumerate(flags) if flag and ctx.cap[i] and not ctx.excluded(doc[i])
             and (found_alone[i] or ctx.listed(doc[i].lower_) or doc[i].lower_ not in words)}
    known |= {k + "s" for k in known if not k.endswith("s")}
    # "Mateja Maričević … mateja verkade trött": lower-case mentions, when no lexicon knows the word.
    known |= {doc[i].lower_ for i, flag in enumerate(found_alone) if flag and doc[i].text.islower()}
    for i, lower in enumerate(ctx.lowers):
        if lower not in known or flags[i] or ctx.excluded(token := doc[i]):
            continue
        # (not a compound of ordinary words that no list holds, though capitalised elsewhere as a
        # heading: "Överklagan … om överklagan kommer in för sent")
        ordinary = token.lower_ in words or (_compound(token.lower_, words) and not ctx.listed(token.lower_)
                                             and not _surname_shaped(token.lower_))
        lower_mention = token.text.islower() and token.lower_ not in FUNCTION_WORDS and (
            not ordinary or _person_predicate(ctx, i)
            or (i > 0 and ctx.lowers[i - 1] in MEETING_VERBS - {"på", "med"}))
        if _capitalised(token) or lower_mention:
            flags[i] = True  # "… mate verkade trött" once "Mate Eršek" is found
