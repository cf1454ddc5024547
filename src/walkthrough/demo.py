"""The embedded demo operator, as the project's default carrier file launches it: for the
commands and tests that start one without walking (``walkthrough operator``, fixtures)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from walkthrough.carrier import DEFAULT, Carrier
from walkthrough.launch import Operator, free_port

__all__ = ["COUNTER_PASSWORD_ENV", "TEST_KEY_ENV", "TOKEN_ENV", "DemoOperator", "free_port"]

# the demo operator's credentials, as scenarios/carriers/demo.yaml names them
TOKEN_ENV = "DEMO_OPERATOR_API_TOKEN"
COUNTER_PASSWORD_ENV = "DEMO_OPERATOR_COUNTER_PASSWORD"
TEST_KEY_ENV = "DEMO_OPERATOR_TEST_KEY"


def DemoOperator(faults: list[str], db: Path, **options: Any) -> Operator:  # noqa: N802 - a class to its callers
    launch = Carrier.load(DEFAULT).launch
    assert launch is not None, f"{DEFAULT} launches the demo operator"
    return Operator(launch, faults, db, **options)
