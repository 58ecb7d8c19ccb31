"""``flask --app klarsprak daily``: the time-driven work, for cron or a systemd timer."""

from __future__ import annotations

import click
from flask import Flask

from klarsprak.review import notifications


def register(app: Flask) -> None:
    """Add ``daily`` to ``flask --app klarsprak``."""

    @app.cli.command("daily")
    def daily_command() -> None:
        """Gör dagens arbete: granskningar som gått ut går tillbaka till listan, påminnelser och
        sammanfattningar till granskarna, och e-post som inte gick att skicka förut försöks igen
        (högst fem försök). Kör en gång om dagen (cron eller systemd-timer)."""
        click.echo(notifications.describe(notifications.run_daily()))
