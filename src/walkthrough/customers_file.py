"""A pool of given test numbers (``walkthrough run --customers-file FILE``): the test SIMs a
carrier hands QA, with their credentials, walked instead of the carrier's ``pool`` hook.

YAML (a ``customers:`` list) or CSV (a header row), each number with the fields a ``pool``
hook's answer gives:

    customers:
      - {msisdn: "17099990001", customer: BW0001, bill_day: 12, password: "135790"}

    msisdn,customer,account,bill_day,password
    17099990001,BW0001,,12,135790

``msisdn`` and ``customer`` are needed; ``account`` (default: the customer) and ``bill_day``
may be given; every other field is a credential of the number (``password`` is
``secret.password``, as the carrier file's flows name it).
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

from walkthrough import yamlfile
from walkthrough.customers import SECRET
from walkthrough.errors import UsageError

NEEDED = ("msisdn", "customer")
PLAIN = (*NEEDED, "account", "bill_day")
_HINT = "each number gives msisdn and customer, and may give account, bill_day and credentials"


def read(path: Path) -> list[dict[str, Any]]:
    """The numbers of the file, as rows of the carrier's ``pool`` hook; any mistake is a
    usage error naming the file and line."""
    rows = _csv(path) if path.suffix.lower() == ".csv" else _yaml(path)
    if not rows:
        raise UsageError("lists no test number", path=path, line=1, hint=_HINT)
    seen: dict[str, int] = {}
    out = []
    for line, row in rows:
        pool_row = _row(path, line, row)
        number = pool_row["msisdn"]
        if number in seen:
            raise UsageError(f"the number {number} is given twice (first on line "
                             f"{seen[number]})", path=path, line=line,
                             hint="give each test number once")
        seen[number] = line
        out.append(pool_row)
    return out


def _yaml(path: Path) -> list[tuple[int, Any]]:
    data = yamlfile.load(path)
    listed = data.get("customers")
    if not isinstance(listed, list):
        raise UsageError("expected a 'customers:' list of test numbers", path=path,
                         line=data.line_of("customers") or 1, hint=_HINT)
    after = data.line_of("customers") or 1
    rows = []
    for item in listed:
        lines = item.lines.values() if isinstance(item, yamlfile.Located) else ()
        after = min(lines, default=after + 1)
        rows.append((after, item))
    return rows


def _csv(path: Path) -> list[tuple[int, Any]]:
    text = yamlfile.read_text(path)
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames:
        raise UsageError("the file is empty", path=path, line=1, hint="a header row first: "
                         "msisdn,customer,...")
    names = [n.strip() for n in reader.fieldnames]
    rows = []
    try:
        for row in reader:
            if None in row:  # more cells than the header names
                raise UsageError(f"{len(row[None]) + len(names)} cells, but the header "
                                 f"names {len(names)}", path=path, line=reader.line_num,
                                 hint="one cell for each column of the header")
            values = {n: (v or "").strip() for n, v in zip(names, row.values(), strict=False)}
            rows.append((reader.line_num, {k: v for k, v in values.items() if v}))
    except csv.Error as exc:
        raise UsageError(f"not valid CSV ({exc})", path=path, line=reader.line_num,
                         hint="fix the CSV at that line") from None
    return rows


def _row(path: Path, line: int, row: Any) -> dict[str, Any]:
    if not isinstance(row, dict):
        raise UsageError(f"a test number must be a mapping of its fields, not {row!r}",
                         path=path, line=line, hint=_HINT)
    missing = [k for k in NEEDED if row.get(k) in (None, "")]
    if missing:
        raise UsageError(f"the test number lacks {' and '.join(missing)}", path=path,
                         line=line, hint=_HINT)
    number = str(row["msisdn"])
    if not re.fullmatch(r"\+?\d{5,15}", number):
        raise UsageError(f"msisdn {number!r} is not a phone number", path=path, line=line,
                         hint="write the number's digits, quoted in YAML")
    out: dict[str, Any] = {"msisdn": number, "customer": str(row["customer"]),
                           "account": str(row.get("account") or row["customer"])}
    if row.get("bill_day") not in (None, ""):
        day = str(row["bill_day"])
        if not day.isdigit() or not 1 <= int(day) <= 31:
            raise UsageError(f"bill_day {day!r} is not a day of the month", path=path,
                             line=line, hint="a whole number from 1 to 31")
        out["bill_day"] = int(day)
    for key, value in row.items():
        if key in PLAIN or value in (None, ""):
            continue
        if isinstance(value, dict | list):
            raise UsageError(f"{key} must be a single value", path=path, line=line, hint=_HINT)
        name = key[len(SECRET):] if key.startswith(SECRET) else key
        out[SECRET + name] = str(value)
    return out
