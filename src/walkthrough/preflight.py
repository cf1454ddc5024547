"""What `walkthrough run` makes sure of before it walks anything: the reports folder can be
written, the history database answers, a carrier that is not launched here answers. Each
failure is the environment's (exit 3), said in one line before any operator starts."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from walkthrough.carrier import Carrier
from walkthrough.errors import EnvironmentProblem, UsageError, os_error
from walkthrough.session import BASE_URL_ENV


def reports_writable(reports: Path) -> None:
    if reports.exists() and not reports.is_dir():
        raise UsageError("the reports folder is a file", path=reports,
                         hint="give --reports a folder")
    probe = reports / ".walkthrough-write-test"
    try:
        reports.mkdir(parents=True, exist_ok=True)
        with probe.open("wb") as handle:
            handle.write(b"\0" * 4096)  # a full disk refuses a little, not only an empty file
            handle.flush()
            os.fsync(handle.fileno())
    except OSError as exc:
        raise os_error(exc, "the reports folder cannot be written", reports) from None
    finally:
        with contextlib.suppress(OSError):
            probe.unlink()


def carrier_reachable(carrier: Carrier, timeout: float = 10.0) -> None:
    """A carrier walked where it runs (no ``launch``) must answer at its base_url: any HTTP
    answer will do, refusing the connection or silence will not."""
    if carrier.launches or os.environ.get(BASE_URL_ENV):
        return
    carrier.require_base_url()
    import requests

    try:
        requests.head(carrier.base_url, timeout=timeout, allow_redirects=False)
    except requests.RequestException as exc:
        reason = type(exc).__name__
        raise EnvironmentProblem(
            f"the carrier {carrier.name} does not answer at {carrier.base_url} "
            f"({reason}; {carrier.path}:{carrier.line_of('carrier.base_url')}); is its test "
            f"environment up?") from None


def history_reachable(option: str | None, reports: Path) -> None:
    from walkthrough.history import History
    from walkthrough.history.url import resolve

    url, _source = resolve(option, reports)
    History(url).close()
