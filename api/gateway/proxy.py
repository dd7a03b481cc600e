"""The proxy: a plain ASGI middleware in front of the gateway's own routes.

Every request's path is first normalised (``api.gateway.paths``: dot segments resolved, repeated
slashes collapsed, ambiguous encodings refused with 400), and everything after uses that one
path. For ``/api/...`` and ``/webhooks/...`` it then does, in order: resolve the owning service
by the longest prefix (404/503), refuse a declared body over the limit (413), verify the bearer
token if one is sent to ``/api/`` (401), take a rate-limit token for the client (429), rewrite
the trust headers, and stream the request to the upstream — cut off with 413 when the streamed
body passes the limit — and the answer back (502/504 on failure). Everything else (``/health``,
``/openapi.json``, ``/docs``) falls through to the FastAPI app, on the normalised path too.

Plain ASGI rather than a FastAPI route: this runs on every proxied request, and skipping
routing, dependency injection and request/response objects is most of the gateway's overhead.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from urllib.parse import quote_from_bytes
from uuid import uuid4

import httpx
from starlette.types import ASGIApp, Receive, Scope, Send

from api.gateway.bodies import BodyLimits, BodyTooLarge, LimitedBody
from api.gateway.clientip import ClientAddress, Network, client_address
from api.gateway.paths import AmbiguousPath, normalise
from api.gateway.ratelimit import RateLimiter
from api.gateway.routing import RouteTable
from api.gateway.tokens import InvalidToken, TokenVerifier
from api.gateway.upstreams import Instance, UpstreamPool, may_retry
from api.kit.errors import problem
from api.kit.logging import get_logger, request_id_var
from api.kit.middleware import request_id_from

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
        b"content-length",  # likewise: the body forwarded is the one counted here
    }
)
_RESPONSE_DROPPED = frozenset({"connection", "keep-alive", "transfer-encoding", "upgrade"})
_BODYLESS = frozenset({"GET", "HEAD", "OPTIONS", "DELETE"})
# RFC 3986 query characters; anything else (non-ASCII, '#', spaces) is escaped on the way on
_QUERY_SAFE = "!$&'()*+,;=:@/?%-._~"


@dataclass
class Gateway:
    """Everything the proxy needs; ``client`` is created in the app's lifespan."""

    routes: RouteTable
    upstreams: dict[str, str]
    verifier: TokenVerifier
    limiter: RateLimiter | None
    gateway_key: bytes
    body_limits: BodyLimits
    trusted_proxies: Sequence[Network] = ()
    # the instances of each service (a pool of one from ``upstreams`` when none is given)
    pools: dict[str, UpstreamPool] = field(default_factory=dict)
    client: httpx.AsyncClient = field(init=False)

    def pool(self, service: str) -> UpstreamPool:
        """The instances of ``service`` behind the gateway."""
        if service not in self.pools:
            self.pools[service] = UpstreamPool([self.upstreams[service]])
        return self.pools[service]


@dataclass
class _Incoming:
    """What the proxy reads from the client's headers (the rest is forwarded as it came)."""

    forwarded: list[tuple[bytes, bytes]]
    authorization: bytes | None = None
    request_id: str = ""
    forwarded_for: bytes | None = None
    host: bytes | None = None
    content_length: bytes | None = None
    chunked: bool = False


def _incoming(scope: Scope) -> _Incoming:
    seen = _Incoming(forwarded=[])
    raw_request_id = None
    for name, value in scope["headers"]:
        if name == b"authorization":
            seen.authorization = value
        elif name == b"x-request-id":
            raw_request_id = value
            continue  # re-added below, validated
        elif name == b"x-forwarded-for":
            seen.forwarded_for = value
            continue  # re-added below, as far as trusted proxies vouch for it
        elif name == b"content-length":
            seen.content_length = value
        elif name == b"transfer-encoding":
            seen.chunked = True
        elif name == b"host":
            seen.host = value
        if name in _STRIPPED_EXACT or name in _HOP_BY_HOP or name.startswith(b"x-user-"):
            continue
        seen.forwarded.append((name, value))
    seen.request_id = request_id_from(raw_request_id) or uuid4().hex
    return seen


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


async def _too_large(scope: Scope, receive: Receive, send: Send, limit: int) -> None:
    await _send_problem(
        scope,
        receive,
        send,
        413,
        "payload-too-large",
        "Payload too large",
        f"The request body is larger than {limit} bytes",
    )


class ProxyMiddleware:
    """Proxies the service prefixes; passes everything else to the wrapped app."""

    def __init__(self, app: ASGIApp, *, gateway: Gateway) -> None:
        self.app = app
        self.gw = gateway

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        try:
            path = normalise(scope.get("raw_path") or scope["path"].encode())
        except AmbiguousPath as exc:
            await _send_problem(scope, receive, send, 400, "bad-request", "Bad request", str(exc))
            return
        # from here on there is one path: the one routed, limited and forwarded
        scope = {**scope, "path": path.path, "raw_path": path.raw}
        if not path.path.startswith(PROXIED_ROOTS):
            await self.app(scope, receive, send)
            return
        incoming = _incoming(scope)
        token = request_id_var.set(incoming.request_id)
        try:
            await self._proxy(scope, receive, send, incoming)
        finally:
            request_id_var.reset(token)

    async def _proxy(self, scope: Scope, receive: Receive, send: Send, incoming: _Incoming) -> None:
        gw = self.gw
        path: str = scope["path"]
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
        limit = gw.body_limits.for_path(path)
        if incoming.content_length is not None:
            declared = incoming.content_length.strip()
            if not declared.isdigit():
                await _send_problem(
                    scope, receive, send, 400, "bad-request", "Bad request", "Bad Content-Length"
                )
                return
            if int(declared) > limit:
                await _too_large(scope, receive, send, limit)
                return
        user_id = role = None
        # A provider calling a webhook signs with its own scheme, sometimes in Authorization (a
        # Vonage JWT): not a LAKOO token to verify, and no identity comes from it. The service
        # verifies it (its signature secret) like every other webhook signature.
        if incoming.authorization is not None and not path.startswith("/webhooks/"):
            scheme, _, credentials = incoming.authorization.decode("latin-1").partition(" ")
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
        client = client_address(
            peer[0] if peer else "unknown", incoming.forwarded_for, gw.trusted_proxies
        )
        if gw.limiter is not None:
            wait = gw.limiter.check(path=path, user_id=user_id, client_ip=client.ip)
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
        headers = self._trusted_headers(scope, incoming, client, user_id, role)
        await self._forward(scope, receive, send, route.service, headers, incoming, limit)

    def _trusted_headers(
        self,
        scope: Scope,
        incoming: _Incoming,
        client: ClientAddress,
        user_id: str | None,
        role: str | None,
    ) -> list[tuple[bytes, bytes]]:
        headers = list(incoming.forwarded)
        headers.append((b"x-gateway-key", self.gw.gateway_key))
        headers.append((b"x-request-id", incoming.request_id.encode("ascii")))
        # only what trusted proxies vouched for: the client, then the hops to the gateway
        headers.append((b"x-forwarded-for", client.chain.encode("latin-1")))
        headers.append((b"x-forwarded-proto", scope.get("scheme", "http").encode()))
        if incoming.host:
            headers.append((b"x-forwarded-host", incoming.host))
        if user_id is not None and role is not None:
            headers.append((b"x-user-id", user_id.encode()))
            headers.append((b"x-user-role", role.encode()))
        return headers

    async def _forward(
        self,
        scope: Scope,
        receive: Receive,
        send: Send,
        service: str,
        headers: list[tuple[bytes, bytes]],
        incoming: _Incoming,
        limit: int,
    ) -> None:
        method: str = scope["method"]
        raw_target: bytes = scope["raw_path"]
        if scope.get("query_string"):
            raw_target += b"?" + quote_from_bytes(scope["query_string"], _QUERY_SAFE).encode()
        has_body = incoming.content_length is not None or incoming.chunked
        body = LimitedBody(receive, limit) if has_body or method not in _BODYLESS else None
        try:
            upstream = await self._send(service, method, raw_target, headers, body)
        except BodyTooLarge:
            await _too_large(scope, receive, send, limit)
            return
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
            if body is not None and body.exceeded:
                await _too_large(scope, receive, send, limit)
                return
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
        if body is not None and body.exceeded:
            # an upstream in the same process may have turned the abort into an answer of its own
            await upstream.aclose()
            await _too_large(scope, receive, send, limit)
            return
        await self._relay(send, upstream, service)

    async def _send(
        self,
        service: str,
        method: str,
        raw_target: bytes,
        headers: list[tuple[bytes, bytes]],
        body: LimitedBody | None,
    ) -> httpx.Response:
        """Send to the next instance of ``service``; an idempotent request without a body that
        fails at the transport goes on to the next instance (:mod:`api.gateway.upstreams`)."""
        pool = self.gw.pool(service)
        candidates = pool.candidates()
        if not may_retry(method, has_body=body is not None):
            candidates = candidates[:1]
        for instance in candidates[:-1]:
            try:
                return await self._send_to(pool, instance, method, raw_target, headers, body)
            except httpx.TransportError as exc:
                log.warning(
                    "upstream instance failed; retrying on another",
                    extra={"service": service, "instance": instance.url, "error": repr(exc)},
                )
        return await self._send_to(pool, candidates[-1], method, raw_target, headers, body)

    async def _send_to(
        self,
        pool: UpstreamPool,
        instance: Instance,
        method: str,
        raw_target: bytes,
        headers: list[tuple[bytes, bytes]],
        body: LimitedBody | None,
    ) -> httpx.Response:
        url = httpx.URL(instance.url).copy_with(raw_path=raw_target)
        request = self.gw.client.build_request(method, url, headers=headers, content=body)
        try:
            upstream = await self.gw.client.send(request, stream=True)
        except httpx.TransportError:
            if body is None or not body.exceeded:  # a body over the limit is not its failure
                pool.failed(instance)
            raise
        pool.answered(instance)
        return upstream

    async def _relay(self, send: Send, upstream: httpx.Response, service: str) -> None:
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
