"""The SLA clock through the API and the SLA job: the clock is moved, never slept on.

The due times by hand are proven exactly on the pure clock (tests/unit/support/test_sla.py);
here the service shows the same figures, stops the clock while it waits for the customer,
recomputes on a priority change, and the watch escalates a breach exactly once.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from uuid import uuid4

from api.kit.auth import Role
from api.support import jobs
from api.support.sla import WIB, SlaClock, deadlines, national_holidays
from tests.integration.support.harness import Desk
from tests.support.services import as_user

FRIDAY_NIGHT = datetime(2026, 3, 20, 21, 30, tzinfo=WIB)  # Eid al-Fitr on Saturday and Sunday


def wib(day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, 3, day, hour, minute, tzinfo=WIB)


def at(value: str | None) -> datetime:
    assert value is not None
    return datetime.fromisoformat(value)


# The service's clock is set to the moment plus the time the test takes to run: milliseconds
# usually, seconds on a loaded machine. The exact figures are the pure clock's (unit tests).
SLACK = timedelta(seconds=30)


def close_to(value: str | None, expected: datetime) -> bool:
    return abs(at(value) - expected) < SLACK


async def test_a_friday_night_ticket_before_eid_shows_the_due_times_worked_out_by_hand(
    support: Desk,
) -> None:
    support.at(FRIDAY_NIGHT)
    ticket = await support.open(uuid4())
    assert ticket["priority"] == "medium" and ticket["status"] == "open"
    assert close_to(ticket["sla"]["first_response_due"], wib(23, 15, 30))
    assert close_to(ticket["sla"]["resolution_due"], wib(26, 13, 30))
    (created,) = support.events("ticket.created")
    assert close_to(created["first_response_due_at"], wib(23, 15, 30))
    assert close_to(created["resolution_due_at"], wib(26, 13, 30))


async def test_waiting_for_the_customer_pauses_the_clock_and_their_reply_resumes_it(
    support: Desk,
) -> None:
    agent = await support.agent(["shipping"])
    customer = uuid4()
    support.at(FRIDAY_NIGHT)
    ticket = await support.open(customer)
    staff = as_user(Role.support_agent, agent)
    support.at(wib(23, 10))  # 2.5 business hours used
    r = await support.client.post(
        f"/api/support/tickets/{ticket['id']}/status",
        headers=staff,
        json={"status": "waiting_customer"},
    )
    assert r.status_code == 200, r.text
    waiting = r.json()
    assert waiting["sla"]["paused"] is True
    assert waiting["sla"]["first_response_due"] is None and waiting["sla"]["resolution_due"] is None

    support.at(wib(24, 9))  # the customer answers on Tuesday morning: the clock runs again
    r = await support.client.post(
        f"/api/support/tickets/{ticket['id']}/messages",
        headers=as_user(Role.customer, customer),
        json={"body": "Nomor resinya JNE1234567890."},
    )
    assert r.status_code == 201, r.text
    resumed = (
        await support.client.get(f"/api/support/tickets/{ticket['id']}", headers=staff)
    ).json()
    assert resumed["status"] == "in_progress" and resumed["sla"]["paused"] is False
    assert close_to(resumed["sla"]["first_response_due"], wib(24, 14, 30))  # 5.5 h left
    assert close_to(resumed["sla"]["resolution_due"], wib(27, 12, 30))  # 45.5 h left
    statuses = [(e["old_status"], e["new_status"]) for e in support.events("ticket.status_changed")]
    assert statuses == [("open", "waiting_customer"), ("waiting_customer", "in_progress")]


async def test_a_priority_change_midway_recomputes_the_due_times_from_the_opening(
    support: Desk,
) -> None:
    agent = await support.agent(["shipping"])
    support.at(FRIDAY_NIGHT)
    ticket = await support.open(uuid4())
    support.at(wib(23, 9))
    r = await support.client.post(
        f"/api/support/tickets/{ticket['id']}/priority",
        headers=as_user(Role.support_agent, agent),
        json={"priority": "high"},
    )
    assert r.status_code == 200, r.text
    high = r.json()
    expected = deadlines(SlaClock(at(ticket["created_at"])), "high", national_holidays())
    assert at(high["sla"]["first_response_due"]) == expected.first_response_due
    assert at(high["sla"]["resolution_due"]) == expected.resolution_due
    assert close_to(high["sla"]["first_response_due"], wib(23, 11, 30))
    (changed,) = support.events("ticket.priority_changed")
    assert (changed["old_priority"], changed["priority"], changed["reason"]) == (
        "medium",
        "high",
        "agent",
    )


async def test_a_breach_is_warned_at_80_percent_then_escalates_once(support: Desk) -> None:
    agent = await support.agent(["payment"])
    lead = await support.agent(["payment"], lead=True)
    await support.agent(["payment"], lead=True, available=False)  # away: never escalated to
    support.at(wib(23, 8))  # Monday 08:00: a payment problem, medium → 8 h to first response
    ticket = await support.open(uuid4(), category="payment")
    ticket_id = ticket["id"]
    r = await support.client.post(
        f"/api/support/tickets/{ticket_id}/assign",
        headers=as_user(Role.support_agent, lead),
        json={"agent_id": str(agent)},
    )
    assert r.status_code == 200, r.text

    async def watch(moment: datetime) -> None:
        support.at(moment)
        await jobs.sla_watch(support.uows, support.settings)

    await watch(wib(23, 14, 23))  # 6 h 23 min: not yet 80 % (6 h 24 min)
    assert support.events("ticket.sla_warning") == []
    await watch(wib(23, 14, 25))
    (warning,) = support.events("ticket.sla_warning")
    assert warning["target"] == "first_response" and warning["agent_id"] == str(agent)

    await watch(wib(23, 16, 1))  # past 16:00: breached
    (breach,) = [e for e in support.events("ticket.sla_breached") if e["ticket_id"] == ticket_id]
    assert breach["target"] == "first_response" and breach["escalated"] is True
    assert (breach["previous_priority"], breach["priority"]) == ("medium", "high")
    assert breach["previous_agent_id"] == str(agent)
    assert breach["agent_id"] == str(lead)
    escalated = (
        await support.client.get(f"/api/support/tickets/{ticket_id}", headers=support.admin)
    ).json()
    assert escalated["priority"] == "high" and escalated["assigned_agent_id"] == breach["agent_id"]
    assert escalated["sla"]["first_response_breached"] and escalated["sla"]["escalated"]
    # the resolution target was recomputed for high: 24 h from Monday 08:00 → Tuesday 18:00
    assert close_to(escalated["sla"]["resolution_due"], wib(24, 18))

    await watch(wib(23, 16, 30))  # nothing new: each breach is announced once
    assert len(support.events("ticket.sla_breached")) == 1

    await watch(wib(24, 18, 1))  # the resolution target passes too: flagged, not escalated again
    breaches = [e for e in support.events("ticket.sla_breached") if e["ticket_id"] == ticket_id]
    assert [(b["target"], b["escalated"]) for b in breaches] == [
        ("first_response", True),
        ("resolution", False),
    ]
    again = (
        await support.client.get(f"/api/support/tickets/{ticket_id}", headers=support.admin)
    ).json()
    assert again["priority"] == "high" and again["assigned_agent_id"] == breach["agent_id"]
    assert len(support.events("ticket.priority_changed")) == 1


async def test_a_late_first_reply_is_flagged_when_it_comes(support: Desk) -> None:
    agent = await support.agent(["order"])
    support.at(wib(23, 8))
    ticket = await support.open(uuid4(), category="order")
    support.at(wib(23, 17))  # the job has not run; the reply is an hour late
    r = await support.client.post(
        f"/api/support/tickets/{ticket['id']}/messages",
        headers=as_user(Role.support_agent, agent),
        json={"body": "Mohon maaf menunggu, kami cek sekarang."},
    )
    assert r.status_code == 201
    (reply,) = support.events("ticket.message_added")
    assert reply["is_first_response"] is True
    took = timedelta(seconds=reply["first_response_business_seconds"])
    assert abs(took - timedelta(hours=9)) < SLACK
    assert reply["first_response_breached"] is True
    view = (
        await support.client.get(
            f"/api/support/tickets/{ticket['id']}", headers=as_user(Role.support_agent, agent)
        )
    ).json()
    assert view["status"] == "in_progress"
    assert (
        view["sla"]["first_response_breached"] is True and view["sla"]["first_response_due"] is None
    )


async def test_resolved_tickets_close_after_seven_days_and_a_reply_before_reopens(
    support: Desk,
) -> None:
    agent = await support.agent(["account"])
    customer = uuid4()
    support.at(datetime(2026, 6, 3, 10, tzinfo=WIB))
    staff = as_user(Role.support_agent, agent)
    ids = [(await support.open(customer, category="account"))["id"] for _ in range(2)]
    for ticket_id in ids:
        r = await support.client.post(
            f"/api/support/tickets/{ticket_id}/status",
            headers=staff,
            json={"status": "resolved", "resolution": "Kata sandi sudah direset."},
        )
        assert r.status_code == 200, r.text
    resolved = support.events("ticket.resolved")
    assert [e["resolution_business_seconds"] for e in resolved] == [0, 0]
    support.at(datetime(2026, 6, 5, 10, tzinfo=WIB))
    r = await support.client.post(
        f"/api/support/tickets/{ids[0]}/messages",
        headers=as_user(Role.customer, customer),
        json={"body": "Masih belum bisa masuk."},
    )
    assert r.status_code == 201
    support.at(datetime(2026, 6, 10, 10, 1, tzinfo=WIB))
    await jobs.auto_close(support.uows, support.settings)
    customer_view = as_user(Role.customer, customer)
    reopened = (
        await support.client.get(f"/api/support/tickets/{ids[0]}", headers=customer_view)
    ).json()
    closed = (
        await support.client.get(f"/api/support/tickets/{ids[1]}", headers=customer_view)
    ).json()
    assert reopened["status"] == "in_progress" and closed["status"] == "closed"
    r = await support.client.post(
        f"/api/support/tickets/{ids[1]}/messages", headers=customer_view, json={"body": "Halo?"}
    )
    assert r.status_code == 409 and r.headers["content-type"] == "application/problem+json"
