"""Small helpers over spaCy tokens and spans shared by rules and metrics."""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Span, Token


def word_tokens(tokens: Iterable[Token]) -> list[Token]:
    """Tokens that count as words: not punctuation, not space, with a letter or digit."""
    return [t for t in tokens if not t.is_punct and not t.is_space and any(c.isalnum() for c in t.text)]


def trimmed_span(span: Span) -> tuple[int, int]:
    """Character span of ``span`` without leading or trailing white-space tokens."""
    tokens = [t for t in span if not t.is_space]
    if not tokens:
        return span.start_char, span.start_char
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)
