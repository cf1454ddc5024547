"""How a request reaches the carrier: urllib3's pools, with the environment's proxies, CA
bundle and ~/.netrc settled as requests settles them.

A walk makes thousands of small requests; requests' own path (preparing, merging the
session's settings, hooks, cookies, adapters) costs about twice urllib3's for each
(benchmarks/walk_speed.py). What a request needs from the environment is asked of requests'
own functions, once per scheme and host, so a carrier's proxy, CA bundle or ~/.netrc is
honoured as it would be with requests."""

from __future__ import annotations

import json
import os
import threading
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit

import requests
import urllib3
from requests.auth import _basic_auth_str
from requests.utils import (
    DEFAULT_CA_BUNDLE_PATH,
    extract_zipped_paths,
    get_auth_from_url,
    get_netrc_auth,
    select_proxy,
)
from urllib3 import HTTPHeaderDict

from walkthrough.checkpoint import EnvironmentBroken

ENVIRONMENT_TRIES = 5
# requests' retries: none, but redirects followed (at most 30)
RETRIES = urllib3.Retry(total=None, connect=0, read=False, status=0, other=0, redirect=30,
                        raise_on_redirect=True)
CA_BUNDLE = extract_zipped_paths(DEFAULT_CA_BUNDLE_PATH)  # what requests trusts by default
DEFAULT_HEADERS = {"User-Agent": f"walkthrough urllib3/{urllib3.__version__}",
                   "Accept": "*/*", "Accept-Encoding": "gzip, deflate"}


class Answer:
    """What the carrier answered, read by the names requests gives them (``status_code``,
    ``headers``, ``text``, ``json()``), which the channels read."""

    __slots__ = ("content", "headers", "status_code")

    def __init__(self, status_code: int, headers: Any, content: bytes) -> None:
        self.status_code = status_code
        self.headers = headers  # case-insensitive, as requests' are
        self.content = content

    @property
    def text(self) -> str:
        charset = "utf-8"
        for part in str(self.headers.get("Content-Type", "")).split(";")[1:]:
            name, _, value = part.strip().partition("=")
            if name.lower() == "charset" and value:
                charset = value.strip('"')
        try:
            return self.content.decode(charset, errors="replace")
        except LookupError:  # a charset Python does not know
            return self.content.decode("utf-8", errors="replace")

    def json(self) -> Any:
        """The body as JSON; ValueError where it is not (as requests raises)."""
        return json.loads(self.content)


@dataclass(frozen=True)
class Route:
    """What the environment says for one scheme and host: the proxy, the certificates to
    trust (True: certifi's; False: none; or a file or folder) and ~/.netrc's credentials."""

    proxy: str | None
    verify: bool | str
    netrc: tuple[str, str] | None


def route(url: str) -> Route:
    """The environment's settings for ``url``, as a fresh requests session would use them.

    requests walks ``os.environ``, which another thread may change meanwhile (the test
    runner names its current test there): a variable gone between listing and reading
    raises KeyError, so such a read is made again."""
    for attempt in range(ENVIRONMENT_TRIES):
        try:
            settings = requests.Session().merge_environment_settings(url, {}, None, None, None)
            netrc = get_netrc_auth(url)
            break
        except KeyError:
            if attempt == ENVIRONMENT_TRIES - 1:
                raise
    verify = settings["verify"]
    return Route(select_proxy(url, settings["proxies"]),
                 verify if isinstance(verify, bool | str) else True,
                 tuple(netrc) if netrc else None)  # type: ignore[arg-type]


class Transport:
    """Requests through urllib3, the routes read once per scheme and host (thread-safe: the
    walks of a run share nothing but may share a transport)."""

    def __init__(self, headers: dict[str, str] | None = None) -> None:
        self.headers = HTTPHeaderDict(DEFAULT_HEADERS)
        self.headers.update(headers or {})  # case-insensitive: a given header replaces ours
        self._routes: dict[tuple[str, str], Route] = {}
        self._pools: dict[tuple[str | None, bool | str], urllib3.PoolManager] = {}
        self._lock = threading.Lock()

    def route(self, url: str) -> Route:
        parts = urlsplit(url)
        key = (parts.scheme.lower(), parts.netloc.lower())
        with self._lock:
            known = self._routes.get(key)
        if known is None:
            known = route(url)
            with self._lock:
                self._routes[key] = known
        return known

    def send(self, method: str, url: str, *, timeout: float, params: Any = None,
             json_body: Any = None, headers: dict[str, str] | None = None) -> Answer:
        """One request, as ``requests.request(method, url, params=, json=, timeout=,
        headers=)`` makes it, but that a header given (the transport's or this request's)
        wins over ~/.netrc, where requests lets ~/.netrc replace it; a transport failure
        raises urllib3's HTTPError."""
        if params:
            pairs = params.items() if hasattr(params, "items") else params
            query = urlencode([(k, v) for k, v in pairs if v is not None], doseq=True)
            if query:
                url = f"{url}{'&' if '?' in url else '?'}{query}"
        merged = HTTPHeaderDict(self.headers)
        merged.update(headers or {})
        body = None
        if json_body is not None:
            body = json.dumps(json_body, allow_nan=False).encode("utf-8")
            merged["Content-Type"] = "application/json"
        where = self.route(url)
        given = get_auth_from_url(url)
        if any(given):  # credentials in the URL, as requests takes them
            merged["Authorization"] = _basic_auth_str(*given)
            parts = urlsplit(url)
            url = parts._replace(netloc=parts.netloc.rpartition("@")[2]).geturl()
        elif where.netrc and "Authorization" not in merged:
            merged["Authorization"] = _basic_auth_str(*where.netrc)
        response = self._pool(where).request(
            method, url, body=body, headers=merged, retries=RETRIES,
            timeout=urllib3.Timeout(connect=timeout, read=timeout), preload_content=True)
        return Answer(response.status, response.headers, response.data)

    def _pool(self, where: Route) -> urllib3.PoolManager:
        key = (where.proxy, where.verify)
        with self._lock:
            pool = self._pools.get(key)
            if pool is None:
                pool = self._pools[key] = _pool(where)
        return pool

    def close(self) -> None:
        with self._lock:
            pools, self._pools = list(self._pools.values()), {}
        for pool in pools:
            pool.clear()


def _pool(where: Route) -> urllib3.PoolManager:
    if where.verify is False:
        tls: dict[str, Any] = {"cert_reqs": "CERT_NONE"}
    elif isinstance(where.verify, str):
        tls = {"cert_reqs": "CERT_REQUIRED",
               ("ca_cert_dir" if os.path.isdir(where.verify) else "ca_certs"): where.verify}
    else:
        tls = {"cert_reqs": "CERT_REQUIRED", "ca_certs": CA_BUNDLE}
    if where.proxy is None:
        return urllib3.PoolManager(**tls)
    if where.proxy.lower().startswith("socks"):
        try:
            from urllib3.contrib.socks import SOCKSProxyManager
        except ImportError:
            raise EnvironmentBroken(f"the environment names the SOCKS proxy {where.proxy}, "
                                    f"and PySocks is not installed: pip install "
                                    f"'requests[socks]'") from None
        return SOCKSProxyManager(where.proxy, **tls)
    username, password = get_auth_from_url(where.proxy)
    proxy_headers = {"Proxy-Authorization": _basic_auth_str(username, password)} \
        if username else None
    return urllib3.ProxyManager(where.proxy, proxy_headers=proxy_headers, **tls)
