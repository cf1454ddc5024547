"""``carrier``: who the carrier is and where it runs."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field, ValidationInfo, model_validator

from walkthrough.carrier_schema.kinds import EnvVar, ModuleName, Section, Text, Url, refuse


class Launch(Section):
    module: Annotated[Any, Text()] = Field(
        description="The embedded operator's module, started as `python -m MODULE serve`.")
    ready: Annotated[Any, Text()] = Field(
        description="The path that answers once the operator serves, e.g. /test/health.")
    faults: Annotated[Any, Text()] = Field(
        None, description="The path listing the faults `--fault` can switch on.")
    real_time: Annotated[Any, Text()] = Field(
        None, description="The option that runs it on the wall clock (with `clock.kind: "
        "real`).")
    secrets: list[Annotated[Any, EnvVar()]] = Field(
        default_factory=list, description="The environment variables of the credentials it "
        "reads: made up for the run when unset.")

    @model_validator(mode="before")
    @classmethod
    def _says_how(cls, data: Any, info: ValidationInfo) -> Any:
        if not isinstance(data, dict) or not data.get("module") or not data.get("ready"):
            raise refuse(f"{{key}} is {data!r}, not the module and ready path of an embedded "
                         "operator", "launch: {module: my_operator, ready: /health}; "
                         "remove 'launch' to walk a carrier where it runs, at its base_url")
        return data


class Carrier(Section):
    name: Annotated[Any, Text()] = Field(
        None, description="The carrier's name, as reports show it (default: the file's name).")
    launch: Launch | None = Field(
        None, description="Start an embedded operator for the run; remove it to walk a "
        "carrier where it runs, at `base_url`.")
    base_url: Annotated[Any, Url()] = Field(
        None, description="Where the carrier runs; `{base_url}` in every other URL stands "
        "for it (or for the address of the operator `launch` starts).")
    adapter: Annotated[Any, ModuleName()] = Field(
        None, description="A module of drivers of the carrier's own (`DRIVERS`: channel → "
        "driver factory), used in place of the harness's for those channels.")
