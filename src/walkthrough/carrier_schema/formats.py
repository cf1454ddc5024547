"""``formats``: how the carrier writes amounts, dates, times and durations, on every channel."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from walkthrough.carrier_schema.kinds import Patterns, Section


class Formats(Section):
    amount: Annotated[Any, Patterns()] = Field(None, description="An amount (group `amount`).")
    date: Annotated[Any, Patterns()] = Field(None, description="A day (groups `year`, "
                                             "`month`, `day`).")
    moment: Annotated[Any, Patterns()] = Field(None, description="A time (and `hour`, "
                                               "`minute`, `second`).")
    duration: Annotated[Any, Patterns()] = Field(None, description="A duration (any of "
                                                 "`hours`, `minutes`, `seconds`).")
    vat: Annotated[Any, Patterns()] = Field(None, description="The VAT stated beside a price "
                                            "(group `amount`); where the tariff has VAT, the "
                                            "catalogue must state it as the tariff's.")
