"""Cue words before a name that only a person fits: a greeting, a title or role, a verb of
speech, a signature line above, an age or a masculine adjective ("87-åriga Thatcher"), a verb of
telling ("förklarade för Mateusz").

A cue is evidence from the left: it names the person after it, whatever the word itself is.
"""

from __future__ import annotations

import re

from klarsprak.privacy.names.context import _Context
from klarsprak.privacy.names.vocabulary import (
    FUNCTION_WORDS,
    GREETINGS,
    LINE_START_ONLY,
    NOT_TITLE_ALONE,
    SPEECH_VERBS,
    TELLING_LEMMAS,
    TITLES,
)
from klarsprak.privacy.names.word_forms import _is_role, _noun_form, _title_form


def _cue_before(ctx: _Context, i: int) -> bool:
    """A greeting, a title or role, a verb of speech, or a signature line right before the word."""
    doc, text = ctx.tokens, ctx.text
    j = i - 1
    while j >= 0 and (doc[j].is_space or doc[j].text in {",", ":"}):
        if "\n" in doc[j].text:
            return _signature_above(text, doc[j].idx)
        j -= 1
    if j < 0:
        return False
    previous = doc[j]
    lower = previous.lower_
    if previous.text == "." and j >= 1 and _abbreviated_title(ctx, j - 1):
        return True  # "bitr. Ljungqvarn", "sekr. Vieira"
    if "\n" in previous.whitespace_:
        return False  # the cue word ends a line: "Till\nHelsingborg" is a heading, not a greeting
    if lower in GREETINGS:
        return lower not in LINE_START_ONLY or ctx.at_line_start(j)
    if (_is_role(lower, ctx.words) and lower not in NOT_TITLE_ALONE) or lower in SPEECH_VERBS:
        # ("God Jul": "god" names someone only in "god man")
        return not _speech_after_label(ctx, j, i) and not _ordinary_participle(ctx, i)
    # "läkaren dr Berg": a title after a role
    return j > 0 and lower in ("dr", "dr.") and _is_role(doc[j - 1].lower_, ctx.words)


def _ordinary_participle(ctx: _Context, i: int) -> bool:
    """"… och myndighetschef Relaterade dokument": a participle the lexicon knows is no name,
    even after a title (a heading run into the line before)."""
    return ctx.lowers[i] in ctx.words and ctx.lowers[i].endswith(("ade", "ande", "ende"))


def _speech_after_label(ctx: _Context, label: int, i: int) -> bool:
    """"Klienten: Pengar till hyran.", "Handläggaren: Hur har veckan varit?": after a speaker's
    label and its colon, an ordinary word opens what was said. A label names a person only with
    a name after it ("Handläggare: Kalinda", "Sökande: Stjärna Holmberg")."""
    if ":" not in ctx.texts[label + 1 : i] or ctx.lowers[i] not in ctx.words or ctx.listed(ctx.lowers[i]):
        return False
    following = i + 1 < len(ctx.tokens) and ctx.cap[i + 1] and ctx.tokens[i].whitespace_ == " "
    return not following


def _signature_above(text: str, position: int) -> bool:
    """The last non-empty line before ``position`` is a closing such as "Med vänlig hälsning"."""
    end = position
    while end > 0 and text[end - 1].isspace():
        end -= 1
    line = text[text.rfind("\n", 0, end) + 1 : end].lower()
    return any(line.startswith(p) for p in ("med vänlig hälsning", "vänliga hälsningar", "hälsningar", "mvh",
                                            "med vänliga hälsningar", "hälsar", "vänligen"))


def _told(ctx: _Context, i: int) -> bool:
    """The word before ``i`` (perhaps a particle between) is a verb of telling."""
    for k in (i - 1, i - 2):
        if k < 0:
            return False
        token = ctx.tokens[k]
        if token.pos_ in ("VERB", "AUX") or token.lemma_.lower() in TELLING_LEMMAS:
            return token.lemma_.lower() in TELLING_LEMMAS or ctx.lowers[k].startswith(tuple(TELLING_LEMMAS))
        if token.pos_ not in ("ADV", "ADP", "PART"):
            return False
    return False


AGED = re.compile(r"^\d{1,3}-åri(?:g|ga|ge)$")


def _person_descriptor_before(ctx: _Context, i: int) -> bool:
    """"87-åriga Thatcher", "snabbe Hamilton", "lille Jonatan": an age in years, or an adjective
    in the weak masculine form (-e, which Swedish keeps for male persons), before a capitalised
    word that is no place, organisation or little word."""
    doc = ctx.tokens
    previous = doc[i - 1]
    lower = previous.lower_
    if previous.whitespace_ != " " or ctx.excluded(doc[i]) or ctx.lowers[i] in FUNCTION_WORDS:
        return False
    if AGED.match(lower):
        return True
    return (previous.text.islower() and previous.pos_ == "ADJ" and lower.endswith("e") and lower in ctx.words
            and not lower.endswith(("ande", "ende")) and lower[:-1] + "a" in ctx.words)


def _abbreviated_title(ctx: _Context, i: int) -> bool:
    """"bitr.", "sekr.": a short title the tokenizer split from its full stop."""
    return i + 1 < len(ctx.tokens) and ctx.texts[i + 1] == "." and not ctx.tokens[i].whitespace_ \
        and ctx.lowers[i] + "." in TITLES


def _title_before(ctx: _Context, i: int) -> bool:
    """"handläggare Tins", "rektor Sundin", "Sonen Sibylla": a title (in lower case, or opening the
    sentence) right before a capitalised word that is no place, organisation or little word."""
    doc = ctx.tokens
    previous = doc[i - 1]
    lower = previous.lower_
    # ("Sonen Sibylla vill …": the title may open the sentence, with the sentence's capital)
    title_case = previous.text.islower() or (ctx.sentence_start(i - 1) and previous.text[1:].islower() and not (
        _noun_form(ctx.lowers[i], ctx.words) and not ctx.listed(ctx.lowers[i])))  # not "Barnet Solen skiner"
    return (title_case and (lower in TITLES or _title_form(lower)) and lower not in NOT_TITLE_ALONE
            and not _ordinary_participle(ctx, i)
            and previous.whitespace_ == " " and not ctx.excluded(doc[i]) and doc[i].lower_ not in FUNCTION_WORDS)
