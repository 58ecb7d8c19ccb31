"""Names in forms the word-by-word rules do not see: typed in capitals ("ANNA ANDERSSON"),
as initials ("K.L.", "A-K.S.": courts anonymise parties so, and they are personal data too), and
signed after a slash at the end of a line ("Tack! /Gabriela").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from klarsprak.privacy.names.context import _Context, form_test
from klarsprak.privacy.names.lexicon import (
    is_organisation_or_place,
    lexicon_proper_and_common,
    name_lists,
    ordinary_words,
)
from klarsprak.privacy.names.vocabulary import CAPITAL, FUNCTION_WORDS, NOT_NAME_WORDS, TITLES
from klarsprak.privacy.names.word_forms import _listed, _surname_shaped, _unknown_lower_text, _unknown_word

COMPANY_AFTER = re.compile(r"\s+(?:[A-ZÅÄÖ][\wåäö&-]*\s+){0,3}(?:AB|HB|KB|Aktiebolag)\b")
INITIALS = re.compile(rf"(?<![\w.-]){CAPITAL}(?:\.-?|-)(?:{CAPITAL}(?:\.-?|-))*{CAPITAL}\.(?![\w])")


def _add_names_in_capitals(ctx: _Context, flags: list[bool]) -> None:
    """"ANNA ANDERSSON", "ANDERS W JONSSON": a name typed in capitals, as in forms and bylines:
    a listed first name in capitals, then a word in capitals that is a listed or surname-shaped
    name or no ordinary word (an initial may come between)."""
    texts, lowers, doc = ctx.texts, ctx.lowers, ctx.tokens
    n = len(doc)
    for i in range(n - 1):
        if not (texts[i].isupper() and len(texts[i]) > 1 and texts[i].replace("-", "").isalpha()
                and _listed(lowers[i], ctx.first_names)) or doc[i].whitespace_ != " ":
            continue
        j = i + 1
        if j + 1 < n and len(texts[j]) == 1 and texts[j].isupper() and doc[j].whitespace_ == " ":
            j += 1  # a middle initial
        last = lowers[j]
        if texts[j].isupper() and len(texts[j]) > 1 and texts[j].isalpha() and not ctx.excluded(doc[j]) and (
                _listed(last, ctx.surnames) or _surname_shaped(last) or last not in ctx.words):
            for k in range(i, j + 1):
                flags[k] = True


@form_test
def _listed_in_capitals(text: str) -> bool:
    """"ALBIN": a listed first name in capitals that is no Swedish word."""
    lower = text.lower()
    return (len(text) >= 3 and text.isalpha() and text.isupper() and _listed(lower, name_lists()[0])
            and lower not in ordinary_words() and lower not in FUNCTION_WORDS and lower not in lexicon_proper_and_common())


def _add_lone_names_in_capitals(ctx: _Context, flags: list[bool]) -> None:
    """"RING ALBIN FÖRE KL 12", "MAMMAN TILL NOEL": in a line typed all in capitals a capital
    says nothing, so a listed first name there that is no Swedish word is a name, as in lower
    case. (Acronyms such as "LSS" or "BUP" are on no list of names.)"""
    doc = ctx.tokens
    for i in ctx.where(_listed_in_capitals):
        if flags[i] or ctx.excluded(doc[i]):
            continue
        if _line_in_capitals(ctx, i):
            flags[i] = True


CLOSINGS = frozenset({"mvh", "hälsningar", "hälsning", "hälsar"})


def _add_signed_and_bracketed(ctx: _Context, flags: list[bool]) -> None:
    """"… mvh tove", "MVH JOCKE": the word after a closing on its line signs the message;
    "RK (mamma)", "Pappa (Zoran):": initials with their role in brackets, and a name in brackets
    after a kinship word or a title; "nedan kallad EH": letters given in place of a name."""
    texts, lowers, doc = ctx.texts, ctx.lowers, ctx.tokens
    n = len(doc)
    # only words next to a closing or a bracket can qualify: find those first
    near = {k + d for k, t in enumerate(lowers) if t in CLOSINGS for d in (1, 2)}
    near |= {k + d for k, t in enumerate(texts) if t == "(" for d in (-1, 1)}
    near |= {k + 1 for k, t in enumerate(lowers) if t in PSEUDONYM_CUES}
    for i in sorted(near):
        if i < 1 or i >= n or flags[i] or not texts[i].replace("-", "").isalpha() or lowers[i] in FUNCTION_WORDS or ctx.excluded(doc[i]):
            continue
        j = i - 1
        if texts[j] == "," and j > 0:
            j -= 1
        signed = lowers[j] in CLOSINGS and "\n" not in doc[j].whitespace_ and (
            _listed(lowers[i], ctx.first_names) or _unknown_word(lowers[i], ctx.words))  # not "mvh socialjouren"
        initials = 2 <= len(texts[i]) <= 3 and texts[i].isupper() and i + 3 < n and texts[i + 1] == "(" \
            and lowers[i + 2] in TITLES and texts[i + 3] == ")"
        in_brackets = i >= 2 and texts[i - 1] == "(" and lowers[i - 2] in TITLES and i + 1 < n \
            and texts[i + 1] == ")" and texts[i][:1].isupper() and (
                _listed(lowers[i], ctx.first_names) or lowers[i] not in ctx.words)
        # "Pojken, nedan kallad EH, …": the letters a text gives a person in place of the name
        # (not for a body: "Bolaget, nedan kallat AB")
        pseudonym = lowers[i - 1] in PSEUDONYM_CUES and 1 <= len(texts[i]) <= 4 and texts[i].isupper() \
            and not any(ctx.excluded(doc[k]) for k in range(max(0, i - 7), i - 1))
        if signed or initials or in_brackets or pseudonym:
            flags[i] = True


PSEUDONYM_CUES = frozenset({"kallad", "kallade", "kallat", "kallas", "benämnd", "benämns", "betecknad"})


def _line_in_capitals(ctx: _Context, i: int) -> bool:
    """The words around ``i`` on its line are all typed in capitals (three at least)."""
    line_start = ctx.text.rfind("\n", 0, ctx.tokens[i].idx) + 1
    line_end = ctx.text.find("\n", ctx.tokens[i].idx)
    line = ctx.text[line_start : line_end if line_end >= 0 else len(ctx.text)]
    letters = re.findall(r"[^\W\d_]+", line)
    return len(letters) >= 3 and all(w.isupper() for w in letters)


def _initials(text: str) -> list[tuple[int, int]]:
    """"K.L.", "L.F.", "A-K.S.", "F.-S.": the initials of a person (courts anonymise parties so)."""
    # "C.A. Förvaltning AB" is a company named with initials.
    return [m.span() for m in INITIALS.finditer(text) if not COMPANY_AFTER.match(text, m.end())]


# "Tack! /Gabriela", "vi ses /irina": a name signed after a slash that ends the line.
SLASH_SIGNATURE = re.compile(r"(?:^|(?<=\s))/[ \t]?([^\W\d_][\w-]*(?:[ \t][A-ZÅÄÖ][\w-]*)?)[ \t]*(?=$|\n)",
                             re.MULTILINE)


def _slash_signatures(text: str) -> Iterator[tuple[int, int]]:
    """A signature after a slash at the end of a line, the way short messages are signed, unless
    it is a place, an organisation or (in lower case) an ordinary word."""
    if "/" not in text:
        return
    words = ordinary_words()
    for match in SLASH_SIGNATURE.finditer(text):
        value = match.group(1)
        if is_organisation_or_place(value) or value.lower() in NOT_NAME_WORDS:
            continue
        if (value.islower() and not _unknown_lower_text(value.split()[0])) or value.lower() in FUNCTION_WORDS:
            continue
        if value[:1].isupper() and value.lower() in words and not _listed(value.lower(), name_lists()[0]) \
                and " " not in value:
            continue  # "/Socialtjänsten", "/Enheten"
        yield match.span(1)
