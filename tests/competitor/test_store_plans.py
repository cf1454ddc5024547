"""The competitor's store at a campaign's size: every statement in its code that picks rows
(a WHERE) finds them by an index, not by reading the whole table. Its whole-table listings
(no WHERE) read the table by nature and are not asked about."""

from __future__ import annotations

import ast
import re
import sqlite3
from pathlib import Path

from competitor_operator.store import SCHEMA
from tests.plans import schema_only, whole_table_reads

ROOT = Path(__file__).resolve().parents[2]
CODE = ROOT / "src" / "competitor_operator"


def _statements() -> list[str]:
    """The SQL written whole in the operator's code (string constants, joined as Python joins
    adjacent ones)."""
    found = []
    for path in sorted(CODE.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                text = " ".join(node.value.split())
                if re.match(r"(SELECT|UPDATE|DELETE)\b", text) and " WHERE " in text:
                    found.append(text)
    return found


def _scans(statements: list[str]) -> tuple[int, dict[str, list[str]]]:
    plans = schema_only(SCHEMA)
    explained, found = 0, {}
    for statement in statements:
        try:
            scans = whole_table_reads(plans, statement, (None,) * statement.count("?"))
        except sqlite3.Error:  # a fragment, completed elsewhere
            continue
        explained += 1
        if scans:
            found[statement] = scans
    return explained, found


def test_every_lookup_of_the_store_uses_an_index():
    explained, scans = _scans(_statements())
    assert explained > 20  # the code's statements were read: a check over none proves nothing
    assert scans == {}


def test_a_lookup_by_a_column_no_index_starts_with_is_a_scan():
    assert _scans(["SELECT * FROM usage WHERE kind = ?"]) == (
        1, {"SELECT * FROM usage WHERE kind = ?": ["SCAN usage"]})
