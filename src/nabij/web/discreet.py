"""Discreet mode: the names a phone shows of nabij, made neutral.

Someone who picks up the phone, scrolls through the browser's tabs and history, looks at the
home screen or the Downloads folder sees what the app is called before they see anything in
it. In discreet mode all of those say "Notes": the page title, the brand in the header, the
icon, the web app manifest (the name under a home-screen shortcut) and downloaded files. The
pages themselves are unchanged once opened, and the web address stays what it is.

For a logged-in user their setting decides; the browser also keeps a neutral cookie
(``security.DISCREET_COOKIE``) from when it was turned on or a discreet user logged in, so the
login page and error pages of that browser are neutral too, until it is turned off.
"""

from nabij.web import security
from nabij.web.context import DISCREET_MAX_AGE, Page

BRAND = "nabij"
ICON = "favicon.svg"
NEUTRAL_ICON = "notes.svg"


def neutral_name(p: Page) -> str:
    """Return the harmless name shown instead of nabij: "Notes" in the page's language."""
    # I18N: The neutral name shown instead of "nabij" in discreet mode (page title, header,
    # home-screen shortcut). It should look like an ordinary notes app.
    return p._("Notes")


def download_name(p: Page, stem: str, suffix: str) -> str:
    """Return the file name of a download: ``<stem>-<date><suffix>``, neutral when discreet.

    Every download goes through here, so that in discreet mode a Downloads folder shows
    ``notes-2026-11-25.json`` rather than a name that says what the file holds.
    """
    # I18N: The start of a downloaded file's name in discreet mode ("notes-2026-11-25.json"):
    # lower case, no spaces.
    shown = p._("notes") if p.discreet else stem
    return f"{shown}-{p.today.isoformat()}{suffix}"


def remember(p: Page, on: bool) -> None:
    """Set this browser's discreet cookie, or remove it (when the user turns the mode off)."""
    if on:
        p.set_cookie(security.DISCREET_COOKIE, security.DISCREET_VALUE, DISCREET_MAX_AGE)
    else:
        p.set_cookie(security.DISCREET_COOKIE, None)


def manifest(p: Page) -> dict[str, object]:
    """Return the web app manifest: the name and icon a home-screen shortcut gets."""
    name = neutral_name(p) if p.discreet else BRAND
    icon = NEUTRAL_ICON if p.discreet else ICON
    return {
        "name": name,
        "short_name": name,
        "lang": p.lang.value,
        "start_url": "/",
        "scope": "/",
        # An ordinary browser window: the quick exit and the address bar work as everywhere.
        "display": "browser",
        "icons": [{"src": f"/static/{icon}", "sizes": "any", "type": "image/svg+xml"}],
    }
