"""The mobile plan's steps: one line each, the work is in walkthrough.product_lines."""

from behave import then, when

from walkthrough.product_lines import mobile_plan as plan


@when("the customer looks up the mobile plan in the catalogue")
@when("客户在目录中查找手机套餐")
def look_up(context):
    plan.look_up(context.walk)


@then("the catalogue shows the published price and terms [{standard}]")
@then("目录展示的资费和条款与公布的一致 [{standard}]")
def price_shown(context, standard):
    plan.check_price_shown(context.walk, standard)


@when("the customer orders the mobile plan")
@when("客户订购该手机套餐")
def order(context):
    plan.order(context.walk)


@then("the order is accepted with an order number [{standard}]")
@then("订购被受理并给出订单号 [{standard}]")
def order_accepted(context, standard):
    plan.check_order_accepted(context.walk, standard)


@then("the order took at most the standard time at the counter [{standard}]")
@then("营业厅订购受理在标准时长内完成 [{standard}]")
def order_counter_time(context, standard):
    plan.check_counter_time(context.walk, standard, "order")


@then("the order took few clicks in the hall [{standard}]")
@then("在营业厅网页上订购点击次数不超标准 [{standard}]")
def order_clicks(context, standard):
    plan.check_effort(context.walk, standard, "order", "clicks")


@then("the order took few page loads in the hall [{standard}]")
@then("在营业厅网页上订购页面加载次数不超标准 [{standard}]")
def order_pages(context, standard):
    plan.check_effort(context.walk, standard, "order", "pages")


@then("the order took the customer little time in the hall [{standard}]")
@then("在营业厅网页上订购用时不超标准 [{standard}]")
def order_time(context, standard):
    plan.check_effort(context.walk, standard, "order", "elapsed")


@then("an order confirmation SMS arrives in time [{standard}]")
@then("订购确认短信按时送达 [{standard}]")
def order_sms(context, standard):
    plan.check_order_sms(context.walk, standard)


@then("the confirmation names the service, the fee, when charging starts and how to "
      "unsubscribe [{standard}]")
@then("确认短信写明业务、资费、计费起点和退订方式 [{standard}]")
def order_sms_content(context, standard):
    plan.check_order_sms_content(context.walk, standard)


@when("the customer waits for activation")
@when("客户等待开通")
def wait_for_activation(context):
    plan.wait_for_activation(context.walk)


@then("the plan is active in time [{standard}]")
@then("套餐按时开通 [{standard}]")
def active_in_time(context, standard):
    plan.check_active_in_time(context.walk, standard)


@then("the activation notice names the number and the plan [{standard}]")
@then("开通通知写明号码和套餐 [{standard}]")
def activation_notice(context, standard):
    plan.check_activation_notice(context.walk, standard)


@when("the customer makes a call and uses mobile data")
@when("客户打电话并使用流量")
def use(context):
    plan.use(context.walk)


@then("every call and data session connects [{standard}]")
@then("每次通话和上网都能接通 [{standard}]")
def use_works(context, standard):
    plan.check_use_works(context.walk, standard)


@then("every session is recorded with its quantity [{standard}]")
@then("每次使用都被如实记录 [{standard}]")
def use_recorded(context, standard):
    plan.check_use_recorded(context.walk, standard)


@when("the month ends")
@when("月末出账")
def month_end(context):
    plan.month_end(context.walk)


@then("a bill notice SMS arrives in time [{standard}]")
@then("账单通知短信按时送达 [{standard}]")
def bill_notice(context, standard):
    plan.check_bill_notice(context.walk, standard)


@then("the bills shown are the customer's own [{standard}]")
@then("查询到的账单是本人的 [{standard}]")
def bills_own(context, standard):
    plan.check_bills_own(context.walk, standard)


@then("the bill matches the tariff to the fen [{standard}]")
@then("账单金额与资费相符 [{standard}]")
def bill_accurate(context, standard):
    plan.check_bill_accurate(context.walk, standard)


@then("the itemised record lists every session [{standard}]")
@then("详单列出每次使用 [{standard}]")
def bill_itemised(context, standard):
    plan.check_bill_itemised(context.walk, standard)


@when("the customer changes to the upgrade plan")
@when("客户变更为升级套餐")
def change_plan(context):
    plan.change_plan(context.walk)


@then("the change is confirmed by SMS in time [{standard}]")
@then("变更确认短信按时送达 [{standard}]")
def change_sms(context, standard):
    plan.check_change_sms(context.walk, standard)


@then("the change takes effect when the tariff says, not before [{standard}]")
@then("变更按资费规定的时间生效而非提前 [{standard}]")
def change_effective(context, standard):
    plan.check_change_effective(context.walk, standard)


@then("the plan change took at most the standard time at the counter [{standard}]")
@then("营业厅变更受理在标准时长内完成 [{standard}]")
def change_counter_time(context, standard):
    plan.check_counter_time(context.walk, standard, "change")


@when("the customer unsubscribes from the plan")
@when("客户退订该套餐")
def cancel(context):
    plan.cancel(context.walk)


@then("the unsubscribe is confirmed by SMS in time [{standard}]")
@then("退订确认短信按时送达 [{standard}]")
def cancel_sms(context, standard):
    plan.check_cancel_sms(context.walk, standard)


@then("the unsubscribe took at most the standard time at the counter [{standard}]")
@then("营业厅退订受理在标准时长内完成 [{standard}]")
def cancel_counter_time(context, standard):
    plan.check_counter_time(context.walk, standard, "cancel")


@then("the unsubscribe took few key presses on the hotline [{standard}]")
@then("热线退订按键次数不超标准 [{standard}]")
def cancel_key_presses(context, standard):
    plan.check_effort(context.walk, standard, "cancel", "keys")


@then("the voice menu announced the way to unsubscribe [{standard}]")
@then("热线语音菜单播报了退订方式 [{standard}]")
def cancel_announced(context, standard):
    plan.check_announced(context.walk, standard, tasks=frozenset({"cancel"}))


@then("the voice menu announced every other option the customer needed [{standard}]")
@then("热线语音菜单播报了客户所需的其他每个选项 [{standard}]")
def options_announced(context, standard):
    plan.check_announced(context.walk, standard, besides=frozenset({"cancel"}))


@then("the voice menu's way back went back one menu [{standard}]")
@then("热线语音菜单的返回键返回了上一级菜单 [{standard}]")
def way_back(context, standard):
    plan.check_way_back(context.walk, standard)


@then("the unsubscribe takes effect in time [{standard}]")
@then("退订按时生效 [{standard}]")
def cancel_effective(context, standard):
    plan.check_cancel_effective(context.walk, standard)


@then("no charges are made after the unsubscribe [{standard}]")
@then("退订后不再收费 [{standard}]")
def charges_stop(context, standard):
    plan.check_charges_stop(context.walk, standard)


@then("asking the hotline for an agent while they are busy offers other ways [{standard}]")
@then("人工繁忙时热线提供其他办理方式 [{standard}]")
def agent_queue(context, standard):
    plan.check_agent_queue(context.walk, standard)

