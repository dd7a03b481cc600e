"""Signing keys, JWKS and token material (no database)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from uuid import uuid4

import jwt

from api.auth.keys import generate_private_key_pem, load_signing_keys
from api.auth.passwords import hash_password, verify_password
from api.auth.tokens import issue_access_token, otp_hash, secret_hash


def test_access_token_carries_the_agreed_claims_and_kid() -> None:
    keys = load_signing_keys(generate_private_key_pem())
    user_id = uuid4()
    now = datetime.now(UTC)
    token = issue_access_token(
        keys,
        user_id=user_id,
        role="seller",
        issuer="lakoo-auth",
        audience="lakoo-api",
        now=now,
        ttl=timedelta(minutes=15),
    )
    assert jwt.get_unverified_header(token)["kid"] == keys.kid
    public = jwt.PyJWK(keys.jwks["keys"][0]).key
    claims = jwt.decode(
        token, public, algorithms=["EdDSA"], audience="lakoo-api", issuer="lakoo-auth"
    )
    assert claims["sub"] == str(user_id)
    assert claims["role"] == "seller"
    assert claims["exp"] - claims["iat"] == 900
    assert claims["jti"]


def test_rotation_publishes_the_previous_public_key() -> None:
    old = load_signing_keys(generate_private_key_pem())
    from cryptography.hazmat.primitives import serialization

    old_public = (
        old.private_key.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    new = load_signing_keys(generate_private_key_pem(), old_public)
    assert [k["kid"] for k in new.jwks["keys"]] == [new.kid, old.kid]


def test_secrets_are_hashed_and_otps_salted() -> None:
    assert secret_hash("abc") != "abc"
    assert otp_hash("123456", salt="a") != otp_hash("123456", salt="b")


def test_argon2id_round_trip() -> None:
    hashed = hash_password("s3cret-pass")
    assert hashed.startswith("$argon2id$")
    assert verify_password(hashed, "s3cret-pass")
    assert not verify_password(hashed, "wrong")
