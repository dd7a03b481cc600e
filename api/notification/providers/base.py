"""What every provider client takes and answers, and how an HTTP answer is classified.

A provider never raises on a failed send: it answers a :class:`SendResult` saying whether the
message was accepted and, if not, whether trying again (later, or with the next provider) can
help. A 429, a 5xx, a timeout or a broken connection can; a 4xx about the message cannot.
"""

from __future__ import annotations

import asyncio
import ssl
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Protocol
from uuid import UUID

import certifi
import httpx

from api.events.values import Channel


@dataclass(frozen=True, slots=True)
class Outgoing:
    """One message ready to hand to a provider (secrets, if any, already rendered in)."""

    message_id: UUID
    kind: str
    channel: Channel
    locale: str
    body: str
    to: str | None = None  # an email address or an E.164 phone number
    tokens: tuple[str, ...] = ()  # push registration tokens
    subject: str | None = None
    html_body: str | None = None
    whatsapp_template: str | None = None
    whatsapp_parameters: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class SendResult:
    """What one provider made of one message."""

    provider: str
    ok: bool
    provider_message_id: str | None = None
    error: str | None = None
    retryable: bool = True
    status_code: int | None = None
    # push tokens the provider says are gone (the app was uninstalled): deactivate them
    dead_tokens: tuple[str, ...] = field(default=())


class Provider(Protocol):
    """A client of one provider for one channel."""

    name: str
    channel: Channel

    async def send(self, message: Outgoing) -> SendResult: ...

    async def send_many(self, messages: Sequence[Outgoing]) -> list[SendResult]:
        """Every message of a batch, answered in order (over the provider's pooled sessions)."""
        ...

    async def aclose(self) -> None: ...


class SendsSideBySide:
    """``send_many`` for an HTTP API that takes one message per request: the requests go side by
    side over the client's pooled keep-alive connections, at most ``concurrency`` at once."""

    concurrency: int = 32

    async def send(self, message: Outgoing) -> SendResult:
        raise NotImplementedError

    async def send_many(self, messages: Sequence[Outgoing]) -> list[SendResult]:
        slots = asyncio.Semaphore(self.concurrency)

        async def one(message: Outgoing) -> SendResult:
            async with slots:
                return await self.send(message)

        return list(await asyncio.gather(*(one(m) for m in messages)))


RETRYABLE_STATUS = frozenset({408, 425, 429})


def is_retryable(status_code: int) -> bool:
    """Whether another try may succeed after this HTTP status."""
    return status_code >= 500 or status_code in RETRYABLE_STATUS


@cache
def _tls_context() -> ssl.SSLContext:
    """One verifying TLS context for every provider client: loading the CA bundle takes longer
    than building the rest of a client (the same bundle httpx would load: certifi's)."""
    return ssl.create_default_context(cafile=certifi.where())


def http_client(
    base_url: str, *, timeout: float, transport: httpx.AsyncBaseTransport | None, **kwargs: Any
) -> httpx.AsyncClient:
    """A pooled client for one provider (the transport seam lets tests run the sandbox
    in-process)."""
    return httpx.AsyncClient(
        base_url=base_url,
        verify=_tls_context(),
        timeout=httpx.Timeout(timeout, connect=min(timeout, 3.0)),
        limits=httpx.Limits(max_connections=64, max_keepalive_connections=64),
        transport=transport,
        **kwargs,
    )


async def post(
    provider: str, http: httpx.AsyncClient, path: str, **kwargs: Any
) -> tuple[httpx.Response | None, SendResult | None]:
    """POST, turning transport failures into a retryable :class:`SendResult`."""
    try:
        return await http.post(path, **kwargs), None
    except httpx.TimeoutException:
        return None, SendResult(provider, ok=False, error="timeout", retryable=True)
    except httpx.TransportError as exc:
        return None, SendResult(
            provider, ok=False, error=f"unreachable: {type(exc).__name__}", retryable=True
        )


def failure(provider: str, response: httpx.Response, detail: str) -> SendResult:
    """A refused send, classified by its status."""
    return SendResult(
        provider,
        ok=False,
        error=f"{response.status_code}: {detail}"[:500],
        retryable=is_retryable(response.status_code),
        status_code=response.status_code,
    )


def json_or_empty(response: httpx.Response) -> dict[str, Any]:
    """The body as a JSON object, or ``{}`` when it is not one."""
    try:
        data = response.json()
    except ValueError:
        return {}
    return data if isinstance(data, dict) else {}


class HttpProvider(SendsSideBySide):
    """A provider reached over HTTP: one pooled client, closed with the provider."""

    name: str
    _http: httpx.AsyncClient

    async def _post(
        self, path: str, **kwargs: Any
    ) -> tuple[httpx.Response, dict[str, Any]] | SendResult:
        """POST to the provider: its answer and JSON body, or the result of a broken call."""
        response, broken = await post(self.name, self._http, path, **kwargs)
        if broken is not None:
            return broken
        assert response is not None
        return response, json_or_empty(response)

    async def aclose(self) -> None:
        await self._http.aclose()
