"""``phone``: the test customer's handset, as the test environment stands it in."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from walkthrough.carrier_schema.kinds import Section, Text, Url

Handset = Annotated[Any, Url("msisdn")]


class Phone(Section):
    inbox: Handset = Field(None, description="The SMS the test number received.")
    call: Handset = Field(None, description="Makes a call from the number.")
    data: Handset = Field(None, description="Opens a data session from the number.")
    send: Handset = Field(None, description="Sends an SMS from the number.")
    ringback: Handset = Field(None, description="The ring-back tone callers of the number "
                              "hear.")
    call_log: Handset = Field(None, description="The calls the number received (revisit "
                              "calls).")
    line: Handset = Field(None, description="Opens a session on the fixed line registered "
                          "to the number.")
    location: Handset = Field(None, description="Where the phone registers (abroad: "
                              "roaming); a test-environment stand-in.")
    home_country: Annotated[Any, Text()] = Field(
        None, description="The number's home country (ISO 3166 alpha-2); not read by the "
        "walks yet.")
    call_to: Annotated[Any, Text()] = Field(
        None, description="The number a walk's calls are made to (default 10000).")
