"""Templates for admins: the kinds and their placeholders, reading and editing templates."""

from __future__ import annotations

from typing import Annotated
from uuid import UUID

from fastapi import APIRouter, Query

from api.events.values import Channel
from api.kit.access import owner
from api.kit.deps import Uow
from api.kit.errors import Unprocessable
from api.notification.kinds import KINDS, Locale
from api.notification.routes.deps import Admin, Settings
from api.notification.schemas import KindCode, KindRead, TemplateRead, TemplateWrite
from api.notification.service import templates

router = APIRouter(tags=["templates"])


@router.get("/api/notifications/kinds")
@owner("none: the kinds of message and their placeholders (admins only)")
async def list_kinds(admin: Admin) -> list[KindRead]:
    """Every kind of message, its channels and the placeholders its templates may use."""
    return [
        KindRead(
            code=k.code,
            category=k.category,
            channels=list(k.channels),
            placeholders=list(k.params),
            secret_placeholders=list(k.secret_params),
            whatsapp_template=k.whatsapp_template if "whatsapp" in k.channels else None,
        )
        for k in KINDS.values()
    ]


@router.get("/api/notifications/templates")
@owner("every template (admins only)")
async def list_templates(
    uow: Uow,
    admin: Admin,
    kind: Annotated[str | None, Query(max_length=64)] = None,
    channel: Channel | None = None,
    locale: Locale | None = None,
) -> list[TemplateRead]:
    """Templates, filtered by kind, channel and locale (admins)."""
    rows = await templates.listing(uow, kind=kind, channel=channel, locale=locale)
    return [TemplateRead.model_validate(t) for t in rows]


@router.get("/api/notifications/templates/{template_id}")
@owner("any template (admins only)")
async def read_template(template_id: UUID, uow: Uow, admin: Admin) -> TemplateRead:
    """One template (admins)."""
    return TemplateRead.model_validate(await templates.get(uow, template_id))


@router.put("/api/notifications/templates/{kind}/{channel}/{locale}")
@owner("any template (admins only)")
async def save_template(
    kind: KindCode,
    channel: Channel,
    locale: Locale,
    body: TemplateWrite,
    uow: Uow,
    admin: Admin,
    settings: Settings,
) -> TemplateRead:
    """Create or replace a template; an unknown placeholder is a 422 naming it (admins)."""
    spec = KINDS[kind]
    if channel not in spec.channels:
        raise Unprocessable(f"{kind} is sent by {', '.join(spec.channels)}", field="channel")
    template = await templates.save(
        uow,
        kind=spec,
        channel=channel,
        locale=locale,
        values=body.model_dump(),
        updated_by=admin.user_id,
        now=settings.now(),
    )
    await uow.commit()
    return TemplateRead.model_validate(template)
