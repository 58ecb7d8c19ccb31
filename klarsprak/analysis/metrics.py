"""Readability metrics: LIX, OVIX, nominal ratio, passive share and more.

LIX follows Björnsson (1968): LIX = O/M + 100·L/O, where O is words, M sentences and L words
with more than six letters. We compute it on the pipeline's own tokens and sentences; textstat's
``lix`` splits sentences at every full stop (so "t.ex." ends a sentence) and drops sentences of
two words or fewer, so it drifts from the definition on real letters. The test suite checks
that both agree where textstat's assumptions hold.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator

from spacy.attrs import MORPH
from spacy.tokens import Doc, Span

from klarsprak.analysis.findings import Metrics
from klarsprak.analysis.passive import find_passives
from klarsprak.analysis.spans import LONG_WORD_LETTERS, has_feature, sentences, token_table

LIX_BANDS: tuple[tuple[float, str], ...] = (
    (30, "mycket lätt"),
    (40, "lätt"),
    (50, "medelsvår"),
    (60, "svår"),
    (math.inf, "mycket svår"),
)
PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")


def lix_band(value: float) -> str:
    """Björnsson's band for a LIX value: under 30 'mycket lätt' … over 60 'mycket svår'."""
    for upper, name in LIX_BANDS:
        if value < upper:
            return name
    return LIX_BANDS[-1][1]


def is_long(word: str) -> bool:
    """A long word in LIX's sense: more than six letters."""
    return sum(1 for c in word if c.isalpha()) > LONG_WORD_LETTERS


def lix_from_counts(words: int, sentences: int, long_words: int) -> float:
    """LIX = O/M + 100·L/O (0 for an empty text)."""
    if not words or not sentences:
        return 0.0
    return words / sentences + 100 * long_words / words


def lix_of(span: Span) -> tuple[float, int]:
    """LIX of a span and its number of words."""
    table = token_table(span.doc)
    words = table.words_between(span.start, span.end)
    return lix_from_counts(words, count_sentences(span), table.long_words_between(span.start, span.end)), words


def count_sentences(span: Span) -> int:
    """Sentences with at least one word in ``span``, in one pass over its tokens."""
    table = token_table(span.doc)
    count = 0
    open_sentence_has_word = False
    for i in range(span.start, span.end):
        if i == span.start or table.sent_start[i]:
            count += open_sentence_has_word
            open_sentence_has_word = False
        if table.word[i]:
            open_sentence_has_word = True
    return count + open_sentence_has_word


def ovix(tokens: int, types: int) -> float:
    """OVIX = log(O) / log(2 − log(T) / log(O)); 0 where undefined (every word unique)."""
    if tokens < 2 or types < 1:
        return 0.0
    ratio = math.log(types) / math.log(tokens)
    denominator = math.log(2 - ratio)
    return math.log(tokens) / denominator if denominator > 0 else 0.0


def paragraphs(doc: Doc) -> Iterator[Span]:
    """Paragraphs of the text (blank-line separated) as spans."""
    start = 0
    text = doc.text
    for match in PARAGRAPH_BREAK.finditer(text):
        span = doc.char_span(start, match.start(), alignment_mode="expand")
        if span is not None and span.text.strip():
            yield span
        start = match.end()
    span = doc.char_span(start, len(text), alignment_mode="expand")
    if span is not None and span.text.strip():
        yield span


def nominal_ratio(doc: Doc) -> float:
    """(nouns + prepositions + participles) / (pronouns + adverbs + verbs)."""
    nominal = verbal = 0
    participle: dict[int, bool] = {}  # per morphology hash: does it say VerbForm=Part?
    for pos, morph in zip(token_table(doc).pos, doc.to_array([MORPH]).tolist(), strict=True):
        if morph not in participle:
            participle[morph] = bool(morph) and has_feature(doc.vocab.strings[morph], "VerbForm", "Part")
        if participle[morph] or pos in ("NOUN", "PROPN", "ADP"):
            nominal += 1
        elif pos in ("PRON", "ADV", "VERB", "AUX"):
            verbal += 1
    return nominal / verbal if verbal else 0.0


def compute_metrics(doc: Doc) -> Metrics:
    """All metrics of a parsed text."""
    table = token_table(doc)
    with_words = [s for s in sentences(doc) if table.words_between(s.start, s.end)]
    passive_sentences = {table.sentence_bounds(p.start)[0] for p in find_passives(doc)}
    n_words, n_sents = table.words_between(0, len(doc)), len(with_words)
    long_words = table.long_words_between(0, len(doc))
    distinct = {lower for lower, word in zip(table.lower, table.word, strict=True) if word}
    return Metrics(
        words=n_words,
        sentences=n_sents,
        avg_sentence_length=n_words / n_sents if n_sents else 0.0,
        lix=lix_from_counts(n_words, n_sents, long_words),
        ovix=ovix(n_words, len(distinct)),
        nominal_ratio=nominal_ratio(doc),
        passive_share=len(passive_sentences) / n_sents if n_sents else 0.0,
        long_word_share=long_words / n_words if n_words else 0.0,
    )
