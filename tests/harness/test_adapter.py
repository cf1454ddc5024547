"""An adapter module named in the carrier file replaces a driver for that carrier only; a
wrong one is a usage error naming the file and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.adapters import counting_api
from walkthrough.carrier import Carrier
from walkthrough.channels.registry import DRIVERS, drivers_for
from walkthrough.errors import UsageError
from walkthrough.session import ROOT, Options, Session

DEMO = (ROOT / "scenarios" / "carriers" / "demo.yaml").read_text(encoding="utf-8")


def _with_adapter(tmp_path: Path, name: str) -> Path:
    path = tmp_path / "c.yaml"
    path.write_text(DEMO.replace("carrier:\n", f"carrier:\n  adapter: {name}\n", 1),
                    encoding="utf-8")
    return path


def test_a_carrier_without_an_adapter_walks_with_the_registry():
    assert drivers_for(Carrier.load()) is DRIVERS


def test_the_adapters_driver_walks_that_carriers_api(tmp_path):
    session = Session(Options(config=_with_adapter(tmp_path, "tests.adapters.counting_api"),
                              reports=tmp_path / "reports"))
    session.start()
    try:
        walk = session.new_walk("mobile_plan", "api")
        assert isinstance(walk.channel, counting_api.CountingApi)
        before = len(counting_api.ORDERS)
        walk.channel.sign_in()
        offer = walk.channel.find_offering("5G畅享58元套餐")
        placed = walk.channel.order(offer)
        assert counting_api.ORDERS[before:] == [placed]
        session.end_walk(walk)
    finally:
        session.close()


@pytest.mark.parametrize(("name", "said"), [
    ("tests.adapters.nothere", r"c\.yaml:10: the adapter module 'tests\.adapters\.nothere' "
                               r"cannot be imported"),
    ("tests.adapters", r"c\.yaml:10: the adapter module 'tests\.adapters' has no DRIVERS"),
])
def test_a_wrong_adapter_is_a_usage_error(tmp_path, name, said):
    with pytest.raises(UsageError, match=said):
        drivers_for(Carrier.load(_with_adapter(tmp_path, name)))
