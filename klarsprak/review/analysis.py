"""The engine's view of a text body, computed once per body and shared by pages and services.

Pages are opened far more often than texts change, and the writer's personal-data choices are
checked on every click: without these caches each of them ran the whole pipeline again.
Bodies are immutable strings; reports are cached by body and by the version of the local rule
set (``klarsprak.review.rule_changes``), so a rule change is never hidden by the cache.
"""

from __future__ import annotations

from functools import lru_cache

from flask import has_app_context

from klarsprak.analysis.document import make_doc
from klarsprak.analysis.engine import default_analyzer
from klarsprak.analysis.findings import Report
from klarsprak.privacy import PersonalDatum, detect
from klarsprak.review import rule_changes


def report_for(body: str) -> Report:
    """The engine's report under the rules in force now, the local changes included (raises
    AnalysisError for empty, binary or non-Swedish text)."""
    if not has_app_context():  # no database: the shipped rules
        return _report(body, None)
    return _report(body, rule_changes.cache_key())


@lru_cache(maxsize=256)
def _report(body: str, rules_key: tuple | None) -> Report:
    analyzer = default_analyzer() if rules_key is None else rule_changes.analyzer_for_key(rules_key)
    return analyzer.analyze(body)


@lru_cache(maxsize=256)
def personal_data_in(body: str) -> tuple[PersonalDatum, ...]:
    """Every personal detail in ``body``. Runs even where the engine refuses the text (a
    personnummer in an English letter is still a personnummer), and ignores accept.txt, the
    local rule changes and dismissals: the submit gate must see everything."""
    if not body.strip():
        return ()
    return tuple(detect(make_doc(default_analyzer().nlp, body)))
