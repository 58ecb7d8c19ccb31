"""Load and validate the rules in ``rules/*.yaml``.

A rule is data: an id, a category, a severity, a Swedish message and explanation, examples, and a
``kind`` that names the code which finds matches (see ``klarsprak.analysis.kinds``). Load errors
name the file and the key, so a communicator editing a YAML file sees what to fix.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from klarsprak.analysis.findings import LEVELS, SEVERITIES
from klarsprak.resources import folder

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
REQUIRED = ("id", "category", "severity", "kind", "message", "explanation", "examples")


def default_rules_dir() -> Path:
    """``rules/`` beside the package (a checkout), or the copy installed inside the package."""
    configured = os.environ.get("KLARSPRAK_RULES")
    if configured:
        return Path(configured)
    try:
        return folder("rules")
    except FileNotFoundError:
        raise FileNotFoundError("Hittar inte mappen rules/ (ange den med KLARSPRAK_RULES).") from None


class RuleError(ValueError):
    """A rule file is invalid. The message names the file and the key."""


@dataclass(frozen=True)
class Example:
    """A text a rule must flag (with the expected hit) or must leave alone."""

    text: str
    hit: str | None = None
    suggestion: str | None = None
    level: str | None = None  # the expected level of the finding ("default" or "tips"), if given


@dataclass(frozen=True)
class Rule:
    """One rule, as written in its YAML file."""

    id: str
    category: str
    severity: str
    kind: str
    message: str
    explanation: str
    source: str = ""
    suggestions: tuple[str, ...] = ()
    parameters: dict[str, Any] = field(default_factory=dict)
    flag_examples: tuple[Example, ...] = ()
    ok_examples: tuple[Example, ...] = ()
    yields_to: tuple[str, ...] = ()
    path: str = ""
    level: str = "default"  # "tips": the rule's findings are shown only on request

    def to_dict(self) -> dict[str, Any]:
        """What ``klarsprak rules --format json`` prints for this rule."""
        data: dict[str, Any] = {
            "id": self.id,
            "category": self.category,
            "severity": self.severity,
            "level": self.level,
            "kind": self.kind,
            "message": self.message,
            "explanation": self.explanation,
            "source": self.source,
            "suggestions": list(self.suggestions),
            "parameters": {k: v for k, v in self.parameters.items() if k != "entries"},
        }
        if "entries" in self.parameters:
            data["entries"] = [
                {"lemma": e["phrase"], "suggestions": list(e.get("suggestions", []))}
                | ({"note": e["note"]} if e.get("note") else {})
                for e in self.parameters["entries"]
            ]
        return data

    def matches_selector(self, selector: str) -> bool:
        """True if ``selector`` is this rule's id or its category (for ``--disable``)."""
        return selector in (self.id, self.category)


def _require(data: dict[str, Any], key: str, where: str, kind: type | tuple[type, ...]) -> Any:
    if key not in data:
        raise RuleError(f"{where}: nyckeln ”{key}” saknas")
    value = data[key]
    if not isinstance(value, kind):
        raise RuleError(f"{where}: ”{key}” har fel typ ({type(value).__name__})")
    return value


def _examples(raw: Any, where: str) -> tuple[tuple[Example, ...], tuple[Example, ...]]:
    if not isinstance(raw, dict):
        raise RuleError(f"{where}: ”examples” ska ha ”flag” och ”ok”")
    flag = []
    for item in raw.get("flag") or []:
        if isinstance(item, str):
            flag.append(Example(text=item))
        elif isinstance(item, dict) and isinstance(item.get("text"), str):
            level = item.get("level")
            if level is not None and level not in LEVELS:
                raise RuleError(f"{where}: examples.flag: level ska vara en av {', '.join(LEVELS)}")
            flag.append(Example(text=item["text"], hit=item.get("hit"), suggestion=item.get("suggestion"),
                                level=level))
        else:
            raise RuleError(f"{where}: examples.flag: varje exempel ska ha ”text”")
    ok = []
    for item in raw.get("ok") or []:
        if not isinstance(item, str):
            raise RuleError(f"{where}: examples.ok: varje exempel ska vara en text")
        ok.append(Example(text=item))
    if not flag or not ok:
        raise RuleError(f"{where}: varje regel behöver exempel under både ”flag” och ”ok”")
    return tuple(flag), tuple(ok)


def parse_rule(data: Any, path: Path, known_kinds: set[str]) -> Rule:
    """Validate one YAML document and build a :class:`Rule`."""
    where = path.name
    if not isinstance(data, dict):
        raise RuleError(f"{where}: filen ska innehålla en regel (en YAML-mappning)")
    for key in REQUIRED:
        _require(data, key, where, object)
    rule_id = _require(data, "id", where, str)
    category = _require(data, "category", where, str)
    if category not in CATEGORIES:
        raise RuleError(f"{where}: category: okänd kategori ”{category}”")
    severity = _require(data, "severity", where, str)
    if severity not in SEVERITIES:
        raise RuleError(f"{where}: severity: ska vara en av {', '.join(SEVERITIES)}")
    kind = _require(data, "kind", where, str)
    if kind not in known_kinds:
        raise RuleError(f"{where}: kind: okänd sort ”{kind}”")
    level = data.get("level", "default")
    if level not in LEVELS:
        raise RuleError(f"{where}: level: ska vara en av {', '.join(LEVELS)}")
    flag, ok = _examples(data["examples"], where)
    return Rule(
        id=rule_id,
        category=category,
        severity=severity,
        kind=kind,
        message=_require(data, "message", where, str).strip(),
        explanation=_require(data, "explanation", where, str).strip(),
        source=str(data.get("source", "")).strip(),
        suggestions=tuple(data.get("suggestions") or ()),
        parameters=dict(data.get("parameters") or {}),
        flag_examples=flag,
        ok_examples=ok,
        yields_to=tuple(data.get("yields_to") or ()),
        path=str(path),
        level=level,
    )


def load_rules(directory: Path, known_kinds: set[str]) -> list[Rule]:
    """Load every ``*.yaml`` rule in ``directory`` (except ``inflections.yaml``), sorted by id."""
    rules = []
    for path in sorted(directory.glob("*.yaml")):
        if path.name == "inflections.yaml":
            continue
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8"))
        except yaml.YAMLError as error:
            raise RuleError(f"{path.name}: ogiltig YAML: {error}") from error
        rules.append(parse_rule(data, path, known_kinds))
    ids = [r.id for r in rules]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise RuleError(f"samma id i flera filer: {', '.join(sorted(duplicates))}")
    return sorted(rules, key=lambda r: r.id)


def load_accepted_words(directory: Path) -> frozenset[str]:
    """Words in ``accept.txt`` (one per line, # for comments) that no rule may flag."""
    path = directory / "accept.txt"
    if not path.exists():
        return frozenset()
    words = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        word = line.split("#", 1)[0].strip().lower()
        if word:
            words.add(word)
    return frozenset(words)
