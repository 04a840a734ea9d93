"""Safety first: whether a chat shows harm, threats or control, before anything else is read.

A model of conflict dynamics assumes two people who can both speak freely. When a message
speaks of harm, or the chat shows repeated threats or control, the analysis opens with a
private safety notice and the crisis lines, and every reading that follows says it may not fit.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from nabij.coach.labels import Label, Safety
from nabij.conversation.timeline import Reading
from nabij.model.ids import SafetyConcern

# One threat or ultimatum in a heated fight is common and the coach shows it as a wall; from
# this many messages with a threat on, threats are a way of speaking in this chat, and fear
# may be part of it.
THREAT_MESSAGES = 3
# One controlling sentence can be a bad moment; from this many messages with a control phrase
# (data/control.toml) on, control is a pattern. Two, because the phrases are strong ones.
CONTROL_MESSAGES = 2


class SafetyStatus(StrEnum):
    """Whether the chat calls for the safety notice."""

    NONE = "none"
    CONCERN = "concern"


class SafetyReason(StrEnum):
    """What in the chat calls for the safety notice."""

    HARM_THREAT = "harm_threat"  # a message threatens physical harm (coach safety flag)
    SELF_HARM = "self_harm"  # a message speaks of harming oneself (coach safety flag)
    THREATS = "threats"  # THREAT_MESSAGES or more messages with a coach ``threat`` label
    CONTROL = "control"  # CONTROL_MESSAGES or more messages with a control phrase


# The crisis lines that fit each reason (crisis lines are chosen by CONTRACTS §1 concerns).
CONCERNS: dict[SafetyReason, tuple[SafetyConcern, ...]] = {
    SafetyReason.HARM_THREAT: (SafetyConcern.VIOLENCE,),
    SafetyReason.SELF_HARM: (SafetyConcern.SELF_HARM,),
    SafetyReason.THREATS: (SafetyConcern.FEAR_OF_PARTNER,),
    SafetyReason.CONTROL: (SafetyConcern.COERCIVE_CONTROL,),
}


@dataclass(frozen=True)
class Finding:
    """One reason for concern and how many messages show it."""

    reason: SafetyReason
    count: int


@dataclass(frozen=True)
class ChatSafety:
    """The reasons for concern in a chat; none means no notice."""

    findings: tuple[Finding, ...]

    @property
    def status(self) -> SafetyStatus:
        """Return whether the notice is shown."""
        return SafetyStatus.CONCERN if self.findings else SafetyStatus.NONE

    @property
    def concerns(self) -> tuple[SafetyConcern, ...]:
        """Return the safety concerns whose crisis lines fit, in the contract's order."""
        wanted = {c for f in self.findings for c in CONCERNS[f.reason]}
        return tuple(c for c in SafetyConcern if c in wanted)

    def to_json(self) -> dict[str, Any]:
        """Return the ``safety`` object of ``nabij.chat-analysis/1``."""
        return {
            "status": self.status.value,
            "reasons": [{"reason": f.reason.value, "count": f.count} for f in self.findings],
        }


def chat_safety(readings: Sequence[Reading]) -> ChatSafety:
    """Return the reasons for concern in the partners' messages, in the order of the reasons."""
    counts = dict.fromkeys(SafetyReason, 0)
    for reading in readings:
        if reading.safety is Safety.HARM_THREAT:
            counts[SafetyReason.HARM_THREAT] += 1
        elif reading.safety is Safety.SELF_HARM:
            counts[SafetyReason.SELF_HARM] += 1
        counts[SafetyReason.THREATS] += Label.THREAT in reading.labels
        counts[SafetyReason.CONTROL] += reading.control
    needed = {
        SafetyReason.HARM_THREAT: 1,
        SafetyReason.SELF_HARM: 1,
        SafetyReason.THREATS: THREAT_MESSAGES,
        SafetyReason.CONTROL: CONTROL_MESSAGES,
    }
    return ChatSafety(
        tuple(
            Finding(reason, counts[reason])
            for reason in SafetyReason
            if counts[reason] >= needed[reason]
        )
    )
