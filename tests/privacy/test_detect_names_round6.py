"""Round six of name classes: words the lexicon lacks, lower-case listed names, new clauses after
a comma, lower-case genitives, institutions named after people, speech after a speaker's label,
and a subject put last by a fronted adverbial. Examples written for these tests, not taken from
any evaluation set."""

from __future__ import annotations

import pytest

from klarsprak.analysis.document import make_doc
from klarsprak.privacy import detect
from klarsprak.privacy.names import ordinary_words
from klarsprak.privacy.names.lexicon import lexicon_words


def names(nlp, text: str) -> list[str]:
    return [d.text for d in detect(make_doc(nlp, text)) if d.group == "name"]


@pytest.mark.parametrize(("text", "expected"), [
    # a first name or surname on the lists, in lower case, that is no Swedish word
    ("skickade sms till johanna om tiden", ["johanna"]),
    ("kurator henrik har pratat med mamman", ["henrik"]),
    ("besök hos familjen, träffade elsa och mamman", ["elsa"]),
    ("andersson har inte svarat på brevet", ["andersson"]),
    # after a comma a new clause whose subject comes first, though the tagger guesses an adverb
    ("Det var stökigt hemma, valtteri har inte sovit på två nätter.", ["valtteri"]),
    ("Vi väntade länge, tuulikki kom först efter tio.", ["tuulikki"]),
    # a lower-case genitive of a name before a kinship word or a role
    ("mirjas mamma hörde av sig på morgonen", ["mirjas"]),
    ("svarade på frågor från dzenans lärare", ["dzenans"]),
    # a first name that is also a town's, beside a person
    ("Vilhelmina och Oskar går i samma klass.", ["Vilhelmina", "Oskar"]),
    # a sentence that opens with an adverbial puts the subject last
    ("Efter en stund somnade Keziah.", ["Keziah"]),
    # a possessive after the verb is no subject: the word before the verb is
    ("Hembesöket gick lugnt, jasmin visade sina böcker.", ["jasmin"]),
    # a past form the tagger took for a noun is still a verb
    ("Vi pratade en stund, wiremu bytte sedan samtalsämne.", ["wiremu"]),
    # right after a verb of meeting, a listed first name that is also a word
    ("träffade viola i korridoren", ["viola"]),
    # the particles of a surname join the name, first in a sentence too
    ("Yusuf bin Rashid har lämnat in papperen.", ["Yusuf bin Rashid"]),
    # a line typed all in capitals: a listed first name that is no word
    ("RING SVANTE INNAN LUNCH", ["SVANTE"]),
    # a count of tries ends the phrase after "till"
    ("sms till jovana 3 ggr utan svar", ["jovana"]),
    # before a predicate only people take, whatever the tagger guessed
    ("ngozi vill byta skola till hösten", ["ngozi"]),
    ("läraren säger att ella mår bättre nu", ["ella"]),
    # a listed name after a kinship word or title in lower case
    ("tolk ahmed översatte hela samtalet", ["ahmed"]),
    # a double first name in lower case
    ("per-olof har inte hört av sig", ["per-olof"]),
    # a verb's past form before a name the tagger never saw
    ("Socialsekreteraren ringde Dusanka i förmiddags.", ["Dusanka"]),
    # a speaker's label opening a line, a signature after a closing on its line
    ("Socialsekreteraren: Hur mår du?\nTjarls: Bra.", ["Tjarls"]),
    ("skickar papperen i morgon mvh kerstin", ["kerstin"]),
    # initials with their role in brackets, a name in brackets after a kinship word
    ("Med på mötet: GH (pappa) och två lärare.", ["GH"]),
    ("Vid mötet deltog mamma (Ljiljana) och tolk.", ["Ljiljana"]),
    # a double name typed in capitals
    ("DELTAGARE: ULLA-BRITT FORS", ["ULLA-BRITT FORS"]),
    # a fronted adverbial puts a lower-case subject right after the verb
    ("I förmiddags hämtade przemek ut medicinen.", ["przemek"]),
    # a line of its own: first name and surname, perhaps with where the writer works
    ("Tack för hjälpen.\n\nKader Wiśniewski, Kronofogden\n", ["Kader Wiśniewski"]),
])
def test_names_found(nlp, text, expected):
    assert names(nlp, text) == expected


@pytest.mark.parametrize("text", [
    # uninflected words the lexicon lacks, first in a sentence
    "Tillsammans har vi gjort en plan för hösten.",
    "Ensam bor hon i en liten lägenhet.",
    "Ungefär hälften av eleverna har svarat.",
    "Därefter tog mötet slut.",
    # names that are also words stay words in lower case without a person's context
    "Lägenheten stod tom i tre månader.",
    "Det kostar 200 kronor per person.",
    # speech after a speaker's label
    "Handläggaren: Hur går det med skolan?",
    "Mamman: Pengar räcker inte till allt.",
    # a bare plural or mass noun may be a subject after "att"
    "Provet visade att mögelsvamp fanns i badrummet.",
    # a unit signs the message, a role's short label opens a line
    "ring om ni undrar, mvh familjeenheten",
    "Hl: Har du fått brevet?",
    # a compound with a linking -s inside a sentence names a unit or a benefit
    "Ansökan skickas till Bostadsstöd på stadens hemsida.",
    # capitals that are no names: acronyms and words in a line typed in capitals
    "RING BUP OCH LSS-HANDLÄGGAREN INNAN LUNCH",
    # institutions named after people
    "Han får vård på Sachsska barnsjukhuset.",
    "Hon har sökt till Ingrid Marias gymnasium.",
    "Dottern går på Carl Larssonskolan sedan i höstas.",
    "Besöket var på Prinsessan Estelles institut.",
])
def test_no_names(nlp, text):
    assert names(nlp, text) == []


def test_a_town_name_after_a_place_preposition_stays_a_place(nlp):
    assert names(nlp, "Familjen flyttade till Vilhelmina och Liam bytte skola.") == ["Liam"]


def test_the_recogniser_sees_the_lexicon_it_was_trained_on():
    # The supplement adds words the lexicon lacks; the recogniser's feature must not change.
    assert "tillsammans" in ordinary_words()
    assert "tillsammans" not in lexicon_words()
    assert "bil" in ordinary_words() and "bil" in lexicon_words()
