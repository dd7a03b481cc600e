"""Request and response bodies of the notification service."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Literal
from uuid import UUID

from pydantic import AfterValidator, EmailStr, Field, TypeAdapter, ValidationError

from api.events.values import Channel
from api.kit.errors import Unprocessable
from api.kit.schemas import ReadSchema, Schema
from api.notification.kinds import KINDS, Category, Kind, Locale

Phone = Annotated[str, Field(pattern=r"^\+\d{8,15}$")]
_EMAIL: TypeAdapter[EmailStr] = TypeAdapter(EmailStr)
_PHONE: TypeAdapter[Phone] = TypeAdapter(Phone)
ParamValue = Annotated[str, Field(max_length=2000)] | Annotated[int, Field(ge=-(2**53), le=2**53)]
Params = Annotated[dict[Annotated[str, Field(max_length=64)], ParamValue], Field(max_length=32)]
SecretParams = Annotated[
    dict[Annotated[str, Field(max_length=64)], Annotated[str, Field(max_length=2000)]],
    Field(max_length=8),
]


def _known_kind(value: str) -> str:
    if value not in KINDS:
        raise ValueError(f"unknown kind; one of: {', '.join(sorted(KINDS))}")
    return value


KindCode = Annotated[str, Field(max_length=64), AfterValidator(_known_kind)]


class NotificationRead(ReadSchema):
    """One in-app message of the caller's inbox."""

    id: UUID
    kind: str
    category: str
    subject: str | None
    body: str
    created_at: datetime
    read_at: datetime | None


class UnreadCount(Schema):
    count: int


class MarkedRead(Schema):
    updated: int


class PreferenceItem(Schema):
    category: Category
    channel: Channel
    enabled: bool


class Preferences(Schema):
    """``{items: [{category, channel, enabled}]}`` — every pair, defaults included."""

    items: list[PreferenceItem]


class PreferencesUpdate(Schema):
    """The pairs to change (others keep their value); security cannot be turned off."""

    items: Annotated[list[PreferenceItem], Field(min_length=1, max_length=40)]


class DeviceCreate(Schema):
    token: Annotated[str, Field(min_length=16, max_length=4096, pattern=r"^[A-Za-z0-9_:\-\.]+$")]
    platform: Literal["android", "ios", "web"]


class DeviceRead(ReadSchema):
    id: UUID
    platform: str
    active: bool
    created_at: datetime
    last_seen_at: datetime


TemplateText = Annotated[str, Field(max_length=20_000)]


class TemplateWrite(Schema):
    """An admin's template for one kind × channel × locale (Jinja2, checked when saved)."""

    subject: Annotated[str, Field(max_length=500)] | None = None
    body: Annotated[TemplateText, Field(min_length=1)]
    html_body: TemplateText | None = None
    whatsapp_template: Annotated[str, Field(max_length=512, pattern=r"^[a-z0-9_]+$")] | None = None
    whatsapp_parameters: Annotated[
        list[Annotated[str, Field(max_length=1000)]], Field(max_length=20)
    ] = []


class TemplateRead(ReadSchema):
    id: UUID
    kind: str
    channel: str
    locale: str
    subject: str | None
    body: str
    html_body: str | None
    whatsapp_template: str | None
    whatsapp_parameters: list[str]
    version: int
    updated_at: datetime


class KindRead(Schema):
    code: str
    category: Category
    channels: list[Channel]
    placeholders: list[str]
    secret_placeholders: list[str]
    whatsapp_template: str | None


class MessageCreate(Schema):
    """``POST /internal/messages``: one message to a user (``user_id``) or an address (``to``)."""

    user_id: UUID | None = None
    to: Annotated[str, Field(max_length=320)] | None = None
    kind: KindCode
    channel: Channel | None = None
    locale: Locale = "id"
    params: Params = {}
    secret_params: SecretParams = {}

    def checked(self) -> tuple[Kind, Channel]:
        """The kind and channel, after the rules a schema cannot state (422 naming the field)."""
        kind = KINDS[self.kind]
        channel = self.channel or kind.channels[0]
        if channel not in kind.channels:
            raise Unprocessable(
                f"{self.kind} is sent by {', '.join(kind.channels)}", field="channel"
            )
        for name in self.params:
            if name not in kind.params:
                raise Unprocessable(f"not a placeholder of {self.kind}", field=f"params.{name}")
        for name in self.secret_params:
            if name not in kind.secret_params:
                raise Unprocessable(
                    f"not a secret placeholder of {self.kind}", field=f"secret_params.{name}"
                )
        if self.user_id is None and self.to is None:
            raise Unprocessable("Give user_id, to, or both", field="to")
        if self.to is not None:
            try:
                if channel == "email":
                    _EMAIL.validate_python(self.to)
                else:
                    _PHONE.validate_python(self.to)
            except ValidationError:
                raise Unprocessable(f"Not a valid {channel} address", field="to") from None
        return kind, channel


class MessageAccepted(ReadSchema):
    id: UUID
    status: str
    channel: str
