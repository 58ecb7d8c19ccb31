"""The result of an analysis: findings, sentences and metrics, with the stable JSON shape."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

SEVERITIES: tuple[str, ...] = ("info", "suggestion", "warning")
# Where a finding is shown. "default": in the list a writer sees. "tips": only when the writer
# asks for tips (a defensible passive, a 21-25-word sentence, a long but transparent word). The
# web layer hides a finding whose ``level`` is "tips" unless tips are switched on.
LEVELS: tuple[str, ...] = ("default", "tips")


def severity_rank(severity: str) -> int:
    """Order of severities: info < suggestion < warning."""
    return SEVERITIES.index(severity)


@dataclass(frozen=True)
class Finding:
    """One place in the text that a rule has something to say about."""

    rule: str
    category: str
    severity: str
    start: int
    end: int
    text: str
    message: str
    explanation: str
    suggestions: tuple[str, ...] = ()
    level: str = "default"  # "tips": shown only on request (see LEVELS)
    # False: the suggestion is advice to read, not a replacement to put in with one click
    # (it cannot be made to fit the sentence grammatically).
    one_click: bool = True

    @property
    def shown_by_default(self) -> bool:
        return self.level == "default"

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "category": self.category,
            "severity": self.severity,
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "message": self.message,
            "explanation": self.explanation,
            "suggestions": list(self.suggestions),
            "level": self.level,
            "one_click": self.one_click,
        }


@dataclass(frozen=True)
class Metrics:
    """Readability figures for a whole text."""

    words: int = 0
    sentences: int = 0
    avg_sentence_length: float = 0.0
    lix: float = 0.0
    ovix: float = 0.0
    nominal_ratio: float = 0.0
    passive_share: float = 0.0
    long_word_share: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "words": self.words,
            "sentences": self.sentences,
            "avg_sentence_length": round(self.avg_sentence_length, 2),
            "lix": round(self.lix, 2),
            "ovix": round(self.ovix, 2),
            "nominal_ratio": round(self.nominal_ratio, 3),
            "passive_share": round(self.passive_share, 3),
            "long_word_share": round(self.long_word_share, 3),
        }


@dataclass
class Report:
    """Everything ``analyze()`` found in one text."""

    text: str
    metrics: Metrics
    sentences: list[tuple[int, int]]
    findings: list[Finding] = field(default_factory=list)
    file: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The JSON contract: ``file``, ``metrics``, ``sentences`` and ``findings``."""
        return {
            "file": self.file,
            "metrics": self.metrics.to_dict(),
            "sentences": [{"start": s, "end": e} for s, e in self.sentences],
            "findings": [f.to_dict() for f in self.findings],
        }

    def worst_severity(self) -> str | None:
        """The most severe finding's severity, or None when nothing was found."""
        if not self.findings:
            return None
        return max((f.severity for f in self.findings), key=severity_rank)
