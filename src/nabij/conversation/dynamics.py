"""The Gottman–Murray model of a chat: ``model_for_chat`` and the ``ChatModel`` it returns.

The chat is cut into conversations of scored turns (``turns.py``). Only conflict conversations
(at least one wall) with at least one step take part: the model describes how a couple
regulates conflict, and calm small talk would pull every number towards zero. Each partner's
equation is fitted from their steps (``fit.py``); the steady states, null clines and their
stability follow from the fitted numbers (``clines.py``). See docs/chat-model.md.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

import numpy as np
import numpy.typing as npt

from nabij.coach.analysis import Analysis
from nabij.conversation.clines import (
    Point,
    Stability,
    SteadyState,
    h_null_cline,
    steady_states,
    w_null_cline,
)
from nabij.conversation.fit import (
    MIN_STEPS,
    Estimate,
    Fit,
    FitReason,
    NoFit,
    PartnerFit,
    fit_series,
    fit_steps,
)
from nabij.conversation.messages import Message
from nabij.conversation.turns import GAP_HOURS, Conversation, conversations, turn_weights

# A steady state far outside the score range says little about a chat; the view (and the
# null clines in the JSON) widens to show such a state up to this many times the score range.
VIEW_LIMIT = 4.0
# A little room around the outermost point, so that no marker sits on the frame.
_MARGIN = 1.05


class Role(StrEnum):
    """The partner's place in the equations: W speaks first, H answers."""

    W = "w"
    H = "h"


class StateReason(StrEnum):
    """Why there is no steady state to report."""

    NO_FIT = "no_fit"  # a partner's equation was not fitted (see their FitReason)
    NO_STEADY_STATE = "no_steady_state"  # |inertia| ≥ 1: one's own score never settles alone
    NO_INTERSECTION = "no_intersection"  # the two null clines do not cross


@dataclass(frozen=True, slots=True)
class PartnerModel:
    """One partner's fitted equation (or why there is none) under their role."""

    role: Role
    sender: str
    fit: PartnerFit

    @property
    def uninfluenced(self) -> float | None:
        """Return a / (1 − r): where this partner's scores settle without the other's influence."""
        return self.fit.equation.uninfluenced() if isinstance(self.fit, Fit) else None

    @property
    def uninfluenced_reason(self) -> StateReason | None:
        """Return why there is no uninfluenced steady state, or None when there is one."""
        if isinstance(self.fit, NoFit):
            return StateReason.NO_FIT
        return StateReason.NO_STEADY_STATE if self.uninfluenced is None else None


@dataclass(frozen=True, slots=True)
class UsedConversation:
    """A conflict conversation the fit used, with the steps it gave each partner."""

    conversation: Conversation
    steps_w: int
    steps_h: int


@dataclass(frozen=True)
class ChatModel:
    """The fitted model of one chat, ready for a report, the JSON and the phase plot."""

    w: PartnerModel
    h: PartnerModel
    steady_states: tuple[SteadyState, ...] | None
    steady_reason: StateReason | None
    conversation_count: int
    conflict_count: int  # conversations with at least one wall
    used: tuple[UsedConversation, ...]
    # The observed (W, H) turn pairs, one run per conversation (a line never joins two).
    trajectory: tuple[tuple[Point, ...], ...]
    gap_hours: float
    min_steps: int
    score_range: tuple[int, int]

    def view_range(self) -> tuple[float, float]:
        """Return one symmetric range for both axes that shows scores, trajectory and states.

        A steady state beyond ``VIEW_LIMIT`` times the score range is left outside the view.
        """
        bound = float(max(-self.score_range[0], self.score_range[1]))
        points = [value for run in self.trajectory for pair in run for value in pair]
        points += [v for s in self.steady_states or () for v in (s.w, s.h)]
        points += [v for v in (self.w.uninfluenced, self.h.uninfluenced) if v is not None]
        inside = [abs(v) for v in points if math.isfinite(v) and abs(v) <= VIEW_LIMIT * bound]
        reach = max([bound, *inside]) * _MARGIN
        return -reach, reach

    def null_clines(self, low: float, high: float) -> tuple[list[Point] | None, list[Point] | None]:
        """Return the W and the H null clines over [low, high], None where one has no fit."""
        w = w_null_cline(self.w.fit.equation, low, high) if isinstance(self.w.fit, Fit) else None
        h = h_null_cline(self.h.fit.equation, low, high) if isinstance(self.h.fit, Fit) else None
        return w, h

    def to_json(self) -> dict[str, Any]:
        """Return the model as plain JSON values (no NaN or infinity: those become null)."""
        low, high = self.view_range()
        w_cline, h_cline = self.null_clines(low, high)
        return {
            "partners": {model.role.value: _partner_json(model) for model in (self.w, self.h)},
            "influenced_steady_states": None
            if self.steady_states is None
            else [_state_json(state) for state in self.steady_states],
            "influenced_reason": _value(self.steady_reason),
            "null_clines": {
                "range": [_number(low), _number(high)],
                "w": _points_json(w_cline),
                "h": _points_json(h_cline),
            },
            "conversations": {
                "total": self.conversation_count,
                "with_wall": self.conflict_count,
                "used": [_conversation_json(used, self.w.sender) for used in self.used],
            },
            "settings": {
                "gap_hours": _number(self.gap_hours),
                "min_steps": self.min_steps,
                "score_range": list(self.score_range),
            },
        }


def _number(value: float | None) -> float | None:
    """Return ``value`` as a JSON number, or None when it is missing or not finite."""
    return float(value) if value is not None and math.isfinite(value) else None


def _value(reason: StrEnum | None) -> str | None:
    """Return a reason's id, or None."""
    return None if reason is None else reason.value


def _points_json(points: list[Point] | None) -> list[list[float | None]] | None:
    """Return points as [x, y] pairs."""
    return None if points is None else [[_number(x), _number(y)] for x, y in points]


def _estimate_json(estimate: Estimate) -> dict[str, float | None]:
    """Return a fitted number with its standard error."""
    return {"value": _number(estimate.value), "se": _number(estimate.se)}


def _partner_json(model: PartnerModel) -> dict[str, Any]:
    """Return one partner's part of the JSON."""
    fit = model.fit
    uninfluenced = model.uninfluenced
    result: dict[str, Any] = {
        "sender": model.sender,
        "steps": fit.steps,
        "reason": fit.reason.value if isinstance(fit, NoFit) else None,
        "parameters": None,
        "residual_sd": None,
        "influence_test": None,
        "uninfluenced_steady_state": None
        if uninfluenced is None
        # Alone, x → a + r·x settles whenever |r| < 1, which is when the state exists.
        else {"value": _number(uninfluenced), "stability": Stability.STABLE.value},
        "uninfluenced_reason": _value(model.uninfluenced_reason),
    }
    if isinstance(fit, Fit):
        test = fit.test
        result["parameters"] = {
            "intercept": _estimate_json(fit.intercept),
            "inertia": _estimate_json(fit.inertia),
            "influence_positive": _estimate_json(fit.positive),
            "influence_negative": _estimate_json(fit.negative),
        }
        result["residual_sd"] = _number(fit.residual_sd)
        result["influence_test"] = {
            "method": "f_test",
            "rss_without_influence": _number(test.rss_without),
            "rss_with_influence": _number(test.rss_with),
            "f": _number(test.f),
            "df": list(test.df),
            "p_value": _number(test.p_value),
            "aic_without_influence": _number(test.aic_without),
            "aic_with_influence": _number(test.aic_with),
        }
    return result


def _state_json(state: SteadyState) -> dict[str, Any]:
    """Return one influenced steady state."""
    return {
        "w": _number(state.w),
        "h": _number(state.h),
        "stability": state.stability.value,
        "determinant": _number(state.determinant),
        "trace": _number(state.trace),
    }


def _conversation_json(used: UsedConversation, w_sender: str) -> dict[str, Any]:
    """Return one used conversation: its messages, its turns by role, its steps."""
    conversation = used.conversation
    return {
        "first_message": conversation.first,
        "last_message": conversation.last,
        "steps": {"w": used.steps_w, "h": used.steps_h},
        "turns": [
            {
                "role": (Role.W if turn.speaker == w_sender else Role.H).value,
                "score": turn.score,
                "first_message": turn.first,
                "last_message": turn.last,
                "wall": turn.has_wall,
            }
            for turn in conversation.turns
        ],
    }


def _assemble(
    partners: tuple[str, str],
    fits: tuple[PartnerFit, PartnerFit],
    *,
    counts: tuple[int, int],
    used: tuple[UsedConversation, ...],
    trajectory: tuple[tuple[Point, ...], ...],
    gap_hours: float,
    min_steps: int,
) -> ChatModel:
    """Return the model for two fits, with their steady states."""
    w_fit, h_fit = fits
    if isinstance(w_fit, Fit) and isinstance(h_fit, Fit):
        states: tuple[SteadyState, ...] | None = steady_states(w_fit.equation, h_fit.equation)
        reason = None if states else StateReason.NO_INTERSECTION
        states = states or None
    else:
        states, reason = None, StateReason.NO_FIT
    weights = turn_weights()
    return ChatModel(
        w=PartnerModel(Role.W, partners[0], w_fit),
        h=PartnerModel(Role.H, partners[1], h_fit),
        steady_states=states,
        steady_reason=reason,
        conversation_count=counts[0],
        conflict_count=counts[1],
        used=used,
        trajectory=trajectory,
        gap_hours=gap_hours,
        min_steps=min_steps,
        score_range=(weights.low, weights.high),
    )


def model_for_chat(
    messages: Sequence[Message],
    analyses: Sequence[Analysis],
    partners: tuple[str, str],
    *,
    gap_hours: float = GAP_HOURS,
    min_steps: int = MIN_STEPS,
) -> ChatModel:
    """Return the Gottman–Murray model of a chat; ``partners`` is (W, H), W speaking first.

    ``analyses[i]`` is the coach's reading of ``messages[i]``. For a chat without times,
    ``gap_hours`` is infinite: the whole chat is one conversation (``gap_hours`` null in the
    JSON), since its made-up times show no silence.
    """
    found = conversations(messages, analyses, partners, gap_hours)
    conflicts = [conversation for conversation in found if conversation.has_wall]
    # A conversation needs three turns for one step (own turn, answer, own next turn).
    chosen = [conversation for conversation in conflicts if len(conversation.turns) >= 3]
    # All turns of the chosen conversations side by side, so that steps are array slices.
    lengths = np.array([len(conversation.turns) for conversation in chosen], dtype=np.int64)
    total = int(lengths.sum())
    turns = [turn for conversation in chosen for turn in conversation.turns]
    scores = np.fromiter((turn.score for turn in turns), dtype=np.float64, count=total)
    is_w = np.fromiter((turn.speaker == partners[0] for turn in turns), dtype=bool, count=total)
    starts = np.cumsum(lengths) - lengths
    position = np.arange(total) - np.repeat(starts, lengths)
    # Each turn from a conversation's third on is a step for its speaker.
    w_step, h_step = (position >= 2) & is_w, (position >= 2) & ~is_w
    per_w = np.add.reduceat(w_step, starts) if total else np.zeros(0, dtype=np.int64)
    per_h = np.add.reduceat(h_step, starts) if total else np.zeros(0, dtype=np.int64)
    used = tuple(
        UsedConversation(conversation, int(w_count), int(h_count))
        for conversation, w_count, h_count in zip(chosen, per_w, per_h, strict=True)
    )

    def fit(mask: npt.NDArray[np.bool_]) -> PartnerFit:
        if not chosen:
            return NoFit(0, FitReason.NO_CONFLICT_CONVERSATION)
        at = np.flatnonzero(mask)
        return fit_steps(scores[at - 2], scores[at - 1], scores[at], min_steps=min_steps)

    # The (W, H) pairs: a W turn and the H turn answering it in the same conversation.
    pair = np.zeros(total, dtype=bool)
    pair[:-1] = is_w[:-1] & ~is_w[1:] & (position[1:] > 0)
    at = np.flatnonzero(pair)
    points = list(zip(scores[at].tolist(), scores[at + 1].tolist(), strict=True))
    cuts = np.searchsorted(at, starts[1:]).tolist()
    bounds = zip([0, *cuts], [*cuts, len(points)], strict=True)
    trajectory = tuple(run for run in (tuple(points[a:b]) for a, b in bounds) if run)
    return _assemble(
        partners,
        (fit(w_step), fit(h_step)),
        counts=(len(found), len(conflicts)),
        used=used,
        trajectory=trajectory,
        gap_hours=gap_hours,
        min_steps=min_steps,
    )


def model_for_series(
    w: Sequence[float],
    h: Sequence[float],
    *,
    partners: tuple[str, str] = ("W", "H"),
    min_steps: int = MIN_STEPS,
) -> ChatModel:
    """Return the model of one alternating series of scores (w[0], h[0], w[1], …), e.g. simulated.

    The series counts as one conflict conversation; no chat, so no gap applies.
    """
    fits = fit_series(w, h, min_steps=min_steps)
    pairs = tuple((float(x), float(y)) for x, y in zip(w, h, strict=False))
    return _assemble(
        partners,
        fits,
        counts=(1, 1),
        used=(),
        trajectory=(pairs,) if pairs else (),
        gap_hours=math.inf,
        min_steps=min_steps,
    )
