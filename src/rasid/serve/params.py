"""The filters every list, map, statistic and export of the API takes, as query parameters.

They mean what the CLI's filters mean (``rasid.store.queries.Filters``), plus
the dashboard's: at least N killed, reported by at least N outlets, reviewed
or not.  FastAPI validates each one, so a bad value is a 422 naming it.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from fastapi import Query

from rasid.store.engine import StoreError
from rasid.store.queries import Filters, country_code

from .errors import ApiError

Origin = Literal["rasid", "acled", "ucdp-ged"]


def filters(
    since: Annotated[dt.date | None, Query(description="Incidents on or after this day.")] = None,
    until: Annotated[dt.date | None, Query(description="Incidents on or before this day.")] = None,
    country: Annotated[str | None, Query(max_length=64, description="Name or ISO code.")] = None,
    admin1: Annotated[str | None, Query(max_length=128)] = None,
    type: Annotated[  # noqa: A002 - the API's name for it
        str | None, Query(max_length=64, description="ACLED event type or sub-event type.")
    ] = None,
    actor: Annotated[str | None, Query(max_length=256, description="Part of a name.")] = None,
    text: Annotated[str | None, Query(max_length=256, description="Words in the evidence.")] = None,
    min_fatalities: Annotated[int | None, Query(ge=0, le=10**7)] = None,
    min_outlets: Annotated[int | None, Query(ge=0, le=10**4)] = None,
    min_confidence: Annotated[float | None, Query(ge=0.0, le=1.0)] = None,
    reviewed: Annotated[bool | None, Query(description="true: reviewed by a person.")] = None,
    origin: Annotated[Origin | None, Query(description="Coded by Rasid or imported.")] = None,
    not_events: Annotated[
        bool, Query(description="Include incidents a reviewer marked as not an event.")
    ] = False,
) -> Filters:
    if country:
        try:
            country_code(country)
        except StoreError as error:
            raise ApiError(422, "bad_parameter", str(error), field="country") from None
    return Filters(
        since=since,
        until=until,
        country=country or None,
        admin1=admin1 or None,
        type=type or None,
        actor=actor or None,
        text=text or None,
        min_confidence=min_confidence,
        origin=origin,
        reviewed=reviewed,
        min_fatalities=min_fatalities,
        min_outlets=min_outlets,
        not_events=not_events,
    )
