"""After the quick exit, going Back shows nothing of the app's private pages (issue 5, point 3).

Eva opens three of her pages and leaves with the quick exit, which replaces the page she was
on. Going Back then reaches her earlier pages: they were sent with ``Cache-Control: no-store``,
a page restored from the back/forward cache reloads itself, and the session has ended on the
server, so each step back shows the login page, never her words or her data.
"""

import re

from playwright.sync_api import expect

from nabij.settings import DEFAULT_EXIT_URL
from tests.browser.people import MakePerson, session_ended
from tests.browser.server import Server
from tests.browser.watch import Watch

NOTE = "kanarie-wandeling-7319"  # a word only Eva's own pages can show
PAGES = ("/checkins", "/insight", "/steps")
LOGIN = re.compile(r"^https?://[^/]+/login(\?.*)?$")  # where a page of an ended session sends


def test_going_back_after_the_quick_exit_shows_none_of_the_private_pages(
    person: MakePerson, server: Server, watch: Watch
) -> None:
    watch.allow_exit(DEFAULT_EXIT_URL)
    eva = person("Eva").join()
    eva.check_in()
    eva.open("/checkins")
    eva.page.locator("a[href^='/checkin?date=']").first.click()
    eva.page.locator("#note").fill(NOTE)
    eva.submit("/checkin")
    headings = []
    for path in PAGES:
        eva.open(path)
        headings.append(eva.page.locator("main h1").inner_text())
    page = eva.page
    page.locator("#quick-exit").click()
    page.wait_for_url(DEFAULT_EXIT_URL)
    # The beacon ended the session on the server.
    assert session_ended(page.context, server.url)

    # The exit replaced /steps; Back reaches /insight and /checkins (each now sends to the
    # login), then the sent check-in form, which the browser sends again and which is refused.
    for step in range(3):
        page.go_back()
        page.wait_for_load_state()
        if step < 2:
            expect(page).to_have_url(LOGIN)
        shown = page.content()
        assert NOTE not in shown
        assert eva.login not in shown
        assert not set(page.locator("main h1").all_inner_texts()) & set(headings)
