"""The coach's fixed vocabulary (CONTRACTS §1 and §4)."""

from enum import StrEnum


class Label(StrEnum):
    """What a part of a message does: build a wall or open a door. Their order is the contract's."""

    BLAME = "blame"
    GENERALIZATION = "generalization"
    CONTEMPT = "contempt"
    THREAT = "threat"
    DEFENSIVENESS = "defensiveness"
    WITHDRAWAL = "withdrawal"
    FEELING = "feeling"
    NEED = "need"
    VALIDATION = "validation"
    APPRECIATION = "appreciation"
    REPAIR = "repair"

    @property
    def is_wall(self) -> bool:
        """Return whether this label pushes the partner away."""
        return self in WALLS


WALLS: frozenset[Label] = frozenset(list(Label)[:6])
DOORS: frozenset[Label] = frozenset(list(Label)[6:])


class Safety(StrEnum):
    """Whether a message speaks of physical harm; anything but ``none`` shows the crisis lines."""

    NONE = "none"
    HARM_THREAT = "harm_threat"
    SELF_HARM = "self_harm"
