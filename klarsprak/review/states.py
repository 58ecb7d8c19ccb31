"""Text states and the transitions allowed between them."""

from __future__ import annotations

import enum


class TextState(str, enum.Enum):
    """Where a text is in the review workflow. Values are stored in the database."""

    DRAFT = "utkast"
    WAITING = "vantar"
    IN_REVIEW = "under_granskning"
    CHANGES_REQUESTED = "andringar_begarda"
    APPROVED = "godkand"
    ARCHIVED = "arkiverad"

    @property
    def label(self) -> str:
        """The state in plain Swedish, as the UI shows it."""
        return LABELS[self]


LABELS: dict[TextState, str] = {
    TextState.DRAFT: "Utkast",
    TextState.WAITING: "Väntar på granskning",
    TextState.IN_REVIEW: "Under granskning",
    TextState.CHANGES_REQUESTED: "Ändringar begärda",
    TextState.APPROVED: "Godkänd",
    TextState.ARCHIVED: "Arkiverad",
}

# States in which the text is in the reviewers' hands.
REVIEW_STATES = frozenset({TextState.WAITING, TextState.IN_REVIEW})

# action -> (states it may start from, state it leads to)
TRANSITIONS: dict[str, tuple[frozenset[TextState], TextState]] = {
    "submit": (frozenset({TextState.DRAFT, TextState.CHANGES_REQUESTED}), TextState.WAITING),
    "claim": (frozenset({TextState.WAITING}), TextState.IN_REVIEW),
    "release": (frozenset({TextState.IN_REVIEW}), TextState.WAITING),
    "request_changes": (frozenset({TextState.IN_REVIEW}), TextState.CHANGES_REQUESTED),
    "approve": (frozenset({TextState.IN_REVIEW}), TextState.APPROVED),
    "approve_partly": (frozenset({TextState.IN_REVIEW}), TextState.WAITING),  # more approvals needed
    "new_version": (frozenset({TextState.CHANGES_REQUESTED}), TextState.DRAFT),
    "withdraw": (frozenset({TextState.WAITING, TextState.IN_REVIEW}), TextState.DRAFT),  # the author takes it back
    # Not while reviewers have it: the author takes it back first, so no review is cut off.
    "archive": (frozenset(set(TextState) - {TextState.ARCHIVED, *REVIEW_STATES}), TextState.ARCHIVED),
    "unarchive": (frozenset({TextState.ARCHIVED}), TextState.DRAFT),  # back from the archive, as a draft
}


class IllegalTransition(Exception):
    """The action is not allowed from the text's current state (HTTP 409)."""

    def __init__(self, action: str, state: TextState) -> None:
        self.action = action
        self.state = state
        if action in TRANSITIONS and TRANSITIONS[action][1] == state:
            # Most often a double click, or the same step taken in another tab: it is done.
            message = f"Det är redan gjort: texten har redan status ”{state.label}”."
        else:
            message = f"Det går inte just nu: texten har status ”{state.label}”. Ladda om sidan och försök igen."
        super().__init__(message)


def next_state(action: str, state: TextState) -> TextState:
    """The state after ``action``, or :class:`IllegalTransition`."""
    allowed, target = TRANSITIONS[action]
    if state not in allowed:
        raise IllegalTransition(action, state)
    return target
