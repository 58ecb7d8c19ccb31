"""The engine's view of a text body, computed once per body and shared by pages and services.

Pages are opened far more often than texts change, and the writer's personal-data choices are
checked on every click: without these caches each of them ran the whole pipeline again.
Bodies are immutable strings; reports are cached by body and by the version of the local rule
set (``klarsprak.review.rule_changes``), so a rule change is never hidden by the cache.
"""

from __future__ import annotations

import gc
import logging
from functools import lru_cache

from flask import Flask, has_app_context

from klarsprak.analysis.document import make_doc
from klarsprak.analysis.engine import default_analyzer
from klarsprak.analysis.findings import Report
from klarsprak.extensions import db
from klarsprak.privacy import PersonalDatum, detect
from klarsprak.review import rule_changes

log = logging.getLogger(__name__)
# Short, but it takes every stage of the pipeline and the personal-data detector (a name, a number).
WARM_UP_TEXT = ("Vi har fått din ansökan om ekonomiskt bistånd. Handläggaren Anna Berg ringer dig "
                "på 070-123 45 67 inom två veckor.")


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


def warm_up(app: Flask) -> None:
    """Load the language models, the rules in force and the personal-data detector in this
    process now, then freeze what is loaded out of the garbage collector's reach.

    For a server worker before its first request (gunicorn.conf.py): otherwise the first person
    to open a text waits seconds, and every full garbage collection walks the models' few
    hundred thousand objects, which never become garbage, a 100-400 ms pause every hundred or so
    requests (measured with bench/load_bench.py; frozen: under 15 ms). A failure is logged and
    the worker serves anyway: the models then load on first use, as before."""
    try:
        with app.app_context():
            try:
                report_for(WARM_UP_TEXT)
                personal_data_in(WARM_UP_TEXT)
            finally:
                db.session.remove()  # the rules' version query opened a session; no request will close it
    except Exception:  # a worker without a warm model still serves
        log.exception("warm-up failed; the language models load on first use instead")
    gc.collect()
    gc.freeze()
