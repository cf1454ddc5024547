"""The API driver reads a carrier's TMF635 usage in that carrier's own words and units, as its
carrier file names them."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from walkthrough.carrier import Carrier
from walkthrough.channels.api import ApiChannel
from walkthrough.persona import Persona

CARRIER = """\
carrier: {name: another carrier, base_url: "http://127.0.0.1:9"}
channels:
  api:
    base_url: "{base_url}/tmf-api"
    token_env: ANOTHER_CARRIER_TOKEN
    scope_filter: billingAccount.id
    usage:
      types: {VOICE: voice, DATA: data}
      quantity: volume
      per_unit: {voice: 60, data: 1024}
"""


def usage(kind: str, volume: int) -> dict[str, object]:
    return {"id": "U1", "usageDate": "2027-01-10T09:00:00+08:00", "usageType": kind,
            "usageCharacteristic": [{"name": "volume", "value": volume}]}


@pytest.fixture
def channel(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ApiChannel:
    monkeypatch.setenv("ANOTHER_CARRIER_TOKEN", "t")
    path = tmp_path / "another.yaml"
    path.write_text(CARRIER, encoding="utf-8")
    return ApiChannel(Carrier.load(path), Persona.invent(seed=3))


def test_seconds_and_kilobytes_are_read_as_minutes_and_megabytes(channel: ApiChannel) -> None:
    call = channel._usage_record(usage("VOICE", 720))
    data = channel._usage_record(usage("DATA", 1536000))
    assert (call.kind, call.quantity) == ("voice", Decimal(12))
    assert (data.kind, data.quantity) == ("data", Decimal(1500))


def test_a_type_the_file_does_not_map_stays_as_the_carrier_wrote_it(channel: ApiChannel) -> None:
    # not a voice or data session of the walk's: the checks find no such session to match
    assert channel._usage_record(usage("SMS", 1)).kind == "SMS"


def test_lists_are_scoped_by_the_account_the_carrier_keeps_them_under(channel: ApiChannel
                                                                       ) -> None:
    channel.persona.customer_id, channel.persona.account = "CUST-1", "BA-77"
    assert channel._mine() == {"billingAccount.id": "BA-77"}
