"""TMF list queries (TMF630 design guidelines): attribute filters, ``fields=`` selection and
offset/limit paging with X-Total-Count and X-Result-Count.

A filter the resource does not offer is refused with 400, never ignored: a client that
filters on a misspelt attribute would otherwise take the whole list for its answer.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel

from demo_operator.api.common import ApiError, Owned, customers_of, owned
from demo_operator.api.models import Error

PAGING = ("fields", "offset", "limit")
CUSTOMER_FILTERS = ("relatedParty.id", "payer.id")
MAX_LIMIT = 1000
# Fields every selection keeps: a client that asked for ``name`` still needs to find the item.
ALWAYS = ("id", "href", "@type")

# The TMF Error answers each route may give, as declared in the OpenAPI document.
ERROR_TEXT = {400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
              405: "Method Not Allowed", 409: "Conflict",
              422: "Unprocessable Entity", 503: "Service Unavailable"}


def document_errors(schema: dict[str, Any], root: str) -> dict[str, Any]:
    """The OpenAPI document as the TMF routes answer: a request that fails validation is a
    400 TMF Error (never FastAPI's 422), and every route may answer 401 without a valid token
    and 403 without the scope it needs."""
    error = {"$ref": "#/components/schemas/Error"}
    for path, item in schema.get("paths", {}).items():
        if not path.startswith(root):
            continue
        for operation in item.values():
            responses = operation.setdefault("responses", {})
            if "HTTPValidationError" in str(responses.get("422", "")):
                del responses["422"]
            for code in ("400", "401", "403"):
                responses.setdefault(code, {"description": ERROR_TEXT[int(code)],
                                            "content": {"application/json": {"schema": error}}})
    schema.get("components", {}).get("schemas", {}).pop("HTTPValidationError", None)
    schema.get("components", {}).get("schemas", {}).pop("ValidationError", None)
    return schema


def errors(*codes: int) -> dict[int | str, dict[str, Any]]:
    return {code: {"model": Error, "description": ERROR_TEXT[code]} for code in codes}


def _param(name: str, description: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": "query", "required": False, "description": description,
            "schema": schema}


@dataclasses.dataclass(frozen=True)
class Listing:
    """The filters one list route offers; called as a FastAPI dependency, it reads and checks
    the query string."""

    filters: tuple[str, ...] = ()

    @property
    def openapi(self) -> dict[str, Any]:
        params = [
            _param("fields", "Comma-separated attributes to return", {"type": "string"}),
            _param("offset", "Index of the first item to return",
                   {"type": "integer", "minimum": 0}),
            _param("limit", "Number of items to return",
                   {"type": "integer", "minimum": 1, "maximum": MAX_LIMIT}),
        ] + [_param(name, f"Items whose {name} equals this value", {"type": "string"})
             for name in self.filters]
        return {"parameters": params}

    @property
    def responses(self) -> dict[int | str, dict[str, Any]]:
        count = {"schema": {"type": "integer"}}
        return {200: {"description": "Success",
                      "headers": {"X-Total-Count": {**count, "description":
                                                    "Items matching the criteria"},
                                  "X-Result-Count": {**count, "description":
                                                     "Items in this answer"}}},
                **errors(400, 401, 403)}

    def options(self, model: Any = None, *more_errors: int) -> dict[str, Any]:
        """The route's keywords: its query parameters and answers, for the OpenAPI document."""
        responses = {**self.responses, **errors(*more_errors)}
        if model is not None:
            responses[200] = {**responses[200], "model": list[model]}
        return {"response_model": None, "openapi_extra": self.openapi, "responses": responses}

    async def __call__(self, request: Request) -> Query:
        params = request.query_params
        unknown = sorted(set(params) - set(PAGING) - set(self.filters))
        if unknown:
            offered = ", ".join(self.filters) or "none"
            raise ApiError(400, "不支持的查询条件",
                           f"cannot filter on {', '.join(unknown)}; filters offered: {offered}")
        offset = _count(params.get("offset"), "offset", 0, 0)
        limit = _count(params.get("limit"), "limit", MAX_LIMIT, 1)
        if limit > MAX_LIMIT:
            raise ApiError(400, "查询条件错误", f"limit is at most {MAX_LIMIT}")
        fields = tuple(f.strip() for f in params.get("fields", "").split(",") if f.strip())
        where = {name: _unquote(params[name]) for name in self.filters if name in params}
        mine = owned(request)
        for name in CUSTOMER_FILTERS:
            if mine is not None and name in where and not mine.covers({where[name]}):
                raise ApiError(403, "无权访问该客户", f"customer {where[name]!r} is not one of "
                               "this client's test customers")
        return Query(where, fields, offset, limit, mine)


def _count(text: str | None, name: str, default: int, least: int) -> int:
    if text is None or text == "":
        return default
    try:
        value = int(text)
    except ValueError:
        raise ApiError(400, "查询条件错误", f"{name} must be a whole number, not {text!r}") \
            from None
    if value < least:
        raise ApiError(400, "查询条件错误", f"{name} must be at least {least}")
    return value


def _unquote(value: str) -> str:
    # Clients quote a value that holds separators: lastUpdate="2026-11-23T02:00:00Z".
    if len(value) >= 2 and value[0] == value[-1] == '"':
        return value[1:-1]
    return value


def _values(item: Any, path: list[str]) -> list[Any]:
    """The values at a dotted path, through lists: relatedParty.id of every party."""
    if isinstance(item, list):
        return [v for element in item for v in _values(element, path)]
    if not path:
        return [item]
    if not isinstance(item, dict) or path[0] not in item:
        return []
    return _values(item[path[0]], path[1:])


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


@dataclasses.dataclass(frozen=True)
class Query:
    where: dict[str, str]
    fields: tuple[str, ...]
    offset: int
    limit: int
    owned: Owned | None = None   # the customers the token may see; None: all

    def without(self, name: str) -> Query:
        """The query with a filter taken out, once the route has applied it itself."""
        return dataclasses.replace(self, where={k: v for k, v in self.where.items()
                                                if k != name})

    def matches(self, item: dict[str, Any]) -> bool:
        if self.owned is not None and not self.owned.covers(customers_of(item)):
            return False
        return all(any(_text(v) == wanted for v in _values(item, name.split(".")))
                   for name, wanted in self.where.items())

    def select(self, item: dict[str, Any]) -> dict[str, Any]:
        if not self.fields:
            return item
        keep = set(self.fields) | set(ALWAYS)
        return {k: v for k, v in item.items() if k in keep}

    def answer(self, items: Iterable[dict[str, Any]],
               model: type[BaseModel] | None = None) -> JSONResponse:
        """The page of matching items, each checked against its model before selection."""
        found = [item for item in items if self.matches(item)]
        page = found[self.offset:self.offset + self.limit]
        if model is not None:
            page = [shape(model, item) for item in page]
        body = [self.select(item) for item in page]
        return JSONResponse(body, headers={"X-Total-Count": str(len(found)),
                                           "X-Result-Count": str(len(body))})


def shape(model: type[BaseModel], item: dict[str, Any]) -> dict[str, Any]:
    """The item as its model documents it (aliases, no empty fields)."""
    return model.model_validate(item).model_dump(mode="json", by_alias=True,
                                                 exclude_none=True)


def one(query: Query, model: type[BaseModel], item: dict[str, Any],
        status: int = 200) -> JSONResponse:
    """One resource, checked against its model, with the fields asked for; another client's
    customer's resource is not found."""
    if query.owned is not None and not query.owned.covers(customers_of(item)):
        raise ApiError(404, "资源不存在", f"no resource {item.get('id')!r}")
    return JSONResponse(query.select(shape(model, item)), status_code=status)
