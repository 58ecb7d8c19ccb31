"""``word-list``: words and phrases from a list, matched by lemma, with replacements.

Each entry's ``phrase`` is written in dictionary form ("erhålla", "i enlighet med",
"göra * bedömning"). A word matches a token when it equals the token's lower-case form, the
token's lemma, or any form the lexicon lists for it (so "erhöll", "erhållits" match "erhålla"
even when the trained lemmatizer has never seen them). ``*`` skips up to two words. A word with a
capital letter ("SoL") must match the token's text exactly, so "sol" (the sun) never matches.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Token

from klarsprak.analysis.inflection import inflect_like, match_case
from klarsprak.analysis.kinds import Hit, Kind, Resources, register
from klarsprak.analysis.rules import Rule

GAP = "*"
MAX_GAP = 2


@dataclass(frozen=True)
class Word:
    """One position of a phrase: the keys a token may have to match, or a gap."""

    keys: frozenset[str]
    exact: bool = False  # match token.text case-sensitively (acronyms like SoL)
    gap: bool = False

    def matches(self, token: Token) -> bool:
        if self.exact:
            return token.text in self.keys
        return token.lower_ in self.keys or token.lemma_.lower() in self.keys


@dataclass(frozen=True)
class Entry:
    phrase: str
    words: tuple[Word, ...]
    suggestions: tuple[str, ...]
    note: str = ""


def _phrase_words(phrase: str) -> list[str]:
    return phrase.split()


@register
class WordList(Kind):
    """Parameters: ``entries`` (phrase, suggestions, note, and ``exact: true`` to match only the
    words as written, not their inflections) and ``first_only`` (default false)."""

    name = "word-list"

    @classmethod
    def lemmas_needed(cls, rule: Rule) -> set[str]:
        return {
            word.lower()
            for entry in rule.parameters.get("entries", [])
            for word in _phrase_words(str(entry["phrase"]))
            if word != GAP and word.islower() and not entry.get("exact")
        }

    def __init__(self, rule: Rule, resources: Resources) -> None:
        super().__init__(rule, resources)
        self.first_only = bool(self.params.get("first_only", False))
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
        return Entry(
            phrase=str(raw["phrase"]),
            words=tuple(words),
            suggestions=tuple(str(s) for s in raw.get("suggestions") or ()),
            note=str(raw.get("note") or ""),
        )

    def _match_from(self, doc: Doc, i: int, entry: Entry) -> int | None:
        """Return the index after the match, or None."""
        position = i
        words = entry.words
        w = 0
        while w < len(words):
            word = words[w]
            if word.gap:
                following = words[w + 1]
                for skip in range(MAX_GAP + 1):
                    j = position + skip
                    if j >= len(doc) or (skip and (doc[j - 1].is_punct or doc[j - 1].is_space)):
                        return None
                    if following.matches(doc[j]):
                        position = j + 1
                        break
                else:
                    return None
                w += 2
                continue
            if position >= len(doc) or not word.matches(doc[position]):
                return None
            position += 1
            w += 1
        return position

    def find(self, doc: Doc) -> Iterable[Hit]:
        seen: set[str] = set()
        i = 0
        while i < len(doc):
            token = doc[i]
            candidates = self.by_first_text.get(token.text, []) + self.by_first_key.get(token.lower_, [])
            lemma = token.lemma_.lower()
            if lemma != token.lower_:
                candidates += self.by_first_key.get(lemma, [])
            match = None
            for entry in sorted(candidates, key=lambda e: -len(e.words)):
                end = self._match_from(doc, i, entry)
                if end is not None:
                    match = (entry, end)
                    break
            if match is None:
                i += 1
                continue
            entry, end = match
            i = end
            if self.first_only:
                if entry.phrase in seen:
                    continue
                seen.add(entry.phrase)
            yield self._hit(doc, token, entry, end)

    def _hit(self, doc: Doc, token: Token, entry: Entry, end: int) -> Hit:
        span = doc[token.i : end]
        matched = span.text
        suggestions = tuple(
            match_case(inflect_like(s, token, self.resources.paradigms) if len(span) == 1 else s, matched)
            for s in entry.suggestions
        )
        values = {
            "match": matched,
            "phrase": entry.phrase,
            "suggestion": suggestions[0] if suggestions else "",
            "suggestions": " eller ".join(f"”{s}”" for s in suggestions),
            "note": entry.note,
        }
        return Hit(span.start_char, span.end_char, values, suggestions)
