"""The product catalogue (category mobile_plan) and what it shows.

The tariff here is what billing applies. What a catalogue view shows goes through
``shown_fee``, which is where the ``catalogue-price-wrong`` fault lives: the catalogue then
shows a fee 10.00 lower than the one billed.
"""

from __future__ import annotations

import dataclasses

from demo_operator.context import Ctx
from demo_operator.money import yuan

CATEGORY = "mobile_plan"
CATEGORY_NAME = "手机套餐"
WRONG_BY = 1000  # fen the faulty catalogue takes off the fee


@dataclasses.dataclass(frozen=True)
class Offering:
    id: str
    name: str
    fee: int                 # fen per month
    voice_minutes: int       # included each calendar month
    data_mb: int
    voice_rate: int = 15     # fen per minute past the allowance
    data_rate: int = 3       # fen per MB past the allowance
    code: str = ""           # what the SMS hall and the hotline call it: TC58

    def allowance(self, usage_type: str) -> int:
        return self.voice_minutes if usage_type == "voice" else self.data_mb

    def rate(self, usage_type: str) -> int:
        return self.voice_rate if usage_type == "voice" else self.data_rate


OFFERINGS: dict[str, Offering] = {o.id: o for o in (
    Offering("PLAN-58", "5G畅享58元套餐", 5800, 100, 1024, code="TC58"),
    Offering("PLAN-88", "5G畅享88元套餐", 8800, 300, 5120, code="TC88"),
    Offering("PLAN-128", "5G畅享128元套餐", 12800, 600, 20480, code="TC128"),
)}


def get(offering_id: str) -> Offering | None:
    return OFFERINGS.get(offering_id)


def by_name(name: str) -> Offering | None:
    return next((o for o in OFFERINGS.values() if o.name == name), None)


def by_code(code: str) -> Offering | None:
    """TC58 (any case) → the offering."""
    return next((o for o in OFFERINGS.values() if o.code == code.upper()), None)


def shown_fee(ctx: Ctx, offering: Offering) -> int:
    """The monthly fee every catalogue view (API, web, SMS, hotline) shows."""
    if ctx.fault("catalogue-price-wrong"):
        return offering.fee - WRONG_BY
    return offering.fee


def terms(offering: Offering, fee: int) -> str:
    """The 资费说明, written with the fee the view shows."""
    return (f"月费{yuan(fee)}元,含国内通话{offering.voice_minutes}分钟、"
            f"国内流量{offering.data_mb}MB;超出后通话{yuan(offering.voice_rate)}元/分钟、"
            f"流量{yuan(offering.data_rate)}元/MB;首月及末月按日折算。")
