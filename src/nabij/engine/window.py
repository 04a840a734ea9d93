"""What the engine can see of each partner, and the measures over the assessment window."""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date
from statistics import fmean

from nabij.engine.evidence import Evidence, Signal
from nabij.engine.thresholds import MIN_CHECKINS, WINDOW_DAYS
from nabij.instruments.checkin import CheckIn
from nabij.instruments.intake import Intake
from nabij.model.ids import ConflictTopic, PartnerId, SafetyConcern, Wants


@dataclass(frozen=True)
class PartnerView:
    """The part of one partner's data an assessment may use.

    ``intake`` is None and ``checkins`` is empty when the viewer may not see them; the
    ``concerns`` are empty for anyone but the person who answered the safety screen.
    """

    id: PartnerId
    intake: Intake | None
    checkins: tuple[CheckIn, ...]
    concerns: tuple[SafetyConcern, ...] = ()


_SHARES: dict[Signal, Callable[[CheckIn], bool]] = {
    Signal.REACHED_OUT_SHARE: lambda c: c.reached_out,
    Signal.PULLED_BACK_SHARE: lambda c: c.pulled_back,
    Signal.WANTS_CLOSER_SHARE: lambda c: c.wants is Wants.CLOSER,
    Signal.WANTS_SPACE_SHARE: lambda c: c.wants is Wants.SPACE,
    Signal.CONNECTION_SHARE: lambda c: c.connection,
    Signal.CONFLICT_SHARE: lambda c: c.conflict,
    Signal.TALKED_SHARE: lambda c: c.talked_about_it,
}
_MEANS: dict[Signal, Callable[[CheckIn], int]] = {
    Signal.MEAN_CLOSENESS: lambda c: c.closeness,
    Signal.MEAN_STRESS: lambda c: c.stress,
    Signal.MEAN_TEAMWORK: lambda c: c.teamwork,
    Signal.MEAN_OWN_SPACE: lambda c: c.own_space,
    Signal.MEAN_SAFETY: lambda c: c.safety,
}


@dataclass(frozen=True)
class Streak:
    """Days in a row, up to a partner's newest check-in, without a moment of connection."""

    days: int
    checkins: int
    start: date | None
    end: date | None


@dataclass(frozen=True)
class PartnerWindow:
    """One partner's check-ins in the window and what they measure."""

    partner: PartnerId
    checkins: tuple[CheckIn, ...]
    values: dict[Signal, float] = field(default_factory=dict)
    streak: Streak = Streak(0, 0, None, None)
    window_end: date | None = None

    @property
    def count(self) -> int:
        """Return the number of check-ins in the window."""
        return len(self.checkins)

    @property
    def enough(self) -> bool:
        """Return whether there are enough check-ins to speak of habits."""
        return self.count >= MIN_CHECKINS

    @property
    def start(self) -> date | None:
        """Return the first check-in date in the window."""
        return self.checkins[0].date if self.checkins else None

    @property
    def end(self) -> date | None:
        """Return the last check-in date in the window."""
        return self.checkins[-1].date if self.checkins else None

    def evidence(self, signal: Signal) -> Evidence:
        """Return this partner's measured ``signal`` as evidence over the window."""
        return Evidence(self.partner, signal, self.values[signal], self.start, self.end)

    def topic_weeks(self) -> dict[ConflictTopic, tuple[int, date, date]]:
        """Return per conflict topic: in how many weeks it came up, its first and last day.

        Weeks are the four 7-day blocks counted back from the window's end, not calendar
        weeks, so that a Sunday and the Monday after it are not two weeks.
        """
        weeks: dict[ConflictTopic, set[int]] = {}
        days: dict[ConflictTopic, list[date]] = {}
        for checkin in self.checkins:
            if checkin.conflict and checkin.conflict_topic is not None and self.window_end:
                block = (self.window_end - checkin.date).days // 7
                weeks.setdefault(checkin.conflict_topic, set()).add(block)
                days.setdefault(checkin.conflict_topic, []).append(checkin.date)
        return {t: (len(weeks[t]), min(days[t]), max(days[t])) for t in weeks}


def window_end(views: Sequence[PartnerView]) -> date | None:
    """Return the newest check-in date any visible partner has; the window ends there.

    The window hangs on the data, not on today's date, so that the same record always gives
    the same assessment.
    """
    dates = [c.date for view in views for c in view.checkins]
    return max(dates) if dates else None


def _streak(checkins: Sequence[CheckIn]) -> Streak:
    """Measure the run without connection that ends at the newest check-in."""
    run: list[CheckIn] = []
    for checkin in reversed(checkins):
        if checkin.connection:
            break
        run.append(checkin)
    if not run:
        return Streak(0, 0, None, None)
    start, end = run[-1].date, run[0].date
    return Streak((end - start).days + 1, len(run), start, end)


def measure(view: PartnerView, end: date | None) -> PartnerWindow:
    """Return one partner's measures over the ``WINDOW_DAYS`` up to ``end``."""
    ordered = sorted(view.checkins, key=lambda c: c.date)
    if end is None:
        return PartnerWindow(view.id, ())
    # fromordinal keeps the window's start a valid date even for the first days of year 1.
    first = date.fromordinal(max(1, end.toordinal() - (WINDOW_DAYS - 1)))
    inside = tuple(c for c in ordered if first <= c.date <= end)
    if not inside:
        return PartnerWindow(view.id, ())
    # Lists, not generators: fmean counts a generator item by item, a large share of the time
    # an assessment took; the means are the same.
    values = {
        signal: fmean([1.0 if pick(c) else 0.0 for c in inside]) for signal, pick in _SHARES.items()
    }
    values |= {signal: fmean([pick(c) for c in inside]) for signal, pick in _MEANS.items()}
    values[Signal.CHECKIN_SPAN_DAYS] = float((inside[-1].date - inside[0].date).days + 1)
    streak = _streak([c for c in ordered if c.date <= end])
    values[Signal.DAYS_WITHOUT_CONNECTION] = float(streak.days)
    return PartnerWindow(view.id, inside, values, streak, end)
