"""The carrier's API as its carrier file describes it: where each resource is
(``channels.api.paths``), how its answers are read (JMESPath), and the one line between the
carrier refusing the customer and the harness or its carrier file being wrong.

- The carrier refused (``ActionFailed``, a product fact): a status the file lists under
  ``channels.api.refusals`` (e.g. 422) with the carrier's reason, or a 404 on an order,
  product or bill the carrier itself gave the walk.
- The harness, its carrier file or the environment broke (``CheckpointErrored``): a 404 or 405
  on a collection path the carrier file gave, any other 4xx (the carrier says the request was
  malformed), a 5xx the file does not list as a refusal, an answer that is not JSON or lacks a
  field the carrier file says is there.
"""

from __future__ import annotations

from typing import Any

from walkthrough import paths
from walkthrough.carrier import Carrier
from walkthrough.checkpoint import ActionFailed, CheckpointErrored
from walkthrough.errors import UsageError
from walkthrough.http import Http, client_credentials, error_text
from walkthrough.persona import Persona
from walkthrough.transport import Answer

KEY = "channels.api"


def api_client(carrier: Carrier, headers: dict[str, str] | None = None) -> Http:
    """HTTP as the carrier's API client the file names: OAuth 2.0 client credentials
    (``channels.api.oauth``) or a static bearer token (``channels.api.token_env``)."""
    timeout = float(carrier.get(f"{KEY}.timeout", 10))
    if carrier.get(f"{KEY}.oauth", None) is not None:
        session = client_credentials(
            carrier.url(f"{KEY}.oauth.token_url"),
            str(carrier.get(f"{KEY}.oauth.client_id")),
            carrier.secret(f"{KEY}.oauth.secret_env"),
            str(carrier.get(f"{KEY}.oauth.scope", "")))
        return Http(timeout=timeout, session=session, headers=headers)
    token = carrier.secret(f"{KEY}.token_env")
    return Http(timeout=timeout, headers={**(headers or {}), "Authorization": f"Bearer {token}"})


class Api:
    """Requests to the resources the carrier file places, answered by one rule."""

    def __init__(self, carrier: Carrier, persona: Persona) -> None:
        self.carrier = carrier
        self.persona = persona
        self.base = carrier.url(f"{KEY}.base_url").rstrip("/")
        self.http = api_client(carrier)
        self.refusals = {int(s) for s in carrier.get(f"{KEY}.refusals", [422])}

    # -- the carrier file --------------------------------------------------------------------
    def setting(self, dotted: str, default: Any = ...) -> Any:
        return self.carrier.get(f"{KEY}.{dotted}", default)

    def choice(self, dotted: str, allowed: tuple[str, ...]) -> str:
        """A setting that is one of ``allowed`` (the first when the file gives none)."""
        value = str(self.setting(dotted, allowed[0]))
        if value not in allowed:
            raise UsageError(f"'{KEY}.{dotted}' is {value!r}, not one of {', '.join(allowed)}",
                             path=self.carrier.path, line=self.carrier.line_of(f"{KEY}.{dotted}"),
                             hint=f"write one of {', '.join(allowed)} (see demo.yaml)")
        return value

    def where(self, resource: str) -> str:
        """The file's place for ``resource``, for messages: its key and line."""
        line = self.carrier.line_of(f"{KEY}.paths.{resource}")
        return f"{KEY}.paths.{resource}" + (f", line {line}" if line else "")

    def url(self, resource: str) -> str:
        """The URL of ``resource`` (``channels.api.paths.<resource>``, under ``base_url``);
        ``{customer}`` and ``{account}`` stand for the walk's customer and account."""
        template = str(self.setting(f"paths.{resource}"))
        try:
            path = template.format(customer=self.persona.customer_id,
                                   account=self.persona.account or self.persona.customer_id)
        except (KeyError, IndexError) as exc:
            raise UsageError(f"'{KEY}.paths.{resource}' uses an unknown placeholder {exc}",
                             path=self.carrier.path,
                             line=self.carrier.line_of(f"{KEY}.paths.{resource}"),
                             hint="placeholders are {customer} and {account}") from None
        return path if path.startswith(("http://", "https://")) else \
            f"{self.base}/{path.lstrip('/')}"

    def find(self, dotted: str, answer: Any, default: str | None = None) -> Any:
        """The value the JMESPath expression at ``channels.api.<dotted>`` finds in
        ``answer`` (``default``: the expression when the file gives none; without either,
        None)."""
        expression = self.setting(dotted, default)
        if expression is None:
            return None
        try:
            return paths.search(str(expression), answer)
        except paths.JMESPathError as exc:
            raise UsageError(f"{KEY}.{dotted}: {expression!r} is not a JMESPath expression "
                             f"({exc})", path=self.carrier.path,
                             line=self.carrier.line_of(f"{KEY}.{dotted}"),
                             hint="e.g. remainedAmount.value") from None

    def mine(self) -> dict[str, str]:
        """The filter that scopes a list to the walk's customer: by the party (TMF's
        relatedParty.id, the default) or by the billing account where the carrier keeps
        lists that way (``channels.api.scope_filter: billingAccount.id``)."""
        where = str(self.setting("scope_filter", "relatedParty.id"))
        return {where: self.persona.account or self.persona.customer_id}

    def party(self) -> dict[str, str]:
        """The walk's customer as a related party (``order.party``: the role and the
        referred type the carrier names it by)."""
        named = self.setting("order.party", {}) or {}
        return {"id": self.persona.customer_id, "role": str(named.get("role", "customer")),
                "@referredType": str(named.get("referred_type", "Customer"))}

    # -- requests ----------------------------------------------------------------------------
    def get(self, resource: str, item: str = "", **params: str) -> Any:
        """One resource: the collection's ``item`` (an id the carrier gave: a 404 is the
        carrier's), or, without it, the resource the path names itself."""
        url = f"{self.url(resource)}/{item}" if item else self.url(resource)
        response = self.http.get(url, params=params or None)
        self.judge(response, resource, url, given=bool(item), what=f"GET {url}")
        return self.json(response, resource, url)

    def get_href(self, href: str, resource: str) -> Any:
        """A resource at the address the carrier's own answer gave for it."""
        url = href if href.startswith(("http://", "https://")) else \
            f"{self._origin()}{href}" if href.startswith("/") else f"{self.base}/{href}"
        response = self.http.get(url)
        self.judge(response, resource, url, given=True, what=f"GET {url}")
        return self.json(response, resource, url)

    def list(self, resource: str, **params: str) -> list[Any]:
        """Every item of a TMF list, page after page while the carrier says there are more
        (X-Total-Count); a carrier that does not page answers everything at once."""
        url = self.url(resource)
        items: list[Any] = []
        while True:
            query = {**params, **({"offset": str(len(items))} if items else {})}
            response = self.http.get(url, params=query or None)
            self.judge(response, resource, url, given=False, what=f"GET {url}")
            page = self.json(response, resource, url)
            if not isinstance(page, list):
                raise CheckpointErrored(
                    f"the carrier file says the {resource} list is at {url} "
                    f"({self.where(resource)}); the carrier answered {type(page).__name__}, "
                    f"not a list: {str(page)[:200]}")
            items += page
            total = response.headers.get("X-Total-Count", "")
            if not page or not total.isdigit() or len(items) >= int(total):
                return items

    def post(self, resource: str, body: dict[str, Any], what: str) -> Any:
        url = self.url(resource)
        response = self.http.post(url, json=body)
        self.judge(response, resource, url, given=False, what=what)
        return self.json(response, resource, url)

    # -- the rule ----------------------------------------------------------------------------
    def judge(self, response: Answer, resource: str, url: str, *, given: bool,
              what: str) -> None:
        status = response.status_code
        if status < 400:
            return
        said = error_text(response)
        if status in self.refusals and _has_reason(response):
            raise ActionFailed(f"{what} was refused: {said}")
        if status == 404 and given:
            raise ActionFailed(f"{what}: the carrier no longer knows the {resource} it gave: "
                               f"{said}")
        asked = "" if what.startswith("GET ") else f" to {what}"
        raise CheckpointErrored(f"the carrier file says {resource} is at {url} "
                                f"({self.where(resource)}); the carrier answered{asked}: {said}")

    def json(self, response: Answer, resource: str, url: str) -> Any:
        try:
            return response.json()
        except ValueError:
            raise CheckpointErrored(
                f"the carrier file says {resource} is at {url} ({self.where(resource)}); the "
                f"carrier answered HTTP {response.status_code} that is not JSON: "
                f"{response.text[:200]!r}") from None

    def missing(self, resource: str, field: str, answer: Any, key: str = "") -> CheckpointErrored:
        """The error for an answer without a field the file (or TMF) says it has."""
        told = f"the carrier file says ({KEY}.{key})" if key else "TMF says"
        return CheckpointErrored(f"{told} a {resource} has {field}; the carrier answered "
                                 f"without it: {str(answer)[:300]}")

    def _origin(self) -> str:
        scheme, _, rest = self.base.partition("://")
        return f"{scheme}://{rest.split('/', 1)[0]}"

    def close(self) -> None:
        self.http.close()


def _has_reason(response: Answer) -> bool:
    """A refusal in the carrier's words: a body that says why (a TMF Error's reason or
    message), not a bare status."""
    try:
        body = response.json()
    except ValueError:
        return False
    return isinstance(body, dict) and bool(body.get("reason") or body.get("message"))


def field(answer: Any, name: str) -> Any:
    """``answer[name]`` where the answer is a JSON object, else None."""
    return answer.get(name) if isinstance(answer, dict) else None
