"""What every rule needs about one Doc, computed once: the tokens, their texts and capitals,
which tokens are inside a place's or an organisation's name, and where sentences and lines start.

``_Context`` is the shared state of all rule modules; the helpers here read it but flag nothing.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from functools import lru_cache

from spacy.tokens import Doc, Token

from klarsprak.analysis.spans import cached_token_table, doc_text, doc_tokens
from klarsprak.privacy.names.lexicon import _gazetteer_index, _organisation_word, name_lists, ordinary_words
from klarsprak.privacy.names.vocabulary import (
    NOT_NAME_POS,
    NOT_NAME_WORDS,
    OPEN_NOT_NAME_POS,
    ORGANISATION_ENDINGS,
    ORGANISATION_HEADS_AFTER,
    PARTICLES,
    POSSESSIVES,
)
from klarsprak.privacy.names.word_forms import _capitalised_text, _listed, _unknown_lower_text

# Institutions named after a person ("Karolinska institutet", "Anna Whitlocks gymnasium"): the
# head, alone or as a compound's last part, lower case or joined to the name.
NAMED_AFTER_HEADS = ("sjukhus", "universitet", "förlag", "fond", "stiftelse", "gymnasium", "institut", "museum",
                     "ungdomshem", "behandlingshem", "hvb-hem", "familjehem", "vårdhem")
NAMED_AFTER_ENDINGS = ("skolan", "gymnasiet", "sjukhuset", "institutet", "museet", "biblioteket", "teatern",
                       "gården", "stiftelsen", "fonden", "akademin", "kyrkan", "förbundet", "föreningen",
                       "sällskapet")
INNER_CAPITAL = re.compile(r"[a-zåäöé][A-ZÅÄÖ]")
SAINTS = frozenset({"sankt", "s:t", "st.", "s:ta", "sankta"})
NAMING_TITLES = frozenset({"sankt", "s:t", "drottning", "kung", "konung", "prins", "prinsessan", "kronprinsessan"})


@lru_cache(maxsize=65536)
def _named_after_head(lower: str, upper: bool, organisation: bool) -> bool:
    """The word is the head of an institution's name that may name a person before it."""
    if lower.endswith(NAMED_AFTER_HEADS) or lower in ("kommun", "stad"):
        return True  # "Lunds universitet", "Astrid Lindgrens barnsjukhus" (not "Saras hemstad")
    if upper and lower in ("hus", "huset", "hem", "hemmet", "gård", "gården"):
        return True  # "Ronald McDonald Hus": a capitalised head names a house
    # "Per Brahegymnasiet", "Fredrika Bremer-förbundet"
    return upper and organisation and lower.endswith(NAMED_AFTER_ENDINGS) and len(lower) > 8


@lru_cache(maxsize=65536)
def _may_mark_organisation(lower: str) -> bool:
    """The word may take part in an organisation's or an institution's name (see
    ``_Context._mark_organisations``); a cheap test per word form, asked first."""
    organisation, head, before = _organisation_word(lower)
    return (organisation or head or before or lower in ORGANISATION_HEADS_AFTER
            or _named_after_head(lower, True, organisation) or _named_after_head(lower, False, organisation))


# A company's legal form after its name: "Stora Kraft Aktiebolag", "Grebbestad Event HB".
COMPANY_FORMS = frozenset({"ab", "abs", "ab:s", "hb", "hb:s", "kb", "aktiebolag", "aktiebolaget", "handelsbolag",
                           "handelsbolaget", "kommanditbolag"})


# A heading's number at the start of a line: "2.5 Överklagan", "3. Avgifter", "1.2.1 Barnperspektiv".
SECTION_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2}){0,3}\.?$")
HEADING_NOUNS = frozenset({"rubriken", "rubrik", "avsnittet", "kapitlet", "underrubriken"})
ENGLISH_CONTRACTIONS = frozenset({"em", "n", "t", "ll", "re", "ve", "d"})


_FORM_TESTS: list = []


def form_test(test: Callable[[str], bool]) -> Callable[[str], bool]:
    """Register a test of a word form alone, cached per form: ``_Context.where`` answers every
    registered test for a text's distinct forms in one pass (one cached call per form), instead
    of calling each test once per form."""
    cached = lru_cache(maxsize=16384)(test)
    _FORM_TESTS.append(cached)
    cached.form_bit = 1 << (len(_FORM_TESTS) - 1)  # type: ignore[attr-defined]
    return cached


@lru_cache(maxsize=32768)
def _form_bits(text: str, tests: int) -> int:
    """The registered tests ``text`` passes, as bits (``tests``: how many are registered, so an
    answer cached before a later registration is never reused)."""
    bits = 0
    for test in _FORM_TESTS[:tests]:
        if test(text):
            bits |= test.form_bit
    return bits


@form_test
def _capitalised_form(text: str) -> bool:
    # (most words fail the first test; "al-Assad" is capitalised after its particle)
    return (text[:1].isupper() or "-" in text) and _capitalised_text(text)


@form_test
def _may_open_place(text: str) -> bool:
    return text[:1].isupper() or text[:1].isdigit()


@form_test
def _may_mark_organisation_form(text: str) -> bool:
    return _may_mark_organisation(text.lower())


ENGLISH_ORGANISATION_HEADS = frozenset({"agency", "organization", "organisation", "association", "council",
                                        "commission", "institute", "foundation", "union", "committee", "authority"})
CONTINENTS = ("amerika", "afrika", "europa", "asien", "oceanien", "arktis", "antarktis", "östern", "orienten")


APOSTROPHES = frozenset({"’", "'", "´"})


@form_test
def _apostrophe(text: str) -> bool:
    return text in APOSTROPHES


@form_test
def _region_form(text: str) -> bool:
    lower = text.lower().removesuffix("s")
    return text[:1].isupper() and len(lower) > 8 and lower.endswith(CONTINENTS)


@form_test
def _before_word_part(text: str) -> bool:
    """A hyphenated word's first half, a number or a heading noun: what a word part follows."""
    return text.endswith("-") or text[:1].isdigit() or text.lower() in HEADING_NOUNS


class _Context:
    """What every rule needs, computed once per Doc."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        # spaCy builds a new Token on every doc[i] and every pass over the Doc (doc.text is one):
        # the token list and the text are made once per Doc and shared with the analysis.
        self.tokens = doc_tokens(doc)
        self.text = doc_text(doc)
        # the analysis has read the tokens' strings already when it runs before detection
        table = cached_token_table(doc)
        self.texts = table.text if table is not None else [t.text for t in self.tokens]
        self.lowers = table.lower if table is not None else [t.lower_ for t in self.tokens]
        # where each distinct word form occurs: the rules ask their first test once per form
        self._form_places: dict[int, list[int]] | None = None
        self._places: dict[str, list[int]] = defaultdict(list)
        for i, form in enumerate(self.texts):
            self._places[form].append(i)
        self.cap = [False] * len(self.texts)
        for i in self.where(_capitalised_form):
            self.cap[i] = True
        self.first_names, self.surnames, self.places = name_lists()
        self.words = ordinary_words()
        self.not_person = [False] * len(doc)  # organisations, services
        self.place = [False] * len(doc)  # the gazetteer: a surname may share a town's name
        self._starts: dict[int, bool] = {}
        self._mark_gazetteer()
        self._mark_organisations()

    def _mark_gazetteer(self) -> None:
        """Tokens inside a place or public body's name ("Svea hovrätt", "Upplands Väsby",
        "Helsingborgs")."""
        index = _gazetteer_index()
        lower_text = self.text.lower()
        doc = self.tokens
        for i in self.where(_may_open_place):
            lower = self.lowers[i]
            # "Stockholms läns …": the genitive of "Stockholm", though "Stockholms universitet"
            # also starts with the same word.
            names = index.get(lower, ()) + (index.get(lower[:-1], ()) if lower.endswith("s") else ())
            if not names:
                continue
            idx = doc[i].idx
            for name in names:
                end = idx + len(name)
                if lower_text.startswith(name, idx):
                    if lower_text[end : end + 1] == "s":
                        end += 1  # the genitive: "Region Skånes"
                    if end < len(lower_text) and (lower_text[end].isalpha() or lower_text[end] == "-"):
                        continue
                    j = i
                    while j < len(doc) and doc[j].idx < end:
                        self.place[j] = True
                        j += 1
                    break

    def _mark_organisations(self) -> None:
        doc = self.tokens
        texts, lowers = self.texts, self.lowers
        company_words: set[str] = set()
        # (nearly every word is no organisation's word and no institution's head)
        for i in self.where(_may_mark_organisation_form):
            lower = lowers[i]
            organisation, head, before = _organisation_word(lower)
            upper = texts[i][:1].isupper()
            if i > 0 and _named_after_head(lower, upper, organisation):
                # "Astrid Lindgrens barnsjukhus", "Drottning Silvias barnsjukhus", "Per Brahegymnasiet",
                # "Raoul Wallenbergskolan": institutions are named after people; the name is theirs
                self.not_person[i] = self.not_person[i] or upper
                j = i - 1
                while j >= 0 and (self.cap[j] or lowers[j] in NAMING_TITLES) and doc[j].whitespace_ == " " \
                        and i - j <= 4:
                    self.not_person[j] = True
                    j -= 1
            if not (organisation or head or before or lower in ORGANISATION_HEADS_AFTER):
                continue
            if organisation:
                self.not_person[i] = True
            if head and upper:
                self.not_person[i] = True  # "Familjeförvaltning Norr", "Stadsdelsnämnd Väster"
            if before or (head and upper):
                j = i + 1
                while j < len(doc) and (self.cap[j] or lowers[j] in PARTICLES) and j - i <= 5:
                    self.not_person[j] = True
                    j += 1
            if lower in ORGANISATION_HEADS_AFTER and i > 0 and (upper or lower in
                                                                 ("ab", "förlag", "sjukhus", "universitet", "fond")):
                if lower in ENGLISH_ORGANISATION_HEADS:
                    self.not_person[i] = True  # "European Space Agency": the head too is no surname
                j = i - 1
                # "HeidelbergCement Northern Europe AB": inner capitals too
                while j >= 0 and (self.cap[j] or texts[j].isupper() or (
                        texts[j][:1].isupper() and doc[j].is_alpha)) and i - j <= 4:
                    self.not_person[j] = True
                    if lower in COMPANY_FORMS:
                        company_words.add(lowers[j])
                    j -= 1
        self._mark_regions()
        self._mark_company_mentions(company_words)
        self._mark_contractions()
        self._mark_word_parts()
        for i in range(len(doc) - 1):
            # "S:t Lukas", "Sankt Görans": a saint's name names a church, a hospital or a place
            if lowers[i] in SAINTS and self.cap[i + 1] and doc[i].whitespace_ == " ":
                self.not_person[i + 1] = True
            # "Mobilt BankID", "Microsoft Teams" is not; but a capital inside a word ("BankID",
            # "PowerPoint") marks a product, and the capitalised word before it is its name's part
            elif self.cap[i] and doc[i].whitespace_ == " " and INNER_CAPITAL.search(texts[i + 1]) \
                    and not self.cap[i + 1] and not _listed(lowers[i], self.first_names):
                # (a surname may have one: "McDonald", "DeLuca", "Maria BenHajji")
                self.not_person[i] = self.not_person[i + 1] = True
        # A possessive pronoun before a noun is a phrase or the name of a service ("Mina sidor",
        # "Mitt konto", "Min vård"), not the first name Mina: "Mina berättade" keeps its verb.
        for i in range(len(doc) - 1):
            if lowers[i] not in POSSESSIVES:
                continue
            following = doc[i + 1]
            if doc[i].whitespace_ and following.is_alpha and (
                    following.pos_ == "NOUN" or (following.lower_ in self.words and following.pos_ != "VERB")):
                self.not_person[i] = self.not_person[i + 1] = True

    def _mark_company_mentions(self, company_words: set[str]) -> None:
        """"Stora Kraft Aktiebolag … Stora Kraft bestrider …", "Grebbestad Event HB … företrädare
        för Grebbestad Event": a word of a company's name (the name before "AB", "HB",
        "Aktiebolag") names the company wherever the text repeats it, alone or in the genitive.
        Not a listed first name or surname: "Anna Svenssons Bygg AB" leaves Anna a person
        elsewhere."""
        words = {w for w in company_words if w.isalpha() and len(w) > 2 and not self.listed(w)}
        if not words:
            return
        words |= {w + "s" for w in words}
        for i in self.where(lambda text: text[:1].isupper() and text.lower() in words):
            self.not_person[i] = True

    def _mark_regions(self) -> None:
        """"Centralamerika", "Latinamerika", "Sydostasien", "Nordafrika": a part of a continent is
        a place (the gazetteer lists countries and towns, not every region made so)."""
        for i in self.where(_region_form):
            self.place[i] = True

    def _mark_contractions(self) -> None:
        """"Texas Hold’em", "Rock’n’roll": a capitalised word written together with an English
        contraction after an apostrophe is a title or a game, not a name; so is the capitalised
        word right before it."""
        doc, texts = self.tokens, self.texts
        for i in self.where(_apostrophe):
            if not (1 < i < len(doc) - 1) or doc[i - 1].whitespace_ or doc[i].whitespace_:
                continue
            if texts[i + 1] in ENGLISH_CONTRACTIONS and len(texts[i - 1]) > 2 and self.cap[i - 1]:
                self.not_person[i - 1] = True
                if self.cap[i - 2] and doc[i - 2].whitespace_ == " ":
                    self.not_person[i - 2] = True

    def _mark_word_parts(self) -> None:
        """Capitalised or unknown words that are parts of something else: the rest of a word
        hyphenated at a line's end ("var- ning", "ut- redning", in text pasted from a PDF); a
        unit after a number ("270 Mkr", "15 Tkr"); a heading's title after "rubriken" ("under
        rubriken Utredning")."""
        texts, lowers = self.texts, self.lowers
        for j in self.where(_before_word_part):
            i = j + 1 if j + 1 < len(texts) and texts[j + 1].strip() else j + 2  # (a token of extra spaces)
            if i >= len(texts):
                continue
            before = texts[j]
            hyphenated = before.endswith("-") and len(before) > 2 and before[:-1].isalpha() and before.islower() \
                and texts[i].isalpha() and (before[:-1] + lowers[i]) in self.words
            unit = before[:1].isdigit() and before[-1:].isdigit() and lowers[i].endswith("kr") and 2 < len(lowers[i]) <= 5
            if hyphenated or unit or lowers[j] in HEADING_NOUNS:
                self.not_person[i] = True

    def where(self, test: Callable[[str], bool]) -> list[int]:
        """Indices of the tokens whose text passes ``test``, asked once per distinct word form:
        a text repeats its words, and most rules' first test is on the form alone."""
        bit = getattr(test, "form_bit", None)
        if bit is not None:
            return self._by_form_test().get(bit, [])
        found = [i for form, places in self._places.items() if test(form) for i in places]
        found.sort()
        return found

    def _by_form_test(self) -> dict[int, list[int]]:
        """For each registered form test, the indices of the tokens whose form passes it."""
        if self._form_places is None:
            places_of: dict[int, list[int]] = defaultdict(list)
            tests = len(_FORM_TESTS)
            for form, places in self._places.items():
                bits = _form_bits(form, tests)
                while bits:
                    lowest = bits & -bits
                    places_of[lowest].extend(places)
                    bits ^= lowest
            for places in places_of.values():
                places.sort()
            self._form_places = places_of
        return self._form_places

    def listed(self, lower: str) -> bool:
        return _listed(lower, self.first_names) or _listed(lower, self.surnames)

    def excluded(self, token: Token) -> bool:
        """A place, an organisation, a label or a service: never a person's name alone."""
        lower = token.lower_
        return (self.not_person[token.i] or self.place[token.i] or lower in NOT_NAME_WORDS
                or lower.endswith(ORGANISATION_ENDINGS))

    def blocked(self, token: Token) -> bool:
        """An organisation, a label or a service: not a name even next to one."""
        return self.not_person[token.i] or token.lower_ in NOT_NAME_WORDS or token.lower_.endswith(
            ORGANISATION_ENDINGS)

    def surname_despite_place(self, token: Token) -> bool:
        """"Elin Lund", "Rosa Berg": a listed surname after a first name, even if a town shares it."""
        return (_listed(token.lower_, self.surnames) and not self.not_person[token.i]
                and not token.lower_.endswith(ORGANISATION_ENDINGS))

    def at_line_start(self, i: int) -> bool:
        j = i - 1
        while j >= 0 and doc_space(self.tokens[j]) and "\n" not in self.tokens[j].text:
            j -= 1
        return j < 0 or "\n" in self.tokens[j].text or "\n" in self.tokens[j].whitespace_ or (
            j >= 0 and self.tokens[j].text.endswith("\n"))

    def sentence_start(self, i: int) -> bool:
        """First word of a sentence, after a quote or a dash, or of a line."""
        known = self._starts.get(i)
        if known is None:
            known = self._starts[i] = self._sentence_start(i)
        return known

    def _sentence_start(self, i: int) -> bool:
        j = i - 1
        while j >= 0 and ((self.tokens[j].is_punct and self.tokens[j].text in {"–", "-", "—", "”", '"', "'", "(", "»"})
                          or doc_space(self.tokens[j])):
            if "\n" in self.tokens[j].text:
                return True  # a new line: a heading or a paragraph starts here
            j -= 1
        return (self.tokens[i].is_sent_start or j < 0 or self.tokens[j].text in {".", "!", "?", ":", "...", "…"}
                or "\n" in self.tokens[j].whitespace_ or "\n" in self.tokens[j].text
                or (SECTION_NUMBER.match(self.texts[j]) is not None and self.at_line_start(j)))  # "2.5 Överklagan"

    def finite_verb_at(self, k: int) -> bool:
        """A finite verb (or a past form the lexicon knows, which the tagger misreads) at ``k``."""
        if k >= len(self.tokens):
            return False
        token = self.tokens[k]
        if token.pos_ in ("VERB", "AUX"):
            return "Fin" in token.morph.get("VerbForm") or token.pos_ == "VERB"
        # "ebrahim bytte/NOUN ämne": a past form of a known word, which the tagger took for a noun
        return token.text.islower() and token.lower_.endswith(("ade", "de", "te")) and token.lower_ in self.words

    def finite_verb_after(self, i: int) -> bool:
        """"Dragana ringde", "Kalinda berättade", "Olle är": a finite verb right after."""
        if i + 1 >= len(self.doc):
            return False
        following = self.tokens[i + 1]
        if following.is_space or self.tokens[i].whitespace_ != " ":
            return False  # a line break or a comma, not a clause: "Skyddsbehov\n\nMigrationsöverdomstolen …"
        return self.finite_verb_at(i + 1)


def doc_space(token: Token) -> bool:
    return token.is_space


def _modifier(ctx: _Context, i: int) -> bool:
    """"med gyllene lockar", "med stark inriktning": a word the tagger reads as an adverb, or
    as an adjective before a noun, modifies something; a name does not."""
    token = ctx.tokens[i]
    if token.pos_ in (OPEN_NOT_NAME_POS if _unknown_lower_text(token.text) else NOT_NAME_POS) or token.like_num:
        return True
    following = ctx.tokens[i + 1] if i + 1 < len(ctx.tokens) else None
    return token.pos_ == "ADJ" and following is not None and following.pos_ in ("NOUN", "ADJ", "PROPN")
