"""Turn a text into one spaCy ``Doc`` whose ``doc.text`` is exactly the input.

Long texts are cut into chunks at paragraph breaks (each chunk keeps its trailing white space),
run through ``nlp.pipe`` and joined with ``Doc.from_docs``. Character offsets in the joined Doc
are therefore offsets into the input, which is what findings must point at.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.language import Language
from spacy.tokens import Doc

from klarsprak.analysis.errors import BinaryInputError, EmptyTextError, NotSwedishError, TextTooLongError
from klarsprak.analysis.spans import remember_text

# About 55,000 words, far beyond any letter or decision; the memory of one analysis grows with its
# length (bench/memory_bench.py: 400,000 characters peak under 400 MB), so longer texts are refused.
MAX_CHARS = 400_000
CHUNK_CHARS = 5_000  # keeps the parser's memory flat and lets nlp.pipe batch
# A batch of chunks runs through the pipeline at once: the lemmatizer scores every token against
# thousands of edit trees, so 64 chunks (320,000 characters) took 220 MB; 4 chunks take about 30.
CHUNKS_PER_BATCH = 4
PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
LINE_BREAK = re.compile(r"\n\s*")
WORD = re.compile(r"[^\W\d_]+")
# Control characters that never occur in text typed by a person (tab, newline, CR, FF are fine).
BINARY_CHARS = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")

# Frequent Swedish function words; English or Finnish text has almost none of them.
SWEDISH_FUNCTION_WORDS = frozenset(
    ["och", "att", "det", "som", "en", "ett", "är", "på", "för", "med", "har", "av", "till", "den", "inte", "om", "jag", "du", "vi", "ni", "de", "kan", "ska", "eller", "men", "från", "så", "när", "också", "här", "där", "var", "vid", "efter", "under", "hos", "vår", "din", "ditt", "dina", "mig", "dig", "oss", "sig", "han", "hon", "hans", "hennes", "deras", "detta", "dessa", "denna", "vara", "blir", "får", "finns", "alla", "mer", "mycket", "bara", "nu", "än", "sedan", "kommer", "mot", "över", "utan", "genom", "hur", "vad", "vem", "vilka", "vilken", "ditt", "er", "era", "ert", "sina", "sitt", "sin", "man", "ska", "skall", "bli", "har", "hade", "varit", "åt", "mellan", "innan", "både", "dem", "honom", "henne", "ingen", "inga", "inget", "något", "några"]
)
MIN_WORDS_FOR_LANGUAGE_CHECK = 25
MIN_SWEDISH_SHARE = 0.06


def validate_text(text: str, max_chars: int = MAX_CHARS) -> None:
    """Raise an :class:`AnalysisError` subclass if the text cannot be analysed."""
    if not isinstance(text, str):
        raise TypeError("analyze() takes a str; decode bytes with klarsprak.analysis.inputs first")
    if not text.strip():
        raise EmptyTextError()
    if len(text) > max_chars:
        raise TextTooLongError(len(text), max_chars)
    if BINARY_CHARS.search(text):
        raise BinaryInputError("Texten")
    words = WORD.findall(text.lower())
    if len(words) >= MIN_WORDS_FOR_LANGUAGE_CHECK:
        swedish = sum(1 for w in words if w in SWEDISH_FUNCTION_WORDS)
        if swedish / len(words) < MIN_SWEDISH_SHARE:
            raise NotSwedishError()


def split_chunks(text: str, limit: int = CHUNK_CHARS) -> list[str]:
    """Cut ``text`` into pieces that join back to it exactly, preferring paragraph breaks."""
    chunks: list[str] = []
    for paragraph in _split_keep(text, PARAGRAPH_BREAK):
        if len(paragraph) <= limit:
            chunks.append(paragraph)
            continue
        for line in _split_keep(paragraph, LINE_BREAK):
            chunks.extend(_hard_split(line, limit) if len(line) > limit else [line])
    return _merge_small(chunks, limit)


def _split_keep(text: str, pattern: re.Pattern[str]) -> Iterator[str]:
    """Split after each match, keeping the separator with the piece before it."""
    start = 0
    for match in pattern.finditer(text):
        if match.end() > start:
            yield text[start : match.end()]
            start = match.end()
    if start < len(text):
        yield text[start:]


def _hard_split(text: str, limit: int) -> list[str]:
    """Split an enormous single line after sentence ends, else at spaces, else anywhere."""
    pieces = []
    while len(text) > limit:
        window = text[:limit]
        cut = max(window.rfind(". "), window.rfind("! "), window.rfind("? "))
        cut = cut + 2 if cut > limit // 2 else window.rfind(" ") + 1
        if cut <= 0:
            cut = limit
        pieces.append(text[:cut])
        text = text[cut:]
    if text:
        pieces.append(text)
    return pieces


def _merge_small(chunks: list[str], limit: int) -> list[str]:
    """Join neighbouring short paragraphs so nlp.pipe gets fewer, fuller docs."""
    merged: list[str] = []
    for chunk in chunks:
        if merged and len(merged[-1]) + len(chunk) <= limit and "\n" in merged[-1][-2:]:
            merged[-1] += chunk
        else:
            merged.append(chunk)
    return merged


def make_doc(nlp: Language, text: str) -> Doc:
    """Run the pipeline over ``text`` in chunks and return one Doc covering it exactly."""
    chunks = split_chunks(text)
    docs = list(nlp.pipe(chunks, batch_size=CHUNKS_PER_BATCH))
    doc = docs[0] if len(docs) == 1 else Doc.from_docs(docs, ensure_whitespace=False)
    # An invariant the tests prove (they run without -O), not input validation:
    assert doc.text == text, "chunking must not change the text"  # nosec B101
    remember_text(doc, text)
    return doc
