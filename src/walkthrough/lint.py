"""`walkthrough lint`: the gate's problems, and over the whole suite, coverage: every
standard checked by some walk, every cell of the sold-on matrix walked; or a carrier file
alone, against its schema."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from walkthrough import gate, yamlfile
from walkthrough.carrier import Carrier
from walkthrough.carrier_schema.mistakes import Mistake, check
from walkthrough.errors import UsageError
from walkthrough.session import CATALOGUE


def carrier_problems(path: Path) -> list[str]:
    """Every mistake of a carrier file as 'file:line: what — hint', in line order: what
    `walkthrough run` would refuse it for, all at once. A file that cannot be read as YAML
    at all is a usage error (raised), as it is for `run`."""
    data = yamlfile.load(path)
    found = check(data)
    try:
        Carrier(data).require_base_url()
    except UsageError as exc:
        found.append(Mistake(data.path, exc.line, exc.message, exc.hint))
    return [str(m) for m in found]


def problems(features: Iterable[Path], catalogue_path: Path = CATALOGUE,
             steps_dir: Path = gate.STEPS_DIR, every_feature: bool = True) -> list[str]:
    """Each problem as 'file:line: what', in file order. ``every_feature``: the features are
    the whole suite, so a standard none of them checks is a problem too."""
    found = gate.check(features, catalogue_path=catalogue_path, steps_dir=steps_dir)
    out = [str(p) for p in found.problems]
    if not every_feature:
        return out
    if found.sold_on is not None:
        for product, channels in found.sold_on.cells.items():
            missing = [c for c in channels if c not in found.walked.get(product, set())]
            if missing:
                out.append(f"{found.sold_on.path}: {product} is sold on {', '.join(missing)} "
                           f"but no feature walks it there")
    if found.catalogue is not None:
        for sid, std in found.catalogue.standards.items():
            if sid not in found.checked:
                out.append(f"{catalogue_path}:{std.line}: standard {sid} is checked by no walk")
    return out
