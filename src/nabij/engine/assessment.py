"""The assessment of a couple record, its JSON form, and the view one partner may see."""

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from nabij.engine.criteria import CriterionResult, judge_criteria
from nabij.engine.evidence import Evidence
from nabij.engine.patterns import PatternResult, judge_patterns
from nabij.engine.steps import NextStep, next_step
from nabij.engine.window import PartnerView, PartnerWindow, measure, window_end
from nabij.instruments.record import CoupleRecord
from nabij.model.attachment import DEFAULT_SPLIT
from nabij.model.ids import (
    HelpCriterion,
    Orientation,
    PartnerId,
    Pattern,
    Reaction,
    SafetyConcern,
    ShareCategory,
)

FORMAT = "nabij.assessment/1"

# Criteria that rest on the check-ins, and those that rest on the intake: with a partner's
# check-ins or intake out of sight, an unmet one of these cannot be known.
_CHECKIN_CRITERIA = (
    HelpCriterion.RECURRING_CONFLICT,
    HelpCriterion.EMOTIONAL_SHUTDOWN,
    HelpCriterion.NO_CONNECTION,
)
_INTAKE_CRITERIA = (HelpCriterion.TRAUMA_ADDICTION_INFIDELITY, HelpCriterion.DISTRUST_OR_FEAR)


@dataclass(frozen=True)
class PartnerSummary:
    """One partner's attachment tendency right now and the crisis reactions active in them."""

    partner: PartnerId
    orientation: Orientation
    anxiety: float
    avoidance: float
    reactions: tuple[Reaction, ...]


@dataclass(frozen=True)
class Safety:
    """The safety concerns per person who reported them; never shown to anyone else."""

    concerns: Mapping[PartnerId, tuple[SafetyConcern, ...]]

    @property
    def concern(self) -> bool:
        """Return whether anyone in this view reported a safety concern."""
        return bool(self.concerns)

    @property
    def visible_to(self) -> tuple[PartnerId, ...]:
        """Return who may see the concern: only the people who reported one."""
        return tuple(sorted(self.concerns))


@dataclass(frozen=True)
class Assessment:
    """What the engine concludes, for the couple or for one partner's view."""

    partners: tuple[PartnerSummary, ...]
    patterns: tuple[PatternResult, ...]
    criteria: tuple[CriterionResult, ...]
    safety: Safety
    next_step: NextStep
    unknown_without_partner: tuple[Pattern | HelpCriterion, ...]
    window_end: date | None
    split: float
    views: tuple[PartnerView, ...] = field(repr=False, compare=False)
    joint_allowed: bool = field(default=True, repr=False, compare=False)

    def pattern(self, pattern: Pattern) -> PatternResult:
        """Return the result for one pattern."""
        return next(p for p in self.patterns if p.pattern is pattern)

    def criterion(self, criterion: HelpCriterion) -> CriterionResult:
        """Return the result for one help criterion."""
        return next(c for c in self.criteria if c.criterion is criterion)

    def for_viewer(
        self,
        viewer: PartnerId,
        shared: Iterable[ShareCategory] = (),
        partner_open_to_joint: bool = False,
    ) -> "Assessment":
        """Return the assessment ``viewer`` may see, given what the other partner ``shared``.

        The view is computed again from only the data the viewer may see: their own, and of
        the other partner the categories shared with them. So no value, count or date of an
        unshared item can reach it, not even through a pattern's presence.

        Joint steps are offered only when the other partner has said they are open to joint
        exercises (``partner_open_to_joint``); otherwise the viewer gets a step to practise
        alone, with the reason ``solo_path``. A safety concern of the other partner closes
        joint steps the same way, so the viewer cannot tell it from a partner who simply has
        not opened them. The other's safety answers are never shared.
        """
        return _viewer_assessment(
            self.views, self.split, self.joint_allowed, viewer, shared, partner_open_to_joint
        )

    def to_json(self) -> dict[str, Any]:
        """Return the ``nabij.assessment/1`` JSON value (CONTRACTS §3); it holds no prose."""
        return {
            "format": FORMAT,
            "partners": {
                s.partner.value: {
                    "orientation": s.orientation.value,
                    "anxiety": round(s.anxiety, 2),
                    "avoidance": round(s.avoidance, 2),
                    "reactions": [r.value for r in s.reactions],
                }
                for s in self.partners
            },
            "patterns": [
                {
                    "id": p.pattern.value,
                    "present": p.present,
                    "confidence": round(p.confidence, 2),
                    "evidence": [_evidence_json(e) for e in p.evidence],
                }
                for p in self.patterns
            ],
            "help_criteria": [
                {
                    "id": c.criterion.value,
                    "met": c.met,
                    "evidence": [_evidence_json(e) for e in c.evidence],
                }
                for c in self.criteria
            ],
            "safety": {
                "status": "concern" if self.safety.concern else "none",
                "visible_to": [p.value for p in self.safety.visible_to],
            },
            "next_step": {"id": self.next_step.step.value, "reason": self.next_step.reason.value},
            "unknown_without_partner": [i.value for i in self.unknown_without_partner],
        }


def _evidence_json(evidence: Evidence) -> dict[str, Any]:
    return {
        "partner": evidence.partner.value,
        "signal": evidence.signal.value,
        "from": None if evidence.start is None else evidence.start.isoformat(),
        "to": None if evidence.end is None else evidence.end.isoformat(),
        "value": round(evidence.value, 2),
    }


def _summary(view: PartnerView, split: float) -> PartnerSummary | None:
    if view.intake is None:
        return None
    scores = view.intake.attachment
    return PartnerSummary(
        partner=view.id,
        orientation=scores.orientation(split),
        anxiety=scores.anxiety,
        avoidance=scores.avoidance,
        reactions=view.intake.active_reactions(),
    )


def _unknown(
    views: Sequence[PartnerView],
    windows: Sequence[PartnerWindow],
    criteria: Sequence[CriterionResult],
) -> tuple[Pattern | HelpCriterion, ...]:
    """Return what cannot be known without (more of) the other partner's data."""
    alone = len(views) < 2
    counts = [w.count for w in windows]
    checkins_missing = (
        alone
        or (0 in counts and any(counts))  # one partner's days are out of sight
        or (any(w.enough for w in windows) and not all(w.enough for w in windows))
    )
    intake_missing = alone or any(v.intake is None for v in views)
    unknown: list[Pattern | HelpCriterion] = list(Pattern) if checkins_missing else []
    for result in criteria:
        if result.met:
            continue
        if (result.criterion in _CHECKIN_CRITERIA and checkins_missing) or (
            result.criterion in _INTAKE_CRITERIA and intake_missing
        ):
            unknown.append(result.criterion)
    return tuple(unknown)


def assess_views(
    views: Sequence[PartnerView], split: float = DEFAULT_SPLIT, joint_allowed: bool = True
) -> Assessment:
    """Assess what the given partner views show."""
    end = window_end(views)
    windows = [measure(view, end) for view in views]
    patterns = judge_patterns(windows, views)
    criteria = judge_criteria(windows, views)
    safety = Safety({v.id: v.concerns for v in views if v.concerns})
    step = next_step(
        windows,
        patterns,
        criteria,
        safety_concern=safety.concern,
        joint_allowed=joint_allowed and len(views) == 2 and not safety.concern,
    )
    summaries = (_summary(v, split) for v in views)
    return Assessment(
        partners=tuple(s for s in summaries if s is not None),
        patterns=patterns,
        criteria=criteria,
        safety=safety,
        next_step=step,
        unknown_without_partner=_unknown(views, windows, criteria),
        window_end=end,
        split=split,
        views=tuple(views),
        joint_allowed=joint_allowed,
    )


def _viewer_assessment(
    views: Sequence[PartnerView],
    split: float,
    joint_allowed: bool,
    viewer: PartnerId,
    shared: Iterable[ShareCategory],
    partner_open_to_joint: bool,
) -> Assessment:
    """Assess only what ``viewer`` may see of ``views`` (``Assessment.for_viewer``)."""
    own = next((v for v in views if v.id == viewer), None)
    if own is None:
        raise ValueError(f"partner {viewer.value} is not in this assessment")
    categories = frozenset(shared)
    seen = [own]
    joint_allowed = joint_allowed and partner_open_to_joint
    for other in views:
        if other.id == viewer:
            continue
        joint_allowed = joint_allowed and not other.concerns
        seen.append(
            PartnerView(
                id=other.id,
                intake=other.intake if ShareCategory.TENDENCIES in categories else None,
                checkins=other.checkins if ShareCategory.DAILY_SCORES in categories else (),
            )
        )
    return assess_views(sorted(seen, key=lambda v: v.id), split, joint_allowed)


def assess_views_for_viewer(
    views: Sequence[PartnerView],
    viewer: PartnerId,
    shared: Iterable[ShareCategory] = (),
    partner_open_to_joint: bool = False,
    split: float = DEFAULT_SPLIT,
) -> Assessment:
    """Return ``viewer``'s view of partner views the caller built.

    For a caller that cannot see all of the partner to begin with: the web app opens only
    what the partner's shares let it open, and never the partner's safety answers.
    """
    ordered = sorted(views, key=lambda v: v.id)
    return _viewer_assessment(ordered, split, True, viewer, shared, partner_open_to_joint)


def _partner_views(record: CoupleRecord) -> list[PartnerView]:
    """Return every partner of the record fully visible, in the order of their ids."""
    return [
        PartnerView(
            id=p.id,
            intake=p.intake,
            checkins=p.checkins,
            concerns=p.intake.safety_screen.concerns(),
        )
        for p in sorted(record.partners, key=lambda p: p.id)
    ]


def assess(record: CoupleRecord, split: float = DEFAULT_SPLIT) -> Assessment:
    """Assess a couple record: patterns, help criteria, safety and the next step.

    Every partner in the record is fully visible here; use ``Assessment.for_viewer`` for
    what one partner may see.
    """
    return assess_views(_partner_views(record), split)


def assess_for_viewer(
    record: CoupleRecord,
    viewer: PartnerId,
    shared: Iterable[ShareCategory] = (),
    partner_open_to_joint: bool = False,
    split: float = DEFAULT_SPLIT,
) -> Assessment:
    """Return ``assess(record, split).for_viewer(viewer, shared, partner_open_to_joint)``.

    The same view, without first judging the whole couple only to set that judgement aside:
    a page shows one partner's view, so this is what the pages call.
    """
    return _viewer_assessment(
        _partner_views(record), split, True, viewer, shared, partner_open_to_joint
    )
