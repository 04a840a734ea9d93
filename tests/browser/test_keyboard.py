"""The quick exit by keyboard: Shift three times, or the "Leave quickly" button reached by Tab.

The exit goes to a neutral site on the internet. The watch lets exactly that navigation
happen and answers it itself, so no request leaves the machine (watch.allow_exit).
"""

from playwright.sync_api import Request

from nabij.settings import DEFAULT_EXIT_URL
from tests.browser.keyboard import tab_to
from tests.browser.people import MakePerson, session_ended
from tests.browser.server import Server
from tests.browser.watch import Watch


def test_pressing_shift_three_times_asks_to_end_the_session_and_leaves_for_the_neutral_site(
    person: MakePerson, server: Server, watch: Watch
) -> None:
    watch.allow_exit(DEFAULT_EXIT_URL)
    eva = person("Eva").join()
    page = eva.page
    sent: list[Request] = []
    page.on("request", lambda request: sent.append(request))
    eva.open("/today")

    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(DEFAULT_EXIT_URL)

    assert watch.exits == [DEFAULT_EXIT_URL]
    ends = [r for r in sent if r.method == "POST" and r.url == f"{server.url}/exit"]
    assert len(ends) == 1
    # The beacon carried the page's token, so the session has ended on the server.
    assert session_ended(page.context, server.url)


def test_the_leave_quickly_button_works_from_the_keyboard(person: MakePerson, watch: Watch) -> None:
    watch.allow_exit(DEFAULT_EXIT_URL)
    visitor = person("Eva")
    visitor.open("/support")
    tab_to(visitor.page, "#quick-exit")
    visitor.page.keyboard.press("Enter")
    visitor.page.wait_for_url(DEFAULT_EXIT_URL)
    assert watch.exits == [DEFAULT_EXIT_URL]
