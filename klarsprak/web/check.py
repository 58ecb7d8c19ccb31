"""The "Granska en text" page: a text box and the engine's findings, without JavaScript."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask_login import login_required

from klarsprak.analysis.errors import AnalysisError
from klarsprak.analysis.metrics import lix_band
from klarsprak.review.rule_changes import current_analyzer
from klarsprak.web.highlight import highlight, shown

bp = Blueprint("check", __name__)
MAX_FORM_CHARS = 100_000


@bp.route("/snabbkoll", methods=["GET", "POST"])
@login_required  # an analysis costs up to seconds of CPU: not for anyone on the internet
def check_page():
    text = request.form.get("text", "") if request.method == "POST" else ""
    report = error = None
    hidden = 0
    if request.method == "POST":
        try:
            if len(text) > MAX_FORM_CHARS:
                raise AnalysisError(f"Texten är för lång. Gränsen är {MAX_FORM_CHARS:,} tecken.".replace(",", " "))
            report, hidden = shown(current_analyzer().analyze(text), request.form.get("tips") == "1")
        except AnalysisError as exc:
            error = str(exc)
    return render_template(
        "check/page.html",
        text=text,
        report=report,
        error=error,
        marked=highlight(report) if report else None,
        band=lix_band(report.metrics.lix) if report else None,
        hidden_tips=hidden, with_tips=request.form.get("tips") == "1",
    ), (400 if error else 200)
