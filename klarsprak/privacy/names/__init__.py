"""Names of people: name lists, the tagger's proper nouns, capitalisation and context.

A word is part of a person's name when evidence of one of these kinds holds:

* it is on the first-name or surname list (Faker's sv_SE lists, in data/) and is not the first
  word of a sentence, or is followed by a surname, a finite verb or a speaker's colon;
* a cue comes before it: a greeting at the start of a line ("Hej", "Till Anna …"), a title or
  role ("handläggare Ek", "rektor Lindqvist", "försvarschefen Sabina …"), a verb of speech
  ("… säger Lindeberg"), or a closing line such as "Med vänlig hälsning";
* it is a word no lexicon knows, at the start of a sentence, followed by a finite verb
  ("Dragana ringde i går");
* it stands next to another name word: surnames, particles ("von", "al-"), middle initials
  ("Lars G Brandt"), the genitive ("Fatimas"), and later mentions of the same name;
* it is capitalised inside a sentence and no lexicon, gazetteer or organisation word knows it
  ("Vi pratade med Aino om …", "Lászlós mentor"), unless a preposition of place, an adjective or a
  noun naming a kind of place or body comes before it ("i Accra", "nyhetsbyrån Yonhap");
* it is a member of a list ("Piret, Tiit och Merike") another member of which is a name;
* lower-case names ("maria svensson") when both words are on the lists, lower-case words no
  lexicon knows joined by "och" after a verb of meeting or to a name ("träffade michele och
  umberto"), and lower-case mentions of a name found elsewhere ("… mateja verkade trött");
* initials ("K.L.", "A-K.S.", "Ü.P.", "Mattias R."): anonymised parties are personal data too.

Places, authorities, regions, municipalities and organisations are not people: the gazetteer in
data/ (all 290 kommuner, 21 regioner, the state authorities, countries) and organisation words
("Föreningen …", "… sjukhus", "… AB") rule them out.

The rules live in modules named for the kind of evidence they weigh; they run in this order:

* ``capitalised``: each capitalised word on its own and its neighbours' evidence;
* ``recognised``: the trained recogniser's verdict, where the rules leave a word open;
* ``person_contexts``: places in a sentence where only a person fits;
* ``capitals``: names typed in capitals, initials and slash signatures;
* ``coordination``: the other members of a list one member of which is a name;
* ``lower_case``: names written in lower case;
* ``neighbours``: surnames, middle parts and first names beside a found name, and later mentions.

They share ``context`` (the Doc, once), ``cues`` and ``clause`` (cue words before a name, the
word's place in its clause), ``word_forms`` (the shape of a word alone), ``lexicon`` (the lists,
the gazetteer, the ordinary words) and ``vocabulary`` (word classes, from data/name_cues.yaml).
This module joins the flags into spans; it re-exports what other packages import.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.tokens import Doc

from klarsprak.privacy.names.capitalised import _capitalised_words
from klarsprak.privacy.names.capitals import (
    _add_lone_names_in_capitals,
    _add_names_in_capitals,
    _add_signed_and_bracketed,
    _initials,
    _slash_signatures,
)
from klarsprak.privacy.names.context import _Context
from klarsprak.privacy.names.coordination import _add_coordinated
from klarsprak.privacy.names.lexicon import (
    OrdinaryWords,
    gazetteer_phrases,
    is_organisation_or_place,
    lexicon_proper_nouns,
    name_lists,
    ordinary_words,
    public_body_near,
)
from klarsprak.privacy.names.lexicon import _read as _read  # (the data tests read the lists with it)
from klarsprak.privacy.names.lower_case import (
    _add_lower_case_coordinated,
    _add_lower_case_full_names,
    _add_lower_case_names,
    _add_lower_case_neighbours,
)
from klarsprak.privacy.names.neighbours import (
    _add_apostrophe_surnames,
    _add_first_names_before,
    _add_hyphen_halves,
    _add_initials_before,
    _add_other_mentions,
    _add_particle_surnames,
    _add_spaced_initials,
    _add_surnames,
)
from klarsprak.privacy.names.person_contexts import _add_person_contexts
from klarsprak.privacy.names.recognised import _add_recognised
from klarsprak.privacy.names.vocabulary import DATA

__all__ = ["DATA", "OrdinaryWords", "find_names", "gazetteer_phrases", "is_organisation_or_place", "lexicon_proper_nouns",
           "name_lists", "ordinary_words", "public_body_near"]


def _name_words(ctx: _Context) -> list[bool]:
    """For each token: is it a word of a person's name?"""
    flags = _capitalised_words(ctx)
    _add_recognised(ctx, flags)
    _add_person_contexts(ctx, flags)
    _add_names_in_capitals(ctx, flags)
    _add_lone_names_in_capitals(ctx, flags)
    _add_signed_and_bracketed(ctx, flags)
    _add_coordinated(ctx, flags)
    _add_lower_case_names(ctx, flags)
    _add_lower_case_coordinated(ctx, flags)
    _add_lower_case_full_names(ctx, flags)
    _add_particle_surnames(ctx, flags)
    _add_apostrophe_surnames(ctx, flags)
    _add_spaced_initials(ctx, flags)
    found_alone = list(flags)  # before surnames are added: each of these is a name on its own evidence
    _add_surnames(ctx, flags, found_alone)
    _add_first_names_before(ctx, flags, found_alone)
    _add_lower_case_neighbours(ctx, flags)
    _add_initials_before(ctx, flags)
    _add_other_mentions(ctx, flags, found_alone)
    _add_hyphen_halves(ctx, flags)
    return flags


def find_names(doc: Doc) -> Iterator[tuple[int, int]]:
    """Character spans of people's names (adjacent name words and initials are one span)."""
    ctx = _Context(doc)
    flags = _name_words(ctx)
    tokens = ctx.tokens
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(tokens):
        if not flags[i]:
            i += 1
            continue
        j = i
        while j + 1 < len(tokens) and flags[j + 1] and tokens[j].whitespace_ == " ":
            j += 1
        spans.append((tokens[i].idx, tokens[j].idx + len(tokens[j].text)))
        i = j + 1
    for start, end in _initials(ctx.text):
        spans.append((start, end))
    spans.extend(_slash_signatures(ctx.text))
    yield from _merge(spans, ctx.text)


def _merge(spans: list[tuple[int, int]], text: str) -> Iterator[tuple[int, int]]:
    """Overlapping spans, and spans one space apart ("Åsa F.-S."), become one."""
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and (start <= merged[-1][1] or text[merged[-1][1] : start] == " "):
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    yield from merged
