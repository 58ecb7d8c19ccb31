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
from functools import lru_cache
from pathlib import Path

import numpy
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import Model, Relu, Softmax, chain

MODEL_DIR = Path(__file__).resolve().parent / "model"
LABELS = ("", "PER", "ORG", "LOC", "MISC")
WINDOW = 2  # neighbours on each side whose vectors are read with a token's own
_lock = threading.Lock()


def _surface(doc: Doc) -> numpy.ndarray:
    """What the token vectors do not say plainly: the word's capitals, whether a sentence or
    line starts there (where a capital tells nothing), and whether Swedish has it as an
    ordinary word (names that are words need more context)."""
    from klarsprak.privacy.names import ordinary_words  # (names imports this module)

    words = ordinary_words()
    rows = numpy.zeros((len(doc), 6), dtype="float32")
    previous = ""
    for i, token in enumerate(doc):
        text = token.text
        rows[i] = (
            text[:1].isupper() and not text.isupper(),
            text.islower(),
            text.isupper() and len(text) > 1,
            i == 0 or previous in (".", "!", "?", ":") or "\n" in previous or token.is_sent_start,
            token.lower_ in words,
            token.is_alpha,
        )
        previous = text if not token.is_space else text + "\n" * ("\n" in text)
    return rows


def features(doc: Doc) -> numpy.ndarray:
    """One row per token: its tok2vec vector and surface features, and its neighbours' (zeros
    beyond the ends)."""
    tensor = numpy.asarray(doc.tensor, dtype="float32")
    if tensor.shape[0] != len(doc):
        raise ValueError("the Doc has no token vectors: run the language pipeline first")
    rows = numpy.concatenate([tensor, _surface(doc)], axis=1)
    padded = numpy.pad(rows, ((WINDOW, WINDOW), (0, 0)))
    return numpy.concatenate([padded[k : k + len(doc)] for k in range(2 * WINDOW + 1)], axis=1)


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


def person_scores(doc: Doc) -> list[float]:
    """For each token of ``doc``, how sure the recogniser is (0 to 1) that it is part of a
    person's name (computed once per Doc)."""
    cached = doc.user_data.get("klarsprak.person_scores")
    if cached is None:
        scores = _model().predict(features(doc))[:, LABELS.index("PER")] if len(doc) else []
        cached = doc.user_data["klarsprak.person_scores"] = [float(p) for p in scores]
    return cached
