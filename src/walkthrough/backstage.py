"""The backstage: the carrier's test environment, everything a walk needs that a customer never
does (a test customer, the clock, a provider's charge, network work, a recharge card, the
handset's inbox, calls and data).

Every call is a hook described in the carrier file's ``backstage.hooks``:

    new_customer:
      request: POST {base_url}/testenv/customers
      body: {custName: "{name}"}
      answer: {customer: data.subsId, msisdn: data.telNo, secret.password: data.loginPwd}

``body`` is a template: a string that is one placeholder (``"{seconds}"``) takes the value
itself, so a number stays a number, and its key is left out when the walk has no value for it;
any other string is formatted (``"{to:%Y-%m-%d %H:%M:%S}"``). ``answer`` says where each field
is in the answer, in JMESPath; ``each`` makes the answer a list (an inbox, a call log).

One refusal rule: an answer of 400 or more is the test environment refusing, an environment
error and never the carrier's defect; the words of the refusal are read at
``backstage.refusal``. The one exception is a hook with a ``verdict`` (a call or a data session):
there an answer that states the verdict is the network's own, a product fact.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
import string
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from walkthrough import paths
from walkthrough.carrier import Carrier
from walkthrough.checkpoint import CheckpointErrored
from walkthrough.errors import UsageError
from walkthrough.http import Http
from walkthrough.transport import Answer

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
_ONE_PLACEHOLDER = re.compile(r"^\{(\w+)\}$")


class Refused(CheckpointErrored):
    """The test environment refused or could not do what the walk asked of it."""


@dataclasses.dataclass(frozen=True)
class Hook:
    name: str
    method: str
    url: str
    body: Any
    answer: Mapping[str, str]
    verdict: str  # where a network's own answer says how it went ("": no such answer)
    as_api_client: bool  # made with the API client's credentials (so its tokens see it)


class Backstage:
    def __init__(self, carrier: Carrier, http: Http, **known: Any) -> None:
        """``known``: the values every hook may use beside its own (customer, msisdn, ...)."""
        self.carrier, self.http, self.known = carrier, http, dict(known)

    def has(self, name: str) -> bool:
        return self.carrier.get(f"backstage.hooks.{name}", None) is not None

    def hook(self, name: str) -> Hook:
        where = f"backstage.hooks.{name}"
        spec = self.carrier.get(where, None)
        if not isinstance(spec, Mapping):
            raise UsageError(f"this walk needs the test environment's '{name}', and the carrier "
                             f"file does not describe it", path=self.carrier.path,
                             line=self.carrier.line_of("backstage.hooks"),
                             hint=f"add {where}: {{request: 'POST {{base_url}}/...', "
                                  f"answer: {{...}}}}")
        method, _, url = str(spec.get("request", "")).strip().partition(" ")
        if method.upper() not in METHODS or not url.strip():
            raise UsageError(f"{where}.request is {spec.get('request')!r}", path=self.carrier.path,
                             line=self.carrier.line_of(f"{where}.request"),
                             hint="write the method and the URL: 'GET {base_url}/path'")
        answer = spec.get("answer") or {}
        return Hook(name, method.upper(), url.strip(), spec.get("body"),
                    {str(k): str(v) for k, v in answer.items()}, str(spec.get("verdict") or ""),
                    spec.get("as") == "api")

    def call(self, name: str, http: Http | None = None, extra: Mapping[str, Any] | None = None,
             **values: Any) -> Any:
        """Run the hook ``name`` with ``values``; its answer's fields as ``answer`` says (a
        dict, or a list of dicts with ``each``). ``extra``: more fields for the body."""
        hook = self.hook(name)
        values = {**self.known, **values}
        url = self._fill(hook, hook.url, values)
        body = self._body(hook, hook.body, values)
        if extra:
            body = {**(body or {}), **extra}
        response = (http or self.http).request(hook.method, url, json=body)
        answer = _json(response)
        verdict = self._find(hook, hook.verdict, answer) if hook.verdict else None
        if response.status_code >= 400 and verdict is None:
            said = self._find(hook, str(self.carrier.get("backstage.refusal", "")), answer) \
                if self.carrier.get("backstage.refusal", "") else None
            raise Refused(f"test environment: '{name}' at {url} was refused: HTTP "
                          f"{response.status_code}: {said or response.text[:200]}")
        return self._fields(hook, answer)

    # -- templates ---------------------------------------------------------------------------
    def _fill(self, hook: Hook, template: str, values: Mapping[str, Any]) -> str:
        try:
            return string.Formatter().vformat(template, (), {"base_url": self.carrier.base_url,
                                                             **values})
        except (KeyError, IndexError) as exc:
            raise UsageError(f"backstage.hooks.{hook.name} uses the placeholder {exc}, which "
                             f"this hook is not given", path=self.carrier.path,
                             line=self.carrier.line_of(f"backstage.hooks.{hook.name}"),
                             hint="it is given " + ", ".join(
                                 "{" + k + "}" for k in ["base_url", *values])) from None

    def _body(self, hook: Hook, template: Any, values: Mapping[str, Any]) -> Any:
        if isinstance(template, Mapping):
            body = {}
            for key, value in template.items():
                one = _ONE_PLACEHOLDER.match(value) if isinstance(value, str) else None
                if one and values.get(one.group(1)) in (None, ""):
                    continue  # the walk has nothing to say there: the key is left out
                body[str(key)] = self._body(hook, value, values)
            return body
        if isinstance(template, list):
            return [self._body(hook, v, values) for v in template]
        if isinstance(template, str):
            one = _ONE_PLACEHOLDER.match(template)
            if one and one.group(1) in values:
                return _plain(values[one.group(1)])
            return self._fill(hook, template, values)
        return template

    # -- answers -----------------------------------------------------------------------------
    def _find(self, hook: Hook, expression: str, answer: Any) -> Any:
        try:
            return paths.search(expression, answer)
        except paths.JMESPathError as exc:
            raise UsageError(f"backstage.hooks.{hook.name}: {expression!r} is not a JMESPath "
                             f"expression ({exc})", path=self.carrier.path,
                             line=self.carrier.line_of(f"backstage.hooks.{hook.name}"),
                             hint="e.g. data.subsId, or rows[0].telNo") from None

    def _fields(self, hook: Hook, answer: Any) -> Any:
        fields = {k: v for k, v in hook.answer.items() if k != "each"}
        if "each" in hook.answer:
            items = self._find(hook, hook.answer["each"], answer)
            if not isinstance(items, list):
                raise Refused(f"test environment: '{hook.name}' answered no list at "
                              f"{hook.answer['each']!r}: {str(answer)[:200]}")
            return [{k: self._find(hook, e, item) for k, e in fields.items()} for item in items]
        found = {k: self._find(hook, e, answer) for k, e in fields.items()}
        if hook.verdict:
            found["verdict"] = self._find(hook, hook.verdict, answer)
        return found


def moment(value: Any, tz: dt.tzinfo) -> dt.datetime:
    """A time the test environment wrote (ISO 8601, with or without its zone; a test
    environment's local time is the carrier's)."""
    try:
        when = dt.datetime.fromisoformat(str(value).strip().replace("/", "-"))
    except ValueError:
        raise Refused(f"test environment: {value!r} is not a time") from None
    return (when if when.tzinfo else when.replace(tzinfo=tz)).astimezone(tz)


def _plain(value: Any) -> Any:
    """A value as JSON can carry it: money as its text (so no fen is lost in a float)."""
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime):
        return value.isoformat()
    return value


def _json(response: Answer) -> Any:
    try:
        return response.json()
    except ValueError:
        return None
