"""Local stand-ins for the third-party providers (DESIGN §8), one row each in ``SANDBOXES``.

Each is a small FastAPI app with in-memory state that speaks the provider's real request and
response shapes, so the services' real HTTP clients talk to it unchanged; extra ``/sandbox/...``
routes play the customer (pay an invoice) or the courier (advance a parcel) and send the
provider's webhook to the configured URL.

``lakoo up`` runs every row in one process (``lakoo sandbox all``) and waits for each one's
``/health``. A new sandbox is one more row: its port (DESIGN §2) and a factory that builds the
app from its own environment settings with no arguments. Anything else it listens on (an SMTP
port, say) starts in the app's lifespan, so it runs in the same process and stops with it.
"""

from __future__ import annotations

from dataclasses import dataclass

from api.kit.topology import BITESHIP_SANDBOX_PORT, MESSAGES_SANDBOX_PORT, XENDIT_SANDBOX_PORT


@dataclass(frozen=True)
class Sandbox:
    """One provider sandbox: its name (``lakoo sandbox <name>``), port and app factory."""

    name: str
    port: int
    factory: str  # "module:function" → the app, settings read from the environment
    stands_for: str


SANDBOXES: tuple[Sandbox, ...] = (
    Sandbox(
        "xendit",
        XENDIT_SANDBOX_PORT,
        "lakoo.sandboxes.xendit:create_xendit_sandbox",
        "Xendit invoices, refunds and callbacks",
    ),
    Sandbox(
        "biteship",
        BITESHIP_SANDBOX_PORT,
        "lakoo.sandboxes.biteship:create_biteship_sandbox",
        "Biteship rates, orders and status webhooks",
    ),
    Sandbox(
        "messages",
        MESSAGES_SANDBOX_PORT,  # and SMTP on MESSAGES_SANDBOX_SMTP_PORT, from its lifespan
        "lakoo.sandboxes.messages:create_messages_sandbox",
        "email (SMTP, SendGrid), SMS (Twilio, Vonage), WhatsApp Cloud, FCM push; the inbox",
    ),
)
