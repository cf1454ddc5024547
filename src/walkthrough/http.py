"""HTTP with the line drawn between the product's answers and the environment's failures."""

from __future__ import annotations

import json
import os
import threading
import types
from collections import deque
from typing import Any
from urllib.parse import urlsplit

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from requests.sessions import merge_setting
from requests.utils import get_auth_from_url, get_environ_proxies, get_netrc_auth

from walkthrough.checkpoint import EnvironmentBroken


class Http:
    """A requests session that keeps the last exchanges as evidence for the reports, and turns
    transport failures (refused, timed out, bad credentials) into EnvironmentBroken."""

    def __init__(self, timeout: float = 10.0, headers: dict[str, str] | None = None,
                 keep: int = 12, session: requests.Session | None = None) -> None:
        self.session = session or requests.Session()
        self.session.headers.update(headers or {})
        remember_environment(self.session)
        self.timeout = timeout
        self.exchanges: deque[str] = deque(maxlen=keep)

    def request(self, method: str, url: str, **kwargs: Any) -> requests.Response:
        kwargs.setdefault("timeout", self.timeout)
        response = self._send(method, url, kwargs)
        if response.status_code == 401 and isinstance(self.session, OAuth2Session):
            # A token the carrier ended early (restarted, revoked): one fresh token, once.
            self.session.token = None
            response = self._send(method, url, kwargs)
        self._keep(method, url, kwargs.get("json"), response)
        if response.status_code in (401, 403):
            raise EnvironmentBroken(f"{url} refused the credentials ({response.status_code}); "
                                    f"check the token the carrier file names")
        return response

    def _send(self, method: str, url: str, kwargs: dict[str, Any]) -> requests.Response:
        try:
            if isinstance(self.session, OAuth2Session) and not self.session.token:
                self._fetch_token()
            return self.session.request(method, url, **kwargs)
        except requests.ConnectionError as exc:
            raise EnvironmentBroken(f"{url} did not answer: connection refused or reset "
                                    f"({type(exc).__name__}); is the operator running?") from None
        except requests.Timeout:
            raise EnvironmentBroken(f"{url} did not answer within {self.timeout} s") from None

    def _fetch_token(self) -> None:
        assert isinstance(self.session, OAuth2Session)
        endpoint = str(self.session.metadata.get("token_endpoint"))
        try:
            self.session.fetch_token(endpoint, timeout=self.timeout)
        except OAuthError as exc:
            raise EnvironmentBroken(f"{endpoint} refused the client credentials "
                                    f"({exc.error}); check the client id and secret the "
                                    f"carrier file names") from None

    def get(self, url: str, **kwargs: Any) -> requests.Response:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> requests.Response:
        return self.request("POST", url, **kwargs)

    def _keep(self, method: str, url: str, body: Any, response: requests.Response) -> None:
        sent = f"\n{json.dumps(body, ensure_ascii=False, indent=1)}" if body is not None else ""
        self.exchanges.append(f"> {method} {url}{sent}\n< {response.status_code}\n"
                              f"{response.text[:2000]}")

    def close(self) -> None:
        self.session.close()


ENVIRONMENT_TRIES = 5


def remember_environment(session: requests.Session) -> None:
    """Make ``session`` read the environment's proxies and CA bundle once per scheme, host and
    ``no_proxy``, and ~/.netrc once per scheme and host, not on every request as requests
    does.

    The answer is requests' own (``get_environ_proxies``, REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE,
    merged with the session's settings on every request as requests merges them); only the
    reading is kept. Reading it costs a walk about a tenth of its CPU, and it walks
    ``os.environ``, which another thread may change meanwhile (the test runner names its
    current test there): a variable gone between listing and reading raises KeyError, so such a
    read is made again."""
    if getattr(session, "_walkthrough_environment", None) is not None:
        return
    remembered: dict[tuple[str, str, str | None], tuple[dict[str, str], str | None]] = {}
    lock = threading.Lock()

    def environment(url: str, no_proxy: str | None) -> tuple[dict[str, str], str | None]:
        parts = urlsplit(url)
        key = (parts.scheme.lower(), parts.netloc.lower(), no_proxy)
        with lock:
            known = remembered.get(key)
        if known is not None:
            return known
        for attempt in range(ENVIRONMENT_TRIES):
            try:
                proxies = get_environ_proxies(url, no_proxy=no_proxy)
                bundle = os.environ.get("REQUESTS_CA_BUNDLE") or os.environ.get("CURL_CA_BUNDLE")
                break
            except KeyError:
                if attempt == ENVIRONMENT_TRIES - 1:
                    raise
        with lock:
            remembered[key] = (dict(proxies), bundle)
        return remembered[key]

    def merge_environment_settings(self: requests.Session, url: str,
                                   proxies: dict[str, str] | None, stream: bool | None,
                                   verify: bool | str | None, cert: Any) -> dict[str, Any]:
        # requests.Session.merge_environment_settings, with the environment remembered
        if self.trust_env:
            env_proxies, bundle = environment(
                url, proxies.get("no_proxy") if proxies is not None else None)
            if proxies is not None:
                for k, v in env_proxies.items():
                    proxies.setdefault(k, v)
            if verify is True or verify is None:
                verify = bundle or verify
        return {"proxies": merge_setting(proxies, self.proxies),
                "stream": merge_setting(stream, self.stream),
                "verify": merge_setting(verify, self.verify),
                "cert": merge_setting(cert, self.cert)}

    netrc: dict[tuple[str, str], tuple[str, str] | None] = {}
    prepare = session.prepare_request  # bound: a subclass's own preparation stays

    def prepare_request(request: requests.Request) -> requests.PreparedRequest:
        # requests looks for ~/.netrc on every request without credentials of its own: the
        # credentials it finds there (or that there are none) are remembered per host
        url = request.url
        if session.trust_env and not request.auth and not session.auth and \
                isinstance(url, str) and url:
            parts = urlsplit(url)
            key = (parts.scheme.lower(), parts.netloc.lower())
            known = netrc.get(key, _UNKNOWN)
            if known is _UNKNOWN:
                known = netrc[key] = get_netrc_auth(url)
            if known is not None:
                request.auth = known
            elif not any(get_auth_from_url(url)):
                request.auth = _no_credentials
        return prepare(request)

    session._walkthrough_environment = remembered  # type: ignore[attr-defined]
    session.merge_environment_settings = types.MethodType(  # type: ignore[method-assign]
        merge_environment_settings, session)
    session.prepare_request = prepare_request  # type: ignore[method-assign]


_UNKNOWN: Any = object()


def _no_credentials(request: requests.PreparedRequest) -> requests.PreparedRequest:
    """What ``auth`` is when neither ~/.netrc nor the URL has credentials for the host: it
    leaves the request as it is, and tells requests not to look in ~/.netrc again."""
    return request


def client_credentials(token_url: str, client_id: str, client_secret: str,
                       scope: str) -> OAuth2Session:
    """A session that gets an OAuth 2.0 client-credentials token on first use and a new one
    whenever it expires (authlib)."""
    return OAuth2Session(client_id, client_secret, scope=scope, token_endpoint=token_url,
                         grant_type="client_credentials",
                         token_endpoint_auth_method="client_secret_basic")


def error_text(response: requests.Response) -> str:
    """The operator's own words for a refusal (a TMF Error body where there is one)."""
    try:
        body = response.json()
    except ValueError:
        return f"HTTP {response.status_code}: {response.text[:200]}"
    if isinstance(body, dict):
        parts = [str(body.get(k)) for k in ("reason", "message") if body.get(k)]
        if parts:
            return f"HTTP {response.status_code}: {' - '.join(parts)}"
    return f"HTTP {response.status_code}: {str(body)[:200]}"
