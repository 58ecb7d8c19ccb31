"""Server-rendered SVG charts that everyone can read: a title, a summary in words, every bar
labelled with its number and what it is (never colour alone), and the same numbers as a table
for screen readers and as CSV. No script and no CDN: the SVG is part of the page.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from markupsafe import Markup, escape

from klarsprak.review import reporting

WIDTH = 360
BAR_SPACE = 170  # the longest bar; the rest of the width is for its label
BAR_HEIGHT = 18
FONT = 14
# Two series at most; both colours have at least 3:1 contrast with white (WCAG 1.4.11), and
# the label on each bar says which series it is.
FILLS = ("#0b5394", "#8a4500")
MONTHS = ("jan", "feb", "mar", "apr", "maj", "jun", "jul", "aug", "sep", "okt", "nov", "dec")


def month_label(month: str) -> str:
    """"2026-11" -> "nov 2026"."""
    return f"{MONTHS[int(month[5:]) - 1]} {month[:4]}"


def number(value: float | int | None, decimals: int = 1) -> str:
    """Swedish number: a decimal comma, a space between thousands, "–" for none."""
    if value is None:
        return "–"
    text = f"{value:,.0f}" if isinstance(value, int) or decimals == 0 else f"{value:,.{decimals}f}"
    return text.replace(",", " ").replace(".", ",")


def duration(minutes: int | None) -> str:
    """Minutes as a person reads them: "45 minuter", "3 timmar 45 minuter"."""
    if not minutes:
        return "0 minuter"
    hours, rest = divmod(int(minutes), 60)
    parts = ([f"{hours} {'timme' if hours == 1 else 'timmar'}"] if hours else []) + (
        [f"{rest} {'minut' if rest == 1 else 'minuter'}"] if rest else [])
    return " ".join(parts)


@dataclass(frozen=True)
class Bar:
    series: str  # what the bar shows, written beside it ("Före granskning")
    value: float | None


@dataclass(frozen=True)
class Group:
    label: str  # the group's heading in the chart ("nov 2026")
    bars: list[Bar]


@dataclass(frozen=True)
class Chart:
    key: str  # in URLs and file names
    title: str
    summary: str
    svg: Markup
    headers: list[str]
    rows: list[list[str]]  # as shown in the table
    raw_rows: list[list[object]]  # as written to CSV


def svg_bars(key: str, title: str, summary: str, groups: list[Group], decimals: int = 1) -> Markup:
    """Horizontal bars, grouped: each group's label on its own line, then one bar per series,
    each followed by "<series>: <value>"."""
    values = [b.value for g in groups for b in g.bars if b.value is not None]
    top = max(values, default=0) or 1
    y = 8
    parts: list[str] = []
    if not values:
        parts.append(f'<text x="0" y="{y + FONT}" font-size="{FONT}" fill="#1b1b1b">Inga siffror ännu.</text>')
        y += FONT + 12
    else:
        for group in groups:
            y += FONT
            parts.append(f'<text x="0" y="{y}" font-size="{FONT}" font-weight="600" fill="#1b1b1b">'
                         f"{escape(group.label)}</text>")
            y += 6
            for index, bar in enumerate(group.bars):
                width = 0 if bar.value is None else max(2, round(BAR_SPACE * bar.value / top))
                if width:
                    parts.append(f'<rect x="0" y="{y}" width="{width}" height="{BAR_HEIGHT}" '
                                 f'fill="{FILLS[index % len(FILLS)]}"/>')
                shown = number(bar.value, decimals)
                parts.append(f'<text x="{width + 6}" y="{y + BAR_HEIGHT - 4}" font-size="{FONT}" fill="#1b1b1b">'
                             f"{escape(bar.series)}: {escape(shown)}</text>")
                y += BAR_HEIGHT + 4
            y += 8
    height = y + 4
    # bandit B704: a false positive, labels, title and summary are escaped; the rest are numbers.
    return Markup(  # nosec B704
        f'<svg class="chart" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height}" '
        f'width="100%" role="img" aria-labelledby="{key}-svg-title {key}-svg-desc" focusable="false">'
        f'<title id="{key}-svg-title">{escape(title)}</title><desc id="{key}-svg-desc">{escape(summary)}</desc>'
        + "".join(parts) + "</svg>"
    )


def _chart(key: str, title: str, summary: str, groups: list[Group], headers: list[str],
           raw_rows: list[list[object]], decimals: int = 1) -> Chart:
    rows = [[number(v, decimals) if isinstance(v, (int, float)) or v is None else str(v) for v in row]
            for row in raw_rows]
    return Chart(key, title, summary, svg_bars(key, title, summary, groups, decimals), headers, rows, raw_rows)


def approved_chart(figures: list[reporting.MonthFigure]) -> Chart:
    total = sum(f.approved for f in figures)
    best = max(figures, key=lambda f: f.approved, default=None)
    summary = (f"{total} texter godkändes under de senaste {len(figures)} månaderna."
               + (f" Flest i {month_label(best.month)}: {best.approved}." if best and best.approved else ""))
    groups = [Group(month_label(f.month), [Bar("Godkända", f.approved)]) for f in figures]
    return _chart("godkanda", "Godkända texter per månad", summary, groups, ["Månad", "Godkända texter"],
                  [[month_label(f.month), f.approved] for f in figures], decimals=0)


def median_chart(figures: list[reporting.MonthFigure]) -> Chart:
    shown = [f for f in figures if f.median_days is not None]
    summary = ("Ingen text har godkänts ännu." if not shown else
               f"Medianen var {number(shown[-1].median_days)} dagar i {month_label(shown[-1].month)}, "
               "räknat från första gången texten skickades till granskning.")
    groups = [Group(month_label(f.month), [Bar("Dagar", f.median_days)]) for f in shown]
    return _chart("dagar-till-godkand", "Dagar från första inskick till godkänd (median)", summary, groups,
                  ["Månad", "Median, dagar", "Godkända texter"],
                  [[month_label(f.month), f.median_days, f.approved] for f in shown])


def workload_chart(work: list[reporting.Workload]) -> Chart:
    total_texts, total_comments = sum(w.texts for w in work), sum(w.comments for w in work)
    people = len({w.reviewer for w in work})
    summary = (f"{people} granskare granskade {total_texts} texter och skrev {total_comments} kommentarer."
               if work else "Ingen har granskat någon text ännu.")
    groups = [Group(f"{w.reviewer}, {month_label(w.month)}", [Bar("Granskade texter", w.texts),
                                                             Bar("Kommentarer", w.comments)]) for w in work]
    return _chart("granskare", "Granskarnas arbete per månad", summary, groups,
                  ["Månad", "Granskare", "Granskade texter", "Kommentarer"],
                  [[month_label(w.month), w.reviewer, w.texts, w.comments] for w in work], decimals=0)


def rules_chart(noise: list[reporting.RuleNoise]) -> Chart:
    noisiest = max(noise, key=lambda n: n.rate, default=None)
    summary = ("Inga markeringar är räknade ännu. De räknas när en text skickas till granskning." if not noise else
               f"Regeln {noise[0].rule} gav flest markeringar: {noise[0].findings}. "
               f"Skribenterna tog oftast bort markeringar från {noisiest.rule}: "
               f"{number(100 * noisiest.rate, 0)} procent. Den regeln kan behöva ändras.")
    groups = [Group(n.rule, [Bar("Markeringar", n.findings), Bar("Borttagna", n.dismissals)]) for n in noise]
    return _chart("regler", "Regler med flest markeringar, och hur ofta de togs bort", summary, groups,
                  ["Regel", "Markeringar", "Borttagna", "Andel borttagna (%)"],
                  [[n.rule, n.findings, n.dismissals, round(100 * n.rate, 1)] for n in noise], decimals=0)


def effect_charts(effects: list[reporting.Effect]) -> list[Chart]:
    """One chart per figure: before (first version sent) and after (version approved)."""
    shown = [e for e in effects if e.texts]
    charts = []
    for name, label in reporting.EFFECT_FIGURES.items():
        if shown:
            before = sum(e.before[name] * e.texts for e in shown) / sum(e.texts for e in shown)
            after = sum(e.after[name] * e.texts for e in shown) / sum(e.texts for e in shown)
            summary = (f"{label}: i genomsnitt {number(before)} när texterna skickades första gången "
                       f"och {number(after)} när de godkändes ({sum(e.texts for e in shown)} texter). "
                       "Lägre är lättare att läsa.")
        else:
            summary = "Ingen godkänd text har siffror ännu."
        groups = [Group(month_label(e.month), [Bar("Före granskning", e.before[name]),
                                               Bar("Godkänd", e.after[name])]) for e in shown]
        charts.append(_chart(f"effekt-{name.replace('_', '-')}", f"Granskningens effekt: {label}", summary, groups,
                             ["Månad", "Texter", "Före granskning", "Godkänd"],
                             [[month_label(e.month), e.texts, e.before[name], e.after[name]] for e in shown]))
    return charts


def all_charts(now: dt.datetime | None = None) -> list[Chart]:
    """Every chart on the charts page, in reading order."""
    months = reporting.approvals_by_month(12, now)
    return [approved_chart(months), median_chart(months), *effect_charts(reporting.review_effect(12, now)),
            rules_chart(reporting.noisiest_rules()), workload_chart(reporting.reviewer_workload(12, now))]
