"""W3C Web Annotation selectors: build them for a passage and place them again in a new text.

A comment stores a TextQuoteSelector (exact + prefix + suffix) and a TextPositionSelector
(start/end). When a new version is written we look for the quote with its context first, then
the quote alone, then a fuzzy match (diff-match-patch's Bitap), nearest to the old position.
"""

from __future__ import annotations

from dataclasses import dataclass

from diff_match_patch import diff_match_patch

CONTEXT = 32


@dataclass(frozen=True)
class Selector:
    exact: str
    prefix: str
    suffix: str
    start: int
    end: int


def selector_for(text: str, start: int, end: int) -> Selector:
    """Selectors for ``text[start:end]``."""
    return Selector(text[start:end], text[max(0, start - CONTEXT) : start], text[end : end + CONTEXT], start, end)


def reanchor(selector: Selector, new_text: str) -> tuple[int, int] | None:
    """Where the passage is in ``new_text``, or None when it no longer fits anywhere."""
    exact = selector.exact
    if not exact:
        return None
    with_context = selector.prefix + exact + selector.suffix
    at = new_text.find(with_context)
    if at >= 0 and new_text.find(with_context, at + 1) < 0:
        start = at + len(selector.prefix)
        return start, start + len(exact)
    occurrences = []
    at = new_text.find(exact)
    while at >= 0:
        occurrences.append(at)
        at = new_text.find(exact, at + 1)
    if occurrences:
        best = min(occurrences, key=lambda p: abs(p - selector.start))
        return best, best + len(exact)
    return _fuzzy(selector, new_text)


def _fuzzy(selector: Selector, new_text: str) -> tuple[int, int] | None:
    matcher = diff_match_patch()
    matcher.Match_Threshold = 0.35
    matcher.Match_Distance = 5000
    pattern = selector.exact[: matcher.Match_MaxBits]
    at = matcher.match_main(new_text, pattern, min(selector.start, len(new_text)))
    if at < 0:
        return None
    return at, min(len(new_text), at + len(selector.exact))
