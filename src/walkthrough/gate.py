"""The gate before walking: the selected features and the standard catalogue must be sound,
or nothing is walked.

A feature whose step matches no step definition, or names a standard the catalogue does not
know, would walk a fraction of its checkpoints and still pass; so `walkthrough run`, pytest
and behave refuse it here, before any operator starts, and `walkthrough lint` reports the
same problems from the same function.
"""

from __future__ import annotations

import dataclasses
import hashlib
import os
import re
from collections.abc import Collection, Iterable
from pathlib import Path
from typing import Any

from walkthrough import standards, yamlfile
from walkthrough.errors import UsageError
from walkthrough.matrix import SoldOn
from walkthrough.session import CATALOGUE, ROOT
from walkthrough.standards import CHANNELS

STEPS_DIR = ROOT / "steps"
STANDARD_IN_STEP = re.compile(r"\[([A-Z0-9][A-Z0-9-]*)\]\s*$")
PRODUCT_TAG, CHANNEL_TAG = "product:", "channel:"


@dataclasses.dataclass(frozen=True)
class Problem:
    path: str
    line: int | None
    message: str
    hint: str = ""

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}" if self.line else \
            f"{self.path}: {self.message}"

    @classmethod
    def of(cls, error: UsageError) -> Problem:
        return cls(str(error.path or ""), error.line, error.message, error.hint)


@dataclasses.dataclass
class Checked:
    """What the gate found, and what the features walk and check (for lint's coverage)."""

    problems: list[Problem] = dataclasses.field(default_factory=list)
    checked: set[str] = dataclasses.field(default_factory=set)
    walked: dict[str, set[str]] = dataclasses.field(default_factory=dict)
    catalogue: standards.Catalogue | None = None
    sold_on: SoldOn | None = None


class GateClosed(UsageError):
    """The features or the catalogue are not sound: every problem, one line each."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        first = problems[0]
        super().__init__(first.message, path=first.path, line=first.line, hint=first.hint)

    def lines(self) -> list[str]:
        out = []
        for problem in self.problems:
            out.append(str(problem))
            if problem.hint:
                out.append(f"  hint: {problem.hint}")
        return out

    def __str__(self) -> str:
        more = len(self.problems) - 1
        return "\n".join(self.lines()) + (
            f"\n{len(self.problems)} problems; nothing was walked" if more else "")


def feature_files(given: Iterable[Path]) -> list[Path]:
    """The feature files given, a folder standing for the .feature files in it."""
    given = list(given)
    out: list[Path] = []
    for path in given:
        if path.is_dir():
            out += sorted(path.glob("*.feature"))
        elif path.is_file():
            out.append(path)
        else:
            raise UsageError("no such feature file or folder", path=path,
                             hint="give a .feature file or a folder of them")
    if not out:
        raise UsageError("no .feature file there", path=given[0] if given else ".",
                         hint="give a .feature file or a folder of them")
    return out


def load_steps(steps_dir: Path = STEPS_DIR) -> None:
    """behave's registry with the project's step definitions, loaded once per process."""
    from behave.runner_util import load_step_modules
    from behave.step_registry import registry

    if not registry.steps["given"] and not registry.steps["then"]:
        load_step_modules([str(steps_dir)])


def product_of(tags: Iterable[str]) -> str:
    return next((t[len(PRODUCT_TAG):] for t in tags if t.startswith(PRODUCT_TAG)), "")


def _channel_of(tags: Iterable[str]) -> str:
    return next((t[len(CHANNEL_TAG):] for t in tags if t.startswith(CHANNEL_TAG)), "")


def check(features: Iterable[Path | str], *, catalogue_path: Path = CATALOGUE,
          products: Collection[str] = (), steps_dir: Path = STEPS_DIR,
          registry: Any = None) -> Checked:
    """Every problem of these features (those of the selected ``products`` only, when some
    are selected) and of the catalogue, in file order. ``registry``: the step registry a
    runner already loaded (behave's), else the project's steps are loaded into behave's."""
    found = Checked()
    from walkthrough import problems

    try:
        found.catalogue = standards.load(catalogue_path)
        problems.due_days(catalogue_path)  # read only when the run ends: checked now
    except UsageError as exc:
        found.problems.append(Problem.of(exc))
    try:
        found.sold_on = SoldOn.load()
    except UsageError as exc:
        found.problems.append(Problem.of(exc))
    if registry is None:
        from behave import step_registry

        load_steps(steps_dir)
        registry = step_registry.registry
    for path in features:
        feature = _parse(Path(path), found)
        if feature is None:
            continue
        product = product_of(feature.tags)
        if products and product and product not in products:
            continue
        _check_feature(feature, found, registry)
    return found


# set by `walkthrough run` for its pytest (and so its workers): the fingerprint of what its
# own gate found sound, so the same gate is not passed again before the walks
PASSED_ENV = "WALKTHROUGH_GATE_PASSED"


def fingerprint(features: Iterable[Path | str], products: Collection[str] = ()) -> str:
    """What check() reads, in one digest: the features' paths and bytes, the products
    selected, the catalogue and the sales matrix's bytes, and every step file's path, size
    and modification time. Any of them changed, and the digest is another."""
    from walkthrough.matrix import DEFAULT as MATRIX

    digest = hashlib.sha256()
    for path in sorted({Path(p).resolve() for p in features}):
        digest.update(f"feature {path}\n".encode())
        digest.update(path.read_bytes() if path.is_file() else b"(missing)")
    digest.update(f"\nproducts {sorted(products)}\n".encode())
    for path in (CATALOGUE, MATRIX):
        digest.update(f"file {path}\n".encode())
        digest.update(path.read_bytes() if path.is_file() else b"(missing)")
    for path in sorted(STEPS_DIR.rglob("*.py")):
        info = path.stat()
        digest.update(f"step {path} {info.st_size} {info.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def passed_already(features: Iterable[Path | str], products: Collection[str] = ()) -> bool:
    """True when the command that started this pytest passed the gate on these very
    features (PASSED_ENV): a plain `pytest features/` never has it, and always gates."""
    given = os.environ.get(PASSED_ENV)
    return bool(given) and given == fingerprint(features, products)


def refuse(features: Iterable[Path | str], **kwargs: Any) -> None:
    """Raise GateClosed when the features or the catalogue have any problem."""
    problems = check(features, **kwargs).problems
    if problems:
        raise GateClosed(problems)


def _parse(path: Path, found: Checked) -> Any:
    from behave.parser import ParserError, parse_feature

    try:
        text = yamlfile.read_text(path)
        feature = parse_feature(text, None, str(path))
    except UsageError as exc:
        found.problems.append(Problem.of(exc))
        return None
    except ParserError as exc:
        found.problems.append(Problem(str(path), getattr(exc, "line", None),
                                      f"not valid Gherkin: {_reason(exc)}",
                                      "see the Gherkin reference; every step starts with a "
                                      "keyword (Given, When, Then, And, But)"))
        return None
    if feature is None or not feature.scenarios and not feature.rules:
        found.problems.append(Problem(str(path), getattr(feature, "line", None),
                                      "the feature has no scenario",
                                      "write a Scenario, or remove the file"))
        return None
    return feature


def _reason(exc: Exception) -> str:
    """behave's reason without its 'Failed to parse "<file>":' preamble (we name the file)."""
    reason = str(exc.args[0]) if exc.args else str(exc)
    return reason.strip().splitlines()[0] if reason.strip() else "the parser gave no reason"


def _check_feature(feature: Any, found: Checked, registry: Any) -> None:
    from behave.model import ScenarioOutline

    path = feature.filename
    product = product_of(feature.tags)
    sold_on, catalogue = found.sold_on, found.catalogue
    if not product:
        found.problems.append(Problem(path, feature.line, "the feature has no @product:<line> "
                                      "tag", "tag the feature, e.g. @product:mobile_plan"))
    elif sold_on is not None and product not in sold_on.cells:
        found.problems.append(Problem(
            path, feature.line, f"unknown product line @product:{product}",
            f"product lines are {', '.join(sold_on.cells)} ({sold_on.path.name})"))
    seen: set[int] = set()
    for scenario in feature.walk_scenarios(with_outlines=True):
        if isinstance(scenario, ScenarioOutline):
            if not any(e.table and e.table.rows for e in scenario.examples):
                found.problems.append(Problem(
                    path, scenario.line, f"Scenario Outline '{scenario.name}' has no examples",
                    "add an Examples: table with a header and at least one row"))
            continue
        tags = set(scenario.effective_tags)
        channel = _channel_of(tags)
        if channel and channel not in CHANNELS:
            found.problems.append(Problem(path, scenario.line, f"unknown channel @channel:"
                                          f"{channel}", f"channels are {', '.join(CHANNELS)}"))
        elif product and channel:
            found.walked.setdefault(product, set()).add(channel)
            if sold_on is not None and product in sold_on.cells and \
                    not sold_on.sells(product, channel):
                found.problems.append(Problem(
                    path, scenario.line, f"{product} is walked on {channel}, which "
                    f"{sold_on.path.name} does not sell it on",
                    f"walk it on {', '.join(sold_on.channels(product))}, or sell it there"))
        for step in scenario.all_steps:
            if step.line in seen:  # an outline's rows repeat its steps
                continue
            seen.add(step.line)
            if registry.find_match(step) is None:
                found.problems.append(Problem(
                    step.filename, step.line,
                    f"no step definition matches '{step.keyword} {step.name}'",
                    "write it in steps/, or reword it like a step there"))
            if match := STANDARD_IN_STEP.search(step.name):
                sid = match.group(1)
                if catalogue is None:
                    continue
                if sid in catalogue.standards:
                    found.checked.add(sid)
                else:
                    found.problems.append(Problem(
                        step.filename, step.line, f"unknown service standard {sid}",
                        f"add it to {catalogue.path.name}, or correct the id"))
