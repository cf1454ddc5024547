"""A carrier's configuration: where its channels are and how they read (scenarios/carriers/)."""

from __future__ import annotations

import dataclasses
import os
from decimal import Decimal
from pathlib import Path
from typing import Any

from walkthrough import tariff_rules, yamlfile
from walkthrough.carrier_schema.mistakes import CarrierFileRefused, check
from walkthrough.errors import UsageError
from walkthrough.launch import Launch

DEFAULT = Path(__file__).resolve().parents[2] / "scenarios" / "carriers" / "demo.yaml"
_CHECKED: set[yamlfile.FileKey] = set()  # the versions of carrier files found valid


@dataclasses.dataclass(frozen=True)
class Tariff:
    """One offering's published price, as the oracle applies it."""

    name: str
    monthly_fee: Decimal
    voice_minutes: int
    data_mb: int
    voice_rate: Decimal
    data_rate: Decimal


@dataclasses.dataclass(frozen=True)
class Language:
    """A language a customer may read the carrier's SMS in (``languages`` in the file)."""

    code: str
    locale: str  # the persona's Faker locale
    subscriber: dict[str, Any]  # what the test-customer request adds


@dataclasses.dataclass(frozen=True)
class RoamingZone:
    """A roaming zone of the published tariff: the countries rated in it (ISO 3166 alpha-2;
    none: every country no other zone names) and its rates."""

    name: str
    countries: tuple[str, ...]
    voice_rate: Decimal  # per minute
    data_rate: Decimal   # per MB


@dataclasses.dataclass(frozen=True)
class BundleTariff:
    """A bundle's published rule: its members (offerings with their own tariff) and the
    discount on the members' fees by the members in service at the month's start, the first
    rule whose members they include."""

    name: str
    members: tuple[str, ...]
    discounts: tuple[tuple[frozenset[str], Decimal], ...]  # (members, fraction off: 0.30)


class Carrier:
    """Read access to a carrier file, with errors that name the file and line."""

    def __init__(self, data: yamlfile.Located, base_url: str | None = None) -> None:
        self.data = data
        self.path = data.path
        self.base_url = (base_url or str(self.get("carrier.base_url", ""))).rstrip("/")

    @classmethod
    def load(cls, path: Path | str | None = None) -> Carrier:
        """The carrier file, checked against its schema once per process while it is
        unchanged (a run loads it in a dozen places, and the check is most of a load); each
        caller gets its own copy of the data."""
        path = path or DEFAULT
        key = yamlfile.file_key(path)
        carrier = cls(yamlfile.load(path))
        # the same version before and after reading, or it is checked (a file being saved)
        if key is None or key not in _CHECKED or yamlfile.file_key(path) != key:
            carrier.validate()
            if key is not None:
                _CHECKED.add(key)
        return carrier

    # -- validation --------------------------------------------------------------------------
    def validate(self) -> None:
        """The carrier file against its schema (carrier_schema), checked before anything
        starts, so a typo is a usage error naming its line rather than a walk that hangs or
        breaks midway: every mistake at once, one line each."""
        mistakes = check(self.data)
        if mistakes:
            raise CarrierFileRefused(mistakes)
        self.tariff_rules()  # the tariff's rules read as the oracle reads them

    def require_base_url(self) -> None:
        """A carrier walked where it runs (no ``launch``) must say where that is."""
        if not self.launches and not self.base_url:
            self._refuse("carrier", "a carrier that is not launched here needs "
                         "carrier.base_url", "set carrier.base_url: https://... (or launch: "
                         "an embedded operator)")

    def _refuse(self, dotted: str, message: str, hint: str) -> None:
        raise UsageError(message, path=self.path, line=self.line_of(dotted), hint=hint)

    def with_base_url(self, base_url: str) -> Carrier:
        return Carrier(self.data, base_url)

    # -- lookups -----------------------------------------------------------------------------
    def get(self, dotted: str, default: Any = ...) -> Any:
        node: Any = self.data
        parent: dict[str, Any] = self.data
        for part in dotted.split("."):
            if not isinstance(node, dict) or part not in node:
                if default is not ...:
                    return default
                line = parent.line_of(part.split(".")[0]) \
                    if isinstance(parent, yamlfile.Located) else None
                raise UsageError(f"missing setting '{dotted}'", path=self.path, line=line,
                                 hint=f"add '{dotted}' (see scenarios/carriers/demo.yaml)")
            parent, node = node, node[part]
        return node

    def line_of(self, dotted: str) -> int | None:
        parts = dotted.split(".")
        node: Any = self.data
        for part in parts[:-1]:
            node = node.get(part, {}) if isinstance(node, dict) else {}
        return node.line_of(parts[-1]) if isinstance(node, yamlfile.Located) else None

    def url(self, dotted: str, **fields: str) -> str:
        template = str(self.get(dotted))
        try:
            return template.format(base_url=self.base_url, **fields)
        except KeyError as exc:
            raise UsageError(f"'{dotted}' uses an unknown placeholder {exc}",
                             path=self.path, line=self.line_of(dotted),
                             hint="placeholders are {base_url}, {msisdn} and {customer}") from None

    def secret(self, dotted: str) -> str:
        """A credential: the setting names the environment variable that holds it."""
        name = str(self.get(dotted))
        value = os.environ.get(name)
        if not value:
            raise UsageError(f"environment variable {name} is not set", path=self.path,
                             line=self.line_of(dotted),
                             hint=f"export {name}=... (credentials never live in the file)")
        return value

    def test_support_headers(self) -> dict[str, str]:
        """What every call to the carrier's test environment carries: its credential, where
        the file names one (``backstage.key``: the header and the environment variable)."""
        key = self.get("backstage.key", None)
        if not key:
            return {}
        if not isinstance(key, dict) or not key.get("header") or not key.get("env"):
            raise UsageError("backstage.key must name the header and the environment "
                             "variable of the test-environment credential", path=self.path,
                             line=self.line_of("backstage.key"),
                             hint="backstage.key: {header: X-My-Key, env: MY_TEST_KEY}")
        return {str(key["header"]): self.secret("backstage.key.env")}

    # -- meaning -----------------------------------------------------------------------------
    @property
    def name(self) -> str:
        return str(self.get("carrier.name", self.path.stem))

    @property
    def launch(self) -> Launch | None:
        """The embedded operator this file starts (``carrier.launch``), or None: the carrier
        runs elsewhere, at its base_url."""
        spec = self.get("carrier.launch", None)
        if spec is None:
            return None
        if not isinstance(spec, dict) or not spec.get("module") or not spec.get("ready"):
            self._refuse("carrier.launch", f"'carrier.launch' is {spec!r}, not the module and "
                         f"ready path of an embedded operator",
                         "launch: {module: my_operator, ready: /health}; remove "
                         "'launch' to walk a carrier where it runs, at its base_url")
        return Launch(module=str(spec["module"]), ready=str(spec["ready"]),
                      secrets=tuple(str(s) for s in spec.get("secrets") or ()),
                      real_time=str(spec.get("real_time") or ""),
                      faults=str(spec.get("faults") or ""), name=self.name)

    @property
    def launches(self) -> bool:
        return self.get("carrier.launch", None) is not None

    @property
    def channels(self) -> list[str]:
        return list(self.get("channels", {}))

    def language(self, name: str | None = None) -> Language:
        """The language a feature names ("English", "中文"), or the default (the first)."""
        languages = self.get("languages", None) or {"zh": {"locale": "zh_CN"}}
        for code, spec in languages.items():
            if name is None or name == code or name in spec.get("names", []):
                return Language(code, str(spec.get("locale", "zh_CN")),
                                dict(spec.get("subscriber") or {}))
        known = ", ".join(n for spec in languages.values() for n in spec.get("names", []))
        raise UsageError(f"the walk asks for a customer who reads {name!r}, which the carrier "
                         f"file does not list", path=self.path, line=self.line_of("languages"),
                         hint=f"use one of: {known}, or add it under 'languages'")

    def said(self, dotted: str, key: str, language: str, default: Any = ...) -> Any:
        """A message setting in the customer's language: ``<dotted>.<language>.<key>`` where
        the file has it, else ``<dotted>.<key>``."""
        section = self.get(dotted, {})
        localized = section.get(language) if isinstance(section, dict) else None
        if isinstance(localized, dict) and key in localized:
            return localized[key]
        return self.get(f"{dotted}.{key}", default)

    def product(self, product_line: str) -> dict[str, Any]:
        products = self.get("products")
        if product_line not in products:
            raise UsageError(f"product line '{product_line}' is not configured",
                             path=self.path, line=self.line_of("products"),
                             hint=f"add products.{product_line} to the carrier file")
        return dict(products[product_line])

    def tariff_rules(self) -> tariff_rules.TariffRules:
        """The tariff's rules beside its prices (cycle, proration, plan change, rounding, VAT,
        the VAS trial): ``tariff.*`` in the file, the demo carrier's where it says none."""
        return tariff_rules.read(self.get("tariff", {}) or {}, self.path)

    def roaming_zones(self) -> list[RoamingZone]:
        """The published roaming zones (``tariff.roaming.zones``), in the order given."""
        zones = self.get("tariff.roaming.zones")
        found = []
        for name, z in zones.items():
            try:
                found.append(RoamingZone(
                    name=str(name), countries=tuple(str(c).upper() for c in z.get("countries", [])),
                    voice_rate=Decimal(str(z["voice_rate"])),
                    data_rate=Decimal(str(z["data_rate"]))))
            except (KeyError, ArithmeticError, ValueError, AttributeError) as exc:
                raise UsageError(f"roaming zone '{name}' is incomplete or malformed ({exc})",
                                 path=self.path, line=zones.line_of(name),
                                 hint="give countries (a list), voice_rate and data_rate"
                                 ) from None
        return found

    def bundle(self, offering: str) -> BundleTariff:
        """The published rule of a bundle (``tariff.bundles.<offering>``)."""
        bundles = self.get("tariff.bundles")
        if offering not in bundles:
            raise UsageError(f"no bundle rule for '{offering}'", path=self.path,
                             line=self.line_of("tariff.bundles"),
                             hint="give tariff.bundles.<name>: members and discounts")
        b = bundles[offering]
        try:
            return BundleTariff(
                name=offering, members=tuple(str(m) for m in b["members"]),
                discounts=tuple((frozenset(str(m) for m in d["members"]),
                                 Decimal(str(d["percent"])) / 100) for d in b["discounts"]))
        except (KeyError, TypeError, ArithmeticError, ValueError) as exc:
            raise UsageError(f"bundle rule for '{offering}' is incomplete or malformed ({exc})",
                             path=self.path, line=bundles.line_of(offering),
                             hint="members: [names]; discounts: [{members: [names], percent}]"
                             ) from None

    def tariff(self, offering: str) -> Tariff:
        offerings = self.get("tariff.offerings")
        if offering not in offerings:
            raise UsageError(f"no tariff for offering '{offering}'", path=self.path,
                             line=self.line_of("tariff.offerings"),
                             hint="every offering a walk uses needs a tariff entry")
        t = offerings[offering]
        try:
            return Tariff(name=offering, monthly_fee=Decimal(str(t["monthly_fee"])),
                          voice_minutes=int(t.get("voice_minutes", 0)),
                          data_mb=int(t.get("data_mb", 0)),
                          voice_rate=Decimal(str(t.get("voice_rate", 0))),
                          data_rate=Decimal(str(t.get("data_rate", 0))))
        except (KeyError, ArithmeticError, ValueError) as exc:
            raise UsageError(f"tariff for '{offering}' is incomplete or malformed ({exc})",
                             path=self.path, line=offerings.line_of(offering),
                             hint="give monthly_fee (and for plans voice_minutes, data_mb, "
                                  "voice_rate, data_rate)") from None

