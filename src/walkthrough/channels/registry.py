"""One registry of channel drivers: a channel's name → how its driver is made for a walk.

A new channel is one driver module and one entry here (plus its carrier-file section and its
features' Examples); nothing else names the drivers.

A carrier whose channel no carrier file can describe (a proprietary app protocol, a voice
menu reached through a SIP gateway) names an adapter module in its file (``carrier.adapter:
package.module``): its ``DRIVERS`` mapping (the same shape as the one below) replaces or adds
drivers for that carrier only."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path
from typing import Any

from walkthrough.carrier import Carrier
from walkthrough.channels import Channel
from walkthrough.clock import Clock
from walkthrough.errors import UsageError
from walkthrough.http import Http
from walkthrough.persona import Persona
from walkthrough.phone import Phone
from walkthrough.standards import CHANNELS


@dataclasses.dataclass
class Needs:
    """What a driver may be made from: the walk's customer, handset, clock and test-environment
    client, and (for the browser channels) the run's browser and where a trace goes."""

    carrier: Carrier
    persona: Persona
    phone: Phone
    clock: Clock
    http: Http
    trace: Path
    browser: Callable[[], Any]  # the run's one browser, started on first use
    devices: Callable[[], dict[str, Any]]  # Playwright's phone descriptions
    other: Callable[[str], Channel]  # the same customer's driver on another channel


def _api(n: Needs) -> Channel:
    from walkthrough.channels.api import ApiChannel
    return ApiChannel(n.carrier, n.persona)


def _sms(n: Needs) -> Channel:
    from walkthrough.channels.sms import SmsChannel
    return SmsChannel(n.carrier, n.persona, n.phone, n.clock)


def _hotline(n: Needs) -> Channel:
    from walkthrough.channels.hotline import HotlineChannel

    # a menu that does not tell a product's state: the walk asks another channel
    source = n.carrier.get("channels.hotline.states_from", None)
    if source == "hotline":
        raise UsageError("channels.hotline.states_from names the hotline itself",
                         path=n.carrier.path,
                         line=n.carrier.line_of("channels.hotline.states_from"),
                         hint="name another channel that shows the products' states (e.g. "
                              "sms), or remove it")
    states = n.other(str(source)) if source else None
    return HotlineChannel(n.carrier, n.persona, n.http, n.clock,
                          states)


def _web(n: Needs) -> Channel:
    from walkthrough.channels.web import WebChannel
    return WebChannel(n.carrier, n.persona, n.phone, n.browser(),
                      trace_path=n.trace, clock=n.clock)


def _mobile(n: Needs) -> Channel:
    from walkthrough.channels.mobile import MobileChannel, device_options
    browser = n.browser()  # first: the devices come with the browser's Playwright
    device = device_options(n.devices(), str(n.carrier.get("channels.mobile.device")))
    return MobileChannel(n.carrier, n.persona, n.phone, browser,
                         trace_path=n.trace, context_options=device, clock=n.clock)


def _counter(n: Needs) -> Channel:
    from walkthrough.channels.counter import CounterChannel
    return CounterChannel(n.carrier, n.persona, n.phone,
                          n.browser(), trace_path=n.trace, clock=n.clock)


DRIVERS: dict[str, Callable[[Needs], Channel]] = {
    "api": _api, "web": _web, "mobile": _mobile, "counter": _counter, "hotline": _hotline,
    "sms": _sms}


def drivers_for(carrier: Carrier) -> dict[str, Callable[[Needs], Channel]]:
    """The registry as this carrier's walks see it: with its adapter's drivers, if it names
    one (``carrier.adapter``)."""
    name = carrier.get("carrier.adapter", None)
    if not name:
        return DRIVERS
    import importlib

    try:
        module = importlib.import_module(str(name))
    except ImportError as exc:
        raise UsageError(f"the adapter module {name!r} cannot be imported ({exc})",
                         path=carrier.path, line=carrier.line_of("carrier.adapter"),
                         hint="install it beside the harness, or put its folder on "
                              "PYTHONPATH") from None
    extra = getattr(module, "DRIVERS", None)
    if not isinstance(extra, dict) or not all(callable(f) for f in extra.values()):
        raise UsageError(f"the adapter module {name!r} has no DRIVERS mapping of channel "
                         f"names to driver factories", path=carrier.path,
                         line=carrier.line_of("carrier.adapter"),
                         hint="DRIVERS = {'sms': make_my_sms_driver}; see the README")
    unknown = sorted(set(extra) - set(CHANNELS))
    if unknown:
        raise UsageError(f"the adapter module {name!r} has drivers for unknown channels "
                         f"{', '.join(unknown)}", path=carrier.path,
                         line=carrier.line_of("carrier.adapter"),
                         hint=f"channels are {', '.join(CHANNELS)}")
    return {**DRIVERS, **extra}
