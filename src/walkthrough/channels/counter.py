"""The counter channel: a store agent's desktop application, used on the customer's behalf.

The agent signs in, identifies the customer by number and ID document, and does the task.
Each order, change or cancel is one counter transaction, from identifying the customer to the
end of the task, timed on the carrier's clock against the counter standard.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal
from typing import Any, TypeVar

from walkthrough.channels.web import WebChannel
from walkthrough.checkpoint import ActionFailed
from walkthrough.clock import Clock
from walkthrough.views import Offer, ProductState, RechargeCard, Site, TopUpReceipt

T = TypeVar("T")


class CounterChannel(WebChannel):
    name = "counter"
    settings = "channels.counter"

    def __init__(self, *args: Any, clock: Clock, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.clock = clock

    def sign_in(self) -> None:
        """The agent's sign-in; the customer is identified at each transaction."""
        self._goto(self.carrier.url(f"{self.settings}.start"))
        self._fill("agent.id_label", str(self.cfg("agent.id")))
        password = self.carrier.secret(f"{self.settings}.agent.password_env")
        self._fill("agent.password_label", password)
        self._click(self._button(self.cfg("agent.submit")), "agent sign-in button", "agent.submit")
        self._identify()

    def _fill(self, label_key: str, value: str) -> None:
        label = self.cfg(label_key)
        self._guard(f"field '{label}'", label_key,
                    lambda: self.page.get_by_label(label, exact=True).fill(value))

    def _identify(self) -> None:
        self._fill("identify.number", self.persona.msisdn)
        self._fill("identify.id_number", self.persona.id_number)
        self._click(self._button(self.cfg("identify.submit")), "identify button",
                    "identify.submit")
        if alert := self._alert():
            raise ActionFailed(f"the counter did not identify the customer: {alert}")

    def _transaction(self, task: str, work: Callable[[], T]) -> T:
        """End whatever was open, identify the customer again, do the task: one visit."""
        started: dt.datetime = self.clock.now()
        self._click(self._button(self.cfg("end")), "end-transaction button", "end")
        self._identify()
        result = work()
        self.measures[f"{task}.seconds"] = (self.clock.now() - started).total_seconds()
        return result

    def order(self, offer: Offer, site: Site | None = None) -> str:
        return self._transaction("order",
                                 lambda: super(CounterChannel, self).order(offer, site))

    def report_fault(self, product: ProductState, description: str) -> str:
        return self._transaction(
            "repair", lambda: super(CounterChannel, self).report_fault(product, description))

    def change_plan(self, product: ProductState, new_offering: str) -> dt.date | None:
        return self._transaction(
            "change", lambda: super(CounterChannel, self).change_plan(product, new_offering))

    def cancel(self, product: ProductState) -> None:
        self._transaction("cancel", lambda: super(CounterChannel, self).cancel(product))

    def top_up(self, amount: Decimal, card: RechargeCard | None = None) -> TopUpReceipt:
        """Cash at the counter, one transaction each; the slowest is what is measured."""
        slowest = self.measures.get("topups.seconds", 0.0)
        receipt = self._transaction(
            "topups", lambda: super(CounterChannel, self).top_up(amount, card))
        self.measures["topups.seconds"] = max(slowest, self.measures["topups.seconds"])
        return receipt
