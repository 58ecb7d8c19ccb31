"""The writer's pages: Mina texter, new text, analysis, editing, versions, comments."""

from __future__ import annotations

from dataclasses import replace

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
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
from klarsprak.review.models import Comment, Dismissal, Review, Role, Text, UndoChange
from klarsprak.review.services import WorkflowError
from klarsprak.review.views import view_for
from klarsprak.web.access import role_required, text_for
from klarsprak.web.diffing import diff_html
from klarsprak.web.forms import (
    MAX_UPLOAD_BYTES,
    UPLOAD_TOO_LARGE,
    ActionForm,
    DismissForm,
    EditForm,
    NewTextForm,
    ReplyForm,
)
from klarsprak.web.highlight import highlight, shown
from klarsprak.web.pagination import MAX_PAGE_DIGITS, PAGE_ARG, Pager, paginate
from klarsprak.web.security import MAX_ID
from klarsprak.web.writer_page import (
    END_OF_FINDINGS,
    current_undo,
    land,
    landing_for,
    next_anchor,
    people,
    person_anchor,
    repeated,
    replace_all,
    replaceable,
    undo,
    undo_changes,
)
from klarsprak.web.writer_page import finding_ids as ids_of

bp = Blueprint("texts", __name__)
TEXT_PAGE_SIZE = 25  # rows of "Mina texter" and "Alla texter" a page
COMMENT_PAGE_SIZE = 20  # comments (with their replies) a page on the writer's page
COMMENT_PAGE_ARG = "kommentarsida"
REVIEW_PAGE_SIZE = 10  # reviewers' decisions (ratings and summaries) a page on the writer's page
REVIEW_PAGE_ARG = "beslutssida"
ANNOTATION_PAGE_SIZE = 100  # annotations (comments and replies) a page of the JSON-LD export
ANNOTATION_CONTEXT = "http://www.w3.org/ns/anno.jsonld"
# The largest request a form with an upload takes. A .docx over MAX_UPLOAD_BYTES is refused on the
# form itself (with what was typed kept), so the request must be let in to be read; Werkzeug keeps
# a file part over 500 kB in a temporary file, so memory stays bounded. Beyond this: the 413 page.
UPLOAD_REQUEST_BYTES = 50 * 1024 * 1024
UPLOAD_ENDPOINTS = frozenset({"texts.new"})


@bp.url_value_preprocessor
def _room_for_uploads(endpoint: str | None, _values: dict | None) -> None:
    """Let an upload form's request in up to ``UPLOAD_REQUEST_BYTES``. A URL value preprocessor
    runs before every ``before_request`` function, and CSRF protection (one of them) reads the
    form: set later, the app's smaller MAX_CONTENT_LENGTH would already have refused it. Only
    for someone logged in: nobody else may make the server store 50 MB."""
    if endpoint in UPLOAD_ENDPOINTS and request.method == "POST" and current_user.is_authenticated:
        request.max_content_length = current_app.config.get("UPLOAD_REQUEST_BYTES", UPLOAD_REQUEST_BYTES)


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
    """The writer's own texts, the latest changed first, a page at a time."""
    pager = _text_pages(select(Text).where(Text.author_id == current_user.id))
    return render_template("texts/mine.html", texts=[view_for(current_user, t) for t in pager.items], pager=pager,
                           restorable=_restorable(pager.items), action=ActionForm())


@bp.route("/alla-texter")
@role_required(Role.COMMUNICATOR, Role.ADMIN)
def all_texts():
    """Every text, the latest changed first, a page at a time (the overview filters and sorts)."""
    pager = _text_pages(select(Text))
    return render_template("texts/all.html", texts=[view_for(current_user, t) for t in pager.items], pager=pager,
                           dismissals=dismissal_counts(), restorable=_restorable(pager.items), action=ActionForm())


def _text_pages(statement):
    """One page of a list of texts, the latest changed first (ids break ties, so that no text is
    on two pages or none)."""
    return paginate(statement.order_by(Text.updated_at.desc(), Text.id.desc())
                    .options(selectinload(Text.revisions), joinedload(Text.author)), TEXT_PAGE_SIZE)


def _restorable(texts: list[Text]) -> set[int]:
    """The archived texts this person may bring back ("Återställ från arkivet" in the list)."""
    return {t.id for t in texts if permissions.can_unarchive(current_user, t)}


@bp.route("/texter/ny", methods=["GET", "POST"])
@role_required(Role.WRITER, Role.COMMUNICATOR, Role.ADMIN)
def new():
    """A new text, pasted or uploaded. A refusal shows the form again with what was typed."""
    form = NewTextForm()
    error = None
    if form.validate_on_submit():
        body = form.body.data or ""
        upload = form.document.data
        try:
            if upload and upload.filename:
                data = upload.read(MAX_UPLOAD_BYTES + 1)
                if len(data) > MAX_UPLOAD_BYTES:
                    raise WorkflowError(UPLOAD_TOO_LARGE, 400)
                body = read_bytes(data, upload.filename)
            text = services.create_text(current_user, form.title.data, form.kind.data,
                                        form.audience.data or "", body)
            flash("Texten är sparad. Här är analysen.")
            return redirect(url_for("texts.show", text_id=text.id))
        except (AnalysisError, WorkflowError) as exc:
            error = str(exc)
    status = 400 if (error or form.errors) else 200
    return render_template("texts/new.html", form=form, error=error, max_upload_bytes=MAX_UPLOAD_BYTES,
                           too_large=UPLOAD_TOO_LARGE, had_file=bool(form.document.data and form.document.data.filename)), status


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
def show(text_id: int, refusal: str | None = None, refusal_title: str = "Texten skickades inte.",
         dismiss_error: dict | None = None, reply_error: dict | None = None):
    """The writer's page. ``refusal``: why the last action was refused, shown at the top so the
    writer can act on it right there (not on a dead-end error page); ``dismiss_error`` and
    ``reply_error``: a refused form, shown again where it was with what was typed."""
    text = text_for(text_id)
    if not permissions.sees_originals(current_user, text):
        # Everyone but the author reads the reviewers' projection, on the reading page.
        return redirect(url_for("review.read", text_id=text.id))
    revision = text.revision()
    with_tips = _with_tips()
    report, analysis_error, hidden_tips = _analysis(text, revision.body, with_tips)
    # A page of comments: the ones still in place first, then those the text no longer holds,
    # oldest first within each, so that a long review stays a small page.
    comments = paginate(
        select(Comment).where(Comment.text_id == text.id, Comment.parent_id.is_(None))
        .order_by(Comment.anchored.desc(), Comment.id)
        .options(selectinload(Comment.replies).joinedload(Comment.author), joinedload(Comment.author)),
        COMMENT_PAGE_SIZE, arg=COMMENT_PAGE_ARG, anchor="kommentarer", endpoint="texts.show")
    # The reviewers' decisions, the latest first: the one the writer acts on now leads the list.
    reviews = paginate(select(Review).where(Review.text_id == text.id).order_by(Review.id.desc()),
                       REVIEW_PAGE_SIZE, arg=REVIEW_PAGE_ARG, anchor="beslut", endpoint="texts.show")
    found = pd.items(text)  # detected once for the list and the preview
    personal = people(pd.entries(text, found))  # with the placeholders reviewers will see: [NAMN 2]
    ids = ids_of(report.findings) if report else []
    landing = landing_for(text.id)
    if landing and landing.anchor not in {*ids, *(p.id for p in personal), END_OF_FINDINGS, "personuppgifter"}:
        landing = replace(landing, anchor="top")  # the place has gone (another tab changed it): say it at the top
    if landing and landing.undo is not None and current_undo(text, landing.undo) is None:
        landing = replace(landing, undo=None)  # changed since (another tab): no "Ångra" that can only fail
    return render_template(
        "texts/show.html", text=text, revision=revision, report=report, analysis_error=analysis_error,
        personal=personal, undecided_fields={f for e in personal if e.choice is None for f in e.fields},
        where=pd.where, preview=pd.projection(text, found), shared=text.shared_revision(),
        dismiss_reasons=services.DISMISS_REASONS, ids=ids, repeats=repeated(report.findings) if report else [],
        replaceable=replaceable, landing=landing, end_of_findings=END_OF_FINDINGS,
        marked=highlight(report, ids) if report else None, band=lix_band(report.metrics.lix) if report else None,
        comments=comments.items, comment_pager=comments, reviews=reviews.items, review_pager=reviews,
        edit_form=EditForm(title=text.title, audience=text.audience, body=revision.body,
                           lock_version=text.lock_version),
        action=ActionForm(lock_version=text.lock_version), dismiss_form=DismissForm(), reply_form=ReplyForm(),
        can_edit=permissions.can_edit(current_user, text), can_submit=permissions.can_submit(current_user, text),
        can_archive=permissions.can_archive(current_user, text),
        can_unarchive=permissions.can_unarchive(current_user, text),
        can_withdraw=permissions.can_withdraw(current_user, text), refusal=refusal, refusal_title=refusal_title,
        dismiss_error=dismiss_error, reply_error=reply_error,
        hidden_tips=hidden_tips, with_tips=with_tips,
        tips_url=url_for("texts.show", text_id=text.id, tips=None if with_tips else "1") + "#analys",
    )


def _with_tips() -> bool:
    """Tips shown: asked for in the address, or kept by a form posted from such a page."""
    return request.args.get("tips") == "1" or request.form.get("tips") == "1"


def _back_to(text: Text, anchor: str):
    """Back to the writer's page, at ``anchor`` (the place acted on, as the server found it: never
    an address or id from the form), with tips still shown if they were and on the page of
    comments the writer was on."""
    return redirect(url_for("texts.show", text_id=text.id, tips="1" if _with_tips() else None,
                            **{COMMENT_PAGE_ARG: _posted_comment_page()}) + "#" + anchor)


def _posted_comment_page() -> int | None:
    """The page of comments the form says the writer was on: a whole number from 2 up to the
    largest page number any list has (page 1 is the address without it); None for anything else,
    so a bogus value lands on the first page. A page past the end shows the last one."""
    value = request.form.get(COMMENT_PAGE_ARG, "")
    if not (value.isascii() and value.isdigit()) or len(value) > MAX_PAGE_DIGITS or int(value) < 2:
        return None
    return int(value)


def _refused(text: Text, error: WorkflowError, title: str):
    """The writer's page again with why the action was refused at the top: nothing is lost."""
    return show(text.id, refusal=str(error), refusal_title=title), error.status


def _save_replacements(text: Text, body: str, edits: list[tuple[int, int, str]], refused_title: str):
    """Put the replacements in, save a draft and keep what "Ångra" needs: ``(changes, undo id,
    None)``, or ``([], None, the refusal page)`` when the text changed meanwhile or the workflow
    says no (nothing is lost)."""
    try:
        new_body, changes = replace_all(body, edits)
        services.save_draft(current_user, text, new_body, None, _lock())
    except services.NotAllowed:
        raise
    except WorkflowError as exc:
        shown = WorkflowError(STALE_SUGGESTION) if isinstance(exc, services.StaleEdit) else exc
        return [], None, _refused(text, shown, refused_title)
    # (save_draft refreshed ``text``: the undo is for the version and lock this save left)
    return changes, services.keep_undo(current_user, text, [(c.start, c.old, c.new) for c in changes]), None


def _findings_now(text: Text) -> list:
    """The findings the writer's page lists now (after a change), for the place to land."""
    report, _error, _hidden = _analysis(text, text.revision().body, _with_tips())
    return list(report.findings) if report else []


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
        return _edit_again(text, form, " ".join(e for errors in form.errors.values() for e in errors))
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


STALE_SUGGESTION = ("Texten har ändrats sedan du öppnade sidan, så förslaget kunde inte användas. Ingenting är "
                    "ändrat. Sidan visar nu den senaste versionen: försök igen.")


@bp.route("/texter/<int:text_id>/anvand-forslag", methods=["POST"])
@login_required
def apply_suggestion(text_id: int):
    """One-click replacement: only if the passage is still exactly what the finding saw. The
    writer comes back to the next finding, with "Ångra" beside the message."""
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
        return _refused(text, WorkflowError(STALE_SUGGESTION), "Förslaget användes inte.")
    _changes, undo_id, refusal = _save_replacements(text, body, [(start, end, replacement)],
                                                    "Förslaget användes inte.")
    if refusal:
        return refusal
    anchor = next_anchor(_findings_now(text), start + len(replacement))
    land(text.id, anchor, f"”{original}” är utbytt mot ”{replacement}”.", undo_id)
    return _back_to(text, anchor)


@bp.route("/texter/<int:text_id>/andra-alla", methods=["POST"])
@login_required
def apply_everywhere(text_id: int):
    """"Ändra alla": the same replacement at every place where the same rule found the same word
    form and the suggestion check lets one click put it in; the rest are left for the writer.
    The places are found again here, from the text as it is now, never taken from the form."""
    text = text_for(text_id, permissions.can_edit)
    if not ActionForm().validate_on_submit():
        abort(400)
    rule, original, replacement = (request.form.get(k, "") for k in ("rule", "original", "replacement"))
    body = text.revision().body
    report, error, _hidden = _analysis(text, body, _with_tips())
    group = [f for f in (report.findings if report else []) if f.suggestions and f.rule == rule
             and f.text == original and f.suggestions[0] == replacement]
    changeable = [f for f in group if replaceable(f)]
    if not changeable:
        return _refused(text, WorkflowError(error or STALE_SUGGESTION), "Ingenting ändrades.")
    changes, undo_id, refusal = _save_replacements(text, body, [(f.start, f.end, replacement) for f in changeable],
                                                   "Ingenting ändrades.")
    if refusal:
        return refusal
    left = len(group) - len(changes)
    message = f"Ändrat på {len(changes)} ställen: ”{original}” är nu ”{replacement}”."
    if left:
        message += (f" {'Ett ställe' if left == 1 else f'{left} ställen'} är kvar, för där passar förslaget inte "
                    f"i meningen. Ändra {'det' if left == 1 else 'dem'} själv.")
    anchor = next_anchor(_findings_now(text), changes[0].start + len(replacement))
    land(text.id, anchor, message, undo_id)
    return _back_to(text, anchor)


@bp.route("/texter/<int:text_id>/angra", methods=["POST"])
@login_required
def undo_change(text_id: int):
    """"Ångra" after "Använd förslaget" or "Ändra alla": the text as it was. The form posts only
    the id of the undo kept on the server; it is the author's own, and used only if nobody has
    changed the text since (a save removes it), once."""
    text = text_for(text_id, permissions.can_edit)
    if not ActionForm().validate_on_submit():
        abort(400)
    undo_id = _int(request.form.get("undo"))
    if undo_id is None or not 0 < undo_id <= MAX_ID:
        abort(400)  # no id this page wrote (one too large for the database would be a 500)
    kept = db.session.get(UndoChange, undo_id)
    if kept is not None and kept.text_id != text.id:
        abort(404)
    if kept is not None and kept.author_id != current_user.id:
        abort(403)
    refusal = WorkflowError("Det gick inte att ångra: texten har ändrats sedan dess. Ingenting är ändrat nu. "
                            "Vill du ha tillbaka de gamla orden, skriv in dem själv i rutan Redigera.")
    fitting = current_undo(text, kept.id) if kept is not None else None
    changes = undo_changes(fitting) if fitting is not None else []
    restored = undo(text.revision().body, changes) if changes else None
    try:
        if fitting is None or restored is None:
            raise refusal
        services.save_draft(current_user, text, restored, None, fitting.lock_version)  # removes the undo too
    except services.NotAllowed:
        raise
    except WorkflowError as exc:
        return _refused(text, refusal if isinstance(exc, services.StaleEdit) else exc, "Ändringen ångrades inte.")
    first = min(changes, key=lambda c: c.start)
    anchor = next_anchor(_findings_now(text), first.start)
    land(text.id, anchor, "Ändringen är ångrad. Texten är som förut.")
    return _back_to(text, anchor)


@bp.route("/texter/<int:text_id>/personuppgifter", methods=["POST"])
@login_required
def personal_datum(text_id: int):
    """Mask one personal detail (every form of the same person, posted as several ``quote``
    values), or keep it with a reason. The writer comes back to the same row of the list."""
    text = text_for(text_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    decision, group = request.form.get("decision", ""), request.form.get("group", "")
    values = [v for v in request.form.getlist("quote") if v] or [""]
    try:
        for value in dict.fromkeys(values):
            pd.decide(current_user, text, group, value, decision, request.form.get("reason", ""))
    except services.NotAllowed:
        raise
    except WorkflowError as exc:
        db.session.rollback()
        return _refused(text, exc, "Ditt val sparades inte.")
    anchor = person_anchor(people(pd.entries(text)), group, values[0])
    land(text.id, anchor, "Uppgiften maskeras för granskarna." if decision == "mask" else "Uppgiften står kvar.")
    return _back_to(text, anchor)


@bp.route("/texter/<int:text_id>/maskera-alla", methods=["POST"])
@login_required
def mask_all(text_id: int):
    text = text_for(text_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    count = pd.mask_all(current_user, text)
    land(text.id, "personuppgifter", f"{count} personuppgifter maskeras för granskarna.")
    return _back_to(text, "personuppgifter")


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
    try:
        services.archive(current_user, text)
    except services.InReview as exc:
        return _refused(text, exc, "Texten arkiverades inte.")
    flash("Texten är arkiverad. Ångrar du dig, öppna texten och välj ”Återställ från arkivet”.")
    return redirect(url_for("texts.home"))


@bp.route("/texter/<int:text_id>/aterstall", methods=["POST"])
@login_required
def unarchive(text_id: int):
    """"Återställ från arkivet": the author (on the text's page) or a kommunikatör (in the list
    of all texts, or on the text's timeline in the overview, where they then come back to)
    brings an archived text back as a draft."""
    text = text_for(text_id)
    if not ActionForm().validate_on_submit():
        abort(400)
    services.unarchive(current_user, text)
    flash(f"Texten är återställd från arkivet. Den är ett utkast igen (version {text.current_version}).")
    if permissions.sees_originals(current_user, text):
        return redirect(url_for("texts.show", text_id=text.id))
    if request.form.get("tillbaka") == "tidslinje":  # a fixed choice, never an address from the form
        return redirect(url_for("overview.timeline", text_id=text.id))
    return redirect(url_for("texts.all_texts"))


@bp.route("/texter/<int:text_id>/avfarda", methods=["POST"])
@login_required
def dismiss(text_id: int):
    """"Stämmer inte markeringen?": a refused form comes back open at its finding, with the
    choices kept; after a dismissal the writer lands on the next finding."""
    text = text_for(text_id, permissions.can_edit)
    form = DismissForm()
    findings = _findings_now(text)
    ids = ids_of(findings)
    place = [(f, i) for f, i in zip(findings, ids, strict=True) if f.rule == form.rule.data
             and f.text == (form.quote.data or "")]
    start = _int(form.start.data)
    clicked = next(((f, i) for f, i in place if f.start == start), place[0] if place else None)
    try:
        if not form.validate_on_submit():
            raise WorkflowError(" ".join(e for errors in form.errors.values() for e in errors), 400)
        services.dismiss(current_user, text, form.rule.data, form.quote.data or "", form.reason.data,
                         form.note.data or "")
    except services.NotAllowed:
        raise
    except WorkflowError as exc:
        db.session.rollback()
        if clicked is None or clicked[0].category == "personal-data":  # no form of its own to show it in
            return _refused(text, exc, "Markeringen togs inte bort.")
        error = {"anchor": clicked[1], "message": str(exc), "reason": form.reason.data, "note": form.note.data or ""}
        return show(text.id, dismiss_error=error), exc.status
    anchor = next_anchor(_findings_now(text), clicked[0].start if clicked else 0)
    land(text.id, anchor, "Markeringen är borttagen för den här texten.")
    return _back_to(text, anchor)


def _int(value: str | None) -> int | None:
    try:
        return int(value or "")
    except ValueError:
        return None


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
                           diff=diff_html(bodies[old], bodies[new]), same=bodies[old] == bodies[new])


@bp.route("/texter/<int:text_id>/kommentarer/<int:comment_id>/svar", methods=["POST"])
@login_required
def reply(text_id: int, comment_id: int):
    text = text_for(text_id)
    parent = db.session.get(Comment, comment_id)
    if parent is None or parent.text_id != text.id:
        abort(404)
    form = ReplyForm()
    try:
        if not form.validate_on_submit():
            raise WorkflowError(" ".join(e for errors in form.errors.values() for e in errors), 400)
        _answer, masked = services.reply(current_user, text, parent, form.body.data)
    except services.NotAllowed:
        raise
    except WorkflowError as exc:  # the answer comes back in its box, with why
        db.session.rollback()
        return show(text.id, reply_error={"comment": parent.id, "message": str(exc),
                                          "body": form.body.data or ""}), exc.status
    flash("Ditt svar är sparat." + masked_note(masked))
    return redirect(_comment_url(text, parent))


@bp.route("/texter/<int:text_id>/kommentarer/<int:comment_id>/hanterad", methods=["POST"])
@login_required
def handled(text_id: int, comment_id: int):
    text = text_for(text_id)
    comment = db.session.get(Comment, comment_id)
    if comment is None or comment.text_id != text.id or not ActionForm().validate_on_submit():
        abort(404)
    services.mark_handled(current_user, text, comment)
    return redirect(_comment_url(text, comment))


def _comment_url(text: Text, comment: Comment) -> str:
    """The writer's page at ``comment``, on the page of comments that holds it now (in the order
    the page lists them: placed ones first, then by id)."""
    top = (Comment.text_id == text.id, Comment.parent_id.is_(None))
    if comment.anchored:
        before = db.session.scalar(select(func.count()).where(*top, Comment.anchored.is_(True),
                                                              Comment.id < comment.id))
    else:
        before = db.session.scalar(select(func.count()).where(
            *top, (Comment.anchored.is_(True)) | (Comment.id < comment.id)))
    page = (before or 0) // COMMENT_PAGE_SIZE + 1
    return url_for("texts.show", text_id=text.id, **({COMMENT_PAGE_ARG: page} if page > 1 else {})) + f"#k{comment.id}"


@bp.route("/texter/<int:text_id>/annotations.jsonld")
@login_required
def annotations(text_id: int):
    """Comments as W3C Web Annotations (JSON-LD), ``ANNOTATION_PAGE_SIZE`` a page, as the Web
    Annotation Protocol pages a container: without ``sida`` the ``AnnotationCollection`` with its
    first page inside it and a link to the last; ``?sida=N`` that ``AnnotationPage``, with
    ``next``/``prev``. A page that is not there is 404: a client following links never asks for
    one, and a page id must name the rows it holds (not the last page shown under another number)."""
    text = text_for(text_id)
    asked = request.args.get(PAGE_ARG)
    pager = paginate(select(Comment).where(Comment.text_id == text.id).order_by(Comment.id), ANNOTATION_PAGE_SIZE)
    if asked is not None and asked != str(pager.page):
        abort(404)
    collection = url_for("texts.annotations", text_id=text.id, _external=True)
    page = _annotation_page(text, pager)
    if asked is None:
        answer = {"@context": ANNOTATION_CONTEXT, "id": collection, "type": "AnnotationCollection",
                  "total": pager.total, "first": page, "last": _annotation_page_url(text, pager.pages)}
    else:
        answer = {"@context": ANNOTATION_CONTEXT, **page,
                  "partOf": {"id": collection, "type": "AnnotationCollection", "total": pager.total,
                             "first": _annotation_page_url(text, 1),
                             "last": _annotation_page_url(text, pager.pages)}}
    return answer, 200, {"Content-Type": "application/ld+json; charset=utf-8"}


def _annotation_page_url(text: Text, number: int) -> str:
    return url_for("texts.annotations", text_id=text.id, _external=True, **{PAGE_ARG: number})


def _annotation_page(text: Text, pager: Pager) -> dict:
    """One ``AnnotationPage`` of the export: its comments and replies, and the pages beside it."""
    base = url_for("texts.show", text_id=text.id, _external=True)
    items = []
    for c in pager.items:
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
    page = {"id": _annotation_page_url(text, pager.page), "type": "AnnotationPage",
            "startIndex": (pager.page - 1) * pager.per_page, "items": items}
    if pager.has_next:
        page["next"] = _annotation_page_url(text, pager.page + 1)
    if pager.has_previous:
        page["prev"] = _annotation_page_url(text, pager.page - 1)
    return page


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
