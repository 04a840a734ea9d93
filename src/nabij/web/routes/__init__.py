"""The app's routes, one module per area; ``include`` mounts them all."""

from fastapi import FastAPI

from nabij.web.routes import auth, consent


def include(app: FastAPI) -> None:
    """Add every area's routes to ``app``."""
    for module in (auth, consent):
        app.include_router(module.router)
