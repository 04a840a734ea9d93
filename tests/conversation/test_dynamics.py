"""``model_for_chat``: from messages and coach readings to the fitted model and its JSON."""

import json
import math
import random
from collections.abc import Sequence
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from nabij.coach.analysis import Analysis
from nabij.coach.labels import Label, Safety
from nabij.conversation.clines import Equation, Stability, steady_states
from nabij.conversation.dynamics import (
    ChatModel,
    PartnerModel,
    Role,
    StateReason,
    model_for_chat,
    model_for_series,
)
from nabij.conversation.fit import (
    MIN_STEPS,
    Estimate,
    Fit,
    FitReason,
    InfluenceTest,
    NoFit,
    fit_steps,
)
from nabij.conversation.messages import Message
from nabij.model.ids import Lang

ROOT = Path(__file__).resolve().parents[2]
START = datetime(2026, 9, 1, 20, 0)
PARTNERS = ("Sanne", "Mark")
# Label sets a turn may hold, with the score each gives (weights of data/turn_weights.toml).
TURN_KINDS: list[tuple[tuple[Label, ...], int]] = [
    ((Label.BLAME,), -2),
    ((Label.CONTEMPT,), -4),
    ((Label.DEFENSIVENESS, Label.GENERALIZATION), -3),
    ((), 0),
    ((Label.FEELING,), 2),
    ((Label.VALIDATION,), 4),
    ((Label.REPAIR, Label.NEED), 5),
]


class ChatBuilder:
    """Builds a chat turn by turn: each turn is one or two messages a minute apart."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.analyses: list[Analysis] = []
        self.time = START

    def turn(self, sender: str, labels: Sequence[Label], messages: int = 1) -> None:
        for index in range(messages):
            self.time += timedelta(minutes=1)
            self.messages.append(Message(len(self.messages) + 1, self.time, sender, ""))
            # The labels sit in the turn's first message; the others add nothing.
            held = tuple(labels) if index == 0 else ()
            self.analyses.append(Analysis("", Lang.NL, held, (), Safety.NONE))

    def pause(self, hours: float) -> None:
        self.time += timedelta(hours=hours)

    def model(self, **options: Any) -> ChatModel:
        return model_for_chat(self.messages, self.analyses, PARTNERS, **options)


def _conflicts(
    builder: ChatBuilder, rng: random.Random, count: int, turns: int, first: str = "Sanne"
) -> list[list[int]]:
    """Add ``count`` conversations of alternating random turns, each with a wall; return scores."""
    all_scores = []
    for _ in range(count):
        scores = []
        speakers = [first, PARTNERS[1] if first == PARTNERS[0] else PARTNERS[0]]
        for k in range(turns):
            labels, score = TURN_KINDS[0] if k == 0 else rng.choice(TURN_KINDS)
            builder.turn(speakers[k % 2], labels, messages=rng.choice([1, 2]))
            scores.append(score)
        builder.pause(8)
        all_scores.append(scores)
    return all_scores


def _expected_steps(runs: list[list[int]], parity: int) -> tuple[list[int], list[int], list[int]]:
    """Return own, other, score of the steps of the speaker on turns of the given parity."""
    own, other, score = [], [], []
    for scores in runs:
        for k in range(2, len(scores)):
            if k % 2 == parity:
                own.append(scores[k - 2])
                other.append(scores[k - 1])
                score.append(scores[k])
    return own, other, score


def _finite_json(model: ChatModel) -> dict[str, Any]:
    """Return the model's JSON after checking it holds only plain, finite JSON values."""
    data = model.to_json()
    return json.loads(json.dumps(data, allow_nan=False))  # type: ignore[no-any-return]


# --- a chat with conflict ----------------------------------------------------------------------


def test_it_fits_each_partner_on_the_steps_of_the_conflict_conversations_only() -> None:
    builder = ChatBuilder()
    runs = _conflicts(builder, random.Random(3), count=4, turns=16)
    # A calm evening, without a wall: it must not take part.
    for k in range(10):
        builder.turn(PARTNERS[k % 2], [Label.APPRECIATION])
    model = builder.model()
    for role, parity in ((Role.W, 0), (Role.H, 1)):
        expected = fit_steps(*_expected_steps(runs, parity))
        partner = model.w if role is Role.W else model.h
        assert isinstance(partner.fit, Fit)
        assert partner.fit == expected
        assert partner.fit.steps == 4 * 7
    assert (model.conversation_count, model.conflict_count, len(model.used)) == (5, 4, 4)
    assert [(used.steps_w, used.steps_h) for used in model.used] == [(7, 7)] * 4


def test_its_json_has_both_roles_with_their_senders_and_only_finite_numbers() -> None:
    builder = ChatBuilder()
    _conflicts(builder, random.Random(4), count=4, turns=16)
    data = _finite_json(builder.model())
    assert set(data["partners"]) == {"w", "h"}
    assert data["partners"]["w"]["sender"] == "Sanne"
    assert data["partners"]["h"]["sender"] == "Mark"
    for role in ("w", "h"):
        partner = data["partners"][role]
        assert partner["reason"] is None
        assert partner["steps"] == 28
        assert set(partner["parameters"]) == {
            "intercept",
            "inertia",
            "influence_positive",
            "influence_negative",
        }
        assert all(set(p) == {"value", "se"} for p in partner["parameters"].values())
        assert partner["influence_test"]["df"] == [2, 24]
    used = data["conversations"]["used"]
    assert len(used) == 4
    assert [turn["role"] for turn in used[0]["turns"][:3]] == ["w", "h", "w"]
    assert used[0]["turns"][0]["wall"] is True
    assert data["settings"] == {"gap_hours": 6.0, "min_steps": MIN_STEPS, "score_range": [-8, 8]}


def test_a_conversation_opened_by_h_gives_the_same_kind_of_steps_and_pairs() -> None:
    builder = ChatBuilder()
    (scores,) = _conflicts(builder, random.Random(5), count=1, turns=7, first="Mark")
    model = builder.model(min_steps=2)
    # Turns M S M S M S M: the third to seventh are steps, three for Mark and two for Sanne.
    assert (model.used[0].steps_w, model.used[0].steps_h) == (2, 3)
    # Mark's opening turn answers nothing of Sanne's in this conversation: no pair.
    assert model.trajectory == (tuple((float(scores[k]), float(scores[k + 1])) for k in (1, 3, 5)),)


def test_no_line_of_the_trajectory_crosses_a_gap() -> None:
    builder = ChatBuilder()
    _conflicts(builder, random.Random(6), count=3, turns=6)
    assert [len(run) for run in builder.model().trajectory] == [3, 3, 3]


# --- no fit, with a reason ---------------------------------------------------------------------


def test_a_chat_without_a_wall_has_no_fit_because_there_is_no_conflict() -> None:
    builder = ChatBuilder()
    for k in range(60):
        builder.turn(PARTNERS[k % 2], [Label.FEELING] if k % 3 else [])
    model = builder.model()
    assert model.w.fit == NoFit(0, FitReason.NO_CONFLICT_CONVERSATION)
    assert model.h.fit == NoFit(0, FitReason.NO_CONFLICT_CONVERSATION)
    data = _finite_json(model)
    assert data["partners"]["w"]["reason"] == "no_conflict_conversation"
    assert data["partners"]["w"]["parameters"] is None
    assert data["partners"]["w"]["uninfluenced_reason"] == "no_fit"
    assert data["influenced_steady_states"] is None
    assert data["influenced_reason"] == "no_fit"
    assert data["null_clines"]["w"] is None
    assert data["conversations"]["used"] == []


def test_a_short_quarrel_has_too_few_steps() -> None:
    builder = ChatBuilder()
    _conflicts(builder, random.Random(7), count=1, turns=10)
    model = builder.model()
    assert model.w.fit == NoFit(4, FitReason.TOO_FEW_STEPS)
    assert model.h.fit == NoFit(4, FitReason.TOO_FEW_STEPS)
    assert model.steady_reason is StateReason.NO_FIT


def test_two_turns_with_a_wall_are_no_usable_conversation() -> None:
    builder = ChatBuilder()
    builder.turn("Sanne", [Label.BLAME])
    builder.turn("Mark", [Label.WITHDRAWAL])
    model = builder.model()
    assert model.conflict_count == 1
    assert model.used == ()
    assert model.w.fit == NoFit(0, FitReason.NO_CONFLICT_CONVERSATION)


# --- steady states in the model ----------------------------------------------------------------


def _fit(equation: Equation) -> Fit:
    """Return a fit with exactly these numbers, as if from a very long, clean series."""
    test = InfluenceTest(1.0, 0.5, 10.0, (2, 96), 0.001, 5.0, 1.0)
    return Fit(
        100,
        Estimate(equation.intercept, 0.1),
        Estimate(equation.inertia, 0.1),
        Estimate(equation.positive, 0.1),
        Estimate(equation.negative, 0.1),
        1.0,
        test,
    )


Runs = tuple[tuple[tuple[float, float], ...], ...]


def _model(w: Equation, h: Equation, trajectory: Runs = ()) -> ChatModel:
    """Return a model with exactly these equations and their steady states."""
    states = steady_states(w, h) or None
    return ChatModel(
        w=PartnerModel(Role.W, "Sanne", _fit(w)),
        h=PartnerModel(Role.H, "Mark", _fit(h)),
        steady_states=states,
        steady_reason=None if states else StateReason.NO_INTERSECTION,
        conversation_count=1,
        conflict_count=1,
        used=(),
        trajectory=trajectory,
        gap_hours=6.0,
        min_steps=MIN_STEPS,
        score_range=(-8, 8),
    )


def test_it_reports_both_kinds_of_steady_state_with_their_stability() -> None:
    both = Equation(1.0, 0.0, 0.5, 2.0)
    data = _finite_json(_model(both, both))
    assert data["partners"]["w"]["uninfluenced_steady_state"] == {
        "value": 1.0,
        "stability": "stable",
    }
    states = data["influenced_steady_states"]
    assert [(s["w"], s["h"], s["stability"]) for s in states] == [
        (pytest.approx(-1.0), pytest.approx(-1.0), "unstable"),
        (pytest.approx(2.0), pytest.approx(2.0), "stable"),
    ]
    assert states[1]["determinant"] == 0.0
    assert states[1]["trace"] == pytest.approx(0.25)


def test_an_inertia_of_one_or_more_gives_no_uninfluenced_state_and_no_crash() -> None:
    data = _finite_json(_model(Equation(1.0, 1.0, 0.3, 0.4), Equation(0.5, -1.2, 0.2, 0.1)))
    for role in ("w", "h"):
        assert data["partners"][role]["uninfluenced_steady_state"] is None
        assert data["partners"][role]["uninfluenced_reason"] == "no_steady_state"
    assert data["null_clines"]["w"] is None  # r1 = 1 exactly: not a graph over H
    assert data["null_clines"]["h"] is not None


def test_the_view_shows_a_far_state_but_not_one_beyond_four_times_the_score_range() -> None:
    near = _model(Equation(10.0, 0.5, 0.0, 0.0), Equation(-4.0, 0.5, 0.0, 0.0))
    assert near.view_range() == pytest.approx((-20 * 1.05, 20 * 1.05))
    far = _model(Equation(50.0, 0.5, 0.0, 0.0), Equation(1.0, 0.5, 0.0, 0.0))
    assert far.view_range() == pytest.approx((-8 * 1.05, 8 * 1.05))
    trajectory = (((-12.0, 3.0),),)
    wide = _model(Equation(0.0, 0.5, 0.0, 0.0), Equation(1.0, 0.5, 0.0, 0.0), trajectory)
    assert wide.view_range() == pytest.approx((-12 * 1.05, 12 * 1.05))


def test_an_explosive_simulated_series_is_reported_without_a_steady_state() -> None:
    rng = np.random.default_rng(1)
    ws, hs = [1.0], [1.0]
    for _ in range(40):
        ws.append(0.5 + 1.2 * ws[-1] + 0.1 * hs[-1] + rng.normal(0, 0.5))
        hs.append(-0.5 + 0.3 * hs[-1] + (0.4 if ws[-1] > 0 else 0.2) * ws[-1] + rng.normal(0, 0.5))
    hs[5] = -3.0  # one negative answer, so that both of W's slopes can be told apart
    model = model_for_series(ws, hs)
    assert isinstance(model.w.fit, Fit)
    assert model.w.fit.inertia.value > 1
    assert model.w.uninfluenced_reason is StateReason.NO_STEADY_STATE
    _finite_json(model)


@given(
    st.lists(st.integers(-8, 8), min_size=0, max_size=80),
    st.lists(st.integers(-8, 8), min_size=0, max_size=80),
)
def test_any_series_of_scores_gives_a_model_with_plain_finite_json(
    w: list[int], h: list[int]
) -> None:
    length = min(len(w), len(h))
    model = model_for_series([float(v) for v in w[:length]], [float(v) for v in h[:length]])
    data = _finite_json(model)
    for role in ("w", "h"):
        partner = data["partners"][role]
        assert (partner["reason"] is None) == (partner["parameters"] is not None)
    for state in model.steady_states or ():
        assert math.isfinite(state.w)
        assert math.isfinite(state.h)
        assert state.stability in Stability


# --- the documentation -------------------------------------------------------------------------


@pytest.mark.parametrize("identifier", [*FitReason, *StateReason], ids=str)
def test_every_reason_id_is_explained_in_the_docs(identifier: FitReason | StateReason) -> None:
    doc = (ROOT / "docs" / "chat-model.md").read_text(encoding="utf-8")
    assert f"| `{identifier.value}` |" in doc


def test_the_docs_state_the_minimum_steps_and_every_stability_value() -> None:
    doc = (ROOT / "docs" / "chat-model.md").read_text(encoding="utf-8")
    assert f"**{MIN_STEPS} steps**" in doc
    assert all(f"`{value.value}`" in doc for value in Stability)
