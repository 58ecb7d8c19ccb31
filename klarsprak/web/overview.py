"""The kommunikatör's pages: the overview of every text, a text's timeline, the charts, the
fee basis (arvodesunderlag) and their CSV files; and each reviewer's own history.

Every title here is the masked projection (see :mod:`klarsprak.review.reporting`); the CSV files
are streamed row by row, so 10,000 texts never sit in memory at once.
"""

from __future__ import annotations

import csv
import io
import os
from collections.abc import Iterable, Iterator
from urllib.parse import urlencode

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    render_template,
    request,
    stream_with_context,
    url_for,
)
from flask_login import current_user
from sqlalchemy import select

from klarsprak.review import permissions, reporting
from klarsprak.review.models import Review, Role, utcnow
from klarsprak.review.states import TextState
from klarsprak.review.views import view_for
from klarsprak.web import charts
from klarsprak.web.access import role_required, text_for
from klarsprak.web.forms import ActionForm, MonthForm, OverviewFilterForm, options
from klarsprak.web.pagination import paginate

bp = Blueprint("overview", __name__)
STAFF = (Role.COMMUNICATOR, Role.ADMIN)
MY_REVIEWS_PAGE_SIZE = 25  # a reviewer's own decisions a page on /mina-granskningar
BOM = "\ufeff"  # so that Excel reads the file as UTF-8 (å, ä, ö)
# A cell that starts like a formula is run by spreadsheet programs; a leading ' keeps it text.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def stuck_days() -> int:
    """``STUCK_DAYS``: a text waiting longer than this is marked "Väntar länge" (default 7)."""
    configured = current_app.config.get("STUCK_DAYS") or os.environ.get("STUCK_DAYS")
    try:
        return max(1, int(configured)) if configured else reporting.DEFAULT_STUCK_DAYS
    except ValueError:
        return reporting.DEFAULT_STUCK_DAYS


def _cell(value: object) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_lines(header: list[str], rows: Iterable[Iterable[object]]) -> Iterator[str]:
    """CSV text, one line at a time, the first with a byte order mark."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")  # Excel in Swedish expects semicolons
    writer.writerow(header)
    yield BOM + buffer.getvalue()
    for row in rows:
        buffer.seek(0)
        buffer.truncate()
        writer.writerow([_cell(v) for v in row])
        yield buffer.getvalue()


def csv_response(name: str, lines: Iterator[str]) -> Response:
    return Response(stream_with_context(lines), mimetype="text/csv",
                    headers={"Content-Disposition": f'attachment; filename="{name}"'})


def _filter_form() -> tuple[OverviewFilterForm, reporting.OverviewFilter, list[str]]:
    """The filters from the query string, and Swedish messages for any that were wrong (those
    are left out; the rest still apply)."""
    form = OverviewFilterForm(request.args)
    form.skribent.choices = options([("", "Alla"), *((str(u.id), u.display_name) for u in reporting.writers())])
    form.granskare.choices = options([("", "Alla"), *((str(u.id), u.display_name) for u in reporting.reviewers())])
    form.validate()
    errors = [f"{form[name].label.text}: {' '.join(messages)}" for name, messages in form.errors.items()]

    def ok(name: str):
        return None if name in form.errors else form[name].data

    wanted = reporting.OverviewFilter(
        state=ok("status") or "", kind=ok("typ") or "",
        writer_id=int(ok("skribent")) if ok("skribent") else None,
        reviewer_id=int(ok("granskare")) if ok("granskare") else None,
        since=ok("fran"), until=ok("till") if "fran" not in form.errors else None,
        search=(ok("q") or "").strip(), stuck=bool(ok("lange")),
        sort=ok("sortera") or "aktivitet", descending=(ok("ordning") or "fallande") == "fallande",
    )
    return form, wanted, errors


def _query_string(**changes: object) -> str:
    """The current query string with some values changed (for sort links and pages)."""
    args = {k: v for k, v in request.args.items() if v != ""}
    args.update({k: str(v) for k, v in changes.items()})
    return urlencode({k: v for k, v in args.items() if v not in ("", "None")})


@bp.route("/oversikt")
@role_required(*STAFF)
def index():
    """Counts per state and the table of all texts: filtered, sorted, searched, paginated."""
    form, wanted, errors = _filter_form()
    page = max(1, request.args.get("sida", 1, type=int))
    days = stuck_days()
    now = utcnow()
    rows, total = reporting.overview_page(wanted, page, now, days)
    pages = max(1, -(-total // reporting.PAGE_SIZE))
    return render_template(
        "overview/index.html", form=form, rows=rows, total=total, page=min(page, pages), pages=pages,
        counts=reporting.state_counts(), stuck=reporting.stuck_count(now, days), stuck_days=days, now=now,
        errors=errors, wanted=wanted, query_string=_query_string, states=TextState, sort_link=sort_link,
    ), (400 if errors else 200)


OVERVIEW_HEADER = ["Nummer", "Rubrik (maskerad)", "Typ", "Enhet", "Skribent", "Status", "Version", "Granskare",
                   "Dagar i status", "Väntar länge", "Senaste händelse"]


@bp.route("/oversikt/texter.csv")
@role_required(*STAFF)
def overview_csv():
    """The overview's texts as CSV, with the same filters and order as the page."""
    _form, wanted, _errors = _filter_form()
    days, now = stuck_days(), utcnow()
    rows = ([r.id, r.title, r.kind_label, r.unit, r.writer, r.state.label, r.version, r.reviewer,
             r.days_in_state(now), "ja" if r.stuck else "nej", r.last_activity.strftime("%Y-%m-%d %H:%M")]
            for r in reporting.iter_overview(wanted, now, days))
    return csv_response("texter.csv", csv_lines(OVERVIEW_HEADER, rows))


@bp.route("/oversikt/texter/<int:text_id>")
@role_required(*STAFF)
def timeline(text_id: int):
    """One text's history from the audit log, under its masked title."""
    text = text_for(text_id)
    return render_template("overview/timeline.html", text=view_for(current_user, text),
                           entries=reporting.timeline(text), action=ActionForm(),
                           can_unarchive=permissions.can_unarchive(current_user, text))


@bp.route("/oversikt/diagram")
@role_required(*STAFF)
def chart_page():
    return render_template("overview/charts.html", charts=charts.all_charts())


@bp.route("/oversikt/diagram.csv")
@role_required(*STAFF)
def chart_csv():
    """One chart's numbers as CSV: ``?diagram=<key>``."""
    wanted = request.args.get("diagram", "")
    chart = next((c for c in charts.all_charts() if c.key == wanted), None)
    if chart is None:
        abort(404)
    return csv_response(f"{chart.key}.csv", csv_lines(chart.headers, chart.raw_rows))


def _month() -> tuple[MonthForm, str | None]:
    form = MonthForm(request.args)
    form.validate()
    month = (form.manad.data or "").strip()
    return form, (month if month and not form.errors else None)


@bp.route("/oversikt/arvode")
@role_required(*STAFF)
def fees():
    """Arvodesunderlag: per reviewer and month, what they did and the time they reported."""
    form, month = _month()
    return render_template("overview/fees.html", form=form, month=month, lines=reporting.fee_basis(month),
                           month_label=charts.month_label, duration=charts.duration), (400 if form.errors else 200)


FEE_HEADER = ["Månad", "Granskare", "Granskade texter", "Beslut", "Kommentarer", "Rapporterad tid (minuter)",
              "Från start till beslut (minuter)", "Beslut utan rapporterad tid"]


@bp.route("/oversikt/arvode.csv")
@role_required(*STAFF)
def fees_csv():
    _form, month = _month()
    rows = ([line.month, line.reviewer, line.texts, line.reviews, line.comments, line.minutes,
             line.elapsed_minutes, line.unreported] for line in reporting.fee_basis(month))
    return csv_response(f"arvode-{month or 'alla'}.csv", csv_lines(FEE_HEADER, rows))


@bp.route("/mina-granskningar")
@role_required(Role.REVIEWER)
def my_reviews():
    """A reviewer's own decisions and reported hours: only theirs."""
    # The decisions a page at a time, the latest first; the months above sum them all.
    pager = paginate(select(Review).where(Review.reviewer_id == current_user.id)
                     .order_by(Review.created_at.desc(), Review.id.desc()), MY_REVIEWS_PAGE_SIZE, anchor="alla")
    records = reporting.review_records(reviewer_id=current_user.id, review_ids=[r.id for r in pager.items])
    lines = reporting.fee_basis(reviewer_id=current_user.id)
    return render_template("overview/mine.html", records=records[::-1], pager=pager, lines=lines,
                           month_label=charts.month_label, duration=charts.duration)


def sort_link(column: str) -> str:
    """The overview's URL sorted by ``column``; a second click reverses the order."""
    current = request.args.get("sortera", "aktivitet")
    order = request.args.get("ordning", "fallande")
    flipped = "stigande" if (current == column and order == "fallande") else "fallande"
    return url_for("overview.index") + "?" + _query_string(sortera=column, ordning=flipped, sida=1)
