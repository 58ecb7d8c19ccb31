"""A text as one person may see it: the author's originals, or the reviewers' projection.

Pages for anyone but the author get a :class:`TextView`, never the ``Text`` row, so a field
added to the model later cannot reach them by accident: it is not here until someone decides
what its masked form is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from klarsprak.review import permissions
from klarsprak.review.models import Text, User
from klarsprak.review.states import TextState


@dataclass(frozen=True)
class TextView:
    id: int
    kind: str
    kind_label: str
    state: TextState
    current_version: int
    created_at: dt.datetime
    updated_at: dt.datetime
    submitted_at: dt.datetime | None
    author_id: int
    author_name: str
    claimed_by_id: int | None
    title: str
    audience: str
    body: str | None  # None: nothing of the text may be shown (never sent)
    shared_version: int | None  # the version whose projection this is
    originals: bool  # True only for the author

    @property
    def state_label(self) -> str:
        return self.state.label

    @property
    def sent(self) -> bool:
        return self.body is not None


def unsent_title(text: Text) -> str:
    """What others read instead of the title of a text that was never sent: its kind and number."""
    return f"{text.kind_label} nr {text.id} (inte skickad till granskning)"


def view_for(user: User, text: Text) -> TextView:
    """``text`` as ``user`` may see it."""
    common = {"id": text.id, "kind": text.kind, "kind_label": text.kind_label, "state": text.state_enum,
              "current_version": text.current_version, "created_at": text.created_at, "updated_at": text.updated_at,
              "submitted_at": text.submitted_at, "author_id": text.author_id,
              "author_name": text.author.display_name, "claimed_by_id": text.claimed_by_id}
    if permissions.sees_originals(user, text):
        return TextView(**common, title=text.title, audience=text.audience or "", body=text.revision().body,
                        shared_version=None, originals=True)
    shared = text.shared_revision()
    if shared is None:
        return TextView(**common, title=unsent_title(text), audience="", body=None, shared_version=None,
                        originals=False)
    return TextView(**common, title=shared.review_title or unsent_title(text), audience=shared.review_audience or "",
                    body=shared.review_body, shared_version=shared.number, originals=False)
