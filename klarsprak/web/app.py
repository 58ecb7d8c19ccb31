"""Flask application factory."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask, render_template

TEMPLATES = Path(__file__).resolve().parent.parent.parent / "templates"


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Create the app: load config, register blueprints, nothing else (no model loading)."""
    app = Flask(__name__, template_folder=str(TEMPLATES))
    app.config.from_mapping(
        SECRET_KEY=os.environ.get("SECRET_KEY", os.urandom(32).hex()),
        MAX_CONTENT_LENGTH=2 * 1024 * 1024,
    )
    if test_config:
        app.config.update(test_config)

    from klarsprak.web import check

    app.register_blueprint(check.bp)

    @app.errorhandler(413)
    def too_large(_error):
        return render_template("error.html", message="Texten eller filen är för stor. Gränsen är 2 MB."), 413

    @app.errorhandler(404)
    def not_found(_error):
        return render_template("error.html", message="Sidan finns inte."), 404

    @app.errorhandler(500)
    def server_error(_error):
        return render_template("error.html", message="Något gick fel hos oss. Försök igen om en stund."), 500

    return app
