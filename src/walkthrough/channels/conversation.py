"""What the text channels (SMS hall, hotline) share: a conversation kept as a transcript."""

from __future__ import annotations

from typing import Any

from walkthrough.carrier import Carrier
from walkthrough.checkpoint import NotApplicable
from walkthrough.persona import Persona


class Conversation:
    """A channel the customer talks to in text: no sign-in beyond their own number, and a
    transcript for the report."""

    name = ""
    settings = ""
    transcript_name = "transcript"

    def __init__(self, carrier: Carrier, persona: Persona) -> None:
        self.carrier, self.persona = carrier, persona
        self.measures: dict[str, float] = {}
        self.transcript: list[str] = []

    def cfg(self, dotted: str) -> Any:
        return self.carrier.get(f"{self.settings}.{dotted}")

    def offered(self, task: str) -> None:
        """A task the carrier file says the channel does not offer at all (``not_offered``):
        the checks that need it are not applicable here, and say so."""
        if task in (self.carrier.get(f"{self.settings}.not_offered", None) or []):
            raise NotApplicable(f"the carrier's {self.name} channel offers no '{task}' "
                                f"({self.settings}.not_offered in {self.carrier.path})")

    def sign_in(self) -> None:
        """The customer's own number identifies them."""

    def evidence(self) -> list[tuple[str, bytes, str]]:
        text = self.persona.mask("\n".join(self.transcript))
        return [(self.transcript_name, text.encode(), "text/plain")]

    def close(self, failed: bool) -> None:
        """Nothing stays open between two messages or calls."""
