"""The test environment: its key, the one system date, subscribers on demand, the pool and its
reset, the handset stand-ins, provider charges and recharge cards."""

from __future__ import annotations

from typing import Any


def test_every_route_but_ping_needs_the_key(bw: Any) -> None:
    assert bw.http.get(f"{bw.url}/qa/v2/ping").json()["data"]["status"] == "UP"
    for headers in ({}, {"X-QA-Key": "wrong"}):
        response = bw.http.get(f"{bw.url}/qa/v2/system-date", headers=headers)
        assert response.status_code == 401
        assert response.json()["error"]["errCode"] == "QA-401"


def test_a_new_subscriber_is_answered_in_its_own_shape(bw: Any) -> None:
    response = bw.qa("POST", "/subscribers", json={"custName": "测试乙"})
    assert response.status_code == 201
    data = response.json()["data"]
    assert data["subsId"].startswith("BWS") and data["telNo"].startswith("17090")
    assert set(data) >= {"loginPwd", "servicePwd", "billDay"}
    bad = bw.qa("POST", "/subscribers", json={"custName": "x", "billDay": 31})
    assert bad.status_code == 400 and "billDay" in bad.json()["error"]["errMsg"]


def test_one_system_date_for_the_whole_environment(fresh: Any) -> None:
    bw = fresh()
    assert bw.qa("GET", "/system-date").json()["data"] == {"sysDate": "2026-11-23 10:00:00",
                                                           "zone": "Asia/Shanghai"}
    first, second = bw.subscriber(), bw.subscriber()
    bw.add(first["subsId"], "BW-39")
    bw.add(second["subsId"], "BW-69")
    assert bw.shift(600) == "2026-11-23 10:10:00"
    # one move of the one clock provisioned both subscribers' plans
    assert [p["status"] for s in (first, second) for p in bw.products(s["subsId"])] == \
        ["active", "active"]
    assert bw.date_to("2026-11-24 08:00:00") == "2026-11-24 08:00:00"
    back = bw.qa("POST", "/system-date", json={"sysDate": "2026-11-23 12:00:00"})
    assert back.status_code == 409 and "past" in back.json()["error"]["errMsg"]
    neither = bw.qa("POST", "/system-date", json={})
    assert neither.status_code == 400


def test_the_pool_lists_test_numbers_and_a_reset_wipes_one(bw: Any) -> None:
    rows = bw.qa("GET", "/pool").json()["data"]["rows"]
    assert len(rows) == 5 and len({r["billDay"] for r in rows}) == 5
    number = rows[0]
    bw.add(number["subsId"], "BW-39")
    bw.shift(11 * 60)
    assert bw.call(number["telNo"], 30).status_code == 201
    assert bw.texts(number["telNo"]) and bw.products(number["subsId"])
    reset = bw.qa("POST", f"/pool/{number['telNo']}/reset", json={})
    assert reset.status_code == 200
    assert {k: reset.json()["data"][k] for k in number} == number
    assert bw.texts(number["telNo"]) == [] and bw.products(number["subsId"]) == []
    assert bw.call(number["telNo"], 30).status_code == 503
    with_plan = bw.qa("POST", f"/pool/{number['telNo']}/reset", json={"planCode": "BW-69"})
    assert with_plan.status_code == 200
    assert [p["productOffering"]["id"] for p in bw.products(number["subsId"])] == ["BW-69"]
    assert bw.qa("POST", "/pool/13900000000/reset", json={}).status_code == 404


def test_the_handset_calls_in_seconds_and_data_in_kb(bw: Any) -> None:
    subs = bw.subscriber()
    refused = bw.call(subs["telNo"], 60)
    assert refused.status_code == 503 and refused.json()["data"]["result"] == "REJECTED"
    subs = bw.with_plan()
    assert bw.call(subs["telNo"], 61).json()["data"] == {
        "result": "CONNECTED", "durationSec": 61, "billedMinutes": 2}
    assert bw.data(subs["telNo"], "1.5").json()["data"]["billedKB"] == 2
    usage = bw.api("GET", "/tmf635/v4/usage", params={"relatedParty.id": subs["subsId"]}).json()
    assert [{c["name"]: c["value"] for c in u["usageCharacteristic"]}.get("ratedMinutes")
            for u in usage] == [2, None]
    inbox = bw.qa("GET", f"/handset/{subs['telNo']}/sms").json()["data"]
    assert inbox["count"] == len(inbox["list"]) >= 2
    assert set(inbox["list"][0]) == {"msgId", "sender", "content", "recvTime"}


def test_a_provider_charge_is_billed_with_6_percent_vat(fresh: Any) -> None:
    bw = fresh()
    subs = bw.subscriber(billDay=23)
    response = bw.qa("POST", "/provider-charges",
                     json={"telNo": subs["telNo"], "spName": "某资讯", "amountFen": 1000})
    assert response.status_code == 201
    bw.date_to("2026-12-23 00:00:01")
    bill = bw.bills(subs["subsId"])[0]
    assert bill["amountDue"]["value"] == 10.00
    assert bill["taxItem"][0]["taxRate"] == 0.06
    assert bill["taxItem"][0]["taxAmount"]["value"] == 0.57     # 10.00 − 10.00/1.06


def test_recharge_cards_are_sold_to_the_tester(bw: Any) -> None:
    card = bw.qa("POST", "/recharge-cards", json={"faceValue": 50}).json()["data"]
    assert card["faceValue"] == "50.00" and len(card["cardPwd"]) == 12
    assert bw.qa("POST", "/recharge-cards", json={"faceValue": 7}).status_code == 400
