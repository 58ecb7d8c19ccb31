"""klarsprak: a plain-language review tool for Swedish municipal social services."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from klarsprak.analysis import AnalysisError, Report, analyze

if TYPE_CHECKING:
    from flask import Flask

__all__ = ["AnalysisError", "Report", "analyze", "create_app"]


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """The Flask app factory (imported lazily so the analysis engine never pulls in Flask)."""
    from klarsprak.web.app import create_app as factory

    return factory(test_config)
