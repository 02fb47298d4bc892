"""The review endpoints: correct a field, mark reviewed or not an event, merge, split.

Each needs ``Authorization: Bearer <token>`` (``rasid token create NAME``); the
token's owner is the author in the audit log.  A server started read-only
refuses them all (403).  Each answers with the incident as it now is.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Request
from pydantic import BaseModel, Field

from rasid.store import review

from . import incidents
from .errors import ApiError

router = APIRouter()
MAX_NOTE = 2000


def bearer(authorization: str | None) -> str | None:
    if not authorization:
        return None
    scheme, _, token = authorization.partition(" ")
    return token.strip() if scheme.lower() == "bearer" and token.strip() else None


def reviewer(request: Request, authorization: Annotated[str | None, Header()] = None) -> str:
    """The token's owner; 401 without a valid token, 403 on a read-only server."""
    with request.app.state.store.connect() as conn:
        name = review.token_owner(conn, bearer(authorization))
    if name is None:
        raise ApiError(401, "unauthorized", "writing needs a valid token: "
                       "Authorization: Bearer <token> (rasid token create NAME)")  # fmt: skip
    if request.app.state.readonly:
        raise ApiError(403, "forbidden", "this server was started read-only")
    return name


Reviewer = Annotated[str, Depends(reviewer)]


class Correction(BaseModel):
    field: Literal["event_type", "sub_event_type", "actor1", "actor2", "date", "fatalities",
                   "place"]  # fmt: skip
    value: Any = None
    note: str = Field("", max_length=MAX_NOTE)


class Note(BaseModel):
    note: str = Field("", max_length=MAX_NOTE)


class Merge(Note):
    other: int = Field(ge=1)


class Split(Note):
    event_id: str = Field(min_length=1, max_length=64)


def _incident(request: Request, cluster_id: int) -> dict[str, Any]:
    with request.app.state.store.connect() as conn:
        found = incidents.detail(conn, cluster_id)
    if found is None:
        raise ApiError(404, "not_found", f"no incident {cluster_id}")
    return found


@router.post("/incidents/{incident_id}/corrections", summary="Correct one field")
def correct(request: Request, incident_id: int, body: Correction, who: Reviewer) -> Any:
    store = request.app.state.store
    review.correct(store, incident_id, body.field, body.value, body.note, who)
    return _incident(request, incident_id)


@router.post("/incidents/{incident_id}/review", summary="Mark reviewed by a person")
def mark_reviewed(request: Request, incident_id: int, body: Note, who: Reviewer) -> Any:
    review.mark(request.app.state.store, incident_id, "review", body.note, who)
    return _incident(request, incident_id)


@router.post("/incidents/{incident_id}/not-event", summary="Mark as not an event")
def not_event(request: Request, incident_id: int, body: Note, who: Reviewer) -> Any:
    review.mark(request.app.state.store, incident_id, "not_event", body.note, who)
    return _incident(request, incident_id)


@router.post("/incidents/{incident_id}/event", summary="Undo 'not an event'")
def is_event(request: Request, incident_id: int, body: Note, who: Reviewer) -> Any:
    review.mark(request.app.state.store, incident_id, "event", body.note, who)
    return _incident(request, incident_id)


@router.post("/incidents/{incident_id}/merge", summary="Merge another incident into this one")
def merge(request: Request, incident_id: int, body: Merge, who: Reviewer) -> Any:
    kept = review.merge(request.app.state.store, incident_id, body.other, body.note, who)
    return _incident(request, kept)


@router.post("/incidents/{incident_id}/split", summary="Split one report out")
def split(request: Request, incident_id: int, body: Split, who: Reviewer) -> Any:
    old, new = review.split(request.app.state.store, incident_id, body.event_id, body.note, who)
    return {"incident": _incident(request, old), "new_incident": _incident(request, new)}
