"""The converged bundle walk's steps: one line each, the work is in
walkthrough.product_lines.bundle. Steps it shares with the other lines (order, activation,
month end, unsubscribe checks) are defined with them."""

from behave import given, then, when

from walkthrough import cross_channel
from walkthrough.product_lines import bundle, common


@when("the customer looks up the converged bundle in the catalogue")
@when("客户在目录中查找融合套餐")
def look_up(context):
    bundle.look_up(context.walk)


@when("the customer orders the bundle")
@when("客户订购融合套餐")
def order(context):
    common.order(context.walk)


@then("the bundle is active in time [{standard}]")
@then("融合套餐按时开通 [{standard}]")
def active_in_time(context, standard):
    common.check_active_in_time(context.walk, standard)


@then("one bill carries every member's fee and the bundle discount [{standard}]")
@then("一张账单含各成员月费和融合优惠 [{standard}]")
def discount(context, standard):
    bundle.check_discount(context.walk, standard)


@when("the customer removes one member mid-month")
@when("客户在月中退订一个成员")
def remove_member(context):
    bundle.remove_member(context.walk)


@then("the other members stay and the rule for what remains applies from the next month "
      "[{standard}]")
@then("其余成员保留,次月起按剩余成员优惠 [{standard}]")
def member_removed(context, standard):
    bundle.check_member_removed(context.walk, standard)


@when("the customer cancels the bundle")
@when("客户退订融合套餐")
def cancel(context):
    bundle.cancel(context.walk)


@then("nothing is charged after the bundle ends [{standard}]")
@then("融合套餐退订后不再收费 [{standard}]")
def charges_stop(context, standard):
    bundle.check_charges_stop(context.walk, standard)


@given("a new customer who asks on every channel the bundle is sold on")
@given("一位在销售融合套餐的每个渠道询问的新客户")
def customer_on_every_channel(context):
    cross_channel.begin(context)


@when("the customer looks up the converged bundle on each channel")
@when("客户在每个渠道查找融合套餐")
def look_up_everywhere(context):
    cross_channel.each(context.walk, bundle.look_up)
