"""Small helpers over spaCy tokens and spans shared by rules and metrics."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

_TABLE_KEY = "klarsprak.token_table"
_SENTENCES_KEY = "klarsprak.sentences"
_TOKENS_KEY = "klarsprak.tokens"
_TEXT_KEY = "klarsprak.text"
LONG_WORD_LETTERS = 6  # LIX: a long word has more than six letters


def has_feature(features: str, name: str, value: str) -> bool:
    """True when a morphology string ("Case=Nom|Tense=Past|VerbForm=Part") gives feature ``name``
    the value ``value`` (also among several: "VerbForm=Part,Sup"), as ``value in morph.get(name)``."""
    for feature in features.split("|"):
        key, _, values = feature.partition("=")
        if key == name:
            return value in values.split(",")
    return False


def is_word(token: Token) -> bool:
    """A token that counts as a word: not punctuation, not space, with a letter or digit."""
    return not token.is_punct and not token.is_space and any(c.isalnum() for c in token.text)


def word_tokens(tokens: Iterable[Token]) -> list[Token]:
    """Tokens that count as words: not punctuation, not space, with a letter or digit."""
    if isinstance(tokens, (Doc, Span)):
        table = token_table(tokens if isinstance(tokens, Doc) else tokens.doc)
        start, end = (0, len(tokens)) if isinstance(tokens, Doc) else (tokens.start, tokens.end)
        doc = tokens if isinstance(tokens, Doc) else tokens.doc
        return [doc[i] for i in range(start, end) if table.word[i]]
    return [t for t in tokens if is_word(t)]


@dataclass(frozen=True)
class TokenTable:
    """The string attributes of every token of a Doc, read once. Creating a spaCy ``Token``
    costs more than a rule's own test, and a dozen rules walk the same Doc: they scan these
    lists and make a ``Token`` only where something may match."""

    text: list[str]
    lower: list[str]
    lemma: list[str]  # lower-cased
    pos: list[str]
    word: list[bool]  # counts as a word (see :func:`is_word`)
    long: list[bool]  # a word of more than six letters (LIX)
    sent_start: list[bool]
    punct_or_space: list[bool]

    sentence_starts: list[int]  # token index of each sentence's first token, in order

    def sentence_bounds(self, i: int) -> tuple[int, int]:
        """Token indices ``(start, end)`` of the sentence that holds token ``i`` (as
        ``token.sent``, without scanning the Doc for every token)."""
        n = bisect_right(self.sentence_starts, i) - 1
        following = n + 1
        end = self.sentence_starts[following] if following < len(self.sentence_starts) else len(self.text)
        return self.sentence_starts[n], end

    def words_between(self, start: int, end: int) -> int:
        """Words among tokens ``start`` … ``end - 1``."""
        return sum(self.word[start:end])

    def long_words_between(self, start: int, end: int) -> int:
        """Long words (LIX) among tokens ``start`` … ``end - 1``."""
        return sum(self.long[start:end])


def doc_tokens(doc: Doc) -> list[Token]:
    """``list(doc)``, made once per Doc and kept in ``doc.user_data``: spaCy builds a new
    ``Token`` on every ``doc[i]`` and every pass over the Doc, and the rules, the metrics and the
    personal-data detector all walk the same Doc."""
    tokens = doc.user_data.get(_TOKENS_KEY)
    if tokens is None:
        tokens = doc.user_data[_TOKENS_KEY] = list(doc)
    return tokens


def remember_text(doc: Doc, text: str) -> None:
    """Keep the text a Doc was made from (equal to ``doc.text``, which builds every token again)."""
    doc.user_data[_TEXT_KEY] = text


def doc_text(doc: Doc) -> str:
    """``doc.text``, from :func:`remember_text` when the maker of the Doc kept it."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = "".join(t.text_with_ws for t in doc_tokens(doc))
    return text


def cached_token_table(doc: Doc) -> TokenTable | None:
    """The :class:`TokenTable` of ``doc`` if something has built it already, else None."""
    return doc.user_data.get(_TABLE_KEY)


def token_table(doc: Doc) -> TokenTable:
    """The :class:`TokenTable` of ``doc``, built on first use and kept in ``doc.user_data``."""
    table = doc.user_data.get(_TABLE_KEY)
    if table is None:
        text, lower, lemma, pos, word, long, sent_start, punct_or_space = [], [], [], [], [], [], [], []
        for token in doc_tokens(doc):
            text.append(token.text)
            lower.append(token.lower_)
            lemma.append(token.lemma_.lower())
            pos.append(token.pos_)
            is_a_word = is_word(token)
            word.append(is_a_word)
            long.append(is_a_word and sum(1 for c in token.text if c.isalpha()) > LONG_WORD_LETTERS)
            sent_start.append(bool(token.is_sent_start))
            punct_or_space.append(token.is_punct or token.is_space)
        starts = [i for i, first in enumerate(sent_start) if first or i == 0]
        table = TokenTable(text, lower, lemma, pos, word, long, sent_start, punct_or_space, starts)
        doc.user_data[_TABLE_KEY] = table
    return table


def sentences(doc: Doc) -> list[Span]:
    """The sentences of ``doc`` (as ``doc.sents``), made once per Doc."""
    cached = doc.user_data.get(_SENTENCES_KEY)
    if cached is None:
        starts = token_table(doc).sentence_starts
        ends = [*starts[1:], len(doc)]
        cached = doc.user_data[_SENTENCES_KEY] = [doc[s:e] for s, e in zip(starts, ends, strict=True)]
    return cached


def sentence_of(token: Token) -> Span:
    """The sentence that holds ``token`` (as ``token.sent``, but found by bisection)."""
    start, end = token_table(token.doc).sentence_bounds(token.i)
    return token.doc[start:end]


def trimmed_span(span: Span) -> tuple[int, int]:
    """Character span of ``span`` without leading or trailing white-space tokens."""
    tokens = [t for t in span if not t.is_space]
    if not tokens:
        return span.start_char, span.start_char
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
