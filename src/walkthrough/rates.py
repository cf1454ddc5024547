"""Rate standards judged as rates: the share of a standard's checkpoints that pass, over every
walk of the run, with its sample size and a Wilson confidence interval.

A rate standard (``rate:`` in the catalogue) says what share of its attempts must succeed
(each top-up, each complaint answered: one checkpoint each). A handful of attempts cannot
show that 98 % of top-ups succeed, so the verdict is *pass* only when the whole interval is
on the right side of the threshold, *fail* only when the whole interval is on the wrong side,
and otherwise — or below the catalogue's minimum sample, or over no attempt at all — "not
enough attempts" to judge. A blocked attempt counts as failed (the product stopped the
customer before it), as in compliance; an errored one is no attempt (the harness or the
environment broke) and is counted apart.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from walkthrough.checkpoint import CheckpointRecord

PASS, FAIL, NOT_ENOUGH = "pass", "fail", "not enough attempts"
VERDICTS = (PASS, FAIL, NOT_ENOUGH)


@dataclasses.dataclass(frozen=True)
class Rate:
    """What the catalogue says of a rate standard: the share its attempts must reach."""

    value: float  # at least this share of the attempts succeeds
    confidence: float = 0.95
    min_attempts: int = 1
    source: str = ""

    def __str__(self) -> str:
        return f">= {self.value:.0%}"


@dataclasses.dataclass(frozen=True)
class Judgement:
    standard: str
    successes: int
    attempts: int
    errored: int
    rate: Rate
    low: float | None
    high: float | None
    verdict: str

    @property
    def share(self) -> float | None:
        return self.successes / self.attempts if self.attempts else None

    def to_dict(self) -> dict[str, Any]:
        return {"standard": self.standard, "verdict": self.verdict,
                "successes": self.successes, "attempts": self.attempts,
                "errored": self.errored,
                "rate": None if self.share is None else round(self.share, 4),
                "interval": None if self.low is None else [round(self.low, 4),
                                                           round(self.high or 0.0, 4)],
                "confidence": self.rate.confidence,
                "threshold": {"op": ">=", "value": self.rate.value},
                "min_attempts": self.rate.min_attempts}

    def __str__(self) -> str:
        return describe(self.to_dict())


def judge(standard: str, successes: int, attempts: int, rate: Rate,
          errored: int = 0) -> Judgement:
    """The verdict on ``successes`` of ``attempts`` against ``rate``."""
    if not 0 <= successes <= attempts:
        raise ValueError(f"{successes} successes of {attempts} attempts")
    if attempts == 0:  # nothing to judge from: never a pass
        return Judgement(standard, 0, 0, errored, rate, None, None, NOT_ENOUGH)
    # scipy.stats takes seconds to import: paid only by a run that has a rate to judge
    from scipy.stats import binomtest

    interval = binomtest(successes, attempts).proportion_ci(
        confidence_level=rate.confidence, method="wilson")
    low, high = float(interval.low), float(interval.high)
    verdict = NOT_ENOUGH if attempts < rate.min_attempts else \
        PASS if low >= rate.value else FAIL if high < rate.value else NOT_ENOUGH
    return Judgement(standard, successes, attempts, errored, rate, low, high, verdict)


def judge_records(records: Iterable[CheckpointRecord],
                  rates: dict[str, Rate]) -> list[Judgement]:
    """Every rate standard of the catalogue that the run's walks checked, in catalogue order,
    each over all its checkpoints of the run; one the run never checked is left out."""
    counts: dict[str, list[int]] = {}
    for record in records:
        if record.standard not in rates:
            continue
        tally = counts.setdefault(record.standard, [0, 0, 0])
        if record.status == "errored":
            tally[2] += 1
        else:
            tally[1] += 1
            tally[0] += record.status == "passed"
    return [judge(sid, counts[sid][0], counts[sid][1], rates[sid], errored=counts[sid][2])
            for sid in rates if sid in counts]


def describe(judged: dict[str, Any]) -> str:
    """One line a person reads: the rate, its interval, its sample and the verdict."""
    threshold = judged["threshold"]
    target = f"{threshold['op']} {threshold['value']:.0%}"
    if not judged["attempts"]:
        return f"{judged['standard']}: no attempt to judge from (needs {target}): " \
               f"{judged['verdict'].upper()}"
    low, high = judged["interval"]
    errored = f", {judged['errored']} errored" if judged.get("errored") else ""
    return (f"{judged['standard']}: {judged['successes']} of {judged['attempts']} "
            f"({judged['rate']:.1%}; {judged['confidence']:.0%} interval "
            f"{low:.1%}–{high:.1%}{errored}), needs {target} "
            f"(at least {judged['min_attempts']} attempts): {judged['verdict'].upper()}")
