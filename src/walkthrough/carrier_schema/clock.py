"""``clock``: the carrier's test clock, or real time."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from walkthrough.carrier_schema.kinds import Number, OneOf, Section

KINDS = ("test-api", "real")
SCOPES = ("customer", "environment")


class Clock(Section):
    kind: Annotated[Any, OneOf(*KINDS, hint=(
        "test-api: the carrier's test clock; real: wait in real time"))] = Field(
        None, description="`test-api`: time is moved by the backstage's clock hooks; `real`: "
        "waits in real time, and the stages needing a month to pass end as errored.")
    scope: Annotated[Any, OneOf(*SCOPES, hint=(
        "customer: a clock per customer; environment: one system date for the whole test "
        "environment"))] = Field(
        None, description="`customer`: a clock per customer (default); `environment`: one "
        "system date for every walk, so walks take turns.")
    poll: Annotated[Any, Number(1)] = Field(
        None, description="Seconds of carrier time between two looks while waiting "
        "(default 60).")
