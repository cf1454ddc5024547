"""``languages``: the languages a customer may read the carrier's SMS in."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from walkthrough.carrier_schema.kinds import Locale, Section, Text


class Language(Section):
    names: list[Annotated[Any, Text()]] = Field(
        default_factory=list, description="How a feature names the language (\"a new "
        "customer who reads English\").")
    locale: Annotated[Any, Locale()] = Field(
        None, description="The Faker locale a persona reading it is invented in (default "
        "zh_CN).")
    subscriber: dict[str, Any] = Field(
        default_factory=dict, description="What the test-customer request adds for such a "
        "customer (passed to the test environment as it is).")


Languages = dict[str, Language]
