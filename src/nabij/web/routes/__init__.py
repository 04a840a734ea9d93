"""The app's routes, one module per area; ``include`` mounts them all."""

from fastapi import FastAPI

from nabij.web.routes import (
    account,
    auth,
    chat,
    checkin,
    coach,
    consent,
    couple,
    deletion,
    export,
    help,
    insight,
    intake,
    manifest,
    recovery,
    safety,
    sharing,
    steps,
    today,
    transfer,
)


def include(app: FastAPI) -> None:
    """Add every area's routes to ``app``."""
    for module in (
        auth,
        recovery,
        consent,
        coach,
        chat,
        intake,
        checkin,
        today,
        insight,
        steps,
        help,
        safety,
        couple,
        sharing,
        transfer,
        export,
        deletion,
        account,
        manifest,
    ):
        app.include_router(module.router)
