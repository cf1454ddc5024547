"""Three real runs through `walkthrough run` (clean, with a fault, clean again), then the
walkthrough report and the Allure report opened from disk in headless Chromium: the figures
on the page are summary.json's, the trend has the three runs, and the problem run 2 found
shows as fixed after run 3 with its owner.

Set WALKTHROUGH_SCREENSHOTS=DIR to keep the screenshots for a person to look at.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from walkthrough import chromium
from walkthrough.report import allure
from walkthrough.session import BROWSER_ARGS, ROOT

CHROMIUM = chromium.executable()
ORG = "集团/广东/广州"
FAULT, BROKEN = "bill-overcharges-data", "BILL-ACCURATE"

pytestmark = pytest.mark.browser


def walkthrough(reports: Path, *args: str, env: dict[str, str] | None = None
                ) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if k != "WALKTHROUGH_HISTORY"}
    environ.update(env or {})
    # one product line on one channel: fast, and the figures stay those of the walk we know
    return subprocess.run([sys.executable, "-m", "walkthrough.cli", "run", "--channel", "api",
                           "--product", "mobile_plan", "--reports", str(reports), *args],
                          capture_output=True, text=True, timeout=300, cwd=ROOT, env=environ)


def pct(value: float) -> str:
    return f"{value * 100:.1f} %"


@pytest.fixture(scope="module")
def three_runs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    reports = tmp_path_factory.mktemp("e2e") / "reports"
    summaries = []
    for number, extra in enumerate(([], ["--fault", FAULT], []), 1):
        done = walkthrough(reports, "--org", ORG, "--release", f"r{number}", *extra)
        assert done.returncode == (1 if extra else 0), done.stdout[-2000:] + done.stderr
        summaries.append(json.loads((reports / "summary.json").read_text(encoding="utf-8")))
        if number == 2:  # keep run 2's pages, whose failing checkpoint links into Allure
            shutil.copytree(reports / "allure-report", reports.parent / "run2" / "allure-report")
            shutil.copy(reports / "walkthrough.html", reports.parent / "run2")
        last = done
    return {"reports": reports, "summaries": summaries, "stdout": last.stdout,
            "stderr": last.stderr}


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if not Path(CHROMIUM).is_file():
        if os.environ.get("CI"):  # quickstart installs it: missing in CI is a broken set-up
            pytest.fail(f"no Chromium at {CHROMIUM}; ./quickstart.sh should have installed it")
        pytest.skip(f"no Chromium at {CHROMIUM}: apt-get install chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        launched = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=BROWSER_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    """A page that may fetch nothing but files: both reports must work offline."""
    context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="zh-CN")
    fetched: list[str] = []

    def route(r: Any) -> None:
        if r.request.url.startswith(("file:", "data:", "blob:")):
            r.continue_()
        else:
            fetched.append(r.request.url)
            r.abort()

    context.route("**/*", route)
    opened = context.new_page()
    opened.fetched = fetched
    yield opened
    context.close()


def screenshot(page: Any, name: str, tmp_path: Path) -> Path:
    folder = Path(os.environ.get("WALKTHROUGH_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    page.screenshot(path=str(path), full_page=True)
    assert path.stat().st_size > 10_000
    return path


def test_the_run_prints_where_its_reports_are(three_runs: dict[str, Any]) -> None:
    reports = three_runs["reports"]
    out = three_runs["stdout"]
    for path in (reports / "walkthrough.html", reports / "allure-report" / "index.html",
                 reports / "history.db"):
        assert str(path) in out and path.is_file()
    assert "environment" not in three_runs["stderr"]


def test_the_figures_on_the_page_are_summary_json(three_runs: dict[str, Any], page: Any,
                                                  tmp_path: Path) -> None:
    summary = three_runs["summaries"][-1]
    page.goto((three_runs["reports"] / "walkthrough.html").as_uri())
    def figure(name: str) -> str:  # text_content: the breakdown table is folded away
        return page.locator(f"[data-figure='{name}']").first.text_content().strip()

    assert figure("run") == summary["run"]
    assert figure("carrier") == summary["carrier"]
    assert figure("compliance") == pct(summary["compliance"])
    assert figure("weighted_compliance") == pct(summary["weighted_compliance"])
    assert figure("target") == f"{summary['target'] * 100:.0f} %"
    for key in ("passed", "failed", "blocked", "errored", "total"):
        assert figure(key) == str(summary["checkpoints"][key]), key
    assert figure("walks") == str(summary["walks"]["total"])
    for dimension in ("by_product_line", "by_channel", "by_stage"):
        for name, value in summary[dimension].items():
            assert figure(f"{dimension}:{name}") == pct(value["compliance"]), (dimension, name)
    assert page.locator("[data-figure='verdict']").inner_text() == "达标"
    assert page.fetched == []  # nothing from the network
    screenshot(page, "walkthrough-report-zh.png", tmp_path)


def test_the_trend_shows_the_three_runs(three_runs: dict[str, Any], page: Any) -> None:
    page.goto((three_runs["reports"] / "walkthrough.html").as_uri())
    runs = page.locator("#trend-table tr[data-trend-run]")
    ids = [s["run"] for s in three_runs["summaries"]]
    assert runs.count() == 3
    assert [runs.nth(i).get_attribute("data-trend-run") for i in range(3)] == ids[::-1]
    # the chart: one marker a run on the compliance line
    assert page.locator("#trend-compliance use").count() == 3
    middle = page.locator(f"tr[data-trend-run='{ids[1]}']").inner_text()
    assert pct(three_runs["summaries"][1]["compliance"]) in middle and "r2" in middle


def test_the_problem_of_run_2_is_fixed_after_run_3_with_its_owner(
        three_runs: dict[str, Any], page: Any, tmp_path: Path) -> None:
    page.goto((three_runs["reports"] / "walkthrough.html").as_uri())
    row = page.locator(f"tr[data-problem='{BROKEN}|mobile_plan|api']")
    assert row.get_attribute("data-status") == "fixed"
    assert row.get_attribute("data-owner") == "it"
    assert "已整改" in row.inner_text() and "信息化部" in row.inner_text()
    assert ORG in row.inner_text()
    page.click("[data-set-lang=en]")
    assert row.locator(".badge.fixed").inner_text() == "fixed"
    assert "IT" in row.inner_text() and "信息化部" not in row.inner_text()
    assert page.get_by_role("heading", name="Walkthrough report").is_visible()
    assert not page.get_by_text("流程穿越报告").first.is_visible()
    screenshot(page, "walkthrough-report-en.png", tmp_path)
    assert page.locator("[data-org='集团']").count() == 1  # the roll-up reaches the group


def test_run_2_links_its_failing_checkpoint_into_allure(three_runs: dict[str, Any],
                                                        page: Any, tmp_path: Path) -> None:
    run2 = three_runs["reports"].parent / "run2"
    page.goto((run2 / "walkthrough.html").as_uri())
    assert page.locator("tr[data-problem] .badge").first.inner_text() == "新发现"  # new
    owner = page.locator("tr[data-owner-row='it']").inner_text()
    assert "信息化部" in owner and "\t1\t" in owner  # one open problem for IT
    link = page.locator(f"tr[data-failing='{BROKEN}'] a")
    href = link.get_attribute("href")
    assert href.startswith("allure-report/index.html#testresult/")
    # the checkpoint's own test case (Allure keeps no history id in a test case's data)
    case = next(c for c in allure.test_cases(run2 / "allure-report")
                if href.endswith(f"/{c.uid}"))
    assert case.status == "failed" and case.label("epic") == "mobile_plan"
    assert case.label("standard") == BROKEN
    # the standard itself is in the page's catalogue, where Allure's link points
    assert page.locator(f"tr#std-{BROKEN}").count() == 1
    link.click()
    page.wait_for_selector(f"text={BROKEN}", timeout=15_000)
    assert "standards not met" in page.content()
    screenshot(page, "allure-test-case.png", tmp_path)
    page.goto((run2 / "allure-report" / "index.html").as_uri() + "#categories")
    page.wait_for_selector("text=Product defects", timeout=15_000)
    assert page.get_by_text("Harness errors").count() == 0
    assert page.fetched == []


def test_allure_carries_its_trend_across_runs(three_runs: dict[str, Any], page: Any,
                                              tmp_path: Path) -> None:
    report = three_runs["reports"] / "allure-report"
    trend = json.loads((report / "history" / "history-trend.json").read_text(encoding="utf-8"))
    assert [item["buildOrder"] for item in trend] == [3, 2, 1]
    assert [item["data"]["failed"] for item in trend] == [0, 1, 0]
    page.goto((report / "index.html").as_uri())
    page.wait_for_selector("text=Trend", timeout=15_000)
    assert page.get_by_text("Walkthrough 演示电信 (demo)").count() >= 1
    assert page.fetched == []
    screenshot(page, "allure-overview.png", tmp_path)


def test_a_competitor_walked_in_the_same_run_is_set_beside(
        tmp_path: Path, page: Any) -> None:
    reports = tmp_path / "reports"
    done = walkthrough(reports, "--competitor-fault", FAULT, "--competitor-name", "对手电信")
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr  # our verdict decides
    ours = json.loads((reports / "summary.json").read_text(encoding="utf-8"))
    theirs = json.loads((reports / "competitor" / "summary.json").read_text(encoding="utf-8"))
    assert (ours["carrier"], theirs["carrier"]) == ("演示电信 (demo)", "对手电信")
    assert ours["compliance"] == 1.0 and theirs["compliance"] < 0.95
    page.goto((reports / "walkthrough.html").as_uri())
    assert "对手电信" in page.locator("[data-compare=b]").inner_text()
    bill = page.locator("tr[data-compare-row='by_stage:bill']").inner_text()
    assert pct(1.0) in bill and pct(theirs["by_stage"]["bill"]["compliance"]) in bill
    # the competitor's problem stays the competitor's
    assert page.locator("tr[data-problem]").count() == 0
    link = page.locator(f"tr[data-failing='{BROKEN}'] a")
    assert link.count() == 0  # it failed for them, not for us: not in our failing list
    screenshot(page, "walkthrough-competitor.png", tmp_path)
    suites = {c.label("parentSuite") for c in allure.test_cases(reports / "allure-report")}
    assert suites == {"演示电信 (demo)", "对手电信"}


def test_without_allure_the_run_still_ends_and_says_how_to_get_it(tmp_path: Path) -> None:
    reports = tmp_path / "reports"
    done = walkthrough(reports, env={"WALKTHROUGH_ALLURE": str(tmp_path / "no-allure")})
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr
    assert "walkthrough: environment:" in done.stderr and "quickstart.sh" in done.stderr
    assert "Traceback" not in done.stderr
    assert (reports / "walkthrough.html").is_file()
    assert not (reports / "allure-report").exists()
