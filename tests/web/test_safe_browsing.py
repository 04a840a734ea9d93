"""The page on browsing safely: for anyone, in both languages, with the quick exit, and found
from the support page, the login page and beside the quick exit on every page."""

import html
import re
from collections.abc import Callable

import pytest

from nabij.i18n import translator
from nabij.model.ids import Lang
from tests.web.people import Person

PAGE = "/support/safe-browsing"
LINK = f'href="{PAGE}"'
# Each of the page's topics, by its English heading.
TOPICS = (
    "The “Leave quickly” button",
    "Your browser history",
    "A private window",
    "Shared or watched devices",
    "Discreet mode and your sessions",
    "nabij stays quiet",
)

MakePerson = Callable[[str], Person]


def _text(page: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page)).split())


@pytest.mark.parametrize("lang", list(Lang), ids=str)
def test_a_visitor_reads_it_in_either_language_with_the_quick_exit(
    person: MakePerson, lang: Lang
) -> None:
    answer = person("visitor").client.get(PAGE, headers={"accept-language": lang.value})
    assert answer.status_code == 200
    assert f'<html lang="{lang.value}">' in answer.text
    _ = translator(lang)
    text = _text(answer.text)
    for topic in TOPICS:
        assert _(topic) in text, topic
    assert '<form class="exit" method="post" action="/exit">' in answer.text
    assert 'id="quick-exit"' in answer.text


def test_it_says_what_the_quick_exit_does_not_do_and_that_nabij_sends_nothing(
    person: MakePerson,
) -> None:
    text = _text(person("visitor").client.get(PAGE, headers={"accept-language": "en"}).text)
    assert "It does not erase your browser history" in text
    assert "nabij never sends e-mail, text messages or notifications" in text
    assert "Shift key three times" in text


def test_a_logged_in_user_reads_it_too_with_a_way_to_their_account(person: MakePerson) -> None:
    eva = person("eva").register()
    answer = eva.get(PAGE)
    assert answer.status_code == 200
    assert 'id="quick-exit"' in answer.text
    assert 'href="/account"' in answer.text
    assert 'action="/logout"' in answer.text  # Eva's own page, not a visitor's
    assert 'href="/account"' not in person("visitor").get(PAGE).text


@pytest.mark.parametrize("path", ["/support", "/login", "/register", "/", "/help"])
def test_it_is_linked_from_the_support_and_login_pages_and_beside_the_quick_exit(
    person: MakePerson, path: str
) -> None:
    page = person("visitor").get(path).text
    exit_area = page[page.index('<form class="exit"') : page.index("</header>")]
    assert LINK in exit_area
    if path in ("/support", "/login"):
        main = page[page.index('<main id="main">') :]
        assert LINK in main


def test_beside_the_quick_exit_it_is_there_for_a_logged_in_user_too(person: MakePerson) -> None:
    eva = person("eva").register()
    for path in ("/today", "/couple", "/export"):
        page = eva.get(path).text
        assert LINK in page[page.index('<form class="exit"') : page.index("</header>")], path
