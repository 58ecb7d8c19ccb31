"""Forms (Flask-WTF: validation and CSRF). Labels and errors in plain Swedish."""

from __future__ import annotations

import os
import re

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField
from wtforms import (
    BooleanField,
    DateField,
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
from wtforms.validators import DataRequired, Length, NumberRange, Optional, ValidationError

from klarsprak.review.models import MAX_REVIEW_MINUTES, MAX_UNIT, TEXT_KINDS, Role
from klarsprak.review.passwords import MAX_LENGTH as MAX_PASSWORD
from klarsprak.review.passwords import MIN_LENGTH as MIN_PASSWORD
from klarsprak.review.services import (
    DISMISS_REASONS,
    MAX_AUDIENCE,
    MAX_CHARS,
    MAX_COMMENT,
    MAX_DISMISS_NOTE,
    MAX_TITLE,
    MAX_UPLOAD_MB,
    VERDICTS,
)
from klarsprak.review.states import TextState


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


class MaxChars:
    """Refuse a value over ``limit`` characters, saying how long it is. Unlike WTForms' Length it
    puts no ``maxlength`` on the field: a browser would cut a longer paste without a word."""

    def __init__(self, limit: int, too_long: str) -> None:
        self.limit, self.too_long = limit, too_long  # "Texten är för lång"

    def __call__(self, form, field) -> None:
        length = len((field.data or "").replace("\r\n", "\n"))
        if length > self.limit:
            raise ValidationError(f"{self.too_long}: {length:,} tecken. Gränsen är {self.limit:,} tecken. "
                                  "Inget är sparat, och det du skrev finns kvar i rutan: korta det eller dela upp "
                                  "det.".replace(",", " "))


MAX_UPLOAD_BYTES = MAX_UPLOAD_MB * 1024 * 1024
UPLOAD_TOO_LARGE = (f"Filen är för stor. Gränsen är {MAX_UPLOAD_MB} MB. Spara dokumentet utan bilder, eller "
                    "klistra in texten i rutan.")


class MaxBytes:
    """A file no larger than ``limit`` bytes, measured without reading it: Werkzeug keeps a large
    upload in a temporary file on disk, and reading it to count (as Flask-WTF's ``FileSize``
    does) would bring all of it into memory."""

    def __init__(self, limit: int, message: str) -> None:
        self.limit, self.message = limit, message

    def __call__(self, form, field) -> None:
        upload = field.data
        if not (upload and getattr(upload, "filename", None)):
            return
        stream = upload.stream
        here = stream.tell()
        size = stream.seek(0, os.SEEK_END)
        stream.seek(here)
        if size > self.limit:
            raise ValidationError(self.message)


class NewTextForm(Form):
    title = StringField("Rubrik", validators=[DataRequired("Ge texten en rubrik."), MaxChars(MAX_TITLE, "Rubriken är för lång")])
    kind = SelectField("Typ av text", choices=options(TEXT_KINDS.items()))
    audience = StringField("Vem ska läsa texten?", validators=[Optional(), MaxChars(MAX_AUDIENCE, "Fältet är för långt")])
    body = TextAreaField("Texten", validators=[Optional(), MaxChars(MAX_CHARS, "Texten är för lång")])
    document = FileField(f"Eller ladda upp ett Word-dokument (.docx, högst {MAX_UPLOAD_MB} MB)",
                         validators=[FileAllowed(["docx"], "Bara Word-dokument (.docx) går att ladda upp. "
                                                           "Spara filen som .docx, eller klistra in texten i rutan."),
                                     MaxBytes(MAX_UPLOAD_BYTES, UPLOAD_TOO_LARGE)])


class EditForm(Form):
    title = StringField("Rubrik", validators=[DataRequired("Ge texten en rubrik."), MaxChars(MAX_TITLE, "Rubriken är för lång")])
    audience = StringField("Vem ska läsa texten?", validators=[Optional(), MaxChars(MAX_AUDIENCE, "Fältet är för långt")])
    body = TextAreaField("Texten", validators=[DataRequired("Texten är tom."), MaxChars(MAX_CHARS, "Texten är för lång")])
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
    body = TextAreaField("Svar", validators=[DataRequired("Skriv ett svar."), MaxChars(MAX_COMMENT, "Svaret är för långt")])


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
    minutes = IntegerField(
        "Hur många minuter arbetade du med texten?",
        validators=[DataRequired(f"Skriv hur många minuter du arbetade, från 1 till {MAX_REVIEW_MINUTES}."),
                    NumberRange(1, MAX_REVIEW_MINUTES,
                                f"Skriv hur många minuter du arbetade, från 1 till {MAX_REVIEW_MINUTES}.")])


class DismissForm(Form):
    rule = HiddenField(validators=[DataRequired()])
    quote = HiddenField()
    reason = RadioField("Varför stämmer inte markeringen?", choices=options(DISMISS_REASONS.items()),
                        validators=[DataRequired("Välj ett skäl.")])
    start = HiddenField()
    tips = HiddenField()
    note = StringField("Kommentar (frivillig)", validators=[Optional(), MaxChars(MAX_DISMISS_NOTE, "Kommentaren är för lång")])


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
    unit = StringField("Enhet", validators=[Optional(), Length(max=MAX_UNIT, message=f"Enheten får vara högst {MAX_UNIT} tecken.")])


SORT_CHOICES = [("aktivitet", "Senaste händelse"), ("dagar", "Dagar i status"), ("rubrik", "Rubrik"),
                ("typ", "Typ"), ("enhet", "Enhet"), ("skribent", "Skribent"), ("status", "Status"),
                ("version", "Version"), ("granskare", "Granskare")]


class OverviewFilterForm(Form):
    """The overview's filters: a GET form (nothing changes), so no CSRF token in the URL."""

    class Meta:
        csrf = False

    q = StringField("Sök i rubrikerna", validators=[Optional(), Length(max=100, message="Sök på högst 100 tecken.")])
    status = SelectField("Status", choices=options([("", "Alla"), *((s.value, s.label) for s in TextState)]),
                         validators=[Optional()])
    typ = SelectField("Typ av text", choices=options([("", "Alla"), *TEXT_KINDS.items()]), validators=[Optional()])
    skribent = SelectField("Skribent", choices=[], validators=[Optional()])
    granskare = SelectField("Granskare", choices=[], validators=[Optional()])
    fran = DateField("Senaste händelse från och med", validators=[Optional()])
    till = DateField("Senaste händelse till och med", validators=[Optional()])
    lange = BooleanField("Bara texter som väntar länge")
    sortera = SelectField("Sortera efter", choices=options(SORT_CHOICES), validators=[Optional()])
    ordning = SelectField("Ordning", choices=options([("fallande", "Störst eller senast först"),
                                                      ("stigande", "Minst eller tidigast först")]),
                          validators=[Optional()])

    def validate_till(self, field) -> None:
        if field.data and self.fran.data and field.data < self.fran.data:
            raise ValidationError("Slutdatumet är före startdatumet.")


class MonthForm(Form):
    """Choose a month for the fee basis (a GET form)."""

    class Meta:
        csrf = False

    manad = StringField("Månad (år-månad, till exempel 2026-11)", validators=[Optional()])

    def validate_manad(self, field) -> None:
        value = (field.data or "").strip()
        if value and not (re.fullmatch(r"\d{4}-(0[1-9]|1[0-2])", value)):
            raise ValidationError("Skriv månaden som år och månad med bindestreck, till exempel 2026-11.")


