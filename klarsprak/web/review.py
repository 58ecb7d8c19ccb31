"""The reviewer's pages: the queue, taking a text, the reading view, comments and the decision."""

from __future__ import annotations

import datetime as dt

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user, login_required
from sqlalchemy import exists, select
from sqlalchemy.orm import joinedload, selectinload

from klarsprak.analysis.errors import AnalysisError
from klarsprak.extensions import db
from klarsprak.review import permissions, services
from klarsprak.review.analysis import report_for
from klarsprak.review.models import Comment, Review, Role, Text, User, utcnow
from klarsprak.review.services import VERDICTS, WorkflowError
from klarsprak.review.states import IllegalTransition, TextState
from klarsprak.review.views import view_for
from klarsprak.web.access import role_required, text_for
from klarsprak.web.diffing import diff_html
from klarsprak.web.forms import ActionForm, CommentForm, DecisionForm
from klarsprak.web.highlight import highlight, shown
from klarsprak.web.pagination import paginate
from klarsprak.web.texts import masked_note

bp = Blueprint("review", __name__, url_prefix="/granska")
QUEUE_PAGE_SIZE = 25  # rows a page of "Väntar på granskning" and of "Pågående granskningar"
COMMENT_PAGE_SIZE = 20  # the reviewer's comment threads a page in the reading view


@bp.route("/")
@role_required(Role.REVIEWER, Role.COMMUNICATOR, Role.ADMIN)
def queue():
    """Texts waiting for review, oldest first, a page at a time, and the ones I am reviewing
    (claims older than CLAIM_DAYS go back to the queue in `flask daily`: no GET writes)."""
    # A version this reviewer has approved waits for someone else's approval, not theirs.
    approved_by_me = exists().where(Review.text_id == Text.id, Review.revision_number == Text.current_version,
                                    Review.reviewer_id == current_user.id, Review.decision == "approve")
    open_to_me = (Text.state == TextState.WAITING.value, Text.author_id != current_user.id, ~approved_by_me)
    # A new version goes back first to the reviewer who asked for the changes, for CLAIM_DAYS:
    # only texts sent since then, with a request for changes, can be held for someone.
    days = current_app.config["CLAIM_DAYS"]
    since = utcnow() - dt.timedelta(days=days)
    asked_changes = exists().where(Review.text_id == Text.id, Review.decision == "changes")
    holders = services.returned_to_many(list(db.session.scalars(
        select(Text.id).where(*open_to_me, Text.submitted_at >= since, asked_changes))))
    with_author = (selectinload(Text.revisions), joinedload(Text.author))
    back_to_me = db.session.scalars(
        select(Text).where(Text.id.in_([t for t, holder in holders.items() if holder == current_user.id]))
        .options(*with_author).order_by(Text.submitted_at.asc(), Text.id.asc())
    ).all()
    waiting = paginate(
        select(Text).where(*open_to_me, Text.id.not_in(list(holders))).options(*with_author)
        .order_by(Text.submitted_at.asc(), Text.id.asc()), QUEUE_PAGE_SIZE, anchor="vantar")
    mine = db.session.scalars(
        select(Text).where(Text.state == TextState.IN_REVIEW.value, Text.claimed_by_id == current_user.id)
        .options(*with_author)
    ).all()
    return render_template("review/queue.html", waiting=[view_for(current_user, t) for t in waiting.items],
                           pager=waiting, back_to_me=[view_for(current_user, t) for t in back_to_me],
                           mine=[view_for(current_user, t) for t in mine], action=ActionForm(), claim_days=days)


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
        services.claim(current_user, text, current_app.config["CLAIM_DAYS"])
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
    if permissions.can_see_all_texts(current_user):
        return redirect(url_for("review.ongoing"))
    return redirect(url_for("review.queue"))


@bp.route("/pagaende")
@role_required(Role.COMMUNICATOR, Role.ADMIN)
def ongoing():
    """For the kommunikatör: every text someone is reviewing, longest held first, to free a
    stalled claim or give the text to another reviewer."""
    held = paginate(
        select(Text).where(Text.state == TextState.IN_REVIEW.value)
        .options(selectinload(Text.revisions), joinedload(Text.author), joinedload(Text.claimed_by))
        .order_by(Text.claimed_at.asc(), Text.id.asc()), QUEUE_PAGE_SIZE, endpoint="review.ongoing")
    reviewers = db.session.scalars(select(User).where(User.role == Role.REVIEWER.value, User.active.is_(True))
                                   .order_by(User.display_name)).all()
    now = utcnow()
    rows = [(view_for(current_user, t), t.claimed_by.display_name if t.claimed_by else "",
             (now - t.claimed_at).days if t.claimed_at else 0) for t in held.items]
    return render_template("review/ongoing.html", rows=rows, pager=held, reviewers=reviewers, action=ActionForm(),
                           claim_days=current_app.config["CLAIM_DAYS"])


@bp.route("/<int:text_id>/ge-till", methods=["POST"])
@role_required(Role.COMMUNICATOR, Role.ADMIN)
def hand_over(text_id: int):
    """Give a text to another reviewer (audited); a refusal says why on the same page."""
    text = text_for(text_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    reviewer = db.session.get(User, request.form.get("reviewer_id", type=int) or 0)
    if reviewer is None:
        flash("Välj en granskare.", "error")
        return ongoing(), 400
    try:
        services.hand_over(current_user, text, reviewer)
    except WorkflowError as exc:
        flash(str(exc), "error")
        return ongoing(), exc.status
    except IllegalTransition as exc:  # a draft, an approved or archived text: nobody reviews it now
        flash(str(exc), "error")
        return ongoing(), 409
    flash(f"Texten är given till {reviewer.display_name}.")
    return redirect(url_for("review.ongoing"))


@bp.route("/hjalp")
@login_required
def help_page():
    """"Så granskar du": a short page in lättläst Swedish for the brukare who review."""
    return render_template("help/reviewing.html", text_size=text_size(), text_sizes=TEXT_SIZES)


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
    # The reviewer's own comments with the writer's answers and "handled" marks: replies are
    # masked when they are written, so this is the masked projection already. Newest first, a
    # page at a time: the one just written is at the top, and a long review stays a small page.
    comments = paginate(
        select(Comment).where(Comment.text_id == text.id, Comment.parent_id.is_(None),
                              Comment.author_id == current_user.id)
        .options(selectinload(Comment.replies)).order_by(Comment.id.desc()),
        COMMENT_PAGE_SIZE, arg="kommentarsida", anchor="mina-kommentarer", endpoint="review.read")
    asked_changes = services.last_change_request(current_user, text) is not None
    response = make_response(render_template(
        "review/read.html", text=view, body=body, paragraphs=paragraphs(body, spans), comments=comments.items,
        comment_pager=comments,
        marked=highlight(report) if report else None, verdicts=VERDICTS, asked_changes=asked_changes,
        can_review=permissions.can_review(current_user, text), comment_form=CommentForm(),
        decision_form=decision_form or DecisionForm(formdata=None), action=ActionForm(),
        text_size=text_size(), text_sizes=TEXT_SIZES,
    ))
    remember_text_size(response)
    return response


@bp.route("/<int:text_id>/andringar")
@role_required(Role.REVIEWER)
def changes(text_id: int):
    """"Vad har ändrats sedan din granskning": the masked copy the reviewer asked changes on,
    against the masked copy of the version now sent."""
    text = text_for(text_id)
    asked = services.last_change_request(current_user, text)
    shared = text.shared_revision()
    if asked is None or shared is None:
        abort(404)
    before = next((r for r in text.revisions if r.number == asked.revision_number), None)
    if before is None or before.review_body is None:
        abort(404)
    # The reviewer's comments with the writer's answers, oldest first (the order they were
    # answered in), a page at a time like the reading view: a long review stays a small page.
    comments = paginate(
        select(Comment).where(Comment.text_id == text.id, Comment.parent_id.is_(None),
                              Comment.author_id == current_user.id)
        .options(selectinload(Comment.replies)).order_by(Comment.id),
        COMMENT_PAGE_SIZE, arg="kommentarsida", anchor="svar", endpoint="review.changes")
    response = make_response(render_template(
        "review/changes.html", text=view_for(current_user, text), old=before.number, new=shared.number,
        diff=diff_html(before.review_body, shared.review_body or ""), same=before.review_body == shared.review_body,
        comments=comments.items, comment_pager=comments, verdicts=VERDICTS, text_size=text_size(),
        text_sizes=TEXT_SIZES,
    ))
    remember_text_size(response)
    return response


# Text sizes of the reading pages: the root size, so every control grows with the text.
TEXT_SIZES = {"normal": ("Normal", "100%"), "stor": ("Stor", "137.5%"), "storst": ("Störst", "175%")}
TEXT_SIZE_COOKIE = "textstorlek"


def text_size() -> str:
    """The chosen text size: from the link just followed, else as remembered in a cookie."""
    chosen = request.args.get("storlek") or request.cookies.get(TEXT_SIZE_COOKIE, "normal")
    return chosen if chosen in TEXT_SIZES else "normal"


def remember_text_size(response: Response) -> None:
    """Keep a size chosen with a link for the next page (a year; no personal data in it)."""
    chosen = request.args.get("storlek")
    if chosen in TEXT_SIZES and chosen != request.cookies.get(TEXT_SIZE_COOKIE):
        response.set_cookie(TEXT_SIZE_COOKIE, chosen, max_age=365 * 24 * 3600, samesite="Lax", httponly=True,
                            secure=request.is_secure)


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
