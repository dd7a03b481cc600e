"""The proxy: a plain ASGI middleware in front of the gateway's own routes.

For ``/api/...`` and ``/webhooks/...`` it does, in order: resolve the owning service (404/503),
verify the bearer token if one is sent (401), take a rate-limit token (429), rewrite the trust
headers, and stream the request to the upstream and the answer back (502/504 on failure).
Everything else (``/health``, ``/openapi.json``, ``/docs``) falls through to the FastAPI app.

Plain ASGI rather than a FastAPI route: this runs on every proxied request, and skipping
routing, dependency injection and request/response objects is most of the gateway's overhead.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from uuid import uuid4

import httpx
from starlette.types import ASGIApp, Receive, Scope, Send

from api.gateway.ratelimit import RateLimiter
from api.gateway.routing import RouteTable
from api.gateway.tokens import InvalidToken, TokenVerifier
from api.kit.errors import problem
from api.kit.logging import get_logger, request_id_var

log = get_logger(__name__)

PROXIED_ROOTS = ("/api/", "/webhooks/")
# Client-supplied identity and keys: only the gateway may set these (DESIGN §5).
_STRIPPED_EXACT = frozenset({b"x-gateway-key", b"x-internal-api-key", b"host"})
_HOP_BY_HOP = frozenset(
    {
        b"connection",
        b"keep-alive",
        b"proxy-authenticate",
        b"proxy-authorization",
        b"te",
        b"trailer",
        b"upgrade",
        b"transfer-encoding",  # httpx re-frames the body itself
    }
)
_RESPONSE_DROPPED = frozenset({"connection", "keep-alive", "transfer-encoding", "upgrade"})
_BODYLESS = frozenset({"GET", "HEAD", "OPTIONS", "DELETE"})


@dataclass
class Gateway:
    """Everything the proxy needs; ``client`` is created in the app's lifespan."""

    routes: RouteTable
    upstreams: dict[str, str]
    verifier: TokenVerifier
    limiter: RateLimiter | None
    gateway_key: bytes
    trust_forwarded_for: bool = False
    client: httpx.AsyncClient = field(init=False)


async def _send_problem(
    scope: Scope,
    receive: Receive,
    send: Send,
    status: int,
    slug: str,
    title: str,
    detail: str,
    headers: dict[str, str] | None = None,
) -> None:
    response = problem(
        status=status,
        slug=slug,
        title=title,
        detail=detail,
        instance=scope["path"],
        headers=headers,
    )
    await response(scope, receive, send)


async def _request_body(receive: Receive) -> AsyncIterator[bytes]:
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            return
        body = message.get("body", b"")
        if body:
            yield body
        if not message.get("more_body", False):
            return


class ProxyMiddleware:
    """Proxies the service prefixes; passes everything else to the wrapped app."""

    def __init__(self, app: ASGIApp, *, gateway: Gateway) -> None:
        self.app = app
        self.gw = gateway

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or not scope["path"].startswith(PROXIED_ROOTS):
            await self.app(scope, receive, send)
            return
        path: str = scope["path"]
        forwarded: list[tuple[bytes, bytes]] = []
        authorization = request_id = forwarded_for = host = None
        has_body = False
        for name, value in scope["headers"]:
            if name == b"authorization":
                authorization = value
            elif name == b"x-request-id":
                request_id = value
                continue  # re-added below, validated
            elif name == b"x-forwarded-for":
                forwarded_for = value
                continue
            elif name == b"content-length" or name == b"transfer-encoding":
                has_body = True
            if name == b"host":
                host = value
            if name in _STRIPPED_EXACT or name in _HOP_BY_HOP or name.startswith(b"x-user-"):
                continue
            forwarded.append((name, value))
        rid = request_id.decode("latin-1") if request_id and len(request_id) <= 128 else None
        rid = rid or uuid4().hex
        token = request_id_var.set(rid)
        try:
            await self._proxy(
                scope,
                receive,
                send,
                path,
                forwarded,
                authorization,
                rid,
                forwarded_for,
                host,
                has_body,
            )
        finally:
            request_id_var.reset(token)

    async def _proxy(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        path: str,
        headers: list[tuple[bytes, bytes]],
        authorization: bytes | None,
        rid: str,
        forwarded_for: bytes | None,
        host: bytes | None,
        has_body: bool,
    ) -> None:
        gw = self.gw
        route = gw.routes.resolve(path)
        if route is None:
            await _send_problem(
                scope, receive, send, 404, "not-found", "Not found", f"No service serves {path}"
            )
            return
        if not route.built:
            await _send_problem(
                scope,
                receive,
                send,
                503,
                "service-unavailable",
                "Service unavailable",
                f"The {route.service} service is not available yet",
            )
            return
        user_id = role = None
        if authorization is not None:
            scheme, _, credentials = authorization.decode("latin-1").partition(" ")
            try:
                if scheme.lower() != "bearer" or not credentials.strip():
                    raise InvalidToken("Authorization must be 'Bearer <token>'")
                identity = await gw.verifier.verify(credentials.strip(), gw.client)
            except InvalidToken as exc:
                await _send_problem(
                    scope,
                    receive,
                    send,
                    401,
                    "unauthorized",
                    "Unauthorized",
                    str(exc),
                    {"WWW-Authenticate": 'Bearer error="invalid_token"'},
                )
                return
            user_id, role = identity.user_id, identity.role
        peer = scope.get("client")
        client_ip = peer[0] if peer else "unknown"
        if gw.trust_forwarded_for and forwarded_for:
            client_ip = forwarded_for.decode("latin-1").split(",")[0].strip()
        if gw.limiter is not None:
            wait = gw.limiter.check(path=path, user_id=user_id, client_ip=client_ip)
            if wait:
                await _send_problem(
                    scope,
                    receive,
                    send,
                    429,
                    "rate-limited",
                    "Too many requests",
                    f"Rate limit exceeded; retry in {wait} s",
                    {"Retry-After": str(wait)},
                )
                return
        headers.append((b"x-gateway-key", gw.gateway_key))
        headers.append((b"x-request-id", rid.encode("latin-1")))
        chain = f"{forwarded_for.decode('latin-1')}, {client_ip}" if forwarded_for else client_ip
        headers.append((b"x-forwarded-for", chain.encode("latin-1")))
        headers.append((b"x-forwarded-proto", scope.get("scheme", "http").encode()))
        if host:
            headers.append((b"x-forwarded-host", host))
        if user_id is not None and role is not None:
            headers.append((b"x-user-id", user_id.encode()))
            headers.append((b"x-user-role", role.encode()))
        await self._forward(scope, receive, send, route.service, headers, has_body)

    async def _forward(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        service: str,
        headers: list[tuple[bytes, bytes]],
        has_body: bool,
    ) -> None:
        gw = self.gw
        method: str = scope["method"]
        target = gw.upstreams[service] + scope.get("raw_path", scope["path"].encode()).decode(
            "latin-1"
        )
        if scope.get("query_string"):
            target += "?" + scope["query_string"].decode("latin-1")
        body = _request_body(receive) if has_body or method not in _BODYLESS else None
        request = gw.client.build_request(method, target, headers=headers, content=body)
        try:
            upstream = await gw.client.send(request, stream=True)
        except httpx.TimeoutException:
            await _send_problem(
                scope,
                receive,
                send,
                504,
                "gateway-timeout",
                "Upstream timeout",
                f"The {service} service did not answer in time",
            )
            return
        except httpx.TransportError as exc:
            log.warning("upstream unreachable", extra={"service": service, "error": repr(exc)})
            await _send_problem(
                scope,
                receive,
                send,
                502,
                "bad-gateway",
                "Upstream failure",
                f"The {service} service is unreachable",
            )
            return
        try:
            response_headers = [
                (name, value)
                for name, value in upstream.headers.raw
                if name.decode("latin-1").lower() not in _RESPONSE_DROPPED
            ]
            await send(
                {
                    "type": "http.response.start",
                    "status": upstream.status_code,
                    "headers": response_headers,
                }
            )
            async for chunk in upstream.aiter_raw():
                await send({"type": "http.response.body", "body": chunk, "more_body": True})
            await send({"type": "http.response.body", "body": b"", "more_body": False})
        except httpx.TimeoutException:
            log.warning("upstream timed out mid-response", extra={"service": service})
        finally:
            await upstream.aclose()
