"""The API driver against the competitor, a carrier of another design, walked by its own
carrier file (scenarios/carriers/bluewhale.yaml): each thing the driver reads is checked
against the competitor's own answer, and each refusal lands on the right side of the line
between the carrier's defect (ActionFailed) and the harness's or its file's (errored)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from competitor.conftest import CLIENT_SECRET, Competitor

from walkthrough.carrier import Carrier
from walkthrough.channels.api import ApiChannel
from walkthrough.checkpoint import ActionFailed, CheckpointErrored
from walkthrough.errors import UsageError
from walkthrough.persona import Persona

ROOT = Path(__file__).resolve().parents[2]
BLUEWHALE = ROOT / "scenarios" / "carriers" / "bluewhale.yaml"
PLAN, UPGRADE, NEWS = "鲸享39元套餐", "鲸享69元套餐", "鲸鱼资讯"


@pytest.fixture(scope="module")
def competitors(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Callable[..., Competitor]]:
    """competitors(*faults) -> one competitor process per fault set for the module."""
    started: dict[tuple[str, ...], Competitor] = {}
    workdir = tmp_path_factory.mktemp("bw-api")

    def get(*faults: str) -> Competitor:
        key = tuple(sorted(faults))
        if key not in started:
            started[key] = Competitor(workdir, key)
        return started[key]

    yield get
    for running in started.values():
        running.stop()


@pytest.fixture
def bw(competitors: Callable[..., Competitor]) -> Competitor:
    return competitors()


@pytest.fixture
def driver(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[..., ApiChannel]]:
    """driver(competitor, subscriber, carrier=bluewhale.yaml) -> the API driver acting for
    the subscriber, as a walk's customer."""
    monkeypatch.setenv("COMPETITOR_API_CLIENT_SECRET", CLIENT_SECRET)
    made: list[ApiChannel] = []

    def make(bw: Competitor, subs: dict[str, Any], carrier: Path = BLUEWHALE) -> ApiChannel:
        persona = Persona.invent(seed=7)
        persona.customer_id = persona.account = subs["subsId"]
        persona.msisdn = subs["telNo"]
        made.append(ApiChannel(Carrier.load(carrier).with_base_url(bw.url), persona))
        return made[-1]

    yield make
    for channel in made:
        channel.close(failed=False)


def _ok(response: Any) -> Any:
    assert response.status_code == 200, response.text
    return response.json()


def _own_usage(bw: Competitor, subs_id: str) -> list[dict[str, Any]]:
    return _ok(bw.api("GET", "/tmf635/v4/usage", params={"relatedParty.id": subs_id}))


def _chars(resource: dict[str, Any], key: str) -> dict[str, Any]:
    return {c["name"]: c["value"] for c in resource.get(key, [])}


def _next_bill_day(bw: Competitor, day: int) -> None:
    """Move the system date to 00:10 on the next ``day`` of a month (the bill is cut)."""
    now = dt.datetime.fromisoformat(bw.shift(0))
    target = now.replace(day=day, hour=0, minute=10, second=0, microsecond=0)
    while target <= now:
        target = (target.replace(day=1) + dt.timedelta(days=32)).replace(day=day)
    bw.date_to(target.isoformat())


# -- the catalogue ---------------------------------------------------------------------------
def test_an_offering_s_price_is_the_one_its_price_resource_states(bw: Competitor, driver) -> None:
    channel = driver(bw, bw.subscriber())
    offer = channel.find_offering(PLAN)
    [own] = _ok(bw.api("GET", "/tmf620/v4/productOffering", params={"name": PLAN}))
    price_id = own["productOfferingPrice"][0]["id"]
    price = _ok(bw.api("GET", f"/tmf620/v4/productOfferingPrice/{price_id}"))
    assert offer.ref == own["id"] == "BW-39"
    assert offer.fee == Decimal(str(price["price"]["taxIncludedAmount"]["value"])).quantize(
        Decimal("0.01")) == Decimal("39.00")
    assert offer.terms == own["description"] and offer.terms.strip()


def test_a_wrong_price_in_the_api_is_read_as_the_api_states_it(competitors, driver) -> None:
    bw = competitors("api-price-wrong")
    offer = driver(bw, bw.subscriber()).find_offering(PLAN)
    assert offer.fee == Decimal("29.00")  # the tariff says 39.00: ORD-PRICE-SHOWN fails


def test_an_offering_the_catalogue_does_not_have_is_the_carrier_s_answer(bw, driver) -> None:
    with pytest.raises(ActionFailed, match="no offering named"):
        driver(bw, bw.subscriber()).find_offering("鲸享999元套餐")


# -- ordering and the inventory --------------------------------------------------------------
def test_an_order_goes_from_created_to_active_and_changes_and_ends(bw: Competitor,
                                                                  driver) -> None:
    subs = bw.subscriber()
    channel = driver(bw, subs)
    order_id = channel.order(channel.find_offering(PLAN))
    own = _ok(bw.api("GET", f"/tmf622/v4/productOrder/{order_id}"))
    assert own["relatedParty"][0]["id"] == subs["subsId"]
    assert own["productOrderItem"][0]["action"] == "add"

    [waiting] = channel.products()
    [raw] = bw.products(subs["subsId"])
    assert raw["status"] == "created" and waiting.status == "pendingActive"
    assert (waiting.name, waiting.ref) == (PLAN, raw["id"])

    bw.shift(11 * 60)
    [active] = channel.products()
    [raw] = bw.products(subs["subsId"])
    assert (active.status, raw["status"]) == ("active", "active")
    assert active.start == dt.datetime.fromisoformat(raw["startDate"]).date()

    assert channel.change_plan(active, UPGRADE) is None
    shown = {p.name: p for p in channel.products()}
    raw_by_name = {p["name"]: p for p in bw.products(subs["subsId"])}
    assert {n: p.status for n, p in shown.items()} == \
        {n: p["status"] for n, p in raw_by_name.items()} == \
        {PLAN: "terminated", UPGRADE: "active"}
    assert shown[UPGRADE].pending_offering == ""  # the change is at once, nothing waits

    channel.cancel(shown[UPGRADE])
    statuses = {p.name: p.status for p in channel.products()}
    assert statuses == {PLAN: "terminated", UPGRADE: "terminated"}
    assert {p["name"]: p["status"] for p in bw.products(subs["subsId"])} == statuses


def test_a_change_that_waits_for_the_next_cycle_is_shown_waiting(competitors, driver) -> None:
    bw = competitors("change-next-cycle")
    subs = bw.with_plan()
    channel = driver(bw, subs)
    [active] = channel.products()
    channel.change_plan(active, UPGRADE)
    [still] = channel.products()
    assert (still.name, still.status, still.pending_offering) == (PLAN, "active", UPGRADE)


def test_an_order_the_carrier_refuses_is_its_refusal(competitors, driver) -> None:
    bw = competitors("order-rejected")
    channel = driver(bw, bw.subscriber())
    with pytest.raises(ActionFailed, match="HTTP 422: 系统忙"):
        channel.order(channel.find_offering(PLAN))


def test_cancelling_what_is_no_longer_there_is_the_carrier_s_refusal(bw, driver) -> None:
    subs = bw.with_plan()
    channel = driver(bw, subs)
    [active] = channel.products()
    channel.cancel(active)
    with pytest.raises(ActionFailed, match="没有可退订的在用业务"):
        channel.cancel(active)


def test_an_id_the_carrier_gave_that_it_no_longer_knows_is_the_carrier_s(bw, driver) -> None:
    channel = driver(bw, bw.subscriber())
    with pytest.raises(ActionFailed, match="no longer knows the productOffering"):
        channel._offering_name("BW-GONE")


# -- usage -----------------------------------------------------------------------------------
def _use(bw: Competitor, subs: dict[str, Any]) -> None:
    assert bw.call(subs["telNo"], 720).status_code in (200, 201)
    bw.shift(720)
    assert bw.data(subs["telNo"], "1536000").status_code in (200, 201)


def test_usage_is_what_the_customer_used_and_what_it_was_rated_as(bw, driver) -> None:
    subs = bw.with_plan()
    _use(bw, subs)
    records = sorted(driver(bw, subs).usage(), key=lambda u: u.kind)
    own = {u["usageType"]: _chars(u, "usageCharacteristic") for u in _own_usage(bw, subs["subsId"])}
    assert [(u.kind, u.quantity, u.rated) for u in records] == [
        ("data", Decimal(own["data"]["measuredKB"]) / 1024, Decimal(own["data"]["ratedKB"]) / 1024),
        ("voice", Decimal(own["voice"]["measuredSeconds"]) / 60,
         Decimal(own["voice"]["ratedMinutes"]))]
    assert [(u.kind, u.quantity, u.rated) for u in records] == [
        ("data", 1500, 1500), ("voice", 12, 12)]


def test_a_call_rated_a_minute_more_shows_so(competitors, driver) -> None:
    bw = competitors("call-extra-minute")
    subs = bw.with_plan()
    _use(bw, subs)
    voice = next(u for u in driver(bw, subs).usage() if u.kind == "voice")
    assert (voice.quantity, voice.rated) == (12, 13)  # USE-RECORDED: rated otherwise than used


# -- bills -----------------------------------------------------------------------------------
def test_a_bill_its_period_vat_and_lines_as_the_carrier_states_them(bw, driver) -> None:
    subs = bw.with_plan()
    response = bw.qa("POST", "/provider-charges",
                     json={"telNo": subs["telNo"], "spName": "某内容商", "amountFen": 300})
    assert response.status_code == 201, response.text
    _next_bill_day(bw, int(subs["billDay"]))
    channel = driver(bw, subs)
    [bill] = channel.bills()
    [own] = bw.bills(subs["subsId"])
    start = dt.datetime.fromisoformat(own["billingPeriod"]["startDateTime"]).date()
    end = dt.datetime.fromisoformat(own["billingPeriod"]["endDateTime"]).date()
    assert (bill.ref, bill.period, bill.holder) == (own["id"], f"{start:%Y-%m}", subs["subsId"])
    assert bill.amount == Decimal(str(own["amountDue"]["value"])).quantize(Decimal("0.01"))
    assert (bill.start, bill.end) == (start, end - dt.timedelta(days=1))  # end exclusive
    vat = sum(Decimal(str(t["taxAmount"]["value"])) for t in own["taxItem"])
    assert bill.vat == vat.quantize(Decimal("0.01")) and bill.vat > 0
    assert bill.amount - bill.vat == Decimal(str(own["taxExcludedAmount"]["value"])).quantize(
        Decimal("0.01"))

    lines = channel.bill_lines(bill)
    rates = bw.lines(own["id"])
    kinds = {"plan": "recurring", "vas": "recurring", "provider": "other"}
    assert [(line.kind, line.name, line.amount, line.vat) for line in lines] == [
        (kinds[r["type"]], r["name"], Decimal(str(r["taxIncludedAmount"]["value"])).quantize(
            Decimal("0.01")), Decimal(str(r["appliedTax"][0]["taxAmount"]["value"])).quantize(
            Decimal("0.01"))) for r in rates]
    assert {line.kind for line in lines} == {"recurring", "other"}


def test_usage_beyond_the_allowance_is_a_line_of_its_kind_and_quantity(bw, driver) -> None:
    subs = bw.with_plan()
    assert bw.call(subs["telNo"], 200 * 60).status_code in (200, 201)  # beyond any allowance
    _next_bill_day(bw, int(subs["billDay"]))
    channel = driver(bw, subs)
    [bill] = channel.bills()
    voice = [line for line in channel.bill_lines(bill) if line.kind == "voice"]
    [rate] = [r for r in bw.lines(bill.ref) if r["type"] == "voice"]
    chars = _chars(rate, "characteristic")
    assert [(line.quantity, line.amount) for line in voice] == [
        (Decimal(chars["quantity"]), Decimal(str(rate["taxIncludedAmount"]["value"])).quantize(
            Decimal("0.01")))]


def test_a_bill_without_its_vat_shows_none_rather_than_a_made_up_one(competitors,
                                                                     driver) -> None:
    bw = competitors("vat-not-shown")
    subs = bw.with_plan()
    _next_bill_day(bw, int(subs["billDay"]))
    channel = driver(bw, subs)
    [bill] = channel.bills()
    assert "taxItem" not in bw.bills(subs["subsId"])[0]
    assert bill.vat is None and all(line.vat is None for line in channel.bill_lines(bill))


# -- top-up and balance ----------------------------------------------------------------------
def test_a_top_up_reaches_the_balance_the_carrier_shows(bw, driver) -> None:
    subs = bw.with_plan()
    channel = driver(bw, subs)

    def own() -> Decimal:
        answer = _ok(bw.api("GET", f"/tmf676/v4/accountBalance/{subs['subsId']}"))
        return Decimal(str(answer["remainedAmount"]["value"])).quantize(Decimal("0.01"))

    before = channel.balance()
    assert before == own()
    receipt = channel.top_up(Decimal("50.00"))
    [payment] = _ok(bw.api("GET", "/tmf676/v4/payment", params={"account.id": subs["subsId"]}))
    assert receipt.reference == payment["id"]
    bw.shift(5)
    assert channel.balance() == own() == before + Decimal("50.00")


# -- the carrier file's mistakes are errored, never the carrier's ------------------------------
def _carrier_with(tmp_path: Path, old: str, new: str) -> Path:
    text = BLUEWHALE.read_text(encoding="utf-8")
    assert old in text
    path = tmp_path / "bluewhale.yaml"
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_a_path_the_carrier_file_gets_wrong_is_errored_naming_the_file(bw, driver,
                                                                       tmp_path) -> None:
    wrong = _carrier_with(tmp_path, "productOffering: tmf620/v4/productOffering",
                          "productOffering: productCatalogManagement/v4/productOffering")
    channel = driver(bw, bw.subscriber(), wrong)
    with pytest.raises(CheckpointErrored) as caught:
        channel.find_offering(PLAN)
    assert "the carrier file says productOffering is at" in str(caught.value)
    assert "channels.api.paths.productOffering, line" in str(caught.value)
    assert "HTTP 404" in str(caught.value)


def test_a_field_the_carrier_file_places_wrongly_is_errored(bw, driver, tmp_path) -> None:
    wrong = _carrier_with(tmp_path, "amount: remainedAmount.value", "amount: balance.value")
    channel = driver(bw, bw.with_plan(), wrong)
    with pytest.raises(CheckpointErrored, match="the balance is at 'balance.value'"):
        channel.balance()


def test_a_refusal_status_the_file_does_not_list_is_errored(bw, driver, tmp_path) -> None:
    # the same 422 the carrier means as a refusal, read by a file that says it never refuses so
    wrong = _carrier_with(tmp_path, "refusals: [422]", "refusals: [409]")
    subs = bw.with_plan()
    channel = driver(bw, subs, wrong)
    [active] = channel.products()
    channel.cancel(active)
    with pytest.raises(CheckpointErrored, match="HTTP 422"):
        channel.cancel(active)


def test_a_setting_of_no_known_value_is_one_line_naming_file_and_line(bw, driver,
                                                                      tmp_path) -> None:
    wrong = _carrier_with(tmp_path, "period_end: exclusive", "period_end: open")
    subs = bw.with_plan()
    _next_bill_day(bw, int(subs["billDay"]))
    with pytest.raises(UsageError) as caught:
        driver(bw, subs, wrong).bills()
    text = str(caught.value)
    assert "channels.api.bill.period_end' is 'open', not one of inclusive, exclusive" in text
    assert f"{wrong}:" in text and "Traceback" not in text
