"""Forms of the rule pages (Flask-WTF: validation and CSRF). Labels and errors in plain Swedish."""

from __future__ import annotations

from flask_wtf.file import FileAllowed, FileField, FileRequired
from wtforms import FloatField, HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from klarsprak.analysis.rules import Rule
from klarsprak.review.rule_changes import (
    MAX_EXAMPLE,
    MAX_NOTE,
    MAX_PHRASE,
    MAX_SUGGESTION,
    threshold_is_whole,
    thresholds,
)
from klarsprak.web.forms import Form

EXAMPLE_REQUIRED = "Skriv en exempelmening."
# What each numeric setting of the shipped kinds means, in plain Swedish (the key is shown beside it).
THRESHOLD_LABELS = {
    "suggestion_above": "Förslag när det finns fler ord än", "warning_above": "Varning när det finns fler ord än",
    "tips_up_to": "Bara ett tips upp till så här många ord", "min_letters": "Minsta antal bokstäver",
    "max_letters": "Högsta antal bokstäver", "min_parts": "Minsta antal delar i ett sammansatt ord",
    "window": "Högsta antal ord mellan orden", "min_per_sentence": "Minsta antal sådana ord i en mening",
    "max_words_per_noun": "Högsta antal ord per sådant ord", "suggestion_from": "Förslag från LIX",
    "warning_from": "Varning från LIX", "min_words": "Minsta antal ord", "min_sentences": "Minsta antal meningar",
}


def threshold_label(name: str) -> str:
    """``Förslag från LIX (suggestion_from)``: plain words, and the key of the YAML file."""
    return f"{THRESHOLD_LABELS[name]} ({name})" if name in THRESHOLD_LABELS else name


class SwitchForm(Form):
    """Switch a rule on ("1") or off ("0")."""

    on = HiddenField()


class EntryForm(Form):
    phrase = StringField("Ord eller uttryck", validators=[
        DataRequired("Skriv ordet eller uttrycket."), Length(max=MAX_PHRASE, message=f"Skriv högst {MAX_PHRASE} tecken.")])
    suggestions = TextAreaField("Skriv hellre, eller förklaringen (ett förslag på varje rad)", validators=[
        Optional(), Length(max=5 * MAX_SUGGESTION, message="Förslagen är för långa.")])
    note = StringField("Råd till skribenten (frivilligt)", validators=[
        Optional(), Length(max=MAX_NOTE, message=f"Skriv högst {MAX_NOTE} tecken.")])
    example = TextAreaField("Exempelmening där ordet ska markeras", validators=[
        DataRequired(EXAMPLE_REQUIRED), Length(max=MAX_EXAMPLE, message=f"Skriv högst {MAX_EXAMPLE} tecken.")])
    replaces = HiddenField()

    def suggestion_list(self) -> list[str]:
        return [line.strip() for line in (self.suggestions.data or "").splitlines() if line.strip()]


class AcceptedWordForm(Form):
    word = StringField("Ord som aldrig ska markeras", validators=[
        DataRequired("Skriv ordet."), Length(max=MAX_PHRASE, message=f"Skriv högst {MAX_PHRASE} tecken.")])
    example = TextAreaField("Exempelmening med ordet, där det inte ska markeras", validators=[
        DataRequired(EXAMPLE_REQUIRED), Length(max=MAX_EXAMPLE, message=f"Skriv högst {MAX_EXAMPLE} tecken.")])


class RemoveForm(Form):
    """A button that removes one entry or word (its value in a hidden field)."""

    value = HiddenField(validators=[DataRequired()])


class ImportForm(Form):
    file = FileField("Fil med regler (.yaml)", validators=[
        FileRequired("Välj en fil."), FileAllowed(["yaml", "yml"], "Välj en .yaml-fil som du har laddat ner här.")])


def thresholds_form(rule: Rule, **kwargs) -> Form:
    """A form with one number field per numeric setting of ``rule`` (from its kind's schema)."""

    class ThresholdsForm(Form):
        pass

    for name, value in thresholds(rule).items():
        whole = threshold_is_whole(rule, name)
        field_class = IntegerField if whole else FloatField
        message = "Skriv ett heltal, 0 eller större." if whole else "Skriv ett tal, 0 eller större."
        required = Optional() if value is None else InputRequired(message)
        setattr(ThresholdsForm, name, field_class(threshold_label(name), default=value, validators=[
            required, NumberRange(min=0, message=message)]))
    return ThresholdsForm(**kwargs)
