"""``timezone``: the carrier's local time, in which days, months and bills are counted."""

from __future__ import annotations

from typing import Annotated, Any

from walkthrough.carrier_schema.kinds import TimeZone

Zone = Annotated[Any, TimeZone()]
