"""Access-token verification: signature, algorithm allow-list, expiry, issuer, audience.

Verified tokens are cached (bounded, until their ``exp``) so the signature check runs once per
token rather than once per request; the cache is dropped whenever the key set changes.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import httpx
import jwt

from api.gateway.keys import JwksCache
from api.kit.auth import Role

ROLES = frozenset(role.value for role in Role)


class InvalidToken(Exception):
    """The bearer token cannot be trusted; the message is safe to show the client."""


@dataclass(frozen=True, slots=True)
class Identity:
    """Who the token says the caller is."""

    user_id: str
    role: str
    expires_at: float


class TokenVerifier:
    """Verifies auth's access tokens against the cached JWKS."""

    MAX_CACHED = 50_000

    def __init__(
        self,
        jwks: JwksCache,
        *,
        issuer: str,
        audience: str,
        algorithms: list[str],
        leeway: float = 0.0,
        clock: Callable[[], float] = time.time,
    ) -> None:
        # "none" is never acceptable, whatever the configuration says
        self.algorithms = [alg for alg in algorithms if alg.lower() != "none"]
        self.jwks = jwks
        self.issuer = issuer
        self.audience = audience
        self.leeway = leeway
        self.clock = clock
        self._cache: dict[str, Identity] = {}
        self._cache_version = jwks.version

    async def verify(self, token: str, client: httpx.AsyncClient) -> Identity:
        """The identity in ``token``, or ``InvalidToken``."""
        if self._cache_version != self.jwks.version:
            self._cache.clear()
            self._cache_version = self.jwks.version
        cached = self._cache.get(token)
        if cached is not None:
            if cached.expires_at + self.leeway > self.clock():
                return cached
            del self._cache[token]
            raise InvalidToken("Token expired")
        identity = await self._verify(token, client)
        if len(self._cache) >= self.MAX_CACHED:
            self._cache.clear()
        self._cache[token] = identity
        return identity

    async def _verify(self, token: str, client: httpx.AsyncClient) -> Identity:
        try:
            header = jwt.get_unverified_header(token)
        except jwt.PyJWTError as exc:
            raise InvalidToken("Malformed token") from exc
        alg, kid = header.get("alg"), header.get("kid")
        if alg not in self.algorithms:
            raise InvalidToken("Token algorithm not accepted")
        if not isinstance(kid, str) or not kid:
            raise InvalidToken("Token has no key id")
        key = await self.jwks.get(kid, client)
        if key is None:
            raise InvalidToken("Token signed by an unknown key")
        if key.algorithm_name != alg:
            # a key is only good for its own algorithm (no RS256/HS256 confusion)
            raise InvalidToken("Token algorithm does not match its key")
        try:
            claims = jwt.decode(
                token,
                key.key,
                algorithms=[alg],
                issuer=self.issuer,
                audience=self.audience,
                leeway=self.leeway,
                options={"require": ["exp", "iat", "sub", "iss", "aud"]},
            )
        except jwt.ExpiredSignatureError as exc:
            raise InvalidToken("Token expired") from exc
        except jwt.PyJWTError as exc:
            raise InvalidToken(f"Invalid token: {exc}") from exc
        role = claims.get("role")
        if role not in ROLES:
            raise InvalidToken("Token carries no valid role")
        return Identity(user_id=str(claims["sub"]), role=role, expires_at=float(claims["exp"]))
