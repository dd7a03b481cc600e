"""Verifying delivery-receipt webhooks the way each provider signs them.

- **Twilio** (``X-Twilio-Signature``): base64 of HMAC-SHA1, keyed with the auth token, over the
  full URL Twilio called followed by every POST parameter, sorted by name, as ``name`` + ``value``.
  The URL is the public one (the gateway's), not the one this service sees behind it.
- **SendGrid** Signed Event Webhook (``X-Twilio-Email-Event-Webhook-Signature`` and
  ``-Timestamp``): an ECDSA P-256 / SHA-256 signature (base64 DER) over the timestamp followed by
  the raw body, verified with the public key SendGrid shows for the account (base64 DER).
- **WhatsApp Cloud API** (``X-Hub-Signature-256``): ``sha256=`` + hex HMAC-SHA256 of the raw body,
  keyed with the Meta app secret.
- **Vonage** Messages API (``Authorization: Bearer <JWT>``): a JWT signed HS256 with the account's
  signature secret, whose ``payload_hash`` claim is the hex SHA-256 of the raw body and whose
  ``iat`` says when it was signed (older than five minutes: refused, a replay).

Every comparison is constant-time; a signature that cannot be parsed is simply invalid.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import time
from collections.abc import Mapping

import jwt
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

# The public half of the messaging sandbox's development signing key (its private half is
# derived from a published development seed in the sandbox): valid only where LAKOO_ENV is
# development or test; production must configure SENDGRID_WEBHOOK_PUBLIC_KEY.
DEVELOPMENT_SENDGRID_PUBLIC_KEY = (
    "MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAElzDKz838OAYZLB1HTdc87rFm"
    "ye3iK/hvsqCI/FlS+cXsTgvEBCB4LLKppBp20f36o7IG44fi0Vt4ON8FLjkxrA=="
)


def twilio_signature(auth_token: str, url: str, params: Mapping[str, str]) -> str:
    """The ``X-Twilio-Signature`` Twilio computes for a POST of ``params`` to ``url``."""
    payload = url + "".join(f"{key}{params[key]}" for key in sorted(params))
    digest = hmac.new(auth_token.encode(), payload.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


def twilio_valid(
    auth_token: str, url: str, params: Mapping[str, str], signature: str | None
) -> bool:
    """Whether ``signature`` is Twilio's for this request."""
    if not signature:
        return False
    expected = twilio_signature(auth_token, url, params)
    return hmac.compare_digest(expected.encode(), signature.encode())


def sendgrid_valid(
    public_key_b64: str, *, payload: bytes, timestamp: str | None, signature: str | None
) -> bool:
    """Whether ``signature`` is SendGrid's ECDSA signature of ``timestamp + payload``."""
    if not signature or not timestamp:
        return False
    try:
        key = serialization.load_der_public_key(base64.b64decode(public_key_b64))
        raw_signature = base64.b64decode(signature, validate=True)
    except (ValueError, binascii.Error):
        return False
    if not isinstance(key, ec.EllipticCurvePublicKey):
        return False
    try:
        key.verify(raw_signature, timestamp.encode() + payload, ec.ECDSA(hashes.SHA256()))
    except InvalidSignature:
        return False
    return True


def whatsapp_valid(app_secret: str, *, payload: bytes, signature: str | None) -> bool:
    """Whether ``X-Hub-Signature-256`` is Meta's HMAC of ``payload``."""
    if not signature or not signature.startswith("sha256="):
        return False
    expected = hmac.new(app_secret.encode(), payload, hashlib.sha256).hexdigest()
    return hmac.compare_digest(expected.encode(), signature.removeprefix("sha256=").encode())


VONAGE_MAX_AGE_SECONDS = 300


def vonage_valid(signature_secret: str, *, payload: bytes, authorization: str | None) -> bool:
    """Whether ``Authorization`` carries Vonage's signed JWT for exactly ``payload``."""
    if not authorization or not authorization.startswith("Bearer "):
        return False
    try:
        claims = jwt.decode(
            authorization.removeprefix("Bearer ").strip(),
            signature_secret,
            algorithms=["HS256"],
            options={"require": ["iat", "payload_hash"]},
        )
    except jwt.PyJWTError:
        return False
    expected = hashlib.sha256(payload).hexdigest()
    fresh = time.time() - float(claims["iat"]) <= VONAGE_MAX_AGE_SECONDS
    return fresh and hmac.compare_digest(expected.encode(), str(claims["payload_hash"]).encode())
