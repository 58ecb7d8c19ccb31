"""WSGI entry point for production servers: ``gunicorn -c gunicorn.conf.py wsgi:app`` (what
``make serve`` runs; README "Drift")."""

from klarsprak import create_app

app = create_app()
