"""Request-scoped ids: every request gets an ``x-request-id`` (kept if the gateway sent one).

Written as plain ASGI rather than ``BaseHTTPMiddleware``: it sits on every request's hot path
and the latter costs a task and a stream copy per request.
"""

from __future__ import annotations

from uuid import uuid4

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.kit.logging import correlation_id_var, request_id_var

REQUEST_ID_HEADER = b"x-request-id"
CORRELATION_ID_HEADER = b"x-correlation-id"


class RequestIdMiddleware:
    """Binds request and correlation ids to the context and echoes the request id back."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        request_id = headers.get(REQUEST_ID_HEADER, b"").decode() or str(uuid4())
        correlation_id = headers.get(CORRELATION_ID_HEADER, b"").decode() or request_id
        request_token = request_id_var.set(request_id)
        correlation_token = correlation_id_var.set(correlation_id)

        async def send_with_id(message: Message) -> None:
            if message["type"] == "http.response.start":
                message.setdefault("headers", [])
                message["headers"].append((REQUEST_ID_HEADER, request_id.encode()))
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            request_id_var.reset(request_token)
            correlation_id_var.reset(correlation_token)
