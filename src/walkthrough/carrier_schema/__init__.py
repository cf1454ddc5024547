"""The schema of the carrier file: every key the harness reads, with its kind and meaning.

pydantic v2 rather than jsonschema: the harness already has pydantic (through FastAPI), and
a model per section keeps each key's kind, check and description in one place, from which
the reference (docs/carrier-file.md) is generated; each error's location maps back to the
file's line. One module per top-level section; a section is added with its module and one
line in ``CarrierFile``, a key with a field (its kind and ``description=``) in its section's
model. Then `walkthrough carrier-keys --out docs/carrier-file.md` writes the reference again
(a test compares it).
"""

from __future__ import annotations

from typing import Any

from pydantic import Field

from walkthrough.carrier_schema.backstage import Backstage
from walkthrough.carrier_schema.carrier import Carrier
from walkthrough.carrier_schema.channels import Channels
from walkthrough.carrier_schema.clock import Clock
from walkthrough.carrier_schema.formats import Formats
from walkthrough.carrier_schema.kinds import Section
from walkthrough.carrier_schema.languages import Languages
from walkthrough.carrier_schema.messages import Messages
from walkthrough.carrier_schema.phone import Phone
from walkthrough.carrier_schema.products import Products
from walkthrough.carrier_schema.sells import Sells
from walkthrough.carrier_schema.tariff import Tariff
from walkthrough.carrier_schema.timezone import Zone


class Compare(Section):
    terms: bool = Field(True, description="Whether an offering's terms are compared across "
                        "channels beside its price (false where each channel words them its "
                        "own way).")


def section(what: str) -> Any:
    return Field(None, description=what)


class CarrierFile(Section):
    carrier: Carrier | None = section("Who the carrier is and where it runs.")
    timezone: Zone = section("The carrier's time zone, an IANA name (default Asia/Shanghai).")
    languages: Languages | None = section(
        "The languages a customer may read the carrier's SMS in, by code (the first is the "
        "default); `messages.<code>` and `products.<line>.<code>` hold what differs in it.")
    clock: Clock | None = section("The carrier's test clock, or real time.")
    phone: Phone | None = section("The test customer's handset.")
    channels: Channels | None = section("Where each channel is and how it reads; a channel "
                                        "left out is not walked.")
    messages: Messages | None = section("How the carrier's SMS read (regular expressions).")
    products: Products | None = section("What each product line's walk orders and uses.")
    tariff: Tariff | None = section("The published tariff the expected-bill oracle applies.")
    backstage: Backstage | None = section(
        "The carrier's test environment: every call a walk makes that a customer never does, "
        "each a hook (method, URL, body, where the answer's fields are).")
    sells: Sells | None = section("Which product line the carrier sells on which channel "
                                  "(default: scenarios/sold_on.yaml).")
    formats: Formats | None = section("How the carrier writes amounts, dates, times and "
                                      "durations (regular expressions with named groups).")
    compare: Compare | None = section("What the cross-channel walks compare.")
