"""The outbound delivery queue: claim due messages, hand them to providers, record what happened.

One round, so no database transaction stays open while a provider is called:

1. **claim** (one statement, committed): up to ``batch_size`` due messages — ``queued`` ones
   whose time has come, and ``sending`` ones whose lease ran out (their sender died) — locked
   with ``SKIP LOCKED`` (several workers share the queue), counted as one more attempt and
   leased; their addresses are read with one query per kind of recipient;
2. **send** (no transaction), chunk by chunk of ``record_every`` messages: each chunk grouped
   by the provider of its attempt (the second provider after ``failover_after`` failures) and
   handed to it as a batch over its pooled connections (:meth:`Provider.send_many`);
3. **record** (:mod:`service.outcomes`, one transaction per chunk): ``sent`` with
   ``notification.sent``; or a failure with ``notification.failed`` — retried after
   ``base · 2^(attempt-1)`` while tries remain and the failure is worth retrying, otherwise
   ``failed`` for good. A chunk is recorded while the next one is being sent.

**At-least-once window.** A message a provider accepted is sent again only if the worker dies
before the record of its chunk commits; then it is re-sent once, when its lease ends. At any
moment the messages in that state are at most the chunk being recorded and the chunk being sent
— ``2 · record_every`` messages (200 by default) — however large the claimed batch. A chunk is
never started once the batch's lease is half gone: what is left is handed back to the queue
unsent, so a slow round cannot outlive its lease and be claimed by a second worker meanwhile.
Nothing here runs in the Kafka consumer, so a failing provider never holds events back.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, cast
from uuid import UUID

from sqlalchemy import Table, select, update

from api.kit.uow import UnitOfWork, UnitOfWorkFactory
from api.notification.models import Message
from api.notification.providers.base import Outgoing, Provider, SendResult
from api.notification.providers.registry import Providers
from api.notification.service import contacts, outcomes, receipts
from api.notification.service import events as message_events
from api.notification.service.resolve import Directory, resolve

MESSAGES = cast(Table, Message.__table__)


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
    lease_until: datetime
    # why it cannot be sent at all (a known supplier without a WhatsApp number): not retried
    unreachable: str | None = None


async def claim(
    uow: UnitOfWork, *, now: datetime, batch_size: int, policy: RetryPolicy
) -> list[Claimed]:
    """Lock and lease up to ``batch_size`` due messages (one statement); resolve addresses."""
    lease_end = now + timedelta(seconds=policy.lease_seconds)
    due = (
        select(Message.id)
        .where(Message.status.in_(("queued", "sending")), Message.next_attempt_at <= now)
        .order_by(Message.next_attempt_at)
        .limit(batch_size)
        .with_for_update(skip_locked=True)
        .cte("due")
    )
    leased = (
        update(MESSAGES)
        .where(MESSAGES.c.id == due.c.id)
        .values(
            status="sending",
            attempts=MESSAGES.c.attempts + 1,
            # a leased message is due again when its lease ends (its sender died)
            next_attempt_at=lease_end,
            lease_until=lease_end,
        )
        .returning(*MESSAGES.c)
    )
    # plain dicts: the batch reads every column of every row once, and Row attributes cost more
    rows = [dict(row) for row in (await uow.session.execute(leased)).mappings()]
    if not rows:
        return []
    addresses = await _addresses(uow, rows)
    claimed: list[Claimed] = []
    for row in rows:
        to, tokens, unreachable = addresses.get(row["id"], (row["to_address"], (), None))
        claimed.append(
            Claimed(
                facts=message_events.MessageFacts.of(row),
                attempt=row["attempts"],
                outgoing=_outgoing(row, to, tokens),
                lease_until=lease_end,
                unreachable=unreachable,
            )
        )
    return claimed


_NO_SUPPLIER_ADDRESS = {
    "whatsapp": "supplier has no WhatsApp number",
    "email": "supplier has no email",
}


async def _addresses(
    uow: UnitOfWork, rows: Sequence[dict[str, Any]]
) -> dict[UUID, tuple[str | None, tuple[str, ...], str | None]]:
    """Each message's address as known now (contacts may have arrived after it was created):
    one query for the users, one for their push tokens, one for the suppliers. The third
    value says why a known supplier cannot be reached on the message's channel."""
    unaddressed = [r for r in rows if not r["to_address"]]
    push_users = {r["user_id"] for r in unaddressed if r["channel"] == "push" and r["user_id"]}
    user_ids = {r["user_id"] for r in unaddressed if r["channel"] != "push" and r["user_id"]}
    supplier_ids = {r["supplier_id"] for r in unaddressed if r["supplier_id"]}
    tokens = await contacts.active_tokens(uow, push_users)
    people = await contacts.recipients(uow, user_ids)
    suppliers = await contacts.suppliers(uow, supplier_ids)
    found: dict[UUID, tuple[str | None, tuple[str, ...], str | None]] = {}
    for row in unaddressed:
        if row["channel"] == "push" and row["user_id"]:
            found[row["id"]] = (None, tuple(tokens.get(row["user_id"], ())), None)
        elif row["user_id"] in people:
            person = people[row["user_id"]]
            to = person.email if row["channel"] == "email" else person.phone
            found[row["id"]] = (to, (), None)
        elif row["supplier_id"] in suppliers:
            vendor = suppliers[row["supplier_id"]]
            to = vendor.email if row["channel"] == "email" else vendor.whatsapp
            reason = None if to else _NO_SUPPLIER_ADDRESS.get(row["channel"], "no address")
            found[row["id"]] = (to, (), reason)
    return found


def _outgoing(row: dict[str, Any], to: str | None, tokens: tuple[str, ...]) -> Outgoing:
    return Outgoing(
        message_id=row["id"],
        kind=row["kind"],
        channel=row["channel"],
        locale=row["locale"],
        body=row["body"],
        to=to,
        tokens=tokens,
        subject=row["subject"],
        html_body=row["html_body"],
        whatsapp_template=row["whatsapp_template"],
        whatsapp_parameters=tuple(row["whatsapp_parameters"] or ()),
    )


async def send_all(
    claimed: Sequence[Claimed], providers: Providers, *, policy: RetryPolicy
) -> list[SendResult]:
    """Hand each claimed message to the provider of its attempt: one batch per provider."""
    results: list[SendResult | None] = [None] * len(claimed)
    batches: dict[int, tuple[Provider, list[int]]] = {}
    for index, item in enumerate(claimed):
        message = item.outgoing
        provider = providers.for_attempt(
            message.channel, item.attempt, failover_after=policy.failover_after
        )
        if provider is None:
            results[index] = SendResult(
                "none", ok=False, error="no provider for channel", retryable=False
            )
        elif item.unreachable is not None:
            # recorded as not sent, with the reason, once: waiting would not make it reachable
            results[index] = SendResult(
                provider.name, ok=False, error=item.unreachable, retryable=False
            )
        elif message.channel == "push" and not message.tokens:
            results[index] = SendResult(
                provider.name, ok=False, error="no active device", retryable=False
            )
        elif message.channel != "push" and not message.to:
            # the user.* event with the address may still be on its way: worth waiting for
            results[index] = SendResult(provider.name, ok=False, error="no address known yet")
        else:
            batches.setdefault(id(provider), (provider, []))[1].append(index)

    async def one_provider(provider: Provider, indexes: list[int]) -> None:
        answers = await provider.send_many([claimed[i].outgoing for i in indexes])
        for index, answer in zip(indexes, answers, strict=True):
            results[index] = answer

    await asyncio.gather(*(one_provider(p, ix) for p, ix in batches.values()))
    return [r for r in results if r is not None]


async def deliver_due(
    uow_factory: UnitOfWorkFactory,
    providers: Providers,
    *,
    clock: Callable[[], datetime],
    policy: RetryPolicy,
    batch_size: int = 500,
    record_every: int = 100,
    directory: Directory | None = None,
) -> int:
    """One claim → send → record round; returns how many messages were tried (or handed
    back because ``directory`` could not say where their recipient is)."""
    started = clock()
    async with uow_factory() as uow:
        claimed = await claim(uow, now=started, batch_size=batch_size, policy=policy)
        await uow.commit()
    if not claimed:
        return 0
    claimed_count = len(claimed)
    if directory is not None:  # recipients not learnt yet: asked of auth (service.resolve)
        claimed = await resolve(uow_factory, claimed, directory, now=started, policy=policy)
        if not claimed:
            return claimed_count
    # a chunk starts only while more than half of the lease is left (see the module docstring)
    last_start = started + timedelta(seconds=policy.lease_seconds / 2)
    recording: asyncio.Task[None] | None = None
    tried = 0
    try:
        for start in range(0, len(claimed), max(record_every, 1)):
            if clock() > last_start:
                await _release(uow_factory, claimed[start:], now=clock())
                break
            chunk = claimed[start : start + record_every]
            results = await send_all(chunk, providers, policy=policy)
            if recording is not None:
                previous, recording = recording, None
                await previous  # the chunk before has committed: at most two unrecorded
            recording = asyncio.create_task(
                _record(uow_factory, chunk, results, clock=clock, policy=policy)
            )
            tried += len(chunk)
    finally:
        if recording is not None:
            await recording
    async with uow_factory() as uow:
        await receipts.apply_stray(uow, now=clock())
        await uow.commit()
    return tried + claimed_count - len(claimed)


async def _record(
    uow_factory: UnitOfWorkFactory,
    chunk: Sequence[Claimed],
    results: Sequence[SendResult],
    *,
    clock: Callable[[], datetime],
    policy: RetryPolicy,
) -> None:
    async with uow_factory() as uow:
        await outcomes.record(uow, chunk, results, now=clock(), policy=policy)
        await uow.commit()


async def _release(
    uow_factory: UnitOfWorkFactory, unsent: Sequence[Claimed], *, now: datetime
) -> None:
    """Hand back messages this round will not send: due now, the attempt not counted."""
    async with uow_factory() as uow:
        await outcomes.release(uow, unsent, now=now)
        await uow.commit()
