"""Null clines, steady states and their stability for the bilinear Gottman–Murray model.

W[t+1] = a + r1·W[t] + I_HW(H[t]) and H[t+1] = b + r2·H[t] + I_WH(W[t+1]), where each influence
is bilinear (one slope for a positive, one for a negative score of the other). The null clines
are (1 − r1)·W = a + I_HW(H) and (1 − r2)·H = b + I_WH(W); on each of the four quadrant branches
both are straight lines, so every steady state is found exactly by solving a 2×2 system and
keeping the solutions that lie in their own quadrant.
"""

from dataclasses import dataclass
from enum import StrEnum

# Below this, a number is round-off: a determinant of a branch system (parallel lines) or an
# inertia of exactly one (a null cline that is not a graph over the other axis).
_EPS = 1e-12
# Two solutions closer than this (relative to their size) are the same state found on two
# branches; a coordinate this close to 0 lies on a kink of an influence function.
_SAME = 1e-9


@dataclass(frozen=True, slots=True)
class Equation:
    """One partner's equation: intercept, inertia and the two influence slopes."""

    intercept: float
    inertia: float
    positive: float  # slope of the influence of the other's positive scores
    negative: float  # slope of the influence of the other's negative scores

    def influence(self, other: float) -> float:
        """Return I(other): how the other's last score moves this partner's next one."""
        if other > 0:
            return self.positive * other
        if other < 0:
            return self.negative * other
        return 0.0

    def uninfluenced(self) -> float | None:
        """Return intercept / (1 − inertia), or None when |inertia| ≥ 1 (no resting point)."""
        if abs(self.inertia) >= 1:
            return None
        return self.intercept / (1.0 - self.inertia)


class Stability(StrEnum):
    """Whether the couple's scores return to a steady state after a small push."""

    STABLE = "stable"
    UNSTABLE = "unstable"
    # On a kink (a score of exactly 0) the map has two slopes at once, and a piecewise-linear
    # map can be unstable there even when each piece is stable; we do not guess.
    UNDETERMINED = "undetermined"


@dataclass(frozen=True, slots=True)
class SteadyState:
    """An influenced steady state (W*, H*), with the determinant and trace of its Jacobian.

    ``determinant`` and ``trace`` are None for a state on a kink.
    """

    w: float
    h: float
    stability: Stability
    determinant: float | None
    trace: float | None


def jacobian(
    r1: float, r2: float, p: float, q: float
) -> tuple[tuple[float, float], tuple[float, float]]:
    """Return the Jacobian of the map, where p = I_HW'(H*) and q = I_WH'(W*).

    H answers W's new turn, so q enters through W[t+1]: [[r1, p], [r1·q, r2 + q·p]].
    """
    return ((r1, p), (r1 * q, r2 + q * p))


def is_stable(determinant: float, trace: float) -> bool:
    """Return whether both eigenvalues of a real 2×2 matrix lie strictly inside the unit circle.

    The Jury conditions |det| < 1 and |tr| < 1 + det; a state on the border (an eigenvalue of
    modulus exactly 1) counts as not stable.
    """
    return abs(determinant) < 1 and abs(trace) < 1 + determinant


def _branch_state(w: Equation, h: Equation, p: float, q: float) -> tuple[float, float] | None:
    """Return the crossing of the two null clines with influence slopes p and q, if single.

    (1 − r1)·W − p·H = a and −q·W + (1 − r2)·H = b, solved by Cramer's rule.
    """
    det = (1.0 - w.inertia) * (1.0 - h.inertia) - p * q
    # Parallel lines on this branch: no crossing or a whole line of them, no isolated state.
    if abs(det) < _EPS:
        return None
    state_w = (w.intercept * (1.0 - h.inertia) + p * h.intercept) / det
    state_h = (h.intercept * (1.0 - w.inertia) + q * w.intercept) / det
    return state_w, state_h


def steady_states(w: Equation, h: Equation) -> tuple[SteadyState, ...]:
    """Return every influenced steady state, ordered by W then H, with its stability."""
    found: list[tuple[float, float]] = []
    for h_sign, p in ((1.0, w.positive), (-1.0, w.negative)):
        for w_sign, q in ((1.0, h.positive), (-1.0, h.negative)):
            solved = _branch_state(w, h, p, q)
            if solved is None:
                continue
            state_w, state_h = solved
            tolerance = _SAME * max(1.0, abs(state_w), abs(state_h))
            # Keep the solution only when it lies where these slopes hold.
            if state_h * h_sign < -tolerance or state_w * w_sign < -tolerance:
                continue
            if not any(
                abs(state_w - fw) <= tolerance and abs(state_h - fh) <= tolerance
                for fw, fh in found
            ):
                found.append((state_w, state_h))
    return tuple(_classify(w, h, state_w, state_h) for state_w, state_h in sorted(found))


def _classify(w: Equation, h: Equation, state_w: float, state_h: float) -> SteadyState:
    """Return the steady state at (state_w, state_h) with its stability verdict."""
    tolerance = _SAME * max(1.0, abs(state_w), abs(state_h))
    if abs(state_w) <= tolerance or abs(state_h) <= tolerance:
        return SteadyState(state_w, state_h, Stability.UNDETERMINED, None, None)
    p = w.positive if state_h > 0 else w.negative
    q = h.positive if state_w > 0 else h.negative
    determinant = w.inertia * h.inertia
    trace = w.inertia + h.inertia + p * q
    verdict = Stability.STABLE if is_stable(determinant, trace) else Stability.UNSTABLE
    return SteadyState(state_w, state_h, verdict, determinant, trace)


Point = tuple[float, float]


def w_null_cline(w: Equation, low: float, high: float) -> list[Point] | None:
    """Return the W null cline as (W, H) points for H from ``low`` to ``high``.

    None when r1 is 1: then the cline is not a graph over H (and W has no resting point).
    """
    if abs(1.0 - w.inertia) < _EPS:
        return None
    return [((w.intercept + w.influence(y)) / (1.0 - w.inertia), y) for y in _knots(low, high)]


def h_null_cline(h: Equation, low: float, high: float) -> list[Point] | None:
    """Return the H null cline as (W, H) points for W from ``low`` to ``high``; None if r2 is 1."""
    if abs(1.0 - h.inertia) < _EPS:
        return None
    return [(x, (h.intercept + h.influence(x)) / (1.0 - h.inertia)) for x in _knots(low, high)]


def _knots(low: float, high: float) -> list[float]:
    """Return the range's ends and the kink at 0 inside it; a cline is straight in between."""
    if not low < high:
        raise ValueError("low must be below high")
    return [low, 0.0, high] if low < 0 < high else [low, high]
