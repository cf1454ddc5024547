"""A customer task in a hall as the carrier file writes it: a short list of steps
(``channels.<hall>.flows.<task>``), each one thing a person does on a page.

    flows:
      order:
        - click: 'role=link[name="将{offering}加入购物车"s]'
        - click: 'role=link[name="去结算"s]'
        - check: 'role=checkbox[name="我已阅读并同意《客户入网服务协议》"s]'
        - click: 'role=button[name="提交订单"s]'
        - read: 'role=alert'
          pattern: '{offering}订单(\\w+)已提交'
          as: order

Steps: ``goto`` (a URL the hall's settings name), ``open`` (one of the hall's pages, by its
link), ``click``, ``fill`` (with ``value``), ``check`` (a tick-box), ``choose`` (a radio
button, or with ``option`` the option of a list), ``expect`` (something that must show),
``absent`` (something that must be gone, with ``says``: what it means when it is not),
``read`` (the text of what shows, with ``pattern``: the first group is kept ``as`` a value),
``sms`` (the newest SMS since the task began matching a pattern, its first group kept ``as``),
``repeat`` (steps done again ``while`` something shows, at most a few times), ``flow``
(another flow). Any step may have ``when: <value>`` (only when that value is given) and
``unless: <locator>`` (not when that shows already). ``{name}`` in a locator, a value or a
pattern is one of the task's values (``offering``, ``msisdn``, ``secret.password``, ...).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from walkthrough.checkpoint import ActionFailed
from walkthrough.errors import UsageError

if TYPE_CHECKING:  # the hall runs its flows; no cycle at run time
    from walkthrough.channels.web import WebChannel

MORE_TIMES = 5  # a hall asking again more often than this is not going to take the task
ACTIONS = ("goto", "open", "click", "fill", "check", "choose", "expect", "absent", "read",
           "sms", "repeat", "flow")
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][\w.]*)\}")


def filled(template: str, values: Mapping[str, str], escape: Callable[[str], str] = str) -> str:
    """``template`` with each ``{name}`` that names a value replaced by it (other braces, as
    in a pattern's ``\\d{4}``, stay as they are)."""
    return _PLACEHOLDER.sub(
        lambda m: escape(values[m.group(1)]) if m.group(1) in values else m.group(0),
        str(template))


class Flow:
    """Runs one task's steps on a hall, counting what the hall counts (clicks, page loads)."""

    def __init__(self, hall: WebChannel, task: str) -> None:
        self.hall, self.task = hall, task
        self.dotted = f"flows.{task}"

    def steps(self, dotted: str) -> list[Any]:
        steps = self.hall.carrier.get(f"{self.hall.settings}.{dotted}", None)
        if not isinstance(steps, list) or not steps:
            raise UsageError(f"{self.hall.settings}.{dotted}: no steps for the "
                             f"{self.hall.name} hall's task '{dotted.split('.')[-1]}'",
                             path=self.hall.carrier.path,
                             line=self.hall.carrier.line_of(f"{self.hall.settings}.{dotted}"),
                             hint="write the task as a list of steps (click, fill, read, ...); "
                                  "see demo.yaml")
        return steps

    def run(self, values: dict[str, str]) -> dict[str, str]:
        values = dict(values)
        steps = self.steps(self.dotted)
        # an SMS the task waits for is one that comes after it began
        if any(isinstance(s, Mapping) and ("sms" in s or "flow" in s) for s in steps):
            self.hall.inbox_seen = self.hall.phone_seen()
        self._do(steps, values, self.dotted)
        return values

    # -- the steps -------------------------------------------------------------------------
    def _do(self, steps: list[Any], values: dict[str, str], dotted: str) -> None:
        for n, step in enumerate(steps):
            where = f"{dotted}.{n}"
            if not isinstance(step, Mapping):
                raise self._bad(where, f"step {n + 1} is not a mapping")
            action = next((a for a in ACTIONS if a in step), None)
            if action is None:
                raise self._bad(where, f"step {n + 1} does none of {', '.join(ACTIONS)}")
            if "when" in step and not values.get(str(step["when"])):
                continue
            # the step's own line in the file, for whatever it cannot find or do
            line_of = getattr(step, "line_of", None)
            self.hall.step_line = line_of(action) if line_of else None
            try:
                if "unless" in step and self._shows(str(step["unless"]), values, where):
                    continue
                getattr(self, f"_{action}")(step, values, where)
            finally:
                self.hall.step_line = None

    def _bad(self, where: str, message: str) -> UsageError:
        return UsageError(f"{self.hall.settings}.{self.dotted}: {message}",
                          path=self.hall.carrier.path, line=self._line(where),
                          hint=f"each step is one of {', '.join(ACTIONS)}")

    def _line(self, where: str) -> int | None:
        return self.hall.step_line or \
            self.hall.carrier.line_of(f"{self.hall.settings}.{self.dotted}")

    def _locator(self, step: Mapping[str, Any], key: str, values: Mapping[str, str]) -> str:
        return filled(str(step[key]), values)

    def _shows(self, selector: str, values: Mapping[str, str], where: str) -> bool:
        located = self.hall.locate(filled(selector, values), self.dotted)
        return bool(self.hall.guard(f"'{selector}'", self.dotted, located.count))

    def _goto(self, step: Mapping[str, Any], values: dict[str, str], where: str) -> None:
        self.hall.goto(self.hall.carrier.url(f"{self.hall.settings}.{step['goto']}"))

    def _open(self, step: Mapping[str, Any], values: dict[str, str], where: str) -> None:
        self.hall.open(str(step["open"]))

    def _click(self, step: Mapping[str, Any], values: dict[str, str], where: str) -> None:
        selector = self._locator(step, "click", values)
        self.hall.click(self.hall.locate(selector, self.dotted), f"'{selector}'", self.dotted)

    def _fill(self, step: Mapping[str, Any], values: dict[str, str], where: str) -> None:
        selector = self._locator(step, "fill", values)
        value = filled(str(step.get("value", "")), values)
        located = self.hall.locate(selector, self.dotted)
        self.hall.guard(f"field '{selector}'", self.dotted, lambda: located.fill(value))

    def _check(self, step: Mapping[str, Any], values: dict[str, str], where: str) -> None:
        selector = self._locator(step, "check", values)
        located = self.hall.locate(selector, self.dotted)
        self.hall.guard(f"tick-box '{selector}'", self.dotted, located.check)
        self.hall.clicks += 1

    def _choose(self, step: Mapping[str, Any], values: dict[str, str], where: str) -> None:
        selector = self._locator(step, "choose", values)
        located = self.hall.locate(selector, self.dotted)
        if "option" in step:  # a list to pick from
            option = filled(str(step["option"]), values)
            self.hall.guard(f"'{option}' in '{selector}'", self.dotted,
                            lambda: located.select_option(label=option))
        else:  # a radio button
            self.hall.guard(f"choice '{selector}'", self.dotted, located.check)
        self.hall.clicks += 1

    def _expect(self, step: Mapping[str, Any], values: dict[str, str], where: str) -> None:
        selector = self._locator(step, "expect", values)
        located = self.hall.locate(selector, self.dotted)
        self.hall.guard(f"'{selector}'", self.dotted, located.first.wait_for)

    def _absent(self, step: Mapping[str, Any], values: dict[str, str], where: str) -> None:
        if self._shows(str(step["absent"]), values, where):
            alert = self.hall.alert()
            said = filled(str(step.get("says", "")), values) or \
                f"'{step['absent']}' still shows"
            raise ActionFailed(f"{said}{'; the page says: ' + alert if alert else ''}")

    def _read(self, step: Mapping[str, Any], values: dict[str, str], where: str) -> None:
        selector = self._locator(step, "read", values)
        text = self.hall.outcome(selector, self.dotted)
        pattern = step.get("pattern")
        if pattern:
            found = re.search(filled(str(pattern), values, re.escape), text)
            if found is None:
                raise ActionFailed(f"{self.task}: the page does not say what the customer "
                                   f"needed to see (pattern {pattern!r}): {text!r}")
            text = found.group(1) if found.groups() else found.group(0)
        if "as" in step:
            values[str(step["as"])] = text

    def _sms(self, step: Mapping[str, Any], values: dict[str, str], where: str) -> None:
        pattern = filled(str(step["sms"]), values, re.escape)
        text = self.hall.sms(pattern, float(step.get("within", 60)))
        values[str(step.get("as", "sms"))] = text

    def _repeat(self, step: Mapping[str, Any], values: dict[str, str], where: str) -> None:
        inner = step["repeat"]
        if not isinstance(inner, list):
            raise self._bad(where, "repeat: takes a list of steps")
        for _ in range(MORE_TIMES):
            if "while" in step and not self._shows(str(step["while"]), values, where):
                return
            if "until" in step and self._shows(str(step["until"]), values, where):
                return
            self._do(inner, values, f"{where}.repeat")

    def _flow(self, step: Mapping[str, Any], values: dict[str, str], where: str) -> None:
        self._do(self.steps(f"flows.{step['flow']}"), values, f"flows.{step['flow']}")
