"""Refused actions of the workflow, each with a plain Swedish message."""

from __future__ import annotations


class WorkflowError(Exception):
    """A refused action, with a Swedish message. ``status`` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 409) -> None:
        super().__init__(message)
        self.status = status


class NotAllowed(WorkflowError):
    def __init__(self) -> None:
        super().__init__("Du har inte behörighet att göra det här.", 403)


class StaleEdit(WorkflowError):
    def __init__(self) -> None:
        super().__init__(
            "Texten har ändrats av någon annan sedan du öppnade den. Din version finns kvar i "
            "rutan: kopiera den, ladda om sidan och för in dina ändringar igen."
        )
