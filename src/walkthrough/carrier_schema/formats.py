"""``formats``: how the carrier writes dates, amounts and durations."""

from __future__ import annotations

from typing import Any

# open until its shape settles, then checked by a model of its own
Formats = dict[str, Any]
