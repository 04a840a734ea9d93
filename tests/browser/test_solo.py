"""Eva uses nabij alone: the intake, a check-in by keyboard only, and her solo insight."""

from collections.abc import Callable
from datetime import timedelta
from zoneinfo import ZoneInfo

from playwright.sync_api import Page, expect

from nabij.services.clock import local_today
from tests.browser.keyboard import choose, focus_ring, tab_to
from tests.browser.people import BrowserPerson, path_is

# Eva's intake: her crisis is a loss, two months ago; she is stressed and thrown off balance.
REACTIONS = {
    "stress_response": 7,
    "attachment_activation": 5,
    "loss_of_predictability": 6,
    "identity_stress": 3,
}
# Her check-in: how far to move right from 0 on each scale (so the rating given).
RATINGS = {"closeness": 4, "safety": 7, "stress": 6, "teamwork": 5, "own_space": 3}


def fill_intake(eva: BrowserPerson) -> None:
    """Answer every intake question through the form, as Eva would."""
    page = eva.page
    began = local_today(ZoneInfo("Europe/Amsterdam")) - timedelta(days=60)
    page.locator("input[name=crisis][value=loss]").check()
    page.locator("#crisis_began").fill(began.isoformat())
    groups: dict[str, list[str]] = page.locator("main form input[type=radio]").evaluate_all(
        """radios => radios.reduce((groups, r) => {
          (groups[r.name] = groups[r.name] || []).push(r.value); return groups; }, {})"""
    )
    for name, values in groups.items():
        if name in REACTIONS:
            value = str(REACTIONS[name])
        elif values == ["yes", "no"]:
            value = "no"  # no old pain, and no safety concern
        else:
            value = values[len(values) // 2]  # the middle of the 0-10 and 1-7 scales
        page.locator(f"input[name='{name}'][value='{value}']").check()
    eva.submit("/intake")
    expect(page).to_have_url(path_is("/today"))


def test_eva_does_her_intake_and_a_keyboard_only_checkin_and_sees_what_she_cannot_know_alone(
    person: Callable[[str], BrowserPerson], shoot: Callable[[Page, str], None]
) -> None:
    eva = person("Eva").join()
    eva.open("/intake")
    shoot(eva.page, "intake")
    fill_intake(eva)

    page = eva.page
    eva.open("/today")
    tab_to(page, "main a[href='/checkin']")
    assert focus_ring(page) == "solid"
    page.keyboard.press("Enter")
    expect(page).to_have_url(path_is("/checkin"))
    for name, rating in RATINGS.items():
        choose(page, name, rating)
    assert focus_ring(page) == "solid"
    expect(page.locator("input[name=safety][value='7']")).to_be_checked()
    choose(page, "wants", 0)
    tab_to(page, "input[name=connection]")
    page.keyboard.press("Space")
    expect(page.locator("input[name=connection]")).to_be_checked()
    shoot(page, "checkin")
    tab_to(page, "form.checkin-form button[type=submit]")
    page.keyboard.press("Enter")

    expect(page).to_have_url(path_is(f"/today?saved={local_today(ZoneInfo('Europe/Amsterdam'))}"))
    expect(page.locator("#saved-note")).to_be_visible()
    eva.open("/insight")
    expect(page.locator("#tendencies")).to_be_visible()
    expect(page.locator(".unknown")).to_be_visible()
    expect(page.locator(".series-own").first).to_be_attached()
    expect(page.locator(".series-partner")).to_have_count(0)
    shoot(page, "insight")
