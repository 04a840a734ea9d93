"""The least-squares fit of each partner's equation, and its acceptance test on simulated series.

ACCEPTANCE (issue 6, point 5; tolerance stated in docs/chat-model.md): for 50 random parameter
sets (intercepts in [-1, 1], inertias and influence slopes in [-0.6, 0.6]), a simulated series
of 2,000 turn pairs with Gaussian noise (sd 2), in which each partner's scores are at least a
fifth positive and a fifth negative, gives every one of the eight numbers within 5 standard
errors and within 0.1 (inertia), 0.25 (influence slopes) or 0.4 (intercept) of the true value,
and 90–99.5% of them within 1.96 standard errors.
"""

import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest

from nabij.conversation.clines import Equation
from nabij.conversation.fit import (
    MIN_STEPS,
    Fit,
    FitReason,
    NoFit,
    PartnerFit,
    fit_series,
    fit_steps,
    series_steps,
    upper_f_tail_2,
)

NAMES = ("intercept", "inertia", "positive", "negative")


def simulate(
    w: Equation, h: Equation, pairs: int, noise: float, rng: np.random.Generator
) -> tuple[list[float], list[float]]:
    """Return W and H scores from the model's equations (written out here) plus noise."""
    ws, hs = [0.0], [0.0]
    for _ in range(pairs):
        other = hs[-1]
        new_w = w.intercept + w.inertia * ws[-1] + (w.positive if other > 0 else w.negative) * other
        new_w += rng.normal(0.0, noise)
        new_h = h.intercept + h.inertia * hs[-1] + (h.positive if new_w > 0 else h.negative) * new_w
        new_h += rng.normal(0.0, noise)
        ws.append(new_w)
        hs.append(new_h)
    return ws, hs


def _fitted(fit: PartnerFit) -> Fit:
    assert isinstance(fit, Fit), fit
    return fit


def _values(fit: Fit) -> list[float]:
    return [getattr(fit, name).value for name in NAMES]


# --- exact cases -------------------------------------------------------------------------------


def test_it_recovers_the_exact_numbers_of_an_answer_without_noise() -> None:
    # W's turns carry noise so that the series keeps moving; H answers by its equation exactly,
    # so H's fit must give back H's numbers up to rounding.
    w, h = Equation(0.5, 0.3, 0.4, 0.8), Equation(-0.4, 0.2, 0.6, 0.3)
    rng = np.random.default_rng(5)
    ws, hs = [0.0], [0.0]
    for _ in range(60):
        ws.append(w.intercept + w.inertia * ws[-1] + w.influence(hs[-1]) + rng.normal(0, 2))
        hs.append(h.intercept + h.inertia * hs[-1] + h.influence(ws[-1]))
    h_fit = _fitted(fit_series(ws, hs)[1])
    assert _values(h_fit) == pytest.approx([-0.4, 0.2, 0.6, 0.3], abs=1e-9)
    assert h_fit.residual_sd == pytest.approx(0.0, abs=1e-9)


def test_it_builds_each_step_from_the_own_turn_before_and_the_answer_between() -> None:
    w_steps, h_steps = series_steps([1, 2, 3], [10, 20, 30])
    # Series 1, 10, 2, 20, 3, 30: W's steps end at 2 and 3, H's at 20 and 30.
    assert (w_steps.own, w_steps.other, w_steps.score) == ([1, 2], [10, 20], [2, 3])
    assert (h_steps.own, h_steps.other, h_steps.score) == ([10, 20], [2, 3], [20, 30])


def test_it_allows_a_last_w_turn_without_an_answer_but_not_an_answer_without_a_turn() -> None:
    w_steps, h_steps = series_steps([1, 2, 3], [10, 20])
    assert w_steps.score == [2, 3]
    assert h_steps.score == [20]
    with pytest.raises(ValueError, match="answer"):
        series_steps([1, 2], [10, 20, 30])


def test_it_rejects_scores_that_are_not_finite() -> None:
    with pytest.raises(ValueError, match="finite"):
        fit_steps([0.0] * 30, [1.0] * 30, [math.nan] * 30)


def test_it_takes_standard_errors_from_the_residual_variance_and_the_inverse_of_xtx() -> None:
    rng = np.random.default_rng(6)
    own, other, score = (rng.normal(size=25) for _ in range(3))
    x = np.column_stack([np.ones(25), own, np.maximum(other, 0), np.minimum(other, 0)])
    beta = np.linalg.solve(x.T @ x, x.T @ score)
    rss = float(np.sum((score - x @ beta) ** 2))
    se = np.sqrt(np.diag(np.linalg.inv(x.T @ x)) * rss / (25 - 4))
    fit = _fitted(fit_steps(own, other, score))
    assert _values(fit) == pytest.approx(list(beta))
    assert [getattr(fit, name).se for name in NAMES] == pytest.approx(list(se))
    assert fit.test.rss_with == pytest.approx(rss)


# --- reasons for no fit ------------------------------------------------------------------------


def test_it_needs_the_minimum_number_of_steps() -> None:
    rng = np.random.default_rng(1)
    own, other, score = (rng.normal(size=MIN_STEPS) for _ in range(3))
    assert isinstance(fit_steps(own, other, score), Fit)
    assert fit_steps(own[:-1], other[:-1], score[:-1]) == NoFit(
        MIN_STEPS - 1, FitReason.TOO_FEW_STEPS
    )


def test_it_reports_no_variation_when_every_score_is_the_same() -> None:
    rng = np.random.default_rng(2)
    result = fit_steps(rng.normal(size=30), rng.normal(size=30), [-2.0] * 30)
    assert result == NoFit(30, FitReason.NO_VARIATION)


def test_it_reports_singular_when_the_other_was_never_negative() -> None:
    rng = np.random.default_rng(3)
    other = np.abs(rng.normal(size=30))
    result = fit_steps(rng.normal(size=30), other, rng.normal(size=30))
    assert result == NoFit(30, FitReason.SINGULAR)


def test_it_reports_singular_when_the_own_previous_score_never_changed() -> None:
    rng = np.random.default_rng(4)
    result = fit_steps([1.0] * 30, rng.normal(size=30), rng.normal(size=30))
    assert result == NoFit(30, FitReason.SINGULAR)


# --- the influence test ------------------------------------------------------------------------


@pytest.mark.parametrize(("f", "df"), [(0.5, 5), (3.0, 20), (7.5, 60), (0.01, 200)])
def test_the_f_tail_matches_the_integrated_density(f: float, df: int) -> None:
    # The F(2, d) density is (1 + 2x/d)^-(d/2 + 1); integrate it from f to far out.
    x = np.linspace(f, f + 4000.0, 2_000_001)
    density = (1.0 + 2.0 * x / df) ** (-(df / 2.0 + 1.0))
    tail = float(np.sum((density[1:] + density[:-1]) / 2 * np.diff(x)))
    assert upper_f_tail_2(f, df) == pytest.approx(tail, rel=1e-4)


def test_the_f_tail_is_one_at_zero() -> None:
    assert upper_f_tail_2(0.0, 10) == 1.0


def test_it_finds_clear_influence_significant_and_its_absence_rarely() -> None:
    rng = np.random.default_rng(8)
    without = Equation(0.2, 0.4, 0.0, 0.0)
    p_values = []
    for _ in range(200):
        ws, hs = simulate(without, without, 120, 1.0, rng)
        p_values.append(_fitted(fit_series(ws, hs)[0]).test.p_value)
    # Under no influence the p-value is uniform: about 5% fall below 0.05.
    share = sum(p is not None and p < 0.05 for p in p_values) / len(p_values)
    assert 0.01 <= share <= 0.10
    strong = Equation(0.2, 0.4, 0.6, 0.6)
    ws, hs = simulate(strong, strong, 120, 1.0, rng)
    test = _fitted(fit_series(ws, hs)[0]).test
    assert test.p_value is not None
    assert test.p_value < 1e-4
    assert test.aic_with is not None
    assert test.aic_without is not None
    assert test.aic_with < test.aic_without
    assert test.df == (2, 120 - 4)  # the start pair plus 120 simulated ones: 120 steps


# --- ACCEPTANCE: recovery from noisy simulated series ------------------------------------------

ACCEPT_SETS = 50
ACCEPT_PAIRS = 2_000
# Noise of sd 2 on a score range of -8 to 8: a turn's score is far from fully predictable, and
# an error in the variance term of the standard errors cannot hide behind a noise of 1.
ACCEPT_NOISE = 2.0
# Over twelve seeds the largest errors were about 0.26 (intercept), 0.07 (inertia) and 0.2
# (slopes), and the largest ratio to the standard error 4.4 among 800 estimates.
TOLERANCE = {"intercept": 0.4, "inertia": 0.1, "positive": 0.25, "negative": 0.25}
MAX_Z = 5.0


def _random_equation(rng: np.random.Generator) -> Equation:
    return Equation(rng.uniform(-1, 1), *rng.uniform(-0.6, 0.6, size=3))


def _both_signs(scores: Sequence[float]) -> bool:
    """Return whether a series is at least a fifth positive and a fifth negative.

    A slope can only be recovered when its side of zero is visited.
    """
    values = np.asarray(scores)
    return bool(min((values > 0).mean(), (values < 0).mean()) >= 0.2)


def test_acceptance_it_recovers_known_numbers_from_noisy_simulated_series() -> None:
    rng = np.random.default_rng(20260906)
    within_95 = checked = sets = 0
    while sets < ACCEPT_SETS:
        w, h = _random_equation(rng), _random_equation(rng)
        ws, hs = simulate(w, h, ACCEPT_PAIRS, ACCEPT_NOISE, rng)
        if not (_both_signs(ws) and _both_signs(hs)):
            continue
        sets += 1
        for fit, truth in zip(fit_series(ws, hs), (w, h), strict=True):
            fitted = _fitted(fit)
            assert fitted.steps == ACCEPT_PAIRS
            assert fitted.residual_sd == pytest.approx(ACCEPT_NOISE, rel=0.1)
            for name in NAMES:
                estimate, true = getattr(fitted, name), getattr(truth, name)
                error = abs(estimate.value - true)
                assert error <= TOLERANCE[name], (sets, name, estimate, true)
                assert error <= MAX_Z * estimate.se, (sets, name, estimate, true)
                within_95 += error <= 1.96 * estimate.se
                checked += 1
    assert checked == ACCEPT_SETS * 2 * len(NAMES)
    # The standard errors are honest: about 95% of errors lie within 1.96 of them.
    assert 0.90 <= within_95 / checked <= 0.995


def test_the_docs_state_the_tolerance_this_test_holds_the_fit_to() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "chat-model.md").read_text("utf-8")
    flat = " ".join(doc.split())
    assert f"**{MAX_Z:g} standard errors**" in flat
    tolerances = TOLERANCE["inertia"], TOLERANCE["positive"], TOLERANCE["intercept"]
    assert (
        "**{:g} (inertia), {:g} (influence slopes) or {:g} (intercept)**".format(*tolerances)
        in flat
    )
    assert f"{ACCEPT_SETS} random parameter sets" in flat
    assert f"{ACCEPT_PAIRS:,} turn pairs" in flat
    assert f"noise of sd {ACCEPT_NOISE:g}" in flat
