"""What every request passes before any route: well-formed, and carrying a usable request id.

- :class:`RequestIdMiddleware` gives every request an ``x-request-id`` (the caller's, when it is
  a sane token; a new one otherwise) and echoes it back.
- :class:`WellFormedRequestMiddleware` answers 400 for what no route can handle: control
  characters in header values (RFC 9110 forbids them) and NUL in the path or query string
  (PostgreSQL cannot store it). Such input must never travel on to become a 500.

Both are plain ASGI rather than ``BaseHTTPMiddleware``: they sit on every request's hot path
and the latter costs a task and a stream copy per request. The gateway runs them too.
"""

from __future__ import annotations

import re
from urllib.parse import unquote_to_bytes
from uuid import uuid4

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.kit.errors import problem
from api.kit.logging import correlation_id_var, request_id_var

REQUEST_ID_HEADER = b"x-request-id"
CORRELATION_ID_HEADER = b"x-correlation-id"

# Visible ASCII without separators, at most 128 long: a UUID, a ULID, a trace id. Anything else
# (non-UTF-8 bytes, spaces, a megabyte) is ignored and replaced rather than logged and echoed.
_TOKEN = re.compile(rb"[A-Za-z0-9._:+=@/-]{1,128}")
# HTAB is allowed in a field value; every other C0 control character and DEL is not
_CONTROL = re.compile(rb"[\x00-\x08\x0a-\x1f\x7f]")


def request_id_from(raw: bytes | None) -> str | None:
    """The caller's request id when it is a sane token, else None (make a new one)."""
    if raw and _TOKEN.fullmatch(raw):
        return raw.decode("ascii")
    return None


def malformed_part(scope: Scope) -> str | None:
    """Which part of the request no route could handle safely (``None`` when it is fine)."""
    for name, value in scope["headers"]:
        if _CONTROL.search(value) or _CONTROL.search(name):
            return f"header {name.decode('latin-1')[:40]!r} holds control characters"
    if b"\x00" in scope.get("raw_path", b"") or "\x00" in scope["path"]:
        return "the path holds a NUL character"
    if b"\x00" in unquote_to_bytes(scope.get("query_string", b"")):
        return "the query string holds a NUL character"
    return None


class RequestIdMiddleware:
    """Binds request and correlation ids to the context and echoes the request id back."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope["headers"])
        request_id = request_id_from(headers.get(REQUEST_ID_HEADER)) or str(uuid4())
        correlation_id = request_id_from(headers.get(CORRELATION_ID_HEADER)) or request_id
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


class WellFormedRequestMiddleware:
    """400 problem+json for requests no route could handle safely (see the module docstring)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and (reason := malformed_part(scope)) is not None:
            response = problem(
                status=400,
                slug="bad-request",
                title="Bad request",
                detail=f"Malformed request: {reason}",
            )
            await response(scope, receive, send)
            return
        await self.app(scope, receive, send)
