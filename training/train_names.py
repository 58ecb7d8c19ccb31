"""Train the name recogniser that personal-data detection uses beside its rules (``make names-model``).

A small classifier reads the vectors the language pipeline's own tok2vec has already computed for
every token (``doc.tensor``), with the vectors of the tokens on either side, and says whether
the token is part of a person's name (PER), an organisation (ORG), a place (LOC), another name
(MISC) or none. Reusing those vectors makes it almost free at run time; the language pipeline and
its findings stay as they are. (A spaCy ``ner`` with a tok2vec of its own more than doubled the
time of an analysis.)

What it learns from, and what it never sees:
- the development part of the news corpus ``../shared/data/swedish-ner-corpus`` (Andreas
  Klintberg, Språkbanken's Webbnyheter 2012, CC BY 4.0; the bench's split rule: sentence ``i`` is
  held out when ``i % 3 == 2``), of which every fifth sentence is kept back to choose the epoch;
- copies of half of those sentences with the people's names typed in lower case, as hurried
  writers of case notes do: the model must learn a name from its context, not only its capital;
- development case notes from ``bench/privacy_letters.py`` (dev name pools and dev sentence shapes,
  another seed than the bench's), half of them again in lower case. The held-out third of both
  sources, with their own names and shapes, is never read here.

Usage: ``python training/train_names.py [--epochs N] [--out DIR]``
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from pathlib import Path

import numpy
from thinc.api import Adam

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from privacy_eval import is_held_out, read_ner_corpus  # noqa: E402

from klarsprak.analysis import nlp as klarsprak_nlp  # noqa: E402
from klarsprak.analysis.document import make_doc  # noqa: E402
from klarsprak.privacy import recogniser  # noqa: E402

NEWS = ROOT.parent / "shared" / "data" / "swedish-ner-corpus" / "train_corpus.txt"
LOWER_SHARE = 0.5  # of sentences and notes with a person in them, also learnt in lower case
LETTER_SEED = 101  # not the bench's dev seed (1): other notes from the same dev pools and shapes
LETTERS = 600
HIDDEN = 256

Sample = tuple[str, list[tuple[int, int, str]]]


def _lowered(text: str, people: list[tuple[int, int]]) -> str:
    for start, end in people:
        text = text[:start] + text[start:end].lower() + text[end:]
    return text


def news_samples(rng: random.Random) -> tuple[list[Sample], list[Sample]]:
    """(train, choose-the-epoch) texts with entity spans, from the news corpus's development part."""
    train, stop = [], []
    development = [s for s in read_ner_corpus(NEWS) if not is_held_out(s.index)]
    for number, sentence in enumerate(development):
        entities = [(start, end, label) for label in recogniser.LABELS[1:] for start, end in sentence.spans(label)]
        (stop if number % 5 == 4 else train).append((sentence.text, entities))
        people = sentence.spans("PER")
        if number % 5 != 4 and people and rng.random() < LOWER_SHARE:
            train.append((_lowered(sentence.text, people), entities))
    return train, stop


def letter_samples(rng: random.Random) -> list[Sample]:
    """Development case notes with their names (and nothing else) marked as PER."""
    import privacy_letters

    writer = privacy_letters.Writer("dev")
    writer.rng = random.Random(LETTER_SEED)
    samples = []
    for _ in range(LETTERS):
        item = writer.note()
        people = [(start, end, "PER") for start, end, group in item.gold if group == "name"]
        samples.append((item.text, people))
        if rng.random() < LOWER_SHARE:
            samples.append((_lowered(item.text, [(s, e) for s, e, _ in people]), people))
    return samples


def featurise(nlp, samples: list[Sample]) -> tuple[numpy.ndarray, numpy.ndarray]:
    """Features (the app's own token vectors, with neighbours) and label ids, token by token."""
    rows, labels = [], []
    for text, entities in samples:
        doc = make_doc(nlp, text)
        tags = [0] * len(doc)
        for start, end, label in entities:
            span = doc.char_span(start, end, alignment_mode="contract")
            if span is not None:
                for i in range(span.start, span.end):
                    tags[i] = recogniser.LABELS.index(label)
        rows.append(recogniser.features(doc))
        labels += tags
    return numpy.concatenate(rows).astype("float32"), numpy.asarray(labels, dtype="int32")


def person_scores(model, X: numpy.ndarray, y: numpy.ndarray) -> tuple[float, float, float]:
    """Token-level precision, recall and F1 of PER."""
    predicted = model.predict(X).argmax(axis=1)
    person = recogniser.LABELS.index("PER")
    hit = float(((predicted == person) & (y == person)).sum())
    precision = hit / max(1, (predicted == person).sum())
    recall = hit / max(1, (y == person).sum())
    return precision, recall, 2 * precision * recall / max(1e-9, precision + recall)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--out", type=Path, default=recogniser.MODEL_DIR)
    args = parser.parse_args()

    nlp = klarsprak_nlp.load_pipeline()
    rng = random.Random(7)
    train, stop = news_samples(rng)
    train += letter_samples(rng)
    X, y = featurise(nlp, train)
    X_stop, y_stop = featurise(nlp, stop)
    print(f"train tokens {len(y):,}, choose-the-epoch tokens {len(y_stop):,}")

    model = recogniser.build_model(HIDDEN)
    model.initialize(X=X[:100], Y=numpy.eye(len(recogniser.LABELS), dtype="float32")[y[:100]])
    optimizer = Adam(0.0005)
    one_hot = numpy.eye(len(recogniser.LABELS), dtype="float32")
    best, best_params = -1.0, None
    order = numpy.arange(len(y))
    numpy_rng = numpy.random.default_rng(7)
    for epoch in range(args.epochs):
        numpy_rng.shuffle(order)
        for start in range(0, len(order), 256):
            batch = order[start : start + 256]
            scores, backprop = model.begin_update(X[batch])
            backprop((scores - one_hot[y[batch]]) / len(batch))
            model.finish_update(optimizer)
        precision, recall, f1 = person_scores(model, X_stop, y_stop)
        print(f"epoch {epoch + 1}: PER tokens on held-back news: precision {precision:.3f} "
              f"recall {recall:.3f} F1 {f1:.3f}")
        if f1 > best:
            best, best_params = f1, model.to_bytes()
    model.from_bytes(best_params)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "model.bin").write_bytes(model.to_bytes())
    (args.out / "meta.json").write_text(json.dumps({
        "labels": list(recogniser.LABELS), "hidden": HIDDEN, "window": recogniser.WINDOW,
        "tok2vec": recogniser.tok2vec_fingerprint(nlp), "choose_epoch_f1_per": round(best, 4),
        "license": "CC BY 4.0",
        "sources": ["Swedish NER corpus, Andreas Klintberg, from Språkbanken's Webbnyheter 2012 (CC BY 4.0)"],
    }, indent=2) + "\n", encoding="utf-8")
    print("wrote", args.out, "best F1", round(best, 4))


if __name__ == "__main__":
    main()
