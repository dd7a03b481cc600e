"""Provider callbacks (``/webhooks/...``): public routes that trust a body only once the
provider's token matched, compared in constant time so timing never tells how much of a forged
token was right."""

from __future__ import annotations

from typing import TypeVar

from fastapi import Request
from pydantic import BaseModel, SecretStr, ValidationError

from api.kit.auth import keys_match
from api.kit.errors import Forbidden, Unprocessable
from api.kit.logging import get_logger

M = TypeVar("M", bound=BaseModel)

log = get_logger(__name__)


async def verified_callback(
    request: Request,
    model: type[M],
    *,
    token: str | None,
    expected: SecretStr,
    refused: type[Forbidden] = Forbidden,
    what: str = "callback",
) -> M:
    """The body as ``model`` when ``token`` is the expected one: else ``refused`` (403), and a
    body that is not ``model`` a 422 naming its first bad field."""
    if not keys_match(token, expected):
        log.warning("provider callback refused", extra={"reason": "bad token", "what": what})
        raise refused("Invalid callback token")
    try:
        return model.model_validate_json(await request.body())
    except ValidationError as exc:
        field = ".".join(str(p) for p in exc.errors()[0]["loc"]) or "body"
        raise Unprocessable(f"Malformed {what}: {field}", field=field) from exc
