"""Swedish plain-language analysis: pipeline, rules, metrics. Importable without Flask."""

from klarsprak.analysis.engine import Analyzer, analyze
from klarsprak.analysis.errors import AnalysisError
from klarsprak.analysis.findings import Finding, Metrics, Report

__all__ = ["AnalysisError", "Analyzer", "Finding", "Metrics", "Report", "analyze"]
