"""Top-ups as TMF676 payments, and the prepaid balance wherever the carrier keeps it (a TMF654
bucket, an account balance of its own)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from walkthrough.channels.api.resources import Api
from walkthrough.channels.api.values import amount
from walkthrough.checkpoint import ActionFailed, CheckpointErrored
from walkthrough.persona import Persona
from walkthrough.views import RechargeCard, TopUpReceipt


class Payments:
    api: Api
    persona: Persona

    def balance(self) -> Decimal:
        """The amount ``balance.amount`` (JMESPath) finds in the answer at ``paths.balance``:
        one resource where the path names the customer or account, else the customer's list."""
        template = str(self.api.setting("paths.balance"))
        answer = self.api.get("balance") if "{" in template else \
            self.api.list("balance", **self.api.mine())
        found = self.api.find("balance.amount", answer, "remainedAmount.value")
        if found is None:
            raise CheckpointErrored(
                f"the carrier file says (channels.api.balance.amount) the balance is at "
                f"{self.api.setting('balance.amount', 'remainedAmount.value')!r}; the carrier "
                f"answered without it: {str(answer)[:300]}")
        return amount(found, "the balance")

    def top_up(self, money: Decimal, card: RechargeCard | None = None) -> TopUpReceipt:
        method: dict[str, str] = {"@type": "DigitalWallet"} if card is None else \
            {"@type": "Voucher", "code": card.number, "password": card.password}
        body: dict[str, Any] = {
            "@type": "Payment", "paymentMethod": method,
            "totalAmount": {"unit": "CNY", "value": float(money)},
            "channel": {"id": "api", "name": "api"}}
        # whom the money is for: TMF676's payer (the customer as a party) or the account
        # (``payment.payer: account``)
        if self.api.choice("payment.payer", ("payer", "account")) == "account":
            body["account"] = {"id": self.persona.account or self.persona.customer_id}
        else:
            body["payer"] = self.api.party()
        payment = self.api.post("payment", body, "the top-up")
        status = str(payment.get("status", "")) if isinstance(payment, dict) else ""
        if not status:
            raise self.api.missing("payment", "a status", payment)
        # the statuses that say the money was not taken (``payment.refused``); any other
        # (succeeded, pending) leaves it to the balance to show the money
        if status in set(self.api.setting("payment.refused", ["failed"])):
            raise ActionFailed(f"the top-up {payment.get('id', '')} was {status}")
        return TopUpReceipt(reference=str(payment.get("id", "")))
