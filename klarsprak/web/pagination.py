"""Long lists shown a page at a time: the review queue, a reviewer's comments, and any page that
lists rows without bound (the writer's comments on ``/texter/<id>`` can use it as it is).

The rows come from Flask-SQLAlchemy's ``db.paginate`` (LIMIT/OFFSET and one COUNT); this adds
the page number from the query string, a page past the end shown as the last page, and the
links back to the same page with every other query argument kept. The controls are the macro
``pagination`` in ``templates/_pagination.html``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import request, url_for
from sqlalchemy import Select

from klarsprak.extensions import db

PAGE_ARG = "sida"
# A longer number is no page of any list here; read as one it could overflow the database's OFFSET.
MAX_PAGE_DIGITS = 6


@dataclass(frozen=True)
class Pager:
    """One page of a list: its rows, where it is, and the links to the others."""

    items: list[Any]
    page: int
    pages: int
    total: int
    per_page: int
    arg: str  # the query argument that carries the page number
    anchor: str | None  # where the browser should land on another page (an element's id)
    endpoint: str | None = None  # the page the links lead to; None: the one being answered


    @property
    def has_previous(self) -> bool:
        return self.page > 1

    @property
    def has_next(self) -> bool:
        return self.page < self.pages

    @property
    def first_number(self) -> int:
        """The place in the whole list of this page's first row (1-based; 0 for an empty list)."""
        return (self.page - 1) * self.per_page + 1 if self.items else 0

    def url(self, number: int) -> str:
        """This page's address showing page ``number`` of the list, other query arguments kept."""
        args = request.args.to_dict()
        args.pop(self.arg, None)
        if number > 1:  # page 1 is the address without the argument
            args[self.arg] = str(number)
        address = url_for(self.endpoint or request.endpoint or "", **(request.view_args or {}), **args)
        return address + (f"#{self.anchor}" if self.anchor else "")


def requested_page(arg: str = PAGE_ARG) -> int:
    """The page number in the query string (or, when a refused form is answered with its page
    again, in the form); 1 when it is missing or not a whole number of 1 or more, the last page
    (see :func:`paginate`) when it is larger than any list here."""
    value = request.args.get(arg) or (request.form.get(arg, "") if request.method == "POST" else "")
    if not (value.isascii() and value.isdigit()) or int(value) < 1:
        return 1
    return int(value) if len(value) <= MAX_PAGE_DIGITS else 10**MAX_PAGE_DIGITS


def paginate(statement: Select, per_page: int, arg: str = PAGE_ARG, anchor: str | None = None,
             endpoint: str | None = None) -> Pager:
    """The page of ``statement``'s rows (its first column: ORM objects) that the query string
    asks for. A page past the end, as when the list has shrunk since the link was made, shows
    the last page rather than an empty one. ``endpoint``: where the page links lead, when the
    page is also shown as the answer to a form (a POST route)."""
    page = requested_page(arg)
    found = db.paginate(statement, page=page, per_page=per_page, max_per_page=per_page, error_out=False)
    pages = max(1, found.pages)
    if page > pages:
        found = db.paginate(statement, page=pages, per_page=per_page, max_per_page=per_page, error_out=False)
    return Pager(items=list(found.items), page=min(page, pages), pages=pages, total=found.total or 0,
                 per_page=per_page, arg=arg, anchor=anchor, endpoint=endpoint)
