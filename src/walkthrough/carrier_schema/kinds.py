"""The kinds of value a carrier file holds, each checked with a message a carrier's QA team
can act on.

Each kind validates by itself (a plain validator) rather than through pydantic's unions and
coercions: a union reports one error per member, and a tester reads one line per mistake.
A kind's message starts with ``{key}``, filled in with the setting's dotted name later,
since the kind does not know where it stands.
"""

from __future__ import annotations

import dataclasses
import difflib
import math
import re
import string
import zoneinfo
from collections.abc import Callable, Iterable
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, GetCoreSchemaHandler, ValidationInfo, model_validator
from pydantic_core import PydanticCustomError, core_schema

PATTERN_HINT = "fix the pattern (Python's re syntax)"


def refuse(what: str, hint: str = "") -> PydanticCustomError:
    """A carrier file mistake; ``what`` may start with ``{key}`` for the setting's name."""
    return PydanticCustomError("carrier", "{what}", {"what": what, "hint": hint})


def shown(value: Any) -> str:
    return repr(value) if not isinstance(value, dict | list) else \
        ("a mapping" if isinstance(value, dict) else "a list")


def close_to(value: Any, known: Iterable[str]) -> list[str]:
    """The known word ``value`` was probably meant to be (case aside, or a letter or two)."""
    if not isinstance(value, str | int) or isinstance(value, bool):
        return []
    known = list(known)
    same = [k for k in known if k.lower() == str(value).lower()]
    return same[:1] or difflib.get_close_matches(str(value), known, n=1, cutoff=0.6)


class Kind:
    """A kind of value: ``name`` says it in the reference, ``check`` refuses a wrong one."""

    name = "a value"

    def check(self, value: Any) -> None:  # pragma: no cover - every kind overrides it
        raise NotImplementedError

    def _validate(self, value: Any) -> Any:
        if value is None:  # `key:` with nothing after it
            raise refuse("{key} is empty", "give it a value, or remove the key")
        self.check(value)
        return value

    def __get_pydantic_core_schema__(self, source: Any,
                                     handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        return core_schema.no_info_plain_validator_function(self._validate)


class Text(Kind):
    """A label, a name, a word: text (a number written bare is read as its text)."""

    name = "text"

    def check(self, value: Any) -> None:
        if isinstance(value, bool) or not isinstance(value, str | int | float):
            raise refuse(f"{{key}} is {shown(value)}, not text", "write it as text")


class Number(Kind):
    """A number of at least ``least`` (and at most ``most``); ``whole``: an integer."""

    def __init__(self, least: float = 0, most: float | None = None, whole: bool = False) -> None:
        self.least, self.most, self.whole = least, most, whole
        noun = "a whole number" if whole else "a number"
        self.name = f"{noun} ≥ {least:g}" + (f" and ≤ {most:g}" if most is not None else "")

    def check(self, value: Any) -> None:
        noun = "a whole number" if self.whole else "a number"
        limits = f"at least {self.least:g}" + (f" and at most {self.most:g}"
                                               if self.most is not None else "")
        wrong = isinstance(value, bool) or not isinstance(value, int if self.whole
                                                           else int | float) \
            or not math.isfinite(value)
        if wrong or value < self.least or (self.most is not None and value > self.most):
            raise refuse(f"{{key}} is {shown(value)}, not {noun} of {limits}",
                         "write a plain number")


class Money(Kind):
    """An amount or a rate: a decimal number, best quoted ("58.00") so it stays exact."""

    name = 'an amount, e.g. "58.00"'

    def check(self, value: Any) -> None:
        try:
            if isinstance(value, bool) or not isinstance(value, str | int | float):
                raise InvalidOperation
            if not Decimal(str(value)).is_finite():
                raise InvalidOperation
        except InvalidOperation:
            raise refuse(f"{{key}} is {shown(value)}, not a number",
                         'write an amount such as "58.00"') from None


class OneOf(Kind):
    """One of a few words the harness knows; a word close to one of them is named."""

    def __init__(self, *allowed: str, hint: str = "") -> None:
        self.allowed, self.hint = allowed, hint
        self.name = "one of " + ", ".join(f"`{a}`" for a in allowed)

    def check(self, value: Any) -> None:
        if value not in self.allowed:
            close = close_to(value, self.allowed)
            hint = self.hint or f"write one of {', '.join(self.allowed)}"
            raise refuse(f"{{key}} is {shown(value)}, not one of {', '.join(self.allowed)}",
                         f"did you mean '{close[0]}'?" + (f" ({self.hint})" if self.hint
                                                          else "") if close else hint)


class Names(Text):
    """A name, or a list of names taken in turn (links followed one after another)."""

    name = "text, or a list of text"

    def check(self, value: Any) -> None:
        for one in value if isinstance(value, list) else [value]:
            super().check(one)
        if isinstance(value, list) and not value:
            raise refuse("{key} is an empty list", "give at least one name")


class Percent(Kind):
    """A percentage from 0 to 100, best quoted ("9") so it stays exact."""

    name = 'a percentage, e.g. "9"'

    def check(self, value: Any) -> None:
        try:
            if isinstance(value, bool) or not isinstance(value, str | int | float):
                raise InvalidOperation
            number = Decimal(str(value))
            if not number.is_finite() or not 0 <= number <= 100:
                raise InvalidOperation
        except InvalidOperation:
            raise refuse(f"{{key}} is {shown(value)}, not a percentage from 0 to 100",
                         'write the percent included in the price, e.g. "9"') from None


class JmesPath(Kind):
    """Where a value is in a JSON answer: a JMESPath expression."""

    name = "a JMESPath expression, e.g. `data.items[0].id`"

    def check(self, value: Any) -> None:
        import jmespath
        import jmespath.exceptions

        if not isinstance(value, str):
            raise refuse(f"{{key}} is {shown(value)}, not a JMESPath expression",
                         "write where the value is, e.g. data.subsId")
        try:
            jmespath.compile(value)
        except jmespath.exceptions.JMESPathError as exc:
            said = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
            raise refuse(f"{{key}} is not a JMESPath expression ({said})",
                         "write where the value is, e.g. data.subsId or rows[0].telNo") \
                from None


class ModuleName(Kind):
    """A Python module, by its dotted name."""

    name = "a Python module's dotted name"

    def check(self, value: Any) -> None:
        if not isinstance(value, str) or not re.fullmatch(
                r"[A-Za-z_]\w*(\.[A-Za-z_]\w*)*", value):
            raise refuse(f"{{key}} is {shown(value)}, not a module name",
                         "name the module as Python imports it, e.g. my_carrier.drivers")


class EnvVar(Kind):
    """The name of an environment variable holding a secret (never the secret itself)."""

    name = "the name of an environment variable"

    def check(self, value: Any) -> None:
        if not isinstance(value, str) or not re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*", value):
            raise refuse(f"{{key}} is {shown(value)}, not the name of an environment "
                         f"variable", "name the variable, e.g. MY_CARRIER_SECRET: the secret "
                         "itself never lives in the file")


class TimeZone(Kind):
    name = "an IANA time zone, e.g. Asia/Shanghai"

    def check(self, value: Any) -> None:
        try:
            zoneinfo.ZoneInfo(str(value))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise refuse(f"unknown time zone {value!r}",
                         "an IANA name such as Asia/Shanghai or Europe/Paris") from None


class Locale(Kind):
    name = "a Faker locale, e.g. zh_CN"

    def check(self, value: Any) -> None:
        from faker.config import AVAILABLE_LOCALES

        if str(value) not in AVAILABLE_LOCALES:
            raise refuse(f"{{key}} is {value!r}, which Faker has no locale for",
                         "a Faker locale such as zh_CN, en_US or fr_FR")


def _fields(template: str) -> list[str]:
    """The placeholders ``{name}`` of a str.format template (a bad brace raises ValueError)."""
    return [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]


def _braces(allowed: Iterable[str]) -> str:
    names = [f"{{{a}}}" for a in allowed]
    return ", ".join(names) if names else "none"


class _Templated(Kind):
    """Text that the harness fills with ``str.format``: every placeholder must be one this
    place fills."""

    what = "template"

    def __init__(self, *placeholders: str) -> None:
        self.placeholders = placeholders

    def _filled(self, value: Any, fill: Callable[[str], str]) -> str:
        if not isinstance(value, str | int):
            raise refuse(f"{{key}} is {shown(value)}, not text", "write it as text")
        template = str(value)
        try:
            fields = _fields(template)
        except ValueError as exc:
            raise refuse(f"{{key}} is not a valid {self.what} ({exc})",
                         "write {{ and }} for a brace that is no placeholder") from None
        unknown = [f for f in fields if f not in self.placeholders]
        if unknown:
            raise refuse(f"{{key}} uses the placeholder {{{unknown[0]}}}, which nothing fills "
                         f"here", f"placeholders here: {_braces(self.placeholders)}; write "
                         "{{ and }} for a brace that is no placeholder")
        try:
            return template.format(**{f: fill(f) for f in fields})
        except (ValueError, IndexError, KeyError, AttributeError) as exc:
            raise refuse(f"{{key}} is not a valid {self.what} ({exc})",
                         "a placeholder is written {name}, with nothing after its name") \
                from None


class Template(_Templated):
    """Text with placeholders: a command, a menu option."""

    def __init__(self, *placeholders: str) -> None:
        super().__init__(*placeholders)
        self.name = f"text (placeholders: {_braces(placeholders)})"

    def check(self, value: Any) -> None:
        self._filled(value, lambda f: "x")


class Url(_Templated):
    """A URL, or a URL template: ``{base_url}`` stands for the carrier's address."""

    what = "URL"
    HINT = "e.g. https://carrier.example/api or {base_url}/path"

    def __init__(self, *placeholders: str) -> None:
        super().__init__("base_url", *placeholders)
        self.name = f"a URL (placeholders: {_braces(self.placeholders)})"

    def check(self, value: Any) -> None:
        filled = self._filled(value, lambda f: "http://127.0.0.1" if f == "base_url" else "x")
        try:
            parts = urlsplit(filled)
            parts.port  # noqa: B018 - a port that is not a number raises here
        except ValueError as exc:
            raise refuse(f"{{key}} is not a valid URL ({exc})", self.HINT) from None
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise refuse(f"{{key}} is not an http(s) URL: {value!r}", self.HINT)


class Pattern(_Templated):
    """A regular expression (Python's re). With placeholders, it is first filled with
    ``str.format`` (each value escaped), so a regex's own braces are written ``{{``/``}}``."""

    what = "pattern"

    def __init__(self, *placeholders: str, formatted: bool | None = None) -> None:
        super().__init__(*placeholders)
        self.formatted = bool(placeholders) if formatted is None else formatted
        self.name = f"a regular expression (placeholders: {_braces(placeholders)})" \
            if self.formatted else "a regular expression"

    def check(self, value: Any) -> None:
        if self.formatted:
            regex = self._filled(value, lambda f: "x")
        elif not isinstance(value, str | int):
            raise refuse(f"{{key}} is {shown(value)}, not a regular expression",
                         "write the pattern as text")
        else:
            regex = str(value)
        try:
            re.compile(regex)
        except re.error as exc:
            raise refuse(f"{{key}} is not a valid regular expression ({exc})",
                         PATTERN_HINT) from None


class Patterns(Pattern):
    """A regular expression, or a list of them tried in turn."""

    name = "a regular expression, or a list of them"

    def check(self, value: Any) -> None:
        for one in value if isinstance(value, list) else [value]:
            super().check(one)


class Request(Kind):
    """An HTTP call: its method, then its URL (any placeholder: each hook has its own)."""

    name = "a method and a URL, e.g. `POST {base_url}/path`"
    METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")

    def check(self, value: Any) -> None:
        method, _, url = str(value).strip().partition(" ")
        if method.upper() not in self.METHODS:
            raise refuse(f"{{key}} is {value!r}: it does not start with an HTTP method",
                         "write the method and the URL: 'POST {base_url}/path'")
        AnyUrl().check(url.strip())


class AnyUrl(Url):
    """A URL whose placeholders the schema does not know: any may be filled."""

    def check(self, value: Any) -> None:
        self.placeholders = ("base_url", *(f for f in re.findall(r"\{(\w+)\}", str(value))))
        super().check(value)


class ReplacedPattern(Pattern):
    """A regular expression whose placeholders are replaced one by one (not str.format), so
    the regex's own braces stay as they are."""

    def __init__(self, *placeholders: str) -> None:
        super().__init__(*placeholders, formatted=False)
        self.name = f"a regular expression (placeholders: {_braces(placeholders)})"

    def check(self, value: Any) -> None:
        text = str(value) if isinstance(value, str | int) else value
        if isinstance(text, str):
            for name in self.placeholders:
                text = text.replace(f"{{{name}}}", "x")
        super().check(text)


class TaskPattern(Pattern):
    """A regular expression in which ``{name}`` is one of a task's values (any name: a flow
    knows its own), filled in escaped; other braces are the expression's own (``\\d{4}``)."""

    PLACEHOLDER = re.compile(r"\{([A-Za-z_][\w.]*)\}")

    def __init__(self) -> None:
        super().__init__(formatted=False)
        self.name = "a regular expression (placeholders: the task's values)"

    def check(self, value: Any) -> None:
        super().check(self.PLACEHOLDER.sub("x", value) if isinstance(value, str) else value)


class TextOr(Kind):
    """Text, or the mapping of the annotated model (a locator, or ``{find, pattern}``; a
    service, or the name of another): the mapping is validated as its model, key by key."""

    def __init__(self, text: str, kind: Kind | None = None) -> None:
        self.text = kind or Text()
        self.name = f"{text}, or a mapping (below)"

    def __get_pydantic_core_schema__(self, source: Any,
                                     handler: GetCoreSchemaHandler) -> core_schema.CoreSchema:
        def either(value: Any, inner: core_schema.ValidatorFunctionWrapHandler) -> Any:
            if isinstance(value, dict):
                return inner(value)
            return self.text._validate(value)
        return core_schema.no_info_wrap_validator_function(either, handler(source))


@dataclasses.dataclass(frozen=True)
class Unknown:
    """A name that names nothing the file has (a flow, a reply, a service), put in the name's
    place by the section that knows the names, for the name's own kind to refuse there, on
    its own line."""

    value: Any
    known: tuple[str, ...]
    what: str

    def refusal(self) -> PydanticCustomError:
        close = close_to(self.value, self.known)
        return refuse(f"{{key}} names no {self.what} {self.value!r}",
                      f"did you mean '{close[0]}'?" if close else
                      f"the {self.what}s here are {', '.join(self.known)}" if self.known else
                      f"add the {self.what} first")


class Name(Text):
    """The name of something else in the file (a flow, a reply, a service)."""

    def __init__(self, what: str) -> None:
        self.name = f"the name of a {what}"

    def check(self, value: Any) -> None:
        if isinstance(value, Unknown):
            raise value.refusal()
        super().check(value)


def naming(data: Any, path: tuple[Any, ...], key: str, known: Iterable[str],
           what: str) -> Any:
    """``data`` with the value at ``path`` + ``key`` marked Unknown where it names nothing in
    ``known``; every mapping and list on the way is copied (the loaded file stays as it is)."""
    if not path:
        if isinstance(data, dict) and key in data and isinstance(data[key], str | int) \
                and str(data[key]) not in set(known):
            return {**data, key: Unknown(data[key], tuple(known), what)}
        return data
    head, rest = path[0], path[1:]
    if head == "*":
        if isinstance(data, dict):
            return {k: naming(v, rest, key, known, what) for k, v in data.items()}
        if isinstance(data, list):
            return [naming(v, rest, key, known, what) for v in data]
        return data
    if isinstance(data, dict) and head in data:
        return {**data, head: naming(data[head], rest, key, known, what)}
    return data


class Section(BaseModel):
    """A mapping of the carrier file: every key known, a typo is an error."""

    model_config = ConfigDict(extra="forbid", populate_by_name=True)


LOCALIZED = "localized"  # where a section's per-language wording is validated


class Localized(Section):
    """A section whose wording may differ by the customer's language: a key named for a
    language of ``languages`` (``en:``) holds that language's wording (``WORDING``)."""

    @model_validator(mode="before")
    @classmethod
    def _by_language(cls, data: Any, info: ValidationInfo) -> Any:
        languages = (info.context or {}).get("languages", ())
        if not isinstance(data, dict) or not languages:
            return data
        kept = {k: v for k, v in data.items() if k not in languages}
        localized = {k: v for k, v in data.items() if k in languages}
        if localized:
            kept[LOCALIZED] = localized
        return kept
