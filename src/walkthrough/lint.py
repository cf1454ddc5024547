"""`walkthrough lint`: features, steps and the standard catalogue agree with each other."""

from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

from walkthrough import standards
from walkthrough.matrix import SoldOn
from walkthrough.session import ROOT

STANDARD_IN_STEP = re.compile(r"\[([A-Z0-9][A-Z0-9-]*)\]\s*$")


def problems(features: Iterable[Path], catalogue_path: Path = ROOT / "scenarios" /
             "standards.yaml", steps_dir: Path = ROOT / "steps",
             every_feature: bool = True) -> list[str]:
    """Each problem as 'file:line: what', in file order. ``every_feature``: the features are
    the whole suite, so a standard none of them checks is a problem too."""
    from behave.parser import ParserError, parse_file
    from behave.runner_util import load_step_modules
    from behave.step_registry import registry

    if not registry.steps["given"] and not registry.steps["then"]:
        load_step_modules([str(steps_dir)])
    catalogue = standards.load(catalogue_path)
    sold_on = SoldOn.load()
    found: list[str] = []
    checked: set[str] = set()
    walked: dict[str, set[str]] = {}
    for path in features:
        try:
            feature = parse_file(str(path))
        except ParserError as exc:
            found.append(f"{path}:{getattr(exc, 'line', '?')}: not valid Gherkin: {exc}")
            continue
        if feature is None:
            continue
        seen: set[int] = set()
        for scenario in feature.walk_scenarios():
            tags = set(scenario.effective_tags)
            product = next((t[8:] for t in tags if t.startswith("product:")), "")
            channel = next((t[8:] for t in tags if t.startswith("channel:")), "")
            if product and channel:
                walked.setdefault(product, set()).add(channel)
                if not sold_on.sells(product, channel):
                    found.append(f"{scenario.filename}:{scenario.line}: {product} is walked on "
                                 f"{channel}, which {sold_on.path.name} does not sell it on")
            for step in scenario.all_steps:
                if step.line in seen:  # an outline's rows repeat its steps
                    continue
                seen.add(step.line)
                where = f"{step.filename}:{step.line}"
                if registry.find_match(step) is None:
                    found.append(f"{where}: no step definition matches "
                                 f"'{step.keyword} {step.name}'")
                if match := STANDARD_IN_STEP.search(step.name):
                    sid = match.group(1)
                    if sid in catalogue.standards:
                        checked.add(sid)
                    else:
                        found.append(f"{where}: unknown service standard {sid}")
    for product, channels in sold_on.cells.items():
        missing = [c for c in channels if c not in walked.get(product, set())]
        if every_feature and missing:
            found.append(f"{sold_on.path}: {product} is sold on {', '.join(missing)} but no "
                         f"feature walks it there")
    for sid, std in catalogue.standards.items():
        if every_feature and sid not in checked:
            found.append(f"{catalogue_path}:{std.line}: standard {sid} is checked by no walk")
    return found
