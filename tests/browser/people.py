"""A persona in their own browser context: they register, consent, log in and move around."""

import re
import secrets
import time
from dataclasses import dataclass
from typing import Protocol

from playwright.sync_api import BrowserContext, Page, expect

# A passphrase as the register page suggests one: long, plain words, nothing common.
PASSPHRASE = "lange wandeling langs de rivier bij avondlicht"
# The five 0-10 ratings of a check-in, and the safety questions (each answered yes or no).
RATINGS = ("closeness", "safety", "stress", "teamwork", "own_space")
SAFETY_QUESTIONS = ("hurt", "threatened", "afraid_of_partner", "controlled", "self_harm_thoughts")


def login_for(name: str) -> str:
    """Return a fresh login for persona ``name`` (one server serves every test)."""
    return f"{name.lower()}-{secrets.token_hex(3)}"


# How long the quick exit's beacon may take to reach the server after the page has left.
BEACON_WAIT_S = 10.0


def session_ended(context: BrowserContext, url: str) -> bool:
    """Return whether the context's session has ended on the server at ``url``.

    The quick exit's beacon travels on its own after the page has left, so the answer is
    awaited: ``/today`` sends an ended session to the login.
    """
    deadline = time.monotonic() + BEACON_WAIT_S
    while True:
        if context.request.get(f"{url}/today", max_redirects=0).status == 303:
            return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)


def path_is(path: str) -> re.Pattern[str]:
    """Return a URL pattern that matches ``path`` on any origin, without a query."""
    return re.compile(rf"^https?://[^/]+{re.escape(path)}$")


@dataclass
class BrowserPerson:
    """One persona with their own cookies: one browser context and its page."""

    name: str
    login: str
    context: BrowserContext
    page: Page

    def open(self, path: str) -> None:
        """Load ``path`` and insist that it answered without an error status."""
        answer = self.page.goto(path)
        assert answer is not None, f"no answer for {path}"
        assert answer.status < 400, f"{path} answered {answer.status} for {self.name}"

    def submit(self, action: str) -> None:
        """Press the submit button of the form that posts to ``action``."""
        self.page.locator(f"main form[action='{action}'] button[type=submit]").last.click()

    def register(self) -> "BrowserPerson":
        """Create the account through the form; the app then asks for consent."""
        self.open("/register")
        self.page.locator("#login").fill(self.login)
        self.page.locator("#password").fill(PASSPHRASE)
        self.page.locator("#password_again").fill(PASSPHRASE)
        self.submit("/register")
        expect(self.page.locator("#recovery-key")).to_be_visible()
        self.page.locator("main a[href='/consent']").click()
        expect(self.page).to_have_url(path_is("/consent"))
        return self

    def accept_consent(self) -> "BrowserPerson":
        """Tick both boxes of the notice (special-category data, age 16+) and go on."""
        self.page.locator("input[name=special_category]").check()
        self.page.locator("input[name=age]").check()
        self.submit("/consent")
        expect(self.page).to_have_url(path_is("/today"))
        return self

    def join(self) -> "BrowserPerson":
        """Register and accept the notice: ready to use nabij."""
        return self.register().accept_consent()

    def log_in(self) -> None:
        """Log in through the form."""
        self.open("/login")
        self.page.locator("#login").fill(self.login)
        self.page.locator("#password").fill(PASSPHRASE)
        self.submit("/login")
        expect(self.page).to_have_url(path_is("/today"))

    def check_in(self, **ratings: int) -> None:
        """Fill in today's check-in (5 on each scale not given, wanting neither) and save it."""
        self.open("/checkin")
        for name in RATINGS:
            self.page.locator(f"input[name={name}][value='{ratings.get(name, 5)}']").check()
        self.page.locator("input[name=wants][value=neither]").check()
        self.submit("/checkin")
        expect(self.page).to_have_url(re.compile(r"/today\?saved=\d{4}-\d{2}-\d{2}$"))

    def answer_safety_screen(self, *yes: str) -> None:
        """Answer the five safety questions again: yes to those in ``yes``, no to the rest."""
        self.open("/safety/screen")
        for name in SAFETY_QUESTIONS:
            answer = "yes" if name in yes else "no"
            self.page.locator(f"input[name={name}][value={answer}]").check()
        self.submit("/safety/screen")

    def invite(self) -> str:
        """Create the couple space and a one-time code; return the code as the page shows it."""
        self.open("/couple")
        self.submit("/couple/create")
        expect(self.page).to_have_url(path_is("/couple"))
        self.submit("/couple/invite")
        code = self.page.locator("#invite-code")
        expect(code).to_be_visible()
        return code.inner_text().strip()

    def join_couple(self, code: str) -> None:
        """Type the partner's code under "Join with a code"."""
        self.open("/couple")
        self.page.locator("#code").fill(code)
        self.submit("/couple/join")
        expect(self.page).to_have_url(path_is("/couple"))
        expect(self.page.locator("#linked-heading")).to_be_visible()

    def share(self, *categories: str) -> None:
        """Put exactly ``categories`` in the shared picture (every other box unticked)."""
        self.open("/sharing")
        boxes = self.page.locator("input[type=checkbox][name=share]")
        for index in range(boxes.count()):
            box = boxes.nth(index)
            box.set_checked(box.get_attribute("value") in categories)
        self.submit("/sharing")
        expect(self.page).to_have_url(path_is("/sharing?saved=1"))


class MakePerson(Protocol):
    """The ``person`` fixture: a persona in a fresh browser context, with or without scripts."""

    def __call__(self, name: str, javascript: bool = True) -> BrowserPerson:
        """Return persona ``name`` in their own context."""
        ...


def link(first: BrowserPerson, second: BrowserPerson) -> None:
    """Let ``first`` create the couple space and ``second`` join it with the code."""
    second.join_couple(first.invite())
