"""The review workflow: texts, versions, comments, reviews and the audit log (no Flask views)."""
