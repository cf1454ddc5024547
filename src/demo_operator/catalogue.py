"""The product catalogue (categories mobile_plan, vas, broadband, enterprise) and what it
shows.

The tariff here is what billing applies. What a catalogue view shows goes through
``shown_fee``, which is where the ``catalogue-price-wrong`` fault lives: the catalogue then
shows a fee lower than the one billed (10.00 for a plan, 1.00 for a value-added service).

Value-added services (增值业务) have a monthly information fee (信息费) and no allowances; they
need an active plan on the number, start with a free trial and are charged by whole months
(billing.vas_charge).
"""

from __future__ import annotations

import dataclasses

from demo_operator.context import Ctx
from demo_operator.money import yuan

CATEGORY = "mobile_plan"
CATEGORY_NAME = "手机套餐"
VAS = "vas"
VAS_NAME = "增值业务"
BROADBAND = "broadband"
BROADBAND_NAME = "宽带"
ENTERPRISE = "enterprise"
ENTERPRISE_NAME = "政企专线"
CATEGORY_NAMES = {CATEGORY: CATEGORY_NAME, VAS: VAS_NAME, BROADBAND: BROADBAND_NAME,
                  ENTERPRISE: ENTERPRISE_NAME}
FIXED = (BROADBAND, ENTERPRISE)  # fixed lines: installed at an address, repaired on tickets
UNLIMITED = 10**9  # a fixed line's "allowance": usage on it is never charged
WRONG_BY = 1000      # fen the faulty catalogue takes off a plan's fee (the SMS hall's adds)
VAS_WRONG_BY = 100   # the same for an information fee, which is only a few yuan


@dataclasses.dataclass(frozen=True)
class Offering:
    id: str
    name: str
    fee: int                 # fen per month
    voice_minutes: int       # included each calendar month
    data_mb: int
    voice_rate: int = 15     # fen per minute past the allowance
    data_rate: int = 3       # fen per MB past the allowance
    code: str = ""           # what the SMS hall and the hotline call it: TC58, XW
    category: str = CATEGORY
    content: str = ""        # a value-added service: what it delivers

    @property
    def is_vas(self) -> bool:
        return self.category == VAS

    @property
    def is_plan(self) -> bool:
        return self.category == CATEGORY

    @property
    def is_fixed(self) -> bool:
        return self.category in FIXED

    @property
    def wrong_by(self) -> int:
        """How far the price faults put the shown fee off."""
        return VAS_WRONG_BY if self.is_vas else WRONG_BY

    def allowance(self, usage_type: str) -> int:
        return self.voice_minutes if usage_type == "voice" else self.data_mb

    def rate(self, usage_type: str) -> int:
        return self.voice_rate if usage_type == "voice" else self.data_rate


OFFERINGS: dict[str, Offering] = {o.id: o for o in (
    Offering("PLAN-58", "5G畅享58元套餐", 5800, 100, 1024, code="TC58"),
    Offering("PLAN-88", "5G畅享88元套餐", 8800, 300, 5120, code="TC88"),
    Offering("PLAN-128", "5G畅享128元套餐", 12800, 600, 20480, code="TC128"),
    Offering("VAS-NEWS", "头条新闻", 300, 0, 0, code="XW", category=VAS,
             content="每日8时一条新闻短信"),
    Offering("VAS-RBT", "爱音乐彩铃", 500, 0, 0, code="CL", category=VAS,
             content="主叫听到您设置的彩铃"),
    Offering("BB-100", "光宽带100M", 10000, 0, UNLIMITED, 0, 0, code="KD100",
             category=BROADBAND),
    Offering("ENT-20M", "政企精品专线20M", 200000, 0, UNLIMITED, 0, 0, code="ZX20",
             category=ENTERPRISE),
)}
PLANS = [o for o in OFFERINGS.values() if o.is_plan]     # catalogue order: TC58, TC88, TC128
SERVICES = [o for o in OFFERINGS.values() if o.is_vas]      # XW, CL
BROADBANDS = [o for o in OFFERINGS.values() if o.category == BROADBAND]
LEASED_LINES = [o for o in OFFERINGS.values() if o.category == ENTERPRISE]


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
        return offering.fee - offering.wrong_by
    return offering.fee


def is_vas(offering_id: str) -> bool:
    found = get(offering_id)
    return found is not None and found.is_vas


def is_plan(offering_id: str) -> bool:
    found = get(offering_id)
    return found is not None and found.is_plan


def is_fixed(offering_id: str) -> bool:
    found = get(offering_id)
    return found is not None and found.is_fixed


def terms(offering: Offering, fee: int) -> str:
    """The 资费说明, written with the fee the view shows."""
    if offering.category == BROADBAND:
        return f"月费{yuan(fee)}元,下行100Mbps不限流量;预约上门安装,首月及末月按日折算。"
    if offering.category == ENTERPRISE:
        return f"月费{yuan(fee)}元,带宽20Mbps,电路开通3天;故障4小时内修复,开通及修复后回访。"
    if offering.is_vas:
        return (f"信息费{yuan(fee)}元/月,由演示电信代收;1日至20日订购当月免费,"
                "21日后订购当月及次月免费,之后每月1日起收费。")
    return (f"月费{yuan(fee)}元,含国内通话{offering.voice_minutes}分钟、"
            f"国内流量{offering.data_mb}MB;超出后通话{yuan(offering.voice_rate)}元/分钟、"
            f"流量{yuan(offering.data_rate)}元/MB;首月及末月按日折算。")
