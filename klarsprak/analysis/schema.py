"""The shape of a rule file, as pydantic models that refuse unknown keys.

A typo in a YAML file ("phrse:", "min_leters", "form: S", a misspelt ``{placeholder}``, a string
where a list belongs) would otherwise switch a rule off without a word: a kind reads its
parameters with defaults. Each kind declares its own ``Parameters`` model (like Vale's typed
struct per check) and the placeholders its message may use; :func:`plain_errors` turns pydantic's
errors into Swedish that names the field.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from string import Formatter
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from klarsprak.analysis.findings import LEVELS, SEVERITIES

CATEGORIES: tuple[str, ...] = (
    "sentence-length",
    "jargon",
    "passive",
    "nominalization",
    "long-word",
    "abbreviation",
    "formal-address",
    "double-negation",
    "readability",
    "personal-data",
)
# Universal POS tags a word-list gap may skip ("göra * bedömning" over DET).
POS_TAGS = Literal["ADJ", "ADP", "ADV", "AUX", "CCONJ", "DET", "INTJ", "NOUN", "NUM", "PART", "PRON",
                   "PROPN", "PUNCT", "SCONJ", "SYM", "VERB", "X"]


class Schema(BaseModel):
    """A part of a rule file: unknown keys are refused."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class AnyParameters(BaseModel):
    """Parameters of a kind that declares no schema (a plug-in): anything goes."""

    model_config = ConfigDict(extra="allow")


class FlagExample(Schema):
    text: str
    hit: str | None = None
    suggestion: str | None = None
    level: Literal[LEVELS] | None = None


class Examples(Schema):
    flag: list[str | FlagExample] = Field(min_length=1)
    ok: list[str] = Field(min_length=1)


class RuleFile(Schema):
    """The keys every rule file has, whatever its kind."""

    id: str
    category: Literal[CATEGORIES]
    severity: Literal[SEVERITIES]
    kind: str
    message: str
    explanation: str
    source: str = ""
    level: Literal[LEVELS] = "default"
    suggestions: list[str] = Field(default_factory=list)
    parameters: dict[str, Any] = Field(default_factory=dict)
    examples: Examples
    yields_to: list[str] = Field(default_factory=list)


def placeholders_in(message: str) -> set[str]:
    """The ``{names}`` a message fills in ("Skriv {suggestion}" -> {"suggestion"})."""
    return {name.split(".")[0].split("[")[0] for _text, name, _spec, _conv in Formatter().parse(message) if name}


def unknown_placeholders(message: str, allowed: Iterable[str]) -> list[str]:
    """Placeholders in ``message`` that the kind never fills (a typo would leave a gap)."""
    return sorted(placeholders_in(message) - set(allowed))


MESSAGES = {
    "missing": "nyckeln saknas",
    "list_type": "ska vara en lista, till exempel [a, b]",
    "string_type": "ska vara en text",
    "int_type": "ska vara ett heltal",
    "int_parsing": "ska vara ett heltal",
    "int_from_float": "ska vara ett heltal",
    "float_type": "ska vara ett tal",
    "float_parsing": "ska vara ett tal",
    "bool_type": "ska vara true eller false",
    "bool_parsing": "ska vara true eller false",
    "dict_type": "ska vara en mappning (nyckel: värde)",
    "model_type": "ska vara en mappning (nyckel: värde)",
    "model_attributes_type": "ska vara en mappning (nyckel: värde)",
    "too_short": "får inte vara tom",
}


def _where(location: tuple[Any, ...], data: Any) -> str:
    """``parameters.entries[3] (”erhålla”).phrse`` from pydantic's location, with the phrase of
    an entry so the writer finds it in a long list."""
    parts: list[str] = []
    node = data
    for step in location:
        if isinstance(step, int):
            label = f"[{step + 1}]"
            if isinstance(node, list) and step < len(node) and isinstance(node[step], dict) and "phrase" in node[step]:
                label += f" (”{node[step]['phrase']}”)"
            parts.append(label)
        elif step in ("str", "FlagExample") or (isinstance(step, str) and step.startswith(("list[", "str"))):
            continue  # the branch of a union pydantic tried, not a key in the file
        else:
            parts.append(("." if parts else "") + str(step))
        node = node.get(step) if isinstance(node, dict) and not isinstance(step, int) else (
            node[step] if isinstance(node, list) and isinstance(step, int) and step < len(node) else None)
    return "".join(parts)


def plain_errors(error: ValidationError, data: Any, known: Iterable[str] = ()) -> list[str]:
    """Pydantic's errors in plain Swedish, one per field: "parameters.min_leters: okänd nyckel
    (menar du ”min_letters”?)". ``known`` are the allowed keys where the error was found."""
    out = []
    seen = set()
    items = error.errors()
    places = [_where(item["loc"], data) for item in items]
    for item, where in zip(items, places, strict=True):
        if item["type"].endswith("_type") and any(p != where and p.startswith(where) for p in places):
            continue  # a union's other branch ("a text, or an example with text and hit"): the deeper error says more
        kind = item["type"]
        if kind == "extra_forbidden":
            key = str(item["loc"][-1])
            close = difflib.get_close_matches(key, list(known), n=1)
            text = "okänd nyckel" + (f" (menar du ”{close[0]}”?)" if close else "")
        elif kind == "literal_error":
            choices = re.findall(r"'([^']*)'", str(item["ctx"]["expected"]))
            text = f"”{item['input']}” går inte; skriv en av {', '.join(f'”{c}”' for c in choices)}"
        else:
            text = MESSAGES.get(kind, item["msg"])
        line = f"{where}: {text}" if where else text
        if line not in seen:
            seen.add(line)
            out.append(line)
    return out


def validate(model: type[BaseModel], data: Any, where: str) -> BaseModel:
    """``model`` validated from ``data``; a :class:`ValueError` with every problem in plain
    Swedish, each prefixed with ``where``, when it does not fit."""
    try:
        return model.model_validate(data)
    except ValidationError as error:
        allowed = _field_names(model)
        raise ValueError("; ".join(f"{where}{line}" for line in plain_errors(error, data, allowed))) from None


def _field_names(model: type[BaseModel]) -> set[str]:
    """Every field name of ``model`` and the models inside it: the candidates for a typo."""
    names: set[str] = set()
    pending: list[type[BaseModel]] = [model]
    while pending:
        current = pending.pop()
        for name, field in current.model_fields.items():
            names.add(field.alias or name)
            for argument in _model_arguments(field.annotation):
                pending.append(argument)
    return names


def _model_arguments(annotation: Any) -> list[type[BaseModel]]:
    found = []
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        found.append(annotation)
    for argument in getattr(annotation, "__args__", ()) or ():
        found.extend(_model_arguments(argument))
    return found
