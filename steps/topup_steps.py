"""The prepaid top-up's steps: one line each, the work is in walkthrough.product_lines."""

from behave import given, then, when

from walkthrough import cross_channel
from walkthrough.gherkin import begin
from walkthrough.product_lines import topup


@given("a new prepaid customer whose balance has run out, who uses the {channel} channel")
@given("一位余额已用完、使用{channel}渠道的预付费新客户")
def prepaid_customer(context, channel):
    begin(context, channel)
    topup.note_start(context.walk)


@given("the arrears notice came and the grace period passed unpaid")
@given("欠费提醒已收到且宽限期内未缴费")
def in_arrears(context):
    topup.fall_into_arrears(context.walk)


@when("the customer tops up as many times as the carrier sets for the channel")
@when("客户按运营商为该渠道设定的次数充值")
def tops_up(context):
    topup.top_up_several(context.walk)


@then("the top-ups succeed at the standard rate [{standard}]")
@then("充值成功率达到标准 [{standard}]")
def success_rate(context, standard):
    topup.check_success_rate(context.walk, standard)


@then("each top-up took at most the standard time at the counter [{standard}]")
@then("营业厅每笔充值受理在标准时长内完成 [{standard}]")
def counter_time(context, standard):
    topup.check_counter_time(context.walk, standard)


@then("each top-up reaches the balance in time [{standard}]")
@then("每笔充值按时到账 [{standard}]")
def credited(context, standard):
    topup.check_credited_in_time(context.walk, standard)


@then("a payment-received SMS follows each top-up in time [{standard}]")
@then("每笔充值后按时收到到账短信 [{standard}]")
def payment_notice(context, standard):
    topup.check_payment_notice(context.walk, standard)


@when("the customer calls and goes online again")
@when("客户再次通话和上网")
def use_again(context):
    topup.use(context.walk)


@then("calls and data work again [{standard}]")
@then("通话和上网恢复可用 [{standard}]")
def works_again(context, standard):
    topup.check_works_again(context.walk, standard)


@then("the balance is the opening balance plus the top-ups less the charges [{standard}]")
@then("余额等于期初余额加充值减扣费 [{standard}]")
def balance_right(context, standard):
    topup.check_balance(context.walk, standard)


@when("the customer goes about the next days")
@when("客户度过接下来的几天")
def next_days(context):
    topup.watch_inbox(context.walk)


@then("no arrears notice comes once the balance is paid up [{standard}]")
@then("余额缴清后不再收到欠费提醒 [{standard}]")
def no_arrears(context, standard):
    topup.check_no_arrears(context.walk, standard)


@given("a new prepaid customer whose balance has run out, who asks on every channel top-up "
       "is sold on")
@given("一位余额已用完、在销售充值的每个渠道查询的预付费新客户")
def prepaid_on_every_channel(context):
    cross_channel.begin(context)


@when("the customer pays off the arrears on the first channel")
@when("客户在第一个渠道缴清欠费")
def pay_on_first(context):
    topup.top_up_on_first(context.walk)


@when("the customer tops up once on each other channel in turn, then once more on the first")
@when("客户在其他每个渠道依次充值一次,再在第一个渠道充值一次")
def top_up_in_turn(context):
    topup.top_up_in_turn(context.walk)


@then("after each top-up every channel shows the same balance [{standard}]")
@then("每次充值后各渠道显示的余额一致 [{standard}]")
def same_balance(context, standard):
    cross_channel.check_same_balance(context.walk, standard)
