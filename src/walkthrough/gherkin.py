"""What both runners share about Gherkin: tags, and the start of a walk from a step."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from walkthrough.errors import UsageError
from walkthrough.walk import Walk

PRODUCT_TAG = "product:"


def product_line_of(tags: Iterable[str]) -> str:
    for tag in tags:
        if tag.startswith(PRODUCT_TAG):
            return tag[len(PRODUCT_TAG):]
    raise UsageError("the feature has no @product:<line> tag",
                     hint="tag the feature, e.g. @product:mobile_plan")


def begin(context: Any, channel: str, reads: str | None = None) -> Walk:
    """Start the walk of the scenario: a fresh customer on ``channel``, signed in, who reads
    the carrier's SMS in ``reads`` (a language as the carrier file names it)."""
    walk = context.session.new_walk(product_line_of(context.tags), channel,
                                    feature=getattr(context, "feature_name", ""), reads=reads)
    context.walk = walk
    walk.act("signed_in", "order", walk.channel.sign_in)
    return walk
