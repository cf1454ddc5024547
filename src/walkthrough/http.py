"""HTTP with the line drawn between the product's answers and the environment's failures."""

from __future__ import annotations

import threading
from collections import deque
from json import dumps
from typing import Any
from urllib.parse import urlsplit

import requests
from authlib.integrations.base_client import OAuthError
from authlib.integrations.requests_client import OAuth2Session
from urllib3.exceptions import (
    ConnectTimeoutError,
    HTTPError,
    MaxRetryError,
    NewConnectionError,
    ProtocolError,
    ReadTimeoutError,
    ResponseError,
)

from walkthrough.checkpoint import EnvironmentBroken
from walkthrough.transport import Answer, Transport

# what a request may raise that is the transport's: neither the carrier's answer nor ours
TRANSPORT_ERRORS = (requests.RequestException, HTTPError)


class Http:
    """HTTP to the carrier that keeps the last exchanges as evidence for the reports, and turns
    transport failures (refused, timed out, bad credentials) into EnvironmentBroken.

    Requests go through urllib3 (transport.py). With ``session``, an OAuth 2.0 client
    (authlib's), each carries the client's token, which authlib fetches on first use and again
    once it has expired; the clients of one process with the same credentials share it, as a
    carrier's own applications hold one token for its life and not one for every customer."""

    def __init__(self, timeout: float = 10.0, headers: dict[str, str] | None = None,
                 keep: int = 12, session: OAuth2Session | None = None) -> None:
        self.session = session
        if session is not None:
            # the environment as the transport reads it (once a host, a race with another
            # thread changing os.environ read again): requests' own reading walks os.environ
            # on every token fetch, and a walk's customer is made with a client of its own
            session.trust_env = False
        self.transport = Transport(headers)
        self.timeout = timeout
        self.exchanges: deque[str] = deque(maxlen=keep)

    def request(self, method: str, url: str, *, params: Any = None,
                json: Any = None) -> Answer:
        answer = self._send(method, url, params, json)
        if answer.status_code == 401 and self.session is not None:
            # A token the carrier ended early (restarted, revoked): one fresh token, once.
            _TOKENS.forget(self.session)
            self.session.token = None
            answer = self._send(method, url, params, json)
        self._keep(method, url, json, answer)
        if answer.status_code in (401, 403):
            raise EnvironmentBroken(f"{url} refused the credentials ({answer.status_code}); "
                                    f"check the token the carrier file names")
        return answer

    def _send(self, method: str, url: str, params: Any, body: Any) -> Answer:
        try:
            return self.transport.send(method, url, timeout=self.timeout, params=params,
                                       json_body=body, headers=self._token())
        except MaxRetryError as exc:
            if isinstance(exc.reason, ResponseError):  # redirected round and round
                raise
            raise self._broken(url, exc.reason or exc) from None
        except (requests.ConnectionError, requests.Timeout, ProtocolError,
                ConnectTimeoutError, ReadTimeoutError) as exc:  # the token's fetch, or a read
            raise self._broken(url, exc) from None

    def _broken(self, url: str, exc: BaseException) -> EnvironmentBroken:
        # urllib3's NewConnectionError is a ConnectTimeoutError: a refusal, not a timeout
        if isinstance(exc, requests.Timeout | ReadTimeoutError | ConnectTimeoutError) and \
                not isinstance(exc, NewConnectionError):
            return EnvironmentBroken(f"{url} did not answer within {self.timeout} s")
        return EnvironmentBroken(f"{url} did not answer: connection refused or reset "
                                 f"({type(exc).__name__}); is the operator running?")

    def _token(self) -> dict[str, str] | None:
        """The OAuth 2.0 client's token as the header that carries it (RFC 6750)."""
        if self.session is None:
            return None
        token = self.session.token
        if not token or token.is_expired(leeway=self.session.leeway):
            token = _TOKENS.valid(self.session) or self._fetch()
            self.session.token = token
        return {"Authorization": f"Bearer {token['access_token']}"}

    def _fetch(self) -> Any:
        assert self.session is not None
        endpoint = str(self.session.metadata.get("token_endpoint"))
        where = self.transport.route(endpoint)
        try:  # through requests: once a token's life, not once a request
            token = self.session.fetch_token(
                endpoint, timeout=self.timeout, verify=where.verify,
                proxies={urlsplit(endpoint).scheme: where.proxy} if where.proxy else {})
        except OAuthError as exc:
            raise EnvironmentBroken(f"{endpoint} refused the client credentials "
                                    f"({exc.error}); check the client id and secret the "
                                    f"carrier file names") from None
        _TOKENS.keep(self.session)
        return token

    def get(self, url: str, *, params: Any = None) -> Answer:
        return self.request("GET", url, params=params)

    def post(self, url: str, *, json: Any = None) -> Answer:
        return self.request("POST", url, json=json)

    def _keep(self, method: str, url: str, body: Any, answer: Answer) -> None:
        sent = f"\n{dumps(body, ensure_ascii=False, indent=1)}" if body is not None else ""
        self.exchanges.append(f"> {method} {url}{sent}\n< {answer.status_code}\n"
                              f"{answer.text[:2000]}")

    def close(self) -> None:
        self.transport.close()
        if self.session is not None:
            self.session.close()


class _Tokens:
    """The tokens the clients of this process were granted, by client and scope."""

    def __init__(self) -> None:
        self._by_client: dict[tuple[str, ...], Any] = {}
        self._lock = threading.Lock()

    @staticmethod
    def _key(session: OAuth2Session) -> tuple[str, ...]:
        return (str(session.metadata.get("token_endpoint")), str(session.client_id),
                str(session.client_secret), str(session.scope))

    def valid(self, session: OAuth2Session) -> Any:
        """The token a client with these credentials holds, unless it has expired."""
        with self._lock:
            token = self._by_client.get(self._key(session))
        if token is None or token.is_expired(leeway=session.leeway):
            return None
        return token

    def keep(self, session: OAuth2Session) -> None:
        with self._lock:
            self._by_client[self._key(session)] = session.token

    def forget(self, session: OAuth2Session) -> None:
        """The carrier refused the session's token: no client is handed it again."""
        with self._lock:
            key = self._key(session)
            held = self._by_client.get(key)
            if held is not None and session.token is not None and \
                    held.get("access_token") == session.token.get("access_token"):
                del self._by_client[key]


_TOKENS = _Tokens()


def client_credentials(token_url: str, client_id: str, client_secret: str,
                       scope: str) -> OAuth2Session:
    """An OAuth 2.0 client-credentials client (authlib) for Http: it fetches the tokens."""
    return OAuth2Session(client_id, client_secret, scope=scope, token_endpoint=token_url,
                         grant_type="client_credentials",
                         token_endpoint_auth_method="client_secret_basic")


def error_text(response: Answer) -> str:
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
