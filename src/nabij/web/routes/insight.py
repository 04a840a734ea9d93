"""The insight page: the viewer's own assessment view, their pattern(s), next step and charts."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from fastapi import APIRouter
from fastapi.responses import Response
from markupsafe import Markup

from nabij.engine.assessment import Assessment
from nabij.engine.thresholds import WINDOW_DAYS
from nabij.instruments.checkin import CheckIn
from nabij.model.crisis_lines import crisis_lines
from nabij.model.safety import pause_message
from nabij.services.insight import Insight, insight
from nabij.web.charts import Plot, Series, chart_table, day_label, line_charts
from nabij.web.context import UserPage, render
from nabij.web.evidence import AssessmentWords

router = APIRouter()


@dataclass(frozen=True)
class Chart:
    """One rating chart with the rows of the text table beside it."""

    key: str
    title: str
    svg: Markup
    columns: tuple[str, ...]
    rows: list[tuple[str, list[int | None]]]


def _metrics(_: Callable[[str], str]) -> tuple[tuple[str, str, str], ...]:
    """Return the charted ratings: the check-in field, the chart title and what it shows."""
    return (
        ("closeness", _("Closeness"), _("How close you felt to each other")),
        ("safety", _("Feeling safe"), _("How safe you felt with each other, emotionally")),
        ("stress", _("Stress"), _("How much stress there was")),
    )


def _values(checkins: Sequence[CheckIn], field: str) -> dict[date, int]:
    return {c.date: int(getattr(c, field)) for c in checkins}


def charts(found: Insight, today: date, lang: str, _: Callable[[str], str]) -> list[Chart]:
    """Return the closeness, safety and stress charts over the four weeks ending today."""
    # The same four weeks the assessment reads, so the charts show what the patterns rest on.
    start = today - timedelta(days=WINDOW_DAYS - 1)
    metrics = _metrics(_)
    plots = []
    for field, title, what in metrics:
        series = [Series(_("You"), _values(found.own, field), own=True)]
        if found.partner_scores:
            series.append(Series(_("Your partner"), _values(found.partner_scores, field), False))
        description = _(
            "%(what)s, each day from 0 (not at all) to 10 (very much), %(from)s to %(to)s."
        ) % {
            "what": what,
            "from": day_label(start, lang),
            "to": day_label(today, lang),
        }
        if len(series) > 1:
            description += " " + _(
                "Your ratings are the solid line with round dots; your partner's the dashed "
                "line with open squares."
            )
        plots.append(Plot(series, title, description, id_prefix=f"chart-{field}"))
    # One call for the three: they share their legend, axes and dates.
    svgs = line_charts(
        plots,
        start=start,
        end=today,
        lang=lang,
        empty_label=_("No check-ins in these four weeks yet."),
    )
    made = []
    for (field, title, _what), plot, svg in zip(metrics, plots, svgs, strict=True):
        rows = [
            (day_label(day, lang), values)
            for day, values in chart_table(plot.series, start=start, end=today, lang=lang)
        ]
        made.append(Chart(field, title, svg, tuple(s.label for s in plot.series), rows))
    return made


def _assessment_values(view: Assessment | None, words: AssessmentWords) -> dict[str, Any]:
    """Return what the page shows of the viewer's assessment view (nothing before the intake)."""
    if view is None:
        return {"view": None}
    unknown = view.unknown_without_partner
    # Only the viewer's own concerns are in their view (``Assessment.for_viewer``).
    concerns = [c for found in view.safety.concerns.values() for c in found]
    return {
        "view": view,
        "present": [r for r in view.patterns if r.present],
        "quiet": ", ".join(
            words.item(r.pattern)
            for r in view.patterns
            if not r.present and r.pattern not in unknown
        ),
        "unknown": ", ".join(words.item(item) for item in unknown),
        "all_unknown": all(r.pattern in unknown for r in view.patterns),
        "criteria_met": [c for c in view.criteria if c.met],
        "own_summary": next((s for s in view.partners if s.partner is words.viewer), None),
        "partner_summary": next((s for s in view.partners if s.partner is not words.viewer), None),
        "concerns": concerns,
        "lines": crisis_lines(words.lang).for_concerns(concerns),
    }


@router.get("/insight")
def insight_page(p: UserPage) -> Response:
    """Show what the viewer may see of their assessment, with their charts."""
    who = p.user_viewer
    found = insight(p.db, who, p.today)
    words = AssessmentWords(p.lang, p._, who.slot)
    return render(
        p,
        "insight.html",
        words=words,
        paused=found.joint_paused,
        pause=pause_message(p.lang),
        partnered=who.partner is not None,
        charts=charts(found, p.today, p.lang.value, p._),
        **_assessment_values(found.assessment, words),
    )
