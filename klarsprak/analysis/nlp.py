"""The Swedish spaCy pipeline: custom components, assembly and lazy loading.

The statistical part (tok2vec, morphologizer, lemmatizer, parser) is trained by ``make model`` on
UD Swedish-Talbanken. Two rule components are added around it, because rules beat 30,000 tokens
of training data on these points:

* ``klarsprak_sentences`` sets every sentence boundary: line breaks, end punctuation before a
  capital letter, a colon before a capitalised sentence, never after abbreviations such as
  "kap." (held-out F1 in docs/accuracy.md: clearly above the parser's).
* ``klarsprak_voice`` runs last and corrects ``Voice=Pass`` with a lexicon of deponent and
  reciprocal verbs (finnas, hoppas, trivas …), which end in -s but are not passive.

The parser is shipped and scored, but not run by ``analyze()``: no rule needs a dependency
tree (the bli-passive is a rule, ``aux:pass`` being too rare to learn), and leaving it out more
than doubles the speed.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

import numpy
import spacy
from spacy.attrs import IDX, IS_SPACE, MORPH, SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Token

from klarsprak.analysis.spans import has_feature
from klarsprak.analysis.tokenization import ABBREVIATIONS, add_abbreviations

MODEL_DIR = Path(__file__).resolve().parent / "model"

# Deponent verbs (only an -s form exists or the -s form has its own meaning) and reciprocal verbs.
# Their -s forms are active in meaning, so they are never passive.
DEPONENT_LEMMAS: frozenset[str] = frozenset(
    ["andas", "avundas", "brottas", "dagas", "envisas", "fattas", "finnas", "fnissas", "förolyckas", "glädjas", "hoppas", "hämnas", "kräkas", "lyckas", "låtsas", "minnas", "misslyckas", "märkas", "mötas", "nöjas", "skämmas", "slåss", "svettas", "synas", "trivas", "tyckas", "umgås", "vistas", "åldras", "ängslas", "kännas", "töras", "våndas", "brås", "gitta", "hågkomma", "samsas", "pussas", "enas", "kivas", "retas", "tävlas", "slåss", "dröjas", "skiljas", "följas", "växlas", "rymmas", "förekomma", "förefalla", "föreligga", "lyda"]
)
# Reciprocal readings ("vi träffas", "vi ses") are handled in passive.py: after "vi/ni/de" only.
# "omfattas" and "åtföljs" are real passives (of omfatta, åtfölja), as in the treebank.
# "saknas" (is lacking: "det saknas underlag") and "födas" (be born) are deponent uses.
# Forms of deponents, for when the lemmatizer gives a lemma without -s ("finna" for "finns").
DEPONENT_FORMS: frozenset[str] = frozenset(
    ["finns", "fanns", "funnits", "finnas", "hoppas", "hoppades", "hoppats", "lyckas", "lyckades", "lyckats", "trivs", "trivdes", "trivts", "trivas", "syns", "syntes", "synts", "synas", "känns", "kändes", "känts", "kännas", "tycks", "tycktes", "tyckts", "tyckas", "märks", "märktes", "märkts", "minns", "mindes", "mints", "minnas", "låtsas", "låtsades", "andas", "andades", "umgås", "umgicks", "vistas", "vistades", "åldras", "åldrades", "skäms", "skämdes", "glädjs", "gläds", "gladdes", "envisas", "kräks", "kräktes", "misslyckas", "misslyckades", "misslyckats", "mötas", "möts", "möttes", "enas", "enades", "saknas", "saknades", "saknats", "födas", "föds", "föddes", "fötts", "vistats", "minnats", "umgåtts", "lyckats", "åldrats", "andats"]
)
SENTENCE_END = frozenset({".", "!", "?", "…"})
NO_BREAK_AFTER = frozenset(a for a in ABBREVIATIONS if a.endswith("."))
# Abbreviations that may close a sentence ("… böcker, papper m.m. Sedan …").
MAY_END_SENTENCE = frozenset({"m.m.", "m.fl.", "o.s.v.", "osv.", "o.d.", "e.d.", "etc."})

_nlp: Language | None = None
_lock = threading.Lock()


@spacy.registry.callbacks("klarsprak.add_abbreviations.v1")
def make_add_abbreviations():
    """Config callback (``[initialize.before_init]``) that adds the tokenizer exceptions."""
    return add_abbreviations


QUOTES = frozenset("'\"”»’“«")
OPENERS = QUOTES | {"(", "–", "-", "•", "*"}


def _is_initial(token: Token) -> bool:
    """An initial such as "A." in "A. I. Rabin": never the end of a sentence."""
    return len(token.text) == 2 and token.text[0].isupper() and token.text[1] == "."


def _sentence_end_before(doc: Doc, i: int) -> Token:
    """The token that would end a sentence before token ``i``, skipping closing quotes and
    brackets written tight against it ("… fader.' Ett")."""
    j = i - 1
    while j > 0 and doc[j].text in QUOTES | {")"} and not doc[j - 1].whitespace_:
        j -= 1
    return doc[j]


def is_sentence_start(doc: Doc, i: int, previous: Token, text: str) -> bool:
    """Rule-based boundary decision for token ``i``, given the last non-space token before it
    (``text`` is ``doc.text``, passed in because spaCy builds that string anew on each access)."""
    token = doc[i]
    if "\n" in text[previous.idx + len(previous.text) : token.idx]:
        return True  # a line break ends a heading, a list item or a paragraph
    first = token.text[:1]
    capital = first.isupper() or first.isdigit()
    # A quote written tight against the previous word closes, it does not open ("lyda.' Ett").
    spaced = token.idx > previous.idx + len(previous.text)
    opener = token.text in OPENERS and (spaced or token.text not in QUOTES)
    end = _sentence_end_before(doc, previous.i + 1)
    if end.text in SENTENCE_END or end.text.endswith("..") or end.lower_ in MAY_END_SENTENCE:
        if capital or opener:
            return True
        # A full stop standing alone after a real word ends the sentence even before a small
        # letter (a typo in the next sentence); abbreviations never get here, the tokenizer keeps
        # them whole ("t.ex.", "kl.").
        word_before = doc[end.i - 1] if end.i > 0 else None
        return (end.text == "." and first.isalpha() and word_before is not None
                and word_before.is_alpha and len(word_before.text) > 3)
    if end.text.endswith(".") and len(end.text) > 2 and end.lower_ not in NO_BREAK_AFTER:
        # An abbreviation spaCy keeps whole ("kr.") can close a sentence before a capital,
        # but not before a number ("Vol. 5", "s. 12").
        return first.isupper() and not _is_initial(end)
    if end.text in (":", "):") and end.i == previous.i:
        # Swedish writes a capital after a colon only when a full sentence follows; after a
        # name it is a title or a quotation source ("Rabin: Infants and Children"). The
        # tokenizer keeps a bracket closed before the colon with it ("(2010-01-04, Lind):"): a
        # court and its judges before the ruling's first sentence.
        if end.text == ":" and end.i > 0 and doc[end.i - 1].pos_ == "PROPN":
            return False
        following = doc[i + 1] if i + 1 < len(doc) else None
        if opener:
            return following is not None and following.text[:1].isupper()
        return capital and first.isalpha()
    return False


@Language.component("klarsprak_sentences")
def sentence_segmenter(doc: Doc) -> Doc:
    """Set every sentence boundary by rule: line breaks, end punctuation before a capital, a
    colon before a capitalised sentence; never after abbreviations such as "kap." or "t.ex."."""
    if not len(doc):
        return doc
    text = doc.text
    words = [t.text for t in doc]
    spaces = doc.to_array(IS_SPACE).tolist()
    offsets = doc.to_array(IDX).tolist()  # reading these from Token objects costs a Token each
    starts = numpy.full((len(doc), 1), -1, dtype="int64")  # -1: not a start, 1: a start
    previous = -1
    for i, _word in enumerate(words):
        if spaces[i]:
            if previous == -1 and i == 0:
                starts[i, 0] = 1
            continue
        if previous == -1:
            starts[i, 0] = 1
        elif words[previous][-1].isalnum() and "\n" not in text[offsets[previous] : offsets[i]]:
            pass  # the common case: the word before ends in a letter or digit
        elif is_sentence_start(doc, i, doc[previous], text):
            starts[i, 0] = 1
        previous = i
    doc.from_array([SENT_START], starts.astype("uint64"))  # spaCy reads it back as signed
    return doc


@Language.component("klarsprak_voice")
def voice_correction(doc: Doc) -> Doc:
    """Remove ``Voice=Pass`` from deponent and reciprocal verbs (finns, hoppas, trivs …)."""
    passive: dict[int, bool] = {}  # per morphology hash: does it say Voice=Pass?
    for i, morph in enumerate(doc.to_array(MORPH).tolist()):
        if morph not in passive:
            passive[morph] = bool(morph) and has_feature(doc.vocab.strings[morph], "Voice", "Pass")
        if not passive[morph]:
            continue
        token = doc[i]
        if token.lower_ in DEPONENT_FORMS or token.lemma_.lower() in DEPONENT_LEMMAS:
            features = token.morph.to_dict()
            features.pop("Voice", None)
            token.set_morph("|".join(f"{k}={v}" for k, v in sorted(features.items())) or "_")
    return doc


def assemble(nlp: Language) -> Language:
    """Add the rule components to a freshly trained pipeline (idempotent)."""
    if "klarsprak_sentence_hints" in nlp.pipe_names:
        nlp.remove_pipe("klarsprak_sentence_hints")  # replaced by the full segmenter
    if "klarsprak_sentences" not in nlp.pipe_names:
        nlp.add_pipe("klarsprak_sentences", before="parser")
    if "klarsprak_voice" not in nlp.pipe_names:
        nlp.add_pipe("klarsprak_voice", last=True)
    return nlp


def load_pipeline() -> Language:
    """Return the shipped Swedish pipeline, loading it once per process (thread-safe)."""
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                # KLARSPRAK_MODEL lets training and evaluation try another pipeline directory.
                path = os.environ.get("KLARSPRAK_MODEL") or MODEL_DIR
                # The abbreviations are added again: the list may have grown since the model
                # was trained (add_special_case is idempotent).
                _nlp = assemble(add_abbreviations(spacy.load(path, disable=["parser"])))
    return _nlp
