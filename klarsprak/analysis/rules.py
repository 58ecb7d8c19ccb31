"""Load and validate the rules in ``rules/*.yaml``.

A rule is data: an id, a category, a severity, a Swedish message and explanation, examples, and a
``kind`` that names the code which finds matches (see ``klarsprak.analysis.kinds``). The file and
each kind's parameters are checked against a schema (``klarsprak.analysis.schema``) that refuses
unknown keys; load errors name the file and the key, so a communicator editing a YAML file sees
what to fix.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from klarsprak.analysis.schema import CATEGORIES, RuleFile, unknown_placeholders, validate  # noqa: F401  (CATEGORIES re-exported)
from klarsprak.resources import folder


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


class _UniqueKeyLoader(yaml.SafeLoader):
    """PyYAML's safe loader, but a key written twice in one mapping is an error: otherwise the
    second silently wins ("suggestion: fått" lost under a pasted example)."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict:
        seen = set()
        for key_node, _value in node.value:
            key = self.construct_object(key_node, deep=deep)
            if key in seen:
                raise yaml.constructor.ConstructorError(
                    None, None, f"nyckeln ”{key}” står två gånger (rad {key_node.start_mark.line + 1})",
                    key_node.start_mark)
            seen.add(key)
        return super().construct_mapping(node, deep=deep)


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


def parse_rule(data: Any, path: Path, known_kinds: Mapping[str, Any] | set[str]) -> Rule:
    """Validate one YAML document and build a :class:`Rule`.

    ``known_kinds`` maps each kind's name to its class; a class's ``Parameters`` model checks
    the rule's ``parameters`` and its ``placeholders`` the names in ``message`` (a plain set of
    names checks only the top-level keys)."""
    where = path.name
    if not isinstance(data, dict):
        raise RuleError(f"{where}: filen ska innehålla en regel (en YAML-mappning)")
    try:
        checked = validate(RuleFile, data, f"{where}: ")
    except ValueError as error:
        raise RuleError(str(error)) from None
    if checked.kind not in known_kinds:
        raise RuleError(f"{where}: kind: okänd sort ”{checked.kind}”; skriv en av {', '.join(sorted(known_kinds))}")
    kind = known_kinds[checked.kind] if isinstance(known_kinds, Mapping) else None
    parameters = dict(data.get("parameters") or {})
    model = getattr(kind, "Parameters", None)
    if model is not None:
        try:
            validate(model, parameters, f"{where}: parameters.")
        except ValueError as error:
            raise RuleError(str(error)) from None
    allowed = getattr(kind, "placeholders", None)
    if allowed is not None:
        unknown = unknown_placeholders(checked.message, {"match", *allowed})
        if unknown:
            raise RuleError(f"{where}: message: okänd platshållare {', '.join('{' + u + '}' for u in unknown)}; "
                            f"den här sortens regel fyller i {', '.join('{' + a + '}' for a in sorted({'match', *allowed}))}")
    flag = tuple(Example(text=e) if isinstance(e, str) else
                 Example(text=e.text, hit=e.hit, suggestion=e.suggestion, level=e.level)
                 for e in checked.examples.flag)
    ok = tuple(Example(text=e) for e in checked.examples.ok)
    return Rule(
        id=checked.id,
        category=checked.category,
        severity=checked.severity,
        kind=checked.kind,
        message=checked.message.strip(),
        explanation=checked.explanation.strip(),
        source=checked.source.strip(),
        suggestions=tuple(checked.suggestions),
        parameters=parameters,
        flag_examples=flag,
        ok_examples=ok,
        yields_to=tuple(checked.yields_to),
        path=str(path),
        level=checked.level,
    )


def load_rules(directory: Path, known_kinds: Mapping[str, Any] | set[str]) -> list[Rule]:
    """Load every ``*.yaml`` rule in ``directory`` (except ``inflections.yaml``), sorted by id."""
    rules = []
    for path in sorted(directory.glob("*.yaml")):
        if path.name == "inflections.yaml":
            continue
        try:
            # _UniqueKeyLoader is a SafeLoader subclass: bandit cannot see that.
            data = yaml.load(path.read_text(encoding="utf-8"), Loader=_UniqueKeyLoader)  # nosec B506
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


def load_yaml_documents(text: str) -> list[Any]:
    """Every document of a YAML stream (``---`` between them), a key written twice refused as in
    the rule files; :class:`RuleError` with PyYAML's account of where it broke."""
    try:
        # _UniqueKeyLoader is a SafeLoader subclass: bandit cannot see that.
        return list(yaml.load_all(text, Loader=_UniqueKeyLoader))  # nosec B506
    except yaml.YAMLError as error:
        raise RuleError(f"ogiltig YAML: {error}") from error
