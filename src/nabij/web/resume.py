"""Forms that can be shown again with the user's values after a refused submit."""

from collections.abc import Callable
from dataclasses import dataclass

from fastapi.responses import Response

from nabij.web.context import Page


@dataclass(frozen=True)
class FormPage:
    """How to show one form again with ``page.form``'s values and a note above it."""

    render: Callable[[Page, str], Response]
    needs_login: bool = True


FORM_PAGES: dict[str, FormPage] = {}


def form_page(
    path: str, needs_login: bool = True
) -> Callable[[Callable[[Page, str], Response]], Callable[[Page, str], Response]]:
    """Register the function that shows the form at ``path`` again."""

    def register(render: Callable[[Page, str], Response]) -> Callable[[Page, str], Response]:
        FORM_PAGES[path] = FormPage(render, needs_login)
        return render

    return register
