"""The rule pages (kommunikatör and admin): every rule, on/off, thresholds, word lists, accepted
words, the history of changes, and export and import of the local changes as YAML.

GET routes take their rule and entry from the query string, so every page is reachable from a
plain URL and the URL-map crawl of the secrecy test opens them all."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from klarsprak.extensions import db
from klarsprak.review import rule_changes
from klarsprak.review.models import Role, User
from klarsprak.review.rule_changes import RuleChangeError
from klarsprak.web.access import role_required
from klarsprak.web.rule_forms import (
    AcceptedWordForm,
    EntryForm,
    ImportForm,
    RemoveForm,
    SwitchForm,
    threshold_label,
    thresholds_form,
)

bp = Blueprint("rules_admin", __name__, url_prefix="/regler")
editors = role_required(Role.COMMUNICATOR, Role.ADMIN)
LEVEL_LABELS = {"default": "Visas alltid", "tips": "Tips (visas när skribenten ber om det)"}
SEVERITY_LABELS = {"info": "Tips", "suggestion": "Förslag", "warning": "Varning"}


def _rule_or_404(rule_id: str | None, state: rule_changes.LocalRules):
    try:
        return rule_changes.rule_by_id(rule_id or "", state)
    except RuleChangeError:
        abort(404)


def _to_rule(rule_id: str):
    return redirect(url_for("rules_admin.rule", id=rule_id))


@bp.route("")
@editors
def index():
    """Every rule with its message, level, state and thresholds."""
    state = rule_changes.local_rules()
    rules = rule_changes.effective_rules(state)
    return render_template("rules/index.html", rules=rules, state=state, thresholds=rule_changes.thresholds,
                           threshold_label=threshold_label,
                           protected=rule_changes.is_protected, levels=LEVEL_LABELS, severities=SEVERITY_LABELS,
                           accepted=len(rule_changes.effective_accepted(state)))


def _render_rule(rule, state, status: int = 200, entry_form: EntryForm | None = None,
                 threshold_form=None):
    changed = state.entries.get(rule.id, {})
    return render_template(
        "rules/rule.html", rule=rule, on=rule.id not in state.disabled, protected=rule_changes.is_protected(rule),
        switch_form=SwitchForm(), threshold_form=threshold_form or thresholds_form(rule),
        entry_form=entry_form or EntryForm(), remove_form=RemoveForm(), local=changed,
        levels=LEVEL_LABELS, severities=SEVERITY_LABELS), status


@bp.route("/regel")
@editors
def rule():
    state = rule_changes.local_rules()
    return _render_rule(_rule_or_404(request.args.get("id"), state), state)


@bp.route("/regel/<rule_id>/pa-av", methods=["POST"])
@editors
def switch(rule_id: str):
    form = SwitchForm()
    if not form.validate_on_submit() or form.on.data not in ("0", "1"):
        abort(400)
    try:
        rule_changes.switch(current_user, rule_id, form.on.data == "1")
    except RuleChangeError as error:
        flash(str(error), "error")
    else:
        flash("Regeln är på. Den gäller från nästa analys." if form.on.data == "1" else
              "Regeln är avstängd. Den gäller från nästa analys.")
    return _to_rule(rule_id)


@bp.route("/regel/<rule_id>/granser", methods=["POST"])
@editors
def set_thresholds(rule_id: str):
    state = rule_changes.local_rules()
    rule = _rule_or_404(rule_id, state)
    form = thresholds_form(rule)
    if form.validate_on_submit():
        values = {name: form[name].data for name in rule_changes.thresholds(rule)}
        try:
            rule_changes.set_thresholds(current_user, rule.id, values)
        except RuleChangeError as error:
            form.form_errors.append(str(error))
        else:
            flash("De nya värdena gäller från nästa analys.")
            return _to_rule(rule.id)
    return _render_rule(rule, state, 400, threshold_form=form)


@bp.route("/regel/<rule_id>/ord", methods=["POST"])
@editors
def add_entry(rule_id: str):
    state = rule_changes.local_rules()
    rule = _rule_or_404(rule_id, state)
    form = EntryForm()
    if form.validate_on_submit():
        try:
            rule_changes.save_entry(current_user, rule.id, form.phrase.data, form.suggestion_list(),
                                    form.note.data or "", form.example.data)
        except RuleChangeError as error:
            form.example.errors.append(str(error))
        else:
            flash(f"”{form.phrase.data.strip()}” finns nu i ordlistan och gäller från nästa analys.")
            return _to_rule(rule.id)
    return _render_rule(rule, state, 400, entry_form=form)


@bp.route("/ord", methods=["GET", "POST"])
@editors
def edit_entry():
    """Edit one entry: ``?id=<rule>&fras=<phrase>``."""
    state = rule_changes.local_rules()
    rule = _rule_or_404(request.args.get("id"), state)
    phrase = request.args.get("fras", "")
    entry = next((e for e in rule.parameters.get("entries", []) if e["phrase"] == phrase), None)
    if entry is None:
        abort(404)
    form = EntryForm()
    if request.method == "GET":
        form.phrase.data = entry["phrase"]
        form.suggestions.data = "\n".join(entry.get("suggestions", []))
        form.note.data = entry.get("note", "")
        form.replaces.data = entry["phrase"]
    elif form.validate_on_submit():
        try:
            rule_changes.save_entry(current_user, rule.id, form.phrase.data, form.suggestion_list(),
                                    form.note.data or "", form.example.data, replaces=phrase)
        except RuleChangeError as error:
            form.example.errors.append(str(error))
        else:
            flash(f"”{form.phrase.data.strip()}” är ändrat och gäller från nästa analys.")
            return _to_rule(rule.id)
    return render_template("rules/entry.html", rule=rule, form=form, phrase=phrase), (400 if form.errors else 200)


@bp.route("/regel/<rule_id>/ta-bort-ord", methods=["POST"])
@editors
def remove_entry(rule_id: str):
    form = RemoveForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        rule_changes.remove_entry(current_user, rule_id, form.value.data)
    except RuleChangeError as error:
        flash(str(error), "error")
    else:
        flash(f"”{form.value.data}” är borttaget ur ordlistan.")
    return _to_rule(rule_id)


@bp.route("/godkanda-ord", methods=["GET", "POST"])
@editors
def accepted_words():
    """Words no rule flags (personal data is still found)."""
    form = AcceptedWordForm()
    if form.validate_on_submit():
        try:
            rule_changes.add_accepted(current_user, form.word.data, form.example.data)
        except RuleChangeError as error:
            form.example.errors.append(str(error))
        else:
            flash(f"”{form.word.data.strip().lower()}” markeras inte längre, från nästa analys.")
            return redirect(url_for("rules_admin.accepted_words"))
    words = sorted(rule_changes.effective_accepted(rule_changes.local_rules()))
    return render_template("rules/accepted.html", form=form, words=words, remove_form=RemoveForm()), \
        (400 if form.errors else 200)


@bp.route("/godkanda-ord/ta-bort", methods=["POST"])
@editors
def remove_accepted():
    form = RemoveForm()
    if not form.validate_on_submit():
        abort(400)
    try:
        rule_changes.remove_accepted(current_user, form.value.data)
    except RuleChangeError as error:
        flash(str(error), "error")
    else:
        flash(f"”{form.value.data}” markeras igen, från nästa analys.")
    return redirect(url_for("rules_admin.accepted_words"))


@bp.route("/historik")
@editors
def history():
    """Every change: who, when, what."""
    changes = rule_changes.history()
    people = {u.id: u for u in db.session.scalars(select(User).where(
        User.id.in_({c.user_id for c in changes if c.user_id})))}
    return render_template("rules/history.html", changes=changes, people=people, describe=rule_changes.describe)


@bp.route("/export.yaml")
@editors
def export():
    """The local changes as a YAML file in the format of ``rules/``."""
    return Response(rule_changes.export_yaml(), mimetype="application/yaml",
                    headers={"Content-Disposition": "attachment; filename=klarsprak-lokala-regler.yaml"})


@bp.route("/importera", methods=["GET", "POST"])
@editors
def import_rules():
    """Replace every local change with a file's; a bad file changes nothing."""
    form = ImportForm()
    if form.validate_on_submit():
        raw = form.file.data.read(rule_changes.MAX_IMPORT_BYTES + 1)
        try:
            if len(raw) > rule_changes.MAX_IMPORT_BYTES:
                raise RuleChangeError("Filen är för stor (högst 2 MB).")
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                raise RuleChangeError("Filen ska vara en textfil i UTF-8.") from None
            rule_changes.import_yaml(current_user, text)
        except RuleChangeError as error:
            form.file.errors.append(str(error))
        else:
            flash("Reglerna från filen gäller nu, från nästa analys.")
            return redirect(url_for("rules_admin.index"))
    return render_template("rules/import.html", form=form), (400 if form.errors else 200)
