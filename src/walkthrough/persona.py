"""The customer persona a walk acts as: invented by Faker, never a real person."""

from __future__ import annotations

import dataclasses
import re

from faker import Faker

_PHONE = re.compile(r"(?<!\d)(1\d{2})\d{4}(\d{4})(?!\d)")


@dataclasses.dataclass
class Persona:
    name: str
    id_number: str
    locale: str
    customer_id: str = ""
    msisdn: str = ""
    language: str = "zh"  # the language the customer reads the carrier's SMS in
    address: str = ""  # home or site, where a fixed line is installed

    @classmethod
    def invent(cls, locale: str = "zh_CN", seed: int | None = None,
               language: str = "zh") -> Persona:
        fake = Faker(locale)
        if seed is not None:
            fake.seed_instance(seed)
        # a foreign customer identifies with a passport, not a resident identity card
        id_number = fake.ssn() if locale == "zh_CN" else fake.passport_number()
        name = fake.name()
        return cls(name=name, id_number=id_number, locale=locale, language=language,
                   address=fake.address())

    def mask(self, text: str) -> str:
        """The text with this persona's name, id number and any phone number masked."""
        if self.id_number:
            text = text.replace(self.id_number, mask_id(self.id_number))
        if self.name:
            text = text.replace(self.name, mask_name(self.name))
        return mask_phones(text)


def mask_phones(text: str) -> str:
    return _PHONE.sub(r"\1****\2", text)


def mask_name(name: str) -> str:
    if " " in name:  # western order: keep the initials
        return " ".join(part[0] + "." for part in name.split())
    return name[0] + "*" * (len(name) - 1)


def mask_id(id_number: str) -> str:
    return id_number[:4] + "*" * max(len(id_number) - 8, 0) + id_number[-4:]
