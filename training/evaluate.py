"""Measure the pipeline on held-out data and write ``docs/accuracy.md`` (``make accuracy``).

* Tagging, lemmas, parsing and sentences: the model trained on the Talbanken test split only
  (``build/heldout/model-best``), scored on the dev split it has never seen, with and without
  the rule components (sentence hints, deponent lexicon).
* Passive voice: precision/recall/F1 per token against the treebank: ``Voice=Pass`` on a finite,
  infinitive or supine verb (s-passive), and the participle governed by ``aux:pass`` "bli".
* Jargon recall on inflected forms: the hand-written ``tests/data/jargon_inflections.tsv``
  (not derived from the lexicon) through the shipped pipeline and rules.
"""

from __future__ import annotations

import csv
import datetime
import json
import sys
from pathlib import Path

import spacy
from spacy.scorer import Scorer
from spacy.tokens import DocBin
from spacy.training import Example

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from klarsprak.analysis.engine import Analyzer  # noqa: E402
from klarsprak.analysis.nlp import MODEL_DIR, assemble  # noqa: E402
from klarsprak.analysis.passive import find_passives  # noqa: E402

HELDOUT = ROOT / "build" / "heldout" / "model-best"
DEV = ROOT / "build" / "corpus" / "dev.spacy"
TALBANKEN = ROOT.parent / "shared" / "data" / "ud-swedish-talbanken"
JARGON = ROOT / "tests" / "data" / "jargon_inflections.tsv"
OUT = ROOT / "docs" / "accuracy.md"
# spaCy's published sv_core_news_sm 3.8 figures on the same dev split (from the issue).
REFERENCE = {"pos_acc": 94.9, "morph_acc": 94.1, "lemma_acc": 94.9, "sents_f": 92.6, "passive_f": 96.4}
# The stiff word counts as found when a word-list rule with a replacement flags it; a
# light-verb phrase ("vidta åtgärder") wins over the single word by design.
JARGON_RULES = {"jargon.svarta-listan", "jargon.socialtjanst", "nominalization.light-verb"}



def gold_passive_spans(doc) -> set[tuple[int, int]]:
    spans = set()
    for token in doc:
        forms = token.morph.get("VerbForm")
        if "Pass" in token.morph.get("Voice") and set(forms) & {"Fin", "Inf", "Sup"}:
            spans.add((token.idx, token.idx + len(token.text)))
        if token.dep_ == "aux:pass" and token.lemma_ == "bli":
            head = token.head
            spans.add((head.idx, head.idx + len(head.text)))
    return spans


def predicted_passive_spans(doc) -> set[tuple[int, int]]:
    return {(p.verb.idx, p.verb.idx + len(p.verb.text)) for p in find_passives(doc)}


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def passive_scores(gold_docs, predicted_docs) -> dict[str, float]:
    tp = fp = fn = 0
    for gold, predicted in zip(gold_docs, predicted_docs, strict=True):
        g, p = gold_passive_spans(gold), predicted_passive_spans(predicted)
        tp, fp, fn = tp + len(g & p), fp + len(p - g), fn + len(g - p)
    precision, recall, f = prf(tp, fp, fn)
    return {"passive_p": 100 * precision, "passive_r": 100 * recall, "passive_f": 100 * f,
            "passive_gold": tp + fn}


def sentence_scores(gold_docs, predicted_docs) -> dict[str, float]:
    examples = [Example(p, g) for p, g in zip(predicted_docs, gold_docs, strict=True)]
    scores = Scorer.score_spans(examples, "sents", has_annotation=lambda doc: doc.has_annotation("SENT_START"))
    return {"sents_p": 100 * scores["sents_p"], "sents_r": 100 * scores["sents_r"],
            "sents_f": 100 * scores["sents_f"]}


def evaluate_model_only(nlp, gold: DocBin) -> dict[str, float]:
    """The trained pipeline alone: the parser sets sentence boundaries."""
    gold_docs = list(gold.get_docs(nlp.vocab))  # the model's vocab, so morph hashes resolve
    scores = nlp.evaluate([Example(nlp.make_doc(d.text), d) for d in gold_docs])
    predicted = list(nlp.pipe(d.text for d in gold_docs))
    return {
        "pos_acc": 100 * scores["pos_acc"], "morph_acc": 100 * scores["morph_acc"],
        "lemma_acc": 100 * scores["lemma_acc"], "dep_uas": 100 * scores["dep_uas"],
        "dep_las": 100 * scores["dep_las"], **sentence_scores(gold_docs, predicted),
        **passive_scores(gold_docs, predicted),
    }


def evaluate_as_shipped(nlp, gold: DocBin, model_only: dict[str, float]) -> dict[str, float]:
    """The analysis path: rule components on, parser not run. Tagging is the same model."""
    gold_docs = list(gold.get_docs(nlp.vocab))
    predicted = list(nlp.pipe(d.text for d in gold_docs))
    same = {k: model_only[k] for k in ("pos_acc", "morph_acc", "lemma_acc")}
    return {**same, "dep_uas": None, "dep_las": None, **sentence_scores(gold_docs, predicted),
            **passive_scores(gold_docs, predicted)}


def paragraph_layout(conllu: Path) -> list[tuple[str, set[int]]]:
    """Documents as their source lays them out: paragraphs (``# newpar``) on lines of their own,
    sentences within a paragraph separated by a space. Returns (text, gold sentence starts)."""
    documents: list[tuple[list[str], set[int]]] = []
    text_parts: list[str] = []
    starts: set[int] = set()
    new_paragraph = False
    for line in conllu.read_text(encoding="utf-8").splitlines():
        if line.startswith("# newdoc"):
            if text_parts:
                documents.append((text_parts, starts))
            text_parts, starts = [], set()
        elif line.startswith("# newpar"):
            new_paragraph = True
        elif line.startswith("# text = "):
            separator = ("\n\n" if new_paragraph else " ") if text_parts else ""
            text_parts.append(separator)
            starts.add(sum(len(p) for p in text_parts))
            text_parts.append(line[len("# text = "):])
            new_paragraph = False
    if text_parts:
        documents.append((text_parts, starts))
    return [("".join(parts), gold) for parts, gold in documents]


def boundary_scores(nlp, documents: list[tuple[str, set[int]]]) -> dict[str, float]:
    """Precision/recall/F1 of sentence starts (character offsets) over whole documents."""
    tp = fp = fn = 0
    for (_text, gold), doc in zip(documents, nlp.pipe(t for t, _ in documents), strict=True):
        predicted = {s[0].idx for s in doc.sents if not s[0].is_space}
        predicted |= {next(t.idx for t in s if not t.is_space) for s in doc.sents if s[0].is_space and s.text.strip()}
        tp, fp, fn = tp + len(gold & predicted), fp + len(predicted - gold), fn + len(gold - predicted)
    p, r, f = prf(tp, fp, fn)
    return {"p": 100 * p, "r": 100 * r, "f": 100 * f, "sentences": tp + fn}


def jargon_recall(analyzer: Analyzer) -> tuple[float, int, list[str]]:
    if not JARGON.exists():
        return 0.0, 0, ["(tests/data/jargon_inflections.tsv saknas)"]
    with JARGON.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    missed = []
    for row in rows:
        sentence, hit = row["sentence"], row["hit"]
        start = sentence.index(hit)
        report = analyzer.analyze(sentence)
        if not any(f.rule in JARGON_RULES and f.start <= start and f.end >= start + len(hit)
                   for f in report.findings):
            missed.append(f"{hit} ({row['lemma']})")
    return 100 * (len(rows) - len(missed)) / len(rows), len(rows), missed


def main() -> None:
    gold = DocBin().from_disk(DEV)
    gold_docs = list(gold.get_docs(spacy.blank("sv").vocab))
    words = sum(1 for d in gold_docs for t in d if not t.is_punct)
    raw = evaluate_model_only(spacy.load(HELDOUT), gold)
    combined = evaluate_as_shipped(assemble(spacy.load(HELDOUT, disable=["parser"])), gold, raw)
    layouts = {}
    for split, name in (("dev", "sv_talbanken-ud-dev.conllu"), ("test", "sv_talbanken-ud-test.conllu")):
        documents = paragraph_layout(TALBANKEN / name)
        layouts[split] = {"parser": boundary_scores(spacy.load(HELDOUT), documents),
                          "rules": boundary_scores(assemble(spacy.load(HELDOUT, disable=["parser"])), documents)}
    recall, n_jargon, missed = jargon_recall(Analyzer())
    meta = json.loads((MODEL_DIR / "meta.json").read_text())
    results = {"model_only": raw, "with_rules": combined, "paragraph_layout": layouts, "jargon_recall": recall, "jargon_items": n_jargon,
               "jargon_missed": missed}
    (ROOT / "build").mkdir(exist_ok=True)
    (ROOT / "build" / "accuracy.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))

    rows = [
        ("UPOS accuracy", "pos_acc"), ("Morphology accuracy", "morph_acc"), ("Lemma accuracy", "lemma_acc"),
        ("Dependency UAS", "dep_uas"), ("Dependency LAS", "dep_las"), ("Sentence precision", "sents_p"),
        ("Sentence recall", "sents_r"), ("Sentence F1", "sents_f"), ("Passive precision", "passive_p"),
        ("Passive recall", "passive_r"), ("Passive F1", "passive_f"),
    ]
    lines = [
        "# Accuracy of the Swedish pipeline",
        "",
        f"Generated by `training/evaluate.py` (`make accuracy`) on {datetime.date.today().isoformat()}. "
        "Do not edit by hand.",
        "",
        "Held-out evaluation: trained on the UD Swedish-Talbanken **test** split only "
        f"(seed 42), scored on the **dev** split ({len(gold_docs)} documents of ten sentences, "
        f"{words:,} words) that it has never seen. The shipped model "
        f"(`klarsprak/analysis/model`, version {meta.get('version')}) is trained on both splits "
        "with the same settings, so it cannot be scored on either.".replace(",", " ", 0),
        "",
        "| Measure | Model only (parser sets sentences) | As shipped: model + rule components, no parser | sv_core_news_sm 3.8 |",
        "| --- | ---: | ---: | ---: |",
    ]
    for label, key in rows:
        reference = REFERENCE.get(key)
        shipped = "not run" if combined[key] is None else f"{combined[key]:.1f}"
        lines.append(f"| {label} | {raw[key]:.1f} | {shipped} | "
                     f"{'' if reference is None else f'{reference:.1f}'} |")
    lines += [
        "",
        "The passive detector (`klarsprak/analysis/passive.py`) always combines the tagger with the "
        "lemma lexicon, so its figures differ between the columns only through the components. "
        "The parser is trained and scored but `analyze()` does not run it: no rule needs a "
        "dependency tree, and the rule segmenter finds sentences better. "
        f"Passive voice is scored per verb against {combined['passive_gold']} gold passives: "
        "`Voice=Pass` on finite, infinitive and supine verbs (the s-passive) plus the participle "
        "governed by `aux:pass` *bli* (the bli-passive). *As shipped* adds the rule "
        "sentence segmenter (line breaks, abbreviations such as *kap.*, end punctuation and closing "
        "quotes before a capital, colon before a capitalised sentence) and the deponent lexicon "
        "(finnas, hoppas, trivas … are not passive). sv_core_news_sm's passive "
        "figure is its `Voice` feature F1, the closest published number.",
        "",
        "Note on sentences: the dev documents join ten sentences with spaces and no line breaks (as "
        "spaCy's own evaluation does), so headings run into the next sentence; in real letters line "
        "breaks mark those boundaries. Honest caveat: the segmentation and passive rules were written "
        "while reading errors on both Talbanken splits, so their figures here are less strictly "
        "held out than the model's.",
        "",
        "## Sentences in the source layout",
        "",
        "The same documents laid out as in the treebank's source, paragraphs on lines of their own "
        "(`# newpar`), scored on sentence starts. The test split is the model's training data, but "
        "the segmenter is rules and learns nothing from it, so it is a second check of the rules "
        "on other genres (a pension brochure full of headings, a health text).",
        "",
        "| Split | Parser: P / R / F1 | Rules (as shipped): P / R / F1 | Sentences |",
        "| --- | ---: | ---: | ---: |",
        *[f"| {split} | {v['parser']['p']:.1f} / {v['parser']['r']:.1f} / {v['parser']['f']:.1f} | "
          f"{v['rules']['p']:.1f} / {v['rules']['r']:.1f} / {v['rules']['f']:.1f} | {v['rules']['sentences']} |"
          for split, v in layouts.items()],
        "",
        "## Jargon recall on inflected forms",
        "",
        f"{recall:.1f} % of {n_jargon} hand-written sentences with an inflected stiff word "
        "(erhöll, erhållits, erforderliga, åligger …, `tests/data/jargon_inflections.tsv`) are "
        "flagged at the right place by the shipped pipeline and rules.",
    ]
    if missed:
        lines += ["", "Missed: " + ", ".join(missed)]
    OUT.parent.mkdir(exist_ok=True)
    # Keep the real-text section that training/findings_eval.py generates between its markers.
    kept = ""
    if OUT.exists():
        previous = OUT.read_text(encoding="utf-8")
        begin, end = "<!-- findings-eval:begin -->", "<!-- findings-eval:end -->"
        if begin in previous and end in previous:
            kept = "\n" + begin + previous.split(begin, 1)[1].split(end, 1)[0] + end + "\n"
    OUT.write_text("\n".join(lines) + "\n" + kept, encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
