"""The counter channel: a store agent's desktop application, used on the customer's behalf.

The agent signs in, identifies the customer by number and ID document, and does the task:
the hall's pages and flows (``channels.counter``: each task's flow begins by identifying the
customer again). Each order, change, cancel, fault report and top-up is one counter
transaction, timed on the carrier's clock (``channels.counter.timed``) against the counter
standard.
"""

from __future__ import annotations

from typing import Any

from walkthrough.channels.web import WebChannel
from walkthrough.clock import Clock


class CounterChannel(WebChannel):
    name = "counter"
    settings = "channels.counter"

    def __init__(self, *args: Any, clock: Clock, **kwargs: Any) -> None:
        super().__init__(*args, clock=clock, **kwargs)
