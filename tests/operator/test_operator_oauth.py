"""OAuth 2.0 client credentials on the TMF API: the token endpoint, scopes, tokens that
expire, a client's token seeing only the test customers it made; and the API channel's
session getting and renewing its token (authlib)."""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from typing import Any

import pytest
import requests

from conftest import TEST_KEY_HEADER, TOKEN, Running
from walkthrough.http import Http, client_credentials

INVENTORY = "productInventory/v4"
CATALOG = "productCatalogManagement/v4"
CLIENT = "walkthrough"   # the client the demo operator registers; its secret is the API token


@pytest.fixture(scope="module")
def short_lived(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Running]:
    """An operator whose access tokens live one second."""
    running = Running(tmp_path_factory.mktemp("oauth"), options=("--token-seconds", "1"))
    try:
        yield running
    finally:
        running.stop()


def token(running: Running, scope: str | None = "tmf.read tmf.write",
          secret: str = TOKEN, grant: str = "client_credentials") -> requests.Response:
    form = {"grant_type": grant, **({"scope": scope} if scope is not None else {})}
    return running.http.post(f"{running.url}/oauth/token", data=form, auth=(CLIENT, secret),
                             timeout=10)


def bearer(running: Running, scope: str = "tmf.read tmf.write") -> str:
    answer = token(running, scope)
    assert answer.status_code == 200, answer.text
    return str(answer.json()["access_token"])


def customer_of(running: Running, access: str | None) -> dict[str, Any]:
    headers = {"Authorization": f"Bearer {access}"} if access else {}
    made = running.post("/test/customers", json={"name": "测试客户", "idNumber": "1101"},
                        headers=headers)
    assert made.status_code == 201, made.text
    return made.json()  # type: ignore[no-any-return]


def test_the_token_endpoint_grants_client_credentials_only(operator: Running) -> None:
    granted = token(operator)
    assert granted.status_code == 200, granted.text
    body = granted.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 3600
    assert set(body["scope"].split()) == {"tmf.read", "tmf.write"}
    assert granted.headers["Cache-Control"] == "no-store"
    wrong = token(operator, secret="not-the-secret")
    assert (wrong.status_code, wrong.json()["error"]) == (401, "invalid_client")
    other_grant = token(operator, grant="password")
    assert (other_grant.status_code, other_grant.json()["error"]) == \
        (400, "unsupported_grant_type")
    unknown_scope = token(operator, scope="tmf.read admin")
    assert (unknown_scope.status_code, unknown_scope.json()["error"]) == (400, "invalid_scope")


def test_a_read_token_reads_and_cannot_order(operator: Running) -> None:
    reading = bearer(operator, "tmf.read")
    mine = customer_of(operator, reading)
    listed = operator.api("GET", f"{CATALOG}/productOffering", token=reading)
    assert listed.status_code == 200 and listed.json()
    refused = operator.api("POST", "productOrderingManagement/v4/productOrder", token=reading,
                           json={"relatedParty": [{"id": mine["id"], "role": "customer"}],
                                 "productOrderItem": [{"id": "1", "action": "add",
                                                       "productOffering": {"id": "PLAN-58"}}]})
    assert refused.status_code == 403, refused.text
    assert 'error="insufficient_scope"' in refused.headers["WWW-Authenticate"]
    assert refused.json()["@type"] == "Error"


def test_a_clients_token_sees_only_the_customers_it_made(operator: Running) -> None:
    access = bearer(operator)
    mine = customer_of(operator, access)
    ordered = operator.order(mine["id"], {"action": "add", "productOffering": {"id": "PLAN-58"}})
    assert ordered.status_code == 201, ordered.text
    # a customer the back office made, with a product of its own
    theirs, their_product = operator.subscribe()

    seen = operator.api("GET", f"{INVENTORY}/product", token=access)
    assert seen.status_code == 200
    assert {p["relatedParty"][0]["id"] for p in seen.json()} == {mine["id"]}
    assert seen.headers["X-Total-Count"] == "1"
    filtered = operator.api("GET", f"{INVENTORY}/product", token=access,
                            params={"relatedParty.id": theirs["id"]})
    assert filtered.status_code == 403, filtered.text
    by_id = operator.api("GET", f"{INVENTORY}/product/{their_product}", token=access)
    assert by_id.status_code == 404, by_id.text
    their_order = operator.api(
        "POST", "productOrderingManagement/v4/productOrder", token=access,
        json={"relatedParty": [{"id": theirs["id"], "role": "customer"}],
              "productOrderItem": [{"id": "1", "action": "add",
                                    "productOffering": {"id": "PLAN-88"}}]})
    assert their_order.status_code == 403, their_order.text
    # the back-office token still sees both
    everyone = operator.api("GET", f"{INVENTORY}/product")
    assert {mine["id"], theirs["id"]} <= {p["relatedParty"][0]["id"] for p in everyone.json()}


def test_an_expired_token_is_refused(short_lived: Running) -> None:
    access = bearer(short_lived)
    assert short_lived.api("GET", f"{CATALOG}/catalog", token=access).status_code == 200
    time.sleep(2)  # past the one-second lifetime, however slow the machine
    expired = short_lived.api("GET", f"{CATALOG}/catalog", token=access)
    assert expired.status_code == 401
    assert 'error="invalid_token"' in expired.headers["WWW-Authenticate"]


def test_the_api_channel_gets_a_token_and_a_new_one_when_it_expires(short_lived: Running
                                                                    ) -> None:
    session = client_credentials(f"{short_lived.url}/oauth/token", CLIENT, TOKEN,
                                 "tmf.read tmf.write")
    http = Http(session=session)
    url = f"{short_lived.url}/tmf-api/{CATALOG}/catalog"
    assert http.get(url).status_code == 200
    first = session.token["access_token"]
    time.sleep(2)
    assert http.get(url).status_code == 200
    assert session.token["access_token"] != first
    http.close()


def test_the_clients_of_one_process_share_a_token_and_drop_one_the_carrier_revoked(
        operator: Running) -> None:
    def client() -> Http:
        return Http(session=client_credentials(f"{operator.url}/oauth/token", CLIENT, TOKEN,
                                               "tmf.read"))

    url = f"{operator.url}/tmf-api/{CATALOG}/catalog"
    one, two = client(), client()
    assert one.get(url).status_code == 200
    assert two.get(url).status_code == 200
    held = one.session.token["access_token"]
    assert two.session.token["access_token"] == held  # granted once, not once a client
    # the carrier ends the token early (as a restart or a revocation would)
    with sqlite3.connect(operator.db) as store:
        assert store.execute("DELETE FROM oauth_token WHERE token = ?", (held,)).rowcount == 1
    assert two.get(url).status_code == 200  # refused once, then a fresh token
    fresh = two.session.token["access_token"]
    assert fresh != held
    assert one.get(url).status_code == 200
    assert one.session.token["access_token"] == fresh
    three = client()
    assert three.get(url).status_code == 200
    assert three.session.token["access_token"] == fresh  # never handed the revoked one
    for http in (one, two, three):
        http.close()


def test_the_api_channel_says_refused_client_credentials_are_the_environments(
        operator: Running) -> None:
    from walkthrough.checkpoint import EnvironmentBroken

    http = Http(session=client_credentials(f"{operator.url}/oauth/token", CLIENT, "wrong",
                                           "tmf.read"))
    with pytest.raises(EnvironmentBroken, match="refused the client credentials"):
        http.get(f"{operator.url}/tmf-api/{CATALOG}/catalog")


@pytest.mark.parametrize("key", [None, "not-the-key"])
def test_the_test_environment_answers_only_with_the_test_support_key(operator: Running,
                                                                     key: str | None) -> None:
    customer, _ = operator.subscribe()
    headers = {TEST_KEY_HEADER: key} if key else {}
    bare = requests.Session()  # a client without the tester's credential
    for method, path in (("GET", f"/phone/{customer['msisdn']}/inbox"),
                         ("GET", f"/test/customers/{customer['id']}/clock"),
                         ("POST", "/test/customers")):
        refused = bare.request(method, f"{operator.url}{path}", headers=headers, timeout=10,
                               json={"name": "测试客户", "idNumber": "1101"})
        assert refused.status_code == 401, (path, refused.text)
        assert TEST_KEY_HEADER in refused.json()["detail"]
    # with it, the same inbox reads; a launcher's health look needs none
    assert operator.get(f"/phone/{customer['msisdn']}/inbox").status_code == 200
    assert bare.get(f"{operator.url}/test/health", timeout=10).status_code == 200


def test_every_test_environment_route_asks_for_the_test_support_key(operator: Running) -> None:
    """Each route checks the key itself (its one dependency gives the operator only to a
    tester): a route added without it would answer anyone."""
    from demo_operator.testsupport import OPEN

    paths = requests.get(f"{operator.url}/openapi.json", timeout=10).json()["paths"]
    asked = [(method.upper(), path) for path, methods in paths.items()
             if path.split("/")[1] in ("test", "phone", "line") and path not in OPEN
             for method in methods]
    assert len(asked) >= 15, asked  # the clock, the customers, the phone, the line...
    for method, path in asked:
        url = operator.url + path.replace("{customer_id}", "CUST-000001").replace(
            "{msisdn}", "13800000000")
        refused = requests.request(method, url, json={}, timeout=10)
        assert refused.status_code == 401, (method, path, refused.text)
    for path in OPEN:
        assert requests.get(operator.url + path, timeout=10).status_code == 200
