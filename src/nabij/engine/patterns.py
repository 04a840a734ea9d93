"""The four patterns: each judged from both partners' window measures, with its evidence.

A pattern is a dance of two, so it is only ever present when both partners' check-ins are
visible; with one partner the evidence of their side is still given, at confidence 0.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from nabij.engine import thresholds as t
from nabij.engine.conditions import Condition, at_least, at_most
from nabij.engine.evidence import Evidence, Signal
from nabij.engine.window import PartnerView, PartnerWindow
from nabij.model.ids import Pattern


@dataclass(frozen=True)
class PatternResult:
    """Whether a pattern shows, how sure the engine is, and the values it rests on."""

    pattern: Pattern
    present: bool
    confidence: float
    evidence: tuple[Evidence, ...]


def _judge(
    pattern: Pattern,
    conditions: Sequence[Condition],
    windows: Sequence[PartnerWindow],
    support: Sequence[Evidence] = (),
) -> PatternResult:
    """Combine core conditions into one result.

    Confidence is the weakest core condition's degree (all must hold: a pattern is the whole
    dance, not one step of it), kept under the line while either partner has fewer check-ins
    than ``MIN_CHECKINS``; support evidence (attachment scores) explains but does not decide.
    """
    evidence = tuple(c.evidence for c in conditions) + tuple(support)
    seen = [w for w in windows if w.count]
    if len(seen) < 2 or not conditions:
        return PatternResult(pattern, False, 0.0, evidence)
    confidence = min(c.degree() for c in conditions)
    fewest = min(w.count for w in seen)
    if fewest < t.MIN_CHECKINS:
        # Too few days to speak of a habit: confidence stays under the line, growing with data.
        confidence = min(confidence, t.PRESENT_CONFIDENCE * fewest / t.MIN_CHECKINS)
    present = confidence >= t.PRESENT_CONFIDENCE
    return PatternResult(pattern, present, confidence, evidence)


def _each(
    windows: Sequence[PartnerWindow], make: Callable[[PartnerWindow], list[Condition]]
) -> list[Condition]:
    return [c for w in windows if w.count for c in make(w)]


def _intake_evidence(view: PartnerView | None, signal: Signal) -> list[Evidence]:
    if view is None or view.intake is None:
        return []
    scores = view.intake.attachment
    value = scores.anxiety if signal is Signal.ANXIETY else scores.avoidance
    return [Evidence(view.id, signal, value)]


def pursue_withdraw(
    windows: Sequence[PartnerWindow], views: Sequence[PartnerView]
) -> PatternResult:
    """Judge pursue–withdraw in both directions and keep the stronger one.

    One partner reaches out and wants closeness; the other pulls back and wants space. Wanting
    opposite things is what sets it apart from over-connection, where both want closeness.
    """
    by_id = {v.id: v for v in views}
    results: list[tuple[float, float, PatternResult]] = []
    for pursuer in windows:
        withdrawer = next((w for w in windows if w.partner != pursuer.partner), None)
        conditions: list[Condition] = []
        if pursuer.count:
            conditions += [
                at_least(
                    pursuer.evidence(Signal.REACHED_OUT_SHARE), t.PURSUE_REACH_OUT, t.SHARE_WIDTH
                ),
                at_least(
                    pursuer.evidence(Signal.WANTS_CLOSER_SHARE),
                    t.PURSUE_WANTS_CLOSER,
                    t.SHARE_WIDTH,
                ),
            ]
        support = _intake_evidence(by_id.get(pursuer.partner), Signal.ANXIETY)
        if withdrawer is not None:
            if withdrawer.count:
                conditions += [
                    at_least(
                        withdrawer.evidence(Signal.PULLED_BACK_SHARE),
                        t.WITHDRAW_PULL_BACK,
                        t.SHARE_WIDTH,
                    ),
                    at_least(
                        withdrawer.evidence(Signal.WANTS_SPACE_SHARE),
                        t.WITHDRAW_WANTS_SPACE,
                        t.SHARE_WIDTH,
                    ),
                ]
            support += _intake_evidence(by_id.get(withdrawer.partner), Signal.AVOIDANCE)
        result = _judge(Pattern.PURSUE_WITHDRAW, conditions, windows, support)
        # With one partner visible both directions score 0; the side their days fit best wins.
        fit = min((c.degree() for c in conditions), default=0.0)
        results.append((result.confidence, fit, result))
    best = max(results, key=lambda r: (r[0], r[1]), default=None)
    if best is None:
        return PatternResult(Pattern.PURSUE_WITHDRAW, False, 0.0, ())
    return best[2]


def over_connection(
    windows: Sequence[PartnerWindow], views: Sequence[PartnerView]
) -> PatternResult:
    """Judge over-connection: both want closeness, little own space, fear when apart."""
    conditions = _each(
        windows,
        lambda w: [
            at_least(w.evidence(Signal.WANTS_CLOSER_SHARE), t.CLING_WANTS_CLOSER, t.SHARE_WIDTH),
            at_most(w.evidence(Signal.MEAN_OWN_SPACE), t.CLING_OWN_SPACE, t.MEAN_WIDTH),
            at_most(w.evidence(Signal.PULLED_BACK_SHARE), t.CLING_PULL_BACK, t.SHARE_WIDTH),
        ],
    )
    fears = [
        Evidence(v.id, Signal.FEAR_WHEN_APART, float(v.intake.fear_when_apart))
        for v in views
        if v.intake is not None
    ]
    if fears:
        # One partner's strong fear of being apart is enough to make both hold on tight; when
        # no intake is visible the judgement rests on the check-ins alone.
        strongest = max(fears, key=lambda e: e.value)
        conditions.append(at_least(strongest, t.CLING_FEAR_WHEN_APART, t.MEAN_WIDTH))
    return _judge(Pattern.OVER_CONNECTION, conditions, windows)


def emotional_freeze(windows: Sequence[PartnerWindow]) -> PatternResult:
    """Judge emotional freeze (acute): high stress, the team still works, little contact."""
    conditions = _each(
        windows,
        lambda w: [
            at_least(w.evidence(Signal.MEAN_STRESS), t.FREEZE_STRESS, t.MEAN_WIDTH),
            at_least(w.evidence(Signal.MEAN_TEAMWORK), t.FREEZE_TEAMWORK, t.MEAN_WIDTH),
            at_most(w.evidence(Signal.CONNECTION_SHARE), t.FREEZE_CONNECTION, t.SHARE_WIDTH),
        ],
    )
    return _judge(Pattern.EMOTIONAL_FREEZE, conditions, windows)


def parallel_lives(windows: Sequence[PartnerWindow]) -> PatternResult:
    """Judge parallel lives (settled): calm, no fights, no connection, nothing talked through."""
    conditions = _each(
        windows,
        lambda w: [
            at_most(w.evidence(Signal.MEAN_STRESS), t.PARALLEL_STRESS, t.MEAN_WIDTH),
            at_most(w.evidence(Signal.CONFLICT_SHARE), t.PARALLEL_CONFLICT, t.SHARE_WIDTH),
            at_most(w.evidence(Signal.CONNECTION_SHARE), t.PARALLEL_CONNECTION, t.SHARE_WIDTH),
            at_most(w.evidence(Signal.TALKED_SHARE), t.PARALLEL_TALKED, t.SHARE_WIDTH),
            at_least(w.evidence(Signal.CHECKIN_SPAN_DAYS), t.PARALLEL_SPAN_DAYS, t.DAYS_WIDTH),
        ],
    )
    return _judge(Pattern.PARALLEL_LIVES, conditions, windows)


def judge_patterns(
    windows: Sequence[PartnerWindow], views: Sequence[PartnerView]
) -> tuple[PatternResult, ...]:
    """Return all four patterns in the order of their ids."""
    return (
        pursue_withdraw(windows, views),
        emotional_freeze(windows),
        over_connection(windows, views),
        parallel_lives(windows),
    )
