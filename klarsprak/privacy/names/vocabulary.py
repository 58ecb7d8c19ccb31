"""The word classes and word endings the name rules test words against.

Open word lists (titles, verbs of speech and meeting, organisation heads, little words, …) are
data: ``data/name_cues.yaml``, one key a list, read once on import, each with a comment on what
class of words it is and why the rules need it. Endings (suffix tuples), parts of speech,
pronouns and punctuation stay here in code: they are closed sets, and the rules read better with
them in sight. The lists used by one module only live in that module.
"""

from __future__ import annotations

import re
from pathlib import Path

import yaml

DATA = Path(__file__).resolve().parent.parent / "data"  # klarsprak/privacy/data
CUES = DATA / "name_cues.yaml"


def _cue_lists() -> dict[str, frozenset[str]]:
    """Every list of data/name_cues.yaml as a set of words (each list one string, one word per space)."""
    data = yaml.safe_load(CUES.read_text(encoding="utf-8"))
    return {key: frozenset(value.split()) for key, value in data.items()}


_LISTS = _cue_lists()
TITLES = _LISTS["titles"]
TITLE_HEADS = tuple(sorted(_LISTS["title_heads"]))
NOT_TITLE_ALONE = _LISTS["not_title_alone"]
GREETINGS = _LISTS["greetings"]
THANKS = _LISTS["thanks"]
SPEECH_VERBS = _LISTS["speech_verbs"]
NOT_NAME_WORDS = _LISTS["not_name_words"]
ORGANISATION_HEADS_BEFORE = _LISTS["organisation_heads_before"]
ORGANISATION_HEADS_AFTER = _LISTS["organisation_heads_after"]
PARTICLES = _LISTS["particles"]
FUNCTION_WORDS = _LISTS["function_words"]
PARTICLE_ADVERBS = _LISTS["particle_adverbs"]
CLAUSE_ADVERBS = _LISTS["clause_adverbs"]
SUBORDINATORS = _LISTS["subordinators"]
PLACE_PREPOSITIONS = _LISTS["place_prepositions"]
PERSON_VERBS = _LISTS["person_verbs"]
PERSON_AFTER_BE = _LISTS["person_after_be"]
PERSON_AFTER_AUX = _LISTS["person_after_aux"]
AUXILIARIES = _LISTS["auxiliaries"]
MEETING_NOUNS = _LISTS["meeting_nouns"]
MEETING_VERBS = _LISTS["meeting_verbs"]
REPRESENTATIVES = _LISTS["representatives"]
TELLING_LEMMAS = _LISTS["telling_lemmas"]
PERSONAL_NOUNS = _LISTS["personal_nouns"]


SURNAME_ENDINGS = ("sson", "son", "berg", "ström", "qvist", "kvist", "lund", "gren", "dahl", "holm",
                   "blad", "stedt", "sköld", "borg", "ander", "ell", "lin", "man", "mark", "ros", "vall",
                   "sen", "ius", "zon", "ssen", "ic", "ić", "ović", "ovic", "ov", "ova", "ski", "sky")
# Greetings that greet only at the start of a line or letter ("Till Anna Svensson"); inside a
# sentence "till" is a preposition ("skickades till Bjuv").
LINE_START_ONLY = frozenset({"till", "bästa"})
# Role nouns in the definite form name the person that follows: "försvarschefen Sabina Jacobsen",
# "komikern Miranda Hart", "tv-kändisen Jimmy Savile".
ROLE_ENDINGS = ("aren", "ären", "ören", "isten", "chefen", "ledaren", "ministern", "presidenten", "kändisen",
                "stjärnan", "drottningen", "mannen", "kvinnan", "agenten", "vakten", "rådet", "professorn",
                "kommentatorn", "rektorn", "doktorn", "kuratorn", "författaren", "konstnären", "ikonen",
                "legendaren", "kaptenen", "ordföranden", "talesperson", "talespersonen", "ern", "iken", "ologen",
                "ommen", "kandidaten", "veteranen", "fotografen", "svensken", "amerikanen", "britten", "tysken",
                "dansken", "ryssen", "norskan", "svenskan", "finskan", "skan", "erskan", "inna", "innan", "ösen",
                "ösa", "atorn", "eten", "sekreterare", "handläggare", "ombudsman", "ombudsmannen", "erna")
POSSESSIVES = frozenset({"min", "mitt", "mina", "din", "ditt", "dina", "vår", "vårt", "våra", "er", "ert", "era"})
ORGANISATION_ENDINGS = ("förvaltningen", "nämnden", "enheten", "huset", "kommun", "kassan", "verket",
                        "myndigheten", "centralen", "skolan", "gården", "mottagningen", "region", "rätten",
                        "tjänsten", "kontoret", "avdelningen", "boendet", "gruppen", "teamet", "staden",
                        "förbundet", "förbund", "förbunds", "vården", "föreningen", "stiftelsen", "fonden", "sjukhuset", "akademin",
                        "gymnasiet",
                        "institutet", "universitetet", "högskolan", "bolaget", "banken", "partiet", "regionen",
                        "koncernen", "förlaget", "tidningen", "klubben", "kyrkan", "församlingen", "museet",
                        "biblioteket", "teatern", "inspektionen", "styrelsen", "ombudsmannen", "domstolen",
                        "kollegiet", "ämbetet", "polisen", "kansliet", "tinget", "partiets", "fondens",
                        "kliniken", "departementet", "lagen", "lagens", "balken", "balkens", "förordningen",
                        "parlamentet", "parlamentets", "kommissionen", "kommissionens")
# Heads of an organisation's name in the indefinite form: "Familjeförvaltning Norr".
ORGANISATION_HEAD_ENDINGS = ("förvaltning", "nämnd", "kontor", "enhet", "mottagning", "central", "klinik",
                             "förening")
FUNCTION_POS = frozenset({"SCONJ", "CCONJ", "ADP", "PRON", "DET", "AUX", "PART", "ADV", "VERB", "NUM", "ADJ"})
# Endings of ordinary words that no name has: adverbs ("slutligen", "exempelvis") and nouns in the
# definite or plural ("bedömningen", "friskolornas", "myndigheter").
COMMON_WORD_ENDINGS = ("ligen", "ningen", "ningar", "ningarna", "heten", "heter", "arnas", "ernas", "ornas",
                       "tionen", "tioner", "iteten", "ssvis", "tsvis", "ngsvis", "elsen", "skapet", "andet",
                       "endet", "arna", "erna", "orna", "eriet", "eriets")
# The long ones, which no name written in lower case has either ("avyttringar", "bedömningen"; not
# "-arna", "-erna": "verna", "lorna").
LOWER_CASE_WORD_ENDINGS = (*(ending for ending in COMMON_WORD_ENDINGS if len(ending) >= 5),
                           "ingar", "ingarna", "ingen")  # the nouns of action in -ing: "avyttringar"
# The tagger's guess for a word it does not know is often wrong (a name tagged PRON or ADJ), but
# an adverb or a little word it does know ("sällan", "därvid") is none.
NOT_NAME_POS = frozenset({"ADV", "ADP", "SCONJ", "CCONJ", "AUX", "PART", "DET", "NUM", "PUNCT", "INTJ"})
# Determiners, pronouns, auxiliaries and conjunctions are all in the lexicon (some prepositions,
# "emot", are not), so a word it lacks that the tagger puts there is the tagger's guess
# ("nicola/DET", "katalin/CCONJ"); a numeral counts only when it reads as a number ("tiina/NUM").
OPEN_NOT_NAME_POS = frozenset({"ADV", "INTJ", "PUNCT", "ADP"})
CONJUNCTIONS = frozenset({"och", "eller", "samt", "&"})
# Subordinators that surely open a clause ("och", "men", "som" also join nouns)
CLAUSE_SUBORDINATORS = SUBORDINATORS - {"och", "men", "som"}
# Prepositions whose object is usually a person ("hos", "enligt") or a person or a place ("till",
# "med", "av", "från"); a capital after them inside a sentence marks a proper noun.
PERSON_PREPOSITIONS = frozenset({"hos", "enligt", "till", "med", "av", "från", "åt"})
# "världens", "internets", "bolånetagarens": the definite genitive of a noun
DEFINITE_GENITIVE_ENDINGS = ("ens", "ets", "nas")
SENTENCE_ENDS = frozenset({".", "!", "?", ":", ";"})
OPENING_MARKS = frozenset({"”", '"', "“", "«", "»", "(", "[", "'", "’", "-", "–", "/"})
# Every capital letter of the Latin, Greek and Cyrillic alphabets: "Ü.P.", "Ł.K.", "Ē.K.".
CAPITAL = "[" + "".join(re.escape(c) for c in map(chr, range(0x41, 0x530)) if c.isupper()) + "]"
