"""What both sandboxes need from HTTP: reading Basic credentials and a webhook client."""

from __future__ import annotations

import base64
import binascii

import httpx
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse


class ProviderError(Exception):
    """A refusal in the provider's own shape: ``{"error_code": ..., "message": ...}``."""

    def __init__(self, status: int, error_code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.error_code = error_code
        self.message = message


def answer_provider_errors(app: FastAPI) -> None:
    """Render :class:`ProviderError` as the provider does (not FastAPI's ``{"detail": ...}``)."""

    async def handler(request: Request, exc: Exception) -> JSONResponse:
        assert isinstance(exc, ProviderError)
        return JSONResponse(
            {"error_code": exc.error_code, "message": exc.message}, status_code=exc.status
        )

    app.add_exception_handler(ProviderError, handler)


def basic_auth_credentials(authorization: str | None) -> tuple[str, str | None] | None:
    """The username and password (None without a ``:``) of an ``Authorization: Basic …``
    header, or None when it is not one."""
    if not authorization or not authorization.lower().startswith("basic "):
        return None
    try:
        decoded = base64.b64decode(authorization[6:].strip(), validate=True).decode()
    except (binascii.Error, UnicodeDecodeError):
        return None
    username, colon, password = decoded.partition(":")
    return username, password if colon else None


def basic_auth_username(authorization: str | None) -> str | None:
    """The username of an ``Authorization: Basic …`` header (Xendit puts the key there)."""
    credentials = basic_auth_credentials(authorization)
    return credentials[0] if credentials else None


def callback_client(transport: httpx.AsyncBaseTransport | None) -> httpx.AsyncClient:
    """A short-lived client for one batch of webhooks (in-process when given a transport)."""
    return httpx.AsyncClient(transport=transport, timeout=10.0)
