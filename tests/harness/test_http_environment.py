"""The environment's proxies and CA bundle, read once per session and host, answer what
requests' own reading answers."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import requests

from walkthrough import http as http_module
from walkthrough.http import Http, client_credentials

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
         "CURL_CA_BUNDLE"}


@pytest.fixture
def clean_environment(monkeypatch: pytest.MonkeyPatch) -> pytest.MonkeyPatch:
    for name in list(os.environ):
        if name.upper() in NAMES:
            monkeypatch.delenv(name)
    return monkeypatch


@pytest.mark.parametrize("environment", ENVIRONMENTS)
def test_the_settings_are_requests_own(clean_environment: pytest.MonkeyPatch,
                                       environment: dict[str, str]) -> None:
    for name, value in environment.items():
        clean_environment.setenv(name, value)
    ours = Http().session
    theirs = requests.Session()
    for session in (ours, theirs):
        session.proxies = {"ftp": "http://ftp-proxy.example:21"}
    for _ in range(2):  # the second time from what was remembered
        for url in URLS:
            for proxies, verify in (({}, None), ({"no_proxy": "carrier.example"}, True),
                                    ({"http": "http://given.example:9"}, False)):
                assert ours.merge_environment_settings(url, dict(proxies), None, verify, None) \
                    == theirs.merge_environment_settings(url, dict(proxies), None, verify, None)


def test_an_oauth_session_remembers_too(clean_environment: pytest.MonkeyPatch) -> None:
    clean_environment.setenv("HTTPS_PROXY", "http://p.example:2")
    session = Http(session=client_credentials("https://a.example/token", "id", "s", "x")).session
    assert session.merge_environment_settings("https://a.example/v", {}, None, None, None) == \
        requests.Session().merge_environment_settings("https://a.example/v", {}, None, None, None)


def test_the_environment_is_read_once_per_host(clean_environment: pytest.MonkeyPatch) -> None:
    reads: list[str] = []
    real = http_module.get_environ_proxies

    def counted(url: str, no_proxy: str | None = None) -> dict[str, str]:
        reads.append(url)
        return real(url, no_proxy=no_proxy)

    clean_environment.setattr(http_module, "get_environ_proxies", counted)
    session = Http().session
    for path in ("a", "b", "c?x=1"):
        session.merge_environment_settings(f"http://one.example/{path}", {}, None, None, None)
    session.merge_environment_settings("http://two.example/a", {}, None, None, None)
    assert reads == ["http://one.example/a", "http://two.example/a"]
    Http().session.merge_environment_settings("http://one.example/a", {}, None, None, None)
    assert len(reads) == 3  # another session reads the environment for itself


def test_a_variable_gone_while_it_was_read_is_read_again(
        clean_environment: pytest.MonkeyPatch) -> None:
    # another thread (the test runner naming its current test) changed os.environ mid-read
    clean_environment.setenv("HTTP_PROXY", "http://p.example:1")
    real = http_module.get_environ_proxies
    failures = [KeyError("PYTEST_CURRENT_TEST")]

    def racing(url: str, no_proxy: str | None = None) -> dict[str, str]:
        if failures:
            raise failures.pop()
        return real(url, no_proxy=no_proxy)

    clean_environment.setattr(http_module, "get_environ_proxies", racing)
    settings = Http().session.merge_environment_settings("http://x.example/", {}, None, None,
                                                         None)
    assert settings["proxies"]["http"] == "http://p.example:1"


def _prepared(session: requests.Session, url: str) -> requests.PreparedRequest:
    return session.prepare_request(requests.Request("GET", url))


def test_netrc_credentials_are_requests_own(clean_environment: pytest.MonkeyPatch,
                                            tmp_path: Path) -> None:
    netrc = tmp_path / "netrc"
    netrc.write_text("machine carrier.example login walker password secret\n")
    netrc.chmod(0o600)
    clean_environment.setenv("NETRC", str(netrc))
    ours = Http().session
    for _ in range(2):
        for url in ("https://carrier.example/a", "https://other.example/b",
                    "https://who:pw@other.example/c", "https://carrier.example:8443/d"):
            mine, theirs = _prepared(ours, url), _prepared(requests.Session(), url)
            assert mine.headers.get("Authorization") == theirs.headers.get("Authorization")
            assert mine.url == theirs.url
    assert _prepared(ours, "https://carrier.example/a").headers["Authorization"].startswith(
        "Basic ")
    assert "Authorization" not in _prepared(ours, "https://other.example/b").headers
    given = requests.Request("GET", "https://carrier.example/a", auth=("given", "x"))
    assert ours.prepare_request(given).headers["Authorization"] == \
        requests.Session().prepare_request(given).headers["Authorization"]


def test_netrc_is_read_once_per_host(clean_environment: pytest.MonkeyPatch) -> None:
    reads: list[str] = []
    clean_environment.setattr(http_module, "get_netrc_auth",
                              lambda url, raise_errors=False: reads.append(url))
    session = Http().session
    for path in ("a", "b"):
        _prepared(session, f"https://one.example/{path}")
    _prepared(session, "https://two.example/a")
    assert reads == ["https://one.example/a", "https://two.example/a"]
