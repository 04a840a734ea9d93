"""Draw the insight page's 0–10 rating charts as inline SVG that needs no style, script or font.

The page's CSP forbids inline style, so every look is a presentation attribute (readable on
its own) plus a class the stylesheet may target: ``chart``, ``grid``, ``month``, ``axis``,
``legend``, ``series-own``, ``series-partner``, ``empty``. The markup is written as strings,
exactly as ``xml.etree.ElementTree.tostring`` would write the same tree (building and writing
out that tree was the largest single cost of the insight page); texts are escaped as XML
requires, and characters XML cannot hold become U+FFFD.

Decisions the caller can rely on:

- a rating outside 0–10 (or a ``bool``) raises ``ValueError``: it is a bug upstream, and a
  clamped point would draw a lie; the message names the series index and date, never the value;
- dates outside ``[start, end]`` are ignored, so a caller may pass a whole history;
- a missing date is a gap: the line only joins ratings on consecutive days, and a lone rating
  still gets its marker;
- the partner's series is dashed with hollow square markers, one's own solid with round ones.
"""

from __future__ import annotations

import hashlib
import math
import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import cached_property, lru_cache
from typing import Literal

from babel import Locale
from babel.dates import format_date
from markupsafe import Markup

SVG_NS = "http://www.w3.org/2000/svg"
MIN_RATING = 0
MAX_RATING = 10

# Geometry in viewBox units. The chart is 640 wide and scales to the page width, so on a
# 360 px phone one unit is about half a pixel: text is 18 units to stay near 10 px there.
WIDTH = 640
FONT = 18
LINE = 24  # line height for wrapped text: 1.33 em
PAD = 8  # outer padding on every side
PLOT_HEIGHT = 140  # 14 units per rating point: a one-point change is still visible on a phone
RIGHT_MARGIN = 28  # room for the last marker and the middle of the last date label
LABEL_GAP = 16  # minimum space between two date labels, so they never read as one
Y_LABEL_MAX = 180  # wrap longer low/high labels, so the plot keeps at least ~400 units
SAMPLE = 32  # length of the line sample in the legend
CHAR_EM = 0.6  # estimated advance of an average character, in em (no font metrics here)

# Ticks every day up to this many days; beyond that a day's label no longer fits under it.
DAILY_TICK_MAX_DAYS = 10
WEEK = 7

OWN_COLOUR = "#0072b2"  # Okabe–Ito blue and vermilion: told apart with every colour vision,
PARTNER_COLOUR = "#d55e00"  # and both above 3:1 against white for graphics (WCAG 1.4.11).
TEXT_COLOUR = "#333333"
GRID_COLOUR = "#dddddd"
AXIS_COLOUR = "#666666"
MONTH_COLOUR = "#999999"
PARTNER_DASH = "8 5"
LINE_WIDTH = "3"
MARKER_MAX = 5.0  # marker radius on short windows
MARKER_MIN = 2.0  # and on long ones, where markers would otherwise merge into a band

Anchor = Literal["start", "middle", "end"]

_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*\Z")
# XML 1.0 cannot hold these (C0 controls except tab/newline/CR, lone surrogates, U+FFFE/F).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Series:
    """One person's daily ratings for one chart, with the label the legend shows."""

    label: str
    values: Mapping[date, int]
    own: bool = True


@dataclass(frozen=True)
class _Layout:
    """Where the plot area sits inside the viewBox."""

    left: float
    top: float
    right: float
    bottom: float
    start: date
    days: int

    @cached_property
    def day_width(self) -> float:
        """Return the horizontal distance between two consecutive days."""
        return (self.right - self.left) / max(1, self.days - 1)

    def x(self, day: date) -> float:
        """Return the x of a day; a one-day window puts it in the middle."""
        if self.days == 1:
            return (self.left + self.right) / 2
        return self.left + (day - self.start).days * self.day_width

    def y(self, rating: float) -> float:
        """Return the y of a rating, 10 at the top."""
        return self.bottom - rating / MAX_RATING * (self.bottom - self.top)


def day_label(day: date, lang: str = "nl") -> str:
    """Return a day as the axis shows it ("3 nov" in nl, "Nov 3" in en), for the text table too."""
    return _day_label(day, lang)


# A page draws three charts over the same days: caching the labels halves the drawing time.
@lru_cache(maxsize=4096)
def _day_label(day: date, lang: str) -> str:
    """Return the cached axis label of a day."""
    return format_date(day, _pattern(lang, "MMMd"), locale=lang)


@lru_cache(maxsize=512)
def _month_label(boundary: date, lang: str) -> str:
    """Return the label of a month boundary; the year shows where it changes: at January."""
    return format_date(
        boundary, _pattern(lang, "yMMM" if boundary.month == 1 else "MMM"), locale=lang
    )


def chart_table(
    series: Sequence[Series], *, start: date, end: date, lang: str = "nl"
) -> list[tuple[date, list[int | None]]]:
    """Return the rows of the text table beside a chart: each day with a rating, oldest first.

    ``lang`` is accepted for symmetry with ``line_chart``; format the dates with ``day_label``.
    """
    Locale.parse(lang)  # fail on the same languages as line_chart does
    windows = _in_window(series, start, end)
    days = sorted({day for window in windows for day in window})
    return [(day, [window.get(day) for window in windows]) for day in days]


def line_chart(
    series: Sequence[Series],
    *,
    start: date,
    end: date,
    title: str,
    description: str,
    lang: str = "nl",
    low_label: str = "0",
    high_label: str = "10",
    empty_label: str = "—",
    id_prefix: str | None = None,
) -> Markup:
    """Return an accessible inline SVG line chart of 0–10 ratings per day from start to end.

    ``empty_label`` (translated by the caller) is shown when no series has a rating in the
    window. ``id_prefix`` makes the ids of ``<title>`` and ``<desc>`` unique on the page; by
    default it is derived from the title and description, so equal calls give equal output.
    """
    (chart,) = line_charts(
        [Plot(series, title, description, id_prefix)],
        start=start,
        end=end,
        lang=lang,
        low_label=low_label,
        high_label=high_label,
        empty_label=empty_label,
    )
    return chart


@dataclass(frozen=True)
class Plot:
    """One chart of several over the same days: its series, texts and id prefix."""

    series: Sequence[Series]
    title: str
    description: str
    id_prefix: str | None = None


@dataclass(frozen=True)
class _Frame:
    """What charts with the same legend share: where the plot sits, and the legend, axes,
    dates and months drawn around it."""

    layout: _Layout
    markup: str
    bottom: float


def line_charts(
    plots: Sequence[Plot],
    *,
    start: date,
    end: date,
    lang: str = "nl",
    low_label: str = "0",
    high_label: str = "10",
    empty_label: str = "—",
) -> list[Markup]:
    """Return ``line_chart`` of each plot, all over the same days with the same axis labels.

    A page that shows several ratings side by side draws the legend, axes and dates once for
    all of them (when their series have the same labels), not once per chart.
    """
    frames: dict[tuple[object, ...], _Frame] = {}
    charts = []
    for plot in plots:
        windows = _in_window(plot.series, start, end)
        prefix = plot.id_prefix or _default_prefix(plot.title, plot.description)
        if not _ID.match(prefix):
            raise ValueError(
                "id_prefix must start with a letter and hold only letters, digits, - or _"
            )
        has_data = any(windows)
        key = (has_data, *((item.label, item.own) for item in plot.series))
        frame = frames.get(key)
        if frame is None:
            frame = frames[key] = _frame(
                plot.series if has_data else None, start, end, lang, low_label, high_label
            )
        out = [
            _element("title", {"id": f"{prefix}-title"}, _escape_text(_clean(plot.title))),
            _element("desc", {"id": f"{prefix}-desc"}, _escape_text(_clean(plot.description))),
            frame.markup,
        ]
        layout = frame.layout
        if has_data:
            for item, window in zip(plot.series, windows, strict=True):
                _draw_series(out, layout, item, window, lang)
        else:
            out.append(
                _text(
                    (layout.left + layout.right) / 2,
                    (layout.top + layout.bottom) / 2,
                    _wrap(_clean(empty_label), layout.right - layout.left),
                    anchor="middle",
                    cls="empty",
                )
            )
        root = {
            "xmlns": SVG_NS,
            "class": "chart",
            "role": "img",
            "aria-labelledby": f"{prefix}-title {prefix}-desc",
            "font-family": "system-ui, sans-serif",
            "font-size": str(FONT),
            "viewBox": f"0 0 {WIDTH} {_n(frame.bottom + PAD)}",
        }
        # Safe to mark: every text went in through _esc or _attrs, which escape it; nothing
        # of the caller is pasted in as markup.
        charts.append(Markup(_element("svg", root, "".join(out))))  # nosec B704
    return charts


def _frame(
    legend: Sequence[Series] | None,
    start: date,
    end: date,
    lang: str,
    low_label: str,
    high_label: str,
) -> _Frame:
    """Draw the legend (of ``legend``; none without data), the grid, the axes and the dates."""
    out: list[str] = []
    legend_bottom = _draw_legend(out, legend, PAD) if legend is not None else PAD
    high = _wrap(_clean(high_label), Y_LABEL_MAX)
    low = _wrap(_clean(low_label), Y_LABEL_MAX)
    label_width = max(_width(line) for line in [*high, *low, str(MAX_RATING // 2)])
    top = legend_bottom + max(MARKER_MAX + 4, len(high) * LINE / 2)
    days = (end - start).days + 1
    layout = _Layout(
        PAD + label_width + 10, top, WIDTH - RIGHT_MARGIN, top + PLOT_HEIGHT, start, days
    )
    _draw_grid(out, layout, high, low)
    dates_y = layout.bottom + max(8, len(low) * LINE / 2) + FONT
    months_y = dates_y + LINE
    bottom = _draw_dates(out, layout, end, lang, dates_y, months_y)
    return _Frame(layout, "".join(out), bottom)


def _default_prefix(title: str, description: str) -> str:
    """Return ids that differ between the page's charts and stay the same between requests."""
    text = f"{title}\0{description}".encode("utf-8", "surrogatepass")
    return "chart-" + hashlib.sha256(text).hexdigest()[:10]


def _in_window(series: Sequence[Series], start: date, end: date) -> list[dict[date, int]]:
    """Check every rating and return each series' ratings between start and end, inclusive."""
    if _not_a_plain_date(start) or _not_a_plain_date(end) or start > end:
        raise ValueError("start and end must be dates with start on or before end")
    windows: list[dict[date, int]] = []
    for index, item in enumerate(series, start=1):
        window: dict[date, int] = {}
        for day, rating in item.values.items():
            # The exact types first: the checks below are the rule, these only the quick way.
            if type(day) is not date and _not_a_plain_date(day):
                raise ValueError(f"series {index}: keys must be dates, not datetimes")
            if type(rating) is not int and (
                isinstance(rating, bool) or not isinstance(rating, int)
            ):
                raise ValueError(f"series {index}, {day.isoformat()}: a rating must be an int")
            if not MIN_RATING <= rating <= MAX_RATING:
                raise ValueError(f"series {index}, {day.isoformat()}: rating outside 0–10")
            if start <= day <= end:
                window[day] = rating
        windows.append(window)
    return windows


def _not_a_plain_date(value: object) -> bool:
    """Return whether a value is a datetime or no date at all (a datetime is a date subclass)."""
    return isinstance(value, datetime) or not isinstance(value, date)


def _draw_legend(out: list[str], series: Sequence[Series], top: float) -> float:
    """Draw one entry per series (line sample, marker, label), wrapping rows; return its bottom."""
    entries = []
    text_budget = WIDTH - 2 * PAD - SAMPLE - 8
    x, row_top, row_height = float(PAD), top, 0.0
    for item in series:
        lines = _wrap(_clean(item.label), text_budget)
        entry_width = SAMPLE + 8 + max(_width(line) for line in lines)
        if x > PAD and x + entry_width > WIDTH - PAD:
            x, row_top, row_height = float(PAD), row_top + row_height, 0.0
        height = len(lines) * LINE
        middle = row_top + LINE / 2
        entry = (
            _line((x, middle), (x + SAMPLE, middle), look=_stroke(item))
            + _marker(item, (x + SAMPLE / 2, middle), MARKER_MAX)
            + _text(x + SAMPLE + 8, row_top + height / 2, lines, anchor="start")
        )
        entries.append(_group(_series_class(item), entry))
        x += entry_width + 2 * FONT
        row_height = max(row_height, height)
    out.append(_group("legend", "".join(entries)))
    return row_top + row_height + 6


def _draw_grid(out: list[str], layout: _Layout, high: list[str], low: list[str]) -> None:
    """Draw the gridlines at 0, 5 and 10, the y axis and their labels."""
    grid = [
        _line((layout.left, layout.y(rating)), (layout.right, layout.y(rating)), GRID_COLOUR)
        for rating in (MAX_RATING // 2, MAX_RATING)
    ]
    out.append(_group("grid", "".join(grid)))
    axis = [
        _line((layout.left, layout.top), (layout.left, layout.bottom), AXIS_COLOUR),
        _line((layout.left, layout.bottom), (layout.right, layout.bottom), AXIS_COLOUR),
    ]
    for rating, lines in ((MAX_RATING, high), (MAX_RATING // 2, [str(MAX_RATING // 2)]), (0, low)):
        axis.append(_text(layout.left - 8, layout.y(rating), lines, anchor="end"))
    out.append(_group("axis axis-y", "".join(axis)))


def _draw_dates(
    out: list[str], layout: _Layout, end: date, lang: str, dates_y: float, months_y: float
) -> float:
    """Draw date ticks, their labels and month boundaries; return the lowest text baseline."""
    axis = []
    step = 1 if layout.days <= DAILY_TICK_MAX_DAYS else WEEK
    # Ticks count back from the last day, so the most recent day always has a label.
    ticks = [end - timedelta(days=back) for back in range(0, layout.days, step)][::-1]
    labels = [day_label(day, lang) for day in ticks]
    spacing = step * layout.day_width
    needed = max(_width(label) for label in labels) + LABEL_GAP
    every = 1 if len(ticks) == 1 else max(1, math.ceil(needed / spacing))
    for index, (day, label) in enumerate(zip(ticks, labels, strict=True)):
        x = layout.x(day)
        axis.append(_line((x, layout.bottom), (x, layout.bottom + 5), AXIS_COLOUR))
        if (len(ticks) - 1 - index) % every == 0:
            axis.append(
                _text(_fit(x, _width(label)), dates_y, [label], anchor="middle", baseline=True)
            )
    out.append(_group("axis axis-x", "".join(axis)))

    lowest = dates_y
    months = []
    free_from = 0.0
    first = date(layout.start.year, layout.start.month, 1)
    for boundary in _month_starts(first, end):
        if boundary <= layout.start:
            continue
        # The boundary lies between the month's last day and its first.
        x = layout.x(boundary) - layout.day_width / 2
        months.append(_line((x, layout.top), (x, layout.bottom), MONTH_COLOUR))
        label = _month_label(boundary, lang)
        width = _width(label)
        left = min(x + 4, WIDTH - PAD - width)
        if left >= free_from:
            months.append(_text(left, months_y, [label], anchor="start", baseline=True))
            free_from = left + width + LABEL_GAP
            lowest = months_y
    out.append(_group("month", "".join(months)))
    return lowest


def _draw_series(
    out: list[str], layout: _Layout, item: Series, window: Mapping[date, int], lang: str
) -> None:
    """Draw one series: a line through each run of consecutive days, and a marker per rating."""
    days = sorted(window)
    # Each coordinate is worked out and written once: an x per day, a y per rating (0–10);
    # the line and the markers share them. This runs for every point of every chart.
    xs = {day: layout.x(day) for day in days}
    ys = {rating: layout.y(rating) for rating in set(window.values())}
    x_text = {day: _n(x) for day, x in xs.items()}
    y_text = {rating: _n(y) for rating, y in ys.items()}
    runs: list[list[date]] = []
    previous = None
    for day in days:
        if previous is not None and (day - previous).days == 1:
            runs[-1].append(day)
        else:
            runs.append([day])
        previous = day
    commands = [
        "M" + " L".join(f"{x_text[day]} {y_text[window[day]]}" for day in run)
        for run in runs
        if len(run) > 1
    ]
    parts = []
    if commands:
        path = {"d": " ".join(commands), "fill": "none"} | _stroke(item)
        parts.append(_element("path", path))
    marker = _marker_look(item, min(MARKER_MAX, max(MARKER_MIN, layout.day_width * 0.35)))
    # A tooltip for pointer users; screen readers get the table beside the chart. Escaping a
    # text piece by piece gives the same as escaping it whole.
    label = _escape_text(_clean(item.label))
    for day in days:
        rating = window[day]
        tip = f"{label}, {_escape_text(day_label(day, lang))}: {rating}"
        parts.append(marker((xs[day], ys[rating]), (x_text[day], y_text[rating]), tip))
    out.append(_group(_series_class(item), "".join(parts)))


def _line(
    start: tuple[float, float],
    end: tuple[float, float],
    colour: str = AXIS_COLOUR,
    look: Mapping[str, str] | None = None,
) -> str:
    """Draw a straight line, thin and grey unless a series' look is given."""
    ends = f'x1="{_n(start[0])}" y1="{_n(start[1])}" x2="{_n(end[0])}" y2="{_n(end[1])}"'
    if look is None:
        # The coordinates and colours need no escaping: numbers and constants.
        return f'<line {ends} stroke="{colour}" stroke-width="1" />'
    return f"<line {ends}{_attributes(look.items())} />"


# Draws one marker: its centre, that centre written as coordinates, and a tooltip already
# escaped (or None).
_MarkerDrawer = Callable[[tuple[float, float], tuple[str, str], str | None], str]


def _marker(item: Series, centre: tuple[float, float], radius: float) -> str:
    """Draw a solid circle for one's own rating, a hollow square for the partner's."""
    return _marker_look(item, radius)(centre, (_n(centre[0]), _n(centre[1])), None)


def _marker_look(item: Series, radius: float) -> _MarkerDrawer:
    """Return how a series draws its markers of one size: the parts that every marker shares
    are written once, since a series draws a marker for each day."""
    if item.own:
        look = f'r="{_n(radius)}" fill="{OWN_COLOUR}" stroke="{OWN_COLOUR}"'

        def circle(_centre: tuple[float, float], written: tuple[str, str], tip: str | None) -> str:
            where = f'cx="{written[0]}" cy="{written[1]}"'
            if tip is None:
                return f"<circle {where} {look} />"
            return f"<circle {where} {look}><title>{tip}</title></circle>"

        return circle
    side = radius * 1.8  # a square looks larger than a circle of the same width
    look = f'width="{_n(side)}" height="{_n(side)}" fill="#ffffff" stroke="{PARTNER_COLOUR}"'
    look += ' stroke-width="2"'
    tops: dict[float, str] = {}  # per rating, the same few values on every day

    def square(centre: tuple[float, float], _written: tuple[str, str], tip: str | None) -> str:
        x, y = centre
        top = tops.get(y)
        if top is None:
            top = tops[y] = _n(y - side / 2)
        where = f'x="{_n(x - side / 2)}" y="{top}"'
        if tip is None:
            return f"<rect {where} {look} />"
        return f"<rect {where} {look}><title>{tip}</title></rect>"

    return square


def _stroke(item: Series) -> dict[str, str]:
    """Return the line look of a series: solid for one's own, dashed for the partner's."""
    look = {
        "stroke": OWN_COLOUR if item.own else PARTNER_COLOUR,
        "stroke-width": LINE_WIDTH,
        "stroke-linejoin": "round",
        "stroke-linecap": "round",
    }
    if not item.own:
        look["stroke-dasharray"] = PARTNER_DASH
    return look


def _series_class(item: Series) -> str:
    """Return the class the stylesheet and tests use to find a series."""
    return "series-own" if item.own else "series-partner"


def _text(
    x: float,
    y: float,
    lines: list[str],
    *,
    anchor: Anchor,
    cls: str | None = None,
    baseline: bool = False,
) -> str:
    """Draw lines of text centred on y (or with their first baseline at y), one tspan a line."""
    # 0.35 em below the middle is where a baseline sits for centred Latin text.
    first = y if baseline else y - (len(lines) - 1) * LINE / 2 + 0.35 * FONT
    # The attributes are numbers and names from this module: only the texts need escaping.
    x_text = _n(x)
    opening = f'<text x="{x_text}" y="{_n(first)}" text-anchor="{anchor}" fill="{TEXT_COLOUR}"'
    if cls:
        opening += f' class="{cls}"'
    if len(lines) == 1:
        content = _escape_text(lines[0])
    else:
        content = "".join(
            _element("tspan", {"x": x_text, "y": _n(first + index * LINE)}, _escape_text(line))
            for index, line in enumerate(lines)
        )
    return f"{opening}>{content}</text>" if content else f"{opening} />"


def _group(cls: str, content: str) -> str:
    """Return a ``<g>`` with a class (a name from this module) around written elements."""
    return f'<g class="{cls}">{content}</g>' if content else f'<g class="{cls}" />'


def _element(tag: str, attrs: Mapping[str, str], content: str = "") -> str:
    """Return one element with its attributes in order and its written content.

    An element without content closes itself (``<line ... />``), as ElementTree writes it.
    """
    opening = f"<{tag}{_attributes(attrs.items())}"
    return f"{opening}>{content}</{tag}>" if content else f"{opening} />"


def _attributes(items: Iterable[tuple[str, str]]) -> str:
    """Return attributes as XML writes them, each value escaped for a double-quoted value."""
    return "".join(f' {name}="{_escape_attribute(value)}"' for name, value in items)


def _escape_text(text: str) -> str:
    """Return text escaped for element content (``&``, ``<`` and ``>``)."""
    if "&" in text:
        text = text.replace("&", "&amp;")
    if "<" in text:
        text = text.replace("<", "&lt;")
    if ">" in text:
        text = text.replace(">", "&gt;")
    return text


def _escape_attribute(value: str) -> str:
    """Return a value escaped for a double-quoted attribute; line breaks and tabs as references."""
    value = _escape_text(value)
    if '"' in value:
        value = value.replace('"', "&quot;")
    if "\r" in value:
        value = value.replace("\r", "&#13;")
    if "\n" in value:
        value = value.replace("\n", "&#10;")
    if "\t" in value:
        value = value.replace("\t", "&#09;")
    return value


def _fit(centre: float, width: float) -> float:
    """Return a text centre moved just enough for the whole text to stay inside the chart."""
    return min(max(centre, PAD + width / 2), WIDTH - PAD - width / 2)


def _month_starts(first: date, end: date) -> list[date]:
    """Return the first day of every month from ``first`` up to ``end``."""
    starts = []
    day = first
    while day <= end:
        starts.append(day)
        day = date(day.year + day.month // 12, day.month % 12 + 1, 1)
    return starts


def _wrap(text: str, budget: float) -> list[str]:
    """Split text into lines no wider than budget, at spaces, breaking over-long words."""
    lines: list[str] = []
    current = ""
    for word in text.split(" "):
        while _width(word) > budget and len(word) > 1:
            if current:
                lines.append(current)
                current = ""
            cut = len(word) - 1
            while cut > 1 and _width(word[:cut]) > budget:
                cut -= 1
            lines.append(word[:cut])
            word = word[cut:]
        candidate = f"{current} {word}" if current else word
        if current and _width(candidate) > budget:
            lines.append(current)
            current = word
        else:
            current = candidate
    lines.append(current)
    return lines


def _width(text: str) -> float:
    """Return the estimated width of text at the chart's font size; wide CJK counts double."""
    ems = sum(1.0 if unicodedata.east_asian_width(c) in "WF" else CHAR_EM for c in text)
    return ems * FONT


def _clean(text: str) -> str:
    """Return text on one line with characters XML cannot hold replaced by U+FFFD."""
    return _NOT_XML.sub("\ufffd", text.replace("\r", " ").replace("\n", " ").replace("\t", " "))


@lru_cache(maxsize=64)
def _pattern(lang: str, skeleton: str) -> str:
    """Return the language's date pattern for a CLDR skeleton ("MMMd" is "d MMM" in nl)."""
    return str(Locale.parse(lang).datetime_skeletons[skeleton])


def _n(value: float) -> str:
    """Return a coordinate with one decimal at most, short enough to keep the page small."""
    return f"{round(value, 1):g}"
