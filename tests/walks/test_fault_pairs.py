"""Faults two at a time: with another defect beside it, each fault is still caught by its own
standards, and the pair fails nothing else.

Every fault of the demo operator is switched on together with one other that breaks other
standards on the same channels, so one defect cannot hide behind another (a wrong bill total
leaving a mispriced line unjudged, a missing notice making a walk wait past a second deadline).
Each pair is a run of its own, on the channels its faults are proven on and the product lines
that check what either breaks (in a browser, the fewest of them: see lines_walked).
"""

from __future__ import annotations

from itertools import pairwise

import pytest

from demo_operator.faults import FAULTS as DEMO_FAULTS

from .test_demo_walks import _fault_channels, assert_caught, lines_walked

# faults that stop every walk at its start: beside them nothing else can be walked, so no
# other fault can be seen (the other's checkpoints are blocked, as they must be)
STOPS = {"order-rejected": "no order is accepted, so nothing after the order is walked"}
# faults on exclusive ways of one process: with one on, the other's way is never taken
EXCLUSIVE = {frozenset({"refund-late", "refund-not-doubled"}):
             "a complaint not verified within 3 days is refunded once, by the rule, so the "
             "double refund of a fee found charged in error is never reached"}


def _pairs() -> list[tuple[str, str]]:
    """Each fault beside one other of the same channels, with no standard in common (a
    standard both break could not say which was caught); a group of odd size pairs its last
    fault with the first it shares nothing with. Faults alone on their channels have no
    partner (listed in UNPAIRED)."""
    groups: dict[tuple[str, ...], list[str]] = {}
    for name in sorted(set(DEMO_FAULTS) - set(STOPS)):
        groups.setdefault(tuple(_fault_channels(DEMO_FAULTS[name].as_json())), []).append(name)
    pairs: list[tuple[str, str]] = []
    for names in groups.values():
        left = list(names)
        while len(left) >= 2:
            first = left.pop(0)
            partner = next((n for n in left if _apart(first, n)), None)
            if partner is None:
                partner = next((n for _, n in pairs if _apart(first, n) and n in names), None)
                if partner is not None:
                    pairs.append((first, partner))
                continue
            left.remove(partner)
            pairs.append((first, partner))
        for name in left:  # the odd one: beside a fault of its group already paired
            partner = next((n for n in names if n != name and _apart(name, n)), None)
            if partner is not None:
                pairs.append((name, partner))
    return pairs


def _apart(a: str, b: str) -> bool:
    return not set(DEMO_FAULTS[a].breaks) & set(DEMO_FAULTS[b].breaks) and \
        frozenset({a, b}) not in EXCLUSIVE


PAIRS = _pairs()
PAIRED = {name for pair in PAIRS for name in pair}
UNPAIRED = sorted(set(DEMO_FAULTS) - PAIRED - set(STOPS))


def test_nearly_every_fault_is_paired():
    """A fault alone on its channels (or breaking what every fault of its channels breaks)
    has no partner; there are few, and they are said."""
    assert len(UNPAIRED) <= 4, UNPAIRED
    assert all(a != b for a, b in PAIRS)
    assert all(_apart(a, b) for a, b in PAIRS)
    assert not [(a, b) for (a, b), (c, d) in pairwise(sorted(PAIRS)) if (a, b) == (c, d)]


@pytest.mark.apart
@pytest.mark.parametrize(("first", "second"), PAIRS, ids=[f"{a}+{b}" for a, b in PAIRS])
def test_two_faults_at_once_are_each_caught_by_their_own_standards(run_walks, first, second):
    faults = [DEMO_FAULTS[first].as_json(), DEMO_FAULTS[second].as_json()]
    channels = _fault_channels(faults[0])
    lines = lines_walked({s for f in faults for s in f["breaks"]}, channels)
    args = [arg for channel in channels for arg in ("--channel", channel)] + \
        [arg for line in lines for arg in ("--product", line)]
    outcome = run_walks(*args, "--fault", first, "--fault", second, "--no-html")
    expected = {(sid, ch) for f in faults for sid in f["breaks"]
                for ch in (f.get("channels") or channels)}
    assert_caught(outcome, expected, f"{first} + {second}")
