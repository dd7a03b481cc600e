"""The signing key of access tokens and the JWKS document that publishes its public half.

Auth alone holds the private key (Ed25519, JWS ``EdDSA``); the gateway verifies with the public
keys it fetches from ``/.well-known/jwks.json``. Rotation: deploy a new ``AUTH_JWT_PRIVATE_KEY``
and put the old public key in ``AUTH_JWT_PREVIOUS_PUBLIC_KEYS`` for one access-token lifetime,
so tokens signed before the switch keep verifying; each key is named by its RFC 7638 thumbprint
(``kid``), which is how the gateway notices a new key and refetches.

The key is a secret like any other (``api.kit.settings``): no default anywhere. ``lakoo up``
generates the local installation's key once (``lakoo.runtime.secrets``), so a restarted service
still accepts the tokens it issued; tests generate their own.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from typing import Any

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

ALGORITHM = "EdDSA"


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def public_jwk(public_key: Ed25519PublicKey) -> dict[str, Any]:
    """The public key as a JWK with its thumbprint as ``kid``."""
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    members = {"crv": "Ed25519", "kty": "OKP", "x": _b64url(raw)}
    # RFC 7638: the thumbprint hashes the required members, sorted, without whitespace
    canonical = json.dumps(members, sort_keys=True, separators=(",", ":")).encode()
    kid = _b64url(hashlib.sha256(canonical).digest())
    return {**members, "kid": kid, "use": "sig", "alg": ALGORITHM}


@dataclass(frozen=True)
class SigningKeys:
    """The current private key (with its ``kid``) and every public key still accepted."""

    private_key: Ed25519PrivateKey
    kid: str
    jwks: dict[str, Any]


def _load_private(pem: str) -> Ed25519PrivateKey:
    key = serialization.load_pem_private_key(pem.encode(), password=None)
    if not isinstance(key, Ed25519PrivateKey):
        raise ValueError("AUTH_JWT_PRIVATE_KEY must be an Ed25519 private key (PEM, PKCS#8)")
    return key


def _load_publics(pems: str) -> list[Ed25519PublicKey]:
    keys = []
    for block in pems.split("-----END PUBLIC KEY-----"):
        if "-----BEGIN PUBLIC KEY-----" not in block:
            continue
        key = serialization.load_pem_public_key((block + "-----END PUBLIC KEY-----").encode())
        if not isinstance(key, Ed25519PublicKey):
            raise ValueError("AUTH_JWT_PREVIOUS_PUBLIC_KEYS must hold Ed25519 public keys")
        keys.append(key)
    return keys


def private_key_pem(key: Ed25519PrivateKey) -> str:
    """PKCS#8 PEM of a private key (what ``AUTH_JWT_PRIVATE_KEY`` holds)."""
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    ).decode()


def generate_private_key_pem() -> str:
    """A fresh Ed25519 private key in PEM (for ``.env`` files, tests and key rotation)."""
    return private_key_pem(Ed25519PrivateKey.generate())


def load_signing_keys(private_pem: str, previous_public_pems: str = "") -> SigningKeys:
    """Signing keys from PEM text: the current key plus the still-published previous ones."""
    private_key = _load_private(private_pem)
    current = public_jwk(private_key.public_key())
    previous = [public_jwk(k) for k in _load_publics(previous_public_pems)]
    keys = [current, *(k for k in previous if k["kid"] != current["kid"])]
    return SigningKeys(private_key=private_key, kid=current["kid"], jwks={"keys": keys})
