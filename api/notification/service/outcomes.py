"""Recording what the providers made of a chunk of claimed messages, in a few statements.

Each outcome updates its message only while the message is still in the attempt that was
claimed (``sending`` with the same attempt count): a message whose lease ran out and that
another worker claimed again is that worker's to record. Every try is kept in
``delivery_attempts``; the events go to the outbox in the same transaction.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast

from sqlalchemy import Table

from api.events.notification import NotificationFailed, NotificationSent
from api.kit.bulk import insert_rows, update_rows
from api.kit.uow import UnitOfWork
from api.notification.models import DeliveryAttempt, Message
from api.notification.providers.base import SendResult
from api.notification.service import contacts
from api.notification.service import events as message_events

if TYPE_CHECKING:
    from api.notification.service.delivery import Claimed, RetryPolicy

MESSAGES = cast(Table, Message.__table__)
ATTEMPTS = cast(Table, DeliveryAttempt.__table__)
_STILL_OURS = "messages.status = 'sending'"


async def record(
    uow: UnitOfWork,
    claimed: Sequence[Claimed],
    results: Sequence[SendResult],
    *,
    now: datetime,
    policy: RetryPolicy,
) -> None:
    """Write every outcome, its attempt row and its event (the caller commits)."""
    changes: list[dict[str, Any]] = []
    attempts: list[dict[str, Any]] = []
    announced: dict[Any, NotificationSent | NotificationFailed] = {}
    dead: list[str] = []
    for item, result in zip(claimed, results, strict=True):
        facts, attempt = item.facts, item.attempt
        attempts.append(
            {
                "message_id": facts.id,
                "attempt": attempt,
                "provider": result.provider,
                "outcome": "sent" if result.ok else "failed",
                "status_code": result.status_code,
                "error": result.error,
                "attempted_at": now,
            }
        )
        dead.extend(result.dead_tokens)
        retry = not result.ok and result.retryable and attempt < policy.max_attempts
        changes.append(
            {
                "id": facts.id,
                "attempts": attempt,
                "status": "sent" if result.ok else "queued" if retry else "failed",
                "provider": result.provider,
                "provider_message_id": result.provider_message_id if result.ok else None,
                "to_address": item.outgoing.to,
                "sent_at": now if result.ok else None,
                "next_attempt_at": now + policy.backoff(attempt) if retry else None,
                "lease_until": None,
                "failed_at": None if result.ok or retry else now,
                "last_error": None if result.ok else result.error,
            }
        )
        announced[facts.id] = (
            message_events.sent(
                facts,
                provider=result.provider,
                provider_message_id=result.provider_message_id,
                attempt=attempt,
                at=now,
            )
            if result.ok
            else message_events.failed(
                facts,
                provider=result.provider,
                attempt=attempt,
                error=result.error or "failed",
                will_retry=retry,
                at=now,
            )
        )
    if not changes:
        return
    updated = await update_rows(
        uow.session,
        MESSAGES,
        changes,
        key="id",
        match=["attempts"],
        # the address it went to, when it was resolved from the contacts at claim time
        set_sql={"to_address": "COALESCE(messages.to_address, t.to_address)"},
        where_sql=_STILL_OURS,
        returning=["id"],
    )
    recorded = {row.id for row in updated}
    await insert_rows(uow.session, ATTEMPTS, attempts)
    await uow.outbox.add_all(
        [(event, event.notification_id) for key, event in announced.items() if key in recorded]
    )
    await contacts.deactivate_tokens(uow, dead)


async def release(uow: UnitOfWork, unsent: Sequence[Claimed], *, now: datetime) -> None:
    """Messages claimed but not tried: back to the queue, due at once, the attempt uncounted."""
    if not unsent:
        return
    await update_rows(
        uow.session,
        MESSAGES,
        [
            {
                "id": item.facts.id,
                "attempts": item.attempt,
                "status": "queued",
                "next_attempt_at": now,
                "lease_until": None,
            }
            for item in unsent
        ],
        key="id",
        match=["attempts"],
        set_sql={"attempts": "messages.attempts - 1"},
        where_sql=_STILL_OURS,
    )
