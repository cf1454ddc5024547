"""The flow runner on its own: a customer task as the carrier file writes it, run against a
stand-in hall that records what a person would have done (no browser)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from walkthrough.channels.flows import Flow, filled
from walkthrough.checkpoint import ActionFailed
from walkthrough.errors import UsageError


class Shown:
    """A locator of the stand-in page: whether it shows, and its text."""

    def __init__(self, hall: Hall, selector: str) -> None:
        self.hall, self.selector = hall, selector

    def count(self) -> int:
        return int(self.selector in self.hall.showing)

    def fill(self, value: str) -> None:
        self.hall.done.append(("fill", self.selector, value))

    def check(self) -> None:
        self.hall.done.append(("check", self.selector, ""))
        self.hall.react(self.selector)


class Carrier:
    path = Path("carrier.yaml")

    def __init__(self, flows: dict[str, Any]) -> None:
        self.flows = flows

    def get(self, dotted: str, default: Any = ...) -> Any:
        key = dotted.removeprefix("channels.web.flows.")
        if key in self.flows:
            return self.flows[key]
        if default is ...:
            raise KeyError(dotted)
        return default

    def line_of(self, dotted: str) -> int | None:
        return 7

    def url(self, dotted: str) -> str:
        return f"http://hall/{dotted}"


class Hall:
    """What a flow asks of a hall, done on a page that is a set of what shows."""

    name, settings = "web", "channels.web"

    def __init__(self, flows: dict[str, Any], showing: set[str],
                 texts: dict[str, str] | None = None) -> None:
        self.carrier = Carrier(flows)
        self.showing = set(showing)
        self.texts = texts or {}
        self.done: list[tuple[str, str, str]] = []
        self.clicks = 0
        self.asked_again = 0  # how often the page takes the tick away once more
        self.inbox_seen: set[str] | None = None
        self.step_line: int | None = None

    def react(self, selector: str) -> None:
        if selector == "submit" and self.asked_again:
            self.asked_again -= 1
            self.showing.add("tick")
        elif selector == "submit":
            self.showing.discard("tick")

    def phone_seen(self) -> set[str]:
        return set()

    def locate(self, selector: str, dotted: str) -> Shown:
        return Shown(self, selector)

    def guard(self, what: str, dotted: str, action: Any) -> Any:
        return action()

    def click(self, locator: Shown, what: str, dotted: str) -> None:
        if not locator.count():
            raise ActionFailed(f"{what}: not found")
        self.clicks += 1
        self.done.append(("click", locator.selector, ""))
        self.react(locator.selector)

    def goto(self, url: str) -> None:
        self.done.append(("goto", url, ""))

    def open(self, page: str) -> None:
        self.done.append(("open", page, ""))

    def outcome(self, selector: str, dotted: str) -> str:
        if selector not in self.texts:
            raise ActionFailed(f"no outcome shown ('{selector}')")
        return self.texts[selector]

    def alert(self) -> str:
        return ""

    def sms(self, pattern: str, within: float) -> str:
        return "123456"


CHECKOUT = [
    {"open": "catalogue", "unless": "add {offering}"},
    {"click": "add {offering}"},
    {"check": "tick"},
    {"click": "submit"},
    {"repeat": [{"check": "tick"}, {"click": "submit"}], "while": "tick"},
    {"read": "toast", "pattern": "{offering}订单(\\w+)已提交", "as": "order"},
]


def test_placeholders_are_the_tasks_values_and_other_braces_stay() -> None:
    assert filled("将{offering}加入购物车", {"offering": "鲸享39元套餐"}) == \
        "将鲸享39元套餐加入购物车"
    assert filled("(\\d{4,8}) {secret.password} {unknown}", {"secret.password": "pw"}) == \
        "(\\d{4,8}) pw {unknown}"
    assert filled("{offering}+", {"offering": "a+b"}, escape=lambda v: v.replace("+", "\\+")) \
        == "a\\+b+"


@pytest.mark.parametrize(("asked_again", "clicks"), [(0, 3), (1, 5), (9, 13)])
def test_a_checkout_that_takes_the_tick_away_is_ticked_again_a_few_times(
        asked_again: int, clicks: int) -> None:
    hall = Hall({"order": CHECKOUT}, showing={"add X", "tick", "submit"},
                texts={"toast": "X订单BWO1已提交"})
    hall.asked_again = asked_again
    done = Flow(hall, "order").run({"offering": "X"})  # type: ignore[arg-type]
    assert done["order"] == "BWO1"
    # on the catalogue already: not opened again; each tick and click counted
    assert ("open", "catalogue", "") not in hall.done
    assert hall.clicks == clicks


def test_an_outcome_that_does_not_say_it_is_the_products_failure() -> None:
    hall = Hall({"order": CHECKOUT}, showing={"add X", "tick", "submit"},
                texts={"toast": "X办理失败：系统忙"})
    with pytest.raises(ActionFailed, match="系统忙"):
        Flow(hall, "order").run({"offering": "X"})  # type: ignore[arg-type]


def test_steps_only_when_their_value_is_given_and_sub_flows() -> None:
    flows = {"order": [{"flow": "open"}, {"fill": "address", "value": "{address}",
                                          "when": "address"}, {"click": "confirm"}],
             "open": [{"goto": "start"}]}
    hall = Hall(flows, showing={"confirm"})
    Flow(hall, "order").run({"address": ""})  # type: ignore[arg-type]
    assert [d[0] for d in hall.done] == ["goto", "click"]
    hall = Hall(flows, showing={"confirm"})
    Flow(hall, "order").run({"address": "上海"})  # type: ignore[arg-type]
    assert ("fill", "address", "上海") in hall.done


def test_absent_says_what_it_means_when_it_still_shows() -> None:
    hall = Hall({"sign_in": [{"absent": "code field", "says": "sign-in did not get past"}]},
                showing={"code field"})
    with pytest.raises(ActionFailed, match="sign-in did not get past"):
        Flow(hall, "sign_in").run({})  # type: ignore[arg-type]


@pytest.mark.parametrize("steps", [None, [], ["click"], [{"press": "x"}],
                                   [{"repeat": {"click": "x"}}]])
def test_a_flow_the_file_writes_wrong_is_a_usage_error_naming_the_file(steps: Any) -> None:
    hall = Hall({"order": steps} if steps is not None else {}, showing={"x"})
    with pytest.raises(UsageError, match="carrier.yaml:7"):
        Flow(hall, "order").run({})  # type: ignore[arg-type]
