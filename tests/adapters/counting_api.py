"""An example adapter module (``carrier.adapter: tests.adapters.counting_api``): it replaces
the API driver by one that wraps the standard driver and counts the orders it places, the way
a carrier's adapter would wrap or replace a driver for what its carrier file cannot say."""

from __future__ import annotations

from typing import Any

from walkthrough.channels.api import ApiChannel
from walkthrough.channels.registry import Needs

ORDERS: list[str] = []


class CountingApi(ApiChannel):
    def order(self, *args: Any, **kwargs: Any) -> str:
        placed = super().order(*args, **kwargs)
        ORDERS.append(placed)
        return placed


def make(needs: Needs) -> CountingApi:
    return CountingApi(needs.carrier, needs.persona)


DRIVERS = {"api": make}
