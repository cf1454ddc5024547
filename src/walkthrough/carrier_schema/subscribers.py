"""``subscribers``: how a walk gets a fresh test customer, and the test environment's key."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from walkthrough.carrier_schema.kinds import EnvVar, OneOf, Section, Text, Url

OWNERS = ("api",)


class Key(Section):
    header: Annotated[Any, Text()] = Field(
        description="The header every test-environment call carries.")
    env: Annotated[Any, EnvVar()] = Field(
        description="The environment variable holding the header's value.")


class Subscribers(Section):
    key: Key | None = Field(None, description="The test-support credential: `{header, env}`.")
    owner: Annotated[Any, OneOf(*OWNERS, hint=(
        "api: test customers are made as the walk's API client; remove it to make them "
        "with the test-support key alone"))] = Field(
        None, description="`api`: a test customer is made with the API client's "
        "credentials, so its tokens see that customer and no other.")
    create: Annotated[Any, Url()] = Field(
        None, description="The test-environment URL that makes a fresh customer and "
        "answers `{\"id\", \"msisdn\"}`.")
    account: Annotated[Any, Text()] = Field(
        None, description="The field of `create`'s answer naming the customer's account "
        "(default `id`).")
    provider_charge: Annotated[Any, Url("customer")] = Field(
        None, description="Where a content provider reports an information fee for the "
        "customer (refund walks).")
    network_work: Annotated[Any, Url("customer")] = Field(
        None, description="Where planned network work on the customer's lines is scheduled "
        "(the enterprise walk's outage notice).")
