"""Names written in lower case, as in chats and hurried notes: a listed first name and
surname ("maria svensson"), after a greeting ("hej anna"), joined by "och" to a name or after a
verb of meeting ("träffade michele och umberto"), in a person's subject slot ("veijo har fått
jobb"), or bare after a preposition that takes people ("pratade med károly i telefon").

Without a capital, the evidence is a word no lexicon knows in a place only a person fits.
"""

from __future__ import annotations

from spacy.tokens import Token

from klarsprak.privacy.names.clause import SUBJECT_PRONOUNS, _person_predicate, _subject_after_verb
from klarsprak.privacy.names.context import _Context, _modifier, form_test
from klarsprak.privacy.names.cues import _abbreviated_title
from klarsprak.privacy.names.lexicon import lexicon_proper_and_common, name_lists
from klarsprak.privacy.names.vocabulary import (
    CLAUSE_ADVERBS,
    CLAUSE_SUBORDINATORS,
    DEFINITE_GENITIVE_ENDINGS,
    FUNCTION_WORDS,
    GREETINGS,
    LINE_START_ONLY,
    MEETING_NOUNS,
    MEETING_VERBS,
    NOT_TITLE_ALONE,
    OPEN_NOT_NAME_POS,
    PARTICLES,
    PERSON_PREPOSITIONS,
    SENTENCE_ENDS,
    SPEECH_VERBS,
    SUBORDINATORS,
    TITLES,
)
from klarsprak.privacy.names.word_forms import (
    _capitalised,
    _compound,
    _definite_compound,
    _has_vowel,
    _inflected_noun,
    _is_role,
    _linked_compound,
    _listed,
    _noun_form,
    _personal_noun,
    _surname_shaped,
    _unknown_lower,
    _unknown_lower_text,
    _unknown_word,
)


def _listed_not_word(ctx: _Context, i: int) -> bool:
    """"ringde amira", "ssk birgitta", "träffade ella": a first name or surname on the lists,
    written in lower case, that is no Swedish word. Swedish has no other use for "amira" or
    "lindqvist"; a name that is also a word ("björn", "sten", "klara") needs context."""
    text = ctx.texts[i]
    return (text.islower() and text.replace("-", "").isalpha() and len(text) >= 3 and text not in FUNCTION_WORDS
            and (_listed(text, ctx.first_names) or _listed(text, ctx.surnames))
            and text not in ctx.words and text not in lexicon_proper_and_common() and not ctx.excluded(ctx.tokens[i]))


def _met_with(ctx: _Context, i: int) -> bool:
    """"pratade med björn om hyran", "träffade viola i går": right after a verb of meeting, a
    listed first name in lower case is the person met, even if it is also a word; a Swedish noun
    there would have an article or an ending."""
    text = ctx.texts[i]
    if not (text.islower() and text.isalpha() and len(text) >= 3 and _listed(text, ctx.first_names)) \
            or text in FUNCTION_WORDS or i == 0:
        return False
    with_word = ABBREVIATED_PREPOSITIONS.get(ctx.lowers[i - 1], ctx.lowers[i - 1]) == "med"
    verb = i - 2 if with_word else i - 1
    if verb < 0 or not ctx.texts[verb].islower() or not (
            ctx.lowers[verb] in MEETING_VERBS - {"på", "med"} or (with_word and ctx.lowers[verb] in MEETING_NOUNS)):
        return False  # "pratade med björn", "kontakt m linnea"
    following = ctx.tokens[i + 1] if i + 1 < len(ctx.tokens) else None
    return following is None or following.pos_ in BOUNDARY_POS or following.text in SENTENCE_ENDS \
        or following.lower_ in ABBREVIATED_PREPOSITIONS


def _lower_case_genitive(ctx: _Context, i: int) -> bool:
    """"saras pappa", "thanhs bror": a lower-case genitive of a name before what a person has
    (a kinship word, a role, a number)."""
    text = ctx.texts[i]
    if not (text.islower() and text.endswith("s") and len(text) > 3 and i + 1 < len(ctx.tokens)
            and ctx.tokens[i].whitespace_ == " " and ctx.texts[i + 1].islower()):
        return False
    base = text[:-1]
    name = (_listed(base, ctx.first_names) and base not in ctx.words and base not in lexicon_proper_and_common()) or (
        _unknown_lower_text(base) and _unknown_lower_text(text))
    return name and _personal_noun(ctx.lowers[i + 1])


def _lower_name_like(ctx: _Context, i: int) -> bool:
    """A lower-case word no lexicon knows, or a listed first name (single or double: "jan-erik")
    that is no proper noun of an ordinary word's form ("tove", "sten")."""
    text = ctx.texts[i]
    if _unknown_lower_text(text):
        return True
    if not text.islower() or len(text) < 3 or text in FUNCTION_WORDS or text in lexicon_proper_and_common():
        return False
    parts = text.split("-")
    return all(p.isalpha() and _listed(p, ctx.first_names) for p in parts)


def _clause_starts_at(ctx: _Context, i: int) -> bool:
    previous = ctx.lowers[i - 1] if i else ""
    return i == 0 or ctx.sentence_start(i) or previous in SUBORDINATORS or previous == ","


def _person_subject(ctx: _Context, i: int) -> bool:
    """"oskari vill inte gå", "hon säger att saga mår bättre": first in a clause, before a
    predicate only people take, a word no lexicon knows or a listed first name is the person,
    whatever part of speech the tagger guessed for it."""
    return _clause_starts_at(ctx, i) and _lower_name_like(ctx, i) and _person_predicate(ctx, i) \
        and not (i + 2 < len(ctx.tokens) and ctx.lowers[i + 2] in ("jag", "du", "han", "hon", "vi", "ni", "de"))


def _after_kin_or_title(ctx: _Context, i: int) -> bool:
    """"mormor ros hämtar", "tolk hassan", "mamma fatima": a kinship word or a title in lower
    case, then a listed first name in lower case, even one that is also a word."""
    text = ctx.texts[i]
    if i == 0 or not text.islower() or len(text) < 3 or text in FUNCTION_WORDS or not _listed(text, ctx.first_names):
        return False
    previous = ctx.lowers[i - 1]
    return ctx.texts[i - 1].islower() and ctx.tokens[i - 1].whitespace_ == " " and previous in TITLES \
        and previous not in NOT_TITLE_ALONE


def _inverted_lower_subject(ctx: _Context, i: int) -> bool:
    """"I morse lämnade iustina in kontoutdragen", "idag kom ari utan tid": a sentence that opens
    with an adverbial has its verb second and its subject right after it; with no pronoun there,
    a word no lexicon knows is the subject."""
    if i < 2 or not _unknown_lower_text(ctx.texts[i]) or not ctx.finite_verb_at(i - 1) or ctx.sentence_start(i - 1):
        return False
    start = i - 2
    while start > 0 and not ctx.sentence_start(start):
        start -= 1
    if i - start > 5 or ctx.tokens[start].pos_ not in ("ADP", "ADV", "NUM"):
        return False
    return not any(ctx.lowers[k] in SUBJECT_PRONOUNS for k in range(start, i))


def _comma_clause_subject(ctx: _Context, i: int) -> bool:
    """"…, oskari har inte varit hemma", "…, jasmin visade sitt rum": after a comma, a new clause
    with no subject after its verb has its subject first, whatever the tagger guessed for a word
    it never saw ("…, framöver kommer vi" has its subject after the verb). A Swedish noun there
    would need an article, so a listed first name is a name even if it is also a word."""
    # (Not after "att": "… att norovirus fanns", a bare plural or mass noun, is as common there.)
    if i == 0 or ctx.texts[i - 1] != "," or i + 1 >= len(ctx.tokens) or ctx.tokens[i].whitespace_ != " ":
        return False
    return _lower_name_like(ctx, i) and ctx.finite_verb_at(i + 1) and not _subject_after_verb(ctx, i)


@form_test
def _lower_listed_or_genitive_shape(text: str) -> bool:
    first, last, _places = name_lists()
    return text.islower() and (text in first or text in last or "-" in text or text.endswith("s"))


@form_test
def _lower_listed_first_name(text: str) -> bool:
    return text.islower() and _listed(text, name_lists()[0])


@form_test
def _lower_unknown_or_first_name(text: str) -> bool:
    first = name_lists()[0]
    return text.islower() and (_unknown_lower_text(text) or _listed(text, first)
                               or ("-" in text and any(_listed(part, first) for part in text.split("-"))))


def _add_lower_case_names(ctx: _Context, flags: list[bool]) -> None:
    """"maria svensson": a listed first name and a listed or surname-shaped word after it, at
    least one of them no ordinary word; "hej anna" after a greeting; a listed name that is no
    word ("ringde amira"); a lower-case genitive before a kinship word ("saras pappa")."""
    doc = ctx.tokens
    # (the cheap tests first, once per word form: most words are in lower case and on no list)
    for i in ctx.where(_lower_listed_or_genitive_shape):
        if not flags[i] and (_listed_not_word(ctx, i) or _lower_case_genitive(ctx, i) or _met_with(ctx, i)):
            flags[i] = True
    for i in ctx.where(_lower_listed_first_name):
        if i + 1 >= len(doc):
            continue
        token, following = doc[i], doc[i + 1]
        if not token.is_alpha or token.lower_ in FUNCTION_WORDS:
            continue
        if i > 0 and doc[i - 1].lower_ in GREETINGS - LINE_START_ONLY - {"angående", "ang."}:
            flags[i] = True  # "hej anna": the greeting is evidence enough
        elif token.whitespace_ == " " and following.text.islower() and following.is_alpha and (
                _listed(following.lower_, ctx.surnames) or _surname_shaped(following.lower_)) and (
                token.lower_ not in ctx.words or following.lower_ not in ctx.words):
            flags[i] = flags[i + 1] = True


def _add_lower_case_coordinated(ctx: _Context, flags: list[bool]) -> None:
    """"träffade michele och umberto på …", "Anna och umberto": two words joined by "och", one
    of them a name already found, or both unknown to the lexicon right after a verb of meeting."""
    doc = ctx.tokens
    for i in [k - 1 for k in ctx.where(lambda text: text.lower() in ("och", "eller", "samt")) if 0 < k < len(doc) - 1]:
        if doc[i].whitespace_ != " " or doc[i + 1].whitespace_ != " ":
            continue
        a, b = doc[i], doc[i + 2]
        unknown_a, unknown_b = _unknown_lower(a, ctx.words), _unknown_lower(b, ctx.words)
        if not (unknown_a or unknown_b):
            continue
        found_a = flags[i] and _capitalised(a)
        found_b = flags[i + 2] and _capitalised(b)
        after_meeting = i > 0 and doc[i - 1].lower_ in MEETING_VERBS and doc[i - 1].text.islower()
        if after_meeting and doc[i - 1].lower_ not in ("på", "med") and (unknown_a or unknown_b) and _plain_lower(ctx, i) and _plain_lower(ctx, i + 2):
            # "träffade mate och danijela": one of them no word, the other as much a name
            flags[i] = flags[i + 2] = True
        elif unknown_a and unknown_b and ctx.sentence_start(i) \
                and ctx.finite_verb_at(i + 3) and not _modifier(ctx, i + 2):
            flags[i] = flags[i + 2] = True  # "tekla och niina var hemma": two unknown words as the subject
        elif (unknown_a and unknown_b and after_meeting) or (unknown_a and found_b) or (unknown_b and found_a):
            flags[i] = flags[i] or unknown_a
            flags[i + 2] = flags[i + 2] or unknown_b
    # "…, pien verkade trött", "sa ashley", "dottern miloslava": a lower-case word no lexicon knows
    # as the subject of a predicate only people take, after a verb of speech, or after a role.
    # Every test below needs a word no lexicon knows or a listed first name: ask that first (once
    # per word form), since nearly every lower-case word is an ordinary one.
    for i in ctx.where(_lower_unknown_or_first_name):
        if flags[i]:
            continue
        negated = i + 1 < len(doc) and ctx.lowers[i + 1] == "ej"  # an adverb never takes "ej" after it
        if ctx.excluded(doc[i]):
            continue
        if _comma_clause_subject(ctx, i) or _person_subject(ctx, i) or _after_kin_or_title(ctx, i) \
                or _inverted_lower_subject(ctx, i):
            flags[i] = True
            continue
        if not _unknown_lower_text(ctx.texts[i]):
            continue
        previous = ctx.lowers[i - 1] if i else ""
        after_title = i > 0 and doc[i - 1].whitespace_ == " " \
            and (doc[i - 1].text.islower() or ctx.sentence_start(i - 1)) \
            and previous in TITLES and previous not in NOT_TITLE_ALONE  # "Kuratorn tiina ringde"
        if (doc[i].pos_ in OPEN_NOT_NAME_POS or (doc[i].pos_ == "NUM" and doc[i].like_num)) and not negated \
                and not after_title:
            continue  # the lexicon lacks some adverbs ("sällan", "därvid"); the tagger knows them, but
            # no adverb stands bare after a title ("boendestödjaren mirela kom")
        clause_start = i == 0 or ctx.sentence_start(i) or previous in SUBORDINATORS or previous == ","
        # a subject slot only where a clause surely starts: "och", "men", "som" and commas also join nouns
        subordinate = i == 0 or ctx.sentence_start(i) or previous in CLAUSE_SUBORDINATORS
        after_cue = after_title or (i > 0 and doc[i - 1].whitespace_ == " " and doc[i - 1].text.islower() and (
            previous in SPEECH_VERBS or previous in MEETING_VERBS - {"på", "med"}))
        # "hembesök inställt, hiba ej hemma": a hurried note drops the verb, not the "ej"; and
        # "…på skolan, tiina har varit borta": after a comma, a new clause's subject and its verb
        hurried = clause_start and i + 1 < len(doc) and doc[i].whitespace_ == " " and (
            ctx.lowers[i + 1] == "ej" or (previous == "," and _finite(doc[i + 1]) and doc[i + 1].pos_ == "AUX"))
        if (clause_start and _person_predicate(ctx, i)) or after_cue or _subject_slot(ctx, i, subordinate) or hurried \
                or (previous in ("med", "åt") and doc[i - 1].text.islower() and not _modifier(ctx, i)
                    and i >= 2 and doc[i - 2].pos_ in ("VERB", "AUX", "ADV")) \
                or _bare_object(ctx, i, flags):  # not "hjälp med återuppbyggnad"
            flags[i] = True  # "Vi har pratat med normunds i telefon": one talks with people


def _add_lower_case_full_names(ctx: _Context, flags: list[bool]) -> None:
    """Pairs of lower-case words where a person's full name stands (:func:`_lower_full_name_at`);
    one of the two is a word no lexicon knows or a listed name, so only those places are tried."""
    for k in ctx.where(_lower_unknown_or_first_name):
        for i in (k - 1, k):
            if 0 <= i < len(flags) - 1 and not (flags[i] and flags[i + 1]) and _lower_full_name_at(ctx, i):
                flags[i] = flags[i + 1] = True


# Hurried notes shorten the prepositions: "pratat m tamara", "brev t. ivo", "ang. nicola".
ABBREVIATED_PREPOSITIONS = {"m": "med", "m.": "med", "t": "till", "t.": "till", "fr": "från", "fr.": "från",
                            "ang": "angående", "ang.": "angående", "enl": "enligt", "enl.": "enligt"}
# Derived nouns stand bare after a preposition ("hjälp med återuppbyggnad", "med omtanke").
NOUN_SUFFIXES = ("nad", "het", "ning", "else", "ande", "ende", "skap", "dom", "tion", "sion", "ism", "itet",
                 "ighet", "isering", "eri")
BOUNDARY_POS = frozenset({"ADP", "ADV", "PUNCT", "CCONJ", "SCONJ"})


def _bare_object(ctx: _Context, i: int, flags: list[bool]) -> bool:  # flags a following surname too
    """"papper från berivan idag", "pratade med károly i telefon": a lower-case word no lexicon
    knows, alone after a preposition that takes people, and the phrase ends right after it. A
    Swedish noun there would have an article or an ending; a name needs neither. A surname
    right after the first name is flagged here too."""
    doc = ctx.tokens
    previous = ABBREVIATED_PREPOSITIONS.get(ctx.lowers[i - 1], ctx.lowers[i - 1]) if i else ""
    if previous not in ("med", "från", "till", "angående") or not doc[i - 1].text.islower() \
            or _modifier(ctx, i) or doc[i - 1].whitespace_ != " " or ctx.lowers[i].endswith(NOUN_SUFFIXES) \
            or (previous == "till" and ctx.lowers[i].endswith(("s", "o"))) \
            or _abbreviated_title(ctx, i) or (i >= 2 and ctx.texts[i - 2] in ("'", "’")) \
            or _linked_compound(ctx.lowers[i]):  # "I'm going", "med hyresavi"
        return False  # "till lags", "till godo": after "till" old case forms live on in set phrases
    if i + 2 < len(doc) and doc[i].whitespace_ == " " and _unknown_lower_text(ctx.texts[i + 1]) \
            and not (_linked_compound(ctx.lowers[i]) or _linked_compound(ctx.lowers[i + 1])) \
            and (doc[i + 2].pos_ in BOUNDARY_POS or doc[i + 2].text in SENTENCE_ENDS):
        flags[i + 1] = True  # "ang. nicola cooper:", "bokat tid m juliana vieira ons": first name and surname
        return True
    # "ringt till fatime 2 ggr": a count of tries after the name ends the phrase too
    return i + 1 >= len(doc) or doc[i + 1].pos_ in BOUNDARY_POS or doc[i + 1].text in SENTENCE_ENDS or (
        doc[i + 1].like_num and i + 2 < len(doc) and doc[i + 2].text.islower())


# Before a bare pair of words no lexicon knows, little but a person fits after these either
PAIR_PREPOSITIONS = PERSON_PREPOSITIONS | {"för", "utan", "om", "angående", "mellan"}


def _lower_full_name_at(ctx: _Context, i: int) -> bool:
    """"underskriven av édith torres", "hölls hos katalin biró eftersom …", "grannen martín armas
    har …", "eve raidma hade med sig …": a first name and a surname in lower case, where a person
    stands: after a preposition that takes people, after a role or kinship word, or first in a
    clause before its verb. Swedish puts no bare pair of unknown words there. One half is a
    strong name word (:func:`_strong_lower_name`), the other at least a weak one
    (:func:`_weak_lower_name`), and the phrase ends after them. The tagger's part of speech of
    an unknown word is no help (it calls such words conjunctions and numerals); of a known word
    it is."""
    doc = ctx.tokens
    if i + 1 >= len(doc) or doc[i].whitespace_ != " " or not _lower_name_part(ctx, i) \
            or not _lower_name_part(ctx, i + 1):
        return False
    first, second = ctx.texts[i], ctx.texts[i + 1]
    if second in ctx.words and doc[i + 1].pos_ == "NOUN" and doc[i].pos_ == "ADJ":
        return False  # "för olaga hot", "med extra personal": an adjective the lexicon lacks, then its noun
    verb_after = i + 2 < len(doc) and _finite(doc[i + 2])
    if any(t in ctx.words and doc[k].pos_ in ("VERB", "AUX") and not verb_after for k, t in ((i, first), (i + 1, second))):
        # "kuratorn tiina ringde om": a known verb is no half of a name, unless a finite verb
        # follows ("martín armas har": two verbs never meet so)
        return False
    if not ((_strong_lower_name(ctx, first) and _weak_lower_name(ctx, second, doc[i + 1].pos_))
            or (_weak_lower_name(ctx, first, doc[i].pos_) and _strong_lower_name(ctx, second))):
        return False
    after = doc[i + 2] if i + 2 < len(doc) else None
    if after is not None and not (after.is_punct or _finite(after) or after.lower_ in SUBORDINATORS
                                  or after.lower_ in PAIR_PREPOSITIONS or after.lower_ in ("och", "eller")):
        return False
    if i == 0 or ctx.sentence_start(i) or ctx.texts[i - 1] in ("-", "–", "•"):
        return after is not None and _finite(after)  # "eve raidma hade med sig …"
    previous = ABBREVIATED_PREPOSITIONS.get(ctx.lowers[i - 1], ctx.lowers[i - 1])
    if i >= 2 and ctx.texts[i - 2] in ("'", "’"):
        return False  # "I'm going home": an English contraction, not "m" for "med"
    if doc[i - 1].whitespace_ != " " or not (ctx.texts[i - 1].islower() or ctx.sentence_start(i - 1)):
        return False  # "Grannen martín armas": a role first in the sentence is capitalised
    return previous in PAIR_PREPOSITIONS or (previous in TITLES and previous not in NOT_TITLE_ALONE) \
        or _is_role(previous, ctx.words)


def _strong_lower_name(ctx: _Context, text: str) -> bool:
    """A listed name that is no ordinary word, or a word no lexicon knows that is made like no
    Swedish word: no compound of two ordinary words ("hedgefonder", "årsinkomst"), no
    participle or derived noun ("licenserade", "framväxt" is a compound)."""
    if (_listed(text, ctx.first_names) or _listed(text, ctx.surnames)) and text not in ctx.words:
        return True
    return _unknown_lower_text(text) and not _is_role(text, ctx.words) and not _compound(text, ctx.words) \
        and not _definite_compound(text, ctx.words) and not text.endswith(DERIVED_ENDINGS) \
        and not text.endswith(DEFINITE_GENITIVE_ENDINGS)


def _weak_lower_name(ctx: _Context, text: str, pos: str) -> bool:
    """A word that may be half of a name beside a stronger half ("av édith torres" and "eve
    raidma" have rare words): no little word, adjective, adverb or particle ("samtida konst",
    "ner elkostnaden"), no inflected noun or genitive ("med mira pengar", "världens hedgefonder")."""
    if not (text.isalpha() and len(text) >= 3 and _has_vowel(text)) or text in FUNCTION_WORDS:
        return False
    if text in ctx.words and pos in NOT_NAME_HALF_POS:
        return False
    return not (_inflected_noun(text, ctx.words) or _noun_form(text, ctx.words) or _is_role(text, ctx.words)
                or text.endswith(DEFINITE_GENITIVE_ENDINGS))


NOT_NAME_HALF_POS = frozenset({"ADJ", "ADV", "ADP", "DET", "PRON", "NUM", "PART"})
# Derived nouns, participles and agent nouns the lexicon lacks: "licenserade", "takskottare"
DERIVED_ENDINGS = (*NOUN_SUFFIXES, "ade", "are")


def _finite(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") and "Fin" in token.morph.get("VerbForm")


def _subject_slot(ctx: _Context, i: int, clause_start: bool) -> bool:
    """A lower-case word no lexicon knows where Swedish puts the subject, and a thing would not
    stand bare: first in a clause before a finite verb ("veijo har fått jobb", "om frances
    fortfarande bor …"), or right after the finite verb before a clause adverb ("har kathryn
    svårt", "ville kirsty inte")."""
    doc = ctx.tokens
    n = len(doc)
    if i + 1 >= n or doc[i].whitespace_ != " ":
        return False
    following = doc[i + 1]
    if clause_start and (_finite(following) or (ctx.lowers[i + 1] in CLAUSE_ADVERBS and i + 2 < n
                                                and _finite(doc[i + 2]))):
        return True
    return i > 0 and _finite(doc[i - 1]) and not ctx.sentence_start(i - 1) and (
        ctx.lowers[i + 1] in CLAUSE_ADVERBS or ctx.lowers[i + 1] in ("svårt", "lätt", "ont", "rätt", "fel"))


def _plain_lower(ctx: _Context, i: int) -> bool:
    """A lower-case word of letters that is no little word, title or role."""
    token = ctx.tokens[i]
    lower = ctx.lowers[i]
    return (token.text.islower() and token.is_alpha and len(lower) >= 3 and lower not in FUNCTION_WORDS
            and not _is_role(lower, ctx.words))


NAME_PART_POS = frozenset({"NOUN", "PROPN", "ADJ", "X"})
# "per" and "hans" are a preposition and a pronoun, and first names too ("per ledin", "hans lindberg")
NOT_NAME_PARTS = FUNCTION_WORDS - {"per", "hans"}


def _add_lower_case_neighbours(ctx: _Context, flags: list[bool]) -> None:
    """"peter sunde", "malin eggertz forsmark", "mats freij", "michel de montaigne": beside a name
    found in lower case, the rest of the name in lower case. After it: a word no lexicon knows
    (hyphenated too: "svensson-hendelberg"), a listed surname (not one the tagger reads as a verb:
    "anna bor"), a middle initial or particles before such a word. Before it: a listed first name,
    even one that is also a word ("per", "hans", "mats"), or a word no lexicon knows: Swedish puts
    no bare noun or verb right before a person's name."""
    doc = ctx.tokens
    n = len(doc)
    changed = True
    while changed:
        changed = False
        for i in [k for k in range(n) if flags[k] and ctx.texts[k].islower()]:
            after = _rest_of_lower_name(ctx, i + 1) if doc[i].whitespace_ == " " else []
            if after and not all(flags[k] for k in after):
                for k in after:
                    flags[k] = True
                changed = True
            before = i - 1
            if before >= 0 and not flags[before] and doc[before].whitespace_ == " " \
                    and _lower_name_part(ctx, before) and not _is_role(ctx.lowers[before], ctx.words) \
                    and (_listed(ctx.lowers[before], ctx.first_names) or _unknown_beside_name(ctx, ctx.texts[before])):
                flags[before] = changed = True


def _rest_of_lower_name(ctx: _Context, i: int) -> list[int]:
    """The tokens from ``i`` on that continue a lower-case name: particles or one middle initial,
    then a name word; nothing if no name word follows."""
    doc = ctx.tokens
    k = i
    while k < len(doc) - 1 and doc[k].whitespace_ == " " and k - i < 3 and (
            ctx.lowers[k] in PARTICLES or _middle_initial(ctx, k)):
        k += 1
    if k >= len(doc) or not _lower_name_part(ctx, k):
        return []
    text = ctx.texts[k]
    listed = _listed(ctx.lowers[k], ctx.surnames) and (text not in ctx.words or doc[k].pos_ in NAME_PART_POS)
    unknown = all(_unknown_beside_name(ctx, part) for part in text.split("-"))
    return list(range(i, k + 1)) if listed or unknown else []


# Swedish words of one letter: a preposition, a river, an island, and "och" as people say it
ONE_LETTER_WORDS = frozenset({"i", "å", "ö", "o"})


def _middle_initial(ctx: _Context, i: int) -> bool:
    """"lars g brandt": one letter that is no word."""
    text = ctx.texts[i]
    return len(text) == 1 and text.isalpha() and text not in ONE_LETTER_WORDS


def _unknown_beside_name(ctx: _Context, lower: str) -> bool:
    """A word no lexicon knows, judged beside a name: a surname may look like a compound of
    ordinary words ("ranstorp", "lindbeck", "vilanova") and may have three letters ("elm")."""
    return lower.isalpha() and len(lower) >= 3 and _has_vowel(lower) and _unknown_word(lower, ctx.words, compounds=False)


def _lower_name_part(ctx: _Context, i: int) -> bool:
    text = ctx.texts[i]
    return text.islower() and text.replace("-", "").isalpha() and len(text) >= 2 \
        and text not in NOT_NAME_PARTS and not ctx.excluded(ctx.tokens[i])
