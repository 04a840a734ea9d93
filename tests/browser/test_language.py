"""The language switch at the foot of every page: to English and back, on the same page."""

from collections.abc import Callable

from playwright.sync_api import Page, expect

from nabij.i18n import translator
from nabij.model.ids import Lang
from tests.browser.people import BrowserPerson, path_is

HEADING = "Today's check-in"
# Eva's check-in, with a different rating on each scale so that a mix-up would show.
RATINGS = {"closeness": 2, "safety": 8, "stress": 4, "teamwork": 6, "own_space": 9}


def ticked(page: Page) -> list[str]:
    """Return the form's ticked answers as ``name=value``."""
    found: list[str] = page.locator("main form input:checked").evaluate_all(
        "inputs => inputs.map(i => i.name + '=' + i.value)"
    )
    return found


def switch_to(page: Page, label: str) -> None:
    """Press the visible language switch, which offers the other language by its own name."""
    button = page.locator("form.lang-switch button[name=lang]")
    expect(button).to_be_visible()
    expect(button).to_have_text(label)
    button.click()


def test_the_switch_changes_the_language_and_keeps_the_page_and_its_answers(
    person: Callable[[str], BrowserPerson], shoot: Callable[[Page, str], None]
) -> None:
    eva = person("Eva").join()
    eva.check_in(**RATINGS)
    eva.open("/checkin")
    page = eva.page
    html, heading = page.locator("html"), page.locator("main h1")
    dutch = translator(Lang.NL)(HEADING)
    assert dutch != HEADING, "the Dutch catalog has no translation of the heading"
    expect(html).to_have_attribute("lang", "nl")
    expect(heading).to_have_text(dutch)
    answers = ticked(page)
    assert {f"{name}={value}" for name, value in RATINGS.items()} <= set(answers)

    switch_to(page, "English")
    expect(page).to_have_url(path_is("/checkin"))
    expect(html).to_have_attribute("lang", "en")
    expect(heading).to_have_text(HEADING)
    assert ticked(page) == answers
    shoot(page, "checkin-en")
    # The choice is kept for the account: the next page is English too.
    eva.open("/today")
    expect(html).to_have_attribute("lang", "en")
    eva.open("/checkin")

    switch_to(page, "Nederlands")
    expect(page).to_have_url(path_is("/checkin"))
    expect(html).to_have_attribute("lang", "nl")
    expect(heading).to_have_text(dutch)
    assert ticked(page) == answers
