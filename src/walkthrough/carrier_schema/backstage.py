"""``backstage``: the test environment's hooks (fresh customers, the clock, provider charges,
network work, recharge cards, the handset), being brought into one section."""

from __future__ import annotations

from typing import Any

# open until its shape settles, then checked by a model of its own
Backstage = dict[str, Any]
