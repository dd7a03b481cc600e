"""Password hashing with argon2id (argon2-cffi's defaults follow RFC 9106's recommendations)."""

from __future__ import annotations

import os
from functools import lru_cache

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError


@lru_cache
def _hasher() -> PasswordHasher:
    # A benchmark that signs up thousands of buyers before it measures anything (bench.flash_sale)
    # may ask for argon2's cheapest parameters — only in a test process (LAKOO_ENV=test, as the
    # e2e platform starts them), never in a deployment. A hash records its own parameters, so
    # verification is unaffected either way.
    if os.environ.get("LAKOO_ENV") == "test" and os.environ.get("AUTH_CHEAP_PASSWORD_HASH"):
        return PasswordHasher.from_parameters(profiles.CHEAPEST)
    return PasswordHasher()  # argon2id is the library's default type


def hash_password(password: str) -> str:
    """An argon2id hash with its own salt and parameters encoded in the string."""
    return _hasher().hash(password)


def verify_password(password_hash: str, password: str) -> bool:
    """True when ``password`` matches; never raises for a wrong password."""
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@lru_cache
def _dummy_hash() -> str:
    return hash_password("not-a-real-password-just-for-timing")


def burn_verification_time(password: str) -> None:
    """Verify against a dummy hash so an unknown email costs as long as a wrong password.

    Without it, response timing would tell an attacker which emails have accounts.
    """
    verify_password(_dummy_hash(), password)
