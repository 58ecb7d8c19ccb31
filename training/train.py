"""Train the Swedish pipeline shipped with klarsprak (``make model``).

Steps, all from ``../shared/data/ud-swedish-talbanken`` with a fixed seed:
1. convert the CoNLL-U splits to spaCy's binary format;
2. train on the test split, evaluate on the dev split (held out) -> ``build/heldout``;
3. train the shipped model on both splits with the same settings for ``FINAL_STEPS`` steps
   -> ``klarsprak/analysis/model``.

Usage: ``python training/train.py [--heldout-only | --skip-heldout] [--steps N] [--data DIR]``
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

import spacy
from spacy.cli.train import train as spacy_train
from spacy.tokens import DocBin
from spacy.training.converters import conllu_to_docs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from klarsprak.analysis import nlp as klarsprak_nlp  # noqa: E402  (registers callbacks)

DEFAULT_DATA = ROOT.parent / "shared" / "data" / "ud-swedish-talbanken"
BUILD = ROOT / "build"
CONFIG = ROOT / "training" / "sv_klarsprak.cfg"
MODEL_DIR = ROOT / "klarsprak" / "analysis" / "model"
SENTS_PER_DOC = 10  # as spaCy's own UD conversions: the parser must learn boundaries inside docs


def convert(conllu: Path, out: Path) -> int:
    """Convert one CoNLL-U file to a .spacy file; return the number of tokens."""
    docs = list(
        conllu_to_docs(conllu.read_text(encoding="utf-8"), n_sents=SENTS_PER_DOC, no_print=True)
    )
    DocBin(docs=docs, store_user_data=False).to_disk(out)
    return sum(len(d) for d in docs)


def merged(paths: list[Path], out: Path) -> None:
    """Concatenate several .spacy files."""
    nlp = spacy.blank("sv")
    merged_bin = DocBin(store_user_data=False)
    for path in paths:
        for doc in DocBin().from_disk(path).get_docs(nlp.vocab):
            merged_bin.add(doc)
    merged_bin.to_disk(out)


# Steps for the shipped model. The held-out run's score levels off around step 3,000 (about
# 0.86 on dev); with no held-out data left for early stopping, the final run stops there.
FINAL_STEPS = 3000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--heldout-only", action="store_true")
    parser.add_argument("--steps", type=int, default=FINAL_STEPS, help="steps for the final model")
    parser.add_argument("--skip-heldout", action="store_true", help="only train the shipped model")
    parser.add_argument("--out", type=Path, default=MODEL_DIR, help="where to write the shipped model")
    parser.add_argument("--build", type=Path, default=BUILD, help="working folder")
    args = parser.parse_args()

    build = args.build
    build.mkdir(exist_ok=True)
    corpora = build / "corpus"
    corpora.mkdir(exist_ok=True)
    test = corpora / "test.spacy"
    dev = corpora / "dev.spacy"
    both = corpora / "all.spacy"
    print("tokens: test", convert(args.data / "sv_talbanken-ud-test.conllu", test),
          "dev", convert(args.data / "sv_talbanken-ud-dev.conllu", dev))
    merged([test, dev], both)

    if not args.skip_heldout:
        heldout = build / "heldout"
        spacy_train(CONFIG, heldout, overrides={"paths.train": str(test), "paths.dev": str(dev)})
    steps = args.steps
    if args.heldout_only:
        return

    final = build / "final"
    # No held-out data left for early stopping, so train for the step count found above.
    spacy_train(CONFIG, final, overrides={
        "paths.train": str(both), "paths.dev": str(dev),
        "training.max_steps": int(steps), "training.patience": 0,
    })
    nlp = klarsprak_nlp.assemble(spacy.load(final / "model-last"))
    if args.out.exists():
        shutil.rmtree(args.out)
    nlp.meta.update({"name": "klarsprak", "version": "1.0.0", "license": "CC BY-SA 4.0",
                     "sources": [{"name": "UD Swedish-Talbanken", "license": "CC BY-SA 4.0"}]})
    # The corpus paths are this machine's; the shipped config must not carry them.
    config = nlp.config.copy()
    config["paths"]["train"] = None
    config["paths"]["dev"] = None
    nlp._config = config
    nlp.to_disk(args.out, exclude=["vocab.vectors"])
    print("wrote", args.out)


if __name__ == "__main__":
    main()
