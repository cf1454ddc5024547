"""JMESPath, the language a carrier file points into its answers with: each expression parsed
once, and searched by one interpreter.

``jmespath.search`` parses (from its cache), then builds an interpreter and its function
table on every call: a backstage answer's list of messages is read field by field, item by
item, thousands of times a walk, and that building was most of the cost."""

from __future__ import annotations

import functools
from typing import Any

import jmespath
from jmespath import functions, visitor
from jmespath.exceptions import JMESPathError

__all__ = ["JMESPathError", "search"]

# The interpreter keeps no state of a search (its one cache, of visit methods by node type,
# is filled the same by every thread), so one serves every walk.
_INTERPRETER = visitor.TreeInterpreter(jmespath.Options(custom_functions=functions.Functions()))


@functools.lru_cache(maxsize=1024)
def _parsed(expression: str) -> Any:
    return jmespath.compile(expression).parsed


def search(expression: str, data: Any) -> Any:
    """What ``expression`` finds in ``data``, as ``jmespath.search`` answers; JMESPathError
    where the expression is not one."""
    return _INTERPRETER.visit(_parsed(expression), data)
