"""Token material: signed access tokens (JWT) and opaque secrets stored only as hashes."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime, timedelta
from uuid import UUID, uuid4

import jwt

from api.auth.keys import ALGORITHM, SigningKeys


def issue_access_token(
    keys: SigningKeys,
    *,
    user_id: UUID,
    role: str,
    issuer: str,
    audience: str,
    now: datetime,
    ttl: timedelta,
) -> str:
    """A JWT the gateway verifies with auth's published public key."""
    claims = {
        "sub": str(user_id),
        "role": role,
        "iss": issuer,
        "aud": audience,
        "iat": int(now.timestamp()),
        "exp": int((now + ttl).timestamp()),
        "jti": uuid4().hex,
    }
    return jwt.encode(claims, keys.private_key, algorithm=ALGORITHM, headers={"kid": keys.kid})


def new_secret() -> str:
    """A refresh token or reset token: 256 bits, URL-safe."""
    return secrets.token_urlsafe(32)


def new_otp() -> str:
    """A six-digit one-time code for verification (the channel may be SMS)."""
    return f"{secrets.randbelow(1_000_000):06d}"


def secret_hash(secret: str) -> str:
    """sha256 of a high-entropy secret: enough at rest, since it cannot be brute-forced."""
    return hashlib.sha256(secret.encode()).hexdigest()


def otp_hash(code: str, *, salt: str) -> str:
    """A keyed hash (salt: the code row id) so equal codes never share a hash at rest.

    Six digits can be brute-forced offline whatever the hash; online, the attempt limit and the
    short expiry are what protect a code.
    """
    return hmac.new(salt.encode(), code.encode(), hashlib.sha256).hexdigest()


def hashes_match(given: str, stored: str) -> bool:
    """Constant-time comparison of two hex digests."""
    return hmac.compare_digest(given, stored)
