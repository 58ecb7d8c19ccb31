"""The check a one-click suggestion must pass: put it in, re-analyse the words around it, and keep
"Använd förslaget" only when the new words still fit.

A suggestion fails, and stays advice to read, when the re-analysed words show that

* its first word is another part of speech than the first word it replaces ("med beaktande av"
  -> "med tänka på av", "emellertid" -> "men" with the old word order, "i samband med ändringen"
  -> "när ändringen");
* a finite verb lost its tense or form ("yrkade" -> "begära");
* a passive verb became a particle verb whose particle is left hanging ("besvaras nekande" ->
  "svaras på nekande");
* a determiner or an adjective no longer agrees with its noun ("detta bild", "så kallad
  räntesnurror", "den så kallad regeln");
* a rule flags the new words ("bistånd" -> "ekonomiskt bistånd" flagged again);
* a preposition that the replaced word governed is left behind: after a suggestion that ends
  in its own preposition ("föranledd av" -> "leda till av") or after another noun ("ett
  ställningstagande till hans hälsa" -> "ett beslut till hans hälsa");
* a pronominal adverb that belongs to a noun ("i enlighet härmed") is replaced by a sentence
  adverb ("i enlighet nu");
* a one-word suggestion is repeated by the next words ("avseende ärende om" -> "om ärende
  om");
* a demonstrative follows an article ("som det förevarande" -> "som det detta");
* a particle verb takes the place of a finite verb before a sentence adverb or its subject:
  the particle must follow them ("aktualiseras därmed" -> "tas upp därmed", not "tas därmed
  upp"; "inhämtar nämnden" -> "hämtar in nämnden").

Only a few words on each side are re-analysed (the tagger looks no further): the whole changed
sentences would cost as much as the text itself.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from spacy.language import Language
from spacy.tokens import Doc, Token

from klarsprak.analysis.findings import Finding
from klarsprak.analysis.kinds import Kind
from klarsprak.analysis.lexicon import verb_forms
from klarsprak.analysis.spans import sentence_of

CONTEXT_TOKENS = 4  # the tagger's window: four layers of one token on each side
# Parts of speech that may replace one another in a sentence without changing its structure.
WORD_CLASS = {"NOUN": "noun", "PROPN": "noun", "PRON": "noun", "VERB": "verb", "AUX": "verb",
              "ADJ": "modifier", "DET": "modifier", "NUM": "modifier", "ADV": "adverb", "PART": "adverb",
              "ADP": "preposition", "SCONJ": "subjunction", "CCONJ": "conjunction"}
STRANDED_PREPOSITIONS = frozenset({"på", "till", "med", "åt", "om", "för", "av", "i", "efter", "över"})
PREPOSITIONS = STRANDED_PREPOSITIONS | {"från", "mot", "under", "vid", "inom", "enligt", "gentemot", "hos", "utan"}
# Particles of Swedish particle verbs ("ta emot", "hämta in", "se till"): in a main clause with
# inverted word order they follow the subject and the sentence adverbs.
PARTICLES = frozenset({"upp", "in", "ut", "emot", "till", "på", "av", "bort", "fram", "tillbaka", "ihop", "över",
                       "med", "kvar", "om", "ner", "ned", "åt", "undan", "isär", "efter"})
DEMONSTRATIVE_WORDS = frozenset({"denna", "detta", "dessa", "den här", "det här", "de här"})
ARTICLES = frozenset({"en", "ett", "den", "det", "de", "denna", "detta", "dessa"})
# Pronominal adverbs: här-, där-, var- and a preposition ("härmed", "därvid", "varom").
PRONOMINAL_ADVERB = re.compile(r"^(?:här|där|var)(?:med|vid|av|till|om|på|i|under|efter|igenom|utöver|jämte|för|emot|"
                               r"ifrån|från|ur|hos|åt|utav|till|efter|intill|jämte)$")
BOTH_PREPOSITION_AND_SUBJUNCTION = frozenset({"om", "för", "till", "än", "sedan", "efter", "innan", "som"})
# Kinds whose suggestions reword the text (personal data is masked, not reworded).
WORDING_KINDS = frozenset({"word-list", "capitalized-pronoun", "negation-pair"})
# Kinds whose findings a replacement could bring in; the others judge whole sentences or texts.
RECHECKED_KINDS = frozenset({"word-list", "passive", "negation-pair", "capitalized-pronoun"})


@dataclass(frozen=True)
class _Trial:
    """One one-click finding with its suggestion put in, in a short window of its sentence."""

    index: int  # of the finding in the report
    text: str  # the window with the suggestion in place
    start: int  # where the suggestion starts in ``text``
    end: int
    first: Token  # the first replaced word, tagged in its whole sentence
    before: Token | None  # the word before the replaced words, in the same sentence
    after: Token | None  # the word after them, in the same sentence


def check_suggestions(nlp: Language, doc: Doc, text: str, findings: Sequence[Finding],
                      kinds: Iterable[Kind]) -> list[Finding]:
    """``findings`` with ``one_click`` switched off for every suggestion of a wording rule that
    fails the check (``text`` is the Doc's text, which spaCy would otherwise rebuild each time)."""
    kinds = list(kinds)
    wording = {k.rule.id for k in kinds if k.name in WORDING_KINDS}
    trials = [_trial(doc, text, i, f) for i, f in enumerate(findings)
              if f.one_click and f.suggestions and f.rule in wording]
    trials = [t for t in trials if t is not None]
    if not trials:
        return list(findings)
    rechecked = [k for k in kinds if k.name in RECHECKED_KINDS]
    unique = list(dict.fromkeys(t.text for t in trials))  # a repeated sentence is analysed once
    windows = dict(zip(unique, nlp.pipe(unique), strict=True))
    hits = {text: [(k.rule.id, h.start, h.end) for k in rechecked for h in k.find(window)]
            for text, window in windows.items()}
    failed = set()
    verdicts: dict[tuple, str | None] = {}  # the same words in the same place get the same verdict
    for trial in trials:
        finding = findings[trial.index]
        # Rules that flag these words already do not count as new ("erhålls" -> "fås" is still passive).
        already = {f.rule for f in findings if f is not finding and f.start < finding.end and finding.start < f.end}
        new = tuple(rule for rule, start, end in hits[trial.text]
                    if rule not in already and start < trial.end and trial.start < end)
        key = (trial.text, trial.start, trial.end, trial.first.pos_, str(trial.first.morph), trial.first.lower_, new,
               _word(trial.before), _word(trial.after))
        if key not in verdicts:
            verdicts[key] = failure(trial, windows[trial.text], new)
        if verdicts[key] is not None:
            failed.add(trial.index)
    return [replace(f, one_click=False) if i in failed else f for i, f in enumerate(findings)]


def _trial(doc: Doc, text: str, index: int, finding: Finding) -> _Trial | None:
    span = doc.char_span(finding.start, finding.end, alignment_mode="expand")
    if span is None or not len(span):
        return None
    sentence = sentence_of(span[0])
    first = max(sentence.start, span.start - CONTEXT_TOKENS)
    last = min(sentence.end, span.end + CONTEXT_TOKENS)
    left = doc[first].idx
    right = doc[last - 1].idx + len(doc[last - 1].text)
    before = text[left : finding.start]
    suggestion = finding.suggestions[0]
    previous = doc[span.start - 1] if span.start > sentence.start else None
    following = doc[span.end] if span.end < sentence.end else None
    return _Trial(index, before + suggestion + text[finding.end : right], len(before),
                  len(before) + len(suggestion), span[0], previous, following)


def _word(token: Token | None) -> tuple[str, str] | None:
    return None if token is None else (token.lower_, token.pos_)


def failure(trial: _Trial, window: Doc, new_findings: Sequence[str]) -> str | None:
    """Why the suggestion does not fit ("word class", "verb form", "particle", "agreement",
    "new finding": ``new_findings`` are the rules that flag the words it put in), or None."""
    span = window.char_span(trial.start, trial.end, alignment_mode="expand")
    new = [t for t in span if not t.is_space] if span is not None else []
    if not new:
        return None  # an empty suggestion removes the words
    old, head = trial.first, new[0]
    if old.is_alpha and _changes_structure(old, new):
        return "word class"
    if _dictionary_form_left(old, head):
        return "verb form"
    if _hanging_preposition(new):
        return "particle"
    if _preposition_left_behind(trial, new):
        return "governed preposition"
    if _pronominal_adverb_of_noun(trial, new):
        return "pronominal adverb"
    if _particle_before_adverb(trial, new):
        return "particle order"
    if _repeats_next_words(window, new):
        return "repetition"
    if _double_determiner(trial, new):
        return "determiner"
    if not _agreement_intact(window, trial):
        return "agreement"
    return "new finding" if new_findings else None


def _changes_structure(old: Token, new: list[Token]) -> bool:
    """The replacement needs another sentence around it. The tagger often misreads a single
    stiff word ("synnerligen" as a noun), so only clear cases count: a conjunction for a word
    that is none ("emellertid" -> "men", "varvid" -> "och då": the word order breaks); a
    subjunction without its own verb for a preposition ("i samband med ändringen" -> "när
    ändringen"; "när det gäller" brings its verb); a verb for a noun, an adjective or a
    participle ("med beaktande av" -> "med tänka på av", "inkomna" -> "komma in")."""
    head = new[0]
    was = WORD_CLASS.get(old.pos_)
    if was == "noun" and old.pos_ == "NOUN" and len(new) == 1 and head.pos_ == "ADJ":
        following = head.doc[head.i + 1] if head.i + 1 < len(head.doc) else None
        modified = head.i > 0 and head.doc[head.i - 1].pos_ in ("ADJ", "DET")
        if modified and (following is None or following.pos_ not in ("NOUN", "PROPN") or not following.is_alpha):
            return True  # the new noun reads as an adjective here ("särskild boendeform" -> "särskild boende")
    if head.pos_ == "CCONJ" and was != "conjunction":
        return True
    if head.pos_ == "SCONJ" and head.lower_ not in BOTH_PREPOSITION_AND_SUBJUNCTION and was != "subjunction":
        return not any("Fin" in t.morph.get("VerbForm") for t in new[1:])
    form = old.morph.get("VerbForm")
    # The lexicon knows participles the tagger reads as finite verbs ("föranledd"); a supine
    # ("erhållit") also ends in -t, so the tagger's Sup keeps it a verb.
    participle = "Part" in form or (old.lower_ in verb_forms().participles and not {"Sup", "Inf"} & set(form))
    return head.pos_ in ("VERB", "AUX") and (was not in ("verb", None) or participle) and head.lower_ != old.lower_


def _dictionary_form_left(old: Token, new: Token) -> bool:
    """A finite verb or a supine replaced by an infinitive ("yrkade" -> "begära", "har erhållit"
    -> "har få"): the suggestion was not inflected."""
    if old.pos_ not in ("VERB", "AUX") or new.pos_ not in ("VERB", "AUX"):
        return False
    was = set(old.morph.get("VerbForm"))
    return bool(was & {"Fin", "Sup"}) and "Inf" in new.morph.get("VerbForm") and not was & {"Inf"}


def _hanging_preposition(new: list[Token]) -> bool:
    """A passive verb with a preposition after it: "frågan ska svaras på nekande", "det ska
    tänkas på" strand the preposition ("togs upp", with a particle, is fine)."""
    if len(new) < 2 or new[1].lower_ not in STRANDED_PREPOSITIONS:
        return False
    forms = verb_forms()  # the lexicon, not the tagger: it reads "tänks" as a noun
    return new[0].lower_ in forms.s_passives or new[0].lower_ in forms.present_passives


def _is_preposition(token: Token | None) -> bool:
    return token is not None and (token.lower_ in PREPOSITIONS or token.pos_ == "ADP")


def _preposition_left_behind(trial: _Trial, new: list[Token]) -> bool:
    """The replaced words are followed by a preposition that belonged to them, and the suggestion
    cannot take it: the suggestion ends in its own preposition ("föranledd av skäl" -> "leda till
    av skäl"), or a noun is replaced by another noun, whose preposition is another ("ett
    ställningstagande till hans hälsa" -> "ett beslut till hans hälsa"). The lexicon's tags are
    not needed: two prepositions in a row, or a new noun before the old one's preposition, are
    enough."""
    if not _is_preposition(trial.after):
        return False
    last = new[-1]
    if last.lower_ in PREPOSITIONS and last.lower_ not in PARTICLES - STRANDED_PREPOSITIONS:
        return True
    old = trial.first
    return (old.pos_ == "NOUN" and last.pos_ == "NOUN" and last.lemma_.lower() != old.lemma_.lower()
            and trial.after.lower_ not in ("i", "för", "från", "enligt", "under", "vid", "hos", "inom"))


def _pronominal_adverb_of_noun(trial: _Trial, new: list[Token]) -> bool:
    """A pronominal adverb right after a noun is part of that noun's phrase ("i enlighet
    härmed": in accordance with this); a sentence adverb ("nu") cannot take its place there.
    The tagger often reads such a word as a noun, so its shape decides."""
    old = trial.first
    return (bool(PRONOMINAL_ADVERB.match(old.lower_)) and trial.before is not None
            and trial.before.pos_ in ("NOUN", "PROPN") and len(new) == 1)


def _particle_before_adverb(trial: _Trial, new: list[Token]) -> bool:
    """A particle verb put in for a finite verb that a sentence adverb or a subject pronoun
    follows: Swedish puts the particle after them ("tas därmed upp", "tar vi emot"), so the
    suggestion put in as it stands breaks the word order ("tas upp därmed")."""
    old, after = trial.first, trial.after
    if len(new) < 2 or new[-1].lower_ not in PARTICLES or after is None:
        return False
    if not ({"Fin"} & set(old.morph.get("VerbForm")) or old.lower_ in verb_forms().s_passives
            or old.lower_ in verb_forms().present_passives):
        return False
    return after.pos_ in ("ADV", "PART") or (after.pos_ == "PRON" and "Nom" in after.morph.get("Case"))


def _double_determiner(trial: _Trial, new: list[Token]) -> bool:
    """A demonstrative put in after an article: "i ett fall som det förevarande" -> "som det
    detta". The old word was an adjective the article belonged to."""
    before = trial.before
    return (new[0].lower_ in DEMONSTRATIVE_WORDS and before is not None and before.pos_ in ("DET", "PRON")
            and before.lower_ in ARTICLES)


def _repeats_next_words(window: Doc, new: list[Token]) -> bool:
    """A one-word suggestion that the next two words repeat ("överläggningarna avseende ärende
    om" -> "överläggningarna om ärende om"): the sentence needs rewording, not a swap."""
    if len(new) != 1 or not new[0].is_alpha:
        return False
    return any(t.lower_ == new[0].lower_ for t in window[new[0].i + 1 : new[0].i + 3])


def _agreement_intact(window: Doc, trial: _Trial) -> bool:
    """Every determiner or adjective in or just before the suggestion agrees with the noun it
    goes with, in gender, number and definiteness, as the tagger reads them."""
    for token in window:
        if token.pos_ not in ("DET", "ADJ") or token.idx + len(token.text) < trial.start - 1 or token.idx >= trial.end:
            continue
        noun = _noun_after(window, token)
        if noun is None or not (trial.start <= token.idx < trial.end or trial.start <= noun.idx < trial.end):
            continue
        for feature in ("Gender", "Number"):
            a, b = token.morph.get(feature), noun.morph.get(feature)
            if a and b and not set(a) & set(b):
                return False
        if token.pos_ == "ADJ" and "Ind" in token.morph.get("Definite") and (
            "Def" in noun.morph.get("Definite") or _definite_article_before(window, token)
        ):
            return False  # "den så kallad regeln"
    return True


def _noun_after(window: Doc, token: Token) -> Token | None:
    for following in window[token.i + 1 : token.i + 4]:
        if following.pos_ in ("NOUN", "PROPN"):
            return following
        if following.pos_ not in ("ADJ", "ADV"):
            return None
    return None


def _definite_article_before(window: Doc, token: Token) -> bool:
    for previous in reversed(window[max(0, token.i - 3) : token.i]):
        if previous.pos_ == "DET":
            return "Def" in previous.morph.get("Definite")
        if previous.pos_ not in ("ADJ", "ADV"):
            return False
    return False

