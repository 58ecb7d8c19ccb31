"""The analysis engine: text in, :class:`Report` out. Knows nothing of Flask or files."""

from __future__ import annotations

import threading
from collections.abc import Iterable
from pathlib import Path

from spacy.language import Language

from klarsprak.analysis import spans
from klarsprak.analysis.document import MAX_CHARS, make_doc, validate_text
from klarsprak.analysis.findings import Finding, Report
from klarsprak.analysis.inflection import derive_paradigms, load_paradigms
from klarsprak.analysis.kinds import KINDS, Hit, Kind, Resources, load_plugins
from klarsprak.analysis.lexicon import forms_of, known_words, release, verb_forms
from klarsprak.analysis.metrics import compute_metrics
from klarsprak.analysis.nlp import load_pipeline
from klarsprak.analysis.rules import Rule, default_rules_dir, load_accepted_words, load_rules
from klarsprak.analysis.suggestion_check import check_suggestions


class _Template(dict):
    """Leaves unknown placeholders empty instead of failing: a typo in YAML must not crash."""

    def __missing__(self, key: str) -> str:
        return ""


class Analyzer:
    """A compiled rule set plus the pipeline. Build once, call :meth:`analyze` many times."""

    def __init__(self, rules_dir: Path | None = None, nlp: Language | None = None, *,
                 rules: list[Rule] | None = None, accepted: Iterable[str] | None = None) -> None:
        """``rules`` and ``accepted`` replace what ``rules_dir`` holds (a local rule set made from
        the shipped defaults and changes kept elsewhere); the paradigms still come from the folder."""
        self.rules_dir = rules_dir or default_rules_dir()
        load_plugins()
        self.rules: list[Rule] = list(rules) if rules is not None else load_rules(self.rules_dir, KINDS)
        self.accepted = (frozenset(w.lower() for w in accepted) if accepted is not None
                         else load_accepted_words(self.rules_dir))
        needed: set[str] = set()
        suggested: set[str] = set()
        for rule in self.rules:
            needed |= KINDS[rule.kind].lemmas_needed(rule)
            suggested |= KINDS[rule.kind].suggested_words(rule)
        forms = forms_of(needed | suggested)
        # The file's paradigms win over those read off the lexicon (strong verbs, particles).
        # Paradigms of the listed verbs too: their written form tells the tense to give a suggestion.
        paradigms = derive_paradigms(forms) | load_paradigms(self.rules_dir)
        resources = Resources(forms={w: forms[w] for w in needed}, paradigms=paradigms)
        verb_forms()  # derive the passive lexicon now, from the table already in memory
        known_words()  # and the word list that tells names from common words
        release()
        self.kinds: list[Kind] = [KINDS[rule.kind](rule, resources) for rule in self.rules]
        self._nlp = nlp

    @property
    def nlp(self) -> Language:
        if self._nlp is None:
            self._nlp = load_pipeline()
        return self._nlp

    def select(self, disabled: Iterable[str] = ()) -> list[Kind]:
        """The compiled rules that remain when ``disabled`` ids or categories are switched off."""
        disabled = list(disabled)
        return [k for k in self.kinds if not any(k.rule.matches_selector(d) for d in disabled)]

    def analyze(
        self,
        text: str,
        *,
        disabled: Iterable[str] = (),
        file: str | None = None,
        max_chars: int = MAX_CHARS,
    ) -> Report:
        """Analyse ``text``; raise :class:`~klarsprak.analysis.errors.AnalysisError` on bad input."""
        validate_text(text, max_chars)
        doc = make_doc(self.nlp, text)
        findings: list[Finding] = []
        kinds = self.select(disabled)
        for kind in kinds:
            findings.extend(self._finding(kind.rule, hit, text) for hit in kind.find(doc))
        findings = self._drop_accepted(self._drop_yielding(findings))
        findings = check_suggestions(self.nlp, doc, text, findings, kinds)
        findings.sort(key=lambda f: (f.start, f.end, f.rule))
        sentences = []
        for sentence in spans.sentences(doc):
            tokens = [t for t in sentence if not t.is_space]
            if tokens:
                sentences.append((tokens[0].idx, tokens[-1].idx + len(tokens[-1].text)))
        return Report(text=text, metrics=compute_metrics(doc), sentences=sentences,
                      findings=findings, file=file)

    @staticmethod
    def _finding(rule: Rule, hit: Hit, text: str) -> Finding:
        values = _Template(hit.values)
        values.setdefault("match", text[hit.start : hit.end])
        suggestions = hit.suggestions or rule.suggestions
        return Finding(
            rule=rule.id,
            category=rule.category,
            severity=hit.severity or rule.severity,
            start=hit.start,
            end=hit.end,
            text=text[hit.start : hit.end],
            message=rule.message.format_map(values).strip(),
            explanation=rule.explanation,
            suggestions=tuple(suggestions),
            level=hit.level or rule.level,
            one_click=hit.one_click and bool(suggestions),
        )

    def _drop_yielding(self, findings: list[Finding]) -> list[Finding]:
        """Drop a finding when a rule it yields to has flagged an overlapping span."""
        yields = {r.id: r.yields_to for r in self.rules if r.yields_to}
        if not yields:
            return findings
        kept = []
        for finding in findings:
            targets = yields.get(finding.rule, ())
            overlapped = targets and any(
                (other.rule in targets or other.category in targets)
                and other.start < finding.end
                and finding.start < other.end
                for other in findings
                if other is not finding
            )
            if not overlapped:
                kept.append(finding)
        return kept

    def _drop_accepted(self, findings: list[Finding]) -> list[Finding]:
        """Drop findings on words listed in ``rules/accept.txt``, except for kinds that no list
        may silence (personal data)."""
        if not self.accepted:
            return findings
        silenced = {k.rule.id for k in self.kinds if not k.acceptable}
        return [f for f in findings if f.rule in silenced or f.text.lower() not in self.accepted]


_default: Analyzer | None = None
_lock = threading.Lock()


def default_analyzer() -> Analyzer:
    """The process-wide analyzer over the shipped rules (built on first use)."""
    global _default
    if _default is None:
        with _lock:
            if _default is None:
                _default = Analyzer()
    return _default


def analyze(text: str, *, disabled: Iterable[str] = (), file: str | None = None) -> Report:
    """Analyse a Swedish text with the shipped pipeline and rules.

    Raises :class:`klarsprak.analysis.errors.AnalysisError` (a ``ValueError``) with a Swedish
    message for empty, too long, binary or non-Swedish text.
    """
    return default_analyzer().analyze(text, disabled=disabled, file=file)
