"""The mobile plan's walk under a tariff whose cycle starts on the customer's bill day and whose
plan changes take effect at once (the competitor's rules, src/competitor_operator/README.md),
against a stand-in channel and clock: the bill expected is the customer's cycle's."""

from __future__ import annotations

import dataclasses
import datetime as dt
from decimal import Decimal

import pytest

from tests.fakes import FakeClock
from walkthrough import standards
from walkthrough.carrier import Carrier
from walkthrough.channels import Itemised
from walkthrough.channels.reading import Formats
from walkthrough.checkpoint import (
    CheckpointBlocked,
    CheckpointErrored,
    CheckpointFailed,
    NotApplicable,
)
from walkthrough.persona import Persona
from walkthrough.phone import Session
from walkthrough.product_lines import common, mobile_plan, topup, vas
from walkthrough.session import ROOT
from walkthrough.views import Bill, BillLine, ProductState, Sms
from walkthrough.walk import Walk

TZ = dt.timezone(dt.timedelta(hours=8))
OLD, NEW = "鲸享39元套餐", "鲸享69元套餐"
RULES = {"cycle": "bill-day", "proration": {"fee": "daily", "allowances": "daily"},
         "change_effective": "immediate", "rounding": {"voice": "minute", "data": "KB"},
         "vat": {"plan": "9", "voice": "9", "data": "9", "vas": "6"}}
OFFERINGS = {
    OLD: {"monthly_fee": "39.00", "voice_minutes": 100, "data_mb": 5120, "voice_rate": "0.15",
          "data_rate": "0.003"},
    NEW: {"monthly_fee": "69.00", "voice_minutes": 300, "data_mb": 20480, "voice_rate": "0.15",
          "data_rate": "0.003"}}



class Channel:
    """What the carrier shows: the plans in force and the bills, as the test sets them."""

    name = "api"

    def __init__(self) -> None:
        self.shown: list[ProductState] = []
        self.billed: list[Bill] = []

    def products(self) -> list[ProductState]:
        return self.shown

    def bills(self) -> list[Bill]:
        return self.billed

    def evidence(self) -> list:
        return []


def competitor(rules: dict | None = None) -> Carrier:
    carrier = Carrier.load()
    tariff = carrier.data["tariff"]
    for key in ("proration", "change_effective", "rounding", "cycle"):
        tariff.pop(key, None)
    tariff.update(RULES if rules is None else rules)
    tariff["offerings"].update(OFFERINGS)
    carrier.data["products"]["mobile_plan"].update({"offering": OLD, "change_to": NEW})
    return carrier


def walk_on(carrier: Carrier, bill_day: int | None, start: str) -> Walk:
    persona = Persona("张三", "110101199001011234", "zh_CN", "C1", "17099990002",
                      bill_day=bill_day)
    walk = Walk(walk_id="w", run_id="r", carrier=carrier,
                catalogue=standards.load(ROOT / "scenarios" / "standards.yaml"),
                product_line="mobile_plan", channel=Channel(), phone=None,
                clock=FakeClock(dt.datetime.fromisoformat(start).replace(tzinfo=TZ)),
                persona=persona)
    ordered = walk.clock.now()
    walk.act("order", "order", lambda: common.Placed("O1", ordered, ordered))
    walk.act("active", "activate", lambda: common.Activation(
        ProductState(OLD, "active", start=ordered.date()), 600.0, ordered))
    return walk


def calls(walk: Walk, *minutes: int) -> None:
    made = [Session("voice", n, True, walk.clock.now() + dt.timedelta(hours=i + 1))
            for i, n in enumerate(minutes)]
    walk.act("sessions", "use", lambda: made)


def test_the_month_ends_at_the_bill_cut_of_the_customers_cycle():
    walk = walk_on(competitor(), 12, "2026-11-23T10:00")
    mobile_plan.month_end(walk)
    assert walk.fact("bill_period") == ("2026-11", dt.datetime(2026, 12, 12, tzinfo=TZ))
    assert walk.clock.now() == dt.datetime(2026, 12, 12, tzinfo=TZ)


def test_a_calendar_tariff_ends_the_month_on_the_1st_whatever_the_customers_bill_day():
    walk = walk_on(Carrier.load(), 12, "2026-11-23T10:00")
    mobile_plan.month_end(walk)
    assert walk.fact("bill_period") == ("2026-11", dt.datetime(2026, 12, 1, tzinfo=TZ))


@pytest.mark.parametrize(("amount", "vat", "passed"), [
    ("25.00", "2.06", True),    # 39 x 19/30 = 24.70; 65 minutes, 63 free: 2 x 0.15 = 0.30
    ("25.00", None, True),      # a channel that does not show the VAT
    ("25.00", "2.07", False),   # the VAT is not the sum of the lines' VAT
    ("24.70", "2.04", False),   # the whole allowance in the first cycle: no overage
    ("39.30", "3.26", False),   # the whole fee in the first cycle
])
def test_the_first_cycle_bill_is_prorated_fee_and_allowance(amount, vat, passed):
    walk = walk_on(competitor(), 12, "2026-11-23T10:00")
    calls(walk, 60, 5)
    mobile_plan.month_end(walk)
    walk.channel.billed = [Bill("2026-11", Decimal(amount), vat=None if vat is None
                                else Decimal(vat))]
    if passed:
        mobile_plan.check_bill_accurate(walk, "BILL-ACCURATE")
    else:
        with pytest.raises(CheckpointFailed):
            mobile_plan.check_bill_accurate(walk, "BILL-ACCURATE")
    assert walk.records[-1].expected.startswith("25.00 (recurring 24.70 + voice 0.00 + voice "
                                                "0.30), VAT 2.06, for 2026-11-12 to 2026-12-11")


def test_a_bill_for_other_days_than_the_cycle_is_not_the_tariffs():
    walk = walk_on(competitor(), 12, "2026-11-23T10:00")
    calls(walk, 60, 5)
    mobile_plan.month_end(walk)
    walk.channel.billed = [Bill("2026-11", Decimal("25.00"), start=dt.date(2026, 11, 1),
                                end=dt.date(2026, 11, 30))]
    with pytest.raises(CheckpointFailed):
        mobile_plan.check_bill_accurate(walk, "BILL-ACCURATE")


def _changed(shown: str, billed: str) -> Walk:
    walk = walk_on(competitor(), 23, "2026-11-23T10:00")
    calls(walk)
    walk.clock.advance_to(dt.datetime(2026, 12, 3, 10, tzinfo=TZ))
    product = ProductState(OLD, "active", start=dt.date(2026, 11, 23))
    asked = walk.clock.now()
    walk.act("change", "change", lambda: common.Request(product, asked, asked.date(), asked))
    walk.channel.shown = [ProductState(shown, "active")]
    walk.channel.billed = [Bill("2026-11", Decimal(billed))]
    return walk


def test_an_immediate_change_is_in_force_at_once_and_both_plans_are_prorated():
    walk = _changed(NEW, "59.00")  # 39 x 10/30 + 69 x 20/30
    mobile_plan.check_change_effective(walk, "CHG-EFFECTIVE")
    # the bill of the change's cycle was read after its cut
    assert walk.clock.now() == dt.datetime(2026, 12, 23, 1, tzinfo=TZ)


@pytest.mark.parametrize(("shown", "billed"), [
    (OLD, "39.00"),   # the change waits for the next cycle
    (NEW, "108.00"),  # both plans' whole fees
])
def test_a_change_not_made_at_once_fails(shown, billed):
    walk = _changed(shown, billed)
    with pytest.raises(CheckpointFailed):
        mobile_plan.check_change_effective(walk, "CHG-EFFECTIVE")


def test_a_customer_without_a_bill_day_on_a_bill_day_tariff_is_the_environments_fault():
    walk = walk_on(competitor(), None, "2026-11-23T10:00")
    with pytest.raises(CheckpointErrored):
        mobile_plan.month_end(walk)
    assert "came without one" in walk.errored["bill_period"]


@pytest.mark.parametrize(("text", "wrong"), [
    ("您的套餐已由鲸享39元套餐变更为鲸享69元套餐，即时生效。", []),
    ("您的套餐已由鲸享39元套餐变更为鲸享69元套餐，次月生效。",
     ["did not state the change effective at once"]),
])
def test_a_change_made_at_once_may_be_confirmed_without_a_date(text, wrong):
    carrier = competitor()
    carrier.data["messages"]["says"]["plan_change"]["effective"] = "即时生效"
    walk = walk_on(carrier, 23, "2026-12-03T10:00")
    sms = Sms("10655888", text, walk.clock.now())
    assert mobile_plan._says_effective(walk, sms, dt.date(2026, 12, 3), at_once=True) == wrong


def test_a_change_for_a_later_day_is_confirmed_with_that_day():
    walk = walk_on(Carrier.load(), None, "2026-12-03T10:00")
    sms = Sms("10000", "您的套餐将于2027-01-01生效", walk.clock.now())
    assert mobile_plan._says_effective(walk, sms, dt.date(2027, 1, 1), at_once=False) == []
    assert mobile_plan._says_effective(walk, sms, dt.date(2027, 1, 2), at_once=False) == [
        "said effective 2027-01-01, expected 2027-01-02"]


# -- a value-added service without a free trial -----------------------------------------------
def vas_walk() -> Walk:
    carrier = competitor()
    carrier.data["tariff"].pop("vas_trial")
    carrier.data["tariff"]["offerings"]["鲸鱼资讯"] = {"monthly_fee": "6.00"}
    carrier.data["products"]["vas"]["plan"] = OLD
    walk = walk_on(carrier, 12, "2026-11-23T10:00")
    walk.product_line = "vas"
    walk.act("plan_start", "order", lambda: dt.date(2026, 11, 23))
    walk.facts["offering"] = "鲸鱼资讯"
    return walk


@pytest.mark.parametrize(("billed", "passed"), [
    ("28.50", True),    # the plan 39 x 19/30 = 24.70, the information fee 6 x 19/30 = 3.80
    ("30.70", False),   # the whole information fee in the first cycle
    ("24.70", False),   # a free first cycle
])
def test_without_a_trial_the_information_fee_runs_from_the_day_of_subscription(billed, passed):
    walk = vas_walk()
    vas.trial_ends(walk)
    assert walk.fact("trial_end") == dt.date(2026, 11, 12)  # the order's own cycle is paid
    walk.channel.billed = [Bill("2026-11", Decimal(billed))]
    if passed:
        vas.check_charged_from_first(walk, "VAS-FROM-1ST")
    else:
        with pytest.raises(CheckpointFailed):
            vas.check_charged_from_first(walk, "VAS-FROM-1ST")
    assert walk.clock.now() == dt.datetime(2026, 12, 12, 1, tzinfo=TZ)  # past the bill's cut


def test_without_a_trial_the_trial_checks_do_not_apply():
    walk = vas_walk()
    vas.trial_ends(walk)
    with pytest.raises(NotApplicable):
        vas.check_trial_free(walk, "VAS-TRIAL")
    assert walk.records == []


def test_a_balance_charged_at_the_bill_cut_first_falls_short_at_the_first_cut():
    started = dt.datetime(2026, 11, 23, 10, tzinfo=TZ)
    walk = walk_on(competitor({**RULES, "balance_charged": "bill-cut"}), 12, started.isoformat())
    assert topup._first_charge(walk, started) == dt.datetime(2026, 12, 12, tzinfo=TZ)
    demo = walk_on(Carrier.load(), None, started.isoformat())
    assert topup._first_charge(demo, started) == started  # the fee in advance, at the start


# -- a bill cut on other days than the customer's cycle: BILL-ACCURATE's alone -----------------
class ItemisingChannel(Channel):
    """A channel that itemises each bill: the lines the test sets for its period."""

    def __init__(self) -> None:
        super().__init__()
        self.lines: dict[str, list[BillLine]] = {}
        self.abilities = frozenset({Itemised})

    def bill_lines(self, bill: Bill) -> list[BillLine]:
        return self.lines.get(bill.period, [])


def _fees(*amounts: str) -> list[BillLine]:
    return [BillLine("recurring", Decimal(a), name=f"fee {a}") for a in amounts]


def _on_the_1st(itemised: bool = True) -> Walk:
    """A customer of bill day 23 who changed plan at once on 12-03; the carrier cut its bills
    on the 1st: December's bill covers 12-01..12-31 (31 days)."""
    walk = _changed(NEW, "0")
    if itemised:
        walk.channel = ItemisingChannel()
        walk.channel.shown = [ProductState(NEW, "active")]
    walk.channel.billed = [Bill("2026-12", Decimal("57.97"), start=dt.date(2026, 12, 1),
                                end=dt.date(2026, 12, 31))]
    return walk


@pytest.mark.parametrize("itemised", [True, False])
def test_a_change_on_a_bill_cut_otherwise_is_judged_by_the_days_that_bill_covers(itemised):
    walk = _on_the_1st(itemised)
    # the old plan 12-01..12-02 (39 x 2/31 = 2.52), the new from 12-03 (69 x 29/31 = 64.55)
    walk.channel.billed[0] = dataclasses.replace(walk.channel.billed[0], amount=Decimal("67.07"))
    if itemised:
        walk.channel.lines["2026-12"] = _fees("2.52", "64.55")
    mobile_plan.check_change_effective(walk, "CHG-EFFECTIVE")
    assert "for 2026-12-01 to 2026-12-31" in walk.records[-1].expected


@pytest.mark.parametrize("fees", [("39.00", "64.55"),   # the old plan's whole fee
                                  ("64.55",),           # the old plan's days not charged
                                  ("2.52", "69.00")])   # the new plan's whole fee
def test_a_change_charged_for_other_days_than_the_bill_covers_fails(fees):
    walk = _on_the_1st()
    walk.channel.lines["2026-12"] = _fees(*fees)
    with pytest.raises(CheckpointFailed):
        mobile_plan.check_change_effective(walk, "CHG-EFFECTIVE")


def test_a_fee_line_is_judged_apart_from_the_sessions_charges():
    walk = _on_the_1st()
    walk.channel.lines["2026-12"] = [*_fees("2.52", "64.55"),
                                     BillLine("voice", Decimal("9.99"))]  # another's to judge
    mobile_plan.check_change_effective(walk, "CHG-EFFECTIVE")


def test_no_bill_covering_the_change_fails_unless_the_carrier_cuts_its_bills_otherwise():
    walk = _on_the_1st()
    walk.channel.billed = []
    with pytest.raises(CheckpointFailed):  # no bill at all: missing
        mobile_plan.check_change_effective(walk, "CHG-EFFECTIVE")
    walk = _on_the_1st()
    walk.channel.billed[0] = dataclasses.replace(walk.channel.billed[0],
                                                 start=dt.date(2026, 11, 1),
                                                 end=dt.date(2026, 11, 30))
    with pytest.raises(CheckpointBlocked, match="BILL-ACCURATE"):
        mobile_plan.check_change_effective(walk, "CHG-EFFECTIVE")


def test_with_no_bill_cut_the_notice_and_the_bills_holder_are_not_judged():
    walk = walk_on(competitor(), 12, "2026-11-23T10:00")
    walk.phone = NoSms()
    calls(walk, 5)
    mobile_plan.month_end(walk)
    for check, standard in ((mobile_plan.check_bill_notice, "BILL-NOTICE"),
                            (common.check_bills_own, "BILL-OWN")):
        with pytest.raises(CheckpointBlocked, match="BILL-ACCURATE"):
            check(walk, standard)
    with pytest.raises(CheckpointFailed):  # the one standard the missing bill fails
        mobile_plan.check_bill_accurate(walk, "BILL-ACCURATE")


class NoSms:
    def find(self, pattern: str, since: dt.datetime) -> None:
        return None

    def inbox(self) -> list:
        return []


def _cancelled(lines: list[BillLine], later: Decimal | None = None) -> Walk:
    """The new plan cancelled on 12-20, its bills cut on the 1st."""
    walk = _on_the_1st()
    request = common.Request(ProductState(NEW, "active"), dt.datetime(2026, 12, 20, 10,
                                                                      tzinfo=TZ))
    walk.act("cancel", "cancel", lambda: request)
    walk.facts["terminated"] = [dt.date(2026, 12, 20)]
    walk.channel.billed = [Bill("2026-12", Decimal("0"), start=dt.date(2026, 12, 1),
                                end=dt.date(2026, 12, 31))]
    if later is not None:
        walk.channel.billed.append(Bill("2027-01", later, start=dt.date(2027, 1, 1),
                                        end=dt.date(2027, 1, 31)))
    walk.channel.lines["2026-12"] = lines
    return walk


def test_charges_stop_on_the_days_the_bill_covers():
    # the old plan 12-01..12-02 (2.52), the new 12-03..12-20 (69 x 18/31 = 40.06)
    walk = _cancelled(_fees("2.52", "40.06"), later=Decimal("0.00"))
    mobile_plan.check_charges_stop(walk, "CAN-CHARGES-STOP")


@pytest.mark.parametrize(("fees", "later"), [
    (("2.52", "64.55"), None),              # the new plan charged to the bill's end
    (("2.52", "40.06"), Decimal("69.00")),  # and a bill after the cancel
])
def test_charges_after_the_cancel_fail(fees, later):
    walk = _cancelled(_fees(*fees), later)
    with pytest.raises(CheckpointFailed):
        mobile_plan.check_charges_stop(walk, "CAN-CHARGES-STOP")


@pytest.mark.parametrize(("fee", "passed"), [("3.87", True),    # 6 x 20/31 from 12-12
                                             ("6.00", False)])  # the whole fee
def test_the_information_fee_is_judged_by_its_own_line_on_a_bill_cut_otherwise(fee, passed):
    walk = vas_walk()
    walk.channel = ItemisingChannel()
    walk.act("order", "order", lambda: common.Placed("O2", dt.datetime(2026, 12, 12, 10,
                                                                      tzinfo=TZ)))
    walk.facts["order"] = common.Placed("O2", dt.datetime(2026, 12, 12, 10, tzinfo=TZ))
    vas.trial_ends(walk)
    walk.channel.billed = [Bill("2026-12", Decimal("99.99"), start=dt.date(2026, 12, 1),
                                end=dt.date(2026, 12, 31))]
    # the plan's fee is BILL-ACCURATE's (in the plan's walk): whatever it is, not judged here
    walk.channel.lines["2026-12"] = [BillLine("recurring", Decimal("93.99"), name=OLD),
                                     BillLine("recurring", Decimal(fee), name="鲸鱼资讯")]
    if passed:
        vas.check_charged_from_first(walk, "VAS-FROM-1ST")
    else:
        with pytest.raises(CheckpointFailed):
            vas.check_charged_from_first(walk, "VAS-FROM-1ST")


def test_a_hall_reads_a_bills_first_and_last_days_where_it_writes_both():
    formats = Formats.of(competitor_file())
    assert formats.days("您11月账单（2026年11月12日至2026年12月11日）") == [
        dt.date(2026, 11, 12), dt.date(2026, 12, 11)]
    assert formats.days("2026年11月12日起") == [dt.date(2026, 11, 12)]
    assert formats.days("2026-11") == []


def competitor_file() -> Carrier:
    return Carrier.load(ROOT / "scenarios" / "carriers" / "bluewhale.yaml")


class NotItemisedHere(ItemisingChannel):
    def bill_lines(self, bill: Bill) -> list[BillLine]:
        raise NotApplicable("the carrier file says the channel does not offer bill_lines")


@pytest.mark.parametrize(("billed", "passed"), [("67.07", True), ("108.00", False)])
def test_a_channel_not_offering_the_itemised_bill_is_judged_on_the_total(billed, passed):
    walk = _on_the_1st()
    walk.channel = NotItemisedHere()
    walk.channel.shown = [ProductState(NEW, "active")]
    walk.channel.billed = [Bill("2026-12", Decimal(billed), start=dt.date(2026, 12, 1),
                                end=dt.date(2026, 12, 31))]
    if passed:
        mobile_plan.check_change_effective(walk, "CHG-EFFECTIVE")
    else:
        with pytest.raises(CheckpointFailed):
            mobile_plan.check_change_effective(walk, "CHG-EFFECTIVE")
    assert walk.records[-1].status == ("passed" if passed else "failed")
