"""The fixed lines' steps (broadband, enterprise leased lines): one line each, the work is in
walkthrough.product_lines."""

from behave import given, then, when

from walkthrough import cross_channel
from walkthrough.gherkin import begin
from walkthrough.product_lines import broadband, enterprise, fixed_line
from walkthrough.product_lines import mobile_plan as plan


@when("the customer looks up the {line} offering in the catalogue")
@when("客户在目录中查找{line}产品")
def look_up(context, line):
    fixed_line.look_up(context.walk)


@when("the customer books an installation slot the channel offers")
@when("客户预约渠道提供的安装时段")
def book_slot(context):
    broadband.book_slot(context.walk)


@when("the customer orders it for their address")
@when("客户为自己的地址订购")
def order(context):
    fixed_line.order_for_site(context.walk)


@when("the customer waits at home for the technician")
@when("客户在家等待装维人员上门")
def wait_for_installation(context):
    broadband.wait_for_installation(context.walk)


@then("the line is installed within the booked slot [{standard}]")
@then("在预约时段内完成安装开通 [{standard}]")
def installed_in_slot(context, standard):
    broadband.check_installed_in_slot(context.walk, standard)


@then("the activation notice names the number and the line [{standard}]")
@then("开通通知写明账号和业务 [{standard}]")
def activation_notice(context, standard):
    fixed_line.check_activation_notice(context.walk, standard)


@when("the customer goes online on the line")
@when("客户使用该线路上网")
def use(context):
    fixed_line.use(context.walk)


@then("the line connects [{standard}]")
@then("线路可以正常连接 [{standard}]")
def line_connects(context, standard):
    plan.check_use_works(context.walk, standard)


@then("the bill is the monthly fee from the day the line started [{standard}]")
@then("账单按开通日起折算月费 [{standard}]")
def bill_accurate(context, standard):
    fixed_line.check_bill_accurate(context.walk, standard)


@when("the customer reports a fault on the line")
@when("客户报障")
def report_fault(context):
    fixed_line.report_fault(context.walk)


@then("the fault is repaired in time and the customer told [{standard}]")
@then("故障按时修复并通知客户 [{standard}]")
def repaired(context, standard):
    fixed_line.check_repaired(context.walk, standard)


@when("the customer has the line disconnected")
@when("客户办理拆机")
def disconnect(context):
    fixed_line.disconnect(context.walk)


# -- enterprise leased lines ----------------------------------------------------------------
@given("a new enterprise customer served on the {channel} channel")
@given("一位在{channel}渠道办理的政企客户")
def new_enterprise(context, channel):
    begin(context, channel)


@when("the circuit is provisioned")
@when("电路开通")
def provisioned(context):
    enterprise.wait_for_provisioning(context.walk)


@then("the contact gets a revisit call in time after provisioning [{standard}]")
@then("开通后按时回访联系人 [{standard}]")
def revisit_after_provisioning(context, standard):
    enterprise.check_revisit(context.walk, standard, after="active")


@when("network operations plan work that interrupts the line")
@when("网运部安排影响该专线的割接")
def plan_work(context):
    enterprise.plan_network_work(context.walk)


@then("the contact is told by SMS before the work starts [{standard}]")
@then("割接前主动短信通知联系人 [{standard}]")
def outage_notice(context, standard):
    enterprise.check_outage_notice(context.walk, standard)


@then("the contact gets a revisit call in time after the repair [{standard}]")
@then("修复后按时回访联系人 [{standard}]")
def revisit_after_repair(context, standard):
    enterprise.check_revisit(context.walk, standard, after="repaired")


# -- across channels ------------------------------------------------------------------------
@given("a new customer who asks every channel the line is sold on")
@given("一位在销售该线路的每个渠道询问的新客户")
def customer_on_every_channel(context):
    cross_channel.begin(context)


@when("the customer looks up the line's offering on each channel")
@when("客户在每个渠道查找该线路产品")
def look_up_everywhere(context):
    cross_channel.each(context.walk, fixed_line.look_up)
