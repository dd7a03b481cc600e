"""What the sandbox received, and the failures it was told to inject."""

from __future__ import annotations

import random
import secrets
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

PROVIDERS = ("smtp", "sendgrid", "twilio", "vonage", "whatsapp", "fcm")


@dataclass
class Received:
    """One message as a provider took it, in the shape the inbox shows."""

    provider: str
    channel: str  # email | sms | whatsapp | push
    to: str
    body: str
    sender: str | None = None
    subject: str | None = None
    html: str | None = None
    kind: str | None = None
    template: str | None = None
    parameters: list[str] = field(default_factory=list)
    data: dict[str, Any] = field(default_factory=dict)
    segments: int | None = None
    id: str = field(default_factory=lambda: secrets.token_hex(12))
    received_at: str = field(
        default_factory=lambda: datetime.now(UTC).isoformat(timespec="milliseconds")
    )
    status: str = "accepted"
    # an email as it came over SMTP, its parts decoded only when someone reads it (a relay keeps
    # the bytes too; decoding every message on arrival made the sandbox the benchmark's limit)
    raw: bytes | None = field(default=None, repr=False)

    @property
    def lakoo_id(self) -> str | None:
        """LAKOO's id of the message, however the provider carried it."""
        for key in ("lakoo_message_id", "x_lakoo_message_id", "message_id", "client_ref"):
            value = self.data.get(key)
            if value and "@" not in str(value):
                return str(value)
        return None

    def as_dict(self) -> dict[str, Any]:
        if self.raw is not None:
            from lakoo.sandboxes.messages.smtp import decode_parts

            self.body, self.html = decode_parts(self.raw)
            self.raw = None
        found = asdict(self)
        del found["raw"]
        return found


class Store:
    """Everything received, newest last, and the failure rate of each provider."""

    def __init__(self, seed: int | None = None) -> None:
        self.messages: list[Received] = []
        self.failure_rates: dict[str, float] = dict.fromkeys(PROVIDERS, 0.0)
        self.refused: dict[str, int] = dict.fromkeys(PROVIDERS, 0)
        self._random = random.Random(seed)

    def should_fail(self, provider: str) -> bool:
        """Whether this send is one of the share the sandbox was told to fail."""
        rate = self.failure_rates.get(provider, 0.0)
        failing = rate > 0 and self._random.random() < rate
        if failing:
            self.refused[provider] += 1
        return failing

    def keep(self, message: Received) -> Received:
        self.messages.append(message)
        return message

    def find(
        self, *, to: str | None = None, channel: str | None = None, kind: str | None = None
    ) -> list[Received]:
        """Newest first, filtered (``to`` ignores a leading ``+`` and letter case)."""
        wanted = (to or "").lower().lstrip("+")
        return [
            m
            for m in reversed(self.messages)
            if (not to or m.to.lower().lstrip("+") == wanted)
            and (not channel or m.channel == channel)
            and (not kind or m.kind == kind)
        ]
