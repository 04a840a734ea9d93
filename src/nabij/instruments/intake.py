"""The intake: what the crisis is, how it lands in a person, and the private safety screen."""

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

from nabij.instruments.attachment import AttachmentScores
from nabij.model.ids import CrisisKind, Reaction, SafetyConcern

# A reaction counts as active when it is happening to someone at least halfway (5 on 0–10):
# the intake asks "how much is this happening to you now", and half or more is "clearly".
REACTION_ACTIVE = 5


@dataclass(frozen=True)
class SafetyScreen:
    """The safety questions. Private to the person who answered, always."""

    hurt: bool
    threatened: bool
    afraid_of_partner: bool
    controlled: bool
    self_harm_thoughts: bool

    def concerns(self) -> tuple[SafetyConcern, ...]:
        """Return the safety concerns these answers raise, in the order of the ids."""
        raised = {
            SafetyConcern.VIOLENCE: self.hurt or self.threatened,
            SafetyConcern.FEAR_OF_PARTNER: self.afraid_of_partner,
            SafetyConcern.COERCIVE_CONTROL: self.controlled,
            SafetyConcern.SELF_HARM: self.self_harm_thoughts,
        }
        return tuple(concern for concern in SafetyConcern if raised[concern])


SAFETY_QUESTIONS: tuple[str, ...] = (
    "hurt",
    "threatened",
    "afraid_of_partner",
    "controlled",
    "self_harm_thoughts",
)


@dataclass(frozen=True)
class Intake:
    """One partner's intake, exactly the fields of CONTRACTS §2."""

    crisis: tuple[CrisisKind, ...]
    crisis_began: date
    reactions: Mapping[Reaction, int]
    attachment: AttachmentScores
    distrust: int
    fear_for_future: int
    fear_when_apart: int
    old_pain: bool
    safety_screen: SafetyScreen

    def active_reactions(self) -> tuple[Reaction, ...]:
        """Return the reactions happening to this person now, in the order of the ids."""
        return tuple(r for r in Reaction if self.reactions[r] >= REACTION_ACTIVE)

    def with_safety_screen(self, screen: SafetyScreen) -> "Intake":
        """Return this intake with the safety questions answered again.

        The safety screen can be answered at any time, apart from the rest of the intake:
        a situation can change, and the newest answers are the ones that count.
        """
        return replace(self, safety_screen=screen)
