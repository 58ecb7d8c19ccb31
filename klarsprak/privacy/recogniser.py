"""The trained name recogniser: for each token, is it part of a person's name (PER), an
organisation (ORG), a place (LOC), another name (MISC) or none?

A small classifier (one hidden layer) over the vectors that the language pipeline's tok2vec has
already computed for every token (``doc.tensor``), with the vectors of the neighbours on either
side. It was trained on real Swedish news and development case notes (training/train_names.py),
so it costs next to nothing beside the analysis. The rules in :mod:`klarsprak.privacy.names` use
it as one more piece of evidence: a word it calls a person is a name even when no list or cue
knows it.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path

import numpy
from spacy.language import Language
from spacy.tokens import Doc, Token
from thinc.api import Model, Relu, Softmax, chain

MODEL_DIR = Path(__file__).resolve().parent / "model"
LABELS = ("", "PER", "ORG", "LOC", "MISC")
WINDOW = 2  # neighbours on each side whose vectors are read with a token's own
SURFACE = 6  # surface features per token (see _surface)
_lock = threading.Lock()


def _surface(tokens: Sequence[Token], needed: Sequence[int]) -> numpy.ndarray:
    """What the token vectors do not say plainly: the word's capitals, whether a sentence or
    line starts there (where a capital tells nothing), and whether Swedish has it as an
    ordinary word (names that are words need more context)."""
    from klarsprak.privacy.names.lexicon import lexicon_words  # (names imports this module)

    words = lexicon_words()  # as in training: not the rules' larger set of ordinary words
    rows = numpy.zeros((len(needed), SURFACE), dtype="float32")
    for row, k in enumerate(needed):
        token = tokens[k]
        text = token.text
        before = tokens[k - 1].text if k else ""
        rows[row] = (
            text[:1].isupper() and not text.isupper(),
            text.islower(),
            text.isupper() and len(text) > 1,
            k == 0 or token.is_sent_start or before in (".", "!", "?", ":") or "\n" in before,
            token.lower_ in words,
            token.is_alpha,
        )
    return rows


def features(doc: Doc, rows: Sequence[int] | None = None, tokens: Sequence[Token] | None = None) -> numpy.ndarray:
    """For each token in ``rows`` (all by default): its tok2vec vector and surface features, and
    its neighbours' (zeros beyond the ends). ``tokens`` is ``list(doc)`` when the caller has it."""
    tensor = numpy.asarray(doc.tensor, dtype="float32")
    if tensor.shape[0] != len(doc):
        raise ValueError("the Doc has no token vectors: run the language pipeline first")
    tokens = list(doc) if tokens is None else tokens
    rows = list(range(len(doc))) if rows is None else list(rows)
    # Only the tokens in reach of a row: a text's candidates are few.
    needed = sorted({k for r in rows for k in range(max(0, r - WINDOW), min(len(doc), r + WINDOW + 1))})
    position = {k: n for n, k in enumerate(needed)}
    table = numpy.zeros((len(needed) + 1, tensor.shape[1] + SURFACE), dtype="float32")  # last row: padding
    table[:-1, : tensor.shape[1]] = tensor[needed]
    table[:-1, tensor.shape[1]:] = _surface(tokens, needed)
    pad = len(needed)
    index = numpy.array([[position.get(r + d, pad) if 0 <= r + d < len(doc) else pad
                          for d in range(-WINDOW, WINDOW + 1)] for r in rows], dtype="int64")
    return table[index].reshape(len(rows), -1)


def tok2vec_fingerprint(nlp: Language) -> str:
    """A hash of the language pipeline's tok2vec weights: the recogniser reads its vectors, so
    it must be retrained whenever that pipeline is."""
    return hashlib.sha256(nlp.get_pipe("tok2vec").model.to_bytes()).hexdigest()[:16]


def build_model(hidden: int) -> Model:
    """The classifier's layers (training builds the same, then learns the weights)."""
    return chain(Relu(nO=hidden, dropout=0.1), Softmax(nO=len(LABELS)))


@lru_cache(maxsize=1)
def _model() -> Model:
    with _lock:
        return build_model(meta()["hidden"]).from_bytes((MODEL_DIR / "model.bin").read_bytes())


def meta() -> dict:
    """What the shipped model says about itself (labels, sources, the tok2vec it reads)."""
    return json.loads((MODEL_DIR / "meta.json").read_text(encoding="utf-8"))


def person_scores(doc: Doc, rows: Sequence[int] | None = None,
                  tokens: Sequence[Token] | None = None) -> list[float]:
    """How sure the recogniser is (0 to 1) that each token in ``rows`` (all by default) is part of
    a person's name."""
    rows = list(range(len(doc))) if rows is None else list(rows)
    if not rows:
        return []
    scores = _model().predict(features(doc, rows, tokens))[:, LABELS.index("PER")]
    return [float(p) for p in scores]
