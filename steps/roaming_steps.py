"""The international roaming walk's steps: one line each, the work is in
walkthrough.product_lines.roaming. Steps the walk shares with the other lines (order,
activation, use, month end, unsubscribe checks) are defined with them."""

from behave import given, then, when

from walkthrough import cross_channel
from walkthrough.gherkin import begin
from walkthrough.product_lines import common, roaming, vas


@given("a new customer with a mobile plan who uses the {channel} channel")
@given("一位已有手机套餐、使用{channel}渠道的新客户")
def customer_with_plan(context, channel):
    begin(context, channel)
    vas.note_plan_start(context.walk)


@when("the customer looks up international roaming in the catalogue")
@when("客户在目录中查找国际漫游")
def look_up(context):
    roaming.look_up(context.walk)


@then("the catalogue shows the published roaming fee and zone rates [{standard}]")
@then("目录展示的漫游功能费和各区资费与公布的一致 [{standard}]")
def rates_shown(context, standard):
    roaming.check_rates_shown(context.walk, standard)


@when("the customer turns roaming on")
@when("客户开通国际漫游")
def turn_on(context):
    common.order(context.walk)


@when("the customer lands in {country}")
@when("客户抵达{country}")
def lands(context, country):
    roaming.travel(context.walk, country)


@then("a welcome SMS with the local rates arrives in time [{standard}]")
@then("按时收到含当地资费的欢迎短信 [{standard}]")
def welcome(context, standard):
    roaming.check_welcome(context.walk, standard)


@when("the customer makes a call and uses mobile data there")
@when("客户在当地打电话并使用流量")
def use_abroad(context):
    roaming.use(context.walk)


@then("the usage abroad is billed at the zone's rates to the fen [{standard}]")
@then("境外使用按所在区域资费计费,精确到分 [{standard}]")
def rated(context, standard):
    roaming.check_rated(context.walk, standard)


@when("the customer turns roaming off")
@when("客户退订国际漫游")
def turn_off(context):
    roaming.cancel(context.walk)


@then("abroad nothing connects or is charged after roaming is off [{standard}]")
@then("退订后在境外不能使用也不再收费 [{standard}]")
def charges_stop(context, standard):
    roaming.check_charges_stop(context.walk, standard)


@when("the customer looks up international roaming on each channel")
@when("客户在每个渠道查找国际漫游")
def look_up_everywhere(context):
    cross_channel.each(context.walk, roaming.look_up)
