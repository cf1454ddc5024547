"""A request through the harness's transport (urllib3) goes where requests would send it, with
what requests would send: the environment's proxy, no_proxy, CA bundle and ~/.netrc, the
query and the JSON body; and a transport failure is the environment's, never the carrier's."""

from __future__ import annotations

import json
import os
import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
import requests
from requests.utils import DEFAULT_CA_BUNDLE_PATH, extract_zipped_paths, select_proxy

from walkthrough import transport as transport_module
from walkthrough.checkpoint import EnvironmentBroken
from walkthrough.http import Http, client_credentials
from walkthrough.transport import Answer, Transport

CA_BUNDLE = extract_zipped_paths(DEFAULT_CA_BUNDLE_PATH)  # requests' own default
URLS = ["http://127.0.0.1:8700/tmf-api/x?a=1", "http://carrier.example:8080/y",
        "https://api.carrier.example/z", "https://internal.example/q", "http://LOCALHOST/"]
ENVIRONMENTS = [
    {},
    {"HTTP_PROXY": "http://proxy.example:3128", "HTTPS_PROXY": "http://tls-proxy.example:3128"},
    {"http_proxy": "http://p.example:1", "no_proxy": "127.0.0.1,localhost,internal.example"},
    {"HTTPS_PROXY": "http://p.example:2", "NO_PROXY": "*"},
    {"ALL_PROXY": "socks5://s.example:1080", "REQUESTS_CA_BUNDLE": "/etc/ssl/a.pem"},
    {"CURL_CA_BUNDLE": "/etc/ssl/b.pem"},
]
NAMES = {"HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "NO_PROXY", "REQUESTS_CA_BUNDLE",
         "CURL_CA_BUNDLE", "NETRC"}


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    for name in list(os.environ):
        if name.upper() in NAMES:
            monkeypatch.delenv(name)
    monkeypatch.setenv("NETRC", str(tmp_path / "no-netrc"))  # not the machine's own
    return monkeypatch


class Seen:
    """What a real HTTP server on 127.0.0.1 was sent: each request's line, headers and body."""

    def __init__(self) -> None:
        self.requests: list[dict[str, Any]] = []
        self.answer: tuple[int, dict[str, str], bytes] = (200, {"Content-Type":
                                                                "application/json"}, b"{}")


@pytest.fixture
def server() -> Iterator[tuple[str, Seen]]:
    seen = Seen()

    class Handler(BaseHTTPRequestHandler):
        def _any(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            seen.requests.append({"method": self.command, "path": self.path,
                                  "headers": {k.lower(): v for k, v in self.headers.items()},
                                  "body": self.rfile.read(length)})
            status, headers, body = seen.answer
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = _any

        def log_message(self, *args: Any) -> None:
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}", seen
    httpd.shutdown()
    httpd.server_close()


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_the_routes_are_requests_own(clean_environment: pytest.MonkeyPatch,
                                     environment: dict[str, str]) -> None:
    for name, value in environment.items():
        clean_environment.setenv(name, value)
    transport = Transport()
    for _ in range(2):  # the second time from what was remembered
        for url in URLS:
            theirs = requests.Session().merge_environment_settings(url, {}, None, None, None)
            where = transport.route(url)
            assert where.proxy == select_proxy(url, theirs["proxies"])
            assert where.verify == theirs["verify"]
    bundle = environment.get("REQUESTS_CA_BUNDLE") or environment.get("CURL_CA_BUNDLE")
    where = transport.route("https://api.carrier.example/z")
    if where.proxy and where.proxy.startswith("socks"):  # PySocks is not among our packages
        with pytest.raises(EnvironmentBroken, match=r"SOCKS proxy .* pip install"):
            transport._pool(where)
        return
    assert transport._pool(where).connection_pool_kw["ca_certs"] == (bundle or CA_BUNDLE)


def test_a_proxy_the_environment_names_carries_the_request_and_no_proxy_is_honoured(
        clean_environment: pytest.MonkeyPatch, server: tuple[str, Seen]) -> None:
    proxy, seen = server
    clean_environment.setenv("HTTP_PROXY", proxy)
    Http().get("http://carrier.example/tmf-api/x", params={"a": "1"})
    assert seen.requests[-1]["path"] == "http://carrier.example/tmf-api/x?a=1"  # as to a proxy
    clean_environment.setenv("NO_PROXY", "127.0.0.1")
    Http().get(f"{proxy}/direct")
    assert seen.requests[-1]["path"] == "/direct"


def test_the_query_and_the_body_are_what_requests_sends(clean_environment: pytest.MonkeyPatch,
                                                        server: tuple[str, Seen]) -> None:
    base, seen = server
    http = Http(headers={"X-Test-Key": "k"})
    for url, params in ((f"{base}/a", {"relatedParty.id": "C 1", "x": ["1", "2"], "n": None}),
                        (f"{base}/b?fields=id", {"offset": "10"}),
                        (f"{base}/c", None)):
        http.get(url, params=params)
        wanted = requests.Request("GET", url, params=params).prepare().path_url
        assert seen.requests[-1]["path"] == wanted
    body = {"name": "测试客户", "items": [1, 2.5, None, True]}
    http.post(f"{base}/d", json=body)
    sent = seen.requests[-1]
    assert sent["method"] == "POST"
    assert sent["body"] == requests.Request("POST", f"{base}/d", json=body).prepare().body
    assert json.loads(sent["body"]) == body
    assert sent["headers"]["content-type"] == "application/json"
    assert sent["headers"]["x-test-key"] == "k"


def test_netrc_credentials_are_sent_but_a_given_header_wins(
        clean_environment: pytest.MonkeyPatch, server: tuple[str, Seen],
        tmp_path: Path) -> None:
    base, seen = server
    netrc = tmp_path / "netrc"
    netrc.write_text("machine 127.0.0.1 login walker password secret\n")
    netrc.chmod(0o600)
    clean_environment.setenv("NETRC", str(netrc))
    wanted = requests.Request("GET", f"{base}/a", auth=("walker", "secret")).prepare()
    Http().get(f"{base}/a")
    assert seen.requests[-1]["headers"]["authorization"] == wanted.headers["Authorization"]
    Http(headers={"authorization": "Bearer t"}).get(f"{base}/a")
    assert seen.requests[-1]["headers"]["authorization"] == "Bearer t"
    clean_environment.setenv("NETRC", str(tmp_path / "none"))
    Http().get(f"{base}/a")
    assert "authorization" not in seen.requests[-1]["headers"]
    given = f"{base.replace('://', '://who:pw@')}/b"
    Http().get(given)
    assert seen.requests[-1]["headers"]["authorization"] == requests.Request(
        "GET", given).prepare().headers["Authorization"]


def test_the_environment_is_read_once_per_host(clean_environment: pytest.MonkeyPatch) -> None:
    reads: list[str] = []
    real = transport_module.route

    def counted(url: str) -> transport_module.Route:
        reads.append(url)
        return real(url)

    clean_environment.setattr(transport_module, "route", counted)
    transport = Transport()
    for path in ("a", "b", "c?x=1"):
        transport.route(f"http://one.example/{path}")
    transport.route("http://two.example/a")
    assert reads == ["http://one.example/a", "http://two.example/a"]
    Transport().route("http://one.example/a")
    assert len(reads) == 3  # another transport reads the environment for itself


def test_a_variable_gone_while_it_was_read_is_read_again(
        clean_environment: pytest.MonkeyPatch) -> None:
    # another thread (the test runner naming its current test) changed os.environ mid-read
    clean_environment.setenv("HTTP_PROXY", "http://p.example:1")
    real = transport_module.get_netrc_auth
    failures = [KeyError("PYTEST_CURRENT_TEST")]

    def racing(url: str, raise_errors: bool = False) -> Any:
        if failures:
            raise failures.pop()
        return real(url, raise_errors)

    clean_environment.setattr(transport_module, "get_netrc_auth", racing)
    assert transport_module.route("http://x.example/").proxy == "http://p.example:1"
    assert not failures


def test_an_answer_reads_as_requests_reads_it(server: tuple[str, Seen]) -> None:
    base, seen = server
    seen.answer = (422, {"Content-Type": "application/json; charset=utf-8",
                         "X-Total-Count": "3"}, '{"reason": "余额不足"}'.encode())
    answer = Http().get(f"{base}/a")
    theirs = requests.get(f"{base}/a", timeout=10)
    assert (answer.status_code, answer.text, answer.json()) == \
        (theirs.status_code, theirs.text, theirs.json())
    assert answer.headers["x-total-count"] == "3"
    seen.answer = (200, {"Content-Type": "text/plain; charset=gbk"}, "话费".encode("gbk"))
    assert Http().get(f"{base}/b").text == "话费"
    seen.answer = (200, {"Content-Type": "text/html"}, b"<html>")
    with pytest.raises(ValueError):
        Http().get(f"{base}/c").json()
    assert Answer(200, {}, b"").text == ""


def _listener() -> socket.socket:
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(8)
    return sock


def test_a_carrier_that_does_not_answer_is_the_environments_failure() -> None:
    with _listener() as sock:  # accepted by the kernel, never answered
        port = sock.getsockname()[1]
        with pytest.raises(EnvironmentBroken, match=r"did not answer within 0\.5 s"):
            Http(timeout=0.5).get(f"http://127.0.0.1:{port}/slow")
    # now closed: refused
    with pytest.raises(EnvironmentBroken, match="connection refused or reset"):
        Http(timeout=2).get(f"http://127.0.0.1:{port}/gone")


def test_a_carrier_that_hangs_up_without_an_answer_is_the_environments_failure() -> None:
    with _listener() as sock:
        port = sock.getsockname()[1]

        def hang_up() -> None:
            conn, _ = sock.accept()
            conn.recv(1024)
            conn.close()

        thread = threading.Thread(target=hang_up)
        thread.start()
        with pytest.raises(EnvironmentBroken, match=r"connection refused or reset \(\w+"):
            Http(timeout=10).get(f"http://127.0.0.1:{port}/x")
        thread.join()


def test_an_oauth_client_fetches_its_token_by_the_transports_route(
        clean_environment: pytest.MonkeyPatch, server: tuple[str, Seen]) -> None:
    proxy, seen = server
    seen.answer = (200, {"Content-Type": "application/json"}, json.dumps(
        {"access_token": "abc", "token_type": "Bearer", "expires_in": 3600}).encode())
    clean_environment.setenv("HTTP_PROXY", proxy)
    reads: list[str] = []
    real = requests.sessions.get_environ_proxies

    def racing(url: str, no_proxy: str | None = None) -> dict[str, str]:
        reads.append(url)
        if len(reads) == 1:  # another thread changed os.environ mid-read
            raise KeyError("PYTEST_CURRENT_TEST")
        return real(url, no_proxy=no_proxy)

    clean_environment.setattr(requests.sessions, "get_environ_proxies", racing)
    http = Http(session=client_credentials("http://carrier.example/oauth/token", "id", "s", ""))
    http.get("http://carrier.example/tmf-api/x")
    http.get("http://carrier.example/tmf-api/y")
    token, first, second = seen.requests[-3:]
    assert (token["method"], token["path"]) == ("POST", "http://carrier.example/oauth/token")
    assert [first["path"], second["path"]] == ["http://carrier.example/tmf-api/x",
                                               "http://carrier.example/tmf-api/y"]
    assert first["headers"]["authorization"] == second["headers"]["authorization"] == "Bearer abc"
    # read once for the host, again after the race, and never by requests for the token
    assert reads == ["http://carrier.example/oauth/token"] * 2
