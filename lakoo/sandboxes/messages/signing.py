"""How the sandbox signs what it sends back, as each provider does (the service verifies).

SendGrid signs its Event Webhook with an ECDSA P-256 key of the account. The sandbox's key is
derived from a published development seed — it proves nothing outside development, which is why
production configures SendGrid's real public key instead (``SENDGRID_WEBHOOK_PUBLIC_KEY``).
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets
import time
from collections.abc import Mapping

import jwt
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

DEVELOPMENT_SEED = "sendgrid-webhook-dev-only-change-me"
_P256_ORDER = 0xFFFFFFFF00000000FFFFFFFFFFFFFFFFBCE6FAADA7179E84F3B9CAC2FC632551


def sendgrid_key(seed: str = DEVELOPMENT_SEED) -> ec.EllipticCurvePrivateKey:
    """The signing key derived from ``seed`` (deterministic: the same seed, the same key)."""
    scalar = int.from_bytes(hashlib.sha256(seed.encode()).digest(), "big") % (_P256_ORDER - 1) + 1
    return ec.derive_private_key(scalar, ec.SECP256R1())


def public_key_b64(key: ec.EllipticCurvePrivateKey) -> str:
    """The public key as SendGrid shows it (base64 of the DER SubjectPublicKeyInfo)."""
    der = key.public_key().public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return base64.b64encode(der).decode()


def sendgrid_signature(key: ec.EllipticCurvePrivateKey, timestamp: str, payload: bytes) -> str:
    """``X-Twilio-Email-Event-Webhook-Signature`` for ``payload`` sent at ``timestamp``."""
    signature = key.sign(timestamp.encode() + payload, ec.ECDSA(hashes.SHA256()))
    return base64.b64encode(signature).decode()


def twilio_signature(auth_token: str, url: str, params: Mapping[str, str]) -> str:
    """``X-Twilio-Signature``: HMAC-SHA1 over the URL and the sorted parameters."""
    payload = url + "".join(f"{key}{params[key]}" for key in sorted(params))
    return base64.b64encode(
        hmac.new(auth_token.encode(), payload.encode(), hashlib.sha1).digest()
    ).decode()


def whatsapp_signature(app_secret: str, payload: bytes) -> str:
    """``X-Hub-Signature-256``: ``sha256=`` and the hex HMAC-SHA256 of the raw body."""
    return "sha256=" + hmac.new(app_secret.encode(), payload, hashlib.sha256).hexdigest()


def vonage_signature(signature_secret: str, payload: bytes, *, api_key: str) -> str:
    """The JWT Vonage puts in ``Authorization: Bearer`` of a Messages API webhook."""
    claims = {
        "iat": int(time.time()),
        "jti": secrets.token_hex(16),
        "iss": "Vonage",
        "payload_hash": hashlib.sha256(payload).hexdigest(),
        "api_key": api_key,
        "application_id": "00000000-0000-4000-8000-000000000000",
    }
    return jwt.encode(claims, signature_secret, algorithm="HS256")
