"""Two partners link, share, and see their pattern; taking a share back hides it at once."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from tests.browser import seeding
from tests.browser.people import BrowserPerson, link
from tests.browser.server import Server

PURSUE_WITHDRAW = "#pattern-pursue_withdraw"
PARTNER_SERIES = "#chart-closeness-figure .series-partner"
SHARED = ("daily_scores", "tendencies")


def linked_couple_with_four_weeks(
    person: Callable[[str], BrowserPerson], server: Server
) -> tuple[BrowserPerson, BrowserPerson]:
    """Return Sanne and Mark, linked through the pages, sharing, with four weeks seeded."""
    sanne = person("Sanne").join()
    mark = person("Mark").join()
    link(sanne, mark)
    for partner in (sanne, mark):
        partner.share(*SHARED)
    assert seeding.seed(server.database_url, sanne.login, seeding.SANNE) == 28
    assert seeding.seed(server.database_url, mark.login, seeding.MARK) == 28
    return sanne, mark


def test_two_partners_link_share_and_both_see_their_pursue_withdraw_pattern(
    person: Callable[[str], BrowserPerson],
    server: Server,
    shoot: Callable[[Page, str], None],
) -> None:
    sanne = person("Sanne").join()
    mark = person("Mark").join()
    code = sanne.invite()
    shoot(sanne.page, "code")
    mark.join_couple(code)
    expect(mark.page.locator("main")).to_contain_text(sanne.login)
    shoot(mark.page, "couple")
    for partner in (sanne, mark):
        partner.share(*SHARED)
    shoot(sanne.page, "sharing")
    seeding.seed(server.database_url, sanne.login, seeding.SANNE)
    seeding.seed(server.database_url, mark.login, seeding.MARK)

    for partner in (sanne, mark):
        partner.open("/insight")
        pattern = partner.page.locator(PURSUE_WITHDRAW)
        expect(pattern).to_be_visible()
        # The evidence names both sides of the dance, without naming a guilty one.
        expect(pattern.locator(".evidence li")).not_to_have_count(0)
        expect(partner.page.locator(PARTNER_SERIES).first).to_be_attached()
        header = partner.page.locator("#chart-closeness-figure thead th")
        expect(header).to_have_count(3)  # the day, my ratings, my partner's ratings
    shoot(sanne.page, "insight-sanne")
    shoot(mark.page, "insight-mark")


def test_after_unsharing_the_partners_next_page_load_no_longer_shows_the_series(
    person: Callable[[str], BrowserPerson],
    server: Server,
    shoot: Callable[[Page, str], None],
) -> None:
    sanne, mark = linked_couple_with_four_weeks(person, server)
    mark.open("/insight")
    expect(mark.page.locator(PARTNER_SERIES).first).to_be_attached()
    mark.open("/shared")
    shown_before = mark.page.locator("main").inner_text()

    sanne.share("tendencies")

    mark.open("/insight")
    expect(mark.page.locator(PARTNER_SERIES)).to_have_count(0)
    expect(mark.page.locator("#chart-closeness-figure thead th")).to_have_count(2)
    # The couple pattern needs both partners' daily scores: without Sanne's it is unknown.
    expect(mark.page.locator(PURSUE_WITHDRAW)).to_have_count(0)
    expect(mark.page.locator(".unknown")).to_be_visible()
    shoot(mark.page, "insight-unshared")
    mark.open("/shared")
    assert mark.page.locator("main").inner_text() != shown_before
