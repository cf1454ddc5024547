"""``carrier``: who the carrier is and where it runs."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from walkthrough.carrier_schema.kinds import OneOfOrOpen, Section, Text, Url

LAUNCHES = ("demo",)


class Carrier(Section):
    name: Annotated[Any, Text()] = Field(
        None, description="The carrier's name, as reports show it (default: the file's name).")
    # a mapping is an embedded operator's module, being added: checked once its shape settles
    launch: Annotated[Any, OneOfOrOpen(*LAUNCHES, hint=(
        "remove 'launch' to walk a carrier where it runs, at its base_url"))] = Field(
        None, description="`demo`: start the embedded demo operator and walk it; remove it "
        "to walk a carrier where it runs, at `base_url`. A mapping names another embedded "
        "operator (not checked yet).")
    base_url: Annotated[Any, Url()] = Field(
        None, description="Where the carrier runs; `{base_url}` in every other URL stands "
        "for it (or for the address of the operator `launch` starts).")
