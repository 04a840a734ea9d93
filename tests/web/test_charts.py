"""Tests for the insight page's SVG charts: accessible, CSP-safe, honest about gaps."""

import itertools
import re
import xml.etree.ElementTree as ET
from datetime import date, timedelta
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from nabij.web.charts import Plot, Series, chart_table, day_label, line_chart, line_charts

NS = "http://www.w3.org/2000/svg"
SVG = f"{{{NS}}}"
START = date(2025, 10, 20)
END = date(2025, 11, 16)  # 28 days, crossing into November


def _days(first: date, ratings: list[int | None]) -> dict[date, int]:
    """Return ratings on consecutive days from ``first``; None is a day without a check-in."""
    return {
        first + timedelta(days=i): rating for i, rating in enumerate(ratings) if rating is not None
    }


def _parse(svg: object) -> ET.Element:
    """Parse a chart as XML, as a browser's XML parser would."""
    return ET.fromstring(str(svg))


def _chart(series: list[Series], **options: Any) -> ET.Element:
    """Return a parsed chart over the default window with plain texts."""
    kwargs: dict[str, Any] = {
        "start": START,
        "end": END,
        "title": "Nabijheid",
        "description": "Hoe dichtbij je je voelde, per dag.",
    }
    kwargs.update(options)
    return _parse(line_chart(series, **kwargs))


def _group(root: ET.Element, cls: str) -> list[ET.Element]:
    """Return the groups whose class list holds ``cls``."""
    return [g for g in root.iter(f"{SVG}g") if cls in g.get("class", "").split()]


def _plot_group(root: ET.Element, cls: str) -> ET.Element:
    """Return the one series group in the plot (not the legend) with class ``cls``."""
    legend = _group(root, "legend")
    in_legend = {id(g) for lg in legend for g in lg.iter(f"{SVG}g")}
    groups = [g for g in _group(root, cls) if id(g) not in in_legend]
    assert len(groups) == 1
    return groups[0]


def _find(element: ET.Element, tag: str) -> ET.Element:
    """Return the first direct child with an SVG tag, failing the test when there is none."""
    found = element.find(f"{SVG}{tag}")
    assert found is not None, tag
    return found


def _texts(element: ET.Element) -> list[str]:
    """Return every text line under an element, tspans joined per text element."""
    return ["".join(t.itertext()) for t in element.iter(f"{SVG}text")]


def _subpaths(group: ET.Element) -> int:
    """Return how many separate line segments (``M`` commands) a series draws."""
    return sum(p.get("d", "").count("M") for p in group.iter(f"{SVG}path"))


def _coordinates(root: ET.Element) -> list[tuple[float, float]]:
    """Return every point the chart places: shape corners, text anchors and path vertices."""
    points: list[tuple[float, float]] = []
    for element in root.iter():
        tag = element.tag.removeprefix(SVG)
        get = element.get
        if tag == "circle":
            cx, cy, r = float(get("cx", "")), float(get("cy", "")), float(get("r", ""))
            points += [(cx - r, cy - r), (cx + r, cy + r)]
        elif tag == "rect":
            x, y = float(get("x", "")), float(get("y", ""))
            points += [(x, y), (x + float(get("width", "")), y + float(get("height", "")))]
        elif tag == "line":
            points += [(float(get("x1", "")), float(get("y1", "")))]
            points += [(float(get("x2", "")), float(get("y2", "")))]
        elif tag in ("text", "tspan"):
            points.append((float(get("x", "")), float(get("y", ""))))
        elif tag == "path":
            numbers = [float(n) for n in re.findall(r"-?[\d.]+", get("d", ""))]
            points += list(zip(numbers[::2], numbers[1::2], strict=True))
    return points


def _text_extents(root: ET.Element, em: float | None = None) -> list[tuple[float, float]]:
    """Return the least horizontal room each text line takes, at half an em per character.

    Half an em is narrower than almost any real glyph, so a line outside these bounds is
    certainly cut off; the chart itself plans with a wider estimate.
    """
    em = em or float(root.get("font-size", ""))
    extents = []
    for text in root.iter(f"{SVG}text"):
        anchor = text.get("text-anchor")
        lines = [(text.get("x", ""), text.text or "")] + [
            (span.get("x", ""), span.text or "") for span in text.iter(f"{SVG}tspan")
        ]
        for x_text, line in lines:
            if not line:
                continue
            x, size = float(x_text), len(line) * em / 2
            left = {"start": x, "middle": x - size / 2, "end": x - size}[anchor or "start"]
            extents.append((left, left + size))
    return extents


def test_it_is_an_svg_element_that_scales_with_a_viewbox() -> None:
    root = _chart([Series("Jij", _days(START, [5, 6, 7]))])
    assert root.tag == f"{SVG}svg"
    assert root.get("class") == "chart"
    assert root.get("role") == "img"
    x, y, width, height = (float(v) for v in root.get("viewBox", "").split())
    assert (x, y, width) == (0, 0, 640)
    assert 200 <= height <= 300
    assert root.get("width") is None  # the page's CSS sets the width


def test_it_uses_no_style_script_or_external_reference() -> None:
    root = _chart(
        [
            Series("Jij", _days(START, [5, None, 7, 8])),
            Series("Mark (gedeeld)", _days(START, [3, 4, None, 2]), own=False),
        ]
    )
    for element in root.iter():
        tag = element.tag.removeprefix(SVG)
        assert tag not in {"style", "script", "foreignObject", "image", "use", "a"}
        assert "style" not in element.attrib
        for name, value in element.attrib.items():
            assert not name.endswith("href")
            assert "url(" not in value
            assert not name.startswith("on")


def test_it_is_labelled_by_its_title_and_description() -> None:
    root = _chart([Series("Jij", _days(START, [5]))], id_prefix="closeness")
    ids = root.get("aria-labelledby", "").split()
    assert ids == ["closeness-title", "closeness-desc"]
    by_id = {e.get("id"): e for e in root.iter() if e.get("id")}
    assert by_id[ids[0]].tag == f"{SVG}title"
    assert by_id[ids[0]].text == "Nabijheid"
    assert by_id[ids[1]].tag == f"{SVG}desc"
    assert by_id[ids[1]].text == "Hoe dichtbij je je voelde, per dag."


def test_it_gives_each_chart_on_a_page_its_own_ids() -> None:
    series = [Series("Jij", _days(START, [5]))]
    titles = ["Nabijheid", "Veiligheid", "Spanning"]
    ids = [_chart(series, title=title).get("aria-labelledby") for title in titles]
    assert len(set(ids)) == 3


def test_it_gives_the_same_output_for_the_same_call() -> None:
    series = [Series("Jij", _days(START, [5, 6])), Series("Mark", _days(START, [4]), own=False)]
    first = line_chart(series, start=START, end=END, title="a", description="b")
    assert first == line_chart(series, start=START, end=END, title="a", description="b")


@pytest.mark.parametrize("prefix", ["1chart", "chart one", 'x"y', "grafiek:1"])
def test_it_refuses_an_id_prefix_that_is_not_an_xml_id(prefix: str) -> None:
    with pytest.raises(ValueError, match="id_prefix"):
        _chart([], id_prefix=prefix)


def test_it_derives_ids_when_the_prefix_is_empty() -> None:
    ids = _chart([], id_prefix="").get("aria-labelledby", "").split()
    assert len(ids) == 2
    assert all(re.fullmatch(r"chart-[0-9a-f]+-(title|desc)", i) for i in ids)


def test_it_breaks_the_line_at_a_missing_day() -> None:
    root = _chart([Series("Jij", _days(START, [5, 6, None, 7, 8]))])
    group = _plot_group(root, "series-own")
    assert _subpaths(group) == 2
    assert len(group.findall(f"{SVG}circle")) == 4


def test_it_joins_consecutive_days_into_one_segment() -> None:
    root = _chart([Series("Jij", _days(START, [5, 6, 7, 8]))])
    assert _subpaths(_plot_group(root, "series-own")) == 1


def test_it_shows_an_isolated_rating_as_a_marker_without_a_line() -> None:
    root = _chart([Series("Jij", _days(START, [5, None, 7]))])
    group = _plot_group(root, "series-own")
    assert _subpaths(group) == 0
    assert len(group.findall(f"{SVG}circle")) == 2


def test_it_draws_the_partner_dashed_with_square_markers() -> None:
    root = _chart([Series("Mark (gedeeld)", _days(START, [3, 4, 5]), own=False)])
    group = _plot_group(root, "series-partner")
    paths = group.findall(f"{SVG}path")
    assert len(paths) == 1
    assert paths[0].get("stroke-dasharray")
    squares = group.findall(f"{SVG}rect")
    assert len(squares) == 3
    assert all(rect.get("width") == rect.get("height") for rect in squares)
    assert all(rect.get("fill") != rect.get("stroke") for rect in squares)  # hollow
    assert group.findall(f"{SVG}circle") == []


def test_it_draws_ones_own_series_solid_with_round_markers() -> None:
    root = _chart([Series("Jij", _days(START, [3, 4, 5]))])
    group = _plot_group(root, "series-own")
    assert [p.get("stroke-dasharray") for p in group.findall(f"{SVG}path")] == [None]
    assert len(group.findall(f"{SVG}circle")) == 3
    assert group.findall(f"{SVG}rect") == []


def test_it_shows_a_legend_entry_with_the_same_line_and_marker_per_series() -> None:
    root = _chart(
        [
            Series("Jij", _days(START, [5, 6])),
            Series("Mark (gedeeld)", _days(START, [3, 4]), own=False),
        ]
    )
    (legend,) = _group(root, "legend")
    own, partner = legend.findall(f"{SVG}g")
    assert own.get("class") == "series-own"
    assert _texts(own) == ["Jij"]
    assert _find(own, "line").get("stroke-dasharray") is None
    assert own.find(f"{SVG}circle") is not None
    assert partner.get("class") == "series-partner"
    assert _texts(partner) == ["Mark (gedeeld)"]
    dash = _find(_plot_group(root, "series-partner"), "path").get("stroke-dasharray")
    assert _find(partner, "line").get("stroke-dasharray") == dash
    assert partner.find(f"{SVG}rect") is not None


def _axis_x_labels(root: ET.Element) -> list[str]:
    """Return the date labels under the plot."""
    (axis,) = _group(root, "axis-x")
    return _texts(axis)


@pytest.mark.parametrize(
    ("lang", "pattern"), [("nl", r"3 nov\.?"), ("en", r"Nov 3"), ("nl", r"27 okt\.?")]
)
def test_it_labels_the_date_axis_in_the_interface_language(lang: str, pattern: str) -> None:
    root = _chart([Series("Jij", _days(START, [5]))], end=date(2025, 11, 3), lang=lang)
    assert any(re.fullmatch(pattern, label) for label in _axis_x_labels(root))


def test_it_ticks_and_labels_every_day_of_a_week() -> None:
    root = _chart([Series("Jij", _days(START, [5]))], end=START + timedelta(days=6), lang="en")
    (axis,) = _group(root, "axis-x")
    assert len(axis.findall(f"{SVG}line")) == 7
    assert _axis_x_labels(root) == [f"Oct {day}" for day in range(20, 27)]


def test_it_ticks_every_day_up_to_ten_days_labelling_what_fits() -> None:
    end = START + timedelta(days=9)
    root = _chart([Series("Jij", _days(START, [5]))], end=end, lang="en")
    (axis,) = _group(root, "axis-x")
    assert len(axis.findall(f"{SVG}line")) == 10
    labels = _axis_x_labels(root)
    assert 5 <= len(labels) <= 10
    assert labels[-1] == "Oct 29"


def test_it_ticks_every_week_back_from_the_last_day_in_a_longer_window() -> None:
    root = _chart([Series("Jij", _days(START, [5]))], lang="en")
    (axis,) = _group(root, "axis-x")
    assert len(axis.findall(f"{SVG}line")) == 4  # Nov 16, 9, 2 and Oct 26
    assert _axis_x_labels(root) == ["Oct 26", "Nov 2", "Nov 9", "Nov 16"]


def test_it_thins_date_labels_that_would_overlap_but_keeps_the_last_day() -> None:
    end = START + timedelta(days=364)
    root = _chart([Series("Jij", _days(START, [5]))], end=end, lang="en")
    (axis,) = _group(root, "axis-x")
    labels = _axis_x_labels(root)
    assert len(labels) < len(axis.findall(f"{SVG}line"))
    assert labels[-1] == day_label(end, "en")


def test_it_marks_a_month_boundary_with_a_line_and_the_month() -> None:
    root = _chart([Series("Jij", _days(START, [5]))], lang="en")
    (months,) = _group(root, "month")
    assert len(months.findall(f"{SVG}line")) == 1
    assert _texts(months) == ["Nov"]


def test_it_shows_the_year_at_a_new_year() -> None:
    root = _chart([Series("Jij", _days(START, [5]))], end=date(2026, 1, 10), lang="nl")
    (months,) = _group(root, "month")
    assert len(months.findall(f"{SVG}line")) == 3
    assert any("2026" in text for text in _texts(months))


def test_it_draws_a_month_boundary_between_the_last_day_and_the_first() -> None:
    root = _chart([Series("Jij", {END: 5})], start=date(2025, 10, 29), end=date(2025, 11, 4))
    (axis,) = _group(root, "axis-x")
    ticks = [float(line.get("x1", "")) for line in axis.findall(f"{SVG}line")]
    (boundary,) = _group(root, "month")[0].findall(f"{SVG}line")
    assert ticks[2] < float(boundary.get("x1", "")) < ticks[3]  # Oct 31 and Nov 1


def test_it_leaves_out_month_labels_that_would_overlap_but_keeps_every_boundary() -> None:
    root = _chart([Series("Jij", {END: 5})], end=date(2026, 12, 31), lang="nl")
    (months,) = _group(root, "month")
    assert len(months.findall(f"{SVG}line")) == 14  # November 2025 to December 2026
    labels = sorted(_text_extents(months, em=float(root.get("font-size", ""))))
    assert 1 < len(labels) < 14
    for (_, right), (left, _) in itertools.pairwise(labels):
        assert right < left
    assert any("2026" in text for text in _texts(months))


def test_it_draws_no_month_boundary_within_one_month() -> None:
    root = _chart([Series("Jij", _days(END, [5]))], start=date(2025, 11, 1))
    (months,) = _group(root, "month")
    assert months.findall(f"{SVG}line") == []


@pytest.mark.parametrize(
    ("lang", "end"),
    [
        ("en", date(2025, 11, 1)),  # a month label at the very right edge
        ("nl", date(2026, 1, 1)),  # "jan 2026" at the very right edge
        ("fr", date(2025, 9, 30)),  # "30 sept." is wider than the right margin
    ],
)
def test_it_keeps_date_and_month_labels_inside_the_chart(lang: str, end: date) -> None:
    start = end - timedelta(days=20)
    root = _chart([Series("Jij", {end: 5})], start=start, end=end, lang=lang)
    _, _, width, _ = (float(v) for v in root.get("viewBox", "").split())
    (months,) = _group(root, "month")
    assert months.findall(f"{SVG}text") or lang == "fr"  # September has no boundary in view
    for left, right in _text_extents(root):
        assert left >= 0
        assert right <= width


def test_it_wraps_long_legend_labels_inside_the_chart() -> None:
    long_label = "Mark, die deze grafiek met je deelt sinds vorige week, " * 4
    root = _chart(
        [
            Series("Jij", _days(START, [5])),
            Series(long_label, _days(START, [4]), own=False),
            Series("Nog een", _days(START, [3])),
        ]
    )
    _, _, width, _ = (float(v) for v in root.get("viewBox", "").split())
    (legend,) = _group(root, "legend")
    assert len(legend.findall(f".//{SVG}tspan")) >= 3
    assert " ".join(legend.itertext()).split() == f"Jij {long_label} Nog een".split()
    for left, right in _text_extents(root):
        assert left >= 0
        assert right <= width
    rows = {c.get("cy") for c in legend.iter(f"{SVG}circle")}
    assert len(rows) == 2  # the third entry moved to a row of its own


def test_it_labels_the_rating_axis_with_the_given_low_and_high_words() -> None:
    root = _chart(
        [Series("Jij", _days(START, [5]))], low_label="ver weg", high_label="heel dichtbij"
    )
    (axis,) = _group(root, "axis-y")
    assert _texts(axis) == ["heel dichtbij", "5", "ver weg"]
    (grid,) = _group(root, "grid")
    assert len(grid.findall(f"{SVG}line")) == 2  # 5 and 10; the axis itself is 0


def test_it_escapes_every_text_it_is_given() -> None:
    nasty = "<script>alert(1)</script>&\"'"
    svg = line_chart(
        [Series(nasty, _days(START, [5])), Series(nasty, _days(START, [4]), own=False)],
        start=START,
        end=END,
        title=nasty,
        description=nasty,
        low_label=nasty,
        high_label=nasty,
    )
    assert "<script" not in str(svg)
    root = _parse(svg)
    assert _find(root, "title").text == nasty
    assert _find(root, "desc").text == nasty
    (legend,) = _group(root, "legend")
    assert _texts(legend) == [nasty, nasty]
    assert all(
        nasty in (title.text or "") for title in _plot_group(root, "series-own").iter(f"{SVG}title")
    )
    assert list(root.iter(f"{SVG}script")) == []


def test_it_escapes_the_empty_label() -> None:
    root = _chart([], empty_label="<b>niets</b> & nog eens niets")
    empty = [t for t in root.iter(f"{SVG}text") if t.get("class") == "empty"]
    assert ["".join(t.itertext()) for t in empty] == ["<b>niets</b> & nog eens niets"]


def test_it_replaces_characters_that_xml_cannot_hold() -> None:
    root = _chart([Series("Ji\x00j\x1b", _days(START, [5]))], title="a\x07b")
    (legend,) = _group(root, "legend")
    assert _texts(legend) == ["Ji\ufffdj\ufffd"]
    assert _find(root, "title").text == "a\ufffdb"


def test_it_shows_the_empty_label_when_no_series_has_a_rating_in_the_window() -> None:
    before = _days(START - timedelta(days=10), [5, 6])
    root = _chart([Series("Jij", before)], empty_label="Nog geen check-ins")
    empty = [t for t in root.iter(f"{SVG}text") if t.get("class") == "empty"]
    assert ["".join(t.itertext()) for t in empty] == ["Nog geen check-ins"]
    assert list(root.iter(f"{SVG}circle")) == []
    assert list(root.iter(f"{SVG}path")) == []
    assert _axis_x_labels(root)  # the dates stay readable


def test_it_shows_no_empty_label_when_there_is_a_rating() -> None:
    root = _chart([Series("Jij", _days(START, [5]))], empty_label="Nog geen check-ins")
    assert all(t.get("class") != "empty" for t in root.iter(f"{SVG}text"))


def test_it_ignores_ratings_outside_the_window() -> None:
    values = _days(START - timedelta(days=2), [1, 2, 3, 4, 5])  # two days before START
    root = _chart([Series("Jij", values)], end=START + timedelta(days=1))
    group = _plot_group(root, "series-own")
    assert len(group.findall(f"{SVG}circle")) == 2
    assert _subpaths(group) == 1


@pytest.mark.parametrize("rating", [-1, 11, True, 5.0])
def test_it_refuses_a_rating_that_is_not_an_int_from_0_to_10(rating: object) -> None:
    secret_label = "Mark heeft een geheim"
    series = [Series(secret_label, {START: rating})]  # type: ignore[dict-item]
    with pytest.raises(ValueError, match="series 1, 2025-10-20") as caught:
        line_chart(series, start=START, end=END, title="t", description="d")
    assert secret_label not in str(caught.value)
    with pytest.raises(ValueError, match="series 1"):
        chart_table(series, start=START, end=END)


def test_it_refuses_a_bad_rating_even_outside_the_window() -> None:
    with pytest.raises(ValueError, match="outside 0–10"):
        _chart([Series("Jij", {START - timedelta(days=400): 12})])


def test_it_refuses_an_end_before_the_start() -> None:
    with pytest.raises(ValueError, match="start"):
        _chart([], start=END, end=START)


def test_it_draws_a_one_day_window_in_the_middle() -> None:
    root = _chart([Series("Jij", {START: 5})], end=START)
    (circle,) = _plot_group(root, "series-own").findall(f"{SVG}circle")
    assert 250 < float(circle.get("cx", "")) < 450


def test_it_puts_higher_ratings_higher_and_later_days_further_right() -> None:
    root = _chart([Series("Jij", _days(START, [2, 9]))])
    first, second = _plot_group(root, "series-own").findall(f"{SVG}circle")
    assert float(second.get("cx", "")) > float(first.get("cx", ""))
    assert float(second.get("cy", "")) < float(first.get("cy", ""))


def test_it_formats_a_day_label_per_language() -> None:
    assert re.fullmatch(r"3 nov\.?", day_label(date(2025, 11, 3), "nl"))
    assert day_label(date(2025, 11, 3), "en") == "Nov 3"


def test_it_lists_each_day_with_a_rating_in_the_table() -> None:
    own = Series("Jij", _days(START, [5, None, 7]))
    partner = Series("Mark", _days(START, [None, None, 2, 3]), own=False)
    rows = chart_table([own, partner], start=START, end=END)
    assert rows == [
        (START, [5, None]),
        (START + timedelta(days=2), [7, 2]),
        (START + timedelta(days=3), [None, 3]),
    ]


# --- properties -----------------------------------------------------------------------------

_OFFSETS = st.dictionaries(st.integers(-20, 420), st.integers(0, 10), max_size=50)
_SERIES = st.lists(st.tuples(st.text(max_size=40), _OFFSETS, st.booleans()), max_size=3)
_WINDOWS = st.tuples(st.dates(date(2000, 1, 1), date(2090, 12, 31)), st.integers(0, 400))


def _build(start: date, raw: list[tuple[str, dict[int, int], bool]]) -> list[Series]:
    """Turn day offsets from ``start`` into series."""
    return [
        Series(label, {start + timedelta(days=o): v for o, v in offsets.items()}, own)
        for label, offsets, own in raw
    ]


@given(
    window=_WINDOWS,
    raw=_SERIES,
    lang=st.sampled_from(["nl", "en"]),
    words=st.lists(st.text(max_size=60), min_size=5, max_size=5),
)
def test_it_always_draws_well_formed_svg_with_one_marker_per_rating_inside_the_viewbox(
    window: tuple[date, int],
    raw: list[tuple[str, dict[int, int], bool]],
    lang: str,
    words: list[str],
) -> None:
    start, length = window
    end = start + timedelta(days=length)
    title, description, low, high, empty = words
    svg = line_chart(
        _build(start, raw),
        start=start,
        end=end,
        title=title,
        description=description,
        lang=lang,
        low_label=low,
        high_label=high,
        empty_label=empty,
    )
    root = _parse(svg)
    assert all("style" not in element.attrib for element in root.iter())
    legend = {id(g) for lg in _group(root, "legend") for g in lg.iter(f"{SVG}g")}
    plotted = [g for g in root.iter(f"{SVG}g") if g.get("class", "").startswith("series-")]
    groups = [g for g in plotted if id(g) not in legend]
    in_window = [sum(0 <= o <= length for o in offsets) for _, offsets, _ in raw]
    if sum(in_window) == 0:
        assert groups == []
        assert [t for t in root.iter(f"{SVG}text") if t.get("class") == "empty"]
    else:
        assert len(groups) == len(raw)
        for group, count, (_, _, own) in zip(groups, in_window, raw, strict=True):
            shape = "circle" if own else "rect"
            assert len(group.findall(f"{SVG}{shape}")) == count
    _, _, width, height = (float(v) for v in root.get("viewBox", "").split())
    for x, y in _coordinates(root):
        assert 0 <= x <= width
        assert 0 <= y <= height
    for left, right in _text_extents(root):
        assert left >= 0
        assert right <= width


@given(window=_WINDOWS, raw=_SERIES)
def test_the_table_holds_exactly_the_ratings_in_the_window(
    window: tuple[date, int], raw: list[tuple[str, dict[int, int], bool]]
) -> None:
    start, length = window
    end = start + timedelta(days=length)
    rows = chart_table(_build(start, raw), start=start, end=end)
    days = [day for day, _ in rows]
    assert days == sorted(set(days))
    expected = {
        start + timedelta(days=o) for _, offsets, _ in raw for o in offsets if 0 <= o <= length
    }
    assert set(days) == expected
    for day, values in rows:
        offset = (day - start).days
        assert values == [offsets.get(offset) for _, offsets, _ in raw]


_PEOPLE = st.lists(st.tuples(st.text(max_size=20), st.booleans()), max_size=3)


@given(
    window=_WINDOWS,
    people=st.lists(_PEOPLE, min_size=1, max_size=2),
    ratings=st.lists(st.lists(_OFFSETS, min_size=3, max_size=3), min_size=1, max_size=4),
    lang=st.sampled_from(["nl", "en"]),
)
def test_charts_drawn_together_are_the_charts_drawn_one_by_one(
    window: tuple[date, int],
    people: list[list[tuple[str, bool]]],
    ratings: list[list[dict[int, int]]],
    lang: str,
) -> None:
    # Like the insight page, the same people (so the same legend) are in several charts.
    start, length = window
    end = start + timedelta(days=length)
    charts = []
    for index, each in enumerate(ratings):
        who = people[index % len(people)]
        raw = [(label, offsets, own) for (label, own), offsets in zip(who, each, strict=False)]
        charts.append(_build(start, raw))
    plots = [Plot(series, f"t{i}", "d", f"chart-{i}") for i, series in enumerate(charts)]
    together = line_charts(plots, start=start, end=end, lang=lang, empty_label="leeg")
    alone = [
        line_chart(
            plot.series,
            start=start,
            end=end,
            title=plot.title,
            description=plot.description,
            lang=lang,
            empty_label="leeg",
            id_prefix=plot.id_prefix,
        )
        for plot in plots
    ]
    assert together == alone
