"""What both sandboxes need from HTTP: reading Basic credentials and a webhook client."""

from __future__ import annotations

import base64
import binascii

import httpx


def basic_auth_username(authorization: str | None) -> str | None:
    """The username of an ``Authorization: Basic …`` header (Xendit puts the key there)."""
    if not authorization or not authorization.lower().startswith("basic "):
        return None
    try:
        decoded = base64.b64decode(authorization[6:].strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    return decoded.split(":", 1)[0]


def callback_client(transport: httpx.AsyncBaseTransport | None) -> httpx.AsyncClient:
    """A short-lived client for one batch of webhooks (in-process when given a transport)."""
    return httpx.AsyncClient(transport=transport, timeout=10.0)
