"""The app's routes, one module per area; ``include`` mounts them all."""

from fastapi import FastAPI

from nabij.web.routes import auth, checkin, coach, consent, intake, today


def include(app: FastAPI) -> None:
    """Add every area's routes to ``app``."""
    for module in (auth, consent, coach, intake, checkin, today):
        app.include_router(module.router)
