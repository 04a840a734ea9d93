"""Keyboard-only use: move with Tab, choose with Space and the arrow keys, send with Enter."""

from playwright.sync_api import Page

# The longest form (the check-in) has about 30 stops; more means focus is lost somewhere.
MOST_TABS = 80

_FOCUSED = "s => document.activeElement !== null && document.activeElement.matches(s)"


def tab_to(page: Page, selector: str) -> None:
    """Press Tab until the focused element matches ``selector``; fail if it never does."""
    for _ in range(MOST_TABS):
        page.keyboard.press("Tab")
        if page.evaluate(_FOCUSED, selector):
            return
    raise AssertionError(f"Tab never reached {selector} on {page.url}")


def choose(page: Page, name: str, steps: int) -> None:
    """Tab into the radio group ``name``, tick its first option, then move ``steps`` on."""
    tab_to(page, f"input[type=radio][name='{name}']")
    page.keyboard.press("Space")
    for _ in range(steps):
        page.keyboard.press("ArrowRight")


def focus_ring(page: Page) -> str:
    """Return the outline style drawn for the focused element (on its visible stand-in)."""
    return str(
        page.evaluate(
            """() => {
              const el = document.activeElement;
              const shown = el.matches('.scale-step input') ? el.nextElementSibling : el;
              return getComputedStyle(shown).outlineStyle;
            }"""
        )
    )
