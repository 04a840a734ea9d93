"""axe-core on every main page, as a visitor and as a partner with a full picture.

Sanne and Mark are linked and share, with four weeks of check-ins, so that each page shows
what it can show (charts, patterns, criteria, the partner's picture). The pages are checked in
the order a new user meets them; a serious or critical violation fails with rule and target.

axe is handed to each page by ``page.evaluate`` (see axe.py), which runs outside the page's
CSP, so this context needs no ``bypass_csp`` and the watch still sees every CSP violation.
"""

from collections.abc import Callable

from playwright.sync_api import expect

from tests.browser.axe import describe, violations
from tests.browser.people import BrowserPerson, path_is
from tests.browser.server import Server
from tests.browser.test_couple import linked_couple_with_four_weeks

# Seen before logging in.
VISITOR_PAGES = ("/", "/register", "/login", "/support", "/support/safe-browsing", "/help")
# Seen by a partner who did the intake, is linked, and shares.
PARTNER_PAGES = (
    "/today",
    "/checkin",
    "/checkins",
    "/intake",
    "/insight",
    "/steps",
    "/steps/restore_safety",
    "/steps/rituals",
    "/help",
    "/support",
    "/couple",
    "/sharing",
    "/sharing/preview",
    "/shared",
    "/export",
    "/import",
    "/account/delete",
    "/safety/screen",
    "/account",
    "/account/sessions",
)
# A blaming message: the coach's result then has walls, highlights, a rewrite and a copy button.
BLAMING = "Jij luistert nooit naar mij, het is altijd jouw schuld."


def test_every_main_page_has_no_serious_or_critical_axe_violation(
    person: Callable[[str], BrowserPerson], server: Server
) -> None:
    found: list[str] = []

    def check(who: BrowserPerson, label: str) -> None:
        problems = violations(who.page)
        if problems:
            found.append(describe(label, problems))

    visitor = person("Eva")
    for path in VISITOR_PAGES:
        visitor.open(path)
        check(visitor, path)
    # The account form and the consent notice, the second also with its problems shown.
    visitor.register()
    check(visitor, "/consent")
    visitor.submit("/consent")
    expect(visitor.page.locator(".field-error").first).to_be_visible()
    check(visitor, "/consent with problems")

    sanne, _ = linked_couple_with_four_weeks(person, server)
    for path in PARTNER_PAGES:
        sanne.open(path)
        check(sanne, path)

    sanne.open("/coach")
    check(sanne, "/coach")
    sanne.page.locator("#text").fill(BLAMING)
    expect(sanne.page.locator("#coach-result .coach-rewrite")).to_be_visible()
    check(sanne, "/coach with a result")

    # The private safety page exists only for someone whose own answers raise a concern.
    sanne.answer_safety_screen("afraid_of_partner")
    expect(sanne.page).to_have_url(path_is("/safety"))
    check(sanne, "/safety")

    assert not found, "\n".join(found)
