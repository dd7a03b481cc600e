"""The outbound delivery queue: claim due messages, hand them to providers, record what happened.

Three short steps, so no database transaction stays open while a provider is called:

1. **claim** (one transaction): due messages — ``queued`` ones whose time has come, and
   ``sending`` ones whose lease ran out (their sender died) — are locked with ``SKIP LOCKED``
   (several workers share the queue), counted as one more attempt and leased;
2. **send** (no transaction): each to the provider of its attempt (the second provider after
   ``failover_after`` failures), side by side up to ``concurrency``;
3. **record** (one transaction): ``sent`` with ``notification.sent``; or a failure with
   ``notification.failed`` — retried after ``base · 2^(attempt-1)`` while tries remain and the
   failure is worth retrying, otherwise ``failed`` for good.

A crash between 2 and 3 sends that batch again when the lease ends: at least once, never lost.
Nothing here runs in the Kafka consumer, so a failing provider never holds events back.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any
from uuid import UUID

from sqlalchemy import insert, select, update

from api.events.notification import NotificationFailed, NotificationSent
from api.kit.uow import UnitOfWork, UnitOfWorkFactory
from api.notification.models import DeliveryAttempt, Message, Recipient, Supplier
from api.notification.providers.base import Outgoing, SendResult
from api.notification.providers.registry import Providers
from api.notification.service import contacts, receipts
from api.notification.service import events as message_events


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    max_attempts: int = 5
    failover_after: int = 2
    base_seconds: float = 30.0
    max_seconds: float = 1800.0
    lease_seconds: float = 120.0

    def backoff(self, attempt: int) -> timedelta:
        """How long to wait after the ``attempt``-th failure."""
        return timedelta(seconds=min(self.base_seconds * 2 ** (attempt - 1), self.max_seconds))


@dataclass(frozen=True, slots=True)
class Claimed:
    """A message taken off the queue for one attempt."""

    facts: message_events.MessageFacts
    attempt: int
    outgoing: Outgoing


async def claim(
    uow: UnitOfWork, *, now: datetime, batch_size: int, policy: RetryPolicy
) -> list[Claimed]:
    """Lock and lease up to ``batch_size`` due messages; resolve their addresses."""
    rows = list(
        (
            await uow.session.scalars(
                select(Message)
                .where(
                    Message.status.in_(("queued", "sending")),
                    Message.next_attempt_at <= now,
                )
                .order_by(Message.next_attempt_at)
                .limit(batch_size)
                .with_for_update(skip_locked=True)
            )
        ).all()
    )
    if not rows:
        return []
    lease_end = now + timedelta(seconds=policy.lease_seconds)
    addresses = await _addresses(uow, rows)
    claimed: list[Claimed] = []
    for row in rows:
        row.status = "sending"
        row.attempts += 1
        # a leased message is due again when its lease ends (its sender died)
        row.next_attempt_at = lease_end
        row.lease_until = lease_end
        to, tokens = addresses.get(row.id, (row.to_address, ()))
        if to and not row.to_address:
            row.to_address = to
        claimed.append(Claimed(_facts(row), row.attempts, _outgoing(row, to, tokens)))
    return claimed


async def _addresses(
    uow: UnitOfWork, rows: list[Message]
) -> dict[UUID, tuple[str | None, tuple[str, ...]]]:
    """Each message's address as known now (contacts may have arrived after it was created)."""
    user_ids = {r.user_id for r in rows if r.user_id and not r.to_address}
    supplier_ids = {r.supplier_id for r in rows if r.supplier_id and not r.to_address}
    people = (
        {
            p.user_id: p
            for p in (
                await uow.session.scalars(select(Recipient).where(Recipient.user_id.in_(user_ids)))
            ).all()
        }
        if user_ids
        else {}
    )
    suppliers = (
        {
            s.supplier_id: s
            for s in (
                await uow.session.scalars(
                    select(Supplier).where(Supplier.supplier_id.in_(supplier_ids))
                )
            ).all()
        }
        if supplier_ids
        else {}
    )
    found: dict[UUID, tuple[str | None, tuple[str, ...]]] = {}
    for row in rows:
        if row.to_address:
            continue
        if row.channel == "push" and row.user_id:
            found[row.id] = (None, tuple(await contacts.active_tokens(uow, row.user_id)))
        elif row.user_id in people:
            person = people[row.user_id]
            found[row.id] = (person.email if row.channel == "email" else person.phone, ())
        elif row.supplier_id in suppliers:
            vendor = suppliers[row.supplier_id]
            found[row.id] = (vendor.email if row.channel == "email" else vendor.whatsapp, ())
    return found


def _facts(row: Message) -> message_events.MessageFacts:
    return message_events.MessageFacts(
        id=row.id,
        user_id=row.user_id,
        channel=row.channel,  # type: ignore[arg-type]
        kind=row.kind,
        source_event_id=row.source_event_id,
        source_event_type=row.source_event_type,
        source_occurred_at=row.source_occurred_at,
    )


def _outgoing(row: Message, to: str | None, tokens: tuple[str, ...]) -> Outgoing:
    return Outgoing(
        message_id=row.id,
        kind=row.kind,
        channel=row.channel,  # type: ignore[arg-type]
        locale=row.locale,
        body=row.body,
        to=to,
        tokens=tokens,
        subject=row.subject,
        html_body=row.html_body,
        whatsapp_template=row.whatsapp_template,
        whatsapp_parameters=tuple(row.whatsapp_parameters or ()),
    )


async def send_all(
    claimed: list[Claimed], providers: Providers, *, policy: RetryPolicy, concurrency: int
) -> list[SendResult]:
    """Hand each claimed message to the provider of its attempt, side by side."""
    slots = asyncio.Semaphore(concurrency)

    async def one(item: Claimed) -> SendResult:
        message = item.outgoing
        provider = providers.for_attempt(
            message.channel, item.attempt, failover_after=policy.failover_after
        )
        if provider is None:
            return SendResult("none", ok=False, error="no provider for channel", retryable=False)
        if message.channel == "push" and not message.tokens:
            return SendResult(provider.name, ok=False, error="no active device", retryable=False)
        if message.channel != "push" and not message.to:
            # the user.* event with the address may still be on its way: worth waiting for
            return SendResult(provider.name, ok=False, error="no address known yet")
        async with slots:
            return await provider.send(message)

    return list(await asyncio.gather(*(one(item) for item in claimed)))


async def record(
    uow: UnitOfWork,
    claimed: list[Claimed],
    results: list[SendResult],
    *,
    now: datetime,
    policy: RetryPolicy,
) -> None:
    """Write every outcome, its attempt row and its event in one transaction."""
    updates: list[dict[str, Any]] = []
    attempts: list[dict[str, Any]] = []
    announced: list[NotificationSent | NotificationFailed] = []
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
        if result.ok:
            updates.append(
                {
                    "id": facts.id,
                    "status": "sent",
                    "provider": result.provider,
                    "provider_message_id": result.provider_message_id,
                    "sent_at": now,
                    "next_attempt_at": None,
                    "lease_until": None,
                    "last_error": None,
                }
            )
            announced.append(
                message_events.sent(
                    facts,
                    provider=result.provider,
                    provider_message_id=result.provider_message_id,
                    attempt=attempt,
                    at=now,
                )
            )
            continue
        retry = result.retryable and attempt < policy.max_attempts
        updates.append(
            {
                "id": facts.id,
                "status": "queued" if retry else "failed",
                "provider": result.provider,
                "next_attempt_at": now + policy.backoff(attempt) if retry else None,
                "lease_until": None,
                "failed_at": None if retry else now,
                "last_error": result.error,
            }
        )
        announced.append(
            message_events.failed(
                facts,
                provider=result.provider,
                attempt=attempt,
                error=result.error or "failed",
                will_retry=retry,
                at=now,
            )
        )
    if not updates:
        return
    await _bulk_update(uow, updates)
    await uow.session.execute(insert(DeliveryAttempt), attempts)
    await uow.outbox.add_all([(event, event.notification_id) for event in announced])
    await contacts.deactivate_tokens(uow, dead)


async def _bulk_update(uow: UnitOfWork, updates: list[dict[str, Any]]) -> None:
    """One executemany per shape of update (sent rows and failed rows set different columns)."""
    shapes: dict[tuple[str, ...], list[dict[str, Any]]] = {}
    for values in updates:
        shapes.setdefault(tuple(sorted(values)), []).append(values)
    for batch in shapes.values():
        await uow.session.execute(update(Message), batch)


async def deliver_due(
    uow_factory: UnitOfWorkFactory,
    providers: Providers,
    *,
    clock: Callable[[], datetime],
    policy: RetryPolicy,
    batch_size: int = 200,
    concurrency: int = 32,
) -> int:
    """One claim → send → record round; returns how many messages were tried."""
    async with uow_factory() as uow:
        claimed = await claim(uow, now=clock(), batch_size=batch_size, policy=policy)
        await uow.commit()
    if not claimed:
        return 0
    results = await send_all(claimed, providers, policy=policy, concurrency=concurrency)
    async with uow_factory() as uow:
        await record(uow, claimed, results, now=clock(), policy=policy)
        await uow.commit()
    async with uow_factory() as uow:
        await receipts.apply_stray(uow, now=clock())
        await uow.commit()
    return len(claimed)
