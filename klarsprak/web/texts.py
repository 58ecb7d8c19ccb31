"""The writer's pages: Mina texter, new text, analysis, editing, versions, comments."""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_required
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from klarsprak.analysis.errors import AnalysisError
from klarsprak.analysis.inputs import read_bytes
from klarsprak.analysis.metrics import lix_band
from klarsprak.extensions import db
from klarsprak.review import permissions, services
from klarsprak.review import personal_data as pd
from klarsprak.review.analysis import report_for
from klarsprak.review.models import Comment, Dismissal, Review, Role, Text
from klarsprak.review.services import WorkflowError
from klarsprak.review.views import view_for
from klarsprak.web.access import role_required, text_for
from klarsprak.web.diffing import diff_html
from klarsprak.web.forms import ActionForm, DismissForm, EditForm, NewTextForm, ReplyForm
from klarsprak.web.highlight import highlight, shown

bp = Blueprint("texts", __name__)
MAX_UPLOAD_BYTES = 2 * 1024 * 1024


@bp.route("/")
@login_required
def home():
    role = current_user.role_enum
    if role == Role.REVIEWER:
        return redirect(url_for("review.queue"))
    if role in (Role.COMMUNICATOR, Role.ADMIN):
        return redirect(url_for("texts.all_texts"))
    return redirect(url_for("texts.mine"))


@bp.route("/texter")
@login_required
def mine():
    texts = db.session.scalars(
        select(Text).where(Text.author_id == current_user.id).order_by(Text.updated_at.desc())
        .options(selectinload(Text.revisions), joinedload(Text.author))
    ).all()
    return render_template("texts/mine.html", texts=[view_for(current_user, t) for t in texts])


@bp.route("/alla-texter")
@role_required(Role.COMMUNICATOR, Role.ADMIN)
def all_texts():
    texts = db.session.scalars(
        select(Text).order_by(Text.updated_at.desc()).options(selectinload(Text.revisions), joinedload(Text.author))
    ).all()
    return render_template("texts/all.html", texts=[view_for(current_user, t) for t in texts],
                           dismissals=dismissal_counts())


@bp.route("/texter/ny", methods=["GET", "POST"])
@role_required(Role.WRITER, Role.COMMUNICATOR, Role.ADMIN)
def new():
    form = NewTextForm()
    error = None
    if form.validate_on_submit():
        body = form.body.data or ""
        upload = form.document.data
        try:
            if upload and upload.filename:
                data = upload.read(MAX_UPLOAD_BYTES + 1)
                if len(data) > MAX_UPLOAD_BYTES:
                    raise WorkflowError("Filen är för stor. Gränsen är 2 MB. Spara dokumentet utan bilder, "
                                        "eller klistra in texten i rutan.", 400)
                body = read_bytes(data, upload.filename)
            text = services.create_text(current_user, form.title.data, form.kind.data,
                                        form.audience.data or "", body)
            flash("Texten är sparad. Här är analysen.")
            return redirect(url_for("texts.show", text_id=text.id))
        except (AnalysisError, WorkflowError) as exc:
            error = str(exc)
    status = 400 if (error or form.errors) else 200
    return render_template("texts/new.html", form=form, error=error), status


def _analysis(text: Text, body: str, with_tips: bool = False):
    """Findings for ``body`` minus the ones dismissed for this text, and how many tips are
    hidden (shown when the writer asks for them)."""
    try:
        report = report_for(body)
    except AnalysisError as exc:
        return None, str(exc), 0
    dismissed = services.dismissed_hashes(text)
    findings = [f for f in report.findings if (f.rule, pd.value_hash(f.rule, f.text)) not in dismissed]
    report, hidden = shown(replace(report, findings=findings), with_tips)
    return report, None, hidden


@bp.route("/texter/<int:text_id>")
@login_required
def show(text_id: int, refusal: str | None = None):
    """The writer's page. ``refusal``: why the last action was refused, shown at the top so the
    writer can act on it right there (not on a dead-end error page)."""
    text = text_for(text_id)
    if not permissions.sees_originals(current_user, text):
        # Everyone but the author reads the reviewers' projection, on the reading page.
        return redirect(url_for("review.read", text_id=text.id))
    revision = text.revision()
    with_tips = request.args.get("tips") == "1"
    report, analysis_error, hidden_tips = _analysis(text, revision.body, with_tips)
    comments = db.session.scalars(
        select(Comment).where(Comment.text_id == text.id, Comment.parent_id.is_(None)).order_by(Comment.id)
        .options(selectinload(Comment.replies).joinedload(Comment.author), joinedload(Comment.author))
    ).all()
    reviews = db.session.scalars(select(Review).where(Review.text_id == text.id).order_by(Review.id)).all()
    found = pd.items(text)  # detected once for the list and the preview
    personal = pd.entries(text, found)  # with the placeholders reviewers will see: [NAMN 2]
    return render_template(
        "texts/show.html", text=text, revision=revision, report=report, analysis_error=analysis_error,
        personal=personal, undecided_fields={f for e in personal if e.choice is None for f in e.fields},
        where=pd.where, preview=pd.projection(text, found), shared=text.shared_revision(),
        dismiss_reasons=services.DISMISS_REASONS,
        marked=highlight(report) if report else None, band=lix_band(report.metrics.lix) if report else None,
        comments=comments, reviews=reviews, edit_form=EditForm(title=text.title, audience=text.audience, body=revision.body,
                                                               lock_version=text.lock_version),
        action=ActionForm(lock_version=text.lock_version), dismiss_form=DismissForm(), reply_form=ReplyForm(),
        can_edit=permissions.can_edit(current_user, text), can_submit=permissions.can_submit(current_user, text),
        can_archive=permissions.can_archive(current_user, text),
        can_withdraw=permissions.can_withdraw(current_user, text), refusal=refusal,
        hidden_tips=hidden_tips, with_tips=with_tips,
        tips_url=url_for("texts.show", text_id=text.id, tips=None if with_tips else "1") + "#analys",
    )


def _lock() -> int:
    try:
        return int(request.form.get("lock_version", ""))
    except ValueError:
        abort(400)


@bp.route("/texter/<int:text_id>/spara", methods=["POST"])
@login_required
def save(text_id: int):
    text = text_for(text_id)
    form = EditForm()
    if not form.validate_on_submit():
        return _edit_again(text, form, "; ".join(e for errors in form.errors.values() for e in errors))
    try:
        if text.state_enum.value == "andringar_begarda":
            services.new_version(current_user, text, form.body.data, _lock(), title=form.title.data,
                                 audience=form.audience.data or "")
            flash(f"Version {text.current_version} är sparad. Skicka den till granskning när du är klar.")
        else:
            services.save_draft(current_user, text, form.body.data, form.title.data, _lock(),
                                audience=form.audience.data or "")
            flash("Texten är sparad och analyserad igen.")
    except WorkflowError as exc:
        return _edit_again(text, form, str(exc), exc.status)
    return redirect(url_for("texts.show", text_id=text.id))


def _edit_again(text: Text, form: EditForm, message: str, status: int = 400):
    """Show the edit form again with what the person typed, so nothing is lost."""
    return render_template("texts/edit_error.html", text=text, form=form, message=message), status


@bp.route("/texter/<int:text_id>/anvand-forslag", methods=["POST"])
@login_required
def apply_suggestion(text_id: int):
    """One-click replacement: only if the passage is still exactly what the finding saw."""
    text = text_for(text_id, permissions.can_edit)
    if not ActionForm().validate_on_submit():
        abort(400)
    body = text.revision().body
    try:
        start, end = int(request.form["start"]), int(request.form["end"])
    except (KeyError, ValueError):
        abort(400)
    original, replacement = request.form.get("original", ""), request.form.get("replacement", "")
    if not (0 <= start <= end <= len(body)) or body[start:end] != original:
        raise services.StaleEdit()
    services.save_draft(current_user, text, body[:start] + replacement + body[end:], None, _lock())
    flash(f"”{original}” är utbytt mot ”{replacement}”.")
    return redirect(url_for("texts.show", text_id=text.id))


@bp.route("/texter/<int:text_id>/personuppgifter", methods=["POST"])
@login_required
def personal_datum(text_id: int):
    """Mask one personal detail, or keep it with a reason."""
    text = text_for(text_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    decision = request.form.get("decision", "")
    pd.decide(current_user, text, request.form.get("group", ""), request.form.get("quote", ""), decision,
              request.form.get("reason", ""))
    flash("Uppgiften maskeras för granskarna." if decision == "mask" else "Uppgiften står kvar.")
    return redirect(url_for("texts.show", text_id=text.id) + "#personuppgifter")


@bp.route("/texter/<int:text_id>/maskera-alla", methods=["POST"])
@login_required
def mask_all(text_id: int):
    text = text_for(text_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    count = pd.mask_all(current_user, text)
    flash(f"{count} personuppgifter maskeras för granskarna.")
    return redirect(url_for("texts.show", text_id=text.id) + "#personuppgifter")


@bp.route("/texter/<int:text_id>/skicka", methods=["POST"])
@login_required
def submit(text_id: int):
    text = text_for(text_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    try:
        services.submit(current_user, text, _lock())
    except services.NotAllowed:
        raise
    except WorkflowError as exc:  # undecided personal data, a stale page: say so on the text itself
        return show(text.id, refusal=str(exc)), exc.status
    flash("Texten är skickad till granskning.")
    return redirect(url_for("texts.show", text_id=text.id))


@bp.route("/texter/<int:text_id>/ta-tillbaka", methods=["POST"])
@login_required
def withdraw(text_id: int):
    """The author takes the text back from review; the reviewers' copy is removed."""
    text = text_for(text_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    services.withdraw(current_user, text)
    flash("Du har tagit tillbaka texten. Den är ett utkast igen och granskarna ser den inte längre.")
    return redirect(url_for("texts.show", text_id=text.id))


@bp.route("/texter/<int:text_id>/arkivera", methods=["POST"])
@login_required
def archive(text_id: int):
    text = text_for(text_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    services.archive(current_user, text)
    flash("Texten är arkiverad.")
    return redirect(url_for("texts.home"))


@bp.route("/texter/<int:text_id>/avfarda", methods=["POST"])
@login_required
def dismiss(text_id: int):
    text = text_for(text_id)
    form = DismissForm()
    if not form.validate_on_submit():
        flash("Välj varför markeringen inte stämmer.", "error")
        return redirect(url_for("texts.show", text_id=text.id))
    services.dismiss(current_user, text, form.rule.data, form.quote.data or "", form.reason.data, form.note.data or "")
    flash("Markeringen är borttagen för den här texten.")
    return redirect(url_for("texts.show", text_id=text.id))


@bp.route("/texter/<int:text_id>/jamfor")
@login_required
def compare(text_id: int):
    """Two versions side by side: the author compares originals, everyone else the reviewers'
    copies of the versions that were sent."""
    text = text_for(text_id)
    view = view_for(current_user, text)
    if view.originals:
        bodies = {r.number: r.body for r in text.revisions}
    else:
        bodies = {r.number: r.review_body for r in text.revisions if r.review_body is not None}
    if not bodies:
        abort(404)
    newest = max(bodies)
    old = request.args.get("fran", type=int) or max(min(bodies), newest - 1)
    new = request.args.get("till", type=int) or newest
    if old not in bodies or new not in bodies:
        abort(404)
    return render_template("texts/compare.html", text=view, old=old, new=new, numbers=sorted(bodies),
                           diff=diff_html(bodies[old], bodies[new]))


@bp.route("/texter/<int:text_id>/kommentarer/<int:comment_id>/svar", methods=["POST"])
@login_required
def reply(text_id: int, comment_id: int):
    text = text_for(text_id)
    parent = db.session.get(Comment, comment_id)
    if parent is None or parent.text_id != text.id:
        abort(404)
    form = ReplyForm()
    if not form.validate_on_submit():
        flash("Skriv ett svar.", "error")
    else:
        _answer, masked = services.reply(current_user, text, parent, form.body.data)
        flash("Ditt svar är sparat." + masked_note(masked))
    return redirect(url_for("texts.show", text_id=text.id) + f"#k{parent.id}")


@bp.route("/texter/<int:text_id>/kommentarer/<int:comment_id>/hanterad", methods=["POST"])
@login_required
def handled(text_id: int, comment_id: int):
    text = text_for(text_id)
    comment = db.session.get(Comment, comment_id)
    if comment is None or comment.text_id != text.id or not ActionForm().validate_on_submit():
        abort(404)
    services.mark_handled(current_user, text, comment)
    return redirect(url_for("texts.show", text_id=text.id) + f"#k{comment.id}")


@bp.route("/texter/<int:text_id>/annotations.jsonld")
@login_required
def annotations(text_id: int):
    """Comments as W3C Web Annotations (JSON-LD)."""
    text = text_for(text_id)
    base = url_for("texts.show", text_id=text.id, _external=True)
    items = []
    for c in db.session.scalars(select(Comment).where(Comment.text_id == text.id).order_by(Comment.id)):
        target: dict = {"source": f"{base}?version={c.revision_number}"}
        if c.exact:
            target["selector"] = [
                {"type": "TextQuoteSelector", "exact": c.exact, "prefix": c.prefix, "suffix": c.suffix},
                {"type": "TextPositionSelector", "start": c.start, "end": c.end},
            ]
        body = [{"type": "TextualBody", "value": c.body, "format": "text/plain", "language": "sv",
                 "purpose": "replying" if c.parent_id else "commenting"}]
        if c.verdict:
            body.append({"type": "TextualBody", "value": services.VERDICTS[c.verdict], "purpose": "assessing"})
        items.append({"id": f"{base}#k{c.id}", "type": "Annotation", "created": c.created_at.isoformat() + "Z",
                      "motivation": "replying" if c.parent_id else "commenting", "body": body, "target": target,
                      **({"klarsprak:anchored": c.anchored} if not c.anchored else {})})
    page = {"@context": "http://www.w3.org/ns/anno.jsonld", "id": request.url, "type": "AnnotationCollection",
            "total": len(items), "first": {"type": "AnnotationPage", "items": items}}
    return page, 200, {"Content-Type": "application/ld+json; charset=utf-8"}


def masked_note(count: int) -> str:
    """Tell the person who typed it that personal data was masked before anyone else saw it."""
    if not count:
        return ""
    what = "en personuppgift" if count == 1 else f"{count} personuppgifter"
    return f" Vi maskerade {what} i det du skrev, så att ingen annan ser {'den' if count == 1 else 'dem'}."


def dismissal_counts() -> dict[str, int]:
    """How often each rule's findings were dismissed (for the rule maintainers)."""
    rows = db.session.execute(select(Dismissal.rule, func.count()).group_by(Dismissal.rule)).all()
    return dict(rows)
