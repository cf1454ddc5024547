"""The sold-on matrix (scenarios/sold_on.yaml): which product line is sold on which channel."""

from __future__ import annotations

from pathlib import Path

from walkthrough import yamlfile
from walkthrough.carrier import Carrier
from walkthrough.errors import UsageError
from walkthrough.standards import CHANNELS

DEFAULT = Path(__file__).resolve().parents[2] / "scenarios" / "sold_on.yaml"


class SoldOn:
    def __init__(self, cells: dict[str, tuple[str, ...]], path: Path) -> None:
        self.cells, self.path = cells, path

    @classmethod
    def load(cls, path: Path = DEFAULT) -> SoldOn:
        return cls._read(yamlfile.load(path), path)

    @classmethod
    def of(cls, carrier: Carrier) -> SoldOn:
        """What this carrier sells where: its file's ``sells``, else the project's matrix."""
        sells = carrier.get("sells", None)
        if sells is None:
            return cls.load()
        if not isinstance(sells, yamlfile.Located):
            raise UsageError("'sells' must map each product line to its channels",
                             path=carrier.path, line=carrier.line_of("sells"),
                             hint="sells: {mobile_plan: [api, web]}")
        return cls._read(sells, carrier.path)

    @classmethod
    def _read(cls, data: yamlfile.Located, path: Path) -> SoldOn:
        cells: dict[str, tuple[str, ...]] = {}
        for line, channels in data.items():
            if not isinstance(channels, list):
                raise UsageError(f"'{line}' must list channels", path=path,
                                 line=data.line_of(line), hint="e.g. mobile_plan: [api, web]")
            unknown = [c for c in channels if c not in CHANNELS]
            if unknown:
                raise UsageError(f"'{line}': unknown channel {', '.join(unknown)}", path=path,
                                 line=data.line_of(line),
                                 hint=f"channels are {', '.join(CHANNELS)}")
            cells[str(line)] = tuple(channels)
        return cls(cells, path)

    def channels(self, product_line: str) -> tuple[str, ...]:
        return self.cells.get(product_line, ())

    def walkable_across(self, product_line: str, selected: list[str]) -> bool:
        """Whether a walk across channels can be made: two selected channels (all, when
        none is) sell the product line at least."""
        return len(set(selected or CHANNELS) & set(self.channels(product_line))) >= 2

    def sells(self, product_line: str, channel: str) -> bool:
        return channel in self.channels(product_line)

    def refuse_empty(self, products: list[str], channels: list[str]) -> None:
        """A selection that names an unknown product line, or walks nothing at all, is a
        mistake said before walking, not an empty run."""
        for product in products:
            if product not in self.cells:
                raise UsageError(f"--product {product}: no such product line",
                                 hint=f"product lines are {', '.join(self.cells)}")
        if products and channels and not any(set(self.channels(p)) & set(channels)
                                             for p in products):
            sold = "; ".join(f"{p} on {', '.join(self.channels(p))}" for p in products)
            raise UsageError(f"nothing to walk: {', '.join(products)} is not sold on "
                             f"{', '.join(channels)}", hint=f"{sold} ({self.path.name})")
