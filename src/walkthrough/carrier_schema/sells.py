"""``sells``: the carrier's sold-on matrix (which product line on which channel)."""

from __future__ import annotations

from typing import Any

# open until its shape settles, then checked by a model of its own
Sells = dict[str, Any]
