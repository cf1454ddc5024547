"""The hotline channel: the carrier's voice menu, its prompts read as text, keys pressed.

Each task is one call: dial, listen to each prompt for the option the carrier file's menu
path names next, press the key the prompt announces for it, and read the last prompt. The
transcript is kept for the report; the key presses a task needed, and the options it needed
that no prompt announced, are measured. How the carrier's menu is reached over HTTP (the
call and key URLs, the fields of the requests and answers) is the carrier file's too
(``channels.hotline.dial``, ``press``, ``answer``).

Where the carrier file gives the readout of a bill's lines (``menus.bill_lines`` and
``prompts.bill_line``), the menu is also asked the itemised record (``Itemised``); without it
the hotline reads none, and the checks of bill lines are not applicable on it.

The voice menu tells its refusals in words (``办理失败…``): those are the product's. An HTTP
refusal of a request the carrier file shaped (a 404 on its URL, a 422 on its fields, a call
ended under the caller's fingers) is the harness's, and the checkpoint is errored.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from walkthrough import channels as can
from walkthrough.carrier import Carrier
from walkthrough.channels import Channel
from walkthrough.channels.conversation import Conversation
from walkthrough.channels.reading import Formats, kind_named, number, search
from walkthrough.checkpoint import ActionFailed, CheckpointErrored
from walkthrough.clock import Clock
from walkthrough.errors import UsageError
from walkthrough.http import Http, error_text
from walkthrough.persona import Persona
from walkthrough.views import (
    Bill,
    BillLine,
    Offer,
    ProductState,
    RechargeCard,
    Site,
    TopUpReceipt,
    UsageRecord,
)

ENTRY_END = re.compile(r"[*#]")  # ends a keyed-in entry: not a menu option
# the demo's shape, where the carrier file says nothing else
DIAL = {"from": "{msisdn}"}
PRESS = {"keys": "{keys}"}
ANSWER = {"call": "id", "prompt": "prompt", "ended": "ended"}


def period_heard(said: re.Match[str], today: Callable[[], dt.date]) -> str:
    """YYYY-MM of a bill a voice menu names by ``month`` (and ``year``, where it says it): a
    month alone is the latest such month up to ``today`` (read only then)."""
    month = int(said.group("month"))
    if year := said.groupdict().get("year"):
        return f"{int(year):04d}-{month:02d}"
    now = today()
    year_heard = now.year if month <= now.month else now.year - 1
    return f"{year_heard:04d}-{month:02d}"


class NotOffered(ActionFailed):
    """The menu heard does not offer the product."""


@dataclass
class _Line:
    """A call in progress: what the caller last heard, and how many steps of the path it
    is on it has taken from the welcome."""
    call: str
    prompt: str
    taken: int = 0
    ended: bool = False


def _shared(before: list[Any], after: list[Any], taken: int) -> int:
    """How many of the first ``taken`` steps of ``before`` the path ``after`` begins with."""
    n = 0
    while n < min(taken, len(after)) and before[n] == after[n]:
        n += 1
    return n


class HotlineChannel(Conversation):
    name = "hotline"
    abilities = frozenset({*can.COMMON, can.Itemised, can.Disputes, can.Repairs,
                           can.AgentQueue})
    settings = "channels.hotline"
    transcript_name = "hotline transcript"

    def __init__(self, carrier: Carrier, persona: Persona, http: Http, clock: Clock,
                 states: Channel | None = None) -> None:
        super().__init__(carrier, persona)
        self.http, self.clock, self.states = http, clock, states
        self.formats = Formats.of(carrier)
        if not self.reads_lines(carrier):
            self.abilities = self.abilities - {can.Itemised}

    @classmethod
    def reads_lines(cls, carrier: Carrier) -> bool:
        """Whether the carrier file says how the menu reads out a bill's lines."""
        return all(carrier.get(f"{cls.settings}.{key}", None)
                   for key in ("menus.bill_lines", "prompts.bill_line"))

    def _body(self, setting: str, default: dict[str, str], **fields: str) -> dict[str, str]:
        template = self.carrier.get(f"{self.settings}.{setting}", None) or default
        try:
            return {str(k): str(v).format(**fields) for k, v in template.items()}
        except (KeyError, AttributeError) as exc:
            raise UsageError(f"{self.settings}.{setting}: {template!r} is not a request body "
                             f"with the placeholders {', '.join(fields)} ({exc})",
                             path=self.carrier.path,
                             line=self.carrier.line_of(f"{self.settings}.{setting}"),
                             hint=f"e.g. {setting}: {default}") from None

    def _post(self, url: str, body: dict[str, str]) -> dict[str, str]:
        """The answer's call id, prompt and end (``answer`` names where they are)."""
        response = self.http.post(url, json=body)
        if response.status_code >= 500:  # the line itself failed the caller
            raise ActionFailed(f"the hotline failed: {error_text(response)}")
        if response.status_code >= 400:
            raise CheckpointErrored(
                f"the hotline did not take the request {self.carrier.path} shapes "
                f"({self.settings}: call, keys, dial, press): {url} answered "
                f"{error_text(response)}")
        try:
            answer = response.json()
        except ValueError:
            raise CheckpointErrored(f"the hotline's answer at {url} is not JSON: "
                                    f"{response.text[:200]!r}") from None
        fields = {**ANSWER, **(self.carrier.get(f"{self.settings}.answer", None) or {})}
        found = {name: answer.get(str(key)) if isinstance(answer, dict) else None
                 for name, key in fields.items()}
        if found["prompt"] is None:
            raise CheckpointErrored(f"the hotline's answer has no '{fields['prompt']}' where "
                                    f"{self.settings}.answer says: {answer}")
        return {"call": str(found["call"] or ""), "prompt": str(found["prompt"]),
                "ended": "1" if found["ended"] else ""}

    def _call(self, task: str, item: str = "", card: RechargeCard | None = None) -> str:
        """Walk the menu for ``task``; returns the last prompt heard. Where the carrier file
        gives several paths, the first whose menu offers ``item`` is taken: the caller goes
        back by the announced way back (``back``) to where the next path parts from this
        one, as a caller would, and dials again only where there is no way back or it ended
        the call."""
        self.offered(task)
        paths = self.cfg(f"menus.{task}")
        if not paths or not isinstance(paths[0], list):
            paths = [paths]
        self.measures[f"{task}.keys"] = 0
        line: _Line | None = None
        for n, path in enumerate(paths):
            start = 0
            if line is not None:
                start = _shared(paths[n - 1], path, line.taken)
                if not self._go_back(task, line, line.taken - start):
                    line, start = None, 0
            if line is None:
                line = self._dial(task)
            missing: list[str] = []
            try:
                prompt = self._follow(task, line, path[start:], item, card, missing)
            except NotOffered:
                if n == len(paths) - 1:
                    self._count(task, missing)
                    raise
                continue  # the product is not in this part of the menu: try the next
            self._count(task, missing)
            return prompt
        raise AssertionError("unreachable: the last path returns or raises")

    def _count(self, task: str, missing: list[str]) -> None:
        """Options the task's calls needed that no prompt announced, over the whole walk."""
        key = f"{task}.unannounced"
        self.measures[key] = self.measures.get(key, 0) + len(missing)

    def _dial(self, task: str) -> _Line:
        answer = self._post(self.carrier.url(f"{self.settings}.call"),
                            self._body("dial", DIAL, msisdn=self.persona.msisdn))
        if not answer["call"]:
            raise CheckpointErrored(f"the hotline's answer to the call names no call where "
                                    f"{self.settings}.answer.call says")
        self.transcript += [f"--- call for {task}", f"< {answer['prompt']}"]
        return _Line(answer["call"], answer["prompt"])

    def _press(self, task: str, line: _Line, key: str) -> None:
        answer = self._post(self.carrier.url(f"{self.settings}.keys", call=line.call),
                            self._body("press", PRESS, keys=key))
        self.measures[f"{task}.keys"] += 1
        # a key inside an entry may be answered with silence: the last prompt is still what
        # the caller has heard
        line.prompt = answer["prompt"] or line.prompt
        if answer["prompt"] or not key.isdigit():
            self.transcript += [f"> {key}", f"< {answer['prompt']}"]
        else:
            self.transcript += [f"> {key}"]
        if answer["ended"]:
            self.transcript.append("  (the call ended)")
            line.ended = True

    def _go_back(self, task: str, line: _Line, levels: int) -> bool:
        """Back ``levels`` menus by the way back each prompt announces; False where the
        caller must dial again: the carrier file names no way back, a prompt does not
        announce it, or it ended the call (counted, and judged by its standard)."""
        back = self.carrier.get(f"{self.settings}.back", None)
        if line.ended or back is None:
            return False
        for _ in range(levels):
            key = next((m.group("key") for m in re.finditer(self.cfg("option"), line.prompt)
                        if m.group("name").strip() == back), None)
            if key is None:
                self.transcript.append(f"  (not announced: {back})")
                self._count(task, [back])
                return False
            self.measures["back.pressed"] = self.measures.get("back.pressed", 0) + 1
            self._press(task, line, key)
            if line.ended:
                self.measures["back.dropped"] = self.measures.get("back.dropped", 0) + 1
                return False
        line.taken -= levels
        return True

    def _follow(self, task: str, line: _Line, path: list[Any], item: str,
                card: RechargeCard | None, missing: list[str]) -> str:
        """Each step of ``path`` is an option the caller listens for in the prompt ("for X
        press N"), pressed by the key the prompt gives it; written ``{option: key}`` it is also
        pressed by that known key when the prompt does not say it, so the walk goes on as a
        caller who knows the menu would, and the option is counted as not announced.
        ``{item}`` is the number the prompt's list gives the product (``{item:X}``: the list
        must say how to choose for X), ``{listed}`` only hears that the list has it;
        ``{card}`` the recharge card's number and password,
        ``{card_number}`` and ``{card_password}`` each alone, key by key; ``*`` or ``#`` ends
        an entry, as the carrier's menu asks."""
        for step in path:
            keys, unheard = self._keys(step, line.prompt, item, card)
            if unheard:
                missing.append(unheard)
                self.transcript.append(f"  (not announced: {unheard})")
            for key in keys:
                self._press(task, line, key)
                if line.ended:
                    return line.prompt
            line.taken += bool(keys)
        return line.prompt

    def _keys(self, step: Any, prompt: str, item: str,
              card: RechargeCard | None) -> tuple[list[str], str]:
        """The keys for one step of a menu path, and the option the prompt did not announce
        ("" when it did)."""
        known: str | None = None
        if isinstance(step, dict):
            [(step, value)] = step.items()
            known = str(value)
        step = str(step)
        entries = {"{card}": card.number + card.password, "{card_number}": card.number,
                   "{card_password}": card.password} if card else {}
        if step in entries:
            return list(entries[step]), ""
        if ENTRY_END.fullmatch(step):
            return [step], ""
        if step == "{listed}":
            self._item_number(prompt, item)
            return [], ""
        if step == "{item}" or step.startswith("{item:"):
            number = self._item_number(prompt, item)
            how = step[len("{item:"):-1] if step.startswith("{item:") else ""
            if how and not any(m.group("name").strip() == how
                               for m in re.finditer(self.cfg("choose"), prompt)):
                return [number], f"{how} ({item})"
            return [number], ""
        option = step.replace("{item}", item)
        for offered in re.finditer(self.cfg("option"), prompt):
            if offered.group("name").strip() == option:
                return [offered.group("key")], ""
        if known is not None:
            return [known], option
        raise NotOffered(f"the voice menu does not offer {option!r}: {prompt!r}")

    def _item_number(self, prompt: str, name: str) -> str:
        for item in re.finditer(self.cfg("item"), prompt):
            if item.group("name").strip() == name:
                return item.group("n")
        raise NotOffered(f"the voice menu offers no choice for {name!r}: {prompt!r}")

    def find_offering(self, name: str) -> Offer:
        """The offering's price as the menu reads it: its own prompt, or its line in a list."""
        prompt = self._call("offering", item=name)
        listed = list(re.finditer(self.cfg("prompts.offering"), prompt))
        named = [m for m in listed if m.group("name").strip() == name] or \
            (listed if len(listed) == 1 else [])
        if not named:
            raise ActionFailed(f"the price of {name}: the carrier's answer does not say it: "
                               f"{prompt!r}")
        found = named[0]
        return Offer(name=found.group("name").strip(), fee=self.formats.money(found.group("fee")),
                     terms=(found.groupdict().get("terms") or "").strip(), ref=name)

    def order(self, offer: Offer, site: Site | None = None) -> str:
        if site is not None:
            raise ActionFailed(f"the {self.name} channel takes no installation address")
        prompt = self._call("order", item=offer.name)
        return search(self.cfg("prompts.order"), prompt, "the order number").group("order")

    def products(self) -> list[ProductState]:
        """As the menu lists them; a carrier whose menu does not tell a product's state has the
        walk ask the channel the carrier file names for it (``states_from``)."""
        if self.states is not None:
            return self.states.products()
        status = self.cfg("status")
        return [ProductState(name=m.group("name").strip(),
                             status=status.get(m.group("status").strip(), m.group("status")),
                             ref=m.group("name").strip())
                for m in re.finditer(self.cfg("prompts.product"), self._call("services"))]

    def agent(self) -> str:
        """Ask for a person: what the menu says then."""
        return self._call("agent")

    def dispute(self, bill: Bill, item: str) -> str:
        """The menu reads out the information fees of the latest bill to choose from."""
        prompt = self._call("dispute", item=item)
        return search(self.cfg("prompts.dispute"), prompt, "the complaint's ticket number"
                      ).group("ticket")

    def usage(self) -> list[UsageRecord]:
        """The menu tells this month's totals only, so each total stands for its sessions."""
        self.offered("usage")
        found = search(self.cfg("prompts.usage"), self._call("usage"), "this month's usage")
        now = dt.datetime.now()
        return [UsageRecord(at=now, kind=kind, quantity=Decimal(found.group(kind)))
                for kind in ("voice", "data") if int(found.group(kind))]

    def bills(self) -> list[Bill]:
        """Each bill's year and month; a menu that says the month alone ("11月") means the
        latest such month, as the caller hearing it understands."""
        readout = self._call("bills")
        today = self._today()  # the readout is heard at one moment, whatever bills it names
        return [Bill(period=(period := period_heard(m, today)),
                     amount=self.formats.money(m.group("amount")), ref=period)
                for m in re.finditer(self.cfg("prompts.bill"), readout)]

    def _today(self) -> Callable[[], dt.date]:
        """The carrier's date, read once and only if asked (each read is a request)."""
        return functools.cache(lambda: self.clock.now().date())

    def bill_lines(self, bill: Bill) -> list[BillLine]:
        """The lines of the latest bill as the menu reads them out (``prompts.bill_line``:
        groups ``name``, ``charge`` and, for a session, ``quantity`` in minutes or MB); each
        line's kind is the first word of ``line_kinds`` its name contains. Where the readout
        says which bill it reads (``prompts.bill_lines``), that must be the bill asked for."""
        prompt = self._call("bill_lines")
        header = self.carrier.get(f"{self.settings}.prompts.bill_lines", None)
        if header:
            read = period_heard(search(str(header), prompt, "which bill's lines were read"),
                                self._today())
            if read != bill.period:
                raise ActionFailed(f"the voice menu read out the lines of the {read} bill, "
                                   f"not of the {bill.period} bill asked for: {prompt!r}")
        kinds = self.carrier.get(f"{self.settings}.line_kinds", None) or {}
        return [BillLine(kind=kind_named(m.group("name"), kinds),
                         amount=self.formats.money(m.group("charge")),
                         quantity=number(q) if (q := m.groupdict().get("quantity")) else None,
                         name=m.group("name").strip())
                for m in re.finditer(self.cfg("prompts.bill_line"), prompt)]

    def change_plan(self, product: ProductState, new_offering: str) -> dt.date | None:
        prompt = self._call("change", item=new_offering)
        said = search(self.cfg("prompts.change"), prompt, "the change was accepted").groupdict()
        return self.formats.day(said["date"]) if said.get("date") else None

    def report_fault(self, product: ProductState, description: str) -> str:
        """The menu takes the report by keys; the description is not asked for."""
        prompt = self._call("repair", item=product.name)
        return search(self.cfg("prompts.ticket"), prompt, "the ticket number").group("ticket")

    def cancel(self, product: ProductState) -> None:
        prompt = self._call("cancel", item=product.name)
        search(self.cfg("prompts.accepted"), prompt, "the unsubscribe was accepted")

    def balance(self) -> Decimal:
        return self.formats.money(search(self.cfg("prompts.balance"), self._call("balance"),
                                         "the balance").group("balance"))

    def top_up(self, amount: Decimal, card: RechargeCard | None = None) -> TopUpReceipt:
        """A recharge card keyed in on the menu: the voice menu takes no other payment."""
        if card is None:
            raise ActionFailed("the voice menu tops up by recharge card only (products.topup."
                               "methods.hotline: card)")
        prompt = self._call("top_up", card=card)
        if refused := re.search(self.cfg("prompts.top_up_refused"), prompt):
            raise ActionFailed(f"the top-up was refused: {refused.group('reason')}")
        found = search(self.cfg("prompts.topped_up"), prompt, "the top-up").groupdict()
        return TopUpReceipt(reference=prompt, balance=self.formats.money(found["balance"])
                            if found.get("balance") else None)

    def evidence(self) -> list[tuple[str, bytes, str]]:
        told = self.states.evidence() if self.states is not None else []
        return [*super().evidence(), *told]
