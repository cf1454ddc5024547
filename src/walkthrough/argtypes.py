"""Types for command-line options: a bad value is refused by argparse itself, in its words
(`error: argument --workers: 0 is not at least 1`), exit 2."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any


def whole(low: int, high: int | None = None) -> Callable[[str], int]:
    """A whole number in [low, high] (no upper bound without ``high``)."""
    def number(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not a whole number") from None
        if value < low or (high is not None and value > high):
            span = f"between {low} and {high}" if high is not None else f"at least {low}"
            raise argparse.ArgumentTypeError(f"{value} is not {span}")
        return value
    return number


def share(text: str) -> float:
    """A share of checkpoints, 0..1."""
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number") from None
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError(f"{value} is not between 0 and 1 (0.95 is 95 %)")
    return value


def shard(text: str) -> Any:
    """``K/N``: shard K of N, 1 <= K <= N."""
    from walkthrough import shards

    try:
        return shards.parse(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None
