"""The quick exit's beacon ends the session without any request leaving the app's origin.

Answered with a redirect to the exit site, the beacon would follow it and the page's CSP would
block the hop (a console violation the harness fails on); the beacon gets 204 instead.
"""

from playwright.sync_api import expect

from tests.browser.people import MakePerson, path_is
from tests.browser.server import Server

BEACON = """() => {
  const data = new FormData();
  data.append("csrf_token", document.querySelector("input[name=csrf_token]").value);
  return navigator.sendBeacon("/exit", data);
}"""


def test_the_quick_exit_beacon_ends_the_session_and_stays_on_the_own_origin(
    person: MakePerson, server: Server
) -> None:
    eva = person("Eva").join()
    page = eva.page
    with page.expect_event("requestfinished", lambda r: r.url == f"{server.url}/exit") as finished:
        assert page.evaluate(BEACON) is True
    response = finished.value.response()
    assert response is not None
    assert response.status == 204
    eva.page.goto("/today")
    expect(page).to_have_url(path_is("/login?next=/today"))
