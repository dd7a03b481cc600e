"""The messaging sandbox app: provider endpoints, the inbox, controls, and the SMTP server."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from typing import Annotated, Any, Literal

import httpx
from fastapi import FastAPI, Query
from fastapi.responses import HTMLResponse
from pydantic import AliasChoices, BaseModel, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from lakoo.sandboxes.messages.providers import provider_router
from lakoo.sandboxes.messages.receipts import ReceiptSender
from lakoo.sandboxes.messages.signing import DEVELOPMENT_SEED
from lakoo.sandboxes.messages.store import PROVIDERS, Store


def _env(name: str) -> Any:
    return AliasChoices(name, name.lower())


class MessagesSandboxSettings(BaseSettings):
    """The providers' own variable names, as the notification service reads them; the keys have
    no defaults (``lakoo up`` generates them, the tests make their own)."""

    model_config = SettingsConfigDict(extra="ignore", populate_by_name=True)

    smtp_host: str = Field("127.0.0.1", validation_alias=_env("MESSAGES_SANDBOX_SMTP_HOST"))
    smtp_port: int = Field(3025, validation_alias=_env("MESSAGES_SANDBOX_SMTP_PORT"))
    # where receipts go: the gateway's /webhooks/messages, as in production
    webhook_base_url: str = Field(
        "http://127.0.0.1:3000/webhooks/messages",
        validation_alias=_env("MESSAGES_SANDBOX_WEBHOOK_BASE_URL"),
    )
    receipt_delay_seconds: float = Field(
        0.2, validation_alias=_env("MESSAGES_SANDBOX_RECEIPT_DELAY_SECONDS")
    )
    sendgrid_api_key: str = Field(validation_alias=_env("SENDGRID_API_KEY"))
    sendgrid_signing_seed: str = Field(
        DEVELOPMENT_SEED, validation_alias=_env("MESSAGES_SANDBOX_SENDGRID_SEED")
    )
    twilio_account_sid: str = Field(
        "AC00000000000000000000000000000000", validation_alias=_env("TWILIO_ACCOUNT_SID")
    )
    twilio_auth_token: str = Field(validation_alias=_env("TWILIO_AUTH_TOKEN"))
    vonage_api_key: str = Field("lakoo-dev", validation_alias=_env("VONAGE_API_KEY"))
    vonage_api_secret: str = Field(validation_alias=_env("VONAGE_API_SECRET"))
    vonage_signature_secret: str = Field(validation_alias=_env("VONAGE_SIGNATURE_SECRET"))
    whatsapp_access_token: str = Field(validation_alias=_env("WHATSAPP_ACCESS_TOKEN"))
    whatsapp_app_secret: str = Field(validation_alias=_env("WHATSAPP_APP_SECRET"))


class FailureRule(BaseModel):
    """Fail ``rate`` (0–1) of the sends of one provider, or of all of them."""

    provider: Literal["all", "smtp", "sendgrid", "twilio", "vonage", "whatsapp", "fcm"] = "all"
    rate: Annotated[float, Field(ge=0, le=1)]


def create_messages_sandbox(
    settings: MessagesSandboxSettings | None = None,
    *,
    webhook_transport: httpx.AsyncBaseTransport | None = None,
    serve_smtp: bool = True,
) -> FastAPI:
    """The sandbox app; ``webhook_transport`` routes receipts in-process (tests)."""
    config = settings or MessagesSandboxSettings()
    store = Store()
    receipts = ReceiptSender(
        sendgrid_url=f"{config.webhook_base_url.rstrip('/')}/sendgrid",
        whatsapp_url=f"{config.webhook_base_url.rstrip('/')}/whatsapp",
        vonage_url=f"{config.webhook_base_url.rstrip('/')}/vonage",
        vonage_signature_secret=config.vonage_signature_secret,
        vonage_api_key=config.vonage_api_key,
        sendgrid_seed=config.sendgrid_signing_seed,
        twilio_auth_token=config.twilio_auth_token,
        whatsapp_app_secret=config.whatsapp_app_secret,
        delay_seconds=config.receipt_delay_seconds,
        transport=webhook_transport,
    )

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        server = None
        if serve_smtp:
            from lakoo.sandboxes.messages.smtp import start_smtp

            server = await start_smtp(store, config.smtp_host, config.smtp_port)
        try:
            yield
        finally:
            if server is not None:
                server.close()
                await server.wait_closed()
            await receipts.aclose()

    app = FastAPI(title="Messaging sandbox (LAKOO)", lifespan=lifespan)
    app.state.store = store
    app.state.receipts = receipts
    page = resources.files("lakoo.sandboxes.messages").joinpath("inbox.html").read_text()

    @app.get("/health")
    async def health() -> dict[str, Any]:
        return {"status": "ok", "provider": "messages-sandbox", "smtp_port": config.smtp_port}

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    async def inbox() -> str:
        return page

    @app.get("/api/messages")
    async def messages(
        to: Annotated[str | None, Query(max_length=320)] = None,
        channel: Annotated[str | None, Query(max_length=20)] = None,
        kind: Annotated[str | None, Query(max_length=64)] = None,
    ) -> dict[str, Any]:
        found = store.find(to=to, channel=channel, kind=kind)
        return {"items": [m.as_dict() for m in found], "total": len(found)}

    @app.delete("/api/messages", status_code=204)
    async def forget() -> None:
        store.messages.clear()

    @app.get("/sandbox/stats")
    async def stats() -> dict[str, Any]:
        """How many messages each provider took, and how many were the same message again
        (LAKOO's message id, carried in every provider's request, seen more than once)."""
        ids = [m.lakoo_id for m in store.messages if m.lakoo_id]
        return {
            "total": len(store.messages),
            "by_provider": {p: sum(m.provider == p for m in store.messages) for p in PROVIDERS},
            "distinct_lakoo_ids": len(set(ids)),
            "repeated": len(ids) - len(set(ids)),
        }

    @app.get("/sandbox/failures")
    async def failures() -> dict[str, Any]:
        return {"rates": store.failure_rates, "refused": store.refused}

    @app.post("/sandbox/failures")
    async def set_failures(rule: FailureRule) -> dict[str, Any]:
        names = PROVIDERS if rule.provider == "all" else (rule.provider,)
        for name in names:
            store.failure_rates[name] = rule.rate
        return {"rates": store.failure_rates}

    app.include_router(provider_router(store, receipts, config))
    return app
