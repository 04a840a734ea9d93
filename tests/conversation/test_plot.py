"""The phase plot: a self-contained, accessible SVG that the page's CSP allows."""

import xml.etree.ElementTree as ET

import numpy as np
import pytest

from nabij.conversation.clines import Equation, Stability, steady_states
from nabij.conversation.dynamics import (
    ChatModel,
    PartnerModel,
    Role,
    StateReason,
    model_for_series,
)
from nabij.conversation.fit import MIN_STEPS, Estimate, Fit, FitReason, InfluenceTest, NoFit
from nabij.conversation.plot import LABEL_KEYS, phase_plot_svg

SVG = "{http://www.w3.org/2000/svg}"
LABELS = {
    "title": "Jullie gesprekken als beweging",
    "desc": "Twee lijnen en de punten waar jullie scores tot rust komen.",
    "w_axis": "Score van Sanne",
    "h_axis": "Score van Mark",
    "w_cline": "Hier blijft Sanne's score gelijk",
    "h_cline": "Hier blijft Mark's score gelijk",
    "stable": "Rustpunt (stabiel)",
    "unstable": "Rustpunt (niet stabiel)",
    "undetermined": "Rustpunt (onbepaald)",
    "trajectory": "Jullie beurten",
}
Runs = tuple[tuple[tuple[float, float], ...], ...]


def _fit(equation: Equation) -> Fit:
    test = InfluenceTest(1.0, 0.5, 10.0, (2, 96), 0.001, 5.0, 1.0)
    a, r, m_pos, m_neg = (
        Estimate(value, 0.1)
        for value in (equation.intercept, equation.inertia, equation.positive, equation.negative)
    )
    return Fit(100, a, r, m_pos, m_neg, 1.0, test)


def _model(w: Equation | None, h: Equation | None, trajectory: Runs = ()) -> ChatModel:
    """Return a model with these equations (None: not fitted) and their steady states."""
    no_fit = NoFit(3, FitReason.TOO_FEW_STEPS)
    states = steady_states(w, h) if w is not None and h is not None else ()
    return ChatModel(
        w=PartnerModel(Role.W, "Sanne", no_fit if w is None else _fit(w)),
        h=PartnerModel(Role.H, "Mark", no_fit if h is None else _fit(h)),
        steady_states=states or None,
        steady_reason=None if states else StateReason.NO_FIT,
        conversation_count=1,
        conflict_count=1,
        used=(),
        trajectory=trajectory,
        gap_hours=6.0,
        min_steps=MIN_STEPS,
        score_range=(-8, 8),
    )


CONTAGIOUS = Equation(1.0, 0.0, 0.5, 2.0)  # a stable state at (2, 2), an unstable one at (-1, -1)
TRAJECTORY: Runs = (((-2.0, -4.0), (0.0, 2.0), (4.0, 4.0)), ((3.0, 5.0), (-6.0, -8.0)))


def _plot(model: ChatModel, trajectory: Runs = TRAJECTORY, **labels: str) -> ET.Element:
    return ET.fromstring(phase_plot_svg(model, trajectory, labels={**LABELS, **labels}))


def _all(root: ET.Element, tag: str) -> list[ET.Element]:
    return list(root.iter(SVG + tag))


def test_it_is_well_formed_svg_with_a_title_and_a_description_first() -> None:
    root = _plot(_model(CONTAGIOUS, CONTAGIOUS))
    assert root.tag == SVG + "svg"
    assert root.get("role") == "img"
    assert [child.tag for child in root[:2]] == [SVG + "title", SVG + "desc"]
    assert root[0].text == LABELS["title"]
    assert root[1].text == LABELS["desc"]
    texts = {element.text for element in _all(root, "text")}
    assert {LABELS["w_axis"], LABELS["h_axis"], LABELS["stable"], LABELS["unstable"]} <= texts


def test_it_holds_no_script_no_style_and_no_reference_to_anything_else() -> None:
    svg = phase_plot_svg(_model(CONTAGIOUS, CONTAGIOUS), TRAJECTORY, labels=LABELS)
    root = ET.fromstring(svg)
    for element in root.iter():
        assert element.tag not in (SVG + "script", SVG + "style", SVG + "foreignObject")
        for name, value in element.attrib.items():
            assert name != "style"
            assert "href" not in name
            assert not name.startswith("on")
            assert "url(" not in value
    assert "http" not in svg.replace('xmlns="http://www.w3.org/2000/svg"', "")


def test_it_escapes_every_text_from_the_caller() -> None:
    hostile = '<script>alert("x")</script> & "quotes" \x00\x1b'
    root = _plot(_model(CONTAGIOUS, CONTAGIOUS), title=hostile, w_axis=hostile, stable=hostile)
    assert not _all(root, "script")
    assert root[0].text == '<script>alert("x")</script> & "quotes" '
    assert sum(element.text == root[0].text for element in _all(root, "text")) == 2


def test_it_draws_stable_states_filled_and_unstable_ones_hollow() -> None:
    root = _plot(_model(CONTAGIOUS, CONTAGIOUS))
    markers = [c for c in _all(root, "circle") if c.get("r") == "6.0"]
    filled = [c for c in markers if c.get("fill") == c.get("stroke")]
    hollow = [c for c in markers if c.get("fill") == "#ffffff"]
    # One on the plot and one in the legend each.
    assert (len(filled), len(hollow)) == (2, 2)
    assert all(c.get("stroke-width") == "2" for c in hollow)


def test_it_draws_an_undetermined_state_as_a_hollow_diamond() -> None:
    model = _model(Equation(0.0, 0.3, 0.2, 0.5), Equation(0.0, 0.2, 0.4, 0.1))
    assert [s.stability for s in model.steady_states or ()] == [Stability.UNDETERMINED]
    root = _plot(model)
    diamonds = _all(root, "polygon")
    assert len(diamonds) == 2
    assert all(d.get("fill") == "#ffffff" for d in diamonds)
    assert LABELS["undetermined"] in {element.text for element in _all(root, "text")}


def _frame(root: ET.Element) -> tuple[float, float, float, float]:
    (frame,) = [r for r in _all(root, "rect") if r.get("fill") == "none"]
    x, y = float(frame.get("x", 0)), float(frame.get("y", 0))
    return x, y, x + float(frame.get("width", 0)), y + float(frame.get("height", 0))


def test_every_line_stays_inside_the_plot_area_and_the_clines_differ_in_dash() -> None:
    # Steep clines run far outside the view; they must be cut at its edge.
    steep = Equation(1.0, 0.5, 3.0, 3.0)
    root = _plot(_model(steep, Equation(-1.0, 0.2, 0.1, 0.1)))
    left, top, right, bottom = _frame(root)
    legend = [g for g in _all(root, "g") if (g.get("transform") or "").startswith("translate")]
    legend_lines = {id(line) for g in legend for line in g.iter(SVG + "line")}
    plotted = [line for line in _all(root, "line") if id(line) not in legend_lines]
    for line in plotted:
        for key, low, high in (("x1", left, right), ("x2", left, right)):
            assert low - 0.01 <= float(line.get(key, 0)) <= high + 0.01
        for key, low, high in (("y1", top, bottom), ("y2", top, bottom)):
            assert low - 0.01 <= float(line.get(key, 0)) <= high + 0.01
    clines = [line for line in plotted if line.get("stroke-width") == "2.5"]
    assert {line.get("stroke-dasharray") for line in clines} == {None, "8 5"}


PATH = "#555555"  # the trajectory's grey


def _path_lines(root: ET.Element) -> list[ET.Element]:
    return [line for line in _all(root, "line") if line.get("stroke") == PATH]


def _dots(root: ET.Element) -> list[ET.Element]:
    return [circle for circle in _all(root, "circle") if circle.get("fill") == PATH]


def _plotted_dots(root: ET.Element) -> list[ET.Element]:
    """Return the trajectory's dots on the plot itself, not the legend's sample."""
    legend = {id(c) for g in _all(root, "g") for c in g.iter(SVG + "circle")}
    return [circle for circle in _dots(root) if id(circle) not in legend]


def test_a_line_of_the_trajectory_never_joins_two_conversations() -> None:
    root = _plot(_model(CONTAGIOUS, CONTAGIOUS))
    # Two moves in the first run, one in the second, and the legend's line.
    assert len(_path_lines(root)) == (3 - 1) + (2 - 1) + 1
    assert len(_dots(root)) == 5 + 1  # every pair, and the legend's


def test_a_repeated_pair_is_drawn_once_and_darker() -> None:
    runs: Runs = (((1.0, 1.0), (2.0, -2.0), (1.0, 1.0)), ((1.0, 1.0), (3.0, 3.0)))
    root = _plot(_model(None, None), runs)
    opacity = {
        (c.get("cx"), c.get("cy")): float(c.get("fill-opacity", 0)) for c in _plotted_dots(root)
    }
    assert len(opacity) == 3
    assert sorted(opacity.values()) == pytest.approx([0.35, 0.35, 1 - 0.65**3], abs=1e-3)
    strokes = sorted(float(line.get("stroke-opacity", 1)) for line in _path_lines(root))[:-1]
    # The move between (1, 1) and (2, -2) happens twice (there and back): one darker line. The
    # legend's sample line (opaque) sorts last.
    assert strokes == pytest.approx([0.35, 1 - 0.65**2], abs=1e-3)


def test_a_model_without_fits_still_plots_the_trajectory() -> None:
    root = _plot(_model(None, None))
    assert not [line for line in _all(root, "line") if line.get("stroke-width") == "2.5"]
    assert len(_dots(root)) == 6
    texts = {element.text for element in _all(root, "text")}
    assert LABELS["w_cline"] not in texts
    assert LABELS["stable"] not in texts


def test_a_point_that_is_not_finite_is_left_out_and_breaks_its_line() -> None:
    runs: Runs = (((1.0, 2.0), (1.0, float("nan")), (2.0, 2.0), (float("inf"), 1.0)),)
    root = _plot(_model(None, None), runs)
    assert len(_dots(root)) == 2 + 1
    assert len(_path_lines(root)) == 0 + 1  # only the legend's


def test_it_asks_for_every_label_it_needs() -> None:
    labels = {key: value for key, value in LABELS.items() if key != "stable"}
    with pytest.raises(ValueError, match="stable"):
        phase_plot_svg(_model(CONTAGIOUS, CONTAGIOUS), TRAJECTORY, labels=labels)
    assert set(LABELS) == set(LABEL_KEYS)


def test_it_plots_a_fitted_simulated_series() -> None:
    rng = np.random.default_rng(4)
    w, h = Equation(1.0, 0.3, 0.5, 0.4), Equation(-0.5, 0.2, 0.4, 0.8)
    ws, hs = [0.0], [0.0]
    for _ in range(150):
        ws.append(w.intercept + w.inertia * ws[-1] + w.influence(hs[-1]) + rng.normal(0, 1.5))
        hs.append(h.intercept + h.inertia * hs[-1] + h.influence(ws[-1]) + rng.normal(0, 1.5))
    model = model_for_series(ws, hs)
    root = _plot(model, model.trajectory)
    assert len(_dots(root)) == 152  # 151 pairs of floats, all different, and the legend's
    assert len([line for line in _all(root, "line") if line.get("stroke-width") == "2.5"]) >= 4
