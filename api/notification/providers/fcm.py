"""Push through Firebase Cloud Messaging's HTTP v1 API, authorised as a service account.

    POST {token_uri}   grant_type=urn:ietf:params:oauth:grant-type:jwt-bearer, assertion=<JWT
                       signed RS256 with the service account's key> → {access_token, expires_in}
    POST /v1/projects/{project_id}/messages:send   (Bearer access token)
         {message: {token, notification: {title, body}, data: {...}}} → {name: "projects/…"}

One request per device token (v1 has no multicast). A 404 ``UNREGISTERED`` (or a 400 about the
token) means the app is gone from that device: the token is reported dead and deactivated. FCM
sends no delivery receipts (delivery data lives in its BigQuery export), so ``sent`` is final.
"""

from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass
from typing import Any

import httpx
import jwt
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from api.events.values import Channel
from api.notification.providers.base import (
    Outgoing,
    SendResult,
    SendsSideBySide,
    http_client,
    is_retryable,
    json_or_empty,
    post,
)

SCOPE = "https://www.googleapis.com/auth/firebase.messaging"
GRANT_TYPE = "urn:ietf:params:oauth:grant-type:jwt-bearer"


@dataclass(frozen=True, slots=True)
class ServiceAccount:
    """The fields of a Google service-account key file that signing needs."""

    client_email: str
    private_key: str
    token_uri: str

    @classmethod
    def from_json(cls, data: dict[str, Any], *, token_uri: str | None = None) -> ServiceAccount:
        return cls(
            client_email=str(data["client_email"]),
            private_key=str(data["private_key"]),
            token_uri=token_uri or str(data.get("token_uri")),
        )


def development_service_account(token_uri: str) -> ServiceAccount:
    """A throwaway key for development and tests (the sandbox checks the assertion's claims)."""
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    ).decode()
    return ServiceAccount("lakoo-dev@lakoo-dev.iam.gserviceaccount.com", pem, token_uri)


def _dead(status_code: int, error: dict[str, Any]) -> bool:
    codes = {d.get("errorCode") for d in error.get("details", []) if isinstance(d, dict)}
    return (
        status_code == 404
        or "UNREGISTERED" in codes
        or (status_code == 400 and "INVALID_ARGUMENT" in codes)
    )


class FcmProvider(SendsSideBySide):
    """Sends push notifications to each of a user's device tokens."""

    name = "fcm"
    channel: Channel = "push"

    def __init__(
        self,
        base_url: str,
        *,
        project_id: str,
        account: ServiceAccount,
        timeout: float = 10.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self._path = f"/v1/projects/{project_id}/messages:send"
        self._account = account
        self._http = http_client(base_url, timeout=timeout, transport=transport)
        self._oauth = http_client("", timeout=timeout, transport=transport)
        self._token: tuple[str, float] | None = None
        self._token_lock = asyncio.Lock()

    async def _access_token(self) -> str | SendResult:
        async with self._token_lock:
            if self._token and self._token[1] > time.time() + 60:
                return self._token[0]
            now = int(time.time())
            assertion = jwt.encode(
                {
                    "iss": self._account.client_email,
                    "scope": SCOPE,
                    "aud": self._account.token_uri,
                    "iat": now,
                    "exp": now + 3600,
                },
                self._account.private_key,
                algorithm="RS256",
            )
            response, broken = await post(
                self.name,
                self._oauth,
                self._account.token_uri,
                data={"grant_type": GRANT_TYPE, "assertion": assertion},
            )
            if broken:
                return broken
            assert response is not None
            data = json_or_empty(response)
            if response.status_code != 200 or "access_token" not in data:
                return SendResult(
                    self.name,
                    ok=False,
                    error=f"oauth {response.status_code}: {data.get('error')}",
                    retryable=is_retryable(response.status_code),
                    status_code=response.status_code,
                )
            self._token = (str(data["access_token"]), now + float(data.get("expires_in", 3600)))
            return self._token[0]

    async def send(self, message: Outgoing) -> SendResult:
        if not message.tokens:
            return SendResult(self.name, ok=False, error="no device registered", retryable=False)
        token = await self._access_token()
        if isinstance(token, SendResult):
            return token
        results = await asyncio.gather(*(self._one(token, t, message) for t in message.tokens))
        sent = [r for r in results if r.ok]
        dead = tuple(t for t, r in zip(message.tokens, results, strict=True) if r.dead_tokens)
        if sent:
            return SendResult(
                self.name,
                ok=True,
                provider_message_id=sent[0].provider_message_id,
                dead_tokens=dead,
            )
        first = results[0]
        retryable = any(r.retryable for r in results)
        return SendResult(
            self.name,
            ok=False,
            error=first.error,
            retryable=retryable,
            status_code=first.status_code,
            dead_tokens=dead,
        )

    async def _one(self, access_token: str, device: str, message: Outgoing) -> SendResult:
        body = {
            "message": {
                "token": device,
                "notification": {"title": message.subject or "LAKOO", "body": message.body},
                "data": {"message_id": str(message.message_id), "kind": message.kind},
            }
        }
        response, broken = await post(
            self.name,
            self._http,
            self._path,
            json=body,
            headers={"Authorization": f"Bearer {access_token}"},
        )
        if broken:
            return broken
        assert response is not None
        data = json_or_empty(response)
        if response.status_code == 200 and data.get("name"):
            return SendResult(self.name, ok=True, provider_message_id=str(data["name"]))
        if response.status_code == 401:
            self._token = None  # expired or revoked: fetch a new one on the next try
        error = data.get("error") or {}
        dead = _dead(response.status_code, error)
        return SendResult(
            self.name,
            ok=False,
            error=f"{response.status_code}: {error.get('status')} {error.get('message')}"[:500],
            retryable=not dead
            and (is_retryable(response.status_code) or response.status_code == 401),
            status_code=response.status_code,
            dead_tokens=(device,) if dead else (),
        )

    async def aclose(self) -> None:
        await self._http.aclose()
        await self._oauth.aclose()
