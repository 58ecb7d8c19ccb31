"""Word-level differences between two versions, as accessible HTML (diff-match-patch).

Both comparison pages use :func:`diff_html`: the writer's "Jämför versioner" and the reviewer's
"Vad har ändrats sedan din granskning". The callers choose what is compared (for anyone but the
author, the masked projections); this module only marks the words that differ.
"""

from __future__ import annotations

import re

from diff_match_patch import diff_match_patch
from markupsafe import Markup, escape

# A placeholder ("[NAMN 1]", "[E-POST 2]") is one word, so a changed number is one change; then
# words (with inner hyphens: "e-post"), runs of spacing, and any other character on its own.
_TOKEN = re.compile(r"\[[A-ZÅÄÖ-]+ \d+\]|\w+(?:-\w+)*|\s+|.", re.S)
_SURROGATES = 0xD800, 0xE000  # code points a token's stand-in character must skip


def tokens(text: str) -> list[str]:
    """``text`` cut into words, spacing and single other characters; joined, they are ``text``."""
    return _TOKEN.findall(text)  # the pattern's last branch takes any character: nothing is lost


def _stand_in(number: int) -> str:
    return chr(number if number < _SURROGATES[0] else number + _SURROGATES[1] - _SURROGATES[0])


def _encode(words: list[str], index: dict[str, int]) -> str:
    """One character per word, the same character for the same word (diff-match-patch's "word
    mode": the diff runs on whole words instead of letters). Spacing is one of two "words", a
    space or a line break, so a change of spacing alone is no change of words."""
    return "".join(_stand_in(index.setdefault(("\n" if "\n" in word else " ") if word.isspace() else word,
                                              len(index)))
                   for word in words)


def _cleanup_by_paragraph(matcher: diff_match_patch, diffs: list, line_break: str | None) -> list:
    """Semantic cleanup within each stretch between unchanged line breaks: a change is folded
    together with its neighbours in the same paragraph, never with the next paragraph's."""
    out: list = []
    segment: list = []
    for op, chunk in diffs:
        if op != diff_match_patch.DIFF_EQUAL or line_break is None or line_break not in chunk:
            segment.append((op, chunk))
            continue
        *whole, rest = chunk.split(line_break)
        for piece in whole:
            segment.append((op, piece + line_break))
            matcher.diff_cleanupSemantic(segment)
            out += segment
            segment = []
        if rest:
            segment.append((op, rest))
    matcher.diff_cleanupSemantic(segment)
    return out + segment


def word_diff(old: str, new: str) -> list[tuple[int, str]]:
    """(operation, text) pairs from ``old`` to ``new``, whole words at a time: -1 removed, 1 added,
    0 the same (with the new text's spacing). Small equal stretches between changes in a
    paragraph are folded into them (semantic cleanup), so "har erhållit Er" -> "har fått din"
    reads as one change."""
    index: dict[str, int] = {}
    old_words, new_words = tokens(old), tokens(new)
    matcher = diff_match_patch()
    matcher.Diff_Timeout = 2.0  # a long text gets a coarser diff rather than a slow page
    diffs = matcher.diff_main(_encode(old_words, index), _encode(new_words, index), False)
    line_break = _stand_in(index["\n"]) if "\n" in index else None
    diffs = _cleanup_by_paragraph(matcher, diffs, line_break)
    # Back from stand-ins to words by position: spacing compared equal but differs in each text.
    out, at_old, at_new = [], 0, 0
    for op, chunk in diffs:
        size = len(chunk)
        if op == diff_match_patch.DIFF_DELETE:
            out.append((op, "".join(old_words[at_old:at_old + size])))
            at_old += size
        else:
            out.append((op, "".join(new_words[at_new:at_new + size])))
            at_new += size
            at_old += size if op == diff_match_patch.DIFF_EQUAL else 0
    return out


def _edges(chunk: str) -> tuple[str, str, str]:
    """The spacing before the words of ``chunk``, the words, and the spacing after them."""
    words = chunk.strip()
    if not words:
        return chunk, "", ""
    start = len(chunk) - len(chunk.lstrip())
    return chunk[:start], words, chunk[start + len(words):]


def diff_html(old: str, new: str) -> Markup:
    """<ins>/<del> around whole words, each with a hidden "Tillagt:"/"Borttaget:" for screen
    readers, so a change is not shown by colour (or strike-through) alone. The marks hold words:
    the spacing at their ends stays outside, and a change of spacing alone is not marked (the
    new text's spacing is shown; removed spacing becomes one space beside the removed words)."""
    parts = []
    for op, chunk in word_diff(old, new):
        before, words, after = _edges(chunk)
        if op == diff_match_patch.DIFF_EQUAL or not words:
            if op != diff_match_patch.DIFF_DELETE:
                parts.append(str(escape(chunk)))
        elif op == diff_match_patch.DIFF_INSERT:
            parts.append(f'{escape(before)}<ins><span class="visually-hidden">Tillagt: </span>{escape(words)}</ins>'
                         f"{escape(after)}")
        else:
            parts.append(f'{" " if before else ""}<del><span class="visually-hidden">Borttaget: </span>'
                         f'{escape(words)}</del>{" " if after else ""}')
    # bandit B704 is a false positive: every chunk is escaped above (a bare nosec: with an id, bandit warns).
    return Markup("".join(parts))  # nosec
