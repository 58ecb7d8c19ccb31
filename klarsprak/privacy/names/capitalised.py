"""The first pass: each capitalised word weighed on its own and its neighbours' evidence.

A capitalised word is a name when it is listed (and not merely first in a sentence), follows a
cue, opens a clause as a person's subject, stands with a surname or another name word, is in
the genitive before what a person has, or is a word no lexicon knows inside a sentence; places,
organisations and ordinary words opening a sentence are ruled out first.
"""

from __future__ import annotations

from klarsprak.privacy.names.clause import (
    _sender_line,
    _speaker,
    _subject_after_verb,
    _subject_before_verb,
    _subject_of_person_predicate,
    _verb_after_insertion,
)
from klarsprak.privacy.names.context import _Context
from klarsprak.privacy.names.cues import _cue_before, _person_descriptor_before, _title_before, _told
from klarsprak.privacy.names.vocabulary import (
    CLAUSE_SUBORDINATORS,
    COMMON_WORD_ENDINGS,
    DEFINITE_GENITIVE_ENDINGS,
    FUNCTION_POS,
    FUNCTION_WORDS,
    GREETINGS,
    NOT_TITLE_ALONE,
    OPENING_MARKS,
    ORGANISATION_HEAD_ENDINGS,
    ORGANISATION_HEADS_AFTER,
    ORGANISATION_HEADS_BEFORE,
    PARTICLES,
    PLACE_PREPOSITIONS,
    REPRESENTATIVES,
    SENTENCE_ENDS,
    TITLES,
)
from klarsprak.privacy.names.word_forms import (
    _capitalised,
    _compound,
    _definite_compound,
    _inflected_noun,
    _is_role,
    _linked_compound,
    _listed,
    _noun_form,
    _personal_noun,
    _pronominal_adverb,
    _surname_shaped,
    _unknown_word,
    _verbal_noun,
)

# "talesperson för Norrtåg", "som Toyota", "mellan Hammarby och Tumba": a comparison or a beneficiary
# is a company or a club as often as a person.
NOT_PERSON_BEFORE = frozenset({"för", "som", "mellan", "respektive", "än"})


def _capitalised_words(ctx: _Context) -> list[bool]:
    """For each token: is it a capitalised word of a person's name, on its own evidence or its
    neighbours'?"""
    doc = ctx.tokens
    flags = [False] * len(doc)
    for i in [k for k, capitalised in enumerate(ctx.cap) if capitalised]:
        token = doc[i]
        if ctx.blocked(token):
            continue
        lower = token.lower_
        if _ordinary_sentence_start(ctx, i) and not _cue_before(ctx, i):
            if _subject_of_person_predicate(ctx, i) or _sender_line(ctx, i) or _genitive_before_kin(ctx, i):
                flags[i] = True  # "Jade kan nås på …", "Bara är född …", "Bara Markuš, CSN", "Kajas lärare"
            continue
        if _sender_line(ctx, i):
            flags[i] = True  # "Barna Dudás, Försäkringskassan": a signature, whatever the first name's form
            continue
        if (lower.endswith(COMMON_WORD_ENDINGS) or _verbal_noun(lower, ctx.words)) and not ctx.listed(lower):
            continue
        listed = ctx.listed(lower)
        at_start = ctx.sentence_start(i)
        if ctx.place[i] and not ((ctx.listed(lower) and _cue_before(ctx, i))
                                 or (_listed(lower, ctx.first_names) and _surname_follows(ctx, i))):
            continue  # "Lund", "Mark", "Berg" alone are places; "Elin Lund", "Mark Clattenburg" are people
        if listed and (not at_start or token.pos_ == "PROPN" or _cue_before(ctx, i)
                       or _surname_follows(ctx, i) or ctx.finite_verb_after(i) or _speaker(ctx, i)
                       or _verb_after_where(ctx, i)):
            flags[i] = True
        elif not at_start and _met(ctx, i):
            flags[i] = True  # "Vi träffade Ros och hennes son": the one met, whatever the word
        elif _cue_before(ctx, i) and (token.pos_ in ("PROPN", "NOUN", "X") or listed or lower not in ctx.words
                                      or _surname_follows(ctx, i, proper_noun=True)
                                      or (i + 1 < len(doc) and ctx.cap[i + 1])):
            flags[i] = True  # "Hej Kalinda", "Sökande: Nour Haddad", "rektor Lindqvist"
        elif not at_start and _title_before(ctx, i):
            flags[i] = True  # "handläggare Tins": whatever the word, a title names the person after it
        elif not at_start and _person_descriptor_before(ctx, i):
            flags[i] = True  # "14-åriga Yara", "gamle Lundkvist": an age, or an adjective's masculine -e
        elif at_start and lower not in ctx.words and lower not in FUNCTION_WORDS and ctx.finite_verb_after(i) \
                and (token.pos_ not in ("ADV", "ADJ", "SCONJ", "ADP") or not _subject_after_verb(ctx, i)) \
                and not _compound(lower, ctx.words):
            flags[i] = True  # "Dragana ringde i går": a word no lexicon knows, then a verb
        elif _two_name_words(ctx, i) or _particle_surname_follows(ctx, i):
            flags[i] = True
        elif at_start and lower not in ctx.words and lower not in FUNCTION_WORDS and not _compound(lower, ctx.words) \
                and _speaker(ctx, i):
            flags[i] = True  # "Leyla: Det är inte sant!": a speaker's label in a minute or a chat
        elif at_start and lower not in ctx.words and lower not in FUNCTION_WORDS \
                and not _compound(lower, ctx.words) and not _inflected_noun(lower, ctx.words) \
                and _verb_after_insertion(ctx, i):
            flags[i] = True  # "Damian, 7 år, går …", "Toomas (född 2000) har …": a subject, an aside, its verb
        elif at_start and token.pos_ in ("PROPN", "NOUN") and lower not in FUNCTION_WORDS \
                and not _is_role(lower, ctx.words) and _surname_proper_follows(ctx, i):
            flags[i] = True  # "Stjärna Holmberg kom": a word as a first name, first in the sentence
        elif not at_start and token.pos_ == "PROPN" and lower not in ctx.words and _surname_shaped(lower):
            flags[i] = True  # "… föll mot Gummesson": a surname-shaped proper noun
        elif at_start and lower not in ctx.words and _surname_shaped(lower) and ctx.finite_verb_after(i) \
                and not _compound(lower, ctx.words):
            flags[i] = True  # "Granqvist spelade hela matchen"
        elif not at_start and _subject_before_verb(ctx, i):
            flags[i] = True  # "… då Morales lett landet", "… att Clinton är på bättringsvägen"
        elif _subject_of_person_predicate(ctx, i):
            flags[i] = True  # "Greco är född …", "Selaheddin har samordningsnummer …"
        elif _genitive_name(ctx, i):
            flags[i] = True  # "Lindgrens text", "Sigfridssons lag"
        elif not at_start and _unknown_inside_sentence(ctx, i):
            flags[i] = True  # "Vi pratade med Aino om …", "Lászlós mentor"
        elif not at_start and _word_in_persons_slot(ctx, i):
            flags[i] = True  # "… där Mick går", "… sedan Dina förlorade jobbet", "hos Henna hemma"
    for i in [k for k, capitalised in enumerate(ctx.cap) if capitalised and not flags[k]]:
        if _age_after(ctx, i):
            flags[i] = True  # "Gil (8 år) och …", "Henna, 34 år, söker …": only people have an age so
    return flags


AGE_UNITS = frozenset({"år", "månader", "mån", "veckor"})


def _age_after(ctx: _Context, i: int) -> bool:
    """"Gil (8 år)", "Henna, 34 år,": a capitalised word right before an age in brackets or
    between commas. No lexicon test: a name that is also a word ("Henna") is a person here; a
    group ("Barnen (8 och 5 år)") is an inflected noun, a role or a little word."""
    doc = ctx.tokens
    lower = ctx.lowers[i]
    if i + 3 >= len(doc) or doc[i + 1].text not in ("(", ",") or not doc[i + 2].like_num \
            or ctx.lowers[i + 3] not in AGE_UNITS:
        return False
    if lower in FUNCTION_WORDS or ctx.excluded(doc[i]) or _is_role(lower, ctx.words) or _noun_form(lower, ctx.words):
        return False
    return i + 4 >= len(doc) or doc[i + 4].text in (")", ",", ".")


def _word_in_persons_slot(ctx: _Context, i: int) -> bool:
    """"… där Mick går", "… sedan Dina förlorade jobbet", "Nästa möte blir hos Henna hemma": inside
    a sentence Swedish capitalises proper nouns only, so a capitalised ordinary word there is a
    name; as the subject of a subordinate clause, or alone after "hos" (at someone's), it is a
    person's. Bodies and places are ruled out first (gazetteer, organisation words, inflected
    nouns: "hos Polisen")."""
    doc = ctx.tokens
    token = doc[i]
    lower = token.lower_
    if lower not in ctx.words or lower in FUNCTION_WORDS or ctx.excluded(token) or ctx.place[i] \
            or _is_role(lower, ctx.words) or _noun_form(lower, ctx.words) or lower.endswith(COMMON_WORD_ENDINGS) \
            or lower in ORGANISATION_HEADS_BEFORE or lower in ORGANISATION_HEADS_AFTER or len(lower) < 3:
        return False
    if i + 1 < len(doc) and ctx.cap[i + 1]:
        return False  # "hos Röda Korset": a name of more words is left to the rules for names
    previous = ctx.lowers[i - 1]
    if not ctx.texts[i - 1].islower() or doc[i - 1].whitespace_ != " ":
        return False
    if previous in CLAUSE_SUBORDINATORS:
        return ctx.finite_verb_after(i)
    if previous == "hos":
        following = doc[i + 1] if i + 1 < len(doc) else None
        return following is None or following.is_punct or following.pos_ in ("ADV", "ADP", "SCONJ", "CCONJ")
    return False


def _ordinary_sentence_start(ctx: _Context, i: int) -> bool:
    """"Senast Bruce …", "Lag Niklas Edin", "Förutom Sigfridsson", "Försvarschefen Sabina": a
    capitalised first word that is an ordinary Swedish word and no name on the lists."""
    token = ctx.tokens[i]
    lower = token.lower_
    if not ctx.sentence_start(i) or ctx.listed(lower):
        return False
    if token.pos_ in ("PROPN", "NOUN") and lower not in FUNCTION_WORDS and not _is_role(lower, ctx.words) \
            and _surname_proper_follows(ctx, i):
        return False  # "Tolvan Tolvansson ringde": an ordinary word as a first name, a surname after it
    return lower in ctx.words or lower in FUNCTION_WORDS or _definite_compound(lower, ctx.words) or _is_role(
        lower, ctx.words) or _pronominal_adverb(lower)


def _surname_follows(ctx: _Context, i: int, proper_noun: bool = False) -> bool:
    """"Anna Exempelsson ringer": a word is a first name when a surname follows it (a listed or
    surname-shaped word, or with ``proper_noun`` any word the tagger calls a proper noun)."""
    doc = ctx.tokens
    if i + 1 >= len(doc) or doc[i].whitespace_ != " ":
        return False
    following = doc[i + 1]
    if not _capitalised(following):
        return False
    if ctx.excluded(following):
        return ctx.surname_despite_place(following) and _listed(doc[i].lower_, ctx.first_names)
    lower = following.lower_
    return (_listed(lower, ctx.surnames) or _surname_shaped(lower) or lower not in ctx.words
            or (proper_noun and following.pos_ == "PROPN"))


def _surname_proper_follows(ctx: _Context, i: int) -> bool:
    """The next word is a surname and nothing else: listed or surname-shaped, and no ordinary word."""
    doc = ctx.tokens
    if i + 1 >= len(doc) or doc[i].whitespace_ != " ":
        return False
    following = doc[i + 1]
    lower = following.lower_
    return (_capitalised(following) and not ctx.excluded(following) and lower not in ctx.words
            and (_listed(lower, ctx.surnames) or _surname_shaped(lower)))


def _two_name_words(ctx: _Context, i: int) -> bool:
    """"Zeynep Yilmaz kom": two capitalised words side by side, the second inside the sentence,
    neither a place or an organisation. Swedish capitalises little else, so this finds names no
    list holds; each word must be unknown to the lexicon, listed or a proper noun."""
    doc = ctx.tokens
    if i + 1 >= len(doc) or doc[i].whitespace_ != " ":
        return False
    token, following = doc[i], doc[i + 1]
    if not (_capitalised(following) and not ctx.sentence_start(i + 1) and not ctx.excluded(following)):
        return False
    words = ctx.words
    if token.lower_ in GREETINGS or _is_role(token.lower_, words):
        return False  # "Angående Marvik …", "Socialsekreterare Anna …": the cue, not the name
    if _listed(token.lower_, ctx.first_names) and following.lower_ not in words:
        return True  # "Hans Gerremo", "Mitt Romney": a first name that is also a little word
    for t in (token, following):
        lower = t.lower_
        if lower in FUNCTION_WORDS or (lower in words and t.pos_ in FUNCTION_POS and not ctx.listed(lower)):
            return False
        if not (lower not in words or ctx.listed(lower) or t.pos_ == "PROPN"):
            return False
    return token.lower_ not in words or following.lower_ not in words or (
        ctx.listed(token.lower_) and ctx.listed(following.lower_))


def _unknown_inside_sentence(ctx: _Context, i: int) -> bool:
    """"Vi pratade med Aino om …", "följer med Jüri till …", "Lászlós mentor": Swedish capitalises
    almost nothing but proper nouns inside a sentence, so a capitalised word there that no lexicon
    knows, no gazetteer lists and no organisation word marks is a name."""
    doc = ctx.tokens
    token = doc[i]
    if ctx.excluded(token) or not _unknown_word(token.lower_, ctx.words, compounds=False) \
            or token.lower_ in ORGANISATION_HEADS_BEFORE or token.lower_ in ORGANISATION_HEADS_AFTER \
            or token.lower_.endswith(ORGANISATION_HEAD_ENDINGS) \
            or (_linked_compound(token.lower_) and not _surname_shaped(token.lower_)):
        # "hos Stadsdelsförvaltning Söder": the head of an organisation's name; "till
        # Försörjningsstöd": a compound of two words with a linking -s names a unit (not "Karlsson")
        return False
    previous = doc[i - 1]
    lower = previous.lower_
    if lower == "för" and (_told(ctx, i - 1) or (i >= 2 and ctx.lowers[i - 2] in REPRESENTATIVES)):
        return True  # "har förklarats för Mateusz", "ombud för Navid": told, or represented
    if lower in PLACE_PREPOSITIONS or lower in NOT_PERSON_BEFORE or previous.text in OPENING_MARKS \
            or previous.whitespace_ != " ":
        return False  # "i Accra", "mot Newcastle", "”One day …”", "(Brynäs)"
    supine = i >= 2 and ctx.lowers[i - 2] in ("har", "hade", "ha") and lower.endswith("t")
    if previous.text.islower() and previous.pos_ in ("ADJ", "NOUN", "DET", "NUM") and not _is_role(lower, ctx.words) \
            and not supine and not _inverted_subject(ctx, i) and not _past_form(ctx, i - 1):
        return False  # "centrala Falkenberg", "nyhetsbyrån Yonhap"; not "har bedömt Žanis" (a supine)
    return not (_capitalised(previous) and ctx.excluded(previous))  # "Malmö Redhawks"


def _particle_surname_follows(ctx: _Context, i: int) -> bool:
    """"Khalid bin Saleh har …", "Pieter van der Berg kom": a word no lexicon knows, then the
    lower-case particles of a surname and a capitalised word: a name with its surname."""
    doc = ctx.tokens
    if ctx.lowers[i] in ctx.words or ctx.lowers[i] in FUNCTION_WORDS:
        return False
    j = i + 1
    while j < len(doc) and doc[j - 1].whitespace_ == " " and ctx.texts[j].islower() and ctx.lowers[j] in PARTICLES:
        j += 1
    return i + 1 < j < len(doc) and doc[j - 1].whitespace_ == " " and ctx.cap[j] and not ctx.excluded(doc[j])


def _past_form(ctx: _Context, k: int) -> bool:
    """"kontaktade Goran", "Mest pratade Amanuel": a past form of a known verb, which the tagger
    read as an adjective or a noun before a word it never saw. (An adjective before a name,
    "centrala Falkenberg", has no past ending.)"""
    lower = ctx.lowers[k]
    return ctx.texts[k].islower() and lower.endswith(("ade", "de", "te")) and len(lower) > 4 and lower in ctx.words


DEFINITE_ENDINGS = ("en", "et", "na", "arna", "erna", "orna")


def _inverted_subject(ctx: _Context, i: int) -> bool:
    """"Under hela hembesöket sov Wiktor.": a sentence that opens with an adverbial puts its verb
    second and the subject after it, here last. The tagger, never having seen the name, may call
    the verb a noun; a noun in apposition before a name would be definite ("nyhetsbyrån Yonhap")."""
    previous = ctx.tokens[i - 1]
    if previous.pos_ != "NOUN" or ctx.lowers[i - 1].endswith(DEFINITE_ENDINGS) or i + 1 >= len(ctx.tokens) \
            or ctx.texts[i + 1] not in SENTENCE_ENDS:
        return False
    start = i - 1
    while start > 0 and not ctx.sentence_start(start):
        start -= 1
    return start < i - 2 and ctx.tokens[start].pos_ in ("ADP", "ADV", "SCONJ")


def _personal_noun_after(ctx: _Context, i: int) -> bool:
    """A kinship word, a role or a personal noun follows, perhaps after one adjective."""
    for k in (i + 1, i + 2):
        if k >= len(ctx.tokens):
            return False
        if _personal_noun(ctx.lowers[k]):
            return True
        if ctx.tokens[k].pos_ != "ADJ":
            return False
    return False


MEETING_ONLY = frozenset({"träffade", "träffat", "träffar", "träffa", "mötte", "möter", "mött"})
WHERE_PREPOSITIONS = frozenset({"på", "från", "hos", "vid"})


def _met(ctx: _Context, i: int) -> bool:
    """"träffade Ros", "mötte Sol": right after a verb of meeting (not of calling: "ringde Telia"),
    a capitalised word inside the sentence is the person met. A Swedish noun there would have an
    article or an ending ("träffade Rosen" is inflected)."""
    if i == 0 or ctx.lowers[i - 1] not in MEETING_ONLY or not ctx.texts[i - 1].islower() \
            or ctx.tokens[i - 1].whitespace_ != " ":
        return False
    lower = ctx.lowers[i]
    return not (lower in FUNCTION_WORDS or ctx.excluded(ctx.tokens[i]) or _is_role(lower, ctx.words)
                or _noun_form(lower, ctx.words) or lower.endswith(COMMON_WORD_ENDINGS))


def _verb_after_where(ctx: _Context, i: int) -> bool:
    """"Lena på Röda Korset har hjälpt …": a listed first name, where the person works, then the
    finite verb: the name is the subject."""
    doc = ctx.tokens
    if i + 2 >= len(doc) or ctx.lowers[i + 1] not in WHERE_PREPOSITIONS or doc[i].whitespace_ != " ":
        return False
    for k in range(i + 2, min(len(doc) - 1, i + 6)):
        if not ctx.cap[k] and not ctx.excluded(doc[k]):
            return False
        if ctx.excluded(doc[k]) and ctx.finite_verb_at(k + 1) and not ctx.cap[k + 1]:
            return True
    return False


def _genitive_before_kin(ctx: _Context, i: int) -> bool:
    """"Kajas lärare är orolig", "Rosas mamma ringde": first in a sentence, a word in the genitive
    before a kinship word or a role is a person's name, even if the word is also an ordinary one.
    A noun there would be inflected or a person itself ("Kommunens handläggare", "Barns rätt")."""
    lower = ctx.lowers[i]
    if not lower.endswith("s") or len(lower) < 4 or i + 1 >= len(ctx.tokens) or not ctx.texts[i + 1].islower():
        return False
    base = lower[:-1]
    following = ctx.lowers[i + 1]
    if following not in TITLES or following in NOT_TITLE_ALONE:  # "Barns namn": no kin, no role
        return False
    return not (base in FUNCTION_WORDS or lower in FUNCTION_WORDS or ctx.excluded(ctx.tokens[i]) or _is_role(base, ctx.words)
                or _inflected_noun(base, ctx.words) or _definite_compound(base, ctx.words) or base in ctx.places
                or base.endswith(COMMON_WORD_ENDINGS) or lower.endswith(DEFINITE_GENITIVE_ENDINGS))


def _genitive_name(ctx: _Context, i: int) -> bool:
    """"Lindgrens text", "Brodys tillvaro": the genitive of a name, before a lower-case noun."""
    doc = ctx.tokens
    lower = doc[i].lower_
    if not lower.endswith("s") or i + 1 >= len(doc) or not doc[i + 1].text.islower() or not (
            doc[i + 1].pos_ == "NOUN" or (doc[i + 1].pos_ == "ADJ" and _personal_noun_after(ctx, i))):
        return False  # "Lanas nya nummer": an adjective may come before the noun
    base = lower[:-1]
    if base in ctx.places or ctx.excluded(doc[i]) or _compound(base, ctx.words) or len(base) < 3 \
            or _definite_compound(base, ctx.words) or _inflected_noun(base, ctx.words):
        return False  # "Cullbergbalettens ledare": a noun in the definite form names a body
    before = ctx.lowers[i - 1] if i else ""
    if i > 0 and doc[i - 1].text.islower() and not _is_role(before, ctx.words) and (
            doc[i - 1].pos_ == "NOUN" or _definite_compound(before, ctx.words) or _inflected_noun(before, ctx.words)):
        return False  # "fotbollsklubben Barcelonas tränare": the kind of body before its name
    if base in ctx.words:
        # "… med Ankas mentor": inside a sentence, a capitalised ordinary word in the genitive is a
        # name, unless it is an inflected noun ("Regeringens", "Lagrådets").
        return (not ctx.sentence_start(i) and doc[i - 1].text not in OPENING_MARKS and not ctx.listed(base)
                and not _inflected_noun(base, ctx.words) and not _is_role(base, ctx.words)
                and not base.endswith(COMMON_WORD_ENDINGS) and _personal_noun_after(ctx, i)) or ctx.listed(base)
    # "Renatas nya nummer": a word no lexicon knows, in the genitive before what a person has
    return ctx.listed(base) or _surname_shaped(base) or (not base.endswith(COMMON_WORD_ENDINGS)
                                                          and _personal_noun_after(ctx, i))
