"""The Chinese wording of the features walks as the English does: the same cells, the same
standards checked, every checkpoint passing on the clean demo operator. (The browser channels
are left to the English walks: the steps and the drivers are the same.)"""

from __future__ import annotations

QUICK = ("--channel", "api", "--channel", "sms", "--channel", "hotline", "--no-html")


def _judged(outcome) -> set[tuple[str, str, str]]:
    return {(r["product_line"], r["channel"], r["standard"]) for r in outcome.records()}


def test_the_chinese_features_walk_the_same_checkpoints_as_the_english(run_walks):
    chinese = run_walks(*QUICK, "--language", "zh-CN")
    english = run_walks(*QUICK)
    assert chinese.code == english.code == 0, chinese.stdout[-3000:]
    assert chinese.summary["compliance"] == 1.0
    assert chinese.summary["checkpoints"]["total"] == english.summary["checkpoints"]["total"] > 0
    assert _judged(chinese) == _judged(english)
    assert {r["feature"] for r in chinese.records()} != {r["feature"] for r in english.records()}
