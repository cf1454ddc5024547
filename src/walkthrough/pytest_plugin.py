"""pytest runs the .feature files: each scenario is a test, its Gherkin tags are markers.

The features are parsed by behave's parser and each step runs the step definition behave's
registry matches, so ``pytest`` and ``behave`` run the same features with the same steps.
allure-pytest records each walk; the labels say what they mean (epic = product line,
feature = channel, story = stage). When the walks end, each walk's result is rewritten into a
result a checkpoint (report.allure_checkpoints) and reports/junit.xml is written beside
summary.json, so every report counts checkpoints and walks alike.
"""

from __future__ import annotations

import contextlib
import functools
import re
import sys
import threading
from collections.abc import Generator, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from walkthrough import (
    argtypes,
    gate,
    pytest_shards,
    records,
    shards,
    standards,
    summary,
    walk_pool,
    yamlfile,
)
from walkthrough.carrier import Carrier
from walkthrough.checkpoint import (
    ActionFailed,
    CheckpointBlocked,
    CheckpointErrored,
    CheckpointFailed,
    EnvironmentBroken,
    NotApplicable,
    NotSelected,
    NotSold,
    WalkStopped,
)
from walkthrough.errors import EnvironmentProblem, UsageError
from walkthrough.masking import mask_text
from walkthrough.matrix import SoldOn
from walkthrough.report import allure_checkpoints, junit
from walkthrough.session import CATALOGUE, ROOT, Options, Session, new_run_id
from walkthrough.walk_pool import LiveAllure, RecordedAllure, Walked, WalkPool

if TYPE_CHECKING:  # what pytest's repr_failure may give back (pytest names it nowhere public)
    from _pytest._code.code import TerminalRepr

try:
    import allure
except ImportError:  # the walks run without Allure too; they just write no Allure results
    allure = None  # type: ignore[assignment]  # the module, or None: a run without Allure

STEPS_DIR = gate.STEPS_DIR
SESSION_KEY = pytest.StashKey[dict[str, Any]]()
FEATURES_KEY = pytest.StashKey[list[Path]]()
SCENARIOS_KEY = pytest.StashKey[list[junit.Scenario]]()
POOL_KEY = pytest.StashKey[WalkPool]()
EXIT_USAGE = 2


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("walkthrough", "process walkthroughs (.feature files)")
    group.addoption("--walk-config", metavar="FILE", help="carrier file (default: the demo)")
    group.addoption("--walk-channel", action="append", default=[], metavar="NAME")
    group.addoption("--walk-product", action="append", default=[], metavar="LINE")
    group.addoption("--walk-stage", action="append", default=[], metavar="STAGE")
    group.addoption("--walk-fault", action="append", default=[], metavar="NAME",
                    help="start the demo operator with this fault (repeatable)")
    group.addoption("--walk-reports", metavar="DIR", default=str(ROOT / "reports"))
    group.addoption("--walk-min-compliance", type=float, default=None)
    group.addoption("--walk-run-id", default="", help="the run's id (`walkthrough run` sets it)")
    pytest_shards.addoption(group)
    group.addoption("--walk-customers", type=argtypes.whole(1), default=1, metavar="N",
                    help="walk each scenario with N fresh customers")
    group.addoption("--walk-customers-file", metavar="FILE",
                    help="walk the test numbers of this file (YAML or CSV) as the pool")
    group.addoption("--walk-concurrency", type=argtypes.whole(1), default=1, metavar="K",
                    help="walk the walks on channels without a browser (api, hotline, sms) "
                         "K at a time, in threads of this process (default 1)")


def pytest_configure(config: pytest.Config) -> None:
    holder: dict[str, Any] = {}
    config.stash[SESSION_KEY] = holder
    config.stash[FEATURES_KEY] = []
    config.stash[SCENARIOS_KEY] = []
    config.pluginmanager.register(_Scenarios(config.stash[SCENARIOS_KEY]),
                                  "walkthrough-scenarios")
    if not config.pluginmanager.has_plugin("walkthrough-shards"):
        config.pluginmanager.register(pytest_shards, "walkthrough-shards")
    worker = getattr(config, "workerinput", None)
    # one run id for all of a run's workers, so the controller can sum up their records
    holder["run_id"] = worker["walk_run_id"] if worker else (
        config.getoption("walk_run_id") or new_run_id())


@pytest.hookimpl(optionalhook=True)
def pytest_configure_node(node: Any) -> None:
    """xdist: give each worker the run's id."""
    node.workerinput["walk_run_id"] = node.config.stash[SESSION_KEY]["run_id"]


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: object | None) -> None:
    """xdist: a worker that died (killed, out of memory, crashed) leaves the run without the
    walks it had not finished: the run is incomplete, and says why."""
    if error is not None:
        reason = str(error).strip().splitlines()[-1] if str(error).strip() else "no reason"
        node.config.stash[SESSION_KEY].setdefault("lost", []).append(
            f"worker {node.gateway.id} of the run stopped ({reason[:120]}) before it had "
            f"walked its share: the run is incomplete; walk it again")


def _options(config: pytest.Config) -> Options:
    return Options(
        config=Path(config.getoption("walk_config")) if config.getoption("walk_config") else None,
        reports=Path(config.getoption("walk_reports")),
        channels=config.getoption("walk_channel"), products=config.getoption("walk_product"),
        stages=config.getoption("walk_stage"), faults=config.getoption("walk_fault"),
        min_compliance=config.getoption("walk_min_compliance"),
        run_id=config.stash[SESSION_KEY]["run_id"],
        customers_file=Path(config.getoption("walk_customers_file"))
        if config.getoption("walk_customers_file") else None,
    )


def session_of(config: pytest.Config) -> Session:
    """The run's session, made at the first walk, so test runs without walks start nothing."""
    holder = config.stash[SESSION_KEY]
    if "error" in holder:
        raise holder["error"]
    if "session" not in holder:
        try:
            session = Session(_options(config))
            session.start()
        except UsageError as exc:
            # a mistake in what the user gave: say it once and stop, like pytest's own usage
            _refuse(config, str(exc))
        except (RuntimeError, OSError) as exc:
            holder["error"] = exc
            raise
        holder["session"] = session
    return holder["session"]


@pytest.hookimpl(tryfirst=True)
def pytest_sessionstart(session: pytest.Session) -> None:
    """A mistake in what the user gave (the carrier file, --walk-shard, and under xdist the
    features and the catalogue) stops the run before any worker starts or any feature is
    collected: the same usage error and exit code with pytest-xdist's workers as without. A
    worker that stops on it would be replaced by another, again and again, for minutes."""
    config = session.config
    if getattr(config, "workerinput", None) is not None:
        return
    try:
        given = config.getoption("walk_config")
        if given:
            Carrier.load(Path(given))
        pytest_shards.shard_of(config)
        features = _features_given(config)
        products = config.getoption("walk_product")
        if features and _with_workers(config) and not gate.passed_already(features, products):
            gate.refuse(features, products=products)
    except UsageError as exc:
        _refuse(config, str(exc))


def _with_workers(config: pytest.Config) -> bool:
    return bool(getattr(config.option, "numprocesses", None)) and \
        getattr(config.option, "dist", "no") != "no"


def _features_given(config: pytest.Config) -> list[Path]:
    """The feature files the command line names (a folder: its .feature files), as the
    controller sees them before any worker collects."""
    found: list[Path] = []
    for arg in config.args:
        path = Path(arg.split("::", 1)[0])
        if not path.is_absolute():
            path = config.invocation_params.dir / path
        if path.suffix == ".feature" and path.is_file():
            found.append(path)
        elif path.is_dir():
            found += sorted(path.glob("*.feature"))
    return found


def pytest_collect_file(parent: pytest.Collector, file_path: Path) -> pytest.Collector | None:
    if file_path.suffix == ".feature":
        return FeatureFile.from_parent(parent, path=file_path)
    return None


def pytest_collection_finish(session: pytest.Session) -> None:
    """The gate: a collected feature with an undefined step, an unknown standard (or a
    catalogue that is not sound) stops the run before any walk, as a usage error."""
    features = session.config.stash.get(FEATURES_KEY, [])
    if not features:
        return
    products = session.config.getoption("walk_product")
    if gate.passed_already(features, products):  # `walkthrough run` gated these already
        return
    found = gate.check(features, products=products)
    if found.problems:
        _refuse(session.config, str(gate.GateClosed(found.problems)))


def _refuse(config: pytest.Config, message: str) -> None:
    """Stop the run as a usage error: the message on stderr (past pytest's capture), where
    `walkthrough run` and a CI log look for it first, and pytest's exit code 2."""
    capture = config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled() if capture else contextlib.nullcontext():
        print(f"walkthrough: error: {message}", file=sys.stderr, flush=True)
    pytest.exit("walkthrough: usage error (see above); nothing was walked",
                returncode=EXIT_USAGE)


def marker_name(tag: str) -> str:
    return re.sub(r"\W", "_", tag)


def _tag_value(tags: set[str], prefix: str) -> str:
    return next((t[len(prefix):] for t in tags if t.startswith(prefix)), "")


@pytest.hookimpl(wrapper=True)
def pytest_runtestloop(session: pytest.Session) -> Generator[None, object, object]:
    """With --walk-concurrency K, the eligible walks are started in K threads before pytest
    runs their items; a run that ends (or is stopped) first ends the walks on their way."""
    pool = _start_pool(session)
    try:
        return (yield)
    finally:
        if pool is not None:
            pool.close()


def _start_pool(session: pytest.Session) -> WalkPool | None:
    config = session.config
    threads: int = config.getoption("walk_concurrency")
    worker = getattr(config, "workerinput", None) is not None
    if threads <= 1 or (worker and pytest_shards.worker_share(config) is None) or \
            config.option.collectonly:
        return None  # xdist's workers are given their items one by one, unless shared out
    items = [item for item in session.items if isinstance(item, WalkItem)
             and not item.get_closest_marker("skip")]
    if not items:
        return None
    try:
        walk_session = session_of(config)  # made here: the threads share it
    except (RuntimeError, OSError):
        return None  # each walk's item says the environment broke, as without threads
    gate.load_steps(STEPS_DIR)  # behave's registry is filled once, before any thread reads it
    eligible = [item for item in items if item.channel
                and walk_pool.threadable(walk_session.carrier, item.channel)]
    if not eligible:
        return None
    pool = WalkPool(threads)
    config.stash[POOL_KEY] = pool
    for item in eligible:
        pool.submit(item.nodeid, functools.partial(item.walk, stopping=pool.stopping))
    return pool


class FeatureFile(pytest.File):
    def collect(self) -> Iterator[pytest.Item]:
        from behave.parser import ParserError, parse_feature

        self.config.stash[FEATURES_KEY].append(self.path)
        try:
            feature = parse_feature(yamlfile.read_text(self.path), None, str(self.path))
        except (UsageError, ParserError):
            return  # the gate says what is wrong with it, once collection is done
        if feature is None:
            return
        options = _options(self.config)
        sold_on = SoldOn.of(Carrier.load(options.config))
        customers: int = self.config.getoption("walk_customers")
        for scenario in feature.walk_scenarios():
            tags = set(scenario.effective_tags)
            product, channel = _tag_value(tags, "product:"), _tag_value(tags, "channel:")
            if options.products and product not in options.products:
                continue
            if channel and options.channels and channel not in options.channels:
                continue
            if not channel and not sold_on.walkable_across(product, options.channels):
                continue
            name = scenario.name.split(" -- @")[0]
            for customer in range(1, customers + 1):  # each a walk of its own new customer
                item = WalkItem.from_parent(
                    self, name=f"{name} [customer {customer}/{customers}]" if customers > 1
                    else name, scenario=scenario, feature=feature)
                if channel and not sold_on.sells(product, channel):
                    item.add_marker(pytest.mark.skip(
                        reason=f"{product} is not sold on {channel} ({sold_on.path.name})"))
                for tag in sorted(tags):
                    self.config.addinivalue_line("markers",
                                                 f"{marker_name(tag)}: Gherkin tag @{tag}")
                    item.add_marker(marker_name(tag))
                yield item

    # without `style`, as pytest's own Collector.repr_failure is
    def repr_failure(  # type: ignore[override]
            self, excinfo: pytest.ExceptionInfo[BaseException]) -> str | TerminalRepr:
        if isinstance(excinfo.value, UsageError):
            return str(excinfo.value)
        return super().repr_failure(excinfo)


class _StepContext:
    """The ``context`` a step definition sees under pytest: what behave's gives the steps."""

    def __init__(self, session: Session, tags: set[str], feature_name: str) -> None:
        self.session, self.tags, self.feature_name = session, tags, feature_name
        self.walk = None
        self.table = None
        self.text = None

    @contextlib.contextmanager
    def use_with_user_mode(self) -> Iterator[None]:
        yield


class WalkFailed(AssertionError):
    """The product missed standards: the test fails (Allure: failed)."""


class WalkErrored(Exception):
    """The environment or the harness broke: the test errors (Allure: broken)."""


class WalkItem(pytest.Item):
    def __init__(self, *, scenario: Any, feature: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.scenario, self.feature = scenario, feature

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path, self.scenario.line - 1, self.name

    @property
    def channel(self) -> str:
        """The channel this walk is on; empty for a walk across channels."""
        return _tag_value(set(self.scenario.effective_tags), "channel:")

    def runtest(self) -> None:
        pool = self.config.stash.get(POOL_KEY, None)
        walked = pool.take(self.nodeid) if pool is not None else None
        if walked is None:  # walked here and now
            walked = Walked()
            try:
                self.walk(LiveAllure(), walked)
            finally:
                self._name_walks(walked)
        else:  # walked by a thread: Allure hears of it now, from this item's own test
            if walked.allure is not None:
                walked.allure.replay()
            self._name_walks(walked)
            if walked.error is not None:
                raise walked.error
        if walked.not_sold and not walked.problems and not walked.errors:
            pytest.skip(walked.not_sold)
        if walked.errors:
            raise WalkErrored("the walk could not be completed:\n  " + "\n  ".join(
                dict.fromkeys(walked.errors)))
        if walked.problems:
            self.user_properties.append(("outcome", "failed"))
            raise WalkFailed("standards not met:\n  " + "\n  ".join(walked.problems))

    def _name_walks(self, walked: Walked) -> None:
        if walked.walk_ids is not None:  # how the reports name each walk of this test
            self.user_properties.append(("walks", walked.walk_ids))

    def walk(self, out: LiveAllure | RecordedAllure, walked: Walked,
             stopping: threading.Event | None = None) -> None:
        """Walk the scenario's steps, on whichever thread; what the item reports goes into
        ``walked``, what Allure hears into ``out``. ``stopping``: once set, no further step."""
        from behave.step_registry import registry

        gate.load_steps(STEPS_DIR)
        session = session_of(self.config)
        tags = set(self.scenario.effective_tags)
        context = _StepContext(session, tags, self.feature.name)
        _label(tags, out)
        try:
            for step in self.scenario.all_steps:
                if stopping is not None and stopping.is_set():
                    break  # the run was stopped: the walk ends as a stopped walk does
                match = _match(registry, step)
                if match is None:
                    raise UsageError(f"no step definition matches: {step.keyword} {step.name}",
                                     path=step.filename, line=step.line,
                                     hint="write it in steps/, or reword it like a step there")
                context.table, context.text = step.table, step.text
                outcome = _run_step(f"{step.keyword} {step.name}", match, context, out)
                if outcome == "stop":
                    break
                if outcome.startswith("notsold:"):
                    walked.not_sold = outcome[8:]
                    break
                if outcome.startswith("failed:"):
                    walked.problems.append(outcome[7:])
                elif outcome.startswith("errored:"):
                    walked.errors.append(outcome[8:])
        finally:
            walk = context.walk
            if walk is not None:
                session.end_walk(walk)  # first: closing a failed browser walk saves its trace
                _attach_walk(walk, out)
                walked.walk_ids = [each.id for each in getattr(walk, "walks", [walk])]

    def repr_failure(self, excinfo: pytest.ExceptionInfo[BaseException],
                     style: Any = None) -> str | TerminalRepr:
        if isinstance(excinfo.value, WalkFailed | WalkErrored | UsageError):
            return str(excinfo.value)
        if isinstance(excinfo.value, EnvironmentProblem):  # the operator did not start
            return f"environment: {excinfo.value}"
        return super().repr_failure(excinfo, style=style)


# A step's text and kind say which definition runs it and with what: behave's registry tries
# every definition's pattern in turn, for every step of every walk (a tenth of a walk's CPU
# at a campaign's thousands of walks of the same scenarios). The definitions are loaded once
# a process (gate.load_steps), so a match found stays the match.
_MATCHES: dict[tuple[str, str], Any] = {}


def _match(registry: Any, step: Any) -> Any:
    key = (step.step_type, step.name)
    match = _MATCHES.get(key)
    if match is None:
        match = registry.find_match(step)
        if match is not None:
            _MATCHES[key] = match
    return match


def _run_step(title: str, match: Any, context: _StepContext,
              out: LiveAllure | RecordedAllure) -> str:
    """Run one step; the walk goes on after a failure wherever the customer could go on."""
    try:
        with out.step(title):
            try:
                match.run(context)
            except (CheckpointBlocked, NotSelected, NotApplicable) as exc:
                raise pytest.skip.Exception(_masked(context, str(exc))) from None
            except (CheckpointFailed, ActionFailed, EnvironmentBroken) as exc:
                # Allure keeps the message of what leaves the step: masked before it leaves
                raise type(exc)(_masked(context, str(exc))) from None
            except CheckpointErrored as exc:  # the walk recorded it errored, with its cause
                raise CheckpointErrored(_masked(context, str(exc))) from exc.__cause__
            except (WalkStopped, NotSold, UsageError):
                raise
            except Exception as exc:  # a harness bug: recorded, and the walk still ends honestly
                import traceback

                raise HarnessError(_masked(context, f"{type(exc).__name__}: {exc}\n" +
                                           traceback.format_exc(limit=6))) from None
    except WalkStopped:
        return "stop"
    except NotSold as exc:
        return f"notsold:{exc}"
    except pytest.skip.Exception:
        return "skipped"
    except (CheckpointFailed, ActionFailed) as exc:
        return f"failed:{exc}"
    except EnvironmentBroken as exc:
        return f"errored:environment: {exc}"
    except CheckpointErrored as exc:  # the walk recorded it errored, with its cause
        return "errored:" + _masked(context, f"{exc}" + _trace(exc.__cause__))
    except UsageError:
        raise
    except Exception as exc:  # a harness bug (or Allure's step failing): recorded, masked
        return f"errored:harness error in '{title}': " + (
            str(exc) if isinstance(exc, HarnessError) else
            _masked(context, f"{type(exc).__name__}: {exc}" + _trace(exc)))
    return "passed"


class HarnessError(Exception):
    """A bug in the harness met in a step, its message masked."""


def _masked(context: _StepContext, text: str) -> str:
    """What the harness says about a walk, with the customer's data masked: the walk's own
    persona's, and whatever looks like anyone's."""
    walk = context.walk
    persona = getattr(walk, "persona", None) or next(
        (w.persona for w in getattr(walk, "walks", [])), None)
    return persona.mask(text) if persona else mask_text(text)


def _trace(exc: BaseException | None) -> str:
    """Where a harness bug was, for whoever fixes it; a bad setting or a stand-in that
    failed says enough in its own line."""
    import traceback

    from walkthrough.http import TRANSPORT_ERRORS

    if exc is None or isinstance(exc, (UsageError, *TRANSPORT_ERRORS)):
        return ""
    return "\n" + "".join(traceback.format_exception(exc, limit=-6))


def _label(tags: set[str], out: LiveAllure | RecordedAllure) -> None:
    if not allure:
        return
    product, channel = _tag_value(tags, "product:"), _tag_value(tags, "channel:")
    if product:
        out.call(allure.dynamic.epic, product)
    out.call(allure.dynamic.feature, channel or "cross-channel")
    if channel:
        out.call(allure.dynamic.parameter, "channel", channel)


def _attach_walk(walk: Any, out: LiveAllure | RecordedAllure) -> None:
    if not allure:
        return
    dynamic, attach, text = allure.dynamic, allure.attach, allure.attachment_type.TEXT
    stages = dict.fromkeys(r.stage for r in walk.records)
    for stage in stages:
        out.call(dynamic.story, stage)
    severities = {r.severity for r in walk.records if r.status in ("failed", "blocked")}
    for level, name in (("critical", "critical"), ("major", "normal"), ("minor", "minor")):
        if level in severities:
            out.call(dynamic.severity, getattr(allure.severity_level, name.upper()))
            break
    for standard in dict.fromkeys(r.standard for r in walk.records
                                  if r.status in ("failed", "blocked")):
        # the catalogue entry, in the walkthrough report beside the Allure report
        out.call(dynamic.link, f"../walkthrough.html#std-{standard}",
                 name=f"standard {standard}")
    owners = sorted({r.department for r in walk.records if r.status in ("failed", "blocked")})
    if owners:
        out.call(dynamic.label, "owner", ", ".join(owners))
    for each in getattr(walk, "walks", [walk]):  # the checkpoints' results find their walk
        out.call(dynamic.label, allure_checkpoints.WALK_LABEL, each.id)
    lines = [f"{r.status.upper():8} {r.standard:16} {r.observed or r.reason}" for r in walk.records]
    out.call(attach, "\n".join(lines), "checkpoints", text)
    out.call(attach, walk.sms_log() or "(no SMS)", "SMS inbox", text)
    for name, content, mime in walk.evidence:
        kind = allure.attachment_type.PNG if mime == "image/png" else text
        out.call(attach, content, name, kind)
    for each in getattr(walk, "walks", [walk]):
        channel = each.channel
        if getattr(channel, "transcript", None) and not each.evidence:
            # the hotline transcript and the SMS hall conversation, on every walk
            for name, content, _ in channel.evidence():
                out.call(attach, content, name, text)
        trace = getattr(channel, "trace_path", None)
        if trace is not None and trace.is_file():
            out.call(attach.file, str(trace), f"Playwright trace ({channel.name}; open "
                     "with `playwright show-trace`)", extension="zip")


class _Scenarios:
    """What the reports need of each walk's test, a worker's too (xdist hands the controller
    every worker's reports)."""

    def __init__(self, found: list[junit.Scenario]) -> None:
        self.found = found

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        # "???": the walk whose worker died under it (xdist's report for it)
        if report.when not in ("call", "???") and not (report.when == "setup" and report.failed):
            return
        # the values our own walk items put there
        properties: dict[str, Any] = dict(report.user_properties)
        if "walks" not in properties and not (report.failed and ".feature::" in report.nodeid):
            return
        status = "passed" if report.passed else "skipped" if report.skipped else \
            properties.get("outcome", "broken")
        self.found.append(junit.Scenario(
            name=report.location[2], path=report.location[0],
            walks=list(properties.get("walks", [])), status=status,
            message=str(report.longrepr or "") if report.failed else ""))


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    config = session.config
    holder = config.stash.get(SESSION_KEY, {})
    walk_session: Session | None = holder.get("session")
    if walk_session is not None:
        walk_session.close()
    if hasattr(config, "workerinput"):
        return  # the controller sums up every worker's records
    options = _options(config)
    found = records.read(options.reports / "checkpoints", run=options.run_id)
    if allure and getattr(config.option, "allure_report_dir", None):
        from walkthrough.report.allure import finish_results

        # the second line of masking (what allure-pytest kept of messages the walk never
        # saw), and a test case a checkpoint: Allure counts checkpoints, as we do
        finish_results(Path(config.option.allure_report_dir), found)
    if not found and walk_session is None:
        return  # no walk in this run
    catalogue = walk_session.catalogue if walk_session else standards.load(CATALOGUE)
    carrier = walk_session.carrier.name if walk_session else Carrier.load(options.config).name
    result = summary.summarise(
        found, catalogue, run=options.run_id, carrier=carrier, target=options.min_compliance,
        selection={"channel": options.channels, "product": options.products,
                   "stage": options.stages, "fault": options.faults},
        # Ctrl-C, or a worker lost: not every walk was made
        complete=exitstatus != pytest.ExitCode.INTERRUPTED and not holder.get("lost"),
        lost=holder.get("lost", []))
    if config.getoption("walk_shard"):
        # what merge needs to tell a campaign's shards apart, and whether any is missing
        result["shard"] = shards.read_plan(options.reports / "checkpoints", options.run_id)
    summary.write(result, options.reports / "summary.json")
    scenarios = config.stash[SCENARIOS_KEY]
    junit.write(found, scenarios, carrier, options.reports / "junit.xml",
                lost=holder.get("lost", []))
    holder["summary"] = result


def pytest_terminal_summary(terminalreporter: Any, exitstatus: int, config: pytest.Config) -> None:
    result = config.stash.get(SESSION_KEY, {}).get("summary")
    if result:
        terminalreporter.section("walkthrough compliance")
        terminalreporter.write_line(summary.render(result))
