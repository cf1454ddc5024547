"""One run of walks: the carrier (started, when it is the demo operator), the browser, the
records. Both runners (pytest and behave) use this, so they walk the same way."""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as dt
import os
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn
from zoneinfo import ZoneInfo

from walkthrough import chromium, customers_file, records, standards
from walkthrough.backstage import Backstage
from walkthrough.carrier import Carrier
from walkthrough.channels import ABILITIES, Channel
from walkthrough.channels.registry import DRIVERS, Needs, drivers_for
from walkthrough.checkpoint import EnvironmentBroken
from walkthrough.clock import Clock, RealClock, TestClock
from walkthrough.customers import Customers
from walkthrough.errors import UsageError
from walkthrough.http import Http
from walkthrough.launch import Launch, Operator
from walkthrough.persona import Persona
from walkthrough.phone import Phone
from walkthrough.standards import STAGES
from walkthrough.walk import Walk

if TYPE_CHECKING:  # Playwright is imported when a browser channel first needs it
    from playwright.sync_api import Browser, Playwright

ROOT = Path(__file__).resolve().parents[2]
CATALOGUE_ENV = "WALKTHROUGH_CATALOGUE"  # another standard catalogue than the project's
CATALOGUE = Path(os.environ.get(CATALOGUE_ENV) or ROOT / "scenarios" / "standards.yaml")
BASE_URL_ENV = "WALKTHROUGH_BASE_URL"  # an operator already running: do not start one
OPERATOR_DATA_ENV = "WALKTHROUGH_OPERATOR_DATA"  # keep the demo operator's database and log here
BROWSER_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"]


def new_run_id() -> str:
    return dt.datetime.now().strftime("%Y%m%d-%H%M%S-") + uuid.uuid4().hex[:4]


@contextlib.contextmanager
def operator_folder() -> Iterator[Path]:
    """Where the demo operator keeps its database and log. They are the carrier's own data
    (its customers' names and numbers), not an artefact of the run, so they never go under
    the reports folder: a temporary folder gone after the run, or $WALKTHROUGH_OPERATOR_DATA,
    kept for a person (or a test) who wants to look at the carrier's side."""
    kept = os.environ.get(OPERATOR_DATA_ENV)
    if kept:
        Path(kept).mkdir(parents=True, exist_ok=True)
        yield Path(kept)
        return
    with tempfile.TemporaryDirectory(prefix="walkthrough-operator-") as folder:
        yield Path(folder)


def _wall_clock(carrier: Carrier) -> bool:
    """A carrier file without a test clock gets an operator on wall-clock time."""
    return carrier.get("clock.kind", "real") != "test-api"


# operators started ahead of the session that will walk them, by what tells them apart
_EARLY: dict[tuple[Launch, tuple[str, ...], bool, str], Operator] = {}


@contextlib.contextmanager
def operator_ahead(carrier: Carrier, faults: list[str], run_id: str) -> Iterator[None]:
    """Start the carrier's embedded operator now, for the session of run ``run_id`` to
    take when it starts: the operator's own start (about a second, its web framework's
    imports) then overlaps pytest's and the collection of the features, instead of
    following them. Stopped here if no session took it (no walk was collected)."""
    if carrier.launch is None or os.environ.get(BASE_URL_ENV):
        yield
        return
    wall_clock = _wall_clock(carrier)
    key = (carrier.launch, tuple(faults), wall_clock, run_id)
    with operator_folder() as folder:
        operator = Operator(carrier.launch, faults, db=folder / f"{run_id}.db",
                            log=folder / f"{run_id}.log", real_time=wall_clock)
        try:
            _EARLY[key] = operator.spawn()
            yield
        finally:
            _EARLY.pop(key, None)
            operator.stop()


@dataclasses.dataclass
class Options:
    config: Path | None = None
    reports: Path = ROOT / "reports"
    channels: list[str] = dataclasses.field(default_factory=list)
    products: list[str] = dataclasses.field(default_factory=list)
    stages: list[str] = dataclasses.field(default_factory=list)
    faults: list[str] = dataclasses.field(default_factory=list)
    min_compliance: float | None = None
    run_id: str = ""
    customers_file: Path | None = None  # a pool of given test numbers (customers_file.py)

    def validate(self) -> None:
        for stage in self.stages:
            if stage not in STAGES:
                raise UsageError(f"unknown stage {stage!r}",
                                 hint=f"stages are {', '.join(STAGES)}")


class _Unreached:
    """The channel of a walk that never got a customer: the environment broke first."""

    abilities = frozenset(ABILITIES)  # whatever is asked of it breaks as the environment did

    def __init__(self, name: str) -> None:
        self.name = name
        self.measures: dict[str, float] = {}

    def __getattr__(self, task: str) -> Callable[..., NoReturn]:
        """A driver's task: a step names it before the walk refuses to run it (the
        environment broke), so it must exist, and it never runs."""
        if task.startswith("_") or not any(callable(getattr(a, task, None))
                                           for a in (Channel, *ABILITIES)):
            raise AttributeError(task)

        def unreachable(*args: object, **kwargs: object) -> NoReturn:
            raise EnvironmentBroken(f"the {self.name} channel was never reached")
        return unreachable

    def evidence(self) -> list[tuple[str, bytes, str]]:
        return []

    def close(self, failed: bool) -> None:
        pass


class Session:
    def __init__(self, options: Options) -> None:
        options.validate()
        self.options = options
        self.carrier = Carrier.load(options.config)
        self.catalogue = standards.load(CATALOGUE)
        self.run_id = options.run_id or new_run_id()
        self.tz = ZoneInfo(str(self.carrier.get("timezone", "Asia/Shanghai")))
        self.operator: Operator | None = None
        self._operator_folder = contextlib.ExitStack()
        self._playwright: Playwright | None = None
        self._browser: Browser | None = None
        self.walks = 0
        self._counting = threading.Lock()  # walks start on several threads at once
        worker = os.environ.get("PYTEST_XDIST_WORKER", "main")
        self.record_file = records.RecordFile(
            self.checkpoints_dir / f"{self.run_id}-{worker}.jsonl")
        if options.faults and not self.carrier.launches:
            raise UsageError("faults can only be switched on in an embedded operator",
                             path=self.carrier.path,
                             hint="remove --fault, or walk a carrier file with carrier.launch")
        given = customers_file.read(options.customers_file) if options.customers_file else None
        self.customers = Customers(self.carrier, given=given)

    @property
    def checkpoints_dir(self) -> Path:
        return self.options.reports / "checkpoints"

    # -- the carrier -------------------------------------------------------------------------
    def start(self) -> None:
        if os.environ.get(BASE_URL_ENV):
            self.carrier = self.carrier.with_base_url(os.environ[BASE_URL_ENV])
            self.customers.carrier = self.carrier
        elif self.carrier.launch is not None:
            wall_clock = _wall_clock(self.carrier)
            self.operator = _EARLY.pop((self.carrier.launch, tuple(self.options.faults),
                                        wall_clock, self.run_id), None)
            if self.operator is None:
                folder = self._operator_folder.enter_context(operator_folder())
                self.operator = Operator(self.carrier.launch, self.options.faults,
                                         db=folder / f"{self.run_id}.db",
                                         log=folder / f"{self.run_id}.log",
                                         real_time=wall_clock)
            self.operator.ready()
            self.carrier = self.carrier.with_base_url(self.operator.base_url)
        self.customers.carrier = self.carrier

    def browser(self) -> Browser:
        if self._browser is None:
            try:
                from playwright.sync_api import Error, sync_playwright
            except ImportError as exc:
                raise EnvironmentBroken(f"Playwright is not installed: {exc}") from None
            executable = chromium.executable()
            try:
                self._playwright = sync_playwright().start()
                self._browser = self._playwright.chromium.launch(
                    executable_path=executable, headless=True, args=BROWSER_ARGS)
            except Error as exc:
                raise EnvironmentBroken(f"Chromium could not start from {executable} "
                                        f"({str(exc).splitlines()[0]}); install Debian's "
                                        f"chromium-headless-shell (or chromium), or set "
                                        f"{chromium.CHROMIUM_ENV}") from None
        return self._browser

    def close(self) -> None:
        self.record_file.sync()
        with contextlib.suppress(Exception):
            if self._browser:
                self._browser.close()
            if self._playwright:
                self._playwright.stop()
        self.customers.close()
        if self.operator:
            self.operator.stop()
        self._operator_folder.close()

    # -- walks -------------------------------------------------------------------------------
    def selected(self, product_line: str, channel: str) -> bool:
        o = self.options
        return (not o.channels or channel in o.channels) and \
            (not o.products or product_line in o.products)

    def new_walk(self, product_line: str, channel: str, feature: str = "",
                 persona: Persona | None = None, reads: str | None = None) -> Walk:
        """A fresh customer on a fresh number (or ``persona``, already made), signed in to
        nothing yet, who reads the carrier's SMS in the language ``reads`` (default: the
        carrier's first)."""
        if channel not in self.carrier.channels:
            raise UsageError(f"channel '{channel}' is not configured for this carrier",
                             path=self.carrier.path, line=self.carrier.line_of("channels"),
                             hint=f"add channels.{channel} or deselect it with --channel")
        with self._counting:
            self.walks += 1
            number = self.walks
        http = Http(timeout=10, headers=self.carrier.test_support_headers())
        # unique across the processes and machines of a run (each counts its walks from 1,
        # and shards of one run share its id): a random part, the channel last as before
        walk_id = f"{self.run_id}-{number:03d}-{uuid.uuid4().hex[:8]}-{channel}"
        broken = ""
        # on one clock for the whole test environment, walks take turns (see customers.py)
        self.customers.take_turn()
        if persona is None:
            language = self.carrier.language(reads)
            persona = Persona.invent(language.locale, language=language.code)
            extra = self.carrier.product(product_line).get("subscriber") or {}
            broken = self.customers.provide(http, persona, {**extra, **language.subscriber})
        backstage = Backstage(self.carrier, http, customer=persona.customer_id,
                              msisdn=persona.msisdn, name=persona.name,
                              id_number=persona.id_number, account=persona.account)
        phone = Phone(backstage, self.carrier, persona.msisdn, self.tz)
        clock = self._clock(backstage)
        driver: Channel = _Unreached(channel)
        if not broken:
            try:
                driver = self._channel(channel, persona, phone, clock, http, walk_id)
            except EnvironmentBroken as exc:
                broken = str(exc)
        walk = Walk(walk_id=walk_id, run_id=self.run_id, carrier=self.carrier,
                    catalogue=self.catalogue, product_line=product_line,
                    channel=driver, phone=phone, clock=clock,
                    persona=persona, feature=feature, stages=self.options.stages or None,
                    recorder=self.record_file.write)
        walk.broken = persona.mask(broken)
        return walk

    def _clock(self, backstage: Backstage) -> Clock:
        poll = float(self.carrier.get("clock.poll", 60))
        if self.carrier.get("clock.kind", "real") == "test-api":
            return TestClock(backstage, self.tz, poll)
        return RealClock(self.tz, poll)

    def _channel(self, name: str, persona: Persona, phone: Phone, clock: Clock, http: Http,
                 walk_id: str) -> Channel:
        make = drivers_for(self.carrier).get(name)
        if make is None:
            raise UsageError(f"there is no driver for channel '{name}'",
                             path=self.carrier.path, line=self.carrier.line_of(f"channels.{name}"),
                             hint=f"channels are {', '.join(DRIVERS)}")
        # the browser channels: one browser for the run, a fresh context for each walk
        return make(Needs(self.carrier, persona, phone, clock, http,
                          trace=self.options.reports / "traces" / f"{walk_id}.zip",
                          browser=self.browser,
                          devices=self._devices,
                          other=lambda channel: self._channel(channel, persona, phone, clock,
                                                              http, walk_id)))

    def _devices(self) -> dict[str, Any]:
        """Playwright's phone descriptions: they come with the run's browser, which a driver
        that asks for them has started first."""
        assert self._playwright is not None, "the browser starts before its devices are asked"
        return self._playwright.devices

    def end_walk(self, walk: Walk) -> None:
        try:
            self.record_file.sync()  # a finished walk's records survive the machine going down
            walk.close()
        finally:
            for each in getattr(walk, "walks", [walk]):  # a cross-channel walk has several
                self.customers.give_back(each.persona)
                self.customers.end_turn()
