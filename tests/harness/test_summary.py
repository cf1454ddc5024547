"""Compliance: what counts, what is kept apart, and the keys CI reads."""

from walkthrough import standards, summary
from walkthrough.checkpoint import CheckpointRecord
from walkthrough.session import ROOT

CATALOGUE = standards.load(ROOT / "scenarios" / "standards.yaml")


def record(status: str, standard: str = "ORD-ACK", channel: str = "api",
           severity: str = "critical", walk: str = "w1") -> CheckpointRecord:
    std = CATALOGUE.get(standard)
    return CheckpointRecord(run="r", walk=walk, carrier="c", product_line="mobile_plan",
                            channel=channel, stage=std.stage, standard=standard,
                            title=std.title_en, department=std.department, severity=severity,
                            status=status)


def test_blocked_counts_against_compliance_and_errored_does_not():
    records = [record("passed")] * 8 + [record("failed"), record("blocked"), record("errored")]
    result = summary.summarise(records, CATALOGUE, run="r", carrier="c")
    assert result["compliance"] == 0.8
    assert result["checkpoints"] == {"passed": 8, "failed": 1, "blocked": 1, "errored": 1,
                                     "total": 11}
    assert result["verdict"] == "environment error"
    assert summary.exit_code(result) == summary.EXIT_ENVIRONMENT


def test_target_decides_the_exit_code():
    records = [record("passed")] * 19 + [record("failed")]
    at_target = summary.summarise(records, CATALOGUE, run="r", carrier="c")
    assert at_target["compliance"] == 0.95 and summary.exit_code(at_target) == 0
    strict = summary.summarise(records, CATALOGUE, run="r", carrier="c", target=0.99)
    assert strict["verdict"] == "below target" and summary.exit_code(strict) == 1


def test_weighted_compliance_weighs_by_severity():
    records = [record("passed", severity="minor"), record("failed", severity="critical")]
    result = summary.summarise(records, CATALOGUE, run="r", carrier="c")
    assert result["compliance"] == 0.5
    assert result["weighted_compliance"] == round(1 / 6, 4)  # minor 1 vs critical 5


def test_stable_keys_and_breakdowns():
    records = [record("passed", channel="api"), record("failed", "BILL-ACCURATE", channel="web",
                                                       walk="w2")]
    result = summary.summarise(records, CATALOGUE, run="r", carrier="c")
    for key in ("compliance", "target", "checkpoints", "by_product_line", "by_channel",
                "by_stage"):
        assert key in result
    assert result["by_channel"]["api"]["compliance"] == 1.0
    assert result["by_channel"]["web"] == {"compliance": 0.0, "passed": 0, "failed": 1,
                                           "blocked": 0, "errored": 0}
    assert list(result["by_stage"]) == ["order", "bill"]  # in the order of the stages
    assert result["matrix"]["mobile_plan"] == {"api": {"walks": 1, "checkpoints": 1},
                                               "web": {"walks": 1, "checkpoints": 1}}
    assert result["problems"][0]["department_name"] == "信息化部"


def test_no_checkpoints_is_not_a_pass():
    result = summary.summarise([], CATALOGUE, run="r", carrier="c")
    assert result["compliance"] is None and summary.exit_code(result) == summary.EXIT_ENVIRONMENT


def test_a_run_that_did_not_finish_is_incomplete_whatever_its_figures():
    records = [record("passed")] * 20
    result = summary.summarise(records, CATALOGUE, run="r", carrier="c", complete=False)
    assert (result["complete"], result["verdict"], result["compliance"]) == (
        False, "incomplete", 1.0)
    assert summary.exit_code(result) != summary.EXIT_OK
    assert "INCOMPLETE" in summary.render(result)
    assert summary.summarise(records, CATALOGUE, run="r", carrier="c")["complete"] is True


def test_the_summary_is_replaced_whole(tmp_path):
    path = tmp_path / "summary.json"
    summary.write({"run": "a"}, path)
    summary.write({"run": "b"}, path)
    assert [p.name for p in tmp_path.iterdir()] == ["summary.json"]
    assert '"b"' in path.read_text(encoding="utf-8")
