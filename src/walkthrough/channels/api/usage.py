"""TMF635: the customer's usage records, in the walk's kinds and units."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from walkthrough.carrier import Carrier
from walkthrough.channels.api.resources import KEY, Api
from walkthrough.channels.api.values import characteristics
from walkthrough.checkpoint import CheckpointErrored
from walkthrough.views import UsageRecord

WALKED = ("voice", "data")  # the kinds of session a walk makes


class Usage:
    api: Api
    carrier: Carrier

    def usage(self) -> list[UsageRecord]:
        return [self._usage_record(u) for u in self._usages()]

    def _usages(self) -> list[dict[str, Any]]:
        return self.api.list("usage", **self.api.mine())

    def _usage_record(self, u: dict[str, Any]) -> UsageRecord:
        """A TMF635 usage in the walk's terms: its type as the carrier file maps it
        (``channels.api.usage.types``, e.g. VOICE → voice), what the customer used from the
        characteristic the file names (``quantity``: one name, or one per kind, e.g.
        {voice: measuredSeconds, data: measuredKB}), in minutes and MB (``per_unit``: the
        carrier's units per minute or MB, e.g. 60 for seconds, 1024 for KB)."""
        spec = self.carrier.get(f"{KEY}.usage", {}) or {}
        chars = characteristics(u, "usageCharacteristic")
        given = str(u.get("usageType", ""))
        kind = str((spec.get("types") or {}).get(given, given))
        named = spec.get("quantity", "quantity")
        name = str(named.get(kind, "quantity") if isinstance(named, dict) else named)
        per_unit = Decimal(str((spec.get("per_unit") or {}).get(kind, 1)))
        if "usageDate" not in u:
            raise self.api.missing("usage", "a usageDate", u)
        if name not in chars:
            if kind not in WALKED:
                return UsageRecord(at=dt.datetime.fromisoformat(u["usageDate"]), kind=kind,
                                   quantity=Decimal(0))  # a kind no walk makes: not judged
            raise self.api.missing(f"{kind} usage", f"the characteristic {name!r}", u,
                                   "usage.quantity")
        try:
            quantity = Decimal(str(chars[name])) / per_unit
        except ArithmeticError:
            raise CheckpointErrored(f"the {kind} usage's {name!r} is not a number: "
                                    f"{chars[name]!r}") from None
        return UsageRecord(at=dt.datetime.fromisoformat(u["usageDate"]), kind=kind,
                           quantity=quantity, rated=self._rated(kind, chars, spec))

    def _rated(self, kind: str, chars: dict[str, Any], spec: dict[str, Any]) -> Decimal | None:
        """What the carrier rated the session as, where the file names a characteristic for
        it (``usage.rated``, e.g. {voice: ratedMinutes, data: ratedKB}; ``rated_per_unit``:
        its units per minute or MB)."""
        name = (spec.get("rated") or {}).get(kind)
        if name is None:
            return None
        chars_value = chars.get(str(name))
        if chars_value is None:
            raise self.api.missing(f"{kind} usage", f"the characteristic {name!r}", chars,
                                   "usage.rated")
        per_unit = Decimal(str((spec.get("rated_per_unit") or {}).get(kind, 1)))
        try:
            return Decimal(str(chars_value)) / per_unit
        except ArithmeticError:
            raise CheckpointErrored(f"the {kind} usage's {name!r} is not a number: "
                                    f"{chars_value!r}") from None
