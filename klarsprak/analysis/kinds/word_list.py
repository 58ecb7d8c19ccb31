"""``word-list``: words and phrases from a list, matched by lemma, with replacements.

Each entry's ``phrase`` is written in dictionary form ("erhålla", "i enlighet med",
"göra * bedömning"). A word matches a token when it equals the token's lower-case form, the
token's lemma, or any form the lexicon lists for it (so "erhöll", "erhållits" match "erhålla"
even when the trained lemmatizer has never seen them). ``*`` skips up to two words. A word with a
capital letter ("SoL") must match the token's text exactly, so "sol" (the sun) never matches.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Literal

from pydantic import Field
from spacy.tokens import Doc, Token

from klarsprak.analysis.audience import addresses_reader, is_personal
from klarsprak.analysis.inflection import (
    DEMONSTRATIVES,
    OBJECT_FORMS,
    POSSESSIVE_FORMS,
    inflect_like,
    inflect_modifier,
    match_case,
    noun_agreement,
    passive_of,
    pronoun_case,
    verb_slot,
)
from klarsprak.analysis.kinds import Hit, Kind, Resources, register
from klarsprak.analysis.lexicon import verb_forms
from klarsprak.analysis.rules import Rule
from klarsprak.analysis.schema import POS_TAGS, Schema
from klarsprak.analysis.spans import TokenTable, sentence_of, token_table

# The subject forms of the personal pronouns, and "man": a subject put after its verb.
SUBJECT_PRONOUNS = frozenset({"jag", "du", "han", "hon", "vi", "ni", "de", "man", "hen"})
GAP = "*"
MAX_GAP = 2
QUOTES = ("”", '"', "“")
STATUTE_NUMBER = re.compile(r"^\(?\d{4}:\d+\)?$")  # "(1994:137)" in "lagen (1994:137) om ..."
DESIGNATION = re.compile(r"^\d+[-:/]\d+")  # "1234-12", "2011:1244" in "mål nr 1234-12"
MAX_TITLE = 15  # words between a statute number and an abbreviation still in the law's name
HEADING_WORDS = 8
# "X är …", "X innebär …": the sentence that introduces a term says what it is.
EXPLAINING_VERBS = frozenset({"är", "innebär", "betyder", "kallas"})
EXPLAINING_PHRASES = ("det vill säga", "dvs", "alltså", "som betyder", "som innebär")


@dataclass(frozen=True)
class Word:
    """One position of a phrase: the keys a token may have to match, or a gap."""

    keys: frozenset[str]
    exact: bool = False  # match token.text case-sensitively (acronyms like SoL)
    gap: bool = False

    def matches(self, table: TokenTable, i: int) -> bool:
        """Whether token ``i`` of the Doc that ``table`` describes is this word."""
        if self.exact:
            return table.text[i] in self.keys
        return table.lower[i] in self.keys or table.lemma[i] in self.keys


@dataclass(frozen=True)
class Entry:
    phrase: str
    words: tuple[Word, ...]
    suggestions: tuple[str, ...]
    note: str = ""
    audience: str = ""  # "reader": only for texts that address their reader, else a tip
    preposition: bool = False  # "avseende", "gällande" used for "om": not the noun or participle
    absorbs: frozenset[str] = frozenset()  # prepositions the suggestion replaces ("ta kontakt med")
    level: str = ""  # "tips": this entry's findings are shown only on request
    not_after: frozenset[str] = frozenset()  # verbs whose particle the words are ("sätta i fråga")
    pick_sense: bool = False  # the suggestions are different senses: the writer picks one (advice)
    gap_pos: frozenset[str] | None = None  # the word classes this entry's * may skip (else the rule's)
    indefinite: bool = False  # the noun at the end must be indefinite ("lämna ett förslag", not "förslaget")
    not_in_question: bool = False  # "Vad gäller om du flyttar?" asks; "Vad gäller hyran, …" is "när det gäller"
    not_before: frozenset[str] = frozenset()  # words after which the phrase is another ("vad gäller för dig")


def _explains_in_brackets(matched: str, suggestion: str) -> bool:
    """The suggestion keeps the word and explains it in brackets: "avslag (att du inte får …)"."""
    return suggestion.lower().startswith(matched.lower() + " (")


def _phrase_words(phrase: str) -> list[str]:
    return phrase.split()


class EntryFields(Schema):
    """One entry of a word list."""

    phrase: str
    suggestions: list[str] = Field(default_factory=list)
    note: str = ""
    exact: bool = False
    audience: Literal["reader"] | None = None
    preposition: bool = False
    absorbs: list[str] = Field(default_factory=list)
    level: Literal["default", "tips"] | None = None
    not_after: list[str] = Field(default_factory=list)
    pick_sense: bool = False
    gap_pos: list[POS_TAGS] | None = None
    indefinite: bool = False
    not_in_question: bool = False
    not_before: list[str] = Field(default_factory=list)


class WordListParameters(Schema):
    entries: list[EntryFields] = Field(min_length=1)
    terms: list[str] = Field(default_factory=list)
    first_only: bool = False
    gap_pos: list[POS_TAGS] = Field(default_factory=list)
    skip_names: bool = False
    skip_explained: bool = False
    audience: Literal["reader"] | None = None


@register
class WordList(Kind):
    """Parameters: ``entries`` (phrase, suggestions, note, and ``exact: true`` to match only the
    words as written, not their inflections; ``absorbs``: prepositions after the phrase that the
    suggestion replaces; ``level: tips``), ``first_only`` (default false), ``gap_pos`` (the word
    classes a ``*`` may skip, e.g. ``[DET]``: "göra en bedömning" but not "göra svåra
    bedömningar"; nor an auxiliary, so "lämnas ska ansökan" never matches across two clauses) and
    ``skip_names`` (an abbreviation inside a quoted title, a
    law's name or a case number cannot be changed by the writer)."""

    name = "word-list"
    Parameters = WordListParameters
    placeholders = frozenset({"phrase", "suggestion", "suggestions", "note"})

    @classmethod
    def lemmas_needed(cls, rule: Rule) -> set[str]:
        phrases = [str(entry["phrase"]) for entry in rule.parameters.get("entries", []) if not entry.get("exact")]
        phrases += [str(term) for term in rule.parameters.get("terms") or ()]
        return {word.lower() for phrase in phrases for word in _phrase_words(phrase) if word != GAP and word.islower()}

    @classmethod
    def suggested_words(cls, rule: Rule) -> set[str]:
        return super().suggested_words(rule) | {
            str(s).split(" ", 1)[0].lower()
            for entry in rule.parameters.get("entries", [])
            for s in entry.get("suggestions") or ()
            if str(s)
        }

    def __init__(self, rule: Rule, resources: Resources) -> None:
        super().__init__(rule, resources)
        self.first_only = bool(self.params.get("first_only", False))
        self.gap_pos = frozenset(str(p) for p in self.params.get("gap_pos") or ())
        self.skip_names = bool(self.params.get("skip_names", False))
        self.skip_explained = bool(self.params.get("skip_explained", False))
        self.entries: list[Entry] = []
        self.by_first_key: dict[str, list[Entry]] = defaultdict(list)
        self.by_first_text: dict[str, list[Entry]] = defaultdict(list)
        for raw in self.params.get("entries", []):
            entry = self._compile(raw)
            self.entries.append(entry)
            first = entry.words[0]
            index = self.by_first_text if first.exact else self.by_first_key
            for key in first.keys:
                index[key].append(entry)
        # Statutory terms of art ("synnerligen ömmande omständigheter"): a stiff word inside one
        # is the law's wording, which the writer explains rather than replaces.
        self.terms = [self._compile({"phrase": term}) for term in self.params.get("terms") or ()]
        # Prefer the longest phrase when several start at the same token.
        for index in (self.by_first_key, self.by_first_text):
            for entries in index.values():
                entries.sort(key=lambda e: -len(e.words))

    def _compile(self, raw: dict) -> Entry:
        words = []
        only_as_written = bool(raw.get("exact", False))  # "undertecknad" must not match "undertecknat"
        for word in _phrase_words(str(raw["phrase"])):
            if word == GAP:
                words.append(Word(frozenset(), gap=True))
            elif not word.islower():
                words.append(Word(frozenset({word}), exact=True))
            elif only_as_written:
                words.append(Word(frozenset({word}), exact=False))
            else:
                lemma = word.lower()
                words.append(Word(self.resources.forms.get(lemma, frozenset({lemma}))))
        if not words or words[0].gap or words[-1].gap:
            raise ValueError(f"{self.rule.id}: frasen ”{raw['phrase']}” får inte börja eller sluta med *")
        audience = str(raw.get("audience") or "")
        if audience not in ("", "reader"):
            raise ValueError(f"{self.rule.id}: ”{raw['phrase']}”: audience ska vara ”reader”")
        return Entry(
            phrase=str(raw["phrase"]),
            words=tuple(words),
            suggestions=tuple(str(s) for s in raw.get("suggestions") or ()),
            note=str(raw.get("note") or ""),
            audience=audience,
            preposition=bool(raw.get("preposition", False)),
            absorbs=frozenset(str(w).lower() for w in raw.get("absorbs") or ()),
            level=self._level(raw),
            not_after=frozenset(str(w).lower() for w in raw.get("not_after") or ()),
            pick_sense=bool(raw.get("pick_sense", False)),
            gap_pos=None if raw.get("gap_pos") is None else frozenset(str(p) for p in raw["gap_pos"]),
            indefinite=bool(raw.get("indefinite", False)),
            not_in_question=bool(raw.get("not_in_question", False)),
            not_before=frozenset(str(w).lower() for w in raw.get("not_before") or ()),
        )

    def _level(self, raw: dict) -> str:
        level = str(raw.get("level") or "")
        if level not in ("", "default", "tips"):
            raise ValueError(f"{self.rule.id}: ”{raw['phrase']}”: level ska vara ”default” eller ”tips”")
        return "" if level == "default" else level

    def _match_from(self, doc: Doc, i: int, entry: Entry) -> int | None:
        """Return the index after the match, or None."""
        table = token_table(doc)
        position = i
        words = entry.words
        gap_pos = self.gap_pos if entry.gap_pos is None else entry.gap_pos
        w = 0
        while w < len(words):
            word = words[w]
            if word.gap:
                following = words[w + 1]
                # A gap limited to articles, adjectives and adverbs may be one word longer ("görs
                # även en ekonomisk beräkning"): such words stay inside one phrase.
                longest = MAX_GAP + 1 if gap_pos and not gap_pos - {"DET", "ADJ", "ADV", "NUM"} else MAX_GAP
                found = self._gap_end(doc, table, i, w, position, following, gap_pos, longest)
                if found is None and w == 1 and "AUX" in gap_pos and table.pos[i] == "NOUN":
                    # The noun first, then its complement, then the verb: "beslut om bistånd kan
                    # fattas", "utredning eller prövning har gjorts".
                    after = _noun_complement_end(table, position)
                    if after is not None:
                        found = self._gap_end(doc, table, i, w, after, following, gap_pos, longest)
                    # Only the passive makes the noun the verb's object ("Kontakten med skolan
                    # tog lång tid" is another verb "ta").
                    if found is not None and not table.lower[found - 1].endswith("s"):
                        found = None
                if found is None:
                    return None
                position = found
                w += 2
                continue
            if position >= len(doc) or not word.matches(table, position):
                return None
            position += 1
            w += 1
        if entry.absorbs and position < len(doc) and table.lower[position] in entry.absorbs:
            position += 1  # "ta kontakt med" -> "kontakta": the preposition goes too
        return position

    def _gap_end(self, doc: Doc, table: TokenTable, i: int, w: int, position: int, following: Word,
                 gap_pos: frozenset[str], longest: int) -> int | None:
        """The index after the word that follows a gap starting at ``position``, or None."""
        for skip in range(longest + 1):
            j = position + skip
            if j >= len(doc) or (skip and table.punct_or_space[j - 1]):
                return None
            if (skip and gap_pos and table.pos[j - 1] not in gap_pos
                    and not (w == 1 and skip == 1 and self._inverted_subject(doc, i, j - 1))):
                return None  # "fatta svåra beslut" ("besluta" would lose "svåra"), "lämnas ska ansökan"
            if following.matches(table, j):
                return j + 1
        return None

    @staticmethod
    def _inverted_subject(doc: Doc, verb: int, i: int) -> bool:
        """True when token ``i``, right after the finite verb ``verb``, is the clause's subject put
        after the verb by a fronted phrase ("Sedan gör handläggaren en utredning", "i dag gör vi
        en bedömning", "tar hon kontakt med"): a subject pronoun or a definite noun."""
        if i + 1 >= len(doc) or "Fin" not in doc[verb].morph.get("VerbForm"):
            return False
        token = doc[i]
        if token.pos_ == "PRON":
            return token.lower_ in SUBJECT_PRONOUNS
        return token.pos_ in ("NOUN", "PROPN") and "Def" in token.morph.get("Definite")

    def find(self, doc: Doc) -> Iterable[Hit]:
        seen: set[str] = set()
        table = token_table(doc)
        by_text, by_key = self.by_first_text, self.by_first_key
        i = 0
        while i < len(doc):
            lower, lemma = table.lower[i], table.lemma[i]
            # Most tokens start no entry: test the strings before making a Token.
            if not (table.text[i] in by_text or lower in by_key or lemma in by_key):
                i += 1
                continue
            token = doc[i]
            candidates = by_text.get(token.text, []) + by_key.get(lower, [])
            if lemma != lower:
                candidates += by_key.get(lemma, [])
            match = None
            for entry in sorted(candidates, key=lambda e: -len(e.words)):
                end = self._match_from(doc, i, entry)
                if (end is not None and not self._other_word(doc, token, entry, end)
                    and not (self.skip_names and self._in_name(doc, token))):
                    match = (entry, end)
                    break
            if match is None:
                i += 1
                continue
            entry, end = match
            i = end
            if self.skip_explained:
                if self._in_heading(doc, token):
                    continue  # a heading names the topic the text goes on to explain
                if self._explained(doc, token, entry, end):
                    seen.add(entry.phrase)  # explained here: later uses need nothing
                    continue
            if self.first_only:
                if entry.phrase in seen:
                    continue
                seen.add(entry.phrase)
            yield self._hit(doc, token, entry, end)

    @staticmethod
    def _other_word(doc: Doc, token: Token, entry: Entry, end: int) -> bool:
        """True when the matched words are another word that looks the same:

        * a present participle before its noun ("verkställande direktör", "mottagande
          organisation") matched by a verb entry (verkställa): an adjective or a title;
        * a preposition entry (avseende, gällande) used as a noun ("i vissa avseenden", "i detta
          avseende"), as a participle before a noun ("gällande regler") or in "göra gällande"."""
        following = doc[end] if end < len(doc) else None
        previous = doc[token.i - 1] if token.i else None
        lower = token.lower_
        if entry.not_after and previous is not None and (previous.lemma_.lower() in entry.not_after
                                                         or _verb_lemma(previous.lower_) in entry.not_after):
            return True  # "sättas i fråga om": the particle phrase of "sätta i fråga", not "i fråga om"
        if token.pos_ == "NOUN" and any(word.gap for word in entry.words):
            # A light verb with its noun first ("bedömning har gjorts") needs the noun as the
            # verb's subject or object; in a prepositional phrase ("i utredningen görs en
            # beräkning", "i samband med utredningen görs") the verb belongs to another noun.
            start = sentence_of(token).start
            j = token.i - 1
            while j >= start and doc[j].pos_ in ("DET", "ADJ", "NUM"):
                j -= 1
            if j >= start and doc[j].pos_ == "ADP":
                return True
        if entry.not_before and following is not None and following.lower_ in entry.not_before:
            return True  # "frågade vad gäller för honom": what applies to him, an indirect question
        if entry.not_in_question and sentence_of(token).text.rstrip().endswith("?"):
            return True  # "Vad gäller om du flyttar?": the question what applies, not "när det gäller"
        if entry.indefinite and end - 1 > token.i and "Def" in doc[end - 1].morph.get("Definite"):
            return True  # "lämnade förslagen utan erinran": handing over the thing, not proposing
        participle = end - token.i == 1 and lower.endswith(("ande", "ende"))
        if (participle and not entry.phrase.endswith(("ande", "ende")) and following is not None
                and following.pos_ in ("NOUN", "ADJ") and following.is_alpha):
            return True
        if entry.preposition:
            if lower != entry.phrase.split()[0]:
                return True  # an inflected form ("avseenden") is the noun
            # "i detta avseende", "i tre avseenden": the noun. A year in digits before it ends a
            # date ("beslutet den 3 maj 2009 gällande …"), after which the word is the preposition.
            counted = previous is not None and previous.pos_ == "NUM" and not previous.is_digit
            if previous is not None and (previous.pos_ in ("DET", "ADJ") or counted or previous.lower_ == "i"
                                         or previous.lemma_.lower() == "göra"):
                return True
            if (following is not None and following.pos_ == "NOUN" and lower.endswith("ande")
                    and (previous is None or previous.pos_ not in ("NOUN", "PROPN", "NUM"))):
                # "gällande regler": a participle before its noun. After a noun or a date
                # ("beslut gällande hemtjänst", "den 30 januari 2009 gällande tiden") it is the preposition.
                return True
        return False

    @staticmethod
    def _in_name(doc: Doc, token: Token) -> bool:
        """True when the word is part of a name the writer cannot change: inside quotation marks
        ("”Yrkanden m.m.”"), inside a law's name after its number ("lagen (1994:137) om
        mottagande av asylsökande m.fl.") or in a designation between a noun and a number ("mål
        nr 1234-12")."""
        sentence = sentence_of(token)
        before = doc.text[sentence.start_char : token.idx]
        if sum(before.count(q) for q in QUOTES) % 2 == 1 or before.count("«") > before.count("»"):
            return True
        following = doc[token.i + 1] if token.i + 1 < len(doc) else None
        previous = doc[token.i - 1] if token.i > sentence.start else None
        if (previous is not None and following is not None and previous.pos_ in ("NOUN", "PROPN")
                and DESIGNATION.match(following.text)):
            return True
        for back in range(token.i - 1, max(sentence.start, token.i - MAX_TITLE) - 1, -1):
            word = doc[back]
            if STATUTE_NUMBER.match(word.text):
                return True
            if word.is_punct and word.text not in "()-–":
                return False
        return False

    @staticmethod
    def _in_heading(doc: Doc, token: Token) -> bool:
        """A heading: a short line of its own with no verb and no end punctuation ("Mer om
        försörjningsstöd", "Avslag och överklagande")."""
        sentence = sentence_of(token)
        words = [t for t in sentence if not t.is_space]
        if not words or len(words) > HEADING_WORDS or words[-1].text in ".!?":
            return False
        after = doc.text[words[-1].idx + len(words[-1].text) : words[-1].idx + len(words[-1].text) + 2]
        return (not after.strip(" \t") or after.lstrip(" \t").startswith("\n")) and not any(
            t.pos_ in ("VERB", "AUX") for t in words)

    def _explained(self, doc: Doc, token: Token, entry: Entry, end: int) -> bool:
        """The term is explained where it stands: "X (…)", "X, det vill säga …", "X är …",
        "X innebär …"; it is itself the short form in brackets or apposition after the full name
        ("Socialtjänstlagen (SoL)", "förvaltningslagen, FL,"); or the next sentence explains it
        ("Skälig levnadsnivå innebär …")."""
        table = token_table(doc)
        n = len(doc)
        following = table.lower[end] if end < n else ""
        if following == "(" or following in EXPLAINING_VERBS:
            return True
        if following == "," and " ".join(table.lower[end + 1 : end + 4]).startswith(EXPLAINING_PHRASES):
            return True
        before = token.i - 1
        if before >= 1 and table.lower[before] == "(" and following == ")" and not table.punct_or_space[before - 1]:
            return True  # "lagen om stöd och service till vissa funktionshindrade (LSS)"
        if (before >= 1 and table.lower[before] == "," and following in (",", ".")
                and table.pos[before - 1] in ("NOUN", "PROPN")):
            return True  # "förvaltningslagen, FL, …"
        _start, sentence_end = table.sentence_bounds(token.i)
        j = sentence_end
        while j < n and table.punct_or_space[j]:
            j += 1
        if j < n and entry.words[0].matches(table, j):
            after = self._match_from(doc, j, entry)
            return after is not None and after < n and table.lower[after] in EXPLAINING_VERBS
        return False

    def _in_term(self, doc: Doc, start: int, end: int) -> bool:
        """Whether tokens ``start:end`` lie inside one of the rule's terms of art."""
        table = token_table(doc)
        for term in self.terms:
            for offset, word in enumerate(term.words):
                first = start - offset
                if first < 0 or not word.matches(table, start):
                    continue
                stop = self._match_from(doc, first, term)
                if stop is not None and stop >= end:
                    return True
        return False

    def _hit(self, doc: Doc, token: Token, entry: Entry, end: int) -> Hit:
        span = doc[token.i : end]
        matched = span.text
        # A phrase is inflected like its first word when that is a verb ("gjort en bedömning" ->
        # "bedömt", "är i behov av" -> "behöver"), as a single word is.
        gapped = any(word.gap for word in entry.words)
        fitted = [self._fit_to_place(doc, token, span, entry, s) for s in entry.suggestions]
        suggestions = tuple(match_case(self._keep_word(s, entry, matched), matched) for s, _sure in fitted)
        level = entry.level or None
        # A word with several senses ("tillgodose": möta behov, uppfylla krav) has a replacement
        # per sense; which one fits needs the writer, so none is put in with one click.
        advice_only = level == "tips" or entry.pick_sense or (bool(fitted) and not fitted[0][1])
        if gapped and (any(t.pos_ in ("ADJ", "NUM", "ADV") for t in span[1:])
                       or any(t.pos_ == "ADP" or t.lower_ in ("/", "och", "eller") for t in span[1:-1])
                       or (end - token.i > 2 and self._inverted_subject(doc, token.i, token.i + 1))):
            # "göra en korrekt bedömning", "görs därefter en planering": the single verb would
            # drop the adjective or adverb; the writer turns it round ("bedöma korrekt"). A
            # subject after the verb ("gör handläggaren en utredning") would be lost the same way.
            advice_only = True
        if self.terms and self._in_term(doc, token.i, end):
            # The law's own term: replacing the word changes the legal test ("synnerligen ömmande
            # omständigheter" is not "mycket ömmande"). A tip, and the suggestion is advice.
            level, advice_only = "tips", True
        if not addresses_reader(doc):
            if entry.audience == "reader" or self.params.get("audience") == "reader":
                # A term of art, or advice that only fits a letter to a person: a tip, and its
                # suggestion is advice, not a replacement.
                level, advice_only = "tips", True
            elif any(is_personal(s) for s in suggestions):
                # "hur vi arbetar med ditt ärende" does not fit a text that addresses nobody.
                neutral = tuple(s for s in suggestions if not is_personal(s))
                if neutral:
                    suggestions = neutral
                else:
                    level, advice_only = "tips", True
        if suggestions and self._splits_phrase(doc, end, matched, suggestions[0]):
            advice_only = True
        if (suggestions and _explains_in_brackets(matched, suggestions[0]) and token.i
                and doc[token.i - 1].pos_ == "ADJ"):
            # "ekonomiskt bistånd (hjälp från kommunen)": the bracket explains the bare noun, not
            # the term the adjective makes of it; the writer explains the whole term.
            advice_only = True
        if gapped and end < len(doc) and doc[end].lower_ == "som":
            # "gör en beräkning som grundar sig på …": the relative clause belongs to the noun, and
            # the single verb ("beräknar") leaves it with nothing to hang on.
            advice_only = True
        one_click = bool(suggestions) and not advice_only and (
            self._phrase_fits(token, suggestions[0]) if gapped else self._fits(token, span, suggestions[0]))
        values = {
            "match": matched,
            "phrase": entry.phrase,
            "suggestion": suggestions[0] if suggestions else "",
            "suggestions": " eller ".join(f"”{s}”" for s in suggestions),
            "note": entry.note,
        }
        return Hit(span.start_char, span.end_char, values, suggestions, level=level, one_click=one_click)

    @staticmethod
    def _splits_phrase(doc: Doc, end: int, matched: str, suggestion: str) -> bool:
        """True when the suggestion keeps the word and adds an explanation in brackets ("avslag
        (att du inte får …)") but the phrase goes on after the word: a complement ("får avslag på
        din ansökan", "bistånd för ditt boende") or a participle ("beslut om avslag hemskickat")
        would be cut off from it by the bracket, so the writer places the explanation."""
        if not _explains_in_brackets(matched, suggestion) or end >= len(doc):
            return False
        following = doc[end]
        if following.is_punct or following.is_space:
            return False
        if following.lower_ == "som":
            return True  # "den riksnorm (…) som Socialstyrelsen ger ut": the relative clause is cut off
        if following.pos_ == "VERB":  # a participle belongs to the phrase; a finite verb starts the predicate
            return "Fin" not in following.morph.get("VerbForm")
        return following.pos_ in ("ADP", "NOUN", "PROPN", "ADJ", "NUM")

    def _fit_to_place(self, doc: Doc, token: Token, span, entry: Entry, suggestion: str) -> tuple[str, bool]:
        """The suggestion inflected for the place of ``span``, and whether the form is sure
        (False: it stays advice). Verbs take the tense of the first matched word; pronouns their
        case ("för dig", "kontakta mig", "din ansökan" for "sökandens ansökan"); demonstratives and
        adjectives agree with the noun after them ("denna bild", "så kallade räntesnurror")."""
        lemma = entry.phrase.split(" ", 1)[0].lower()
        suggestion = inflect_like(suggestion, token, self.resources.paradigms, lemma)
        words = suggestion.split(" ")
        following = doc[span.end] if span.end < len(doc) else None
        previous = doc[span.start - 1] if span.start > sentence_of(token).start else None
        lower = words[-1].lower()
        if len(words) == 1 and lower in OBJECT_FORMS:
            if token.lower_.endswith("s") and not entry.phrase.endswith("s"):  # "sökandens ansökan"
                agreement = noun_agreement(following)
                if agreement is None:
                    return suggestion, False
                return POSSESSIVE_FORMS[lower][("com", "neut", "def-pl").index(agreement)], True
            form = pronoun_case(suggestion, previous, verb_forms().verbs)
            return (suggestion, False) if form is None else (form, True)
        noun = following
        while noun is not None and noun.pos_ in ("ADJ", "ADV") and noun.i + 1 < len(doc):
            noun = doc[noun.i + 1]  # "så kallad svår räntesnurra": the noun decides
        agreement = noun_agreement(noun, previous if previous is not None and previous.pos_ == "DET" else None)
        if agreement is not None and (lower in DEMONSTRATIVES or token.pos_ in ("ADJ", "DET") or not token.is_alpha):
            form = inflect_modifier(lower, agreement)
            if form is None:
                return suggestion, agreement == "com"
            return " ".join([*words[:-1], form]), True
        return suggestion, True

    @staticmethod
    def _keep_word(suggestion: str, entry: Entry, matched: str) -> str:
        """An explanation in brackets keeps the word as written: "socialnämnd (de politiker …)"
        after "Socialnämnden" becomes "Socialnämnden (de politiker …)"."""
        head, sep, rest = suggestion.partition(" (")
        if sep and head.lower() == entry.phrase.lower():
            return f"{matched} ({rest}"
        return suggestion

    def _phrase_fits(self, token: Token, suggestion: str) -> bool:
        """A phrase ("gjort en bedömning") can be replaced with one click only when it starts with
        an active verb and the suggestion could be inflected like it ("bedömt"). A passive ("ställs
        krav") or a phrase that starts with a noun ("utbetalning sker") needs a subject the
        suggestion does not have: advice only."""
        if token.pos_ not in ("VERB", "AUX") or "Pass" in token.morph.get("Voice") or token.lower_.endswith("s"):
            return False
        slot = verb_slot(token)
        if slot is None:
            return False
        if slot == "inf":
            return True
        first = suggestion.split(" ", 1)[0].lower()
        return any(paradigm.get(slot) == first for paradigm in self.resources.paradigms.values())

    def _fits(self, token: Token, span, suggestion: str) -> bool:
        """False when the first suggestion cannot be put in with one click: a verb in the matched
        words ("har även begärt", "erhållna") whose replacement could not be given the same form
        would stay in the dictionary form ("har även begära"). The suggestion then stays advice."""
        first = suggestion.split(" ", 1)[0].lower()
        if token.pos_ in ("NOUN", "PROPN"):
            # A verb for a noun ("ett beslut om bifall" -> "om godkänna"): the tagger may read
            # the new words as a noun again, so the check after the swap would not see it.
            return first not in verb_forms().verbs or first == token.lower_
        if token.pos_ not in ("VERB", "AUX"):
            return True
        paradigms = self.resources.paradigms
        slot = verb_slot(token)
        if slot is None:
            return first not in paradigms  # a participle ("inkomna") cannot become "komma in"
        if slot == "inf":
            return True
        # The suggestion has been inflected when its first word is that slot of a paradigm
        # ("fått" for "erhållit"), active or passive; otherwise it stayed in the dictionary form.
        return any(first in (paradigm[slot], passive_of(paradigm, slot))
                   for paradigm in paradigms.values() if slot in paradigm)


NOUN_PHRASE_POS = frozenset({"DET", "ADJ", "NOUN", "PROPN", "NUM", "PRON"})  # PRON: "hennes", "ditt"
COMPLEMENT_PREPOSITIONS = frozenset({"om", "av", "till", "för", "på", "med"})


def _noun_complement_end(table: TokenTable, position: int) -> int | None:
    """Where a noun's complement that starts at ``position`` ends: a second noun joined by "/",
    "och" or "eller" ("utredning / behovsprövning"), or a preposition and a short noun phrase
    ("om ekonomiskt bistånd"); None when there is none."""
    n = len(table.text)
    j = position
    while j < n and table.text[j].isspace():
        j += 1
    if j >= n:
        return None
    if table.lower[j] in ("/", "och", "eller"):
        k = j + 1
        while k < n and table.text[k].isspace():
            k += 1
        return k + 1 if k < n and table.pos[k] == "NOUN" else None
    if table.lower[j] not in COMPLEMENT_PREPOSITIONS:
        return None
    k = j + 1
    while k < n and k - j <= 3 and table.pos[k] in NOUN_PHRASE_POS:
        k += 1
    return k if k > j + 1 and table.pos[k - 1] in ("NOUN", "PROPN") else None


def _verb_lemma(lower: str) -> str:
    """An s-passive infinitive without its -s ("sättas" -> "sätta"), for when the tagger's lemma
    keeps it."""
    return lower[:-1] if lower.endswith("as") else lower
