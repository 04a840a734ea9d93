"""The phase plot of a chat model as a self-contained SVG.

Both null clines, the influenced steady states and the observed (W, H) turn pairs, on the W
score (across) and H score (up). The SVG holds no script, no external reference, no ``style``
attribute and no id (so that two plots on one page cannot clash): only presentation attributes,
because the web page's Content Security Policy forbids inline styles. Stable states are filled
circles, unstable ones hollow circles and undetermined ones hollow diamonds, and the two clines
differ in dash pattern, so nothing depends on seeing colour. Every text comes from the caller
(who translates it) and is escaped here.
"""

import itertools
import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from xml.sax.saxutils import escape

from nabij.conversation.clines import Point, Stability, SteadyState
from nabij.conversation.dynamics import ChatModel

# The texts the caller must give, by key.
LABEL_KEYS = (
    "title",  # the plot's title, also its accessible name
    "desc",  # a sentence or two that says what the plot shows, for screen readers
    "w_axis",  # the axis across: W's score
    "h_axis",  # the axis up: H's score
    "w_cline",  # legend: where W's score stays put
    "h_cline",  # legend: where H's score stays put
    "stable",  # legend: a stable steady state
    "unstable",  # legend: an unstable steady state
    "undetermined",  # legend: a steady state whose stability is not known
    "trajectory",  # legend: the observed turn pairs
)

Trajectory = Sequence[Sequence[Point]]

# The canvas: a square plot area with room left and below for the axes, a legend underneath.
_SIZE = 400
_LEFT, _TOP = 64, 40
_LEGEND_ROW = 22
_WIDTH = _LEFT + _SIZE + 24
_LEGEND_TOP = _TOP + _SIZE + 56
_LEGEND_ROWS = 3  # two columns of three: room for all six kinds of entry
_HEIGHT = _LEGEND_TOP + _LEGEND_ROW * (_LEGEND_ROWS - 1) + 16

# Colours chosen to read on white and for common colour blindness; shape carries the meaning.
_W_COLOUR = "#1f5f8b"
_H_COLOUR = "#a8431d"
_INK = "#222222"
_GRID = "#dddddd"
_PATH = "#555555"
_MARKER = 6.0
# One turn pair's dot and line; repeats darken it (see _trajectory).
_PATH_OPACITY = 0.35

# Characters XML 1.0 does not allow at all, even escaped (control characters, lone surrogates).
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def _text(value: str) -> str:
    """Return ``value`` safe inside an element or a double-quoted attribute."""
    return escape(_NOT_XML.sub("", value), {'"': "&quot;"})


def _nice_step(reach: float) -> float:
    """Return a round tick step that gives at most about five ticks on each side of 0."""
    raw = reach / 5.0
    power = 10.0 ** math.floor(math.log10(raw))
    return next(m * power for m in (1.0, 2.0, 2.5, 5.0, 10.0) if m * power >= raw)


def _clip(a: Point, b: Point, low: float, high: float) -> tuple[Point, Point] | None:
    """Return the part of segment ab inside the square [low, high]², or None (Liang–Barsky)."""
    (x0, y0), (x1, y1) = a, b
    dx, dy = x1 - x0, y1 - y0
    start, end = 0.0, 1.0
    for p, q in ((-dx, x0 - low), (dx, high - x0), (-dy, y0 - low), (dy, high - y0)):
        if p == 0:
            if q < 0:
                return None
            continue
        t = q / p
        if p < 0:
            start = max(start, t)
        else:
            end = min(end, t)
        if start > end:
            return None
    return (x0 + start * dx, y0 + start * dy), (x0 + end * dx, y0 + end * dy)


class _Canvas:
    """Maps scores to pixels and collects the SVG elements."""

    def __init__(self, low: float, high: float) -> None:
        self.low, self.high = low, high
        self.parts: list[str] = []

    def x(self, w: float) -> float:
        """Return the pixel column of a W score."""
        return _LEFT + (w - self.low) / (self.high - self.low) * _SIZE

    def y(self, h: float) -> float:
        """Return the pixel row of an H score (up is higher)."""
        return _TOP + (self.high - h) / (self.high - self.low) * _SIZE

    def add(self, element: str) -> None:
        """Append one element."""
        self.parts.append(element)

    def polyline(self, points: Sequence[Point], attributes: str) -> None:
        """Draw a line through ``points``, clipped to the plot area."""
        for a, b in itertools.pairwise(points):
            clipped = _clip(a, b, self.low, self.high)
            if clipped is not None:
                (x0, y0), (x1, y1) = clipped
                self.add(
                    f'<line x1="{self.x(x0):.2f}" y1="{self.y(y0):.2f}" '
                    f'x2="{self.x(x1):.2f}" y2="{self.y(y1):.2f}" {attributes}/>'
                )

    def inside(self, point: Point) -> bool:
        """Return whether a point lies in the plot area."""
        return all(math.isfinite(v) and self.low <= v <= self.high for v in point)


def _state_marker(cx: float, cy: float, stability: Stability) -> str:
    """Return the marker of a steady state: its shape says its stability."""
    if stability is Stability.STABLE:
        return f'<circle cx="{cx:.2f}" cy="{cy:.2f}" r="{_MARKER}" fill="{_INK}" stroke="{_INK}"/>'
    if stability is Stability.UNSTABLE:
        return (
            f'<circle cx="{cx:.2f}" cy="{cy:.2f}" r="{_MARKER}" fill="#ffffff" '
            f'stroke="{_INK}" stroke-width="2"/>'
        )
    d = _MARKER * 1.3
    return (
        f'<polygon points="{cx:.2f},{cy - d:.2f} {cx + d:.2f},{cy:.2f} {cx:.2f},{cy + d:.2f} '
        f'{cx - d:.2f},{cy:.2f}" fill="#ffffff" stroke="{_INK}" stroke-width="2"/>'
    )


def _axes(canvas: _Canvas, labels: Mapping[str, str]) -> None:
    """Draw the frame, the grid with its numbers, the zero lines and the axis titles."""
    low, high = canvas.low, canvas.high
    step = _nice_step(high)
    ticks = [k * step for k in range(math.ceil(low / step), math.floor(high / step) + 1)]
    for tick in ticks:
        colour = _INK if tick == 0 else _GRID
        x, y = canvas.x(tick), canvas.y(tick)
        canvas.add(
            f'<line x1="{x:.2f}" y1="{_TOP}" x2="{x:.2f}" y2="{_TOP + _SIZE}" '
            f'stroke="{colour}" stroke-width="1"/>'
        )
        canvas.add(
            f'<line x1="{_LEFT}" y1="{y:.2f}" x2="{_LEFT + _SIZE}" y2="{y:.2f}" '
            f'stroke="{colour}" stroke-width="1"/>'
        )
        number = f"{tick:g}".replace("-", "\u2212")  # a typographic minus
        canvas.add(
            f'<text x="{x:.2f}" y="{_TOP + _SIZE + 16}" text-anchor="middle" '
            f'font-size="11" fill="{_INK}">{number}</text>'
        )
        canvas.add(
            f'<text x="{_LEFT - 6}" y="{y + 4:.2f}" text-anchor="end" '
            f'font-size="11" fill="{_INK}">{number}</text>'
        )
    canvas.add(
        f'<rect x="{_LEFT}" y="{_TOP}" width="{_SIZE}" height="{_SIZE}" fill="none" '
        f'stroke="{_INK}" stroke-width="1"/>'
    )
    canvas.add(
        f'<text x="{_LEFT + _SIZE / 2}" y="{_TOP + _SIZE + 38}" text-anchor="middle" '
        f'font-size="13" fill="{_INK}">{_text(labels["w_axis"])}</text>'
    )
    middle = _TOP + _SIZE / 2
    canvas.add(
        f'<text x="16" y="{middle}" text-anchor="middle" font-size="13" fill="{_INK}" '
        f'transform="rotate(-90 16 {middle})">{_text(labels["h_axis"])}</text>'
    )


def _legend(canvas: _Canvas, entries: Sequence[tuple[str, str]]) -> None:
    """Draw the legend: one row per (symbol, text), in two columns."""
    for index, (symbol, text) in enumerate(entries):
        column, row = divmod(index, _LEGEND_ROWS)
        x = _LEFT + column * (_SIZE // 2)
        y = _LEGEND_TOP + row * _LEGEND_ROW
        canvas.add(f'<g transform="translate({x} {y})">{symbol}</g>')
        canvas.add(
            f'<text x="{x + 34}" y="{y + 4}" font-size="12" fill="{_INK}">{_text(text)}</text>'
        )


def _layered(count: int) -> str:
    """Return the opacity of ``count`` marks of ``_PATH_OPACITY`` drawn on top of each other."""
    return f"{1 - (1 - _PATH_OPACITY) ** count:.3f}"


def _dot(count: int) -> str:
    """Return the attributes of a turn pair's dot that occurs ``count`` times."""
    return f'fill="{_PATH}" fill-opacity="{_layered(count)}" stroke="none"'


def _trajectory(canvas: _Canvas, trajectory: Trajectory) -> None:
    """Draw the turn pairs as dots, joined by a line within each run.

    Chat scores are whole numbers and the same pairs and moves come back again and again; each
    distinct dot and line is drawn once, as dark as its repeats drawn on top of each other
    would be, so that a long chat still gives a small SVG. A point that is not finite breaks
    its run: no line is drawn across it.
    """
    moves: Counter[tuple[Point, Point]] = Counter()
    dots: Counter[Point] = Counter()
    for run in trajectory:
        previous: Point | None = None
        for w, h in run:
            point = (float(w), float(h))
            if not (math.isfinite(point[0]) and math.isfinite(point[1])):
                previous = None
                continue
            if previous is not None and previous != point:
                moves[min(previous, point), max(previous, point)] += 1
            if canvas.inside(point):
                dots[point] += 1
            previous = point
    for (a, b), count in moves.items():
        stroke = f'stroke="{_PATH}" stroke-opacity="{_layered(count)}" stroke-width="1"'
        canvas.polyline((a, b), stroke)
    for (w, h), count in dots.items():
        canvas.add(f'<circle cx="{canvas.x(w):.2f}" cy="{canvas.y(h):.2f}" r="3" {_dot(count)}/>')


def phase_plot_svg(model: ChatModel, trajectory: Trajectory, *, labels: Mapping[str, str]) -> str:
    """Return the phase plot of ``model`` with the turn pairs in ``trajectory`` as an SVG text.

    ``trajectory`` is a sequence of runs of (W, H) score pairs (``model.trajectory`` gives the
    chat's own, one run per conversation); a line never joins two runs. ``labels`` holds every
    key of ``LABEL_KEYS``. States and points outside the view (``model.view_range()``) are left
    out; the clines are cut at its edge.
    """
    missing = [key for key in LABEL_KEYS if key not in labels]
    if missing:
        raise ValueError(f"phase_plot_svg needs the labels {missing}")
    low, high = model.view_range()
    canvas = _Canvas(low, high)
    canvas.add(f"<title>{_text(labels['title'])}</title>")
    canvas.add(f"<desc>{_text(labels['desc'])}</desc>")
    canvas.add(f'<rect x="0" y="0" width="{_WIDTH}" height="{_HEIGHT}" fill="#ffffff"/>')
    _axes(canvas, labels)
    legend: list[tuple[str, str]] = []

    if any(run for run in trajectory):
        legend.append(
            (
                f'<line x1="0" y1="0" x2="24" y2="0" stroke="{_PATH}" stroke-width="1"/>'
                f'<circle cx="12" cy="0" r="3" {_dot(1)}/>',
                labels["trajectory"],
            )
        )
    _trajectory(canvas, trajectory)

    w_cline, h_cline = model.null_clines(low, high)
    for cline, colour, dash, key in (
        (w_cline, _W_COLOUR, "", "w_cline"),
        (h_cline, _H_COLOUR, ' stroke-dasharray="8 5"', "h_cline"),
    ):
        if cline is None:
            continue
        stroke = f'stroke="{colour}" stroke-width="2.5" fill="none"{dash}'
        canvas.polyline(cline, stroke)
        legend.append((f'<line x1="0" y1="0" x2="24" y2="0" {stroke}/>', labels[key]))

    states: Sequence[SteadyState] = model.steady_states or ()
    for state in states:
        if canvas.inside((state.w, state.h)):
            cx, cy = canvas.x(state.w), canvas.y(state.h)
            # A white ring keeps the marker readable on top of the turn pairs.
            canvas.add(f'<circle cx="{cx:.2f}" cy="{cy:.2f}" r="{_MARKER * 1.4}" fill="#ffffff"/>')
            canvas.add(_state_marker(cx, cy, state.stability))
    for stability in Stability:
        if any(state.stability is stability for state in states):
            legend.append((_state_marker(12, 0, stability), labels[stability.value]))

    _legend(canvas, legend)
    body = "\n".join(canvas.parts)
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{_WIDTH}" height="{_HEIGHT}" '
        f'viewBox="0 0 {_WIDTH} {_HEIGHT}" role="img" font-family="sans-serif">\n'
        f"{body}\n</svg>\n"
    )
