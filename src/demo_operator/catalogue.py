"""The product catalogue (categories mobile_plan, vas, broadband, enterprise, roaming and
bundle) and what it shows.

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
ROAMING = "roaming"
ROAMING_NAME = "国际漫游"
BUNDLE = "bundle"
BUNDLE_NAME = "融合套餐"
CATEGORY_NAMES = {CATEGORY: CATEGORY_NAME, VAS: VAS_NAME, BROADBAND: BROADBAND_NAME,
                  ENTERPRISE: ENTERPRISE_NAME, ROAMING: ROAMING_NAME, BUNDLE: BUNDLE_NAME}
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
    members: tuple[str, ...] = ()   # a bundle: its member offerings, in the order shown
    # a bundle: (the members in service at 00:00 on the 1st, percent off), the first that the
    # members in service include applies
    discounts: tuple[tuple[frozenset[str], int], ...] = ()
    member_of: str = ""      # a bundle member: its bundle (not sold alone)
    mobile: bool = False     # a bundle member that is the number's plan (calls, data)
    provisioning_minutes: int = 30

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
    def is_roaming(self) -> bool:
        return self.category == ROAMING

    @property
    def is_bundle(self) -> bool:
        return bool(self.members)

    @property
    def is_member(self) -> bool:
        return bool(self.member_of)

    @property
    def is_mobile(self) -> bool:
        """Calls and data on the number are charged to it: a plan, or a bundle's mobile
        member."""
        return self.is_plan or self.mobile

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
    Offering("ROAM-INTL", "国际漫游", 0, 0, 0, code="MY", category=ROAMING),
    Offering("BUN-FAMILY", "我的e家融合套餐", 19900, 0, 0, category=BUNDLE,
             members=("BUN-MOBILE", "BUN-BB", "BUN-TV"),
             discounts=((frozenset({"BUN-MOBILE", "BUN-BB", "BUN-TV"}), 30),
                        (frozenset({"BUN-MOBILE", "BUN-BB"}), 20))),
    Offering("BUN-MOBILE", "我的e家手机", 9900, 500, 30720, category=BUNDLE,
             member_of="BUN-FAMILY", mobile=True),
    Offering("BUN-BB", "我的e家宽带300M", 8000, 0, 0, category=BUNDLE, member_of="BUN-FAMILY",
             provisioning_minutes=120),
    Offering("BUN-TV", "我的e家高清电视", 2000, 0, 0, category=BUNDLE, member_of="BUN-FAMILY",
             provisioning_minutes=120),
)}
PLANS = [o for o in OFFERINGS.values() if o.is_plan]     # catalogue order: TC58, TC88, TC128
SERVICES = [o for o in OFFERINGS.values() if o.is_vas]      # XW, CL
BROADBANDS = [o for o in OFFERINGS.values() if o.category == BROADBAND]
LEASED_LINES = [o for o in OFFERINGS.values() if o.category == ENTERPRISE]
ROAMING_OFFERINGS = [o for o in OFFERINGS.values() if o.is_roaming]   # MY
BUNDLES = [o for o in OFFERINGS.values() if o.is_bundle]    # BUN-FAMILY


@dataclasses.dataclass(frozen=True)
class Zone:
    """A roaming zone of the published tariff: its countries and rates (fen)."""

    name: str
    countries: tuple[tuple[str, str], ...]   # (ISO code, name shown), in the order shown
    voice_rate: int                          # fen per minute
    data_rate: int                           # fen per MB
    shown_as: str                            # how the terms name the countries


ZONES = (
    Zone("一区", (("HK", "中国香港"), ("MO", "中国澳门"), ("TW", "中国台湾")), 99, 29,
         "中国香港、中国澳门、中国台湾"),
    Zone("二区", (("JP", "日本"), ("KR", "韩国"), ("SG", "新加坡"), ("TH", "泰国"),
                 ("MY", "马来西亚")), 199, 59, "日本、韩国、新加坡、泰国、马来西亚"),
    Zone("三区", (("US", "美国"), ("GB", "英国"), ("FR", "法国"), ("DE", "德国"),
                 ("AU", "澳大利亚")), 299, 199, "其他国家和地区"),
)
HOME = "CN"
RATE_WRONG_BY = 10   # fen the price faults put each zone's voice rate off in the terms


def zone_of(country: str) -> Zone:
    """The zone a country is rated in: the last zone takes every country not named."""
    code = country.upper()
    return next((z for z in ZONES if any(c == code for c, _ in z.countries)), ZONES[-1])


def country_name(country: str) -> str:
    code = country.upper()
    return next((n for z in ZONES for c, n in z.countries if c == code), code)


def get(offering_id: str) -> Offering | None:
    return OFFERINGS.get(offering_id)


def by_name(name: str) -> Offering | None:
    return next((o for o in OFFERINGS.values() if o.name == name), None)


def by_code(code: str) -> Offering | None:
    """TC58 (any case) → the offering."""
    return next((o for o in OFFERINGS.values() if o.code == code.upper()), None)


def shown_fee(ctx: Ctx, offering: Offering) -> int:
    """The monthly fee every catalogue view (API, web, SMS, hotline) shows."""
    if ctx.fault("catalogue-price-wrong") and not offering.is_roaming:  # see shown_shift
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


def is_bundle(offering_id: str) -> bool:
    found = get(offering_id)
    return found is not None and found.is_bundle


def is_roaming(offering_id: str) -> bool:
    found = get(offering_id)
    return found is not None and found.is_roaming


def roaming_terms(shift: int = 0) -> str:
    """The zone tariff as every channel states it; ``shift`` (fen) puts each voice rate off,
    which is what the price faults do to it."""
    zones = ";".join(f"{z.name}({z.shown_as})通话{yuan(z.voice_rate + shift)}元/分钟、"
                     f"流量{yuan(z.data_rate)}元/MB" for z in ZONES)
    return f"漫游资费按所在国家和地区分区收取,不占用国内套餐:{zones}。"


def shown_shift(ctx: Ctx, offering: Offering) -> int:
    """How far the catalogue views put the roaming rates off (catalogue-price-wrong)."""
    return -RATE_WRONG_BY if offering.is_roaming and ctx.fault("catalogue-price-wrong") else 0


def discount_percent(bundle: Offering, in_service: set[str]) -> int:
    """The bundle's discount for the members in service at the month's start."""
    return next((percent for members, percent in bundle.discounts if members <= in_service), 0)


def bundle_terms(bundle: Offering) -> str:
    parts = []
    for member_id in bundle.members:
        m = OFFERINGS[member_id]
        extra = (f",含国内通话{m.voice_minutes}分钟、国内流量{m.data_mb}MB" if m.mobile else "")
        parts.append(f"{m.name}(月费{yuan(m.fee)}元{extra})")
    return (f"含{'、'.join(parts)};手机、宽带、电视三项齐全每月优惠30%,仅手机和宽带优惠20%,"
            "优惠按当月各成员折算后的月费计算;首月及末月按日折算;可单独退订电视,次月起按剩余成员优惠。")


def terms(offering: Offering, fee: int, shift: int = 0) -> str:
    """The 资费说明, written with the fee the view shows (``shift``: the roaming rates')."""
    if offering.is_roaming:
        return roaming_terms(shift)
    if offering.is_bundle:
        return bundle_terms(offering)
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
