"""Each fault, switched on alone in process, does what it says and nothing else."""

from __future__ import annotations

import datetime as dt
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from demo_operator import billing, catalogue, clock, customers, orders, times, usage
from demo_operator.faults import FAULTS

# The brief's table: fault → the standards a walk should find broken.
EXPECTED = {
    "catalogue-price-wrong": ["ORD-PRICE-SHOWN"],
    "order-rejected": ["ORD-ACK"],
    "no-confirmation-sms": ["ORD-SMS-5MIN"],
    "confirmation-sms-late": ["ORD-SMS-5MIN"],
    "confirmation-sms-incomplete": ["ORD-SMS-CONTENT"],
    "activation-late": ["ACT-ACTIVE-24H"],
    "activation-notice-wrong": ["ACT-NOTICE"],
    "data-service-down": ["USE-WORKS"],
    "usage-not-recorded": ["USE-RECORDED"],
    "usage-phantom-record": ["USE-RECORDED"],
    "no-bill-notice": ["BILL-NOTICE"],
    "bill-notice-wrong-amount": ["BILL-NOTICE"],
    "bill-overcharges-data": ["BILL-ACCURATE"],
    "itemised-record-missing-lines": ["BILL-ITEMISED"],
    "itemised-charges-swapped": ["BILL-ITEMISED"],
    "itemised-phantom-line": ["BILL-ITEMISED"],
    "no-change-sms": ["CHG-CONFIRM"],
    "change-sms-wrong-date": ["CHG-CONFIRM"],
    "plan-change-early": ["CHG-EFFECTIVE"],
    "no-cancel-sms": ["CAN-CONFIRM"],
    "cancel-sms-wrong-service": ["CAN-CONFIRM"],
    "cancel-sms-wrong-date": ["CAN-CONFIRM"],
    "cancel-not-effective": ["CAN-EFFECT-24H", "CAN-CHARGES-STOP"],
    "charges-after-cancel": ["CAN-CHARGES-STOP"],
    "sms-price-wrong": ["ORD-PRICE-SHOWN", "PRICE-CONSISTENT"],
    "hotline-no-unsubscribe": ["CAN-CONFIRM", "CAN-HOTLINE-KEYS"],
    "hotline-unsubscribe-unannounced": ["HOT-MENU-CANCEL"],
    "hotline-bills-unannounced": ["HOT-MENU-OPTIONS"],
    "hotline-back-hangs-up": ["HOT-MENU-BACK"],
    "hotline-queue-no-options": ["HOT-QUEUE"],
    "counter-slow": ["ORD-COUNTER-5MIN", "CHG-COUNTER-5MIN", "CAN-COUNTER-5MIN"],
    "mobile-hall-no-cancel": ["CAN-CONFIRM"],
    "web-order-reconfirm": ["ORD-CLICKS", "ORD-PAGES"],
    "web-order-processing-pages": ["ORD-PAGES"],
    "web-bill-other-customer": ["BILL-OWN"],
    "web-hall-slow": ["ORD-TIME"],
    "vas-trial-charged": ["VAS-TRIAL"],
    "vas-no-reminder": ["VAS-REMINDER"],
    "reminder-wrong-fee": ["VAS-REMINDER"],
    "vas-no-content": ["VAS-DELIVERS"],
    "vas-fee-late": ["VAS-FROM-1ST"],
    "vas-sms-cannot-unsubscribe": ["CAN-CONFIRM"],
    "ringback-sms-order-busy": ["VAS-RING-ORDER"],
    "vas-subscriptions-hidden": ["VAS-SAME-SUBS", "ACT-ACTIVE-24H"],
    "web-subscriptions-cached": ["VAS-SAME-SUBS"],
    "refund-not-doubled": ["REF-DOUBLE"],
    "refund-sms-wrong-amount": ["REF-DOUBLE"],
    "refund-late": ["REF-3DAYS"],
    "broadband-install-missed": ["BB-INSTALL"],
    "broadband-repair-late": ["BB-REPAIR"],
    "repair-sms-wrong-ticket": ["BB-REPAIR", "ENT-REPAIR"],
    "enterprise-outage-not-notified": ["ENT-OUTAGE-NOTICE"],
    "enterprise-revisit-missing": ["ENT-REVISIT"],
    "enterprise-repair-late": ["ENT-REPAIR"],
    "roaming-rated-wrong": ["ROAM-RATED"],
    "roaming-no-welcome": ["ROAM-WELCOME"],
    "bundle-discount-missing": ["BUN-DISCOUNT"],
    "bundle-removal-cancels-all": ["BUN-MEMBER-REMOVED"],
    "topup-credited-late": ["TOP-CREDIT-5S"],
    "topup-arrears-after-payment": ["TOP-NO-ARREARS"],
    "topup-card-fails": ["TOP-SUCCESS"],
    "topup-no-notice": ["TOP-NOTICE"],
    "topup-calls-overcharged": ["TOP-BALANCE"],
    "topup-sms-balance-stale": ["TOP-BALANCE", "TOP-SAME-BALANCE"],
    "hotline-balance-cached": ["TOP-SAME-BALANCE"],
}
# The channels a fault breaks its standards on ([] for every channel).
CHANNELS = {"sms-price-wrong": ["sms"], "hotline-no-unsubscribe": ["hotline"],
            "counter-slow": ["counter"], "mobile-hall-no-cancel": ["mobile"],
            "web-order-reconfirm": ["web"], "web-order-processing-pages": ["web"],
            "web-bill-other-customer": ["web"], "web-hall-slow": ["web"],
            "hotline-queue-no-options": ["hotline"],
            "hotline-unsubscribe-unannounced": ["hotline"],
            "hotline-bills-unannounced": ["hotline"], "hotline-back-hangs-up": ["hotline"],
            "vas-sms-cannot-unsubscribe": ["sms"], "ringback-sms-order-busy": ["sms"],
            "vas-subscriptions-hidden": ["hotline"],
            "topup-sms-balance-stale": ["sms"], "web-subscriptions-cached": ["web"],
            "hotline-balance-cached": ["hotline"]}


def test_the_fault_registry_matches_the_table() -> None:
    assert {name: list(f.breaks) for name, f in FAULTS.items()} == EXPECTED
    assert {name: list(f.channels) for name, f in FAULTS.items()} == {
        name: CHANNELS.get(name, []) for name in EXPECTED}


def test_every_broken_standard_exists(standards_ids: set[str]) -> None:
    named = {s for breaks in EXPECTED.values() for s in breaks}
    assert named <= standards_ids


@pytest.fixture(scope="module")
def standards_ids() -> set[str]:
    root = Path(__file__).resolve().parents[2]
    text = (root / "scenarios" / "standards.yaml").read_text(encoding="utf-8")
    return set(re.findall(r"^  ([A-Z]+-[A-Z0-9-]+):", text, re.MULTILINE))


def test_faults_cli_lists_them_as_json() -> None:
    out = subprocess.run([sys.executable, "-m", "demo_operator", "faults", "--json"],
                         capture_output=True, text=True, check=True).stdout
    assert {f["name"]: f["breaks"] for f in json.loads(out)} == EXPECTED
    assert {f["name"]: f["channels"] for f in json.loads(out)} == {
        name: CHANNELS.get(name, []) for name in EXPECTED}
    assert all(f["title"] for f in json.loads(out))


def test_an_unknown_fault_stops_the_start_with_one_line() -> None:
    run = subprocess.run([sys.executable, "-m", "demo_operator", "serve", "--port", "1",
                          "--fault", "no-such-fault"], capture_output=True, text=True)
    assert run.returncode == 2
    lines = run.stderr.strip().splitlines()
    assert len(lines) == 1
    assert "no-such-fault" in lines[0] and all(name in lines[0] for name in FAULTS)


# -- order --------------------------------------------------------------------------------------

def test_catalogue_price_wrong_shows_10_less_but_bills_and_confirms_the_tariff(world_with) -> None:
    world = world_with("catalogue-price-wrong")
    with world.tx() as ctx:
        shown = {o.id: catalogue.shown_fee(ctx, o) for o in catalogue.OFFERINGS.values()}
        assert catalogue.terms(catalogue.OFFERINGS["PLAN-58"], shown["PLAN-58"]).startswith(
            "月费48.00元")
    # a value-added service's information fee is shown 1.00 lower (3.00 is too small for 10)
    assert shown == {"PLAN-58": 4800, "PLAN-88": 7800, "PLAN-128": 11800,
                     "VAS-NEWS": 200, "VAS-RBT": 400, "BB-100": 9000, "ENT-20M": 199000,
                     "ROAM-INTL": 0,
                     "BUN-FAMILY": 18900, "BUN-MOBILE": 8900, "BUN-BB": 7000, "BUN-TV": 1000}
    customer, _ = world.subscribe("PLAN-58")
    assert "月费58.00元" in world.texts(customer)[0]
    world.to(customer, "2026-12-01T00:00:00")
    assert world.bills(customer) == {"2026-11": 1547}


def test_order_rejected_refuses_new_orders_as_busy(world_with) -> None:
    world = world_with("order-rejected")
    customer = world.customer()
    with pytest.raises(orders.OrderRefused) as refused:
        world.order(customer, orders.ItemRequest("add", offering_id="PLAN-58"))
    assert (refused.value.status, refused.value.reason) == (503, "系统繁忙")
    assert refused.value.message == "系统繁忙,请稍后再试"
    with world.tx() as ctx:
        assert orders.of_customer(ctx, customer) == []


def test_no_confirmation_sms(world_with) -> None:
    world = world_with("no-confirmation-sms")
    customer, _ = world.subscribe()
    world.advance(customer, 3600)
    texts = world.texts(customer)
    assert not [t for t in texts if "订购" in t]
    assert [t for t in texts if "已开通" in t]  # the activation notice still comes


def test_confirmation_sms_late_comes_after_twelve_minutes(world_with) -> None:
    world = world_with("confirmation-sms-late")
    customer, _ = world.subscribe(activate=False)
    world.advance(customer, 11 * 60)
    assert not [t for t in world.texts(customer) if "订购" in t]
    world.advance(customer, 60)
    assert [t for t in world.texts(customer) if "订购" in t]


def test_confirmation_sms_incomplete_leaves_out_how_to_unsubscribe(world_with) -> None:
    world = world_with("confirmation-sms-incomplete")
    customer, _ = world.subscribe()
    (confirmation,) = [t for t in world.texts(customer) if "订购" in t]
    assert "退订" not in confirmation
    assert confirmation.startswith("【演示电信】您已成功订购5G畅享58元套餐,月费58.00元,"
                                   "自开通之日起按日折算计费。订单号PO-")


# -- activate -----------------------------------------------------------------------------------

def test_activation_late_takes_three_days(world_with) -> None:
    world = world_with("activation-late")
    customer, product = world.subscribe(activate=False)
    world.advance(customer, 86400)
    assert world.product(product)["status"] == "pendingActive"
    world.advance(customer, 2 * 86400)
    assert world.product(product)["status"] == "active"
    assert world.product(product)["start_date"].startswith("2026-11-26T10:00")


def test_activation_notice_wrong_names_another_number(world_with) -> None:
    world = world_with("activation-notice-wrong")
    customer, _ = world.subscribe()
    with world.tx() as ctx:
        msisdn = customers.get(ctx, customer)["msisdn"]
    (notice,) = [t for t in world.texts(customer) if "已开通" in t]
    assert msisdn not in notice
    named = notice.split("号码")[1][:11]
    assert named.isdigit() and named[:9] == msisdn[:9] and named != msisdn


@pytest.mark.parametrize(("msisdn", "wrong"), [("19912345678", "19912345687"),
                                               ("19912345677", "19912345678"),
                                               ("19912345699", "19912345690")])
def test_misnumbered(msisdn: str, wrong: str) -> None:
    assert orders.misnumbered(msisdn) == wrong


# -- use ----------------------------------------------------------------------------------------

def test_data_service_down(world_with) -> None:
    world = world_with("data-service-down")
    customer, _ = world.subscribe()
    with world.tx() as ctx:
        who = customers.get(ctx, customer)
        assert usage.session(ctx, who, "data", 10) == usage.Outcome(False, "该号段暂不支持数据业务")
        assert usage.session(ctx, who, "voice", 1).connected


def test_usage_not_recorded_loses_calls_only(world_with) -> None:
    world = world_with("usage-not-recorded")
    customer, _ = world.subscribe()
    assert world.use(customer, "voice", 12)
    assert world.use(customer, "data", 1500)
    with world.tx() as ctx:
        assert [u["usage_type"] for u in usage.of_customer(ctx, customer)] == ["data"]
    world.to(customer, "2026-12-01T00:00:00")
    assert world.bills(customer) == {"2026-11": 2975}  # the lost call was free anyway


# -- bill ---------------------------------------------------------------------------------------

def test_no_bill_notice(world_with) -> None:
    world = world_with("no-bill-notice")
    customer, _ = world.subscribe()
    world.to(customer, "2026-12-02T00:00:00")
    assert world.bills(customer) == {"2026-11": 1547}
    assert not [t for t in world.texts(customer) if "账单" in t]


def test_bill_overcharges_data(world_with) -> None:
    world = world_with("bill-overcharges-data")
    customer, _ = world.subscribe()
    world.use(customer, "voice", 150)    # voice overage stays right: 50 × 0.15 = 7.50
    world.use(customer, "data", 1500)    # 476 MB × 0.06 = 28.56 instead of 14.28
    world.to(customer, "2026-12-01T00:00:00")
    assert world.bills(customer) == {"2026-11": 1547 + 750 + 2856}


def test_itemised_record_missing_lines_drops_the_last_session_only(world_with) -> None:
    world = world_with("itemised-record-missing-lines")
    customer, _ = world.subscribe()
    world.use(customer, "voice", 12)
    world.use(customer, "data", 1500)
    world.to(customer, "2026-12-01T00:00:00")
    with world.tx() as ctx:
        (bill,) = billing.of_customer(ctx, customer)
        shown = billing.itemised(ctx, bill["id"])
        every = billing.lines(ctx, bill["id"])
    assert bill["amount_due"] == 2975 == sum(line["amount"] for line in every)
    assert [line["usage_type"] for line in shown] == [None, "voice"]
    assert len(every) == 3


# -- change -------------------------------------------------------------------------------------

def test_no_change_sms(world_with) -> None:
    world = world_with("no-change-sms")
    customer, product = world.subscribe()
    world.order(customer, orders.ItemRequest("modify", product_id=product, offering_id="PLAN-88"))
    world.advance(customer, 600)
    assert not [t for t in world.texts(customer) if "变更" in t]
    assert world.product(product)["scheduled_offering"] == "PLAN-88"


def test_plan_change_early_switches_at_once_and_bills_the_month_on_the_new_plan(world_with
                                                                               ) -> None:
    world = world_with("plan-change-early")
    customer, product = world.subscribe()
    world.to(customer, "2026-12-10T10:00:00")
    world.order(customer, orders.ItemRequest("modify", product_id=product, offering_id="PLAN-88"))
    assert world.product(product)["offering_id"] == "PLAN-88"
    assert world.product(product)["scheduled_offering"] is None
    world.advance(customer, 60)
    # the customer is still told "the 1st of next month"
    assert [t for t in world.texts(customer) if "将于2027-01-01生效" in t]
    world.to(customer, "2027-01-01T00:00:00")
    assert world.bills(customer)["2026-12"] == 8800


# -- cancel -------------------------------------------------------------------------------------

def test_no_cancel_sms(world_with) -> None:
    world = world_with("no-cancel-sms")
    customer, product = world.subscribe()
    world.order(customer, orders.ItemRequest("delete", product_id=product))
    world.advance(customer, 3 * 3600)
    assert not [t for t in world.texts(customer) if "退订" in t and "已申请" in t]
    assert world.product(product)["status"] == "terminated"


def test_cancel_sms_wrong_service_names_another_plan(world_with) -> None:
    world = world_with("cancel-sms-wrong-service")
    customer, product = world.subscribe()
    world.order(customer, orders.ItemRequest("delete", product_id=product))
    world.advance(customer, 3 * 3600)
    cancelled = [t for t in world.texts(customer) if "已申请退订" in t]
    assert len(cancelled) == 1 and cancelled[0].startswith(
        "【演示电信】您已申请退订5G畅享88元套餐,将于")
    assert world.product(product)["status"] == "terminated"  # the right one is cancelled


@pytest.mark.parametrize("fault, later", [((), 0), (("cancel-sms-wrong-date",), 3)])
def test_the_cancel_sms_states_when_it_takes_effect(world_with, fault, later) -> None:
    """By the 24 hours the rule gives, to the minute; the fault: 3 days past them (the
    product still ends on time: only what the SMS says is wrong)."""
    world = world_with(*fault)
    customer, product = world.subscribe()
    with world.tx() as ctx:
        asked = clock.now(ctx, customer)
    world.order(customer, orders.ItemRequest("delete", product_id=product))
    world.advance(customer, 3 * 3600)
    by = (asked + dt.timedelta(days=1 + later)).astimezone(times.TZ)
    assert [t for t in world.texts(customer) if "已申请退订" in t] == [
        f"【演示电信】您已申请退订5G畅享58元套餐,将于{by:%Y-%m-%d %H:%M}前生效,"
        "生效后不再收取月费。"]
    assert world.product(product)["status"] == "terminated"


def test_cancel_not_effective_stays_pending_and_keeps_charging(world_with) -> None:
    world = world_with("cancel-not-effective")
    customer, product = world.subscribe()
    world.to(customer, "2027-01-01T08:00:00")
    world.order(customer, orders.ItemRequest("delete", product_id=product))
    world.to(customer, "2027-03-01T00:00:00")
    assert world.product(product)["status"] == "pendingTerminate"
    assert world.product(product)["termination_date"] is None
    assert world.bills(customer) == {"2026-11": 1547, "2026-12": 5800, "2027-01": 5800,
                                     "2027-02": 5800}


def test_charges_after_cancel_bills_full_months_after_termination(world_with) -> None:
    world = world_with("charges-after-cancel")
    customer, product = world.subscribe()
    world.to(customer, "2027-01-01T08:00:00")
    world.order(customer, orders.ItemRequest("delete", product_id=product))
    world.to(customer, "2027-03-01T00:00:00")
    assert world.product(product)["status"] == "terminated"
    assert world.bills(customer) == {"2026-11": 1547, "2026-12": 5800, "2027-01": 5800,
                                     "2027-02": 5800}


def test_faults_combine(world_with) -> None:
    world = world_with("no-confirmation-sms", "activation-notice-wrong", "bill-overcharges-data")
    customer, _ = world.subscribe()
    world.use(customer, "data", 1500)
    world.to(customer, "2026-12-01T00:00:00")
    texts = world.texts(customer)
    assert not [t for t in texts if "订购" in t]
    assert world.bills(customer) == {"2026-11": 1547 + 2856}
