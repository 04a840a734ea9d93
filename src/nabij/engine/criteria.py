"""The five signs that professional help makes sense, each met or not, with its evidence.

Evidence here lists only what makes a criterion met: a person is told plainly why help may
be wise, and an unmet criterion needs no explaining. Fear *of the partner* is never used here:
it is a safety matter (``safety.py``), not a reason for couples therapy.
"""

from collections.abc import Sequence
from dataclasses import dataclass

from nabij.engine import thresholds as t
from nabij.engine.evidence import Evidence, Signal
from nabij.engine.window import PartnerView, PartnerWindow
from nabij.model.ids import CrisisKind, HelpCriterion


@dataclass(frozen=True)
class CriterionResult:
    """Whether a help criterion is met, and the values that meet it."""

    criterion: HelpCriterion
    met: bool
    evidence: tuple[Evidence, ...]


def _result(criterion: HelpCriterion, evidence: Sequence[Evidence]) -> CriterionResult:
    return CriterionResult(criterion, bool(evidence), tuple(evidence))


def recurring_conflict(windows: Sequence[PartnerWindow]) -> CriterionResult:
    """Met when a partner reports conflicts about one topic in several different weeks."""
    evidence = [
        Evidence(w.partner, Signal.for_topic(topic), float(weeks), first, last)
        for w in windows
        for topic, (weeks, first, last) in sorted(w.topic_weeks().items())
        if weeks >= t.RECURRING_TOPIC_WEEKS
    ]
    return _result(HelpCriterion.RECURRING_CONFLICT, evidence)


def trauma_addiction_infidelity(views: Sequence[PartnerView]) -> CriterionResult:
    """Met when the crisis involves infidelity or addiction, or touches old pain or trauma."""
    evidence: list[Evidence] = []
    for view in views:
        if view.intake is None:
            continue
        if CrisisKind.INFIDELITY in view.intake.crisis:
            evidence.append(Evidence(view.id, Signal.CRISIS_INFIDELITY, 1.0))
        if CrisisKind.ADDICTION in view.intake.crisis:
            evidence.append(Evidence(view.id, Signal.CRISIS_ADDICTION, 1.0))
        if view.intake.old_pain:
            evidence.append(Evidence(view.id, Signal.OLD_PAIN, 1.0))
    return _result(HelpCriterion.TRAUMA_ADDICTION_INFIDELITY, evidence)


def emotional_shutdown(windows: Sequence[PartnerWindow]) -> CriterionResult:
    """Met when one partner has pulled back on many days and felt little closeness, for weeks."""
    evidence: list[Evidence] = []
    for w in windows:
        if not w.enough:
            continue
        pulled = w.evidence(Signal.PULLED_BACK_SHARE)
        closeness = w.evidence(Signal.MEAN_CLOSENESS)
        if pulled.value >= t.SHUTDOWN_PULL_BACK and closeness.value <= t.SHUTDOWN_CLOSENESS:
            evidence += [pulled, closeness]
    return _result(HelpCriterion.EMOTIONAL_SHUTDOWN, evidence)


def no_connection(windows: Sequence[PartnerWindow]) -> CriterionResult:
    """Met when every partner with enough check-ins has gone weeks without a moment of connection.

    A moment of connection that one partner felt counts for the couple, so both must report
    the long stretch; with one partner's data, their stretch is what can be known.
    """
    judged = [w for w in windows if w.enough]
    long_stretches = [
        Evidence(
            w.partner,
            Signal.DAYS_WITHOUT_CONNECTION,
            float(w.streak.days),
            w.streak.start,
            w.streak.end,
        )
        for w in judged
        if w.streak.days >= t.NO_CONNECTION_DAYS
        and w.streak.checkins >= t.NO_CONNECTION_MIN_DENSITY * w.streak.days
    ]
    met = bool(judged) and len(long_stretches) == len(judged)
    return CriterionResult(HelpCriterion.NO_CONNECTION, met, tuple(long_stretches) if met else ())


def distrust_or_fear(views: Sequence[PartnerView]) -> CriterionResult:
    """Met when a partner reports high distrust, or high fear about the relationship's future."""
    evidence: list[Evidence] = []
    for view in views:
        if view.intake is None:
            continue
        if view.intake.distrust >= t.HIGH_DISTRUST:
            evidence.append(Evidence(view.id, Signal.DISTRUST, float(view.intake.distrust)))
        if view.intake.fear_for_future >= t.HIGH_FEAR_FOR_FUTURE:
            evidence.append(
                Evidence(view.id, Signal.FEAR_FOR_FUTURE, float(view.intake.fear_for_future))
            )
    return _result(HelpCriterion.DISTRUST_OR_FEAR, evidence)


def judge_criteria(
    windows: Sequence[PartnerWindow], views: Sequence[PartnerView]
) -> tuple[CriterionResult, ...]:
    """Return all five help criteria in the order of their ids."""
    return (
        recurring_conflict(windows),
        trauma_addiction_infidelity(views),
        emotional_shutdown(windows),
        no_connection(windows),
        distrust_or_fear(views),
    )
