"""Steps every walk shares. Each language's wording is another decorator on the same function."""

from behave import given

from walkthrough.gherkin import begin


@given("a new customer who uses the {channel} channel")
@given("一位使用{channel}渠道的新客户")
def new_customer(context, channel):
    begin(context, channel)
