"""Templates: seeding the defaults, admins' edits (checked when saved), and rendering messages.

A template is checked on save against its kind's placeholders, so a typo such as ``{{ nmae }}``
is a 422 naming it rather than a failure at 3 a.m. when the first message renders. Rendering
uses the stored template, or the seeded default when a row is missing (a worker that starts
before any app has seeded still sends the right text).
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from datetime import datetime
from typing import Any
from uuid import UUID

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert

from api.events.values import Channel
from api.kit.uow import UnitOfWork
from api.notification.errors import InvalidTemplate, TemplateNotFound
from api.notification.kinds import KINDS, SECRET_MASK, Kind
from api.notification.models import Template
from api.notification.templates.defaults import DefaultTemplate, default_templates
from api.notification.templates.rendering import Rendered, TemplateProblem, check, render

_DEFAULTS: dict[tuple[str, str, str], DefaultTemplate] = {
    (t.kind, t.channel, t.locale): t for t in default_templates()
}


# placeholder values for the trial render: numbers for amounts and counts, text otherwise
_SAMPLE_PARAMS: dict[str, Any] = {
    name: 150_000 if name in {"amount", "payout", "net", "total_cost", "order_count"} else "contoh"
    for kind in KINDS.values()
    for name in kind.placeholders
}


async def seed_defaults(uow: UnitOfWork) -> int:
    """Insert every default template that is missing, and bring the ones nobody edited up to
    date with the defaults (an admin's edit, ``updated_by`` set, is left alone)."""
    rows = [
        {
            "kind": t.kind,
            "channel": t.channel,
            "locale": t.locale,
            "subject": t.subject,
            "body": t.body,
            "html_body": t.html_body,
            "whatsapp_template": t.whatsapp_template,
            "whatsapp_parameters": t.whatsapp_parameters,
        }
        for t in _DEFAULTS.values()
    ]
    statement = insert(Template).values(rows)
    refreshed = ("subject", "body", "html_body", "whatsapp_template", "whatsapp_parameters")
    result = await uow.session.execute(
        statement.on_conflict_do_update(
            constraint="uq_templates_variant",
            set_={name: statement.excluded[name] for name in refreshed},
            where=Template.updated_by.is_(None),
        ).returning(Template.id)
    )
    return len(result.all())


def validate(
    kind: Kind,
    *,
    subject: str | None,
    body: str,
    html_body: str | None,
    whatsapp_parameters: list[str],
) -> None:
    """422 naming the field and the placeholder unless every part compiles and uses only the
    kind's placeholders."""
    allowed = kind.placeholders
    parts: list[tuple[str, str | None, bool]] = [
        ("subject", subject, False),
        ("body", body, False),
        ("html_body", html_body, True),
        *((f"whatsapp_parameters.{i}", p, False) for i, p in enumerate(whatsapp_parameters)),
    ]
    for field, source, html in parts:
        if source is None:
            continue
        try:
            check(source, allowed, html=html)
            # a trial render: what compiles may still fail (the sandbox refusing an attribute)
            render(source, _SAMPLE_PARAMS, html=html)
        except TemplateProblem as exc:
            raise InvalidTemplate(str(exc), field=field, placeholder=exc.placeholder) from exc


async def save(
    uow: UnitOfWork,
    *,
    kind: Kind,
    channel: Channel,
    locale: str,
    values: dict[str, Any],
    updated_by: UUID,
    now: datetime,
) -> Template:
    """Create or replace one template after checking it; its version goes up by one."""
    validate(
        kind,
        subject=values.get("subject"),
        body=values["body"],
        html_body=values.get("html_body"),
        whatsapp_parameters=values.get("whatsapp_parameters") or [],
    )
    template = await find(uow, kind=kind.code, channel=channel, locale=locale, for_update=True)
    if template is None:
        template = Template(kind=kind.code, channel=channel, locale=locale, version=0)
        uow.session.add(template)
    template.subject = values.get("subject")
    template.body = values["body"]
    template.html_body = values.get("html_body")
    template.whatsapp_template = values.get("whatsapp_template") or (
        kind.whatsapp_template if channel == "whatsapp" else None
    )
    template.whatsapp_parameters = values.get("whatsapp_parameters") or []
    template.version = (template.version or 0) + 1
    template.updated_by = updated_by
    template.updated_at = now
    await uow.session.flush()
    return template


async def find(
    uow: UnitOfWork, *, kind: str, channel: str, locale: str, for_update: bool = False
) -> Template | None:
    query = select(Template).where(
        Template.kind == kind, Template.channel == channel, Template.locale == locale
    )
    if for_update:
        query = query.with_for_update()
    return (await uow.session.scalars(query)).first()


async def get(uow: UnitOfWork, template_id: UUID) -> Template:
    template = await uow.session.get(Template, template_id)
    if template is None:
        raise TemplateNotFound("No such template")
    return template


async def listing(
    uow: UnitOfWork, *, kind: str | None, channel: str | None, locale: str | None
) -> list[Template]:
    query = select(Template).order_by(Template.kind, Template.channel, Template.locale)
    if kind:
        query = query.where(Template.kind == kind)
    if channel:
        query = query.where(Template.channel == channel)
    if locale:
        query = query.where(Template.locale == locale)
    return list((await uow.session.scalars(query)).all())


TemplateSource = tuple[str | None, str, str | None, str | None, list[str]]
"""(subject, body, html_body, WhatsApp template name, WhatsApp parameters) of one template."""


async def sources_many(
    uow: UnitOfWork, variants: Collection[tuple[str, str]]
) -> dict[tuple[str, str], dict[str, TemplateSource]]:
    """(kind, locale) → channel → the template's sources, for every variant asked (one query);
    the seeded default stands in for a row that is missing."""
    found: dict[tuple[str, str], dict[str, TemplateSource]] = {v: {} for v in variants}
    if not found:
        return found
    rows = await uow.session.scalars(
        select(Template).where(Template.kind.in_({kind for kind, _ in found}))
    )
    for t in rows:
        if (t.kind, t.locale) in found:
            found[(t.kind, t.locale)][t.channel] = (
                t.subject,
                t.body,
                t.html_body,
                t.whatsapp_template,
                t.whatsapp_parameters,
            )
    for (kind, channel, locale), d in _DEFAULTS.items():
        variant = found.get((kind, locale))
        if variant is not None and channel not in variant:
            variant[channel] = (
                d.subject,
                d.body,
                d.html_body,
                d.whatsapp_template,
                d.whatsapp_parameters,
            )
    return found


async def sources_for(uow: UnitOfWork, *, kind: str, locale: str) -> dict[str, TemplateSource]:
    """channel → sources for one kind in one locale."""
    return (await sources_many(uow, [(kind, locale)]))[(kind, locale)]


def render_parts(source: TemplateSource, params: Mapping[str, Any]) -> Rendered:
    """One channel's template rendered with ``params``."""
    subject, body, html_body, _, parameters = source
    return Rendered(
        subject=render(subject, params) if subject else None,
        body=render(body, params),
        html_body=render(html_body, params, html=True) if html_body else None,
        whatsapp_parameters=[render(p, params) for p in parameters],
    )


def render_sent_and_stored(
    kind: Kind,
    source: TemplateSource,
    params: Mapping[str, Any],
    secret_params: Mapping[str, str],
) -> tuple[Rendered, Rendered]:
    """What is sent (secrets in) and what is stored (secrets masked)."""
    sent = render_parts(source, {**params, **secret_params})
    if not kind.secret_params:
        return sent, sent
    masked = {name: SECRET_MASK for name in kind.secret_params}
    return sent, render_parts(source, {**params, **masked})


def kind_or_none(code: str) -> Kind | None:
    return KINDS.get(code)
