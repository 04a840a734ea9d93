"""Least-squares fit of one partner's equation of the Gottman–Murray model.

For the partner who speaks, each step is ``score = intercept + inertia * own_previous +
I(other_previous)``, with a bilinear influence ``I(x) = positive * x`` for x > 0 and
``negative * x`` for x < 0. All four numbers are fitted jointly by ordinary least squares; the
standard errors come from the residual variance and ``(XᵀX)⁻¹``. The influence is then tested
against the model without it (intercept and inertia only) with an F test, and both models'
AIC is given too.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import numpy.typing as npt

from nabij.conversation.clines import Equation

FloatArray = npt.NDArray[np.float64]

# Four numbers are fitted. With 20 steps there are 16 degrees of freedom left, where the t
# quantile (2.12 for 95%) is already close to the normal one (1.96); with fewer steps the
# standard errors are so wide that the numbers say little about a couple. Chats are short on
# conflict, so we do not ask for more.
MIN_STEPS = 20
PARAMETERS = 4


class FitReason(StrEnum):
    """Why a partner's equation was not fitted."""

    NO_CONFLICT_CONVERSATION = "no_conflict_conversation"  # no conversation with a wall
    TOO_FEW_STEPS = "too_few_steps"  # fewer than MIN_STEPS steps in the conflict conversations
    NO_VARIATION = "no_variation"  # every step gave this partner the same score
    SINGULAR = "singular"  # the steps cannot tell the four numbers apart


@dataclass(frozen=True, slots=True)
class Estimate:
    """A fitted number and its standard error."""

    value: float
    se: float


@dataclass(frozen=True, slots=True)
class InfluenceTest:
    """The fit with influence compared with the fit without it (intercept and inertia only).

    ``f`` is the F statistic on (2, steps − 4) degrees of freedom and ``p_value`` its upper
    tail; both are None when the model with influence fits without any residual (``f`` would
    be infinite). An AIC is None for the same reason; a lower AIC is the better trade-off.
    """

    rss_without: float
    rss_with: float
    f: float | None
    df: tuple[int, int]
    p_value: float | None
    aic_without: float | None
    aic_with: float | None


@dataclass(frozen=True, slots=True)
class Fit:
    """One partner's fitted equation, from ``steps`` steps."""

    steps: int
    intercept: Estimate
    inertia: Estimate
    positive: Estimate  # the influence slope when the other's last turn was positive
    negative: Estimate  # the influence slope when the other's last turn was negative
    residual_sd: float
    test: InfluenceTest

    @property
    def equation(self) -> Equation:
        """Return the fitted numbers without their errors."""
        return Equation(
            self.intercept.value, self.inertia.value, self.positive.value, self.negative.value
        )


@dataclass(frozen=True, slots=True)
class NoFit:
    """A partner whose equation could not be fitted, with the steps there were and why."""

    steps: int
    reason: FitReason


PartnerFit = Fit | NoFit


def upper_f_tail_2(f: float, df_den: int) -> float:
    """Return P(F > f) for an F distribution with 2 and ``df_den`` degrees of freedom.

    With 2 numerator degrees of freedom the regularised incomplete beta function has the
    closed form (d / (d + 2f))^(d/2), so no statistics library is needed.

    >>> round(upper_f_tail_2(3.0, 20), 4)
    0.0725
    """
    if f <= 0:
        return 1.0
    return float((df_den / (df_den + 2.0 * f)) ** (df_den / 2.0))


def _aic(rss: float, n: int, k: int) -> float | None:
    """Return the Gaussian AIC up to a constant, or None for a perfect fit."""
    if rss <= 0:
        return None
    return n * math.log(rss / n) + 2 * k


def _least_squares(x: FloatArray, y: FloatArray) -> tuple[FloatArray, FloatArray, float] | None:
    """Return coefficients, (XᵀX)⁻¹ and the residual sum of squares, or None when rank-deficient.

    Through the singular value decomposition, so a nearly collinear design is recognised
    instead of silently giving huge numbers.
    """
    u, s, vt = np.linalg.svd(x, full_matrices=False)
    # numpy's own rank rule (matrix_rank): singular values below this are round-off.
    if s[-1] <= s[0] * max(x.shape) * np.finfo(np.float64).eps:
        return None
    coefficients = vt.T @ ((u.T @ y) / s)
    inverse = (vt.T / s**2) @ vt
    residuals = y - x @ coefficients
    return coefficients, inverse, float(residuals @ residuals)


def fit_steps(
    own: Sequence[float] | FloatArray,
    other: Sequence[float] | FloatArray,
    score: Sequence[float] | FloatArray,
    *,
    min_steps: int = MIN_STEPS,
) -> PartnerFit:
    """Return one partner's fitted equation from steps (own previous, other's previous, score)."""
    own_a = np.asarray(own, dtype=np.float64)
    other_a = np.asarray(other, dtype=np.float64)
    y = np.asarray(score, dtype=np.float64)
    n = len(y)
    if not len(own_a) == len(other_a) == n:
        raise ValueError("own, other and score must have the same length")
    if not (np.isfinite(own_a).all() and np.isfinite(other_a).all() and np.isfinite(y).all()):
        raise ValueError("scores must be finite numbers")
    if n < max(min_steps, PARAMETERS + 1):
        return NoFit(n, FitReason.TOO_FEW_STEPS)
    if np.ptp(y) == 0:
        return NoFit(n, FitReason.NO_VARIATION)
    ones = np.ones(n)
    x = np.column_stack([ones, own_a, np.maximum(other_a, 0.0), np.minimum(other_a, 0.0)])
    full = _least_squares(x, y)
    restricted = _least_squares(x[:, :2], y)
    if full is None or restricted is None:
        return NoFit(n, FitReason.SINGULAR)
    coefficients, inverse, rss = full
    rss_without = restricted[2]
    df_den = n - PARAMETERS
    variance = rss / df_den
    errors = np.sqrt(np.maximum(np.diag(inverse) * variance, 0.0))
    intercept, inertia, positive, negative = (
        Estimate(float(c), float(e)) for c, e in zip(coefficients, errors, strict=True)
    )
    # Adding columns never raises the residual; round-off can make the difference a hair below 0.
    gain = max(rss_without - rss, 0.0)
    f = (gain / 2.0) / variance if variance > 0 else None
    test = InfluenceTest(
        rss_without=rss_without,
        rss_with=rss,
        f=f,
        df=(2, df_den),
        p_value=None if f is None else upper_f_tail_2(f, df_den),
        aic_without=_aic(rss_without, n, 2),
        aic_with=_aic(rss, n, PARAMETERS),
    )
    return Fit(n, intercept, inertia, positive, negative, math.sqrt(variance), test)


@dataclass(frozen=True, slots=True)
class Steps:
    """The steps of one partner: own previous score, the other's previous score, new score."""

    own: list[float]
    other: list[float]
    score: list[float]

    def extend(self, scores: Sequence[float], parities: Sequence[bool]) -> None:
        """Add the steps of one alternating run of turns whose speaker is picked by ``parities``.

        Each turn from the third on is a step for its speaker: it answers the other's turn just
        before it and follows the speaker's own turn before that.
        """
        for k in range(2, len(scores)):
            if parities[k]:
                self.own.append(scores[k - 2])
                self.other.append(scores[k - 1])
                self.score.append(scores[k])


def series_steps(w: Sequence[float], h: Sequence[float]) -> tuple[Steps, Steps]:
    """Return the steps of W and of H in the series w[0], h[0], w[1], h[1], … (W speaks first)."""
    if not len(w) - 1 <= len(h) <= len(w):
        raise ValueError("h must answer w: len(h) is len(w) or len(w) - 1")
    scores: list[float] = []
    for index, value in enumerate(w):
        scores.append(value)
        if index < len(h):
            scores.append(h[index])
    is_w = [k % 2 == 0 for k in range(len(scores))]
    w_steps, h_steps = Steps([], [], []), Steps([], [], [])
    w_steps.extend(scores, is_w)
    h_steps.extend(scores, [not flag for flag in is_w])
    return w_steps, h_steps


def fit_series(
    w: Sequence[float], h: Sequence[float], *, min_steps: int = MIN_STEPS
) -> tuple[PartnerFit, PartnerFit]:
    """Return the fitted equations of W and H from one alternating series of turn scores.

    ``w[t]`` is W's score in turn pair t and ``h[t]`` H's answer to it, so the equations are
    W[t+1] = a + r1·W[t] + I(H[t]) and H[t+1] = b + r2·H[t] + I(W[t+1]). Chats are fitted
    through ``nabij.conversation.dynamics.model_for_chat``; this takes scores directly, e.g.
    simulated ones.
    """
    w_steps, h_steps = series_steps(w, h)
    return (
        fit_steps(w_steps.own, w_steps.other, w_steps.score, min_steps=min_steps),
        fit_steps(h_steps.own, h_steps.other, h_steps.score, min_steps=min_steps),
    )
