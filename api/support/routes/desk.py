"""``/api/support/agents`` and ``/api/support/faqs``: the desk's people and its answers.

Admins manage agents' availability, queues and leads, and the FAQs; agents read their own
record and try texts against the FAQs; anyone reads the active FAQs (the help centre).
"""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Depends, Query, Response

from api.events.values import TicketCategory
from api.kit.access import owner
from api.kit.auth import OptionalPrincipal, Principal, Role, require_roles
from api.kit.deps import Uow, app_state
from api.kit.schemas import Page, Paging
from api.support.schemas import AgentRead, AgentUpdate, FaqCreate, FaqMatch, FaqRead, FaqUpdate
from api.support.service import agents, faqs
from api.support.settings import SupportSettings

router = APIRouter(tags=["support desk"])

Settings = Annotated[SupportSettings, Depends(app_state("settings"))]
Admin = Annotated[Principal, require_roles(Role.admin)]
Agent = Annotated[Principal, require_roles(Role.support_agent)]
Staff = Annotated[Principal, require_roles(Role.support_agent, Role.admin)]


@router.get("/api/support/agents")
@owner("every agent's queues and load (admins)")
async def list_agents(
    uow: Uow, paging: Paging, principal: Admin, category: TicketCategory | None = None
) -> Page[AgentRead]:
    """The desk's agents with their queues and active tickets (admins)."""
    return await agents.list_agents(uow, paging=paging, category=category)


@router.get("/api/support/agents/me")
@owner("the calling agent's own record")
async def my_agent_record(uow: Uow, principal: Agent) -> AgentRead:
    """The calling agent's queues, availability and load."""
    return await agents.get_agent(uow, principal.user_id)


@router.put("/api/support/agents/{user_id}")
@owner("any agent's availability, queues and lead status (admins)")
async def update_agent(
    user_id: UUID, body: AgentUpdate, uow: Uow, principal: Admin, settings: Settings
) -> AgentRead:
    """Set an agent's availability, queues (categories) and lead status (admins)."""
    agent = await agents.update_agent(
        uow, user_id, changes=body.model_dump(exclude_unset=True), at=settings.now()
    )
    await uow.commit()
    return agent


@router.get("/api/support/faqs")
@owner("the active FAQs, public help centre (admins also see inactive ones)")
async def list_faqs(
    uow: Uow,
    paging: Paging,
    principal: OptionalPrincipal,
    q: Annotated[str | None, Query(max_length=200, description="words, either language")] = None,
    category: TicketCategory | None = None,
) -> Page[FaqRead]:
    """The help centre: active FAQs, searched in Indonesian and English (admins see all)."""
    staff = principal is not None and principal.is_admin
    return await faqs.list_faqs(uow, paging=paging, q=q, include_inactive=staff, category=category)


@router.get("/api/support/faqs/match")
@owner("FAQs only, no ticket or customer data")
async def match_faqs(
    uow: Uow,
    principal: Staff,
    q: Annotated[str, Query(min_length=1, max_length=5000)],
) -> list[FaqMatch]:
    """How a customer's first message would be matched (best first; the first answers it when
    it covers enough of its question)."""
    return await faqs.rank(uow, q, limit=5)


@router.post("/api/support/faqs", status_code=201)
@owner("the help centre's FAQs (admins)")
async def create_faq(body: FaqCreate, uow: Uow, principal: Admin, settings: Settings) -> FaqRead:
    """Add an FAQ (admins)."""
    faq = await faqs.create_faq(uow, at=settings.now(), **body.model_dump())
    await uow.commit()
    await uow.session.refresh(faq)
    return FaqRead.model_validate(faq)


@router.patch("/api/support/faqs/{faq_id}")
@owner("the help centre's FAQs (admins)")
async def update_faq(
    faq_id: UUID, body: FaqUpdate, uow: Uow, principal: Admin, settings: Settings
) -> FaqRead:
    """Change an FAQ (admins)."""
    faq = await faqs.update_faq(
        uow, faq_id, at=settings.now(), changes=body.model_dump(exclude_unset=True)
    )
    await uow.commit()
    return FaqRead.model_validate(faq)


@router.delete("/api/support/faqs/{faq_id}", status_code=204)
@owner("the help centre's FAQs (admins)")
async def delete_faq(faq_id: UUID, uow: Uow, principal: Admin) -> Response:
    """Remove an FAQ (admins)."""
    await faqs.delete_faq(uow, faq_id)
    await uow.commit()
    return Response(status_code=204)
