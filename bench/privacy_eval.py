"""Scoring for the privacy bench: the split rule, the coverage rule, the readers of the real texts
and the hand judgments of flags on official texts. No detector and no pipeline here, so the rules
are tested alone (tests/bench/test_privacy_eval.py).

The split rule is shared with whoever improves the detector: item ``index`` (0, 1, 2, … in file
or generation order) is held out when ``index % 3 == 2``. Tune on the development part only.
"""

from __future__ import annotations

import csv
import hashlib
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")
SPLITS = ("dev", "held-out")
# No space before these tokens when a sentence is rebuilt from the NER corpus' tokens, and
# none after the opening brackets.
NO_SPACE_BEFORE = frozenset({".", ",", ";", ":", "!", "?", ")", "]", "}", "%", "...", "..", "....", ".....", "…"})
NO_SPACE_AFTER = frozenset({"(", "[", "{"})
JUDGMENT_COLUMNS = ("file", "start", "end", "group", "sha1", "verdict", "reason")
VERDICTS = ("personal", "false_alarm", "debatable")
SHA1_LENGTH = 10


def is_held_out(index: int) -> bool:
    """The split rule: every third item, starting with the third, is held out."""
    return index % 3 == 2


def split(items: Iterable[T]) -> dict[str, list[T]]:
    """``{"dev": [...], "held-out": [...]}`` by position, with :func:`is_held_out`."""
    parts: dict[str, list[T]] = {name: [] for name in SPLITS}
    for index, item in enumerate(items):
        parts["held-out" if is_held_out(index) else "dev"].append(item)
    return parts


@dataclass(frozen=True)
class Flag:
    """One span the detector flagged: ``datum.start``, ``datum.end``, ``datum.group``."""

    start: int
    end: int
    group: str


def overlaps(a_start: int, a_end: int, b_start: int, b_end: int) -> bool:
    return a_start < b_end and b_start < a_end


def covered(start: int, end: int, spans: Iterable[tuple[int, int]], text: str) -> bool:
    """Every non-space character of ``text[start:end]`` lies inside one of ``spans``: a half-masked
    name ("[NAMN] Kowalski", "Anna-[NAMN]") still leaks, so it does not count as found."""
    spans = list(spans)
    return all(any(s <= i < e for s, e in spans) for i in range(start, end) if not text[i].isspace())


def ratio(part: float, whole: float) -> float | None:
    return part / whole if whole else None


# --- 1. Real news sentences with PER/ORG/LOC/MISC labels ------------------------------------


@dataclass(frozen=True)
class NerSentence:
    index: int
    text: str
    tokens: tuple[tuple[int, int, str], ...]  # (start, end, label) per token, label "0" for none

    def spans(self, label: str) -> list[tuple[int, int]]:
        """Character spans of runs of consecutive tokens with ``label`` (one PER run = one name)."""
        runs: list[tuple[int, int]] = []
        previous = None
        for start, end, token_label in self.tokens:
            if token_label == label and previous == label:
                runs[-1] = (runs[-1][0], end)
            elif token_label == label:
                runs.append((start, end))
            previous = token_label
        return runs


def rebuild_sentence(index: int, rows: Sequence[tuple[str, str]]) -> NerSentence:
    """Join ``(token, label)`` rows with single spaces, none before closing punctuation, and keep
    each token's character offsets."""
    text = ""
    tokens = []
    for position, (token, label) in enumerate(rows):
        if position and token not in NO_SPACE_BEFORE and rows[position - 1][0] not in NO_SPACE_AFTER:
            text += " "
        tokens.append((len(text), len(text) + len(token), label))
        text += token
    return NerSentence(index, text, tuple(tokens))


def with_names_in_lower_case(sentence: NerSentence) -> NerSentence:
    """The sentence with every person's name written in lower case, as hurried notes do: real
    contexts and real names that no list chose, without the capital that tells a name apart.
    Offsets stay (a name whose lower case has another length, rare, keeps its capitals)."""
    text = list(sentence.text)
    for start, end, label in sentence.tokens:
        lowered = sentence.text[start:end].lower()
        if label == "PER" and len(lowered) == end - start:
            text[start:end] = lowered
    return NerSentence(sentence.index, "".join(text), sentence.tokens)


def read_ner_corpus(path: Path) -> list[NerSentence]:
    """Sentences separated by blank lines, one ``token<TAB>label`` per line, numbered from 0."""
    sentences: list[NerSentence] = []
    rows: list[tuple[str, str]] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if not line.strip():
            if rows:
                sentences.append(rebuild_sentence(len(sentences), rows))
                rows = []
            continue
        # A few lines separate token and label with spaces instead of a tab, one has no label.
        token, _, label = line.rpartition("\t") if "\t" in line else line.strip().rpartition(" ")
        if not token.strip():
            token, label = label, "0"
        rows.append((token.strip(), label.strip() or "0"))
    return sentences


@dataclass
class NewsScore:
    names: int = 0
    found: int = 0
    flagged: int = 0
    flagged_on_person: int = 0
    false_alarms: Counter = field(default_factory=Counter)  # ORG / LOC / MISC / nothing
    missed: list[str] = field(default_factory=list)
    alarms: list[str] = field(default_factory=list)

    @property
    def recall(self) -> float | None:
        return ratio(self.found, self.names)

    @property
    def precision(self) -> float | None:
        return ratio(self.flagged_on_person, self.flagged)


def score_news(sentences: Sequence[NerSentence], flags: Sequence[Sequence[Flag]]) -> NewsScore:
    """Recall on PER runs (all of a name covered by flags of group "name"), and the flagged name
    spans that touch no PER token, by the label they do touch."""
    result = NewsScore()
    for sentence, found in zip(sentences, flags, strict=True):
        names = [(f.start, f.end) for f in found if f.group == "name"]
        people = sentence.spans("PER")
        for start, end in people:
            result.names += 1
            if covered(start, end, names, sentence.text):
                result.found += 1
            else:
                result.missed.append(sentence.text[start:end])
        for start, end in names:
            result.flagged += 1
            if any(overlaps(start, end, s, e) for s, e in people):
                result.flagged_on_person += 1
                continue
            labels = [label for s, e, label in sentence.tokens if overlaps(start, end, s, e) and label != "0"]
            result.false_alarms[labels[0] if labels else "nothing"] += 1
            result.alarms.append(sentence.text[start:end])
    return result


# --- 2. Real official texts, every flag judged by hand ---------------------------------------


def word_count(text: str) -> int:
    return len(text.split())


def fingerprint(value: str) -> str:
    """A short sha1 of the flagged text: the judgment file holds no document text, yet notices
    when the same offsets now cover something else."""
    return hashlib.sha1(value.encode("utf-8")).hexdigest()[:SHA1_LENGTH]


@dataclass(frozen=True)
class Judgment:
    file: str
    start: int
    end: int
    group: str
    sha1: str
    verdict: str
    reason: str

    @property
    def key(self) -> tuple[str, int, int, str, str]:
        return self.file, self.start, self.end, self.group, self.sha1


def read_judgments(path: Path) -> dict[tuple[str, int, int, str, str], Judgment]:
    """The judgments TSV, keyed by (file, start, end, group, sha1). Unknown verdicts are refused."""
    if not path.exists():
        return {}
    judgments: dict[tuple[str, int, int, str, str], Judgment] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t")
        if tuple(reader.fieldnames or ()) != JUDGMENT_COLUMNS:
            raise ValueError(f"{path.name}: kolumnerna ska vara {', '.join(JUDGMENT_COLUMNS)}")
        for line, row in enumerate(reader, start=2):
            if row["verdict"] not in VERDICTS:
                raise ValueError(f"{path.name} rad {line}: okänt omdöme {row['verdict']!r}")
            judgment = Judgment(row["file"], int(row["start"]), int(row["end"]), row["group"], row["sha1"],
                                row["verdict"], row["reason"])
            judgments[judgment.key] = judgment
    return judgments


def write_judgments(path: Path, judgments: Iterable[Judgment]) -> None:
    ordered = sorted(judgments, key=lambda j: (j.file, j.start, j.end, j.group))
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter="\t", lineterminator="\n")
        writer.writerow(JUDGMENT_COLUMNS)
        for j in ordered:
            writer.writerow([j.file, j.start, j.end, j.group, j.sha1, j.verdict, j.reason])


def add_judgment(path: Path, file: str, text: str, start: int, end: int, group: str, verdict: str,
                 reason: str) -> Judgment:
    """Judge the flag ``text[start:end]`` of ``file``, replacing an earlier judgment of the same place."""
    if verdict not in VERDICTS:
        raise ValueError(f"okänt omdöme {verdict!r}: välj {', '.join(VERDICTS)}")
    if not 0 <= start < end <= len(text):
        raise ValueError(f"{file}: {start}-{end} ligger utanför texten")
    if "\t" in reason or "\n" in reason:
        raise ValueError("skälet ska vara en rad utan tabbar")
    judgment = Judgment(file, start, end, group, fingerprint(text[start:end]), verdict, reason)
    kept = [j for j in read_judgments(path).values() if (j.file, j.start, j.end, j.group) != judgment.key[:4]]
    write_judgments(path, [*kept, judgment])
    return judgment


@dataclass(frozen=True)
class OfficialFlag:
    file: str
    start: int
    end: int
    group: str
    value: str

    @property
    def key(self) -> tuple[str, int, int, str, str]:
        return self.file, self.start, self.end, self.group, fingerprint(self.value)


@dataclass
class OfficialScore:
    words: int = 0
    flags: int = 0
    verdicts: Counter = field(default_factory=Counter)  # personal / false_alarm / debatable / unjudged
    unjudged: list[OfficialFlag] = field(default_factory=list)
    judged_keys: set[tuple[str, int, int, str, str]] = field(default_factory=set)

    @property
    def false_alarms(self) -> int:
        """Judged false alarms and flags nobody has judged yet (unknown counts against us)."""
        return self.verdicts["false_alarm"] + self.verdicts["unjudged"]

    def per_1000_words(self, count: int) -> float | None:
        return ratio(1000 * count, self.words)


def score_official(texts: dict[str, str], flags: dict[str, Sequence[Flag]],
                   judgments: dict[tuple[str, int, int, str, str], Judgment]) -> OfficialScore:
    """Look every flag up in the judgments; a flag whose offsets, group or text changed is unjudged."""
    result = OfficialScore()
    for name, text in texts.items():
        result.words += word_count(text)
        for flag in flags[name]:
            result.flags += 1
            official = OfficialFlag(name, flag.start, flag.end, flag.group, text[flag.start : flag.end])
            judgment = judgments.get(official.key)
            if judgment is None:
                result.verdicts["unjudged"] += 1
                result.unjudged.append(official)
            else:
                result.verdicts[judgment.verdict] += 1
                result.judged_keys.add(judgment.key)
    return result


# --- 3. Synthetic letters with exact gold spans ----------------------------------------------

# The detector reports samordningsnummer (and possible personnummer) in the group "personnummer".
FLAG_GROUP = {"samordningsnummer": "personnummer"}


@dataclass
class Item:
    """A text built from parts, with the kind of each part recorded: gold spans are exact."""

    text: str = ""
    gold: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, group)
    distractors: list[tuple[int, int, str]] = field(default_factory=list)  # (start, end, kind)

    def add(self, part: str, group: str | None = None, distractor: str | None = None) -> None:
        start = len(self.text)
        self.text += part
        if group:
            self.gold.append((start, len(self.text), group))
        if distractor:
            self.distractors.append((start, len(self.text), distractor))


@dataclass
class LetterScore:
    gold: Counter = field(default_factory=Counter)
    found: Counter = field(default_factory=Counter)
    flagged: Counter = field(default_factory=Counter)
    flagged_on_gold: Counter = field(default_factory=Counter)
    distractors: Counter = field(default_factory=Counter)
    distractors_flagged: Counter = field(default_factory=Counter)
    missed: dict[str, list[str]] = field(default_factory=dict)
    alarms: list[str] = field(default_factory=list)
    outcomes: list[tuple[str, str, bool]] = field(default_factory=list)  # (group, value, found)

    def recall(self, group: str) -> float | None:
        return ratio(self.found[group], self.gold[group])

    def precision(self, group: str) -> float | None:
        return ratio(self.flagged_on_gold[group], self.flagged[group])


def name_form(value: str) -> str:
    """How a gold name is written: "initials" (J.K.), "lower case" (jana), or "capitalised"."""
    if "." in value:
        return "initials"
    return "lower case" if value.islower() else "capitalised"


def score_letters(items: Sequence[Item], flags: Sequence[Sequence[Flag]]) -> LetterScore:
    """Recall per gold group (full coverage by flags of the matching group), precision per flagged
    group (flags touching gold of any group), and distractors touched by any flag."""
    result = LetterScore()
    for item, found in zip(items, flags, strict=True):
        for start, end, group in item.gold:
            result.gold[group] += 1
            spans = [(f.start, f.end) for f in found if f.group == FLAG_GROUP.get(group, group)]
            found_it = covered(start, end, spans, item.text)
            result.outcomes.append((group, item.text[start:end], found_it))
            if found_it:
                result.found[group] += 1
            else:
                result.missed.setdefault(group, []).append(item.text[start:end])
        for f in found:
            result.flagged[f.group] += 1
            if any(overlaps(f.start, f.end, s, e) for s, e, _ in item.gold):
                result.flagged_on_gold[f.group] += 1
            else:
                result.alarms.append(f"{f.group}: {item.text[f.start:f.end]}")
        for start, end, kind in item.distractors:
            result.distractors[kind] += 1
            if any(overlaps(f.start, f.end, start, end) for f in found):
                result.distractors_flagged[kind] += 1
    return result
