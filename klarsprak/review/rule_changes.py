"""Local changes to the shipped rules and word lists, kept in the database.

``rules/`` in the repository stays the default; a municipality's own changes (a rule switched
off, a threshold, a word-list entry added, edited or removed, an accepted word) are rows in
``rule_changes``, one per change, never updated. The local rule set is the defaults with every
row applied in order, so an upgrade brings new defaults and the local changes stay on top.

Every worker reads the rule set's version (the rows' count and largest id: one cheap query)
before an analysis and rebuilds its analyzer when the version changed, so a change applies to
the next analysis in every process without a restart.
"""

from __future__ import annotations

import dataclasses
import json
import threading
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import Field
from sqlalchemy import func, select

from klarsprak.analysis.engine import Analyzer, default_analyzer
from klarsprak.analysis.errors import AnalysisError
from klarsprak.analysis.kinds import KINDS
from klarsprak.analysis.rules import Example, Rule, RuleError, load_yaml_documents, parse_rule
from klarsprak.analysis.schema import Schema, validate
from klarsprak.extensions import db
from klarsprak.privacy import detect, mask
from klarsprak.review.models import RuleChange, User

MAX_PHRASE = 80
MAX_SUGGESTION = 200
MAX_NOTE = 300
MAX_EXAMPLE = 500
MAX_IMPORT_BYTES = 2_000_000


class RuleChangeError(ValueError):
    """A change that cannot be made; the message is plain Swedish for the person who tried."""


@dataclass
class LocalRules:
    """The local changes as one state: what the rows in ``rule_changes`` add up to."""

    disabled: set[str] = field(default_factory=set)
    parameters: dict[str, dict[str, Any]] = field(default_factory=dict)  # rule id -> thresholds
    # rule id -> phrase -> {"entry": {...}, "example": text, "hit": text}, or None: removed
    entries: dict[str, dict[str, dict[str, Any] | None]] = field(default_factory=dict)
    examples: dict[str, list[dict[str, Any]]] = field(default_factory=dict)  # flag examples from an import
    accepted_added: set[str] = field(default_factory=set)
    accepted_removed: set[str] = field(default_factory=set)

    def to_json(self) -> dict[str, Any]:
        """A plain snapshot (what an import stores)."""
        return {"disabled": sorted(self.disabled), "parameters": self.parameters, "entries": self.entries,
                "examples": self.examples, "accepted_added": sorted(self.accepted_added),
                "accepted_removed": sorted(self.accepted_removed)}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> LocalRules:
        return cls(disabled=set(data.get("disabled", ())), parameters=dict(data.get("parameters", {})),
                   entries={k: dict(v) for k, v in data.get("entries", {}).items()},
                   examples={k: list(v) for k, v in data.get("examples", {}).items()},
                   accepted_added=set(data.get("accepted_added", ())),
                   accepted_removed=set(data.get("accepted_removed", ())))

    def apply(self, change: RuleChange) -> None:
        """Add one row's change to this state."""
        detail = change.detail
        rule = change.rule_id
        if change.action == "switch":
            (self.disabled.discard if detail["on"] else self.disabled.add)(rule)
        elif change.action == "parameters":
            self.parameters.setdefault(rule, {}).update(detail["parameters"])
        elif change.action == "entry_save":
            entries = self.entries.setdefault(rule, {})
            if detail.get("replaces") and detail["replaces"] != detail["entry"]["phrase"]:
                entries[detail["replaces"]] = None
            entries[detail["entry"]["phrase"]] = {k: detail[k] for k in ("entry", "example", "hit")}
        elif change.action == "entry_remove":
            self.entries.setdefault(rule, {})[detail["phrase"]] = None
        elif change.action == "accept_add":
            self.accepted_added.add(detail["word"])
            self.accepted_removed.discard(detail["word"])
        elif change.action == "accept_remove":
            self.accepted_added.discard(detail["word"])
            self.accepted_removed.add(detail["word"])
        elif change.action == "import":
            replacement = LocalRules.from_json(detail["snapshot"])
            self.__dict__.update(replacement.__dict__)


# --- The rule set: defaults plus local changes -------------------------------------------------


def default_rules() -> list[Rule]:
    """The shipped rules (``rules/``), sorted by id."""
    return default_analyzer().rules


def default_accepted() -> frozenset[str]:
    """The shipped accepted words (``rules/accept.txt``)."""
    return default_analyzer().accepted


def local_rules() -> LocalRules:
    """Every row of ``rule_changes`` applied in order."""
    state = LocalRules()
    for change in db.session.scalars(select(RuleChange).order_by(RuleChange.id)):
        state.apply(change)
    return state


def version() -> tuple[int, int]:
    """The rule set's version: the number of changes and the largest id. The count as well, so a
    change committed after a later one (two transactions at once) still changes the version."""
    count, largest = db.session.execute(select(func.count(RuleChange.id), func.max(RuleChange.id))).one()
    return int(count or 0), int(largest or 0)


def is_protected(rule: Rule) -> bool:
    """Rules that find personal data: nobody switches them off or changes them here."""
    return not KINDS[rule.kind].acceptable


def _entry_key(entry: dict[str, Any]) -> str:
    return str(entry["phrase"])


def apply_to_rule(rule: Rule, state: LocalRules) -> Rule:
    """``rule`` with the local thresholds, entries and examples of ``state``."""
    parameters = dict(rule.parameters) | state.parameters.get(rule.id, {})
    flag = list(rule.flag_examples)
    changed = state.entries.get(rule.id, {})
    if changed and "entries" in parameters:
        entries = []
        for entry in parameters["entries"]:
            key = _entry_key(entry)
            if key in changed:
                if changed[key] is not None:
                    entries.append(changed[key]["entry"])
            else:
                entries.append(entry)
        defaults = {_entry_key(e) for e in parameters["entries"]}
        entries += [c["entry"] for k, c in changed.items() if c is not None and k not in defaults]
        parameters["entries"] = entries
        flag += [Example(text=c["example"], hit=c.get("hit") or None)
                 for c in changed.values() if c is not None and c.get("example")]
    flag += [Example(text=e["text"], hit=e.get("hit"), suggestion=e.get("suggestion"), level=e.get("level"))
             for e in state.examples.get(rule.id, ())]
    if parameters == rule.parameters and len(flag) == len(rule.flag_examples):
        return rule
    return dataclasses.replace(rule, parameters=parameters, flag_examples=tuple(flag))


def effective_rules(state: LocalRules) -> list[Rule]:
    """Every rule, switched off or not, with the local changes applied."""
    return [apply_to_rule(rule, state) for rule in default_rules()]


def effective_accepted(state: LocalRules) -> frozenset[str]:
    """The accepted words: the shipped ones, plus those added here, minus those removed here."""
    return frozenset((default_accepted() | state.accepted_added) - state.accepted_removed)


def build_analyzer(state: LocalRules) -> Analyzer:
    """An analyzer over the local rule set (sharing the process's pipeline)."""
    base = default_analyzer()
    if state == LocalRules():
        return base
    rules = [r for r in effective_rules(state) if r.id not in state.disabled]
    return Analyzer(base.rules_dir, base.nlp, rules=rules, accepted=effective_accepted(state))


_analyzers: dict[tuple, Analyzer] = {}
_lock = threading.Lock()


def current_analyzer() -> Analyzer:
    """The analyzer for the rule set as the database has it now. The version query is the only
    cost per analysis; the analyzer is rebuilt only after a change (in each process once)."""
    return _analyzer_for(cache_key())


def cache_key() -> tuple:
    """Which rule set: the database (tests use several) and its version."""
    return (str(db.engine.url), *version())


def _analyzer_for(key: tuple) -> Analyzer:
    found = _analyzers.get(key)
    if found is not None:
        return found
    with _lock:
        found = _analyzers.get(key)
        if found is None:
            found = build_analyzer(local_rules())
            stale = [k for k in _analyzers if k[0] == key[0]]
            for k in stale:  # one analyzer per database: the old version is never asked for again
                del _analyzers[k]
            _analyzers[key] = found
    return found


def analyzer_for_key(key: tuple) -> Analyzer:
    """The analyzer for a key from :func:`cache_key` (built if this process has none yet)."""
    return _analyzer_for(key)


# --- Changes -----------------------------------------------------------------------------------


def rule_by_id(rule_id: str, state: LocalRules | None = None) -> Rule:
    """The rule with local changes applied; :class:`RuleChangeError` if there is none."""
    state = state or local_rules()
    for rule in effective_rules(state):
        if rule.id == rule_id:
            return rule
    raise RuleChangeError(f"Det finns ingen regel ”{rule_id}”.")


def _record(user: User, rule_id: str, action: str, **detail: Any) -> RuleChange:
    change = RuleChange(user_id=user.id, rule_id=rule_id, action=action,
                        detail_json=json.dumps(detail, ensure_ascii=False))
    db.session.add(change)
    db.session.commit()
    return change


def _changeable(rule: Rule) -> None:
    if is_protected(rule):
        raise RuleChangeError("Reglerna för personuppgifter går inte att ändra eller stänga av. "
                              "De skyddar dem som texterna handlar om.")


def switch(user: User, rule_id: str, on: bool) -> RuleChange:
    """Switch a rule on or off for every new analysis."""
    rule = rule_by_id(rule_id)
    _changeable(rule)
    return _record(user, rule.id, "switch", on=bool(on))


def thresholds(rule: Rule) -> dict[str, int | float | None]:
    """The rule's numeric settings (from its kind's schema) and their current values."""
    model = getattr(KINDS[rule.kind], "Parameters", None)
    if model is None:
        return {}
    found: dict[str, int | float | None] = {}
    for name, spec in model.model_fields.items():
        kinds = {spec.annotation} | set(getattr(spec.annotation, "__args__", ()) or ())
        if kinds & {int, float} and not kinds & {bool, str}:
            key = spec.alias or name
            found[key] = rule.parameters.get(key, spec.default)
    return found


def threshold_is_whole(rule: Rule, name: str) -> bool:
    """Whether the setting takes whole numbers only (a number of words, letters …)."""
    model = KINDS[rule.kind].Parameters
    spec = next(s for n, s in model.model_fields.items() if (s.alias or n) == name)
    kinds = {spec.annotation} | set(getattr(spec.annotation, "__args__", ()) or ())
    return float not in kinds


def set_thresholds(user: User, rule_id: str, values: dict[str, int | float | None]) -> RuleChange:
    """Change numeric settings, checked against the kind's schema; only what changed is stored."""
    rule = rule_by_id(rule_id)
    _changeable(rule)
    current = thresholds(rule)
    unknown = set(values) - set(current)
    if unknown:
        raise RuleChangeError(f"Regeln har ingen inställning ”{sorted(unknown)[0]}”.")
    for name, value in values.items():
        if value is not None and value < 0:
            raise RuleChangeError(f"{name}: skriv ett tal som är 0 eller större.")
    parameters = dict(rule.parameters) | values
    try:
        validate(KINDS[rule.kind].Parameters, parameters, "")
    except ValueError as error:
        raise RuleChangeError(str(error)) from None
    changed = {k: v for k, v in values.items() if current.get(k) != v}
    if not changed:
        raise RuleChangeError("Du ändrade ingenting.")
    return _record(user, rule.id, "parameters", parameters=changed)


def _masked(sentence: str) -> str:
    """The example with any personal data masked: rule changes are read by everyone who edits them."""
    return mask(sentence, detect(default_analyzer().nlp(sentence)))


def _clean_words(values: Iterable[str]) -> list[str]:
    return [v.strip() for v in values if v and v.strip()]


def save_entry(user: User, rule_id: str, phrase: str, suggestions: Iterable[str], note: str, example: str,
               replaces: str | None = None) -> RuleChange:
    """Add a word-list entry (or replace ``replaces``) after checking that ``example`` makes the
    new entry fire with the real engine."""
    state = local_rules()
    rule = rule_by_id(rule_id, state)
    _changeable(rule)
    if rule.kind != "word-list":
        raise RuleChangeError("Regeln har ingen ordlista.")
    phrase = " ".join(phrase.split())
    if not phrase:
        raise RuleChangeError("Skriv ordet eller uttrycket.")
    existing = {_entry_key(e): e for e in rule.parameters.get("entries", [])}
    phrases = set(existing)
    if replaces is not None and replaces not in phrases:
        raise RuleChangeError(f"”{replaces}” finns inte längre i ordlistan. Någon kan ha tagit bort det.")
    # An edit keeps what the form does not show (exact, audience, absorbs, level …).
    entry: dict[str, Any] = {k: v for k, v in existing.get(replaces or "", {}).items()
                             if k not in ("phrase", "suggestions", "note")}
    entry = {"phrase": phrase, **entry}
    suggestions = _clean_words(suggestions)
    if suggestions:
        entry["suggestions"] = suggestions
    if note.strip():
        entry["note"] = _masked(" ".join(note.split()))
    if phrase in phrases and phrase != replaces:
        raise RuleChangeError(f"”{phrase}” finns redan i ordlistan. Ändra det i stället.")
    candidate = dataclasses.replace(rule, parameters=dict(rule.parameters) | {"entries": [entry]})
    try:
        validate(KINDS[rule.kind].Parameters, candidate.parameters, "")
    except ValueError as error:
        raise RuleChangeError(str(error)) from None
    example = _masked(" ".join(example.split()))
    hit = _example_hit(candidate, example, effective_accepted(state))
    return _record(user, rule.id, "entry_save", entry=entry, example=example, hit=hit, replaces=replaces)


def _example_hit(rule: Rule, example: str, accepted: frozenset[str]) -> str:
    """The words the entry flags in ``example``; :class:`RuleChangeError` if it flags none."""
    if not example:
        raise RuleChangeError("Skriv en exempelmening där ordet ska markeras.")
    base = default_analyzer()
    try:
        # The rule with only the new entry: any finding is that entry's.
        report = Analyzer(base.rules_dir, base.nlp, rules=[rule], accepted=accepted).analyze(example)
    except AnalysisError as error:
        raise RuleChangeError(f"Exempelmeningen går inte att läsa: {error}") from None
    hits = [f for f in report.findings if f.rule == rule.id]
    if not hits:
        phrase = rule.parameters["entries"][0]["phrase"]
        raise RuleChangeError(f"Exempelmeningen ger ingen markering för ”{phrase}”. Skriv en mening där "
                              "ordet står så som det ska markeras.")
    return hits[0].text


def remove_entry(user: User, rule_id: str, phrase: str) -> RuleChange:
    """Remove a word-list entry (a shipped one too: it stays in ``rules/`` but is not used)."""
    rule = rule_by_id(rule_id)
    _changeable(rule)
    entries = rule.parameters.get("entries", [])
    if phrase not in {_entry_key(e) for e in entries}:
        raise RuleChangeError(f"”{phrase}” finns inte i ordlistan.")
    if len(entries) == 1:
        raise RuleChangeError("Ordlistan måste ha minst ett ord. Stäng av regeln i stället.")
    return _record(user, rule.id, "entry_remove", phrase=phrase)


def add_accepted(user: User, word: str, example: str) -> RuleChange:
    """Accept a word (no rule flags it; personal data is still found) after checking that the
    example holds the word and that no rule flags it there any more."""
    word = word.strip().lower()
    if not word or " " in word:
        raise RuleChangeError("Skriv ett ord, utan mellanslag.")
    state = local_rules()
    if word in effective_accepted(state):
        raise RuleChangeError(f"”{word}” finns redan bland de godkända orden.")
    example = " ".join(example.split())
    if word not in example.lower():
        raise RuleChangeError(f"Exempelmeningen ska innehålla ordet ”{word}”.")
    candidate = dataclasses.replace(state, accepted_added=state.accepted_added | {word},
                                    accepted_removed=state.accepted_removed - {word})
    try:
        # The sentence as typed (a masked word could not be flagged); only its masked form is stored.
        report = build_analyzer(candidate).analyze(example)
    except AnalysisError as error:
        raise RuleChangeError(f"Exempelmeningen går inte att läsa: {error}") from None
    protected = {r.id for r in default_rules() if is_protected(r)}
    if any(f.text.lower() == word and f.rule not in protected for f in report.findings):
        raise RuleChangeError(f"”{word}” markeras fortfarande i exempelmeningen.")
    return _record(user, "", "accept_add", word=word, example=_masked(example))


def remove_accepted(user: User, word: str) -> RuleChange:
    """Stop accepting a word (a shipped one too)."""
    word = word.strip().lower()
    if word not in effective_accepted(local_rules()):
        raise RuleChangeError(f"”{word}” finns inte bland de godkända orden.")
    return _record(user, "", "accept_remove", word=word)


# --- History -----------------------------------------------------------------------------------


def history(limit: int = 200) -> list[RuleChange]:
    """The latest changes, newest first."""
    return list(db.session.scalars(select(RuleChange).order_by(RuleChange.id.desc()).limit(limit)))


def describe(change: RuleChange) -> str:
    """What a change did, in Swedish, for the history page."""
    d = change.detail
    if change.action == "switch":
        return "Regeln sattes på." if d["on"] else "Regeln stängdes av."
    if change.action == "parameters":
        return "Nya värden: " + ", ".join(f"{k} = {'inget' if v is None else v}" for k, v in d["parameters"].items())
    if change.action == "entry_save":
        entry = d["entry"]
        what = f"”{entry['phrase']}”" + (f" → {', '.join(entry['suggestions'])}" if entry.get("suggestions") else "")
        verb = "Ändrade" if d.get("replaces") else "Lade till"
        return f"{verb} {what}. Exempel: {d['example']}"
    if change.action == "entry_remove":
        return f"Tog bort ”{d['phrase']}”."
    if change.action == "accept_add":
        return f"Godkände ordet ”{d['word']}”. Exempel: {d['example']}"
    if change.action == "accept_remove":
        return f"Ordet ”{d['word']}” är inte längre godkänt."
    return "Läste in en fil med regler."


# --- Export and import -------------------------------------------------------------------------


class LocalSettings(Schema):
    """The first document of an exported file: what is not part of any one rule file."""

    disabled: list[str] = Field(default_factory=list)
    accepted_added: list[str] = Field(default_factory=list)
    accepted_removed: list[str] = Field(default_factory=list)


class SettingsDocument(Schema):
    local_settings: LocalSettings


def rule_document(rule: Rule) -> dict[str, Any]:
    """The rule as a YAML rule file has it (the same keys as ``rules/*.yaml``)."""
    flag = [e.text if e.hit is None and e.suggestion is None and e.level is None else
            {k: v for k, v in (("text", e.text), ("hit", e.hit), ("suggestion", e.suggestion), ("level", e.level))
             if v is not None}
            for e in rule.flag_examples]
    document: dict[str, Any] = {"id": rule.id, "category": rule.category, "severity": rule.severity,
                                "kind": rule.kind, "message": rule.message, "explanation": rule.explanation}
    if rule.source:
        document["source"] = rule.source
    if rule.level != "default":
        document["level"] = rule.level
    if rule.suggestions:
        document["suggestions"] = list(rule.suggestions)
    if rule.yields_to:
        document["yields_to"] = list(rule.yields_to)
    document["parameters"] = rule.parameters
    document["examples"] = {"flag": flag, "ok": [e.text for e in rule.ok_examples]}
    return document


def export_yaml(state: LocalRules | None = None) -> str:
    """The local changes as YAML: a first document with the settings (rules switched off,
    accepted words), then every changed rule as a whole rule file, as in ``rules/``."""
    state = state or local_rules()
    defaults = {r.id: r for r in default_rules()}
    settings = {"local_settings": {"disabled": sorted(state.disabled),
                                   "accepted_added": sorted(state.accepted_added),
                                   "accepted_removed": sorted(state.accepted_removed)}}
    changed = [rule_document(r) for r in effective_rules(state) if r is not defaults[r.id]]
    header = ("# Lokala ändringar av reglerna i Klarspråk. Första delen: avstängda regler och godkända ord.\n"
              "# Sedan varje ändrad regel i samma form som filerna i rules/.\n")
    return header + yaml.safe_dump_all([settings, *changed], allow_unicode=True, sort_keys=False, width=100)


def parse_import(text: str) -> LocalRules:
    """The state an exported file describes; :class:`RuleChangeError` naming the document and
    the key when anything is wrong (then nothing is changed)."""
    try:
        documents = load_yaml_documents(text)
    except RuleError as error:
        raise RuleChangeError(f"Filen går inte att läsa: {error}") from None
    documents = [d for d in documents if d is not None]
    if not documents or not isinstance(documents[0], dict) or "local_settings" not in documents[0]:
        raise RuleChangeError("Filen ska börja med en del som heter local_settings. Använd en fil som du har "
                              "laddat ner från sidan Regler.")
    try:
        settings = validate(SettingsDocument, documents[0], "del 1: ").local_settings
    except ValueError as error:
        raise RuleChangeError(str(error)) from None
    defaults = {r.id: r for r in default_rules()}
    state = LocalRules()
    for rule_id in settings.disabled:
        if rule_id not in defaults:
            raise RuleChangeError(f"del 1: disabled: det finns ingen regel ”{rule_id}”.")
        if is_protected(defaults[rule_id]):
            raise RuleChangeError(f"del 1: disabled: ”{rule_id}” hittar personuppgifter och går inte att stänga av.")
    state.disabled = set(settings.disabled)
    state.accepted_added = {w.strip().lower() for w in settings.accepted_added if w.strip()}
    state.accepted_removed = {w.strip().lower() for w in settings.accepted_removed if w.strip()}
    seen = set()
    for number, data in enumerate(documents[1:], start=2):
        where = f"del {number}"
        try:
            rule = parse_rule(data, Path(where), KINDS)
        except RuleError as error:
            raise RuleChangeError(str(error)) from None
        default = defaults.get(rule.id)
        if default is None:
            raise RuleChangeError(f"{where}: id: det finns ingen regel ”{rule.id}”. Nya regler läggs till i rules/.")
        if rule.id in seen:
            raise RuleChangeError(f"{where}: regeln ”{rule.id}” står två gånger i filen.")
        seen.add(rule.id)
        for key in ("category", "severity", "kind", "message", "explanation", "level", "yields_to", "suggestions"):
            if getattr(rule, key) != getattr(default, key):
                raise RuleChangeError(f"{where} ({rule.id}): {key}: går inte att ändra här; bara parameters och "
                                      "examples läses in.")
        if is_protected(default) and rule.parameters != default.parameters:
            raise RuleChangeError(f"{where} ({rule.id}): reglerna för personuppgifter går inte att ändra.")
        _diff_into(state, default, rule)
    try:
        build_analyzer(state)  # every kind compiles its parameters: a bad one fails here, not later
    except (ValueError, KeyError, TypeError) as error:
        raise RuleChangeError(f"Reglerna i filen går inte att använda: {error}") from None
    return state


def _diff_into(state: LocalRules, default: Rule, rule: Rule) -> None:
    """What ``rule`` changes in ``default``, added to ``state``."""
    params = {k: v for k, v in rule.parameters.items() if k != "entries" and default.parameters.get(k) != v}
    if params:
        state.parameters[rule.id] = params
    if "entries" in default.parameters:
        before = {_entry_key(e): e for e in default.parameters["entries"]}
        after = {_entry_key(e): e for e in rule.parameters.get("entries", [])}
        entries: dict[str, dict[str, Any] | None] = {k: None for k in before if k not in after}
        entries |= {k: {"entry": e, "example": "", "hit": ""} for k, e in after.items() if before.get(k) != e}
        if entries:
            state.entries[rule.id] = entries
    known = set(default.flag_examples)
    extra = [dataclasses.asdict(e) for e in rule.flag_examples if e not in known]
    if extra:
        state.examples[rule.id] = extra


def import_yaml(user: User, text: str) -> RuleChange:
    """Replace every local change with the file's (one row: all or nothing)."""
    state = parse_import(text)
    return _record(user, "", "import", snapshot=state.to_json())
