"""What BlueWhale sells: two mobile plans, the 鲸鱼资讯 information service and top-up.

Every price includes VAT, and the VAT is shown beside it: 9 % for basic telecom services (the
plans, calls and data beyond the allowance), 6 % for value-added services (information fees).
"""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from competitor_operator.written import half_up

BASIC_VAT = Decimal("0.09")
VALUE_ADDED_VAT = Decimal("0.06")
TOPUP_AMOUNTS = (3000, 5000, 10000)          # fen
VOICE_OVERAGE = 15                           # fen per started minute beyond the allowance
DATA_OVERAGE = Decimal("0.3")                # fen per started KB beyond the allowance


@dataclasses.dataclass(frozen=True)
class Offering:
    code: str
    name: str
    kind: str                   # plan | vas | topup
    fee: int                    # fen a month, VAT included (0 for top-up)
    vat_rate: Decimal
    minutes: int = 0            # a plan's allowance a full cycle
    data_mb: int = 0
    word: str = ""              # the SMS hall's word for it (KT<word>, QX<word>)
    provider: str = ""          # a value-added service's content provider
    description: str = ""

    @property
    def price_id(self) -> str:
        return f"POP-{self.code}"

    @property
    def vat(self) -> int:
        return vat_of(self.fee, self.vat_rate)


def vat_of(amount: int, rate: Decimal) -> int:
    """The VAT inside a VAT-included amount of fen: amount − amount ÷ (1 + rate), to the fen."""
    return amount - half_up(Decimal(amount) / (1 + rate))


OFFERINGS: dict[str, Offering] = {o.code: o for o in [
    Offering("BW-39", "鲸享39元套餐", "plan", 3900, BASIC_VAT, minutes=100, data_mb=5120,
             word="39", description="国内通话100分钟，国内流量5GB"),
    Offering("BW-69", "鲸享69元套餐", "plan", 6900, BASIC_VAT, minutes=300, data_mb=20480,
             word="69", description="国内通话300分钟，国内流量20GB"),
    Offering("BW-NEWS", "鲸鱼资讯", "vas", 600, VALUE_ADDED_VAT, word="ZX",
             provider="蓝鲸资讯", description="每日早8点一条资讯短信"),
    Offering("BW-TOPUP", "话费充值", "topup", 0, Decimal(0),
             description="充值30、50或100元，即时到账"),
]}


def get(code: str) -> Offering | None:
    return OFFERINGS.get(code.upper())


def by_word(word: str) -> Offering | None:
    return next((o for o in OFFERINGS.values() if o.word and o.word == word.upper()), None)


def plans() -> list[Offering]:
    return [o for o in OFFERINGS.values() if o.kind == "plan"]
