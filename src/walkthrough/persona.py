"""The customer persona a walk acts as: invented by Faker, never a real person."""

from __future__ import annotations

import dataclasses
import threading

from faker import Faker

from walkthrough.masking import mask_id, mask_name, mask_text


@dataclasses.dataclass
class Persona:
    name: str
    id_number: str
    locale: str
    customer_id: str = ""
    msisdn: str = ""
    language: str = "zh"  # the language the customer reads the carrier's SMS in
    address: str = ""  # home or site, where a fixed line is installed
    account: str = ""  # the billing account the carrier keeps the customer's lists under
    # the day of the month the customer's bill cycle starts on, where the carrier's cycle is
    # the customer's own (the test environment says it); None: the tariff's cycle for all
    bill_day: int | None = None
    # what the test environment handed over to sign in with (a hall password, a service
    # password): kept out of every report, filled into flows as {secret.<name>}
    secrets: dict[str, str] = dataclasses.field(default_factory=dict, repr=False)

    @classmethod
    def invent(cls, locale: str = "zh_CN", seed: int | None = None,
               language: str = "zh") -> Persona:
        fake = _faker(locale)
        # a seed of None draws a fresh one from the system, as an unseeded Faker would
        fake.seed_instance(seed)
        # a foreign customer identifies with a passport, not a resident identity card
        id_number = fake.ssn() if locale == "zh_CN" else fake.passport_number()
        name = fake.name()
        return cls(name=name, id_number=id_number, locale=locale, language=language,
                   address=fake.address())

    def mask(self, text: str) -> str:
        """The text with this persona's name and ID number, and whatever looks like anyone's
        phone number, ID number or saluted name, masked."""
        if self.id_number:
            text = text.replace(self.id_number, mask_id(self.id_number))
        if self.name:
            text = text.replace(self.name, mask_name(self.name))
        for secret in self.secrets.values():
            if secret:
                text = text.replace(secret, "******")
        return mask_text(text)


# Building a Faker loads every provider of the locale (a few milliseconds, more than the rest
# of a walk's set-up): each thread keeps one per locale, and each persona seeds it afresh.
_FAKERS = threading.local()


def _faker(locale: str) -> Faker:
    made: dict[str, Faker] = _FAKERS.__dict__.setdefault("by_locale", {})
    if locale not in made:
        made[locale] = Faker(locale)
    return made[locale]
