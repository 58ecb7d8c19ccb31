"""Web layer (Flask blueprints). For now one page: paste a text and see the analysis."""
