"""The `walkthrough` command."""

from __future__ import annotations

import argparse
import atexit
import contextlib
import importlib
import json
import os
import signal
import sys
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

from walkthrough import argtypes, campaign, reports_lock, stopping, summary
from walkthrough.carrier import Carrier
from walkthrough.errors import EnvironmentProblem, UsageError, os_error
from walkthrough.launch import Launch, Operator
from walkthrough.report import allure, allure_ahead
from walkthrough.report import commands as reporting
from walkthrough.session import (
    BASE_URL_ENV,
    ROOT,
    new_run_id,
    operator_ahead,
    operator_folder,
)
from walkthrough.standards import CHANNELS, STAGES

EXIT_USAGE = 2
EXIT_ENVIRONMENT = summary.EXIT_ENVIRONMENT
# walks on threads by default: measured on 2 cores (README, Speed), 4 threads walk a campaign
# over api, hotline and sms about 1.8x as fast as one; more hold more of a test environment
CONCURRENCY = 4
_UNUSED_PLUGINS = ("doctest", "unittest", "junitxml", "pastebin", "setuponly", "setupplan",
                   "stepwise", "unraisableexception", "subtests", "legacypath")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="walkthrough",
        description="Walk a carrier's products through every stage on every channel and count "
                    "the service standards that hold.")
    sub = parser.add_subparsers(dest="command", required=True)

    run = sub.add_parser("run", help="run the walks and write the reports")
    run.add_argument("--channel", action="append", default=[], choices=CHANNELS,
                     help="walk only this channel (repeatable)")
    run.add_argument("--product", action="append", default=[], help="walk only this product "
                     "line (repeatable), e.g. mobile_plan")
    run.add_argument("--stage", action="append", default=[], choices=STAGES,
                     help="check only this stage (repeatable); earlier stages are still walked")
    run.add_argument("--fault", action="append", default=[], metavar="NAME",
                     help="start the demo operator with this fault (repeatable; see `faults`)")
    run.add_argument("--config", type=Path, help="carrier file (default: the demo operator)")
    run.add_argument("--min-compliance", type=argtypes.share, default=0.95,
                     help="exit non-zero below this compliance (default 0.95)")
    run.add_argument("--reports", type=Path, default=ROOT / "reports", help="reports folder")
    run.add_argument("--language", choices=("en", "zh-CN", "all"), default="en",
                     help="which wording of the features to run (default en)")
    run.add_argument("--features", action="append", default=[], type=Path, metavar="PATH",
                     help="walk these feature files or folders (repeatable; default: "
                          "features/, in the --language chosen)")
    run.add_argument("--workers", type=argtypes.whole(1), default=1,
                     help="walks run in parallel by this many worker processes "
                          "(pytest-xdist), each walking a share of its own; default 1")
    run.add_argument("--concurrency", type=argtypes.whole(1), default=None, metavar="K",
                     help="walk the walks on channels without a browser (api, hotline, sms) "
                          f"K at a time, in threads of each process; default {CONCURRENCY}; "
                          "1 walks one walk after another")
    run.add_argument("--shard", type=argtypes.shard, metavar="K/N",
                     help="walk shard K of N of the selection, on one of N machines; "
                          "`walkthrough merge` makes one run of the N reports folders")
    run.add_argument("--campaign", default="", metavar="ID",
                     help="the campaign the shards belong to, e.g. the CI pipeline's id "
                          "(default: derived from the selection)")
    run.add_argument("--customers", type=argtypes.whole(1), default=1, metavar="N",
                     help="walk each selected walk with N fresh customers, so rate standards "
                          "are judged over N times the attempts (default 1)")
    run.add_argument("--customers-file", type=Path, metavar="FILE",
                     help="walk these given test numbers (YAML or CSV, with their "
                          "credentials) as the carrier's pool, instead of new customers")
    run.add_argument("--no-html", action="store_true",
                     help="write no HTML (neither walkthrough.html nor the Allure report): "
                          "for a gate that reads the exit code, summary.json and junit.xml, "
                          "or an Allure server that builds its own report from the results")
    run.add_argument("-v", "--verbose", action="store_true", help="pytest's verbose output")

    op = sub.add_parser("operator", help="start the embedded operator alone, to explore it")
    op.add_argument("--config", type=Path, help="the carrier file whose embedded operator to "
                    "start (default: the demo operator)")
    op.add_argument("--port", type=argtypes.whole(1, 65535), default=8700)
    op.add_argument("--fault", action="append", default=[], metavar="NAME")
    op.add_argument("--real-time", action="store_true",
                    help="customers' clocks follow the wall clock instead of a test clock")
    op.add_argument("--db", type=Path, default=None,
                    help="the operator's database (default: a temporary file)")

    lint = sub.add_parser("lint", help="check features, steps and the standard catalogue, "
                          "or (--config) a carrier file")
    lint.add_argument("features", nargs="*", type=Path, help="feature files (default: all)")
    lint.add_argument("--config", type=Path, metavar="FILE",
                      help="check this carrier file alone, against the carrier file's schema")

    keys = sub.add_parser("carrier-keys", help="the reference of every key of the carrier "
                          "file, in Markdown (docs/carrier-file.md)")
    keys.add_argument("--out", type=Path, metavar="FILE", help="write it here (default: "
                      "print it)")

    faults = sub.add_parser("faults", help="list an embedded operator's faults")
    faults.add_argument("--config", type=Path, help="the carrier file whose embedded operator "
                        "to ask (default: the demo operator)")
    faults.add_argument("--json", action="store_true")
    reporting.register(sub, run)
    campaign.register(sub)
    return parser


def _features(language: str, given: list[Path] | None = None) -> list[str]:
    if given:
        from walkthrough.gate import feature_files

        return [str(f) for f in feature_files(given)]
    features = sorted((ROOT / "features").glob("*.feature"))
    if language == "all":
        return [str(f) for f in features]
    chinese = [f for f in features if f.name.endswith(".zh-CN.feature")]
    chosen = chinese if language == "zh-CN" else [f for f in features if f not in chinese]
    return [str(f) for f in chosen]


def run(args: argparse.Namespace) -> int:
    from walkthrough import gate, preflight
    from walkthrough.matrix import SoldOn

    carrier = Carrier.load(args.config)  # a bad carrier file is a usage error before anything
    SoldOn.of(carrier).refuse_empty(args.product, args.channel)
    if args.shard and (args.competitor or args.competitor_fault):
        raise UsageError("--shard walks one carrier", hint="walk the second operator in a "
                         "campaign of its own (--config), or drop --shard")
    if args.concurrency is None:
        args.concurrency = CONCURRENCY
    features = _features(args.language, args.features)
    # taken before the gate reads them: a feature changed after it is gated again by pytest
    gated = gate.fingerprint(features, args.product)
    gate.refuse(features, products=args.product)
    if args.customers_file:
        _refuse_customers_file(carrier, args.customers_file)
    reports: Path = args.reports.resolve()
    preflight.reports_writable(reports)
    preflight.carrier_reachable(carrier)
    run_id = new_run_id()
    began = False
    try:
        with stopping.Signals(), reports_lock.hold(reports, run_id):
            # the history only once the folder is ours: a run ending beside us may be writing it
            preflight.history_reachable(args.history, reports)
            try:
                reporting.begin_run(args, run_id, reports)
                began = True
                sharding = campaign.begin_shard(args, run_id, reports) if args.shard else []
                with allure_ahead.started(_allure_at_the_end(args)):
                    return _walk(args, run_id, reports, features, sharding, gated)
            except stopping.Stopped as stopped:
                if not began:
                    raise
                return reporting.stop_run(args, run_id=run_id, reports=reports,
                                          stopped=stopped)
    except stopping.Stopped as stopped:  # before the run began, or stopped again while ending
        print(f"walkthrough: stopped by {stopped.name}", file=sys.stderr)
        return stopped.exit_code


def _allure_at_the_end(args: argparse.Namespace) -> list[str] | None:
    """The Allure command that will write this run's report, None if it writes none (a
    shard's is written by the merge)."""
    return None if args.no_html or args.shard else allure.locate()[0]


def _refuse_customers_file(carrier: Carrier, path: Path) -> None:
    """A customers file with a mistake, or a carrier that cannot reset a given number before
    a walk (what was left on it by the walk before would be walked), is a usage error."""
    from walkthrough import customers_file

    customers_file.read(path)
    if carrier.get("backstage.hooks.reset", None) is None:
        raise UsageError("--customers-file walks given test numbers, and the carrier file has "
                         "no hook to reset one before each walk", path=carrier.path,
                         line=carrier.line_of("backstage.hooks"),
                         hint="add backstage.hooks.reset: {request: 'POST {base_url}/...'}")


def _walk(args: argparse.Namespace, run_id: str, reports: Path, features: list[str],
          sharding: list[str], gated: str = "") -> int:
    """``gated``: the fingerprint of the features this command's gate passed (gate.
    fingerprint); its pytest, controller and workers, then skip the same gate (about half a
    second each) on the same features."""
    import pytest

    pytest_args = [
        # the walks' own options only: the project's pytest.ini is for its tests (its
        # workers, its warnings), and would make every run a run on its workers
        *features, "-c", os.devnull, "--rootdir", str(ROOT), "-p", "no:cacheprovider",
        "-W", "ignore::DeprecationWarning:behave.*",
        "--alluredir", str(reports / "allure-results"), "--clean-alluredir",
        "--walk-reports", str(reports), "--walk-run-id", run_id,
        "--walk-min-compliance", str(args.min_compliance),
        "-v" if args.verbose else "-q", "-o", "console_output_style=classic",
        # the plugins a walk uses, and no other installed one nor the project's conftest
        # (each costs its import, and the project's test plugins have no business in a
        # run); the harness's own asserts are invariants, not checks, so they need no
        # rewriting either
        "--disable-plugin-autoload", "--noconftest", "-p", "walkthrough.pytest_plugin",
        "-p", "allure_pytest.plugin", "--assert=plain",
        # pytest's own plugins a walk has no use for: our junit.xml is written by the walk
        # plugin, a walk is no doctest nor unittest; unraisableexception's two full garbage
        # collections at the end cost about 0.3 s after a run's walks (Python itself still
        # prints an exception a finaliser raises)
        *(arg for name in _UNUSED_PLUGINS for arg in ("-p", f"no:{name}")),
    ]
    if args.config:
        pytest_args += ["--walk-config", str(args.config.resolve())]
    if args.customers > 1:
        pytest_args += ["--walk-customers", str(args.customers)]
    if args.customers_file:
        pytest_args += ["--walk-customers-file", str(args.customers_file.resolve())]
    for option, values in (("--walk-channel", args.channel), ("--walk-product", args.product),
                           ("--walk-stage", args.stage), ("--walk-fault", args.fault)):
        for value in values:
            pytest_args += [option, value]
    if args.concurrency > 1:
        pytest_args += ["--walk-concurrency", str(args.concurrency)]
    if args.workers > 1:
        # each worker its own share, known from the start: its threads walk it ahead
        # A worker that dies is not replaced: its walks on their way and those it walked
        # ahead are in its records, but which of them its replacement would walk again
        # cannot be told, so the run ends incomplete (an environment error) with what it has.
        pytest_args += ["-p", "xdist.plugin", "-n", str(args.workers), "--dist", "each",
                        "--walk-worker-shares", "--max-worker-restart", "0"]
    pytest_args += sharding
    with _gate_passed(gated), _shared_operator(args, reports), _operator_ahead(args, run_id):
        pytest_code = pytest.main(pytest_args, plugins=[_ImportsAhead(
            ["scipy.stats"] + ([] if args.no_html else ["matplotlib.figure",
                                                        "matplotlib.backends.backend_svg"]))])
    stopping.check()  # pytest ends its session on the signal and returns
    path = reports / "summary.json"
    result = json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None
    # a run that lost a worker on its way is summed up and stored: it walked, in part
    if not result or result.get("run") != run_id or \
            not (result.get("complete", True) or result.get("lost")):
        if pytest_code == EXIT_USAGE:
            return EXIT_USAGE
        print(f"walkthrough: no walk was made (pytest exit {int(pytest_code)}); see above",
              file=sys.stderr)
        return summary.EXIT_ENVIRONMENT
    if args.shard:
        return campaign.finish_shard(args, run_id=run_id, reports=reports, result=result)
    return reporting.finish_run(args, run_id=run_id, reports=reports, result=result,
                                pytest_args=pytest_args)


class _ImportsAhead:
    """What the end of a run imports, imported on a thread of its own once the walks have
    begun: the walks mostly wait for the carrier's answers, and these imports (scipy.stats
    for the rates, matplotlib for the report's charts: seconds on a busy machine) would
    otherwise come after the last walk, before the first report."""

    def __init__(self, modules: list[str]) -> None:
        self.modules = modules
        self.started = False

    def pytest_runtest_logstart(self) -> None:  # the first walk's start
        if self.started:
            return
        self.started = True

        def run() -> None:
            for name in self.modules:
                with contextlib.suppress(Exception):  # the end imports it again, and says
                    importlib.import_module(name)

        threading.Thread(target=run, name="imports-ahead", daemon=True).start()


@contextlib.contextmanager
def _gate_passed(gated: str) -> Iterator[None]:
    """The gate's fingerprint where this command's pytest and its workers read it, for the
    walks of this command alone (not a second operator's, not a later run's)."""
    from walkthrough import gate

    if not gated:
        yield
        return
    before = os.environ.get(gate.PASSED_ENV)
    os.environ[gate.PASSED_ENV] = gated
    try:
        yield
    finally:
        if before is None:
            os.environ.pop(gate.PASSED_ENV, None)
        else:
            os.environ[gate.PASSED_ENV] = before


@contextlib.contextmanager
def _shared_operator(args: argparse.Namespace, reports: Path) -> Iterator[None]:
    """With several workers, one embedded operator for all of them (each would start its
    own)."""
    carrier = Carrier.load(args.config)
    if args.workers <= 1 or carrier.launch is None or os.environ.get(BASE_URL_ENV):
        yield
        return
    wall_clock = carrier.get("clock.kind", "real") != "test-api"
    with operator_folder() as folder, Operator(
            carrier.launch, args.fault, db=folder / "shared.db", log=folder / "shared.log",
            real_time=wall_clock) as demo:
        os.environ[BASE_URL_ENV] = demo.base_url
        try:
            yield
        finally:
            del os.environ[BASE_URL_ENV]


def _operator_ahead(args: argparse.Namespace,
                    run_id: str) -> contextlib.AbstractContextManager[None]:
    """One process walking: its operator starts while pytest does (with several workers,
    _shared_operator has started theirs)."""
    if args.workers > 1:
        return contextlib.nullcontext()
    return operator_ahead(Carrier.load(args.config), args.fault, run_id)


def operator(args: argparse.Namespace) -> int:
    with operator_folder() as folder:
        return _explore(args, args.db or folder / "explore.db")


def _embedded(args: argparse.Namespace) -> Launch:
    carrier = Carrier.load(args.config)
    if carrier.launch is None:
        raise UsageError("this carrier file launches no embedded operator", path=carrier.path,
                         line=carrier.line_of("carrier"),
                         hint="give a carrier file with carrier.launch, or none for the demo")
    return carrier.launch


def _explore(args: argparse.Namespace, db: Path) -> int:
    launch = _embedded(args)
    started = Operator(launch, args.fault, db=db, port=args.port,
                       real_time=args.real_time).start()
    credentials = "".join(f"\n  {name}={os.environ[name]}" for name in launch.secrets)
    print(f"{launch.name} on {started.base_url} (OpenAPI: {started.base_url}/openapi.json)\n"
          f"  faults: {', '.join(args.fault) or 'none'}\n  credentials:{credentials}\n"
          f"Ctrl-C stops it.")
    try:
        signal.sigwait({signal.SIGINT, signal.SIGTERM})
    except KeyboardInterrupt:
        pass
    finally:
        started.stop()
    return 0


def faults(args: argparse.Namespace) -> int:
    import requests

    launch = _embedded(args)
    if not launch.faults:
        raise UsageError(f"the {launch.name} lists no faults (carrier.launch.faults)")
    with tempfile.TemporaryDirectory() as tmp, Operator(launch, [], db=Path(tmp) / "f.db") as op:
        answer = requests.get(op.base_url + launch.faults, timeout=10,
                              headers=Carrier.load(args.config).with_base_url(op.base_url)
                              .test_support_headers()).json()
    # an operator's own shape: a list, or one under "data"
    listed = answer.get("data", answer) if isinstance(answer, dict) else answer
    if args.json:
        print(json.dumps(listed, ensure_ascii=False, indent=2))
        return 0
    width = max(len(f["name"]) for f in listed)
    for fault in listed:
        where = ", ".join(fault.get("channels") or []) or "every channel"
        print(f"{fault['name']:{width}}  {fault['title']}\n{'':{width}}  breaks "
              f"{', '.join(fault['breaks'])} on {where}")
    return 0


def lint(args: argparse.Namespace) -> int:
    from walkthrough import lint as linter
    from walkthrough.gate import feature_files

    if args.config:
        if args.features:
            raise UsageError("lint --config checks the carrier file alone",
                             hint="run `walkthrough lint` again for the features")
        found = linter.carrier_problems(args.config)
        for line in found:
            print(line)
        if found:
            print(f"{len(found)} mistake(s) in the carrier file {args.config}", file=sys.stderr)
            return EXIT_USAGE
        print(f"{args.config}: carrier file OK")
        return 0

    paths = feature_files(args.features) if args.features else \
        sorted((ROOT / "features").glob("*.feature"))
    found = linter.problems(paths, every_feature=not args.features)
    for line in found:
        print(line)
    print(f"{len(found)} problem(s) in {len(paths)} feature file(s)" if found else
          f"clean: {len(paths)} feature file(s), every step defined, every standard checked")
    return 1 if found else 0


def carrier_keys(args: argparse.Namespace) -> int:
    from walkthrough.carrier_schema import reference

    return reference.write(args.out)


def main(argv: list[str] | None = None) -> int:
    """Every command's exit code: 0 at or above the target, 1 below it, 2 for a usage
    mistake, 3 when the environment broke or the harness itself did. Whatever goes wrong,
    the user reads one line saying what, never a traceback."""
    args = _parser().parse_args(argv)  # argparse says a bad option itself, exit 2
    if args.command == "operator":
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        commands = {"run": run, "operator": operator, "faults": faults, "lint": lint,
                    "carrier-keys": carrier_keys, "merge": campaign.merge,
                    **reporting.COMMANDS}
        return commands[args.command](args)
    except UsageError as exc:
        print(f"walkthrough: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except EnvironmentProblem as exc:
        print(f"walkthrough: environment: {exc}", file=sys.stderr)
        return EXIT_ENVIRONMENT
    except OSError as exc:
        problem = os_error(exc, "cannot be used")
        label = "error" if isinstance(problem, UsageError) else "environment"
        print(f"walkthrough: {label}: {problem}", file=sys.stderr)
        return EXIT_USAGE if isinstance(problem, UsageError) else EXIT_ENVIRONMENT
    except Exception as exc:  # noqa: BLE001 - a harness bug: said in one line, kept in full
        print(f"walkthrough: internal error: {type(exc).__name__}: {exc} (the traceback is in "
              f"{_keep_traceback()}; this is a bug in walkthrough, not in the carrier)",
              file=sys.stderr)
        return EXIT_ENVIRONMENT


def _keep_traceback() -> str:
    import traceback

    handle, name = tempfile.mkstemp(prefix="walkthrough-traceback-", suffix=".txt")
    with os.fdopen(handle, "w", encoding="utf-8") as out:
        traceback.print_exc(file=out)
    return name


def entry() -> NoReturn:
    """The command as a process (the `walkthrough` script, `python -m walkthrough.cli`):
    main(), then the end of a normal exit that matters and nothing else."""
    _exit_now(main())


def _exit_now(code: int) -> NoReturn:
    """End the process the way Python's own exit does, less its teardown of every module
    and object: after a run, with pytest, matplotlib, scipy and the run's records loaded,
    that teardown alone took 1.5 to 3 s of a loaded 2-core machine (measured after main()
    returned, before the process ended), and writes nothing. What it does that does matter
    comes first: threads that are not daemons are joined (threading's own exit hooks
    included), atexit's functions run (logging's flush, coverage's data, temporary
    folders), stdout and stderr are flushed (into a pipe they are block-buffered)."""
    shutdown = getattr(threading, "_shutdown", None)  # what the interpreter calls first
    if shutdown is not None:
        shutdown()
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # a closed or broken pipe: nothing to keep
            stream.flush()
    os._exit(code)


if __name__ == "__main__":
    entry()
