"""The service-standard catalogue (scenarios/standards.yaml)."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from walkthrough import yamlfile
from walkthrough.errors import UsageError
from walkthrough.rates import Rate

STAGES: tuple[str, ...] = ("order", "activate", "use", "bill", "change", "cancel")
CHANNELS: tuple[str, ...] = ("api", "web", "mobile", "counter", "hotline", "sms")
SEVERITIES: tuple[str, ...] = ("critical", "major", "minor")
LEVELS: tuple[str, ...] = ("exists", "good")
OPERATORS: tuple[str, ...] = ("<=", ">=", "==")
_REQUIRED = ("title", "stage", "threshold", "department", "severity", "level", "source")


@dataclasses.dataclass(frozen=True)
class Threshold:
    op: str
    value: object
    unit: str

    def __str__(self) -> str:
        return f"{self.op} {self.value} {self.unit}".strip()


@dataclasses.dataclass(frozen=True)
class Standard:
    id: str
    title_zh: str
    title_en: str
    stage: str
    threshold: Threshold
    department: str
    severity: str
    level: str
    source: str
    line: int = 0
    channels: tuple[str, ...] = ()  # empty: every channel
    # the carrier-file setting that says the carrier has the rule the standard judges (a free
    # trial: tariff.vas_trial); a carrier without it is not judged by the standard
    requires: str = ""
    # a rate standard: the share of its checkpoints over the run's walks that must pass
    rate: Rate | None = None

    def applies_to(self, channel: str) -> bool:
        return not self.channels or channel in self.channels

    @property
    def seconds(self) -> float:
        """The threshold as a duration, for time standards."""
        if self.threshold.unit != "s":
            raise TypeError(f"{self.id} is not a time standard")
        value = self.threshold.value
        assert isinstance(value, int | float), "a time standard's value is a number (on load)"
        return float(value)


@dataclasses.dataclass(frozen=True)
class Catalogue:
    path: Path
    target: float
    weights: dict[str, int]
    standards: dict[str, Standard]
    departments: dict[str, dict[str, str]]

    def get(self, standard_id: str) -> Standard:
        try:
            return self.standards[standard_id]
        except KeyError:
            raise UsageError(
                f"unknown service standard {standard_id!r}", path=self.path,
                hint="add it to the catalogue or correct the id in the feature",
            ) from None

    def department_name(self, key: str, language: str = "en") -> str:
        return self.departments.get(key, {}).get(language, key)

    @property
    def rates(self) -> dict[str, Rate]:
        """The rate standards, in catalogue order."""
        return {sid: s.rate for sid, s in self.standards.items() if s.rate is not None}


def load(path: Path | str) -> Catalogue:
    data = yamlfile.load(path)
    path = Path(path)
    entries = data.child("standards")
    if not entries:
        raise UsageError("no 'standards:' mapping", path=path, line=1)
    departments = {k: dict(v) if isinstance(v, dict) else {} for k, v in
                   data.child("departments").items()}
    weights = {str(k): int(_number(v, f"severity weight {k}", path,
                                   data.child("severity_weights").line_of(k)))
               for k, v in data.child("severity_weights").items()}
    standards: dict[str, Standard] = {}
    for sid, entry in entries.items():
        line = entries.line_of(sid)
        if not isinstance(entry, yamlfile.Located):
            raise UsageError(f"standard {sid} must be a mapping", path=path, line=line)
        missing = [k for k in _REQUIRED if k not in entry]
        if missing:
            raise UsageError(f"standard {sid} lacks {', '.join(missing)}", path=path, line=line,
                             hint=f"every standard needs {', '.join(_REQUIRED)}")
        for field, allowed in (("stage", STAGES), ("severity", SEVERITIES), ("level", LEVELS)):
            if entry[field] not in allowed:
                raise UsageError(f"standard {sid}: {field} {entry[field]!r} is not one of "
                                 f"{', '.join(allowed)}", path=path, line=entry.line_of(field))
        if entry["department"] not in departments:
            raise UsageError(f"standard {sid}: unknown department {entry['department']!r}",
                             path=path, line=entry.line_of("department"),
                             hint="departments are listed under 'departments:'")
        for channel in entry.get("channels") or ():
            if channel not in CHANNELS:
                raise UsageError(f"standard {sid}: unknown channel {channel!r}", path=path,
                                 line=entry.line_of("channels"),
                                 hint=f"channels are {', '.join(CHANNELS)}")
        threshold = _threshold(sid, entry, path)
        title = entry["title"]
        if not isinstance(title, dict) or not {"zh", "en"} <= set(title):
            raise UsageError(f"standard {sid}: title must give zh and en", path=path,
                             line=entry.line_of("title"), hint="title: {zh: ..., en: ...}")
        standards[sid] = Standard(
            id=sid, title_zh=str(title["zh"]), title_en=str(title["en"]),
            stage=entry["stage"],
            threshold=threshold,
            department=entry["department"], severity=entry["severity"], level=entry["level"],
            source=str(entry["source"]), line=line or 0,
            channels=tuple(str(c) for c in entry.get("channels") or ()),
            requires=str(entry.get("requires") or ""),
            rate=_rate(sid, entry, path) if "rate" in entry else None,
        )
    target = float(_number(data.child("target").get("compliance", 0.95), "target compliance",
                           path, data.child("target").line_of("compliance")))
    if not 0 <= target <= 1:
        raise UsageError(f"target compliance {target} is not between 0 and 1", path=path,
                         line=data.child("target").line_of("compliance"), hint="e.g. 0.95")
    return Catalogue(path=path, target=target, weights=weights or {s: 1 for s in SEVERITIES},
                     standards=standards, departments=departments)


def _number(value: object, what: str, path: Path, line: int | None) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise UsageError(f"{what} {value!r} is not a number", path=path, line=line,
                         hint="write a plain number, e.g. 300 or 0.95")
    return float(value)


_RATE_KEYS = ("at_least", "confidence", "min_attempts", "source")


def _rate(sid: str, entry: yamlfile.Located, path: Path) -> Rate:
    """``rate: {at_least: 0.98, confidence: 0.95, min_attempts: 30, source: ...}``: shares
    between 0 and 1, a sample of at least one attempt, and where the figure comes from."""
    given = entry["rate"]
    line = entry.line_of("rate")
    hint = "rate: {at_least: 0.98, confidence: 0.95, min_attempts: 30, source: '000 ...'}"
    if not isinstance(given, dict) or not {"at_least", "source"} <= set(given):
        raise UsageError(f"standard {sid}: rate must give at_least and source", path=path,
                         line=line, hint=hint)
    unknown = sorted(set(given) - set(_RATE_KEYS))
    if unknown:
        raise UsageError(f"standard {sid}: unknown key {unknown[0]!r} in rate", path=path,
                         line=line, hint=f"a rate gives {', '.join(_RATE_KEYS)}")
    at_least = _number(given["at_least"], f"standard {sid}: rate at_least", path, line)
    confidence = _number(given.get("confidence", 0.95), f"standard {sid}: rate confidence",
                         path, line)
    least = _number(given.get("min_attempts", 1), f"standard {sid}: rate min_attempts",
                    path, line)
    if not 0 < at_least <= 1 or not 0 < confidence < 1:
        raise UsageError(f"standard {sid}: a rate's at_least and confidence are shares "
                         f"between 0 and 1", path=path, line=line, hint=hint)
    if least < 1 or least != int(least):
        raise UsageError(f"standard {sid}: rate min_attempts {least:g} is not a whole number "
                         f"of at least 1", path=path, line=line, hint=hint)
    return Rate(at_least, confidence, int(least), str(given["source"]))


def _threshold(sid: str, entry: yamlfile.Located, path: Path) -> Threshold:
    """A threshold the walks can compare with: a known operator, and a number wherever the
    comparison orders values or measures time (the text of an ``==`` names what must match)."""
    threshold = entry["threshold"]
    line = entry.line_of("threshold")
    if not isinstance(threshold, dict) or not {"op", "value", "unit"} <= set(threshold):
        raise UsageError(f"standard {sid}: threshold must give op, value and unit", path=path,
                         line=line, hint='threshold: {op: "<=", value: 300, unit: s}')
    op = str(threshold["op"])
    if op not in OPERATORS:
        raise UsageError(f"standard {sid}: unknown comparison operator {op!r}", path=path,
                         line=line, hint=f"operators are {', '.join(OPERATORS)}")
    if op != "==" or str(threshold["unit"]) == "s":
        _number(threshold["value"], f"standard {sid}: threshold", path, line)
    return Threshold(op, threshold["value"], str(threshold["unit"]))
