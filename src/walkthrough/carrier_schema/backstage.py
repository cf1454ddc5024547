"""``backstage``: the carrier's test environment, everything a walk needs that a customer
never does (fresh customers, the clock, the handset, provider charges, network work, recharge
cards), each hook one HTTP call."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from walkthrough.carrier_schema.kinds import EnvVar, JmesPath, OneOf, Request, Section, Text

CUSTOMERS = ("new", "pool")


class Key(Section):
    header: Annotated[Any, Text()] = Field(
        description="The header every test-environment call carries.")
    env: Annotated[Any, EnvVar()] = Field(
        description="The environment variable holding the header's value.")


class Hook(Section):
    request: Annotated[Any, Request()] = Field(
        description="The method and the URL: `POST {base_url}/path` (placeholders: "
        "`{base_url}`, `{customer}`, `{msisdn}`, `{name}`, `{id_number}`, and the hook's own).")
    as_: Annotated[Any, OneOf("api", hint=(
        "api: test customers are made as the walk's API client; remove it to make them with "
        "the test-environment key alone"))] = Field(
        None, alias="as", description="`api`: made as the walk's API client, whose tokens see "
        "only such customers (new_customer).")
    body: Any = Field(None, description="The body, a template: `\"{x}\"` alone keeps the "
                      "value's type; a key whose value the walk lacks is left out.")
    answer: dict[str, Annotated[Any, JmesPath()]] | None = Field(
        None, description="Where each field is in the answer (JMESPath); `each`: the answer "
        "is a list of these.")
    verdict: Annotated[Any, JmesPath()] = Field(
        None, description="Where the network's verdict is (a call, a data session): a product "
        "fact, not the test environment's.")


class Backstage(Section):
    key: Key | None = Field(None, description="The credential every call carries: "
                            "`{header, env}`.")
    refusal: Annotated[Any, JmesPath()] = Field(
        None, description="Where a refusal's words are in an answer of 400 or more (JMESPath).")
    customers: Annotated[Any, OneOf(*CUSTOMERS, hint=(
        "new: made by the new_customer hook; pool: taken from the pool hook's numbers and "
        "reset by the reset hook"))] = Field(
        None, description="`new`: each walk's customer made by `new_customer`; `pool`: taken "
        "from `pool` and reset by `reset`.")
    hooks: dict[str, Hook] = Field(default_factory=dict, description="Each hook by its name "
                                   "(new_customer, pool, reset, clock, clock_advance, "
                                   "clock_set, inbox, send_sms, call, data, call_log, "
                                   "ringback, location, line, provider_charge, network_work, "
                                   "recharge_card).")
