"""The five help criteria, each met on realistic weeks and not met on calm ones."""

from datetime import date

from nabij.engine import assess
from nabij.engine.evidence import Signal
from nabij.model.ids import HelpCriterion
from tests.personas import FROZEN, days, eva, intake, sanne_and_mark


def test_the_same_fight_in_three_of_four_weeks_is_recurring_conflict() -> None:
    # Conflict on one day a week, always about money.
    weekly_money = days(shares={"conflict": 1 / 7}, topic="money")
    result = assess(sanne_and_mark(sanne=weekly_money))
    criterion = result.criterion(HelpCriterion.RECURRING_CONFLICT)
    assert criterion.met
    assert [e.signal for e in criterion.evidence] == [Signal.CONFLICT_TOPIC_MONEY]
    assert criterion.evidence[0].value == 4


def test_fights_about_different_things_are_not_one_recurring_conflict() -> None:
    topics = ["money", "household", "work", "family"]
    mixed = days(shares={"conflict": 1 / 7})
    conflict_days = [c for c in mixed if c["conflict"]]
    for checkin, topic in zip(conflict_days, topics, strict=False):
        checkin["conflict_topic"] = topic
    result = assess(sanne_and_mark(sanne=mixed))
    assert not result.criterion(HelpCriterion.RECURRING_CONFLICT).met


def test_two_fights_either_side_of_a_weekend_are_not_two_weeks_apart() -> None:
    # Sunday 2026-09-27 and Monday 2026-09-28 lie in one 7-day block counted from the end.
    checkins = days(count=28, shares={"conflict": 0.0})
    for checkin in checkins:
        if checkin["date"] in ("2026-09-20", "2026-09-21", "2026-09-27"):
            checkin.update(conflict=True, conflict_topic="money")
    result = assess(sanne_and_mark(sanne=checkins))
    assert not result.criterion(HelpCriterion.RECURRING_CONFLICT).met


def test_infidelity_addiction_or_old_pain_meet_the_trauma_criterion() -> None:
    for overrides, signal in [
        ({"crisis": ["infidelity"]}, Signal.CRISIS_INFIDELITY),
        ({"crisis": ["illness", "addiction"]}, Signal.CRISIS_ADDICTION),
        ({"old_pain": True}, Signal.OLD_PAIN),
    ]:
        criterion = assess(eva(**overrides)).criterion(HelpCriterion.TRAUMA_ADDICTION_INFIDELITY)
        assert criterion.met, overrides
        assert [e.signal for e in criterion.evidence] == [signal]
    assert not assess(eva()).criterion(HelpCriterion.TRAUMA_ADDICTION_INFIDELITY).met


def test_weeks_of_pulling_back_with_little_closeness_is_emotional_shutdown() -> None:
    closed = days(shares={"pulled_back": 0.7, "connection": 0.1}, ratings={"closeness": 2})
    criterion = assess(sanne_and_mark(mark=closed)).criterion(HelpCriterion.EMOTIONAL_SHUTDOWN)
    assert criterion.met
    assert {e.partner.value for e in criterion.evidence} == {"b"}


def test_pulling_back_while_still_feeling_close_is_not_shutdown() -> None:
    resting = days(shares={"pulled_back": 0.7}, ratings={"closeness": 6})
    assert not assess(sanne_and_mark(mark=resting)).criterion(HelpCriterion.EMOTIONAL_SHUTDOWN).met


def test_three_weeks_without_a_moment_of_connection_for_both_is_no_connection() -> None:
    cold = days(**{**FROZEN, "shares": {"connection": 0.0}})
    criterion = assess(sanne_and_mark(cold, cold)).criterion(HelpCriterion.NO_CONNECTION)
    assert criterion.met
    assert [e.value for e in criterion.evidence] == [28, 28]
    assert criterion.evidence[0].start == date(2026, 9, 1)


def test_one_partner_feeling_a_moment_of_connection_counts_for_the_couple() -> None:
    cold = days(shares={"connection": 0.0})
    warm = days(shares={"connection": 0.3})
    assert not assess(sanne_and_mark(cold, warm)).criterion(HelpCriterion.NO_CONNECTION).met


def test_a_recent_moment_of_connection_ends_the_stretch() -> None:
    cold = days(shares={"connection": 0.0})
    cold[-3]["connection"] = True
    assert not assess(sanne_and_mark(cold, cold)).criterion(HelpCriterion.NO_CONNECTION).met


def test_sparse_checkins_are_not_read_as_weeks_without_connection() -> None:
    # A check-in every third day: ten in four weeks, none with a moment of connection.
    sparse = [c for i, c in enumerate(days(shares={"connection": 0.0})) if i % 3 == 0]
    assert not assess(eva(sparse)).criterion(HelpCriterion.NO_CONNECTION).met


def test_high_distrust_or_fear_for_the_future_meet_the_criterion() -> None:
    assert assess(eva(distrust=7)).criterion(HelpCriterion.DISTRUST_OR_FEAR).met
    assert assess(eva(fear_for_future=9)).criterion(HelpCriterion.DISTRUST_OR_FEAR).met
    assert (
        not assess(eva(distrust=6, fear_for_future=6)).criterion(HelpCriterion.DISTRUST_OR_FEAR).met
    )


def test_fear_of_the_partner_feeds_only_safety_never_a_help_criterion() -> None:
    screen = {**intake()["safety_screen"], "afraid_of_partner": True}
    result = assess(eva(safety_screen=screen))
    assert result.safety.concern
    assert not any(c.met for c in result.criteria)
