"""The mobile channel: the carrier's mobile hall on an emulated phone (touch, small viewport).

The journeys are the web hall's; what differs (addresses, tab names, the device) is in the
carrier file under ``channels.mobile``.
"""

from __future__ import annotations

from typing import Any

from walkthrough.channels.web import WebChannel
from walkthrough.errors import UsageError


class MobileChannel(WebChannel):
    name = "mobile"
    settings = "channels.mobile"


def device_options(devices: dict[str, Any], name: str) -> dict[str, Any]:
    """Playwright's description of a phone: viewport, user agent, touch, scale."""
    if name not in devices:
        raise UsageError(f"Playwright knows no device called {name!r}",
                         hint="use a name from playwright.devices, e.g. 'Pixel 7'")
    options = dict(devices[name])
    options.pop("default_browser_type", None)
    return options
