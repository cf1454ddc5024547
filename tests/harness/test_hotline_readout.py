"""The hotline's readout of a bill's lines (详单), read with the carrier file's patterns: each
line's name, quantity and charge, its kind by a word its name contains, and the bill it says
it reads; a carrier file without the readout leaves the hotline without the itemised record."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest

from tests.fakes import FakeClock
from walkthrough import channels
from walkthrough.carrier import Carrier
from walkthrough.channels.hotline import HotlineChannel
from walkthrough.channels.reading import kind_named
from walkthrough.checkpoint import ActionFailed
from walkthrough.persona import Persona
from walkthrough.session import ROOT
from walkthrough.views import Bill, BillLine

CARRIERS = ROOT / "scenarios" / "carriers"
WELCOME = "欢迎致电演示电信。话费账单查询请按1,人工服务请按0。"
BILLS = "账单查询。账单金额请按1,账单明细请按4,返回上级请按*。"
READOUT = ("2026年11月账单明细:1.5G畅享58元套餐月费 15.47元;2.国内通话 12分钟 0.00元;"
           "3.国际漫游流量(日本) 200MB 40.00元;4.我的e家优惠 -10.00元;5.其他费用 1.00元。"
           "返回上级请按*。")
NOVEMBER = Bill(period="2026-11", amount=Decimal("46.47"), ref="2026-11")


class Answer:
    status_code = 200

    def __init__(self, body: dict[str, Any]) -> None:
        self.body = body

    def json(self) -> dict[str, Any]:
        return self.body


class Menu:
    """A voice menu of two levels over the carrier file's HTTP shape: 1 → the bill enquiry,
    then 4 → ``readout``."""

    def __init__(self, readout: str) -> None:
        self.readout, self.keys = readout, ""

    def post(self, url: str, json: dict[str, str]) -> Answer:
        if url.endswith("/calls"):
            return Answer({"id": "CALL-1", "prompt": WELCOME, "ended": False})
        self.keys += json["keys"]
        said = {"1": BILLS, "14": self.readout}.get(self.keys, "输入有误。")
        return Answer({"prompt": said, "ended": False})


def hotline(carrier: Carrier, readout: str = READOUT) -> HotlineChannel:
    persona = Persona("张三", "110101199001011234", "zh_CN", "C1", "19912345678")
    clock = FakeClock(dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC))
    return HotlineChannel(carrier, persona, Menu(readout), clock)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def demo() -> Carrier:
    return Carrier.load(CARRIERS / "demo.yaml")


def test_each_line_is_read_with_its_kind_quantity_and_charge(demo: Carrier) -> None:
    driver = hotline(demo)
    assert channels.Itemised in driver.abilities
    assert driver.bill_lines(NOVEMBER) == [
        BillLine("recurring", Decimal("15.47"), name="5G畅享58元套餐月费"),
        BillLine("voice", Decimal("0.00"), quantity=Decimal(12), name="国内通话"),
        BillLine("data", Decimal("40.00"), quantity=Decimal(200), name="国际漫游流量(日本)"),
        BillLine("discount", Decimal("-10.00"), name="我的e家优惠"),
        BillLine("other", Decimal("1.00"), name="其他费用"),
    ]
    assert driver.measures["bill_lines.keys"] == 2
    assert driver.measures["bill_lines.unannounced"] == 0


def test_the_readout_of_another_bill_is_not_taken_for_the_one_asked(demo: Carrier) -> None:
    with pytest.raises(ActionFailed, match="the lines of the 2026-11 bill, not of the 2026-10"):
        hotline(demo).bill_lines(Bill(period="2026-10", amount=Decimal(58), ref="2026-10"))


def test_a_readout_that_names_no_bill_fails_saying_what_was_heard(demo: Carrier) -> None:
    with pytest.raises(ActionFailed, match="which bill's lines were read.*您暂无账单"):
        hotline(demo, "您暂无账单。返回上级请按*。").bill_lines(NOVEMBER)


def test_a_carrier_file_without_the_readout_leaves_the_hotline_without_it(
        demo: Carrier, tmp_path: Path) -> None:
    text = (CARRIERS / "demo.yaml").read_text(encoding="utf-8")
    path = "      bill_lines: [{话费账单查询: 1}, 账单明细]\n"
    assert path in text
    copy = tmp_path / "carrier.yaml"
    copy.write_text(text.replace(path, ""), encoding="utf-8")
    assert channels.Itemised not in hotline(Carrier.load(copy)).abilities
    # nor does the competitor's menu read one out
    assert channels.Itemised not in hotline(Carrier.load(CARRIERS / "bluewhale.yaml")).abilities


@pytest.mark.parametrize("name, kind", [
    ("国内通话", "voice"), ("国际漫游通话(日本)", "voice"), ("国内流量", "data"),
    ("5G畅享58元套餐月费", "recurring"), ("头条新闻信息费", "recurring"), ("补收款", "other"),
])
def test_a_line_s_kind_is_the_first_word_its_name_contains(name: str, kind: str) -> None:
    words = {"通话": "voice", "流量": "data", "月费": "recurring", "信息费": "recurring"}
    assert kind_named(name, words) == kind
