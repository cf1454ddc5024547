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


def begin(context: Any, channel: str) -> Walk:
    """Start the walk of the scenario: a fresh customer on ``channel``, signed in."""
    walk = context.session.new_walk(product_line_of(context.tags), channel,
                                    feature=getattr(context, "feature_name", ""))
    context.walk = walk
    walk.act("signed_in", "order", walk.channel.sign_in)
    return walk
