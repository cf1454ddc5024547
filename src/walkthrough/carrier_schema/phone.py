"""``phone``: the test customer's handset (what it does is the backstage's hooks)."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from walkthrough.carrier_schema.kinds import Section, Text


class Phone(Section):
    home_country: Annotated[Any, Text()] = Field(
        None, description="The number's home country (ISO 3166 alpha-2); not read by the "
        "walks yet.")
    call_to: Annotated[Any, Text()] = Field(
        None, description="The number a walk's calls are made to (default 10000).")
