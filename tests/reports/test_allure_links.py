"""The walkthrough report links each failing checkpoint to its own Allure test case, also
where a walk checks one standard several times (one checkpoint a reading)."""

from __future__ import annotations

from types import SimpleNamespace

from walkthrough.report import allure, data


def _case(uid: str, status: str, start: int) -> allure.TestCase:
    return allure.TestCase(uid=uid, history_id=f"h-{uid}", name="[TOP-SAME-BALANCE]",
                           status=status, start=start, stop=start + 1,
                           labels={"walk": ["w1"], "standard": ["TOP-SAME-BALANCE"]})


def test_the_nth_failing_checkpoint_of_a_standard_links_to_the_nth_failed_case():
    failing = [{"walk": "w1", "standard": "TOP-SAME-BALANCE", "observed": "after the 3rd"},
               {"walk": "w1", "standard": "TOP-SAME-BALANCE", "observed": "after the 5th"}]
    view = SimpleNamespace(failing=failing, walks={}, run={"carrier": "demo"})
    report = SimpleNamespace(current=view, comparison=None, allure_note="")
    # as the generated report lists them: in no particular order
    cases = [_case("fifth", "failed", 50), _case("first", "passed", 10),
             _case("third", "failed", 30)]
    data.link_allure(report, cases, "allure-report", True)  # type: ignore[arg-type]
    assert [f["allure"] for f in failing] == ["allure-report/index.html#testresult/third",
                                              "allure-report/index.html#testresult/fifth"]
    assert [f["allure_history_id"] for f in failing] == ["h-third", "h-fifth"]
