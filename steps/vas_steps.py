"""The value-added subscription's steps: one line each, the work is in walkthrough.product_lines."""

from behave import given, then, when

from walkthrough import cross_channel
from walkthrough.gherkin import begin
from walkthrough.product_lines import common, refunds, vas


@given("a new customer with a mobile plan who reads {language} and uses the {channel} channel")
@given("一位已有手机套餐、阅读{language}短信、使用{channel}渠道的新客户")
def customer_with_plan(context, language, channel):
    begin(context, channel, reads=language)
    vas.note_plan_start(context.walk)


@given("it is day {day:d} of the month")
@given("今天是当月{day:d}日")
def on_day(context, day):
    vas.on_day(context.walk, day)


@when("the customer looks up the {service} service in the catalogue")
@when("客户在目录中查找{service}业务")
def look_up(context, service):
    vas.look_up(context.walk, service)


@when("the customer subscribes to it")
@when("客户订购该业务")
def subscribe(context):
    common.order(context.walk)


@then("the subscription is accepted with an order number [{standard}]")
@then("业务订购被受理并给出订单号 [{standard}]")
def subscription_accepted(context, standard):
    vas.check_order_accepted(context.walk, standard)


@then("a ring-back tone order is accepted, one attempt of its success rate [{standard}]")
@then("彩铃订购被受理,计入彩铃订购成功率 [{standard}]")
def ringback_order(context, standard):
    vas.check_ringback_order(context.walk, standard)


@then("the service delivers in time [{standard}]")
@then("业务按时提供内容 [{standard}]")
def delivers(context, standard):
    vas.check_delivers(context.walk, standard)


@when("the free trial ends")
@when("免费试用期结束")
def trial_ends(context):
    vas.trial_ends(context.walk)


@then("no information fee is charged in the free months [{standard}]")
@then("试用期内不收信息费 [{standard}]")
def trial_free(context, standard):
    vas.check_trial_free(context.walk, standard)


@then("a reminder came on the 21st to 25th of the last free month [{standard}]")
@then("试用期末月21至25日收到提醒 [{standard}]")
def reminder(context, standard):
    vas.check_reminder(context.walk, standard)


@then("the whole information fee is charged from the 1st after the trial [{standard}]")
@then("试用期后自1日起收取整月信息费 [{standard}]")
def charged_from_first(context, standard):
    vas.check_charged_from_first(context.walk, standard)


@when("the customer unsubscribes from the service")
@when("客户退订该业务")
def unsubscribe(context):
    vas.unsubscribe(context.walk)


@then("no information fee is charged after the unsubscribe [{standard}]")
@then("退订后不再收取信息费 [{standard}]")
def charges_stop(context, standard):
    vas.check_charges_stop(context.walk, standard)


@given("a new customer with a mobile plan who asks on every channel the service is sold on")
@given("一位已有手机套餐、在销售该业务的每个渠道询问的新客户")
def customer_on_every_channel(context):
    cross_channel.begin(context)
    vas.note_plan_start(context.walk.walks[0])


@when("the customer subscribes to the {service} service on the first channel")
@when("客户在第一个渠道订购{service}业务")
def subscribe_on_first(context, service):
    vas.subscribe_on_first(context.walk, service)


@when("the customer unsubscribes from it on the last channel")
@when("客户在最后一个渠道退订该业务")
def unsubscribe_on_last(context):
    vas.unsubscribe_on_last(context.walk)


@then("every channel shows the same subscriptions [{standard}]")
@then("各渠道显示的订购关系一致 [{standard}]")
def same_subscriptions(context, standard):
    cross_channel.check_same_products(context.walk, standard)


@then("the service is active in time [{standard}]")
@then("业务按时开通 [{standard}]")
def active_in_time(context, standard):
    common.check_active_in_time(context.walk, standard)


@given("a content provider bills the customer an information fee they never ordered")
@given("内容提供商向客户收取了其未订购业务的信息费")
def provider_bills(context):
    refunds.provider_bills(context.walk)


@when("the month's bill comes")
@when("当月账单出账")
def bill_comes(context):
    refunds.bill_comes(context.walk)


@when("the customer complains about that information fee on the bill")
@when("客户对账单中的该信息费投诉")
def complain(context):
    refunds.complain(context.walk)


@then("the complaint is answered in time [{standard}]")
@then("投诉按时得到答复 [{standard}]")
def answered(context, standard):
    refunds.check_answered(context.walk, standard)


@then("the fee is refunded by the rule on the bill [{standard}]")
@then("按规则在账单中退还信息费 [{standard}]")
def refunded(context, standard):
    refunds.check_refund(context.walk, standard)

