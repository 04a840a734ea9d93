"""``nabij user reset LOGIN``: the operator's way to let someone back in without e-mail.

It prints a link that works once, for 30 minutes (CONTRACTS §5), to hand to the account's
owner in person. The link page says what a reset keeps and what it cannot bring back before
anything changes; the old private text stays unreadable (``store/recovery``).
"""

from typing import Annotated

import typer
from rich.markup import escape
from sqlalchemy import select

from nabij.cli.errors import UserError, handling_errors
from nabij.cli.server import configured_engine
from nabij.cli.setup import debug, setup
from nabij.services import clock
from nabij.store import database, recovery
from nabij.store.accounts import normalize_login
from nabij.store.tables import User

user_app = typer.Typer(no_args_is_help=True, help="Accounts, for whoever runs nabij.")


@user_app.command("reset")
def reset(
    ctx: typer.Context,
    login: Annotated[str, typer.Argument(help="The login name of the account.")],
    url: Annotated[
        str, typer.Option("--url", help="The address people open nabij at.")
    ] = "http://127.0.0.1:8000",
    lang: Annotated[str | None, typer.Option("--lang", help="Interface language.")] = None,
) -> None:
    """Print a single-use reset link for LOGIN, valid 30 minutes."""
    _language, _, out, err = setup(ctx, lang)
    with handling_errors(err, _, debug(ctx)):
        with configured_engine() as engine, database.session_factory(engine)() as db:
            name = normalize_login(login)
            found = select(User).where(User.login == name)
            user = db.scalar(found) if "\x00" not in name else None
            if user is None:
                raise UserError(_("No account has the login name {login}.").format(login=login))
            token = recovery.new_reset_link(db, user, clock.utcnow())
            db.commit()
        out.print(f"{url.rstrip('/')}/reset/{token}", highlight=False, soft_wrap=True)
        err.print(
            escape(
                _(
                    "This link works once, for 30 minutes. Give it to the owner of the account in "
                    "person. Their old notes and answers cannot be opened after a reset; with "
                    "their recovery key (on the page 'Forgot your password?') nothing is lost."
                )
            ),
            highlight=False,
        )
