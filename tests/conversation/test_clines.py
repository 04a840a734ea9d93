"""Steady states, null clines and stability of the bilinear Gottman–Murray model."""

import math

import numpy as np
import pytest

from nabij.conversation.clines import (
    Equation,
    Stability,
    h_null_cline,
    is_stable,
    jacobian,
    steady_states,
    w_null_cline,
)


def _step(w: Equation, h: Equation, state: tuple[float, float]) -> tuple[float, float]:
    """Apply the model once, written out here rather than taken from the code under test."""
    old_w, old_h = state
    other = old_h
    new_w = w.intercept + w.inertia * old_w + (w.positive if other > 0 else w.negative) * other
    new_h = h.intercept + h.inertia * old_h + (h.positive if new_w > 0 else h.negative) * new_w
    return new_w, new_h


# --- hand-worked cases -------------------------------------------------------------------------


def test_it_finds_the_uninfluenced_steady_state_as_intercept_over_one_minus_inertia() -> None:
    assert Equation(1.0, 0.5, 0.2, 0.4).uninfluenced() == pytest.approx(2.0)
    assert Equation(-3.0, -0.5, 0.0, 0.0).uninfluenced() == pytest.approx(-2.0)


def test_it_finds_the_single_crossing_of_a_hand_worked_couple() -> None:
    # By hand: only the branch H < 0 (slope 0.4 on W), W > 0 (slope 0.3 on H) is consistent:
    # 0.5 W - 0.4 H = 1 and -0.3 W + 0.5 H = -1 give W = 10/13, H = -20/13. Its Jacobian has
    # det 0.25 and trace 1 + 0.12 = 1.12 < 1.25, so it is stable (eigenvalues 0.81 and 0.31).
    w = Equation(1.0, 0.5, 0.2, 0.4)
    h = Equation(-1.0, 0.5, 0.3, 0.6)
    (state,) = steady_states(w, h)
    assert state.w == pytest.approx(10 / 13)
    assert state.h == pytest.approx(-20 / 13)
    assert state.determinant == pytest.approx(0.25)
    assert state.trace == pytest.approx(1.12)
    assert state.stability is Stability.STABLE


def test_it_finds_a_stable_and_an_unstable_state_when_negativity_is_contagious() -> None:
    # No inertia, set point 1, slope 0.5 for a positive and 2 for a negative partner score.
    # (2, 2): W = 1 + 0.5 * 2 holds, trace 0.25: stable. (-1, -1): W = 1 + 2 * -1 holds, trace
    # 4: unstable. The mixed branches have parallel null clines (det 1 - 0.5 * 2 = 0).
    both = Equation(1.0, 0.0, 0.5, 2.0)
    states = steady_states(both, both)
    np.testing.assert_allclose([(s.w, s.h) for s in states], [(-1.0, -1.0), (2.0, 2.0)])
    assert [s.stability for s in states] == [Stability.UNSTABLE, Stability.STABLE]


def test_it_calls_a_state_on_a_kink_undetermined_instead_of_guessing() -> None:
    (state,) = steady_states(Equation(0.0, 0.3, 0.2, 0.5), Equation(0.0, 0.2, 0.4, 0.1))
    assert (state.w, state.h) == (0.0, 0.0)
    assert state.stability is Stability.UNDETERMINED
    assert state.determinant is None
    assert state.trace is None


def test_it_draws_each_null_cline_through_the_kink_at_zero() -> None:
    w = Equation(1.0, 0.5, 0.2, 0.4)
    np.testing.assert_allclose(
        w_null_cline(w, -10.0, 10.0) or [],
        [((1 + 0.4 * -10) / 0.5, -10.0), (2.0, 0.0), ((1 + 0.2 * 10) / 0.5, 10.0)],
    )
    h = Equation(-1.0, 0.5, 0.3, 0.6)
    # The range does not hold 0, so there is no kink to draw.
    np.testing.assert_allclose(
        h_null_cline(h, 1.0, 3.0) or [], [(1.0, (-1 + 0.3) / 0.5), (3.0, (-1 + 0.9) / 0.5)]
    )


def test_every_steady_state_lies_on_both_null_clines() -> None:
    rng = np.random.default_rng(11)
    checked = 0
    for _ in range(300):
        w = Equation(rng.uniform(-2, 2), *rng.uniform(-1.5, 1.5, size=3))
        h = Equation(rng.uniform(-2, 2), *rng.uniform(-1.5, 1.5, size=3))
        for state in steady_states(w, h):
            checked += 1
            assert (1 - w.inertia) * state.w == pytest.approx(
                w.intercept + w.influence(state.h), abs=1e-9
            )
            assert (1 - h.inertia) * state.h == pytest.approx(
                h.intercept + h.influence(state.w), abs=1e-9
            )
    assert checked > 200


# --- |inertia| >= 1 ----------------------------------------------------------------------------


@pytest.mark.parametrize("inertia", [1.0, -1.0, 1.5, -3.0])
def test_it_reports_no_uninfluenced_state_when_inertia_is_one_or_more(inertia: float) -> None:
    assert Equation(1.0, inertia, 0.3, 0.3).uninfluenced() is None


@pytest.mark.parametrize("inertia", [1.0, -1.0, 1.5, 0.999999999999])
def test_it_never_crashes_on_an_inertia_of_one_or_more(inertia: float) -> None:
    w = Equation(1.0, inertia, 0.3, 0.4)
    h = Equation(-0.5, 0.4, 0.2, 0.6)
    for state in steady_states(w, h):
        assert math.isfinite(state.w)
        assert math.isfinite(state.h)
    cline = w_null_cline(w, -8.0, 8.0)
    assert cline is None or all(math.isfinite(v) for point in cline for v in point)


def test_it_gives_no_w_null_cline_when_the_inertia_is_exactly_one() -> None:
    assert w_null_cline(Equation(1.0, 1.0, 0.3, 0.4), -8.0, 8.0) is None
    assert h_null_cline(Equation(1.0, 1.0, 0.3, 0.4), -8.0, 8.0) is None


def test_an_influenced_state_can_be_stable_even_when_one_inertia_is_above_one() -> None:
    # r1 = 1.5, r2 = 0.1, and influences that answer each other with opposite signs:
    # det = 0.15, trace = 1.6 - 1 = 0.6 < 1.15, so the partner's influence damps W's own swing.
    w = Equation(2.0, 1.5, 1.0, 1.0)
    h = Equation(1.0, 0.1, -1.0, -1.0)
    states = steady_states(w, h)
    assert [s.stability for s in states] == [Stability.STABLE]
    matrix = np.array(jacobian(1.5, 0.1, 1.0, -1.0))
    assert max(abs(np.linalg.eigvals(matrix))) < 1


# --- the stability rule ------------------------------------------------------------------------


def test_the_rule_calls_an_eigenvalue_on_the_unit_circle_not_stable() -> None:
    assert not is_stable(0.0, 1.0)  # eigenvalues 0 and 1
    assert not is_stable(1.0, 0.0)  # eigenvalues ±i
    assert is_stable(0.0, 0.999)


def _spectral_radius(w: Equation, h: Equation, state_w: float, state_h: float) -> float:
    p = w.positive if state_h > 0 else w.negative
    q = h.positive if state_w > 0 else h.negative
    return float(max(abs(np.linalg.eigvals(np.array(jacobian(w.inertia, h.inertia, p, q))))))


def _random_couples(seed: int) -> list[tuple[Equation, Equation]]:
    """Return random parameter sets, inertias up to 1.3 so that some states are unstable."""
    rng = np.random.default_rng(seed)
    return [
        (
            Equation(rng.uniform(-3, 3), rng.uniform(-1.3, 1.3), *rng.uniform(-2, 2, size=2)),
            Equation(rng.uniform(-3, 3), rng.uniform(-1.3, 1.3), *rng.uniform(-2, 2, size=2)),
        )
        for _ in range(600)
    ]


def test_the_verdict_matches_the_eigenvalues_for_hundreds_of_random_couples() -> None:
    verdicts = {Stability.STABLE: 0, Stability.UNSTABLE: 0}
    couples = 0
    for w, h in _random_couples(2024):
        states = [s for s in steady_states(w, h) if s.stability is not Stability.UNDETERMINED]
        couples += bool(states)
        for state in states:
            radius = _spectral_radius(w, h, state.w, state.h)
            if abs(radius - 1) < 1e-9:
                continue  # on the border either answer is a rounding accident
            assert (state.stability is Stability.STABLE) == (radius < 1)
            verdicts[state.stability] += 1
    assert couples >= 200
    assert min(verdicts.values()) >= 50


def _distance_to_kink(state_w: float, state_h: float) -> float:
    return min(abs(state_w), abs(state_h))


def test_the_verdict_matches_iterating_the_map_from_near_the_state() -> None:
    rng = np.random.default_rng(7)
    verdicts = {Stability.STABLE: 0, Stability.UNSTABLE: 0}
    for w, h in _random_couples(99):
        for state in steady_states(w, h):
            if state.stability is Stability.UNDETERMINED:
                continue
            radius = _spectral_radius(w, h, state.w, state.h)
            # Near the border convergence or escape takes too long to watch.
            if abs(radius - 1) < 0.02 or _distance_to_kink(state.w, state.h) < 1e-3:
                continue
            # A push small enough to stay on this state's branch while the map is linear.
            size = 1e-6 * _distance_to_kink(state.w, state.h)
            angle = rng.uniform(0, 2 * math.pi)
            point = (state.w + size * math.cos(angle), state.h + size * math.sin(angle))
            # Escaping to 10⁴ times the push still stays on the branch (10⁶ times away).
            distance = size
            for _ in range(3000):
                point = _step(w, h, point)
                distance = math.hypot(point[0] - state.w, point[1] - state.h)
                if distance > 1e4 * size or distance < 1e-6 * size:
                    break
            if state.stability is Stability.STABLE:
                assert distance < 1e-6 * size
            else:
                assert distance > 1e4 * size
            verdicts[state.stability] += 1
    assert min(verdicts.values()) >= 50
