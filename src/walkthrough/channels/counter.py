"""The counter channel: a store agent's desktop application, used on the customer's behalf.

The agent signs in, identifies the customer by number and ID document, and does the task:
the hall's pages and flows (``channels.counter``: each task's flow begins by identifying the
customer again). Each order, change, cancel, fault report and top-up is one counter
transaction, timed on the carrier's clock (``channels.counter.timed``) against the counter
standard.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playwright.sync_api import Browser

from walkthrough.carrier import Carrier
from walkthrough.channels.web import WebChannel
from walkthrough.clock import Clock
from walkthrough.persona import Persona
from walkthrough.phone import Phone


class CounterChannel(WebChannel):
    name = "counter"
    settings = "channels.counter"

    def __init__(self, carrier: Carrier, persona: Persona, phone: Phone, browser: Browser, *,
                 clock: Clock, trace_path: Path | None = None,
                 context_options: dict[str, Any] | None = None) -> None:
        # a counter without the carrier's clock could not time its transactions
        super().__init__(carrier, persona, phone, browser, trace_path=trace_path,
                         context_options=context_options, clock=clock)
