"""The safety path: a concern leads to the crisis lines; the partner sees only a neutral pause.

Joint exercises pause for three reasons: a partner simply pauses them, a partner is under high
stress, or a partner's safety answers raise a concern. The other partner's pages must be the
same whatever the reason, so that nothing in them hints at a safety concern.
"""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser import seeding
from tests.browser.people import BrowserPerson, link, path_is
from tests.browser.server import Server

# The partner's pages that speak of joint exercises, and /couple, which must not change at all.
PARTNER_PAGES = ("/today", "/steps", "/steps/attune", "/insight", "/couple")
PAUSING_PAGES = ("/today", "/steps", "/steps/attune", "/insight")
# The lines for someone afraid of their partner (DESIGN, issue 4): emergency numbers and the
# domestic-violence lines of both countries, NL first.
FEAR_LINES = ["112", "0800-2000", "112", "1712"]
# The check-in's felt safety at and above which nothing is offered; and a high-stress rating.
SAFE_ENOUGH = 3
LOW_SAFETY = 2
HIGH_STRESS = 9


def partner_view(partner: BrowserPerson) -> dict[str, list[str]]:
    """Return what the partner's pages show, per page (the daytime greeting left out)."""
    shown = {}
    for path in PARTNER_PAGES:
        partner.open(path)
        shown[path] = partner.page.locator("main > :not(h1)").all_inner_texts()
    return shown


def paused_on(partner: BrowserPerson, paths: tuple[str, ...]) -> list[str]:
    """Return the pages among ``paths`` on which the partner sees the pause message."""
    seen = []
    for path in paths:
        partner.open(path)
        if partner.page.locator(".pause").count():
            seen.append(path)
    return seen


def test_a_positive_safety_screen_shows_the_lines_and_the_partner_sees_the_plain_pause(
    person: Callable[[str], BrowserPerson], server: Server, shoot: Callable[[Page, str], None]
) -> None:
    sanne = person("Sanne").join()
    mark = person("Mark").join()
    link(sanne, mark)
    seeding.seed_intake(server.database_url, sanne.login, seeding.SANNE)
    assert paused_on(mark, PAUSING_PAGES) == []
    unpaused = partner_view(mark)

    # 1. Sanne pauses joint exercises, without a reason.
    sanne.open("/steps")
    sanne.submit("/joint/pause")
    assert paused_on(mark, PAUSING_PAGES) == list(PAUSING_PAGES)
    plain = partner_view(mark)
    mark.open("/steps")
    shoot(mark.page, "partner-paused")
    sanne.submit("/joint/resume")
    assert partner_view(mark) == unpaused

    # 2. Sanne checks in under high stress.
    sanne.check_in(stress=HIGH_STRESS)
    assert partner_view(mark) == plain
    sanne.check_in(stress=3)
    assert partner_view(mark) == unpaused

    # 3. Sanne's answers to the safety questions raise a concern.
    sanne.answer_safety_screen("afraid_of_partner")
    expect(sanne.page).to_have_url(path_is("/safety"))
    lines = sanne.page.locator("#lines-heading ~ ul.lines a.tel")
    assert lines.all_inner_texts() == FEAR_LINES
    for line in lines.all():
        assert (line.get_attribute("href") or "").startswith("tel:")
    shoot(sanne.page, "safety")
    sanne.open("/steps")
    expect(sanne.page.locator("form[action='/joint/resume']")).to_be_visible()

    assert partner_view(mark) == plain
    # Not one page of Mark's leads to a safety page or says more than the pause.
    expect(mark.page.locator("a[href='/safety']")).to_have_count(0)


def test_a_checkin_with_low_felt_safety_privately_offers_the_safety_questions(
    person: Callable[[str], BrowserPerson], server: Server, shoot: Callable[[Page, str], None]
) -> None:
    sanne = person("Sanne").join()
    mark = person("Mark").join()
    link(sanne, mark)
    seeding.seed_intake(server.database_url, sanne.login, seeding.SANNE)

    sanne.check_in(safety=SAFE_ENOUGH)
    expect(sanne.page.locator("#saved-note")).to_be_visible()
    expect(sanne.page.locator(".recheck")).to_have_count(0)

    sanne.check_in(safety=LOW_SAFETY)
    saved_address = sanne.page.url
    offer = sanne.page.locator(".recheck a[href='/safety/screen']")
    expect(offer).to_be_visible()
    shoot(sanne.page, "recheck")

    # The offer rests on Sanne's own check-in: Mark sees nothing of it, not even at her address.
    mark.open(saved_address.removeprefix(server.url))
    expect(mark.page.locator(".recheck")).to_have_count(0)
    mark.open("/today")
    expect(mark.page.locator(".recheck")).to_have_count(0)

    offer.click()
    expect(sanne.page).to_have_url(path_is("/safety/screen"))
    expect(sanne.page.locator("input[name=afraid_of_partner]")).to_have_count(2)
