"""Find passive verbs: the s-passive ("beviljas") and the bli-passive ("blev beviljad").

Shared by the ``passive`` rules and the ``passive_share`` metric so both always agree. The
tagger's ``Voice=Pass`` finds the s-passive; deponent verbs (finnas, hoppas …) have already been
cleaned by the ``klarsprak_voice`` component. ``aux:pass`` is too rare in the training data to
learn, so the bli-passive is a rule: a form of "bli" followed, within two words, by a past
participle.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from klarsprak.analysis.lexicon import known_words, verb_forms
from klarsprak.analysis.nlp import DEPONENT_FORMS, DEPONENT_LEMMAS
from klarsprak.analysis.spans import sentence_of, token_table

BLI_FORMS = frozenset({"bli", "blir", "blev", "blivit", "bliva", "blivande", "blevo"})
MAX_WORDS_BETWEEN = 2


@dataclass(frozen=True)
class Passive:
    """One passive construction: the tokens it spans and its main verb."""

    form: str  # "s" or "bli"
    start: int  # token index
    end: int  # token index after the construction
    verb: Token


# Endings that only verbs have in the s-passive (nouns in the genitive end in -ns, -ets, -as).
PASSIVE_ONLY_ENDINGS = ("ades", "ats", "its", "tts", "des", "tes", "ddes")
# "kamraternas", "kommunens"; a present participle has no passive, so "ordförandes",
# "sökandes", "gällandes" are genitives (or adverbs): never passive.
GENITIVE_ENDINGS = ("arnas", "ernas", "ornas", "ens", "andes", "endes")
# A definite noun in the genitive ("flickans", "barnets") that the lexicon lacks; a passive with
# these endings ("bets", "spans") is one the lexicon knows.
DEFINITE_GENITIVE_ENDINGS = ("ans", "ets")
# Adverbs in -s: således, utomlands, inomhus, i måndags, baklänges, likaledes, halvvägs. The
# tagger reads some as verbs; they have no active twin.
ADVERB_ENDINGS = ("ledes", "länges", "lands", "sides", "vägs", "dags", "hus", "städes", "vis")
S_ADVERBS = frozenset(["således", "annars", "alls", "dels", "tvärs", "förgäves", "gratis", "stundtals",
                       "ibland", "nedströms", "uppströms", "medsols", "motsols", "någonsin", "ständigt"])
# Parts of speech that are never a finite or non-finite verb.
NOT_VERB_POS = frozenset(["ADV", "ADP", "CCONJ", "SCONJ", "NUM", "PRON", "DET", "INTJ", "PART", "PUNCT"])
# Frequent passives of short or irregular verbs that the lexicon lists under a deponent-like lemma.
COMMON_PASSIVES = frozenset(
    ["fattades", "fattats", "krävs", "krävdes", "krävts", "ses", "sågs", "setts", "ges", "gavs", "getts", "givits", "tas", "togs", "tagits", "dras", "drogs", "sägs", "sades", "görs", "gjordes", "gjorts", "fås", "hålls", "hölls", "sätts", "sattes", "läggs", "lades", "anses", "ansågs", "antas", "antogs"]
)


def is_s_passive(token: Token) -> bool:
    """True for a verb in the s-passive that is not a deponent (finns, hoppas, trivs …).

    The tagger's ``Voice=Pass`` is combined with the lexicon: a verb whose form is an -s form
    of a verb with an active twin (prövats/prövat) is passive even when the tagger missed it.
    """
    lower = token.lower_
    if lower in TAKEN_FORMS:
        return _decision_nearby(token)  # "beslut fattas": a decision is taken; "det fattas pengar" is missing
    if not lower.endswith("s") or lower.endswith(GENITIVE_ENDINGS) or lower in DEPONENT_FORMS or token.lemma_.lower() in DEPONENT_LEMMAS:
        return False
    if lower in NAMING_FORMS and _names_something(token):
        return False  # "ett system som kallas för SUS", "kallades tidigare socialbidrag": heter
    if lower in S_ADVERBS or lower.endswith(ADVERB_ENDINGS):
        return False  # "således", "utomlands", "i måndags"
    if "Gen" in token.morph.get("Case"):
        return False  # the tagger saw a genitive: "alla slags", "kvinnas"
    forms = verb_forms()
    if token.pos_ in NOT_VERB_POS and lower not in forms.s_passives:
        return False
    if (lower.endswith(DEFINITE_GENITIVE_ENDINGS) and lower not in forms.s_passives
            and lower not in forms.present_passives):
        return False  # "flickans hälsa", "barnets behov": a definite noun in the genitive
    if lower in MEETING_FORMS:
        return has_agent(token)  # "vi träffas", "gruppen som träffas": meet; "träffas av" is passive
    if lower in RECIPROCAL_FORMS and _plural_subject_before(token):
        return False  # "vi ses", "de träffas": each other, not passive
    if lower in COMMON_PASSIVES:
        return True
    if lower in forms.deponents:
        return False  # "vistats", "saknades": an -s verb with no active twin
    if (token.pos_ in ("VERB", "AUX") and "Sup" in token.morph.get("VerbForm") and "Pass" in token.morph.get("Voice")
            and lower.endswith(PASSIVE_ONLY_ENDINGS) and _after_auxiliary(token)):
        return True  # "borde ha motiverats": a supine after "ha", whatever the lexicon lacks
    if lower not in forms.s_passives and lower not in forms.present_passives and lower in known_words():
        # The lexicon knows the word, and not as the passive of a verb: a noun (växtplats,
        # insats, kurs) or a genitive (tingsrätts) the tagger took for a verb.
        return False
    is_verb = token.pos_ in ("VERB", "AUX")
    if is_verb and "Pass" in token.morph.get("Voice"):
        # A genitive the tagger took for a verb ("kvinnas roll", "varandras barn") is followed
        # by its noun; trust the tagger there only when the lexicon knows the passive form.
        following = token.doc[token.i + 1] if token.i + 1 < len(token.doc) else None
        genitive_like = following is not None and following.pos_ in ("NOUN", "ADJ", "PROPN")
        return not genitive_like or lower in verb_forms().s_passives
    if lower in verb_forms().present_passives and token.pos_ != "PROPN":
        return True  # "krävs", "ses", "framställs" even when the tagger took them for nouns
    if lower.endswith(PASSIVE_ONLY_ENDINGS):
        # "fattades" even without Voice=Pass; a noun ("arbetsplats") only right after an
        # auxiliary, where the tagger sometimes takes a supine for a noun ("har prövats").
        if is_verb:
            return True
        if lower in verb_forms().s_passives:
            return token.pos_ not in ("NOUN", "PROPN") or _after_auxiliary(token)
        return False
    return is_verb and lower in verb_forms().s_passives


# "fattas" is mostly "be missing" (det fattas pengar), but with a decision it is the passive of
# "fatta" ("beslut fattas", "fattas ett beslut", "beslutet ska fattas av nämnden").
TAKEN_FORMS = frozenset(["fattas", "fattades", "fattats"])
DECISION_WINDOW = 4  # words between the decision and the verb ("beslut om bistånd kan fattas")
# "kallas" names something ("kallas för SUS", "kallas Nisse") unless a summons ("kallas till ett
# möte", "kallas in", "kallas av nämnden").
NAMING_FORMS = frozenset(["kallas", "kallades", "kallats"])


def _decision_nearby(token: Token) -> bool:
    """A noun for a decision ("beslut", "biståndsbeslutet") shortly before or after the verb, in
    its sentence."""
    sentence = sentence_of(token)
    window = token.doc[max(sentence.start, token.i - DECISION_WINDOW - 1) : min(sentence.end, token.i + 3)]
    return any(t.i != token.i and t.pos_ == "NOUN" and "beslut" in t.lower_ for t in window)


def _names_something(token: Token) -> bool:
    """The first word after the verb, sentence adverbs aside, gives a name: "för", a name, a
    noun or a quotation mark."""
    for following in token.doc[token.i + 1 : token.i + 4]:
        if following.pos_ == "ADV":
            continue
        return following.lower_ == "för" or following.pos_ in ("PROPN", "NOUN") or following.text in QUOTE_MARKS
    return False


QUOTE_MARKS = frozenset("”\"“«")


RECIPROCAL_FORMS = frozenset(["ses", "sågs", "setts", "träffas", "träffades", "möts", "möttes", "kramas", "hörs", "hördes"])
# Verbs of meeting: their -s form means "meet (each other)" unless an agent follows ("träffas av").
MEETING_FORMS = frozenset(["träffas", "träffades", "träffats", "möts", "möttes", "mötts", "kramas", "kramades"])
AGENT_WINDOW = 6  # words between the verb and "av"
CLAUSE_BREAKS = frozenset([",", ";", ":", "och", "eller", "men", "som", "att", "när", "om", "eftersom"])


def agent_of(token: Token) -> tuple[int, int] | None:
    """Token range of the agent after a passive verb: "prövats av nämnden" -> (nämnden).

    "av" within a few words after the verb, in the same clause, followed by a noun phrase
    (up to its first noun, name or pronoun). None when there is none. An "av" after a noun
    belongs to that noun or to a compound preposition, not to the verb: "beviljas
    uppehållstillstånd med stöd av 5 kap.", "anstånd med verkställigheten av beslutet"; one
    after another verb belongs to that verb ("kan anses omfattas av")."""
    doc = token.doc
    end = min(sentence_of(token).end, token.i + 1 + AGENT_WINDOW)
    for i in range(token.i + 1, end):
        word = doc[i]
        if word.lower_ in CLAUSE_BREAKS or word.is_sent_start:
            return None
        if word.pos_ in ("NOUN", "PROPN", "NUM", "VERB") or (word.pos_ == "PRON" and word.lower_ != "sig"):
            # An object, a noun phrase or another verb comes first ("kan anses omfattas av"):
            # a later "av" is not this verb's agent.
            return None
        if word.lower_ != "av":
            continue
        for j in range(i + 1, min(sentence_of(token).end, i + 5)):
            head = doc[j]
            if head.is_punct or head.lower_ in CLAUSE_BREAKS:
                return None
            if head.pos_ in ("NOUN", "PROPN", "PRON") or (head.text[:1].isupper() and head.is_alpha):
                if head.pos_ == "PRON" and head.lower_ in ("det", "detta", "dessa", "vilket", "vilka"):
                    return None  # "av detta" refers to a thing, not an agent
                if head.lower_ in NOT_AGENTS:
                    return None
                return (i + 1, j + 1)
        return None
    return None


# "av" + these nouns gives a cause or a part, not who acts: "av misstag", "av andra skäl".
NOT_AGENTS = frozenset(["misstag", "skäl", "skälen", "anledning", "anledningen", "betydelse", "vikt", "intresse",
                        "olika", "del", "delen", "början", "slaget", "sorten", "hänsyn", "princip", "säkerhetsskäl"])


def has_agent(token: Token) -> bool:
    return agent_of(token) is not None


def _plural_subject_before(token: Token) -> bool:
    window = token.doc[max(sentence_of(token).start, token.i - 6) : token.i]
    return any(t.lower_ in ("vi", "ni", "de", "dom") for t in window)


def _after_auxiliary(token: Token) -> bool:
    previous = token.doc[token.i - 1] if token.i else None
    return previous is not None and previous.lemma_.lower() in AUXILIARY_LEMMAS | {"har", "hade"}


def is_past_participle(token: Token) -> bool:
    """True for a past participle ("beviljad", "godkända"), from the tagger or the lexicon."""
    if "Part" in token.morph.get("VerbForm") and "Pres" not in token.morph.get("Tense"):
        return True
    lower = token.lower_
    if lower.endswith(("ande", "ende", "aste", "este")):
        return False  # present participles and superlatives: "blir följande", "blev närmaste"
    return token.pos_ in ("ADJ", "VERB") and lower in verb_forms().participles


def find_passives(doc: Doc) -> list[Passive]:
    """Every passive construction in ``doc``, in text order (computed once per Doc)."""
    cached = doc.user_data.get(_CACHE_KEY)
    if cached is None:
        cached = doc.user_data[_CACHE_KEY] = list(_passives(doc))
    return cached


_CACHE_KEY = "klarsprak.passives"


def _passives(doc: Doc) -> Iterator[Passive]:
    table = token_table(doc)
    for i, lower in enumerate(table.lower):
        if not (lower.endswith("s") or lower in BLI_FORMS or table.lemma[i] == "bli"):
            continue  # neither an s-form nor a form of "bli": no Token needed
        token = doc[i]
        if is_s_passive(token):
            yield Passive("s", token.i, token.i + 1, token)
        elif token.lower_ in BLI_FORMS or token.lemma_ == "bli":
            for following in doc[token.i + 1 : token.i + 2 + MAX_WORDS_BETWEEN]:
                if following.is_punct or following.is_space or following.is_sent_start:
                    break
                if is_past_participle(following):
                    yield Passive("bli", token.i, following.i + 1, following)
                    break


AUXILIARY_LEMMAS = frozenset({"ska", "skola", "kunna", "måste", "böra", "få", "komma", "ha", "vilja", "behöva", "skall"})


def _auxiliaries(passive: Passive) -> str:
    """The auxiliaries before a non-finite verb: "kommer att", "ska", "har" ("" if none)."""
    verb = passive.verb
    words: list[str] = []
    for token in reversed(verb.doc[max(sentence_of(verb).start, verb.i - 4) : verb.i]):
        if token.lower_ == "att" or token.lemma_.lower() in AUXILIARY_LEMMAS or token.lower_ in AUXILIARY_LEMMAS:
            words.insert(0, token.lower_)
        elif token.pos_ in ("ADV", "PART") or token.lower_ in ("inte", "också", "även"):
            continue
        else:
            break
    if words and words[0] == "att":
        words = []  # "för att prövas": no finite auxiliary to reuse
    return " ".join(words) + " " if words else ""


def active_present(stem: str) -> str:
    """Present tense from the stem of an s-passive: bevilja -> beviljar, gör -> gör, and for a
    verb of the second conjugation, which the lexicon tells by its short passive (erbjuds,
    slutförs, läses): erbjuda -> erbjuder, slutföra -> slutför, läsa -> läser."""
    if stem.endswith("r"):
        return stem  # görs -> gör, hörs -> hör
    if stem.endswith("a") and len(stem) > 3:
        root, forms = stem[:-1], verb_forms()
        # "bokas" beside "bokar" is the first conjugation, whatever else "boks" may be.
        if stem + "s" not in forms.present_passives and (root + "s" in forms.s_passives or root + "es" in forms.s_passives):
            return root if root.endswith("r") else root + "er"
    if stem.endswith(("a", "e", "å", "o")):
        return stem + "r"  # beviljas -> beviljar, fås -> får
    return stem + "er"  # behövs -> behöver, sänds -> sänder


def active_form(passive: Passive) -> str:
    """A hint of the active verb phrase: beviljas -> beviljar, har beviljats -> har beviljat,
    kommer att verkställas -> kommer att verkställa."""
    if passive.form == "bli":
        return ""
    verb = passive.verb
    stem = verb.lower_[:-1]  # drop the passive -s
    before = _auxiliaries(passive).split()
    if before and before[-1] in ("har", "hade", "ha"):
        return " ".join(before) + " " + stem  # "har utretts": a supine, whatever the tagger says
    if "Pres" in verb.morph.get("Tense") and "Fin" in verb.morph.get("VerbForm"):
        return active_present(stem)
    if "Past" in verb.morph.get("Tense") and "Fin" in verb.morph.get("VerbForm"):
        return stem  # beviljades -> beviljade
    auxiliaries = _auxiliaries(passive)
    if not auxiliaries:
        if "Sup" in verb.morph.get("VerbForm"):
            return "har " + stem
        # An infinitive needs an auxiliary; with none before it, the tagger has mistaken a
        # present tense ("bistånd beviljas") for an infinitive.
        return active_present(stem)
    return auxiliaries + stem  # har beviljats -> har beviljat, ska prövas -> ska pröva
