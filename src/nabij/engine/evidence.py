"""The signals and reasons an assessment cites, and one piece of evidence.

Signal and reason ids appear in the assessment JSON (CONTRACTS §3); their words live in the
per-language data files beside this module, so the JSON stays free of prose.
"""

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from nabij.model.ids import ConflictTopic, PartnerId, ShareCategory


class Signal(StrEnum):
    """A measured quantity that counts as evidence for a pattern or help criterion."""

    # From the daily check-ins, over the assessment window. Shares are 0–1, means 0–10.
    REACHED_OUT_SHARE = "reached_out_share"
    PULLED_BACK_SHARE = "pulled_back_share"
    WANTS_CLOSER_SHARE = "wants_closer_share"
    WANTS_SPACE_SHARE = "wants_space_share"
    CONNECTION_SHARE = "connection_share"
    CONFLICT_SHARE = "conflict_share"
    TALKED_SHARE = "talked_share"
    MEAN_CLOSENESS = "mean_closeness"
    MEAN_STRESS = "mean_stress"
    MEAN_TEAMWORK = "mean_teamwork"
    MEAN_OWN_SPACE = "mean_own_space"
    MEAN_SAFETY = "mean_safety"
    CHECKIN_SPAN_DAYS = "checkin_span_days"
    DAYS_WITHOUT_CONNECTION = "days_without_connection"
    # Number of distinct weeks in which conflicts were about one topic.
    CONFLICT_TOPIC_MONEY = "conflict_topic_money"
    CONFLICT_TOPIC_HOUSEHOLD = "conflict_topic_household"
    CONFLICT_TOPIC_CHILDREN = "conflict_topic_children"
    CONFLICT_TOPIC_INTIMACY = "conflict_topic_intimacy"
    CONFLICT_TOPIC_FAMILY = "conflict_topic_family"
    CONFLICT_TOPIC_WORK = "conflict_topic_work"
    CONFLICT_TOPIC_TRUST = "conflict_topic_trust"
    CONFLICT_TOPIC_THE_CRISIS = "conflict_topic_the_crisis"
    CONFLICT_TOPIC_OTHER = "conflict_topic_other"
    # From the intake. Attachment scores are 1–7, ratings 0–10, flags 1.
    ANXIETY = "anxiety"
    AVOIDANCE = "avoidance"
    FEAR_WHEN_APART = "fear_when_apart"
    DISTRUST = "distrust"
    FEAR_FOR_FUTURE = "fear_for_future"
    CRISIS_INFIDELITY = "crisis_infidelity"
    CRISIS_ADDICTION = "crisis_addiction"
    OLD_PAIN = "old_pain"

    @classmethod
    def for_topic(cls, topic: ConflictTopic) -> "Signal":
        """Return the signal that counts the weeks with conflicts about ``topic``."""
        return cls(f"conflict_topic_{topic.value}")

    @property
    def category(self) -> ShareCategory:
        """Return the share category whose consent this signal's value needs."""
        return ShareCategory.TENDENCIES if self in _INTAKE_SIGNALS else ShareCategory.DAILY_SCORES


_INTAKE_SIGNALS = frozenset(
    {
        Signal.ANXIETY,
        Signal.AVOIDANCE,
        Signal.FEAR_WHEN_APART,
        Signal.DISTRUST,
        Signal.FEAR_FOR_FUTURE,
        Signal.CRISIS_INFIDELITY,
        Signal.CRISIS_ADDICTION,
        Signal.OLD_PAIN,
    }
)


class Reason(StrEnum):
    """Why the engine proposes its next step."""

    SAFETY_CONCERN = "safety_concern"
    NOT_ENOUGH_DATA = "not_enough_data"
    FREQUENT_CONFLICT = "frequent_conflict"
    LOW_FELT_SAFETY = "low_felt_safety"
    PURSUE_WITHDRAW = "pursue_withdraw"
    OVER_CONNECTION = "over_connection"
    EMOTIONAL_FREEZE = "emotional_freeze"
    PARALLEL_LIVES = "parallel_lives"
    HIGH_STRESS = "high_stress"
    NO_CONNECTION = "no_connection"
    UNPROCESSED_CRISIS = "unprocessed_crisis"
    SOLO_PATH = "solo_path"
    KEEP_GOING = "keep_going"


@dataclass(frozen=True)
class Evidence:
    """One measured value of one partner, over a date range (none for intake answers)."""

    partner: PartnerId
    signal: Signal
    value: float
    start: date | None = None
    end: date | None = None
