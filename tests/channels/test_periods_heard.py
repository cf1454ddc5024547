"""A bill's period as a voice menu says it: with its year, or by its month alone, which a
caller understands as the latest such month (the carrier's date read only then)."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from walkthrough.channels.hotline import period_heard

SAID = re.compile(r"(?:(?P<year>\d{4})年)?(?P<month>\d{1,2})月账单")


def _today(date: dt.date, reads: list[dt.date]):
    def today() -> dt.date:
        reads.append(date)
        return date
    return today


@pytest.mark.parametrize(("heard", "on", "period"), [
    ("11月账单", dt.date(2026, 12, 2), "2026-11"),
    ("12月账单", dt.date(2026, 12, 2), "2026-12"),
    ("11月账单", dt.date(2027, 1, 3), "2026-11"),  # heard in January: last year's November
    ("1月账单", dt.date(2027, 1, 3), "2027-01"),
])
def test_a_month_alone_is_the_latest_such_month(heard, on, period):
    reads: list[dt.date] = []
    assert period_heard(SAID.search(heard), _today(on, reads)) == period
    assert len(reads) == 1


def test_a_month_with_its_year_needs_no_date():
    reads: list[dt.date] = []
    assert period_heard(SAID.search("2025年11月账单"), _today(dt.date(2027, 1, 3), reads)) \
        == "2025-11"
    assert reads == []
