"""Phone numbers, ID numbers and names never reach the history, an export or the report
unmasked, even when a carrier's message quotes them and the walk did not mask them."""

from __future__ import annotations

import csv
import io
import json

import pytest

from walkthrough.history import History, RunInfo, export
from walkthrough.masking import mask_text
from walkthrough.report.commands import build_report

from .helpers import CATALOGUE, DUE_DAYS, T0, record

PHONE, ID_NUMBER, NAME = "13912345678", "44010619900307123X", "王小明"
LEAKY = (f"【演示电信】尊敬的{NAME}先生,您的号码{PHONE}已开通,证件{ID_NUMBER}。"
         f" name: Li Lei, old ID 440106900307123, call +86 13800138000")
RAW = (PHONE, ID_NUMBER, NAME, "440106900307123", "13800138000", "Li Lei")


@pytest.mark.parametrize(("text", "masked"), [
    ("号码13912345678", "号码139****5678"),
    ("证件44010619900307123X", "证件4401**********123X"),
    ("尊敬的王小明先生,您好", "尊敬的王**先生,您好"),
    ("尊敬的客户,您好", "尊敬的客户,您好"),  # not a name
    ("李华女士", "李*女士"),
    ("姓名:张伟", "姓名:张*"),
    ("name: Li Lei", "name: L. L."),
    ("订单号PO-000001, 27.81元, 2026-11", "订单号PO-000001, 27.81元, 2026-11"),
    ("199****0297 and 张*", "199****0297 and 张*"),  # already masked stays as it is
])
def test_mask_text(text: str, masked: str) -> None:
    assert mask_text(text) == masked


@pytest.fixture
def leaky_history(sqlite_history: History) -> History:
    failed = record("r1", "ACT-NOTICE", "failed", observed=LEAKY)
    failed.expected = f"names the number {PHONE}"
    failed.reason = f"customer {NAME}先生 could not be reached on {PHONE}"
    sqlite_history.import_run(RunInfo(id="r1", carrier="演示电信 (demo)", started=T0),
                              [record("r1", "ORD-ACK", "passed"), failed], CATALOGUE, DUE_DAYS)
    return sqlite_history


def _clean(text: str) -> None:
    for raw in RAW:
        assert raw not in text, f"{raw} appears unmasked"


def test_the_history_stores_masked_text(leaky_history: History) -> None:
    for r in leaky_history.records("r1"):
        _clean(json.dumps(r.to_dict(), ensure_ascii=False))
    _clean(json.dumps([p.observed for p in leaky_history.problems()], ensure_ascii=False))


def test_exports_are_masked(leaky_history: History) -> None:
    out = io.StringIO()
    export.write_jsonl(leaky_history, out)
    _clean(out.getvalue())
    assert "139****5678" in out.getvalue()
    out = io.StringIO()
    export.write_csv(leaky_history, out)
    rows = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert len(rows) == 2 and rows[1]["observed"].startswith("【演示电信】尊敬的王**先生")
    _clean(out.getvalue())


def test_the_report_is_masked(leaky_history: History, tmp_path) -> None:
    out = build_report(leaky_history, tmp_path, tmp_path / "walkthrough.html")
    html = out.read_text(encoding="utf-8")
    _clean(html)
    assert "139****5678" in html


def test_export_through_the_command_is_masked(leaky_history: History, tmp_path,
                                              capsys) -> None:
    from walkthrough import cli

    out = tmp_path / "export" / "history.csv"
    code = cli.main(["history", "export", "--history", leaky_history.where, "--format", "csv",
                     "--out", str(out)])
    assert code == 0, capsys.readouterr().err
    assert "2 row(s) exported" in capsys.readouterr().out  # one row a checkpoint
    _clean(out.read_text(encoding="utf-8"))
