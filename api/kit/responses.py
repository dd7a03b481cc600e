"""JSON responses rendered with orjson (FastAPI's own ORJSONResponse is deprecated), and the
problem document every error answer is, as OpenAPI shows it."""

from __future__ import annotations

from typing import Any
from uuid import UUID

import orjson
from pydantic import BaseModel, ConfigDict
from starlette.responses import Response

PROBLEM_MEDIA_TYPE = "application/problem+json"


def _fallback(value: Any) -> Any:
    # orjson renders exact uuid.UUID only; asyncpg hands back its own UUID subclass
    if isinstance(value, UUID):
        return str(value)
    raise TypeError(f"Type is not JSON serializable: {type(value).__name__}")


class JsonResponse(Response):
    """A JSON body rendered by orjson (UUIDs, datetimes and dataclasses included)."""

    media_type = "application/json"

    def render(self, content: Any) -> bytes:
        return orjson.dumps(content, default=_fallback, option=orjson.OPT_SERIALIZE_NUMPY)


class ProblemResponse(JsonResponse):
    """An RFC 9457 problem document."""

    media_type = PROBLEM_MEDIA_TYPE


class ProblemFieldError(BaseModel):
    """One field an error names: where, what is wrong, the kind of check (validation errors
    always say it), and whatever else the error adds (a variant, the previous price)."""

    model_config = ConfigDict(extra="allow")

    field: str | None
    message: str
    type: str | None = None


class Problem(BaseModel):
    """RFC 9457 problem details, as every LAKOO error answers (extra members allowed)."""

    model_config = ConfigDict(extra="allow")

    type: str
    title: str
    status: int
    detail: str
    instance: str | None = None
    errors: list[ProblemFieldError] | None = None
    request_id: str | None = None


_PROBLEM_SCHEMA = {"schema": {"$ref": "#/components/schemas/Problem"}}
# Every operation documents its errors as problem+json: validation failures (422, instead of
# FastAPI's own HTTPValidationError, which the kit never sends) and any other error (default).
PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    "422": {
        "model": Problem,
        "description": "Validation failed: `errors` names every bad field",
        "content": {PROBLEM_MEDIA_TYPE: _PROBLEM_SCHEMA},
    },
    "default": {
        "model": Problem,
        "description": "An error, as RFC 9457 problem details",
        "content": {PROBLEM_MEDIA_TYPE: _PROBLEM_SCHEMA},
    },
}


def only_problem_json(document: dict[str, Any]) -> dict[str, Any]:
    """Drop the ``application/json`` twin FastAPI adds beside each problem+json error answer."""
    for item in document.get("paths", {}).values():
        for operation in item.values():
            if not isinstance(operation, dict):
                continue
            for response in operation.get("responses", {}).values():
                content = response.get("content", {})
                if PROBLEM_MEDIA_TYPE in content:
                    content.pop("application/json", None)
    return document
