"""Choosing the next of the six steps, and why."""

from collections.abc import Sequence
from dataclasses import dataclass

from nabij.engine import thresholds as t
from nabij.engine.criteria import CriterionResult
from nabij.engine.evidence import Reason, Signal
from nabij.engine.patterns import PatternResult
from nabij.engine.window import PartnerWindow
from nabij.model.ids import JOINT_STEPS, HelpCriterion, Pattern, Step


@dataclass(frozen=True)
class NextStep:
    """The step to practise next and the reason it comes now."""

    step: Step
    reason: Reason


_PATTERN_STEP = {
    # The pursuer's reproach turned into their own feeling is what lets the other come closer.
    Pattern.PURSUE_WITHDRAW: NextStep(Step.NAME_THE_PAIN, Reason.PURSUE_WITHDRAW),
    # Clinging is fear: being seen and heard calms it, so that room apart feels safe again.
    Pattern.OVER_CONNECTION: NextStep(Step.ATTUNE, Reason.OVER_CONNECTION),
    # A team in survival mode needs small moments of contact before deep talks.
    Pattern.EMOTIONAL_FREEZE: NextStep(Step.RITUALS, Reason.EMOTIONAL_FREEZE),
    # Calm without connection usually means the crisis was never talked through.
    Pattern.PARALLEL_LIVES: NextStep(Step.PROCESS, Reason.PARALLEL_LIVES),
}


def _any(windows: Sequence[PartnerWindow], signal: Signal, at_least: float) -> bool:
    return any(w.enough and w.values[signal] >= at_least for w in windows)


def _choose(
    windows: Sequence[PartnerWindow],
    patterns: Sequence[PatternResult],
    criteria: Sequence[CriterionResult],
    safety_concern: bool,
) -> NextStep:
    """Walk the steps from the first: safety, then calm, then the couple's own dance."""
    if safety_concern:
        return NextStep(Step.RESTORE_SAFETY, Reason.SAFETY_CONCERN)
    if not any(w.enough for w in windows):
        # Step 1 is a good start for anyone: agree how to keep things safe and how to pause.
        return NextStep(Step.RESTORE_SAFETY, Reason.NOT_ENOUGH_DATA)
    if _any(windows, Signal.CONFLICT_SHARE, t.FREQUENT_CONFLICT):
        return NextStep(Step.RESTORE_SAFETY, Reason.FREQUENT_CONFLICT)
    if any(w.enough and w.values[Signal.MEAN_SAFETY] <= t.LOW_FELT_SAFETY for w in windows):
        return NextStep(Step.RESTORE_SAFETY, Reason.LOW_FELT_SAFETY)
    present = [p for p in patterns if p.present]
    if present:
        strongest = max(present, key=lambda p: p.confidence)
        return _PATTERN_STEP[strongest.pattern]
    if _any(windows, Signal.MEAN_STRESS, t.HIGH_STRESS):
        return NextStep(Step.SLOW_DOWN, Reason.HIGH_STRESS)
    if any(c.met for c in criteria if c.criterion is HelpCriterion.NO_CONNECTION):
        return NextStep(Step.RITUALS, Reason.NO_CONNECTION)
    if all(w.values[Signal.TALKED_SHARE] <= t.UNPROCESSED_TALKED for w in windows if w.enough):
        return NextStep(Step.PROCESS, Reason.UNPROCESSED_CRISIS)
    return NextStep(Step.RITUALS, Reason.KEEP_GOING)


def next_step(
    windows: Sequence[PartnerWindow],
    patterns: Sequence[PatternResult],
    criteria: Sequence[CriterionResult],
    safety_concern: bool,
    joint_allowed: bool,
) -> NextStep:
    """Return the next step; a joint one becomes a step to practise alone when joint is not open.

    Joint steps are closed to someone using nabij alone, and while any safety concern stands;
    the reason given then is ``solo_path`` in both cases, so the second cannot be told apart.
    """
    chosen = _choose(windows, patterns, criteria, safety_concern)
    if not joint_allowed and chosen.step in JOINT_STEPS:
        return NextStep(Step.NAME_THE_PAIN, Reason.SOLO_PATH)
    return chosen
