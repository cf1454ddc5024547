"""Steps of the cross-channel walks: one customer, every channel the product is sold on."""

from behave import given, then, when

from walkthrough import cross_channel
from walkthrough.product_lines import mobile_plan as plan


@given("a new customer who asks on every channel the mobile plan is sold on")
@given("一位在销售手机套餐的每个渠道询问的新客户")
def customer_on_every_channel(context):
    cross_channel.begin(context)


@when("the customer looks up the mobile plan on each channel")
@when("客户在每个渠道查找手机套餐")
def look_up_everywhere(context):
    cross_channel.each(context.walk, plan.look_up)


@then("each channel states the same price and terms as the others [{standard}]")
@then("每个渠道告知的资费和条款与其他渠道一致 [{standard}]")
def same_offer(context, standard):
    cross_channel.check_same_offer(context.walk, standard)
