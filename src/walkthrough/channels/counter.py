"""The counter channel: a store agent's desktop application, used on the customer's behalf.

The agent signs in, identifies the customer by number and ID document, and does the task:
the same pages and flows as the hall's (``channels.counter.flows``, each task beginning by
identifying the customer again). Each order, change, cancel, fault report and top-up is one
counter transaction, timed on the carrier's clock against the counter standard.
"""

from __future__ import annotations

from typing import Any

from walkthrough.channels.web import WebChannel
from walkthrough.clock import Clock

# the task's flow → the measure of its transaction ("<measure>.seconds")
TIMED = {"order": "order", "change": "change", "cancel": "cancel", "report_fault": "repair",
         "top_up": "topups"}


class CounterChannel(WebChannel):
    name = "counter"
    settings = "channels.counter"

    def __init__(self, *args: Any, clock: Clock, **kwargs: Any) -> None:
        super().__init__(*args, clock=clock, **kwargs)
        self.counter_clock = clock

    def run(self, task: str, **values: str) -> dict[str, str]:
        started = self.counter_clock.now()
        done = super().run(task, **values)
        if measure := TIMED.get(task):
            seconds = (self.counter_clock.now() - started).total_seconds()
            key = f"{measure}.seconds"
            # several top-ups in a walk: the slowest is what is measured
            self.measures[key] = max(seconds, self.measures.get(key, 0.0)) \
                if measure == "topups" else seconds
        return done
