"""The one exception tree of every service, and its single mapping to problem+json (RFC 9457).

    LakooError                      500  something the service did not expect to fail
     ├── BadRequest                 400
     ├── Unauthorized               401  no or bad credentials
     ├── Forbidden                  403  credentials fine, not allowed
     ├── NotFound                   404
     ├── Conflict                   409  the state of the resource forbids it
     ├── Unprocessable              422  well-formed but invalid; names the field
     ├── TooManyRequests            429  carries Retry-After
     ├── ServiceUnavailable         503
     ├── UpstreamError              502  another service or provider failed
     └── UpstreamTimeout            504

Routes raise these (services subclass them for their own domain errors); they never hand-build
error responses. Validation errors from FastAPI become the same 422 shape with every bad field.
"""

from __future__ import annotations

from typing import Any, ClassVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException as StarletteHTTPException

from api.kit.logging import get_logger, request_id_var
from api.kit.responses import ProblemResponse

PROBLEM_CONTENT_TYPE = "application/problem+json"
PROBLEM_BASE = "https://lakoo.id/problems/"

log = get_logger(__name__)


class LakooError(Exception):
    """Base of every error a service answers with; subclasses fix the status and the slug."""

    status: ClassVar[int] = 500
    slug: ClassVar[str] = "internal-error"
    title: ClassVar[str] = "Internal error"

    def __init__(
        self,
        detail: str | None = None,
        *,
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
        **extra: Any,
    ) -> None:
        super().__init__(detail or self.title)
        self.detail = detail or self.title
        self.errors = errors
        self.headers = headers or {}
        self.extra = extra


class BadRequest(LakooError):
    status, slug, title = 400, "bad-request", "Bad request"


class Unauthorized(LakooError):
    status, slug, title = 401, "unauthorized", "Unauthorized"


class Forbidden(LakooError):
    status, slug, title = 403, "forbidden", "Forbidden"


class NotFound(LakooError):
    status, slug, title = 404, "not-found", "Not found"


class Conflict(LakooError):
    status, slug, title = 409, "conflict", "Conflict"


class Unprocessable(LakooError):
    """Invalid input the schema could not catch (a rule of the domain); names the field."""

    status, slug, title = 422, "validation-error", "Validation failed"

    def __init__(self, detail: str, *, field: str | None = None, **extra: Any) -> None:
        errors = [{"field": field, "message": detail, "type": "domain"}] if field else None
        super().__init__(detail, errors=errors, **extra)


class TooManyRequests(LakooError):
    status, slug, title = 429, "rate-limited", "Too many requests"

    def __init__(self, retry_after_seconds: int, detail: str | None = None) -> None:
        super().__init__(
            detail or f"Rate limit exceeded; retry in {retry_after_seconds} s",
            headers={"Retry-After": str(retry_after_seconds)},
        )


class ServiceUnavailable(LakooError):
    status, slug, title = 503, "service-unavailable", "Service unavailable"


class UpstreamError(LakooError):
    status, slug, title = 502, "bad-gateway", "Upstream failure"


class UpstreamTimeout(LakooError):
    status, slug, title = 504, "gateway-timeout", "Upstream timeout"


def problem(
    *,
    status: int,
    slug: str,
    title: str,
    detail: str,
    instance: str | None = None,
    errors: list[dict[str, Any]] | None = None,
    headers: dict[str, str] | None = None,
    **extra: Any,
) -> ProblemResponse:
    """A problem+json response; the request id lets a user quote the failure to support."""
    body: dict[str, Any] = {
        "type": PROBLEM_BASE + slug,
        "title": title,
        "status": status,
        "detail": detail,
    }
    if instance:
        body["instance"] = instance
    if errors:
        body["errors"] = errors
    request_id = request_id_var.get()
    if request_id:
        body["request_id"] = request_id
    body.update(extra)
    return ProblemResponse(body, status_code=status, headers=headers)


def _field_path(loc: tuple[Any, ...] | list[Any]) -> str:
    # ("body", "variants", 0, "price") → "variants.0.price"; the location kind is noise to a client
    parts = [str(p) for p in loc]
    if parts and parts[0] in ("body", "query", "path", "header", "cookie"):
        parts = parts[1:] or parts
    return ".".join(parts)


def validation_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    """FastAPI's validation errors as ``[{field, message, type}]``."""
    return [
        {"field": _field_path(err["loc"]), "message": err["msg"], "type": err["type"]}
        for err in exc.errors()
    ]


def install_error_handlers(app: FastAPI) -> None:
    """Map the exception tree, validation errors and routing errors to problem+json, once."""

    async def on_lakoo_error(request: Request, exc: Exception) -> ProblemResponse:
        assert isinstance(exc, LakooError)
        if exc.status >= 500:
            log.error("request failed", extra={"error": exc.detail, "path": request.url.path})
        return problem(
            status=exc.status,
            slug=exc.slug,
            title=exc.title,
            detail=exc.detail,
            instance=request.url.path,
            errors=exc.errors,
            headers=exc.headers,
            **exc.extra,
        )

    async def on_validation_error(request: Request, exc: Exception) -> ProblemResponse:
        assert isinstance(exc, RequestValidationError)
        errors = validation_errors(exc)
        fields = ", ".join(sorted({e["field"] for e in errors}))
        return problem(
            status=422,
            slug=Unprocessable.slug,
            title=Unprocessable.title,
            detail=f"Invalid input: {fields}",
            instance=request.url.path,
            errors=errors,
        )

    async def on_http_error(request: Request, exc: Exception) -> ProblemResponse:
        assert isinstance(exc, StarletteHTTPException)
        slug = {404: "not-found", 405: "method-not-allowed"}.get(exc.status_code, "http-error")
        return problem(
            status=exc.status_code,
            slug=slug,
            title=str(exc.detail),
            detail=str(exc.detail),
            instance=request.url.path,
            headers=dict(exc.headers or {}),
        )

    async def on_unexpected(request: Request, exc: Exception) -> ProblemResponse:
        log.exception("unhandled error", extra={"path": request.url.path})
        return problem(
            status=500,
            slug=LakooError.slug,
            title=LakooError.title,
            detail="The service failed to handle the request",
            instance=request.url.path,
        )

    app.add_exception_handler(LakooError, on_lakoo_error)
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(StarletteHTTPException, on_http_error)
    app.add_exception_handler(Exception, on_unexpected)
