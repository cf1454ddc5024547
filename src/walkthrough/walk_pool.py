"""Walks made concurrently inside one run (``--walk-concurrency K``).

A walk on a channel without a browser (api, hotline, sms) spends its time waiting for the
carrier, so K of them are walked at once by a pool of threads, ahead of pytest reaching their
items; each item then takes its walk's outcome and reports it on the main thread, in item
order, so pytest's output, junit.xml and the reports read as in a serial run. Browser walks
(Playwright's sync API belongs to the thread that started it) and cross-channel walks stay on
the main thread.

What Allure would have been told during the walk (its steps, labels, attachments) is kept by
the thread and told to Allure when the item runs: Allure's current test is the main thread's.
"""

from __future__ import annotations

import contextlib
import dataclasses
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from walkthrough.carrier import Carrier
from walkthrough.channels.registry import DRIVERS, drivers_for

try:
    import allure
    from allure_commons import plugin_manager
except ImportError:  # the walks run without Allure too
    allure = None  # type: ignore[assignment]
    plugin_manager = None  # type: ignore[assignment,misc]

# the drivers that hold no browser: each walk has its own HTTP session and nothing else shared
BROWSERLESS = frozenset({"api", "hotline", "sms"})


def threadable(carrier: Carrier, channel: str) -> bool:
    """Whether a walk on ``channel`` may be walked off the main thread: one of our own
    browserless drivers (an adapter's driver promises nothing about threads), asking no
    browser channel for what it cannot tell (``states_from``)."""
    if channel not in BROWSERLESS or drivers_for(carrier).get(channel) is not DRIVERS[channel]:
        return False
    source = carrier.get(f"channels.{channel}.states_from", None)
    return source is None or (str(source) != channel and threadable(carrier, str(source)))


class LiveAllure:
    """Allure told as the walk goes: the walk runs in the item's own thread."""

    def step(self, title: str) -> contextlib.AbstractContextManager[Any]:
        return allure.step(title) if allure else contextlib.nullcontext()

    def call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        fn(*args, **kwargs)


@dataclasses.dataclass
class _Step:
    title: str
    error: BaseException | None
    start: int  # ms since the epoch, as Allure counts
    stop: int


class RecordedAllure:
    """Allure told later: what a thread walk would have told it, in order, replayed on the
    main thread when its item runs."""

    def __init__(self) -> None:
        self.started = _now()
        self.events: list[_Step | tuple[Callable[..., Any], tuple[Any, ...], dict[str, Any]]] = []

    @contextlib.contextmanager
    def step(self, title: str) -> Iterator[None]:
        start = _now()
        try:
            yield
        except BaseException as exc:
            self.events.append(_Step(title, exc, start, _now()))
            raise
        self.events.append(_Step(title, None, start, _now()))

    def call(self, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
        self.events.append((fn, args, kwargs))

    def replay(self) -> None:
        test = _reporter_call("get_test", None)
        if test is not None:  # the test began when its walk did, not when it is told
            test.start = min(test.start or self.started, self.started)
        for event in self.events:
            if isinstance(event, _Step):
                _replay_step(event)
            else:
                fn, args, kwargs = event
                fn(*args, **kwargs)


def _now() -> int:
    return int(time.time() * 1000)


def _replay_step(step: _Step) -> None:
    if plugin_manager is None:
        return
    key = str(uuid.uuid4())
    plugin_manager.hook.start_step(uuid=key, title=step.title, params={})
    # the times the step was walked at, not when it is told (allure-pytest keeps its steps
    # in its reporter until they stop)
    kept = _reporter_call("get_item", key)
    error = step.error
    plugin_manager.hook.stop_step(uuid=key, title=step.title,
                                  exc_type=type(error) if error else None, exc_val=error,
                                  exc_tb=error.__traceback__ if error else None)
    if kept is not None:
        kept.start, kept.stop = step.start, step.stop


def _reporter_call(name: str, *args: Any) -> Any:
    """Ask allure-pytest's reporter (it keeps the test and its steps until they end)."""
    if plugin_manager is None:
        return None
    for plugin in plugin_manager.get_plugins():
        found = getattr(getattr(plugin, "allure_logger", None), name, None)
        if found is not None:
            with contextlib.suppress(Exception):
                return found(*args)
    return None


@dataclasses.dataclass
class Walked:
    """What a walk's item reports: filled by the walk, on whichever thread walked it."""

    problems: list[str] = dataclasses.field(default_factory=list)
    errors: list[str] = dataclasses.field(default_factory=list)
    not_sold: str = ""
    walk_ids: list[str] | None = None  # None: no walk was started
    allure: RecordedAllure | None = None
    error: BaseException | None = None  # what escaped the walk's body


class WalkPool:
    """K threads walking the eligible items of a run ahead of pytest."""

    def __init__(self, workers: int) -> None:
        self.stopping = threading.Event()  # the run was stopped: walk no further step
        self._executor = ThreadPoolExecutor(max_workers=workers,
                                            thread_name_prefix="walk")
        self._futures: dict[str, Future[Walked]] = {}

    def submit(self, key: str, walk: Callable[[RecordedAllure, Walked], None]) -> None:
        def body() -> Walked:
            recorded = RecordedAllure()
            walked = Walked(allure=recorded)
            try:
                walk(recorded, walked)
            except BaseException as exc:  # told on the main thread, where its item runs
                walked.error = exc
            return walked
        self._futures[key] = self._executor.submit(body)

    def take(self, key: str) -> Walked | None:
        """The walk of this item, once walked; None when the pool does not walk it."""
        future = self._futures.pop(key, None)
        return future.result() if future is not None else None

    def close(self) -> None:
        """Walks not started are never started; those on their way stop at their next step
        and end (their customers given back, their records written) before the run ends."""
        self.stopping.set()
        self._executor.shutdown(wait=True, cancel_futures=True)
