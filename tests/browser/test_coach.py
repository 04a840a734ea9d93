"""The coach page: its view follows the typing, and the same form works without JavaScript."""

from collections.abc import Callable

from playwright.sync_api import Page, Request, expect

from tests.browser.people import MakePerson, path_is

# A blaming message the coach reads as walls (blame, generalisation) and has a rewrite for.
BLAMING = "Jij luistert nooit naar mij, het is altijd jouw schuld."
# Typing speed: well under the page's 400 ms pause, so the coach waits for the end of a word run.
KEY_DELAY_MS = 40
# "Look at my message": the form's submit button that keeps the form's own action.
LOOK = "main form[action='/coach'] button[type=submit]:not([formaction])"
WALL = "#coach-result .coach-finding[data-label=blame] mark.wall"
# The message as the result region shows it, without the words only screen readers hear.
SHOWN_MESSAGE = """() => {
  const message = document.querySelector("#coach-result .coach-message");
  if (message === null) return null;
  const copy = message.cloneNode(true);
  copy.querySelectorAll(".visually-hidden").forEach(hidden => hidden.remove());
  return copy.textContent.trim();
}"""


def test_the_coach_shows_walls_and_a_rewrite_as_you_type_without_sending_the_form(
    person: MakePerson, shoot: Callable[[Page, str], None]
) -> None:
    sanne = person("Sanne").join()
    sanne.context.grant_permissions(["clipboard-read", "clipboard-write"])
    sanne.open("/coach")
    page = sanne.page
    analysed: list[Request] = []
    navigations: list[str] = []
    page.on("request", lambda r: analysed.append(r) if r.url.endswith("/coach/analyse") else None)
    page.on("framenavigated", lambda frame: navigations.append(frame.url))

    page.locator("#text").focus()
    page.keyboard.type(BLAMING, delay=KEY_DELAY_MS)
    page.wait_for_function(f"() => ({SHOWN_MESSAGE})() === {BLAMING!r}")
    expect(page.locator(WALL)).to_be_visible()
    expect(page.locator("#coach-result .coach-message mark.wall").first).to_be_visible()
    rewrite = page.locator("#coach-rewrite")
    expect(rewrite).to_be_visible()
    expect(rewrite).not_to_be_empty()

    # Nothing was submitted: no page load, only the debounced analyses, fewer than keystrokes.
    assert navigations == []
    expect(page).to_have_url(path_is("/coach"))
    assert 1 <= len(analysed) < len(BLAMING)
    assert {r.method for r in analysed} == {"POST"}
    assert {r.resource_type for r in analysed} <= {"xhr", "fetch"}

    copy = page.locator("#coach-result button[data-copy=coach-rewrite]")
    expect(copy).to_be_visible()
    shoot(page, "typed")
    copy.click()
    expect(copy).to_have_text(copy.get_attribute("data-copied") or "")
    assert page.evaluate("navigator.clipboard.readText()") == rewrite.inner_text().strip()


def test_the_coach_form_works_without_javascript(person: MakePerson) -> None:
    mark = person("Mark", javascript=False).join()
    mark.open("/coach")
    page = mark.page
    page.locator("#text").fill(BLAMING)
    with page.expect_response(lambda r: r.url.endswith("/coach")) as answer:
        page.locator(LOOK).click()
    assert answer.value.request.method == "POST"
    assert answer.value.request.resource_type == "document"
    assert answer.value.status == 200
    expect(page.locator("#text")).to_have_value(BLAMING)
    expect(page.locator(WALL)).to_be_visible()
    expect(page.locator("#coach-rewrite")).not_to_be_empty()
