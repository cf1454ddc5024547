"""Steps every walk shares. Each language's wording is another decorator on the same function."""

from behave import given

from walkthrough.gherkin import begin


@given("a new customer who uses the {channel} channel")
@given("一位使用{channel}渠道的新客户")
def new_customer(context, channel):
    begin(context, channel)


@given("a new customer who reads {language} and uses the {channel} channel")
@given("一位阅读{language}短信、使用{channel}渠道的新客户")
def new_customer_who_reads(context, language, channel):
    begin(context, channel, reads=language)
