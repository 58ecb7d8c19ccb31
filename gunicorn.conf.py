"""gunicorn settings for ``make serve`` (``gunicorn -c gunicorn.conf.py wsgi:app``).

Everything can be overridden on the command line or with GUNICORN_CMD_ARGS."""

from __future__ import annotations

import multiprocessing
import os
import sys

# Starting through gunicorn is production: keys from the environment, Secure cookies, HSTS.
os.environ.setdefault("KLARSPRAK_ENV", "production")

bind = f"{os.environ.get('HOST', '127.0.0.1')}:{os.environ.get('PORT', '5000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", str(min(2 * multiprocessing.cpu_count() + 1, 8))))
# An analysis of the largest accepted text takes seconds of CPU; well under this.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "120"))
graceful_timeout = 30
# Workers are recycled now and then, so that memory a large analysis left behind is returned.
max_requests = 2000
max_requests_jitter = 200
# The proxy in front is trusted through PROXY_COUNT (werkzeug's ProxyFix) only, not here too.
secure_scheme_headers: dict[str, str] = {}
forwarded_allow_ips = ""
# No access log by default: URLs and client addresses are personal data; errors go to stderr.
accesslog = os.environ.get("GUNICORN_ACCESS_LOG") or None
errorlog = "-"


def on_starting(server) -> None:
    """Refuse to start (before any worker forks) when production mode is not safe to serve."""
    import click

    from klarsprak import create_app

    try:
        create_app()
    except click.ClickException as exc:  # UnsafeStart and other start-up refusals: one clear line
        print(exc.format_message(), file=sys.stderr)
        sys.exit(1)


def post_worker_init(worker) -> None:
    """Load the language models before the worker's first request and keep them out of the
    garbage collector's full passes (klarsprak.review.analysis.warm_up says why)."""
    from klarsprak.review.analysis import warm_up

    warm_up(worker.wsgi)
