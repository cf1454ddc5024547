"""The API channel on OAuth 2.0 client credentials: the carrier file's ``channels.api.oauth``
instead of a static token, against the demo operator, whose client tokens see only the test
customers made with them."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

import requests
import yaml

from walkthrough.carrier import Carrier
from walkthrough.channels.api import ApiChannel
from walkthrough.demo import TEST_KEY_ENV, TOKEN_ENV, DemoOperator
from walkthrough.persona import Persona

DEMO = Path(__file__).resolve().parents[2] / "scenarios" / "carriers" / "demo.yaml"
SCOPE = "tmf.read tmf.write"


def oauth_carrier(tmp_path: Path) -> Path:
    """The demo's own carrier file: it walks the API as an OAuth 2.0 client."""
    data = yaml.safe_load(DEMO.read_text(encoding="utf-8"))
    api = data["channels"]["api"]
    assert "token_env" not in api
    assert api["oauth"] == {"token_url": "{base_url}/oauth/token", "client_id": "walkthrough",
                            "secret_env": TOKEN_ENV, "scope": SCOPE}
    return DEMO


def test_the_api_channel_orders_and_reads_with_a_client_credentials_token(tmp_path: Path
                                                                          ) -> None:
    with DemoOperator([], tmp_path / "op.db") as operator:
        carrier = Carrier.load(oauth_carrier(tmp_path)).with_base_url(operator.base_url)
        # the test customer is made with a token of the same client, so the client owns it
        granted = requests.post(f"{operator.base_url}/oauth/token", timeout=10,
                                data={"grant_type": "client_credentials", "scope": SCOPE},
                                auth=("walkthrough", os.environ[TOKEN_ENV]))
        assert granted.status_code == 200, granted.text
        made = requests.post(f"{operator.base_url}/test/customers", timeout=10,
                             json={"name": "测试客户", "idNumber": "1101"},
                             headers={"Authorization":
                                      f"Bearer {granted.json()['access_token']}",
                                      "X-Test-Key": os.environ[TEST_KEY_ENV]})
        assert made.status_code == 201, made.text
        persona = Persona.invent(seed=7)
        persona.customer_id, persona.msisdn = made.json()["id"], made.json()["msisdn"]

        channel = ApiChannel(carrier, persona)
        try:
            offer = channel.find_offering("5G畅享58元套餐")
            assert offer.fee == Decimal("58.00")
            assert channel.order(offer)
            [product] = channel.products()
            assert (product.name, product.status) == ("5G畅享58元套餐", "pendingActive")
            # the channel spoke with a token from the endpoint, not the API token itself
            access = channel.http.session.token["access_token"]
            assert access and access != os.environ[TOKEN_ENV]
            assert "Authorization" not in channel.http.session.headers
        finally:
            channel.close(failed=False)
