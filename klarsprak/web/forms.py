"""Forms (Flask-WTF: validation and CSRF). Labels and errors in plain Swedish."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField
from wtforms import (
    HiddenField,
    IntegerField,
    PasswordField,
    RadioField,
    SelectChoice,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.meta import DefaultMeta
from wtforms.validators import DataRequired, Length, Optional

from klarsprak.review.models import TEXT_KINDS, Role
from klarsprak.review.passwords import MAX_LENGTH as MAX_PASSWORD
from klarsprak.review.passwords import MIN_LENGTH as MIN_PASSWORD
from klarsprak.review.services import DISMISS_REASONS, MAX_CHARS, VERDICTS


class Form(FlaskForm):
    """Base form: WTForms' own Swedish messages for every built-in check ("Det här fältet är
    obligatoriskt."), so no English error reaches the page even where we give no message."""

    class Meta:
        locales = ("sv",)

        def get_translations(self, form):
            # Flask-WTF's translations need Flask-Babel; WTForms ships Swedish itself.
            return DefaultMeta.get_translations(self, form)


def options(pairs) -> list[SelectChoice]:
    """WTForms 3.3 wants SelectChoice objects instead of (value, label) tuples."""
    return [SelectChoice(value, label) for value, label in pairs]


SCALE = options([("1", "1 – inte alls"), ("2", "2 – lite"), ("3", "3 – ganska"), ("4", "4 – mycket"), ("5", "5 – helt")])


class LoginForm(Form):
    username = StringField("Användarnamn", validators=[DataRequired("Skriv ditt användarnamn.")])
    password = PasswordField("Lösenord", validators=[DataRequired("Skriv ditt lösenord.")])


class NewTextForm(Form):
    title = StringField("Rubrik", validators=[DataRequired("Ge texten en rubrik."), Length(max=200)])
    kind = SelectField("Typ av text", choices=options(TEXT_KINDS.items()))
    audience = StringField("Vem ska läsa texten?", validators=[Optional(), Length(max=200)])
    body = TextAreaField("Texten", validators=[Optional(), Length(max=MAX_CHARS, message="Texten är för lång.")])
    document = FileField("Eller ladda upp ett Word-dokument (.docx, högst 2 MB)",
                         validators=[FileAllowed(["docx"], "Bara .docx-filer går att ladda upp.")])


class EditForm(Form):
    title = StringField("Rubrik", validators=[DataRequired("Ge texten en rubrik."), Length(max=200)])
    audience = StringField("Vem ska läsa texten?", validators=[Optional(), Length(max=200)])
    body = TextAreaField("Texten", validators=[DataRequired("Texten är tom."), Length(max=MAX_CHARS)])
    lock_version = HiddenField()


class ActionForm(Form):
    """A button that changes state (submit, claim, archive …): CSRF plus the version seen."""

    lock_version = HiddenField()


class CommentForm(Form):
    body = TextAreaField("Kommentar", validators=[Optional(), Length(max=5000)])
    start = IntegerField(validators=[Optional()])
    end = IntegerField(validators=[Optional()])
    verdict = RadioField("Snabbsvar", choices=options(VERDICTS.items()), validators=[Optional()])


class ReplyForm(Form):
    body = TextAreaField("Svar", validators=[DataRequired("Skriv ett svar."), Length(max=5000)])


class DecisionForm(Form):
    vardat = RadioField("Vårdat: är språket korrekt och respektfullt?", choices=SCALE,
                        validators=[DataRequired("Välj ett betyg för vårdat.")])
    enkelt = RadioField("Enkelt: är meningarna och orden lätta?", choices=SCALE,
                        validators=[DataRequired("Välj ett betyg för enkelt.")])
    begripligt = RadioField("Begripligt: förstår du vad du ska göra?", choices=SCALE,
                            validators=[DataRequired("Välj ett betyg för begripligt.")])
    summary = TextAreaField("Sammanfattning", validators=[Optional(), Length(max=5000)])
    decision = RadioField("Beslut", choices=options([("approve", "Godkänn"), ("changes", "Behöver ändras")]),
                          validators=[DataRequired("Välj Godkänn eller Behöver ändras.")])


class DismissForm(Form):
    rule = HiddenField(validators=[DataRequired()])
    quote = HiddenField()
    reason = RadioField("Varför stämmer inte markeringen?", choices=options(DISMISS_REASONS.items()),
                        validators=[DataRequired("Välj ett skäl.")])
    note = StringField("Kommentar (frivillig)", validators=[Optional(), Length(max=500)])


class UserForm(Form):
    username = StringField("Användarnamn", validators=[DataRequired(), Length(min=2, max=80)])
    display_name = StringField("Namn", validators=[DataRequired(), Length(max=120)])
    role = SelectField("Roll", choices=options((r.value, r.label) for r in Role))
    password = PasswordField(f"Lösenord (minst {MIN_PASSWORD} tecken)",
                             validators=[DataRequired(), Length(min=MIN_PASSWORD, max=MAX_PASSWORD)])


class PasswordChangeForm(Form):
    current = PasswordField("Ditt nuvarande lösenord", validators=[DataRequired("Skriv ditt nuvarande lösenord.")])
    new = PasswordField(f"Nytt lösenord (minst {MIN_PASSWORD} tecken)",
                        validators=[DataRequired("Skriv ett nytt lösenord."), Length(max=MAX_PASSWORD)])
    repeat = PasswordField("Samma nya lösenord en gång till", validators=[DataRequired("Skriv lösenordet igen.")])


class PasswordResetForm(Form):
    new = PasswordField(f"Nytt lösenord (minst {MIN_PASSWORD} tecken)",
                        validators=[DataRequired("Skriv ett nytt lösenord."), Length(max=MAX_PASSWORD)])


class UserUpdateForm(Form):
    role = SelectField("Roll", choices=options((r.value, r.label) for r in Role))
    active = SelectField("Konto", choices=options([("1", "Aktivt"), ("0", "Avstängt")]))


