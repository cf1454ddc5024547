"""``sells``: the carrier's sold-on matrix (which product line on which channel); without it,
the project's scenarios/sold_on.yaml."""

from __future__ import annotations

from typing import Annotated, Any

from walkthrough.carrier_schema.kinds import OneOf

CHANNELS = ("api", "web", "mobile", "counter", "hotline", "sms")

Sells = dict[str, list[Annotated[Any, OneOf(*CHANNELS)]]]
