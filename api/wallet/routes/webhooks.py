"""``POST /webhooks/xendit/disbursement``: Xendit's disbursement callbacks, verified like the
invoice callback (the account's ``x-callback-token``, compared in constant time), idempotent."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Header, Request
from pydantic import ValidationError

from api.kit.auth import keys_match
from api.kit.deps import Uow
from api.kit.errors import Unprocessable
from api.kit.logging import get_logger
from api.wallet.errors import CallbackTokenRejected
from api.wallet.routes.deps import Settings
from api.wallet.schemas import DisbursementCallback
from api.wallet.service import disbursements

router = APIRouter(tags=["webhooks"])
log = get_logger(__name__)


@router.post("/webhooks/xendit/disbursement")
async def xendit_disbursement_callback(
    request: Request,
    uow: Uow,
    settings: Settings,
    x_callback_token: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> dict[str, str]:
    """Apply a COMPLETED / FAILED disbursement callback once; without our token, 403."""
    # Constant-time comparison: timing must not reveal how much of a forged token was right.
    if not keys_match(x_callback_token, settings.xendit_callback_token):
        log.warning("xendit callback refused", extra={"reason": "bad callback token"})
        raise CallbackTokenRejected("Invalid callback token")
    try:
        callback = DisbursementCallback.model_validate_json(await request.body())
    except ValidationError as exc:
        field = ".".join(str(p) for p in exc.errors()[0]["loc"]) or "body"
        raise Unprocessable(f"Malformed disbursement callback: {field}", field=field) from exc
    outcome = await disbursements.apply_callback(uow, callback=callback, now=settings.now())
    await uow.commit()
    return {"status": outcome}
