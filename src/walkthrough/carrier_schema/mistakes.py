"""A carrier file checked against its schema: every mistake, each named by file and line."""

from __future__ import annotations

import dataclasses
import difflib
import re
import types
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import PydanticCustomError

from walkthrough import yamlfile
from walkthrough.carrier_schema import CarrierFile
from walkthrough.carrier_schema.kinds import LOCALIZED, AnyUrl, Localized, Pattern, shown
from walkthrough.errors import UsageError

DEFAULT_LANGUAGES = ("zh",)


@dataclasses.dataclass(frozen=True)
class Mistake:
    path: Path
    line: int | None
    message: str
    hint: str = ""

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else str(self.path)
        return f"{where}: {self.message}" + (f" — {self.hint}" if self.hint else "")


class CarrierFileRefused(UsageError):
    """The carrier file has mistakes: every one of them, one line each."""

    def __init__(self, mistakes: list[Mistake]) -> None:
        self.mistakes = mistakes
        first = mistakes[0]
        super().__init__(first.message, path=first.path, line=first.line, hint=first.hint)

    def __str__(self) -> str:
        lines = [str(m) for m in self.mistakes]
        if len(lines) > 1:
            lines.append(f"{len(lines)} mistakes in the carrier file; nothing was walked")
        return "\n".join(lines)


def check(data: yamlfile.Located) -> list[Mistake]:
    """Every mistake of a loaded carrier file, in the order of its lines."""
    found: list[Mistake] = []
    covered: set[str] = set()
    # a value merged into several sections (`<<: *hall`) stands on one line: said once
    seen: set[tuple[int | None, str, str]] = set()
    try:
        CarrierFile.model_validate(data, context={"languages": _languages(data)})
    except ValidationError as exc:
        for error in exc.errors():
            dotted, mistake = _mistake(data, error)
            covered.add(dotted)
            where = (mistake.line, error["type"], str(error["loc"][-1]))
            if where not in seen:
                seen.add(where)
                found.append(mistake)
    for dotted, mistake in _loose_values(data):
        where = (mistake.line, "loose", dotted.rsplit(".", 1)[-1])
        if dotted not in covered and where not in seen:
            seen.add(where)
            found.append(mistake)
    return sorted(found, key=lambda m: (m.line is None, m.line or 0))


def _languages(data: yamlfile.Located) -> tuple[str, ...]:
    given = data.get("languages")
    return tuple(str(k) for k in given) if isinstance(given, dict) and given else \
        DEFAULT_LANGUAGES


# -- a pydantic error as a carrier-file mistake ------------------------------------------------
def _mistake(data: yamlfile.Located, error: Any) -> tuple[str, Mistake]:
    loc = [part for part in error["loc"] if part != LOCALIZED]
    raw_loc = list(error["loc"])
    of_key = bool(loc) and loc[-1] == "[key]"
    if of_key:
        loc, raw_loc = loc[:-1], raw_loc[:-1]
    dotted = _dotted(loc)
    line = _line(data, loc)
    kind, value = error["type"], error.get("input")
    subject = f"'{dotted}'"
    if of_key:
        subject = f"a key of '{_dotted(loc[:-1])}'"
        value = loc[-1]
    hint = ""
    if kind == "carrier":
        message = str(error["ctx"]["what"]).replace("{key}", subject)
        hint = str(error["ctx"].get("hint", ""))
    elif kind == "extra_forbidden":
        key = str(loc[-1])
        message = f"unknown key '{key}'"
        allowed = _allowed(raw_loc[:-1], data)
        close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.6)
        hint = f"did you mean '{close[0]}'?" if close else \
            f"the keys here are {', '.join(allowed)}" if allowed else "remove it"
    elif kind == "missing":
        message = f"missing setting '{dotted}'"
        hint = f"add '{dotted}' (see scenarios/carriers/demo.yaml)"
    elif kind in ("model_type", "model_attributes_type", "dict_type"):
        message = f"{subject} is {shown(value)}, not a mapping"
        hint = "give its keys, indented under it"
    elif kind == "list_type":
        message = f"{subject} is {shown(value)}, not a list"
        hint = "write a list: [a, b], or one '- item' a line"
    else:
        message = f"{subject}: {error['msg']}"
    return dotted, Mistake(data.path, line, message, hint)


def _dotted(loc: list[Any]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _line(data: yamlfile.Located, loc: list[Any]) -> int | None:
    """The line of the deepest key of ``loc`` the file has (a missing key: its parent's)."""
    node: Any = data
    line = None
    for part in loc:
        if isinstance(node, yamlfile.Located) and str(part) in node:
            line = node.line_of(str(part)) or line
            node = node[str(part)]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
            # an item of a list (a flow's step) stands where its first key does
            if isinstance(node, yamlfile.Located) and node:
                line = node.line_of(str(next(iter(node)))) or line
        else:
            break
    return line


def _allowed(loc: list[Any], data: yamlfile.Located) -> list[str]:
    """The keys the schema knows where ``loc`` points."""
    kind: Any = CarrierFile
    for part in loc:
        kind = _inner(kind, part)
        if kind is None:
            return []
    model = _model(kind)
    if model is None:
        return []
    keys = [f.alias or name for name, f in model.model_fields.items() if name != LOCALIZED]
    if issubclass(model, Localized):
        keys += list(_languages(data))
    return keys


def _unwrap(kind: Any) -> list[Any]:
    """The types a field's annotation stands for (``X | None`` is X)."""
    if typing.get_origin(kind) in (typing.Union, types.UnionType):
        return [a for a in typing.get_args(kind) if a is not type(None)]
    if typing.get_origin(kind) is typing.Annotated:
        return [typing.get_args(kind)[0]]
    return [kind]


def _model(kind: Any) -> type[BaseModel] | None:
    for one in _unwrap(kind):
        if isinstance(one, type) and issubclass(one, BaseModel):
            return one
    return None


def _inner(kind: Any, part: Any) -> Any:
    for one in _unwrap(kind):
        origin = typing.get_origin(one)
        if isinstance(one, type) and issubclass(one, BaseModel):
            field = one.model_fields.get(str(part))
            if field is not None:
                return field.annotation
        elif origin is dict:
            return typing.get_args(one)[1]
        elif origin is list and isinstance(part, int):
            return typing.get_args(one)[0]
    return None


# -- values outside the schema's typed keys, checked as before the schema -----------------------
def _loose_values(data: yamlfile.Located) -> Iterator[tuple[str, Mistake]]:
    """A value that looks like a URL is one, and a key ending in ``_pattern`` is a regular
    expression, wherever they stand: the open sections hold them too."""
    for loc, value in _leaves(data, []):
        if not isinstance(value, str):
            continue
        dotted = _dotted(loc)
        # a hook's request is its method and then its URL, checked as such by the schema
        looks_like_url = not dotted.endswith(".request") and (
            "{base_url}" in value or re.match(r"[a-z]+://", value))
        kind = Pattern() if str(loc[-1]).endswith("_pattern") else \
            AnyUrl() if looks_like_url else None
        if kind is None:
            continue
        try:
            kind.check(value)
        except PydanticCustomError as exc:
            ctx = exc.context or {}
            message = str(ctx["what"]).replace("{key}", f"'{dotted}'")
            yield dotted, Mistake(data.path, _line(data, loc), message, str(ctx["hint"]))


def _leaves(node: Any, loc: list[Any]) -> Iterator[tuple[list[Any], Any]]:
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, [*loc, str(key)])
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _leaves(value, [*loc, i])
    else:
        yield loc, node


__all__ = ["CarrierFileRefused", "Mistake", "check"]
