"""Lists of capitalised members ("Piret, Tiit och Merike"): when one member is a name, so are
the others that are no place, organisation or role.
"""

from __future__ import annotations

from collections.abc import Iterator

from klarsprak.privacy.names.clause import OBJECT_PRONOUNS, SUBJECT_PRONOUNS
from klarsprak.privacy.names.context import _Context
from klarsprak.privacy.names.vocabulary import CONJUNCTIONS, FUNCTION_WORDS, PLACE_PREPOSITIONS
from klarsprak.privacy.names.word_forms import _is_role, _listed


def _coordinations(ctx: _Context) -> Iterator[list[list[int]]]:
    """Lists of capitalised members ("Piret, Tiit och Merike", "Anna Ek och Per"): each member a
    run of capitalised words, joined by commas and one conjunction before the last member."""
    doc = ctx.tokens
    n = len(doc)
    i = 0
    while i < n:
        if not ctx.cap[i]:
            i += 1
            continue
        members: list[list[int]] = []
        j = i
        closed = False
        while j < n and ctx.cap[j]:
            member = [j]
            while j + 1 < n and doc[j].whitespace_ == " " and ctx.cap[j + 1] \
                    and not ctx.sentence_start(j + 1):
                j += 1
                member.append(j)
            members.append(member)
            if closed or j + 2 >= n:
                break
            separator = doc[j + 1]
            if separator.text == "," or separator.lower_ in CONJUNCTIONS:
                if "\n" in separator.whitespace_ or "\n" in doc[j].whitespace_:
                    break
                closed = separator.lower_ in CONJUNCTIONS
                j += 2
            else:
                break
        if len(members) > 1 and closed:
            yield members
        i = max(j, i) + 1


def _add_coordinated(ctx: _Context, flags: list[bool]) -> None:
    """"Piret, Tiit och Merike bor hos Siim", "Bara och Vincențiu har separerat": when one member
    of a list is a name, so are the others, if they are no place, organisation or role. A little
    word ("Bara", "Nu") counts only right before or after the conjunction, where it cannot be an
    adverb opening the sentence ("Igår, Anna och Per …" keeps "Igår")."""
    doc = ctx.tokens
    for members in _coordinations(ctx):
        if not any(flags[k] for member in members for k in member):
            continue
        last = len(members) - 1
        # "Nora och Liam har varit hos pappan": a first name that is also a town's is a person
        # beside a person, unless a preposition of place comes first ("till Nora och Lindesberg")
        people = any(flags[k] and not ctx.place[k] for member in members for k in member)
        after_place_word = members[0][0] > 0 and ctx.lowers[members[0][0] - 1] in PLACE_PREPOSITIONS
        for position, member in enumerate(members):
            first = doc[member[0]]
            lower = first.lower_
            if people and not after_place_word and len(member) == 1 and ctx.place[member[0]] \
                    and not ctx.not_person[member[0]] and _listed(lower, ctx.first_names):
                flags[member[0]] = True
                continue
            if any(ctx.excluded(doc[k]) or ctx.blocked(doc[k]) for k in member) or _is_role(lower, ctx.words):
                continue
            if len(member) == 1 and (lower in SUBJECT_PRONOUNS or lower in OBJECT_PRONOUNS):
                continue  # "Jag och Maža åkte …": the writer beside a person, a pronoun and no name
            ordinary = lower in ctx.words or lower in FUNCTION_WORDS
            if ordinary and not ctx.listed(lower) and position < last - 1:
                continue  # joined by a comma: "Igår, Anna och Per", "Därför, …"
            for k in member:
                flags[k] = True
