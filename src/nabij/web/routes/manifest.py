"""The web app manifest: the name and icon of a shortcut on the home screen.

Its name is neutral in discreet mode (``web/discreet``), so a shortcut says "Notes". Pages link
it with ``crossorigin="use-credentials"``: browsers fetch a manifest without cookies otherwise,
and then could not know that the mode is on.
"""

from fastapi import APIRouter
from fastapi.responses import JSONResponse, Response

from nabij.web import discreet
from nabij.web.context import AnyPage, finish

router = APIRouter()


@router.get("/manifest.webmanifest")
def manifest(p: AnyPage) -> Response:
    """Answer the manifest for this browser: neutral in discreet mode, "nabij" otherwise."""
    return finish(p, JSONResponse(discreet.manifest(p), media_type="application/manifest+json"))
