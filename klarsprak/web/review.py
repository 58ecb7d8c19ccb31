"""The reviewer's pages: the queue, taking a text, the reading view, comments and the decision."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, url_for
from flask_login import current_user, login_required
from sqlalchemy import exists, func, select
from sqlalchemy.orm import joinedload, selectinload

from klarsprak.analysis.errors import AnalysisError
from klarsprak.extensions import db
from klarsprak.review import permissions, services
from klarsprak.review.analysis import report_for
from klarsprak.review.models import Comment, Review, Revision, Role, Text
from klarsprak.review.services import VERDICTS, WorkflowError
from klarsprak.review.states import TextState
from klarsprak.review.views import view_for
from klarsprak.web.access import role_required, text_for
from klarsprak.web.forms import ActionForm, CommentForm, DecisionForm
from klarsprak.web.highlight import highlight, shown
from klarsprak.web.texts import masked_note

bp = Blueprint("review", __name__, url_prefix="/granska")


@bp.route("/")
@role_required(Role.REVIEWER, Role.COMMUNICATOR, Role.ADMIN)
def queue():
    """Texts waiting for review, oldest first, and the ones I am reviewing."""
    services.expire_claims(current_app.config["CLAIM_DAYS"])
    length = func.length(Revision.review_body)
    # A version this reviewer has approved waits for someone else's approval, not theirs.
    approved_by_me = exists().where(Review.text_id == Text.id, Review.revision_number == Text.current_version,
                                    Review.reviewer_id == current_user.id, Review.decision == "approve")
    waiting = db.session.execute(
        select(Text, length).join(Revision, (Revision.text_id == Text.id) & (Revision.number == Text.current_version))
        .where(Text.state == TextState.WAITING.value, Text.author_id != current_user.id, ~approved_by_me)
        .options(selectinload(Text.revisions), joinedload(Text.author))
        .order_by(Text.submitted_at.asc(), Text.id.asc()).limit(200)
    ).all()
    mine = db.session.scalars(
        select(Text).where(Text.state == TextState.IN_REVIEW.value, Text.claimed_by_id == current_user.id)
        .options(selectinload(Text.revisions), joinedload(Text.author))
    ).all()
    return render_template("review/queue.html", waiting=[(view_for(current_user, t), n) for t, n in waiting],
                           mine=[view_for(current_user, t) for t in mine], action=ActionForm())


@bp.route("/<int:text_id>/ta", methods=["POST"])
@role_required(Role.REVIEWER)
def claim(text_id: int):
    # No visibility check here: a reviewer who clicks a text that someone else has just taken
    # should hear that, not get a "not allowed" page. The service refuses anything not waiting.
    text = db.session.get(Text, text_id)
    if text is None:
        abort(404)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.claim(current_user, text)
    except WorkflowError as exc:  # someone was quicker: say so on the queue, to pick another text
        flash(str(exc), "error")
        return queue(), exc.status
    flash("Texten är din att granska. Ingen annan kan ta den medan du granskar.")
    return redirect(url_for("review.read", text_id=text.id))


@bp.route("/<int:text_id>/slapp", methods=["POST"])
@role_required(Role.REVIEWER, Role.COMMUNICATOR, Role.ADMIN)
def release(text_id: int):
    text = text_for(text_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    services.release(current_user, text)
    flash("Texten är tillbaka i listan så att någon annan kan granska den.")
    return redirect(url_for("review.queue"))


@bp.route("/<int:text_id>")
@login_required  # text_for checks who may see it; what they see is decided by view_for
def read(text_id: int, decision_form: DecisionForm | None = None):
    """The calm reading view: the text sentence by sentence, comments, rating. ``decision_form``:
    a refused decision, shown again with what was chosen and typed."""
    text = text_for(text_id)
    view = view_for(current_user, text)
    if view.originals:
        return redirect(url_for("texts.show", text_id=text.id))
    if not view.sent:  # never sent: others may see only its kind, state and dates
        return render_template("review/unsent.html", text=view)
    body = view.body or ""  # the reviewers' projection, never the author's original
    try:
        report = shown(report_for(body))[0]  # the marks reviewers may switch on: no tips
    except AnalysisError:
        report = None
    spans = report.sentences if report else [(0, len(body))]
    comments = db.session.scalars(
        select(Comment).where(Comment.text_id == text.id, Comment.parent_id.is_(None),
                              Comment.author_id == current_user.id).order_by(Comment.id)
    ).all()
    return render_template(
        "review/read.html", text=view, body=body, paragraphs=paragraphs(body, spans), comments=comments,
        marked=highlight(report) if report else None, verdicts=VERDICTS,
        can_review=permissions.can_review(current_user, text), comment_form=CommentForm(),
        decision_form=decision_form or DecisionForm(formdata=None), action=ActionForm(),
    )


def paragraphs(body: str, spans: list[tuple[int, int]]) -> list[list[tuple[int, int, str]]]:
    """Sentences grouped as the writer laid them out: a line break between two sentences starts
    a new block, so a reader sees paragraphs, headings and signature lines, not one long list."""
    blocks: list[list[tuple[int, int, str]]] = []
    previous_end = None
    for start, end in spans:
        if previous_end is None or "\n" in body[previous_end:start]:
            blocks.append([])
        blocks[-1].append((start, end, body[start:end]))
        previous_end = end
    return blocks


def may_try_review(user, text: Text) -> bool:
    """Comments and decisions go to the service, which answers 409 when the claim or the state
    has moved on since the page was loaded (the typed text is shown again); only authors are
    refused here."""
    return text.author_id != user.id


@bp.route("/<int:text_id>/kommentar", methods=["POST"])
@role_required(Role.REVIEWER)
def comment(text_id: int):
    text = text_for(text_id, may_try_review)
    form = CommentForm()
    if not form.validate_on_submit():
        flash("Kommentaren kunde inte sparas. Försök igen.", "error")
    else:
        _comment, masked = services.add_comment(current_user, text, form.body.data or "", form.start.data,
                                                form.end.data, form.verdict.data or None)
        flash("Din kommentar är sparad." + masked_note(masked))
    anchor = f"#s{form.start.data}" if form.start.data is not None else "#kommentarer"
    return redirect(url_for("review.read", text_id=text.id) + anchor)


@bp.route("/<int:text_id>/beslut", methods=["POST"])
@role_required(Role.REVIEWER)
def decide(text_id: int):
    text = text_for(text_id, may_try_review)
    form = DecisionForm()
    if not form.validate_on_submit():
        errors = [e for field in form.errors.values() for e in field]
        flash(" ".join(errors) or "Något saknas i formuläret.", "error")
        return read(text.id, decision_form=form), 400  # the ratings, minutes and summary are kept
    services.decide(current_user, text, vardat=int(form.vardat.data), enkelt=int(form.enkelt.data),
                    begripligt=int(form.begripligt.data), summary=form.summary.data or "",
                    decision=form.decision.data, approvals_needed=current_app.config["APPROVALS_NEEDED"],
                    minutes=form.minutes.data)
    flash("Tack! Din granskning är skickad till skribenten.")
    return redirect(url_for("review.queue"))
