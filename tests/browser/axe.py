"""axe-core, vendored from npm, run inside a page: no serious or critical violation allowed.

The script is handed to the page with ``page.evaluate``, which DevTools runs outside the page's
CSP: no context needs ``bypass_csp``, so every context, axe's included, still reports any real
CSP violation of the app's own pages to the watch.
"""

from functools import cache
from pathlib import Path
from typing import Any

from playwright.sync_api import Page

AXE = Path(__file__).parent / "vendor" / "axe.min.js"
# axe's two highest impacts; "moderate" and "minor" findings are reported by axe but not failed.
FAILING = ("serious", "critical")

_RUN = """async () => {
  const result = await axe.run(document, {resultTypes: ["violations"]});
  return result.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    targets: v.nodes.map(n => n.target.join(" ")),
  }));
}"""


@cache
def _source() -> str:
    return AXE.read_text(encoding="utf-8")


def violations(page: Page) -> list[dict[str, Any]]:
    """Return axe's serious and critical violations on the page as it is now."""
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_source())
    found: list[dict[str, Any]] = page.evaluate(_RUN)
    return [v for v in found if v["impact"] in FAILING]


def describe(label: str, found: list[dict[str, Any]]) -> str:
    """Return the violations as lines naming the rule, its impact and where it fails."""
    lines = [f"axe on {label}:"]
    for v in found:
        lines.append(f"  {v['id']} ({v['impact']}): {v['help']}")
        lines.extend(f"    at {target}" for target in v["targets"][:8])
    return "\n".join(lines)


def assert_accessible(page: Page, label: str) -> None:
    """Fail with the rule ids and targets when axe finds a serious or critical violation."""
    found = violations(page)
    assert not found, describe(label, found)
