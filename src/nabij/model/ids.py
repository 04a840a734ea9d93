"""The closed sets of the crisis model, with the ids fixed in CONTRACTS §1.

Every format, data file and test refers to these ids; their order here is the order in
which reports list them.
"""

from enum import StrEnum


class Lang(StrEnum):
    """A language nabij speaks; Dutch first."""

    NL = "nl"
    EN = "en"


class CrisisKind(StrEnum):
    """What put the couple under pressure."""

    INFIDELITY = "infidelity"
    ADDICTION = "addiction"
    ILLNESS = "illness"
    FINANCIAL_STRESS = "financial_stress"
    LOSS = "loss"
    MAJOR_CONFLICT = "major_conflict"
    OTHER = "other"


class Reaction(StrEnum):
    """One of the four reactions a crisis triggers in a person."""

    STRESS_RESPONSE = "stress_response"
    ATTACHMENT_ACTIVATION = "attachment_activation"
    LOSS_OF_PREDICTABILITY = "loss_of_predictability"
    IDENTITY_STRESS = "identity_stress"


class Orientation(StrEnum):
    """An attachment tendency under stress, from the two dimensions."""

    SECURE = "secure"
    ANXIOUS = "anxious"
    AVOIDANT = "avoidant"
    DISORGANIZED = "disorganized"


class Dimension(StrEnum):
    """The two attachment dimensions, each scored 1–7."""

    ANXIETY = "anxiety"
    AVOIDANCE = "avoidance"


class Pattern(StrEnum):
    """A dance a couple can fall into under stress; a couple may show several."""

    PURSUE_WITHDRAW = "pursue_withdraw"
    EMOTIONAL_FREEZE = "emotional_freeze"
    OVER_CONNECTION = "over_connection"
    PARALLEL_LIVES = "parallel_lives"


class Step(StrEnum):
    """The six things couples need to come closer again, in their order."""

    RESTORE_SAFETY = "restore_safety"
    SLOW_DOWN = "slow_down"
    NAME_THE_PAIN = "name_the_pain"
    ATTUNE = "attune"
    RITUALS = "rituals"
    PROCESS = "process"


class HelpCriterion(StrEnum):
    """A sign that professional help makes sense."""

    RECURRING_CONFLICT = "recurring_conflict"
    TRAUMA_ADDICTION_INFIDELITY = "trauma_addiction_infidelity"
    EMOTIONAL_SHUTDOWN = "emotional_shutdown"
    NO_CONNECTION = "no_connection"
    DISTRUST_OR_FEAR = "distrust_or_fear"


class SafetyConcern(StrEnum):
    """A reason couples exercises are not safe; it overrides everything else."""

    VIOLENCE = "violence"
    FEAR_OF_PARTNER = "fear_of_partner"
    COERCIVE_CONTROL = "coercive_control"
    SELF_HARM = "self_harm"


class ConflictTopic(StrEnum):
    """What a conflict on a given day was about."""

    MONEY = "money"
    HOUSEHOLD = "household"
    CHILDREN = "children"
    INTIMACY = "intimacy"
    FAMILY = "family"
    WORK = "work"
    TRUST = "trust"
    THE_CRISIS = "the_crisis"
    OTHER = "other"


class Wants(StrEnum):
    """What a partner wanted from the other on a day."""

    CLOSER = "closer"
    SPACE = "space"
    NEITHER = "neither"


class PartnerId(StrEnum):
    """The two places in a couple record."""

    A = "a"
    B = "b"

    @property
    def other(self) -> "PartnerId":
        """Return the other partner."""
        return PartnerId.B if self is PartnerId.A else PartnerId.A


class ShareCategory(StrEnum):
    """What a partner can choose to put in the shared picture (DESIGN §2.2).

    Safety answers are not a category: they are never shared.
    """

    DAILY_SCORES = "daily_scores"
    TENDENCIES = "tendencies"
    NOTES = "notes"


# Steps that need both partners in one conversation or ritual. They are never offered while
# a safety concern stands, nor to someone using nabij alone.
JOINT_STEPS: frozenset[Step] = frozenset({Step.ATTUNE, Step.RITUALS, Step.PROCESS})
