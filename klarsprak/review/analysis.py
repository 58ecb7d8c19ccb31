"""The engine's view of a text body, computed once per body and shared by pages and services.

Pages are opened far more often than texts change, and the writer's personal-data choices are
checked on every click: without these caches each of them ran the whole pipeline again.
Bodies are immutable strings, so caching by body can never show a stale result.
"""

from __future__ import annotations

from functools import lru_cache

from klarsprak.analysis.document import make_doc
from klarsprak.analysis.engine import default_analyzer
from klarsprak.analysis.findings import Report
from klarsprak.privacy import PersonalDatum, detect


@lru_cache(maxsize=256)
def report_for(body: str) -> Report:
    """The engine's report (raises AnalysisError for empty, binary or non-Swedish text)."""
    return default_analyzer().analyze(body)


@lru_cache(maxsize=256)
def personal_data_in(body: str) -> tuple[PersonalDatum, ...]:
    """Every personal detail in ``body``. Runs even where the engine refuses the text (a
    personnummer in an English letter is still a personnummer), and ignores accept.txt and
    dismissals: the submit gate must see everything."""
    if not body.strip():
        return ()
    return tuple(detect(make_doc(default_analyzer().nlp, body)))
