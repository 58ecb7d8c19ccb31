"""Render a text with its findings marked, HTML-escaped, for the templates."""

from __future__ import annotations

from dataclasses import replace

from markupsafe import Markup, escape

from klarsprak.analysis.findings import Report

# Besides colour, each severity has its own underline style and a text label (WCAG 1.4.1).
# Findings about whole sentences or paragraphs are listed, not marked inside the text.
WHOLE_PASSAGE = ("sentence-length", "readability")
LABELS = {"info": "Tips", "suggestion": "Förslag", "warning": "Varning"}


def shown(report: Report, with_tips: bool = False) -> tuple[Report, int]:
    """The report as a page shows it: findings of level "tips" only on request. Returns the
    report and how many tips were left out, so the page can offer them."""
    if with_tips:
        return report, 0
    kept = [f for f in report.findings if f.shown_by_default]
    return replace(report, findings=kept), len(report.findings) - len(kept)


def highlight(report: Report, ids: list[str] | None = None) -> Markup:
    """The text as HTML with ``<mark>`` around word-level findings (not whole sentences).
    ``ids``: the list items' ids, one per finding, when they are not ``f1``, ``f2`` …"""
    text = report.text
    marks = [f for f in report.findings if f.end > f.start and f.category not in WHOLE_PASSAGE]
    out: list[str] = []
    position = 0
    for finding in sorted(marks, key=lambda f: f.start):
        if finding.start < position:
            continue  # overlapping marks: the first one wins; all are listed below the text
        index = report.findings.index(finding)
        number = index + 1
        target, mark = (ids[index], f"m-{ids[index]}") if ids else (f"f{number}", f"m{number}")
        out.append(str(escape(text[position : finding.start])))
        out.append(
            f'<mark class="finding {finding.severity}" id="{escape(mark)}">'
            f"{escape(text[finding.start : finding.end])}"
            f'<sup><a href="#{escape(target)}" aria-label="{LABELS[finding.severity]} {number}">{number}</a></sup></mark>'
        )
        position = finding.end
    out.append(str(escape(text[position:])))
    # bandit B704 is a false positive: all text is escaped above (a bare nosec: with an id, bandit warns).
    return Markup("".join(out))  # nosec
