"""Fixed lines over HTTP against the real process: broadband with an installation appointment,
enterprise leased lines, trouble tickets and repair, revisit calls, planned network work, the
hall's 故障报修 page, and the five fixed-line faults."""

from __future__ import annotations

from typing import Any

from operator_pages import COUNTER, Call, agent, identify, page, rows, sign_in

INVENTORY = "productInventory/v4/product"
TICKETS = "troubleTicket/v4/troubleTicket"
SLOTS = "appointment/v4/timeSlot"
BILLS = "customerBillManagement/v4/customerBill"
ADDRESS = "广东省广州市天河区体育西路100号3栋1201"


def enterprise(running: Any, name: str = "李经理") -> dict[str, str]:
    response = running.post("/test/customers", json={"name": name, "idNumber": "1101",
                                                     "segment": "enterprise"})
    assert response.status_code == 201, response.text
    return response.json()  # type: ignore[no-any-return]


def slots(running: Any, customer: dict[str, str]) -> list[dict[str, Any]]:
    response = running.api("GET", SLOTS, params={"relatedParty.id": customer["id"]})
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def order_fixed(running: Any, customer: dict[str, str], offering: str,
                slot: str | None = None, address: str = ADDRESS) -> Any:
    item: dict[str, Any] = {"action": "add", "productOffering": {"id": offering},
                            "product": {"place": [{"role": "installationAddress",
                                                   "name": address}]}}
    if slot:
        item["appointment"] = {"id": slot}
    return running.order(customer["id"], item)


def product(running: Any, customer: dict[str, str]) -> dict[str, Any]:
    (found,) = running.api("GET", INVENTORY, params={"relatedParty.id": customer["id"]}).json()
    return found  # type: ignore[no-any-return]


def chars(found: dict[str, Any]) -> dict[str, Any]:
    return {c["name"]: c["value"] for c in found["productCharacteristic"]}


def report(running: Any, customer: dict[str, str], product_id: str) -> Any:
    return running.api("POST", TICKETS, json={
        "description": "无法上网", "severity": "Major", "ticketType": "fault",
        "relatedParty": [{"id": customer["id"], "role": "customer"}],
        "relatedEntity": [{"id": product_id, "role": "affectedProduct",
                           "@referredType": "Product"}]})


def texts(running: Any, customer: dict[str, str]) -> list[str]:
    return [m["text"] for m in running.inbox(customer["msisdn"])]


def calls(running: Any, customer: dict[str, str]) -> list[dict[str, str]]:
    response = running.get(f"/phone/{customer['msisdn']}/calls")
    assert response.status_code == 200, response.text
    return response.json()  # type: ignore[no-any-return]


def broadband(running: Any) -> tuple[dict[str, str], dict[str, Any]]:
    """A customer with broadband ordered for the first slot offered: (customer, slot)."""
    customer = running.customer()
    first = slots(running, customer)[0]
    response = order_fixed(running, customer, "BB-100", first["id"])
    assert response.status_code == 201, response.text
    return customer, first


# -- broadband ----------------------------------------------------------------------------------

def test_broadband_slots_are_the_next_three_days_mornings_and_afternoons(operator) -> None:
    customer = operator.customer()  # 2026-11-23 10:00
    offered = slots(operator, customer)
    assert [s["id"] for s in offered] == [f"SLOT-202611{d}-{h}" for d in (24, 25, 26)
                                          for h in ("AM", "PM")]
    assert offered[0]["validFor"] == {"startDateTime": "2026-11-24T09:00:00+08:00",
                                      "endDateTime": "2026-11-24T12:00:00+08:00"}


def test_broadband_needs_an_address_and_an_offered_slot(operator) -> None:
    customer = operator.customer()
    no_address = order_fixed(operator, customer, "BB-100", "SLOT-20261124-AM", address=" ")
    assert (no_address.status_code, no_address.json()["reason"]) == (400, "缺少安装地址")
    past = order_fixed(operator, customer, "BB-100", "SLOT-20261123-AM")
    assert (past.status_code, past.json()["reason"]) == (409, "请选择可预约的安装时间")
    assert order_fixed(operator, customer, "BB-100").status_code == 409


def test_broadband_is_installed_in_the_booked_slot_used_billed_repaired_and_ended(
        operator, tmf_validate) -> None:
    customer, slot = broadband(operator)
    found = product(operator, customer)
    assert found["status"] == "pendingActive"
    assert chars(found)["installationAddress"] == ADDRESS
    assert chars(found)["appointmentStart"] == slot["validFor"]["startDateTime"]
    operator.clock(customer["id"], to="2026-11-24T09:59:00+08:00")
    assert product(operator, customer)["status"] == "pendingActive"
    operator.clock(customer["id"], to="2026-11-24T10:00:00+08:00")
    found = product(operator, customer)
    assert (found["status"], found["startDate"]) == ("active", "2026-11-24T10:00:00+08:00")
    notice = f"【演示电信】您的账号{customer['msisdn']}已开通光宽带100M," \
        f"装机地址{ADDRESS},欢迎使用。"
    assert notice in texts(operator, customer)

    connected = operator.post(f"/line/{customer['msisdn']}/connect", json={"megabytes": 2048})
    assert connected.status_code == 201 and connected.json()["connected"] is True
    usage = operator.api("GET", "usageManagement/v4/usage",
                         params={"relatedParty.id": customer["id"]}).json()
    assert [(u["usageType"], u["usageCharacteristic"][0]["value"]) for u in usage] == \
        [("data", 2048)]

    ticket = report(operator, customer, found["id"])
    assert ticket.status_code == 201, ticket.text
    body = ticket.json()
    tmf_validate("TMF621", "TroubleTicket", body)
    assert body["status"] == "acknowledged" and body["id"].startswith("TT-")
    assert body["expectedResolutionDate"] == "2026-11-25T10:00:00+08:00"
    operator.clock(customer["id"], advance=4 * 3600)
    listed = operator.api("GET", TICKETS, params={"relatedParty.id": customer["id"]}).json()
    assert [(t["status"], t["resolutionDate"]) for t in listed] == \
        [("resolved", "2026-11-24T14:00:00+08:00")]
    assert f"【演示电信】您报修的光宽带100M故障(单号{body['id']})已修复,如仍有问题请拨打10000。" \
        in texts(operator, customer)

    operator.clock(customer["id"], to="2026-12-01T01:00:00+08:00")
    (bill,) = operator.api("GET", BILLS, params={"relatedParty.id": customer["id"]}).json()
    assert bill["amountDue"]["value"] == 23.33  # 100.00 × 7 ÷ 30
    cancel = operator.order(customer["id"], {"action": "delete", "product": {"id": found["id"]}})
    assert cancel.status_code == 201
    operator.clock(customer["id"], advance=3 * 3600)
    assert product(operator, customer)["status"] == "terminated"


def test_a_line_without_service_does_not_connect_and_a_plan_cannot_be_reported(
        operator) -> None:
    customer, product_id = operator.subscribe()
    refused = operator.post(f"/line/{customer['msisdn']}/connect", json={"megabytes": 1})
    assert (refused.status_code, refused.json()["reason"]) == (503, "该号码没有已开通的固定线路")
    ticket = report(operator, customer, product_id)
    assert (ticket.status_code, ticket.json()["reason"]) == (409, "该业务不支持报修")


def test_broadband_install_missed_installs_a_day_late(operator_with) -> None:
    running = operator_with("broadband-install-missed")
    customer, _ = broadband(running)
    running.clock(customer["id"], to="2026-11-24T12:00:00+08:00")
    assert product(running, customer)["status"] == "pendingActive"
    running.clock(customer["id"], to="2026-11-25T10:00:00+08:00")
    assert product(running, customer)["startDate"] == "2026-11-25T10:00:00+08:00"


def test_broadband_repair_late_takes_three_days(operator_with) -> None:
    running = operator_with("broadband-repair-late")
    customer, _ = broadband(running)
    running.clock(customer["id"], to="2026-11-24T12:00:00+08:00")
    ticket = report(running, customer, product(running, customer)["id"]).json()
    running.clock(customer["id"], advance=24 * 3600)
    assert running.api("GET", f"{TICKETS}/{ticket['id']}").json()["status"] == "acknowledged"
    running.clock(customer["id"], advance=2 * 86400)
    assert running.api("GET", f"{TICKETS}/{ticket['id']}").json()["status"] == "resolved"


def test_repair_sms_wrong_ticket_names_the_next_ticket(operator_with) -> None:
    running = operator_with("repair-sms-wrong-ticket")
    customer, _ = broadband(running)
    running.clock(customer["id"], to="2026-11-24T12:00:00+08:00")
    ticket = report(running, customer, product(running, customer)["id"]).json()["id"]
    running.clock(customer["id"], advance=24 * 3600)
    assert running.api("GET", f"{TICKETS}/{ticket}").json()["status"] == "resolved"
    prefix, _, number = ticket.rpartition("-")
    told = f"{prefix}-{int(number) + 1:0{len(number)}d}"
    assert [t for t in texts(running, customer) if "已修复" in t] == [
        f"【演示电信】您报修的光宽带100M故障(单号{told})已修复,如仍有问题请拨打10000。"]


# -- enterprise leased lines --------------------------------------------------------------------

def test_a_leased_line_is_for_enterprise_customers(operator) -> None:
    refused = order_fixed(operator, operator.customer(), "ENT-20M")
    assert (refused.status_code, refused.json()["reason"]) == (409, "专线业务仅受理政企客户")


def test_a_leased_line_is_provisioned_revisited_notified_repaired_and_revisited(
        operator) -> None:
    customer = enterprise(operator)
    assert order_fixed(operator, customer, "ENT-20M").status_code == 201
    operator.clock(customer["id"], to="2026-11-26T09:59:00+08:00")
    assert product(operator, customer)["status"] == "pendingActive"
    operator.clock(customer["id"], to="2026-11-26T12:00:00+08:00")
    found = product(operator, customer)
    assert (found["status"], found["startDate"]) == ("active", "2026-11-26T10:00:00+08:00")
    (revisit,) = calls(operator, customer)
    assert (revisit["from"], revisit["at"], revisit["purpose"], revisit["about"]) == \
        ("10000", "2026-11-26T12:00:00+08:00", "回访", found["id"])

    work = operator.post(f"/test/customers/{customer['id']}/network-work",
                         json={"start": "2026-11-29T01:00:00+08:00", "hours": 4})
    assert work.status_code == 201 and work.json()["products"] == [found["id"]]
    operator.clock(customer["id"], to="2026-11-27T00:59:00+08:00")
    assert not any("割接" in t for t in texts(operator, customer))
    operator.clock(customer["id"], to="2026-11-27T01:00:00+08:00")
    assert texts(operator, customer)[-1] == (
        f"【演示电信】尊敬的客户,因网络割接,您的政企精品专线20M(装机地址{ADDRESS})将于"
        "2026-11-29 01:00至2026-11-29 05:00中断,请提前做好安排。")

    ticket = report(operator, customer, found["id"]).json()
    assert ticket["expectedResolutionDate"] == "2026-11-27T05:00:00+08:00"
    operator.clock(customer["id"], advance=2 * 3600)
    assert operator.api("GET", f"{TICKETS}/{ticket['id']}").json()["resolutionDate"] == \
        "2026-11-27T03:00:00+08:00"
    operator.clock(customer["id"], advance=2 * 3600)
    assert [c["at"] for c in calls(operator, customer)] == \
        ["2026-11-26T12:00:00+08:00", "2026-11-27T05:00:00+08:00"]


def test_network_work_needs_an_active_leased_line(operator) -> None:
    customer = enterprise(operator)
    refused = operator.post(f"/test/customers/{customer['id']}/network-work",
                            json={"start": "2026-11-29T01:00:00+08:00", "hours": 4})
    assert refused.status_code == 409


def _active_leased_line(running: Any) -> tuple[dict[str, str], str]:
    customer = enterprise(running)
    order_fixed(running, customer, "ENT-20M")
    running.clock(customer["id"], to="2026-11-26T10:00:00+08:00")
    return customer, product(running, customer)["id"]


def test_enterprise_faults(operator_with) -> None:
    silent = operator_with("enterprise-revisit-missing")
    customer, product_id = _active_leased_line(silent)
    report(silent, customer, product_id)
    silent.clock(customer["id"], advance=86400)
    assert calls(silent, customer) == []

    unnotified = operator_with("enterprise-outage-not-notified")
    customer, _ = _active_leased_line(unnotified)
    unnotified.post(f"/test/customers/{customer['id']}/network-work",
                    json={"start": "2026-11-29T01:00:00+08:00", "hours": 4})
    unnotified.clock(customer["id"], to="2026-11-29T06:00:00+08:00")
    assert not any("割接" in t for t in texts(unnotified, customer))

    late = operator_with("enterprise-repair-late")
    customer, product_id = _active_leased_line(late)
    ticket = report(late, customer, product_id).json()
    late.clock(customer["id"], advance=4 * 3600)
    assert late.api("GET", f"{TICKETS}/{ticket['id']}").json()["status"] == "acknowledged"
    late.clock(customer["id"], advance=86400)
    assert late.api("GET", f"{TICKETS}/{ticket['id']}").json()["status"] == "resolved"


# -- the halls and the counter ------------------------------------------------------------------

def test_the_web_hall_orders_broadband_with_a_slot_and_takes_a_fault_report(operator) -> None:
    customer = operator.customer()
    browser = sign_in(operator, customer)
    catalogue = page(browser.get(f"{operator.url}/hall/catalogue"))
    assert "政企专线" not in catalogue.tables
    assert [r["名称"] for r in rows(catalogue, "宽带")] == ["光宽带100M"]
    order = page(browser.get(f"{operator.url}/hall/order", params={"offering": "BB-100"}))
    assert order.field("安装地址") and order.field("预约安装时间")
    done = browser.post(f"{operator.url}/hall/order", data={
        "offering": "BB-100", "address": ADDRESS, "slot": "SLOT-20261125-PM"})
    assert page(done).status[0].startswith("订购成功,订单号:")
    operator.clock(customer["id"], to="2026-11-25T16:00:00+08:00")
    repair = page(browser.get(f"{operator.url}/hall/repair"))
    assert repair.h1 == ["故障报修"] and repair.field("报修业务") and repair.field("故障描述")
    (line,) = [p for p in operator.api("GET", INVENTORY,
                                       params={"relatedParty.id": customer["id"]}).json()]
    reported = page(browser.post(f"{operator.url}/hall/repair",
                                 data={"product": line["id"], "description": "断网"}))
    assert reported.status[0].startswith("报修已受理,故障单号:TT-")
    (row,) = rows(reported, "我的报修")
    assert (row["业务"], row["状态"], row["修复时间"]) == ("光宽带100M", "已受理", "")


def test_the_counter_sells_leased_lines(operator) -> None:
    customer = enterprise(operator)
    desk = agent(operator)
    identify(operator, desk, customer)
    catalogue = page(desk.get(f"{operator.url}/counter/catalogue"), layout=COUNTER)
    assert [r["名称"] for r in rows(catalogue, "政企专线")] == ["政企精品专线20M"]
    done = desk.post(f"{operator.url}/counter/order",
                     data={"offering": "ENT-20M", "address": ADDRESS})
    assert page(done, layout=COUNTER).status[0].startswith("订购成功,订单号:")


def test_the_hotline_takes_a_fault_report_under_menu_6(operator) -> None:
    customer, _ = broadband(operator)
    call = Call(operator, customer)
    assert call.press("6") == "宽带与故障报修。故障报修请按1,返回上级请按*。"
    assert call.press("1") == "您没有可报修的业务。返回上级请按*。"  # not installed yet
    operator.clock(customer["id"], to="2026-11-24T12:00:00+08:00")
    call = Call(operator, customer)
    call.press("6")
    assert call.press("1") == "请选择报修业务:1.光宽带100M,已开通。请按序号,返回上级请按*。"
    said = call.press("1")
    assert said.startswith("报修已受理,故障单号TT-")
    assert said.endswith("我们将尽快修复。返回上级请按*。")
    (ticket,) = operator.api("GET", TICKETS, params={"relatedParty.id": customer["id"]}).json()
    assert ticket["channel"]["id"] == "hotline" and ticket["id"] in said


def test_a_customer_who_reads_english_gets_the_fixed_line_notices_in_english(operator) -> None:
    response = operator.post("/test/customers", json={"name": "Ann Lee", "idNumber": "P1",
                                                      "segment": "enterprise", "language": "en"})
    customer = response.json()
    order_fixed(operator, customer, "ENT-20M")
    operator.clock(customer["id"], to="2026-11-26T10:00:00+08:00")
    assert texts(operator, customer)[-1] == (
        f"[Demo Telecom] 政企精品专线20M is now active on your account {customer['msisdn']}, "
        f"installed at {ADDRESS}. Welcome.")
