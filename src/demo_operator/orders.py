"""Product orders (TMF622): taking an order, and the provisioning work it sets off.

An order is ``acknowledged`` at once; the work each item asks for is a job on the customer's
clock (provisioning 30 minutes later, 1 minute for a value-added service, a plan change at
00:00 on the 1st of next month, termination 2 hours after a cancellation). The order is
``completed`` when its items are done.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3

from demo_operator import billing, catalogue, clock, customers, fixed, inventory, sms, times, vas
from demo_operator.context import Ctx
from demo_operator.db import next_id
from demo_operator.money import yuan

PROVISIONING = dt.timedelta(minutes=30)
PROVISIONING_LATE = dt.timedelta(days=3)     # the activation-late fault
VAS_PROVISIONING = dt.timedelta(minutes=1)
TERMINATION = dt.timedelta(hours=2)
# what the customer is promised of an unsubscribe, and told in its confirmations: in effect
# within 24 hours of the request [DOMAIN 004], though the work takes TERMINATION
CANCEL_PROMISE = dt.timedelta(hours=24)
WRONG_DATE_SHIFT = dt.timedelta(days=3)      # the cancel-sms-wrong-date fault
ACTIONS = ("add", "modify", "delete")
DONE = ("completed", "cancelled")

BUSY_REASON = "系统繁忙"
BUSY_MESSAGE = "系统繁忙,请稍后再试"
NO_ACTIVE_PLAN = "您当前没有已开通的套餐"
VAS_NEEDS_PLAN = "您尚未开通手机套餐"
VAS_ALREADY = "您已订购该业务"
VAS_NO_CHANGE = "增值业务不能变更套餐"
BUNDLE_ALREADY = "您已订购融合套餐"
MEMBER_ALONE = "该产品不能单独订购"


@dataclasses.dataclass(frozen=True)
class ItemRequest:
    action: str
    item_id: str = ""
    offering_id: str | None = None   # add: what to order; modify: the new plan
    product_id: str | None = None    # modify, delete: which product
    address: str | None = None       # add a fixed line: where it is installed
    slot: str | None = None          # add broadband: the installation appointment booked


class OrderRefused(Exception):
    """The operator says no; ``status`` is the HTTP status the API answers with."""

    def __init__(self, status: int, reason: str, message: str) -> None:
        super().__init__(message)
        self.status, self.reason, self.message = status, reason, message


# -- taking orders ------------------------------------------------------------------------------

def place(ctx: Ctx, customer_id: str, items: list[ItemRequest], channel: str) -> str:
    """Accept an order for the customer, or raise OrderRefused. Returns the order id."""
    if customers.get(ctx, customer_id) is None:
        raise OrderRefused(400, "客户不存在", f"no customer {customer_id!r}")
    if not items:
        raise OrderRefused(400, "订单为空", "an order needs at least one productOrderItem")
    items = [dataclasses.replace(item, item_id=item.item_id or str(n))
             for n, item in enumerate(items, start=1)]
    if len({item.item_id for item in items}) != len(items):
        raise OrderRefused(400, "订单项重复", "productOrderItem ids must be unique")
    for item in items:
        _check(ctx, customer_id, item)
    # order-rejected: the ordering system is "busy" for new subscriptions.
    if ctx.fault("order-rejected") and any(item.action == "add" for item in items):
        raise OrderRefused(503, BUSY_REASON, BUSY_MESSAGE)

    now = clock.now(ctx, customer_id)
    order_id = next_id(ctx.conn, "PO")
    ctx.conn.execute("INSERT INTO product_order(id, customer_id, channel, order_date, state) "
                     "VALUES (?, ?, ?, ?, 'acknowledged')",
                     (order_id, customer_id, channel, times.stored(now)))
    for position, item in enumerate(items):
        {"add": _add, "modify": _modify, "delete": _delete}[item.action](
            ctx, customer_id, order_id, position, item, now)
    _settle(ctx, order_id)
    return order_id


def change_plan(ctx: Ctx, customer_id: str, offering_id: str, channel: str) -> tuple[str, str]:
    """A plan change asked without naming the product (SMS hall, hotline): the customer's
    active plan (the oldest, if several) moves to ``offering_id``. (order id, YYYY-MM-DD the
    customer is told it takes effect); OrderRefused when there is nothing to change."""
    active = inventory.active_plans(ctx, customer_id)
    if not active:
        raise OrderRefused(409, NO_ACTIVE_PLAN, "the customer has no active product")
    order_id = place(ctx, customer_id, [ItemRequest("modify", product_id=active[0]["id"],
                                                    offering_id=offering_id)], channel)
    return order_id, items(ctx, order_id)[0]["stated_date"]


def effective_by(asked: dt.datetime) -> str:
    """The moment an unsubscribe asked at ``asked`` is told to take effect by: to the minute,
    so never past the promise."""
    return (asked + CANCEL_PROMISE).astimezone(times.TZ).strftime("%Y-%m-%d %H:%M")


def cancel_effective_by(ctx: Ctx, order_id: str) -> str:
    """``effective_by`` for the unsubscribe order ``order_id``, as a channel's answer says it."""
    order = get(ctx, order_id)
    assert order is not None, order_id
    return effective_by(times.parse(order["order_date"]))


def _check(ctx: Ctx, customer_id: str, item: ItemRequest) -> None:
    if item.action not in ACTIONS:
        raise OrderRefused(400, "不支持的操作",
                           f"item {item.item_id}: action must be one of {', '.join(ACTIONS)}")
    if item.action in ("add", "modify"):
        if not item.offering_id:
            raise OrderRefused(400, "缺少套餐", f"item {item.item_id}: productOffering.id needed")
        if catalogue.get(item.offering_id) is None:
            raise OrderRefused(404, "套餐不存在", f"no product offering {item.offering_id!r}")
    offering = catalogue.get(item.offering_id or "")
    if item.action == "add" and offering is not None and offering.is_member:
        raise OrderRefused(409, MEMBER_ALONE, f"{offering.id} is sold only in its bundle")
    if item.action == "add" and offering is not None and offering.is_bundle and any(
            catalogue.is_bundle(p["offering_id"]) and p["status"] != "terminated"
            for p in inventory.of_customer(ctx, customer_id)):
        raise OrderRefused(409, BUNDLE_ALREADY, "the customer already has a bundle")
    if item.action == "add" and offering is not None and offering.is_fixed:
        try:
            fixed.check_order(ctx, customer_id, offering, item.address, item.slot)
        except fixed.Refused as refused:
            raise OrderRefused(refused.status, refused.reason, refused.reason) from None
    elif item.action == "add" and (catalogue.is_vas(item.offering_id or "")
                                   or catalogue.is_roaming(item.offering_id or "")):
        # an add-on (value-added service, roaming) rides on the number's plan
        if not inventory.active_plans(ctx, customer_id):
            raise OrderRefused(409, VAS_NEEDS_PLAN, "a value-added service needs an active plan")
        if inventory.service_in_service(ctx, customer_id, item.offering_id or "") or any(
                p["offering_id"] == item.offering_id and p["status"] == "pendingActive"
                for p in inventory.of_customer(ctx, customer_id)):
            raise OrderRefused(409, VAS_ALREADY,
                               f"the customer already subscribes to {item.offering_id}")
    if item.action in ("modify", "delete"):
        if not item.product_id:
            raise OrderRefused(400, "缺少产品", f"item {item.item_id}: product.id needed")
        product = inventory.get(ctx, item.product_id)
        if product is None or product["customer_id"] != customer_id:
            raise OrderRefused(404, "产品不存在",
                               f"the customer has no product {item.product_id!r}")
        if product["status"] != "active":
            verb = "变更套餐" if item.action == "modify" else "退订"
            raise OrderRefused(409, f"当前状态不能{verb}",
                               f"product {product['id']} is {product['status']}, not active")
        if item.action == "modify" and not (catalogue.is_plan(product["offering_id"])
                                            and catalogue.is_plan(item.offering_id or "")):
            raise OrderRefused(409, VAS_NO_CHANGE, "value-added services have no plan change")
        if item.action == "modify" and item.offering_id == product["offering_id"]:
            raise OrderRefused(409, "新套餐与当前套餐相同",
                               f"product {product['id']} is already on {item.offering_id}")


def _insert_item(ctx: Ctx, order_id: str, position: int, item: ItemRequest, product_id: str,
                 old_offering: str | None = None, stated: dt.date | None = None) -> None:
    ctx.conn.execute(
        "INSERT INTO order_item(order_id, item_id, position, action, product_id, offering_id, "
        "old_offering_id, stated_date, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'acknowledged')",
        (order_id, item.item_id, position, item.action, product_id, item.offering_id,
         old_offering, stated.isoformat() if stated else None))


def _add_bundle(ctx: Ctx, customer_id: str, order_id: str, position: int, item: ItemRequest,
                now: dt.datetime, bundle: catalogue.Offering) -> None:
    """The bundle's product and a product per member; the operator provisions each member
    after its fixed delay, and the bundle is active with the last of them."""
    customer = customers.get(ctx, customer_id)
    parent_id = next_id(ctx.conn, "PRD")
    for product_id, offering_id, parent in [(parent_id, bundle.id, None)] + [
            (next_id(ctx.conn, "PRD"), m, parent_id) for m in bundle.members]:
        ctx.conn.execute(
            "INSERT INTO product(id, customer_id, msisdn, offering_id, status, order_date, "
            "parent_id) VALUES (?, ?, ?, ?, 'pendingActive', ?, ?)",
            (product_id, customer_id, customer["msisdn"], offering_id, times.stored(now),
             parent))
        inventory.start_plan(ctx, product_id, offering_id, now)
        if parent is None:
            continue
        member = catalogue.get(offering_id)
        assert member is not None
        delay = PROVISIONING_LATE if ctx.fault("activation-late") else \
            dt.timedelta(minutes=member.provisioning_minutes)
        clock.schedule(ctx, customer_id, now + delay, "provision",
                       {"order": order_id, "item": item.item_id, "product": product_id})
    _insert_item(ctx, order_id, position, item, parent_id)
    if not ctx.fault("no-confirmation-sms"):
        sms.say(ctx, customer_id, sms.BUNDLE_ORDER_ACCEPTED, sms.confirmation_delay(ctx),
                offering=bundle.name, fee=yuan(bundle.fee), order=order_id)


def _add(ctx: Ctx, customer_id: str, order_id: str, position: int, item: ItemRequest,
         now: dt.datetime) -> None:
    offering = catalogue.get(item.offering_id or "")
    assert offering is not None
    if offering.is_bundle:
        _add_bundle(ctx, customer_id, order_id, position, item, now, offering)
        return
    customer = customers.get(ctx, customer_id)
    product_id = next_id(ctx.conn, "PRD")
    ctx.conn.execute(
        "INSERT INTO product(id, customer_id, msisdn, offering_id, status, order_date) "
        "VALUES (?, ?, ?, ?, 'pendingActive', ?)",
        (product_id, customer_id, customer["msisdn"], offering.id, times.stored(now)))
    inventory.start_plan(ctx, product_id, offering.id, now)
    _insert_item(ctx, order_id, position, item, product_id)
    # activation-late: a plan's network provisioning sits in a queue for days.
    delay = VAS_PROVISIONING if offering.is_vas else \
        PROVISIONING_LATE if ctx.fault("activation-late") else PROVISIONING
    due = now + delay
    if offering.is_fixed:  # installed at the site: in the booked slot, or days for a circuit
        due = fixed.ordered(ctx, customer_id, product_id, offering, item.address or "",
                            item.slot, now)
    clock.schedule(ctx, customer_id, due, "provision",
                   {"order": order_id, "item": item.item_id, "product": product_id})
    if offering.is_vas:
        vas.ordered(ctx, customer_id, product_id, now)
        if not ctx.fault("no-confirmation-sms"):
            two_months = vas.free_months(times.local_date(now)) == 2
            sms.say(ctx, customer_id, sms.VAS_ORDER_ACCEPTED, sms.confirmation_delay(ctx),
                    leave_out=sms.VAS_UNSUBSCRIBE_SENTENCE
                    if ctx.fault("confirmation-sms-incomplete") else "",
                    name=offering.name, fee=yuan(offering.fee), code=offering.code,
                    order=order_id,
                    free=sms.FREE_TWO_MONTHS if two_months else sms.FREE_THIS_MONTH)
    elif offering.is_roaming:
        if not ctx.fault("no-confirmation-sms"):
            sms.say(ctx, customer_id, sms.ROAMING_ORDER_ACCEPTED, sms.confirmation_delay(ctx),
                    fee=yuan(offering.fee), code=offering.code, order=order_id)
    elif not ctx.fault("no-confirmation-sms"):
        # The SMS states the real fee even when the catalogue shows a wrong one.
        sms.say(ctx, customer_id, sms.ORDER_ACCEPTED, sms.confirmation_delay(ctx),
                leave_out=sms.UNSUBSCRIBE_SENTENCE
                if ctx.fault("confirmation-sms-incomplete") else "",
                offering=offering.name, fee=yuan(offering.fee), order=order_id)


def _modify(ctx: Ctx, customer_id: str, order_id: str, position: int, item: ItemRequest,
            now: dt.datetime) -> None:
    product = inventory.get(ctx, item.product_id or "")
    old = catalogue.get(product["offering_id"])
    new = catalogue.get(item.offering_id or "")
    assert old is not None and new is not None
    effective = times.next_month_start(now)
    _withdraw_scheduled_change(ctx, product)
    _insert_item(ctx, order_id, position, item, product["id"], old.id, effective.date())
    if ctx.fault("plan-change-early"):
        # The customer is told "the 1st of next month", but the switch is made now and this
        # month is billed on the new plan.
        inventory.start_plan(ctx, product["id"], new.id, now)
        _item_state(ctx, order_id, item.item_id, "completed")
    else:
        ctx.conn.execute(
            "UPDATE product SET scheduled_offering = ?, scheduled_change_date = ?, "
            "scheduled_order_id = ? WHERE id = ?",
            (new.id, effective.date().isoformat(), order_id, product["id"]))
        clock.schedule(ctx, customer_id, effective, "plan_change",
                       {"order": order_id, "item": item.item_id, "product": product["id"],
                        "offering": new.id})
    if not ctx.fault("no-change-sms"):
        # change-sms-wrong-date: the confirmation states the 2nd, though the change is on the 1st.
        told = effective + dt.timedelta(days=1) if ctx.fault("change-sms-wrong-date") else effective
        sms.say(ctx, customer_id, sms.PLAN_CHANGE_ACCEPTED, sms.CONFIRMATION_DELAY,
                old=old.name, new=new.name, date=told.date().isoformat())


def _delete(ctx: Ctx, customer_id: str, order_id: str, position: int, item: ItemRequest,
            now: dt.datetime) -> None:
    product = inventory.get(ctx, item.product_id or "")
    offering = catalogue.get(product["offering_id"])
    assert offering is not None
    _withdraw_scheduled_change(ctx, product)
    _insert_item(ctx, order_id, position, item, product["id"])
    ending = [product]
    # bundle-removal-cancels-all: removing one member is handled as cancelling its bundle.
    if product["parent_id"] and ctx.fault("bundle-removal-cancels-all"):
        product = inventory.get(ctx, product["parent_id"])  # type: ignore[assignment]
        ending = [product]
    if offering.is_bundle or catalogue.is_bundle(product["offering_id"]):
        # the whole bundle: it and every member still in service
        ending += [m for m in inventory.members(ctx, product["id"])
                   if m["status"] in inventory.IN_SERVICE]
    for ends in ending:
        ctx.conn.execute("UPDATE product SET status = 'pendingTerminate' WHERE id = ?",
                         (ends["id"],))
        clock.schedule(ctx, customer_id, now + TERMINATION, "terminate",
                       {"order": order_id, "item": item.item_id, "product": ends["id"]})
    if not ctx.fault("no-cancel-sms"):
        template = sms.ROAMING_CANCEL_ACCEPTED if offering.is_roaming else sms.CANCEL_ACCEPTED
        # cancel-sms-wrong-service: the confirmation names another offering of the catalogue.
        named = _another(offering) if ctx.fault("cancel-sms-wrong-service") else offering
        # cancel-sms-wrong-date: the confirmation states a moment 3 days past the promise.
        told = now + WRONG_DATE_SHIFT if ctx.fault("cancel-sms-wrong-date") else now
        sms.say(ctx, customer_id, template, sms.CONFIRMATION_DELAY, offering=named.name,
                effective=effective_by(told))


def _another(offering: catalogue.Offering) -> catalogue.Offering:
    """Another offering, of the same kind where the catalogue has one."""
    others = [o for o in catalogue.OFFERINGS.values() if o.name != offering.name]
    return next((o for o in others if o.category == offering.category), others[0])


def _withdraw_scheduled_change(ctx: Ctx, product: sqlite3.Row) -> None:
    """A newer change or a cancellation replaces a plan change still waiting for the 1st."""
    order_id = product["scheduled_order_id"]
    if not order_id:
        return
    ctx.conn.execute("UPDATE order_item SET state = 'cancelled' "
                     "WHERE order_id = ? AND product_id = ? AND action = 'modify' "
                     "AND state = 'acknowledged'", (order_id, product["id"]))
    ctx.conn.execute("UPDATE product SET scheduled_offering = NULL, scheduled_change_date = NULL, "
                     "scheduled_order_id = NULL WHERE id = ?", (product["id"],))
    _settle(ctx, order_id)


def _item_state(ctx: Ctx, order_id: str, item_id: str, state: str) -> None:
    ctx.conn.execute("UPDATE order_item SET state = ? WHERE order_id = ? AND item_id = ?",
                     (state, order_id, item_id))


def _settle(ctx: Ctx, order_id: str) -> None:
    """The order's state follows its items: completed (or cancelled) when all are done."""
    order = ctx.conn.execute("SELECT * FROM product_order WHERE id = ?", (order_id,)).fetchone()
    states = [r["state"] for r in ctx.conn.execute(
        "SELECT state FROM order_item WHERE order_id = ?", (order_id,))]
    if all(s in DONE for s in states):
        state = "cancelled" if all(s == "cancelled" for s in states) else "completed"
        ctx.conn.execute("UPDATE product_order SET state = ?, completion_date = ? WHERE id = ?",
                         (state, times.stored(clock.now(ctx, order["customer_id"])), order_id))
    elif any(s in DONE for s in states):
        ctx.conn.execute("UPDATE product_order SET state = 'inProgress' WHERE id = ?",
                         (order_id,))


# -- the work, on the customer's clock ----------------------------------------------------------

@clock.job("provision")
def _provision(ctx: Ctx, customer_id: str, payload: dict[str, str]) -> None:
    product = inventory.get(ctx, payload["product"])
    if product is None or product["status"] != "pendingActive":
        return
    now = clock.now(ctx, customer_id)
    ctx.conn.execute("UPDATE product SET status = 'active', start_date = ? WHERE id = ?",
                     (times.stored(now), product["id"]))
    billing.schedule_month_end(ctx, customer_id, now)
    if product["parent_id"]:
        _bundle_member_active(ctx, customer_id, product["parent_id"], payload, now)
        return
    _item_state(ctx, payload["order"], payload["item"], "completed")
    _settle(ctx, payload["order"])
    offering = catalogue.get(product["offering_id"])
    assert offering is not None
    if offering.is_vas:  # no activation SMS: the order confirmation was the notice
        vas.activated(ctx, customer_id, product, now)
        return
    if offering.is_fixed:
        fixed.activated(ctx, customer_id, inventory.get(ctx, product["id"]))
        return
    msisdn = product["msisdn"]
    if ctx.fault("activation-notice-wrong"):
        msisdn = misnumbered(msisdn)
    sms.say(ctx, customer_id, sms.ACTIVATED, msisdn=msisdn, offering=offering.name)


def _bundle_member_active(ctx: Ctx, customer_id: str, parent_id: str,
                          payload: dict[str, str], now: dt.datetime) -> None:
    """A member is active; with the last one the bundle is, and the customer is told."""
    bundle = inventory.get(ctx, parent_id)
    if bundle is None or bundle["status"] != "pendingActive" or any(
            m["status"] == "pendingActive" for m in inventory.members(ctx, parent_id)):
        return
    ctx.conn.execute("UPDATE product SET status = 'active', start_date = ? WHERE id = ?",
                     (times.stored(now), parent_id))
    _item_state(ctx, payload["order"], payload["item"], "completed")
    _settle(ctx, payload["order"])
    sms.say(ctx, customer_id, sms.BUNDLE_ACTIVATED,
            offering=catalogue.OFFERINGS[bundle["offering_id"]].name, msisdn=bundle["msisdn"])


def preload(ctx: Ctx, customer_id: str, offering_id: str) -> str:
    """A customer who comes with a plan (test support): the product is active from the
    customer's now, with no order and no SMS. Returns the product id."""
    offering = catalogue.get(offering_id)
    if offering is None or not offering.is_plan:
        raise OrderRefused(400, "套餐不存在", f"no mobile plan {offering_id!r}")
    customer = customers.get(ctx, customer_id)
    now = clock.now(ctx, customer_id)
    product_id = next_id(ctx.conn, "PRD")
    ctx.conn.execute(
        "INSERT INTO product(id, customer_id, msisdn, offering_id, status, order_date, "
        "start_date) VALUES (?, ?, ?, ?, 'active', ?, ?)",
        (product_id, customer_id, customer["msisdn"], offering.id, times.stored(now),
         times.stored(now)))
    inventory.start_plan(ctx, product_id, offering.id, now)
    billing.schedule_month_end(ctx, customer_id, now)
    return product_id


@clock.job("plan_change")
def _plan_change(ctx: Ctx, customer_id: str, payload: dict[str, str]) -> None:
    product = inventory.get(ctx, payload["product"])
    if product is None or product["scheduled_order_id"] != payload["order"]:
        return  # withdrawn by a later change or a cancellation
    inventory.start_plan(ctx, product["id"], payload["offering"], clock.now(ctx, customer_id))
    ctx.conn.execute("UPDATE product SET scheduled_offering = NULL, scheduled_change_date = NULL, "
                     "scheduled_order_id = NULL WHERE id = ?", (product["id"],))
    _item_state(ctx, payload["order"], payload["item"], "completed")
    _settle(ctx, payload["order"])


@clock.job("terminate")
def _terminate(ctx: Ctx, customer_id: str, payload: dict[str, str]) -> None:
    product = inventory.get(ctx, payload["product"])
    if product is None or product["status"] != "pendingTerminate":
        return
    # cancel-not-effective: the termination never happens; the product stays
    # pendingTerminate and the monthly fee keeps running. (A bundle member removed on its
    # own is a change of the bundle, which goes through.)
    parent = inventory.get(ctx, product["parent_id"]) if product["parent_id"] else None
    if ctx.fault("cancel-not-effective") and (parent is None
                                               or parent["status"] == "pendingTerminate"):
        return
    now = clock.now(ctx, customer_id)
    ctx.conn.execute("UPDATE product SET status = 'terminated', termination_date = ? "
                     "WHERE id = ?", (times.stored(now), product["id"]))
    _item_state(ctx, payload["order"], payload["item"], "completed")
    _settle(ctx, payload["order"])
    billing.schedule_month_end(ctx, customer_id, now)  # the final month still gets its bill


def misnumbered(msisdn: str) -> str:
    """The activation-notice-wrong fault's number: last two digits swapped (or, when they are
    the same, the last one changed), so it is plausible but not the customer's."""
    *head, a, b = msisdn
    if a != b:
        return "".join(head) + b + a
    return "".join(head) + a + str((int(b) + 1) % 10)


# -- reading orders -----------------------------------------------------------------------------

def get(ctx: Ctx, order_id: str) -> sqlite3.Row | None:
    return ctx.conn.execute("SELECT * FROM product_order WHERE id = ?", (order_id,)).fetchone()


def items(ctx: Ctx, order_id: str) -> list[sqlite3.Row]:
    return ctx.conn.execute("SELECT * FROM order_item WHERE order_id = ? ORDER BY position",
                            (order_id,)).fetchall()


def of_customer(ctx: Ctx, customer_id: str | None = None) -> list[sqlite3.Row]:
    if customer_id is None:
        return ctx.conn.execute("SELECT * FROM product_order ORDER BY order_date, id").fetchall()
    return ctx.conn.execute(
        "SELECT * FROM product_order WHERE customer_id = ? ORDER BY order_date, id",
        (customer_id,)).fetchall()
