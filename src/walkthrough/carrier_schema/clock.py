"""``clock``: the carrier's test clock, or real time."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from walkthrough.carrier_schema.kinds import Number, OneOf, Section, Url

KINDS = ("test-api", "real")


class Clock(Section):
    kind: Annotated[Any, OneOf(*KINDS, hint=(
        "test-api: the carrier's test clock; real: wait in real time"))] = Field(
        None, description="`test-api`: time is advanced per customer at `url`; `real`: "
        "waits in real time, and the stages needing a month to pass end as errored.")
    url: Annotated[Any, Url("customer")] = Field(
        None, description="The customer's test clock (with `kind: test-api`).")
    poll: Annotated[Any, Number(1)] = Field(
        None, description="Seconds of carrier time between two looks while waiting "
        "(default 60).")
