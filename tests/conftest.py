"""What every test shares: the embedded operators the tests start are forked."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from tests.walks import forked


@pytest.fixture(scope="session", autouse=True)
def operators_forked() -> Iterator[None]:
    """Every embedded operator the tests start with ``python -m demo_operator serve`` (or the
    competitor's) is forked from one process per worker that has it imported
    (tests/walks/operator_forks.py), but where a test gives its operator an environment of its
    own: the tests of a stopped run follow the real process tree down to its operator."""
    saved = dict(os.environ)
    os.environ.update(forked.operator_forks())
    yield
    os.environ.clear()
    os.environ.update(saved)
