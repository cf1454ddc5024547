"""behave's hooks, kept in the library so behave and pytest share one session of walks.

Options come as behave userdata: ``-D config=FILE -D channel=api -D product=mobile_plan
-D fault=NAME -D reports=DIR`` (channel, product and fault take comma-separated lists).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path
from typing import Any, NoReturn

from behave.model_core import Status

from walkthrough import gate, records, summary
from walkthrough.checkpoint import CheckpointBlocked, NotApplicable, NotSelected, NotSold
from walkthrough.errors import UsageError
from walkthrough.gherkin import product_line_of
from walkthrough.matrix import SoldOn
from walkthrough.report import allure_checkpoints, junit
from walkthrough.session import ROOT, Options, Session

EXIT_USAGE = 2


def _list(userdata: Any, key: str) -> list[str]:
    value = userdata.get(key, "")
    return [v.strip() for v in value.split(",") if v.strip()]


def before_all(context: Any) -> None:
    data = context.config.userdata
    try:
        min_compliance = float(data["min_compliance"]) if data.get("min_compliance") else None
    except ValueError:
        _refuse(UsageError(f"-D min_compliance={data['min_compliance']}: not a number",
                           hint="e.g. -D min_compliance=0.95"))
    options = Options(
        config=Path(data["config"]) if data.get("config") else None,
        reports=Path(data.get("reports", ROOT / "reports")),
        channels=_list(data, "channel"), products=_list(data, "product"),
        faults=_list(data, "fault"), min_compliance=min_compliance)
    session: Session | None = None
    context.walk_scenarios = []  # set at the run's level: every scenario adds to it
    context.allure_walks = {}  # allure-behave's history id of a scenario → its walks' ids
    context.allure_since = int(time.time() * 1000)  # results before it are an earlier run's
    try:
        # the gate first: a feature that cannot be walked whole is refused before any walk
        runner = context._runner
        gate.refuse([f.filename for f in runner.features], products=options.products,
                    registry=runner.step_registry)
        session = Session(options)
        context.session = session
        session.start()
    except UsageError as exc:
        if session is not None:
            session.close()
        _refuse(exc)


def _refuse(exc: UsageError) -> NoReturn:
    """A usage mistake ends behave with pytest's usage exit code, 2: behave turns any
    exception of a hook, SystemExit too, into its own exit 1, a failed run. No walk has
    started yet (and a session that began to start is closed first)."""
    print(f"walkthrough: error: {exc}", file=sys.stderr)
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(EXIT_USAGE)


def before_scenario(context: Any, scenario: Any) -> None:
    tags = set(scenario.effective_tags)
    channel = next((t.split(":", 1)[1] for t in tags if t.startswith("channel:")), "")
    product = product_line_of(tags)
    if channel and not context.session.selected(product, channel):
        scenario.skip("not selected")
    elif channel and not SoldOn.of(context.session.carrier).sells(product, channel):
        scenario.skip(f"{product} is not sold on {channel} by {context.session.carrier.name}")
    elif not channel and not SoldOn.of(context.session.carrier).walkable_across(
            product, context.session.options.channels):
        # as pytest leaves it uncollected: no walk, so no walk in the reports either
        scenario.skip(f"{product} is sold on fewer than two of the channels selected")
    context.feature_name = scenario.feature.name
    context.walk = None


def after_step(context: Any, step: Any) -> None:
    """A blocked, unselected or not applicable checkpoint is a skipped step, as under pytest,
    not an error: behave reads the status after this hook."""
    if isinstance(getattr(step, "exception", None), CheckpointBlocked | NotSelected |
                  NotApplicable):
        step.status = Status.skipped
    if isinstance(getattr(step, "exception", None), NotSold):
        step.status = Status.skipped
        context.scenario.skip(str(step.exception))


# behave takes a scenario's status from its first step that did not pass, so a walk whose
# first such step was a checkpoint not applicable to the channel would read as skipped: the
# walk's own outcome says what it was (errored: the harness or the environment broke), in
# behave's own status, and in junit.xml and Allure as pytest gives it.
JUNIT_STATUS = {"passed": "passed", "failed": "failed", "blocked": "failed", "errored": "broken"}
WALK_STATUS = {"passed": Status.passed, "failed": Status.failed, "blocked": Status.failed,
               "errored": Status.error}


def after_scenario(context: Any, scenario: Any) -> None:
    walk = getattr(context, "walk", None)
    if walk is not None:
        context.session.end_walk(walk)
        if walk.records:
            scenario.set_status(WALK_STATUS[walk.outcome])
        walks = [each.id for each in getattr(walk, "walks", [walk])]
        # how junit.xml names each walk of the scenario
        context.walk_scenarios.append(junit.Scenario(
            name=scenario.name.split(" -- @")[0], path=str(scenario.filename),
            walks=walks, status=JUNIT_STATUS.get(walk.outcome, "broken")))
        if _allure_results(context) is not None:
            # allure-behave ships no types; this one function gives a str
            from allure_behave.utils import scenario_history_id  # type: ignore[import-untyped]

            context.allure_walks[scenario_history_id(scenario)] = (
                walks, JUNIT_STATUS.get(walk.outcome, "broken"))


def after_all(context: Any) -> None:
    session: Session | None = getattr(context, "session", None)
    if session is None:
        return
    session.close()
    found = records.read(session.checkpoints_dir, run=session.run_id)
    result = summary.summarise(found, session.catalogue, run=session.run_id,
                               carrier=session.carrier.name, target=session.options.min_compliance)
    summary.write(result, session.options.reports / "summary.json")
    junit.write(found, getattr(context, "walk_scenarios", []), session.carrier.name,
                session.options.reports / "junit.xml")
    results = _allure_results(context)
    if results is not None:
        # as under pytest: a test case a checkpoint, so Allure counts what the summary counts
        from walkthrough.report.allure import finish_results

        allure_checkpoints.label_walks(results, getattr(context, "allure_walks", {}),
                                       since=getattr(context, "allure_since", 0))
        finish_results(results, found)
    print(summary.render(result))


def _allure_results(context: Any) -> Path | None:
    """The folder allure-behave's formatter writes to (``-f allure_behave.formatter:
    AllureFormatter -o DIR``), if the run has one."""
    for formatter in getattr(context._runner, "formatters", None) or []:
        if type(formatter).__name__ == "AllureFormatter":
            return Path(formatter.stream_opener.name)
    return None
