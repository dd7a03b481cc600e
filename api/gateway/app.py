"""The gateway's settings and app (port 3000). Not a database service: no engine, no outbox."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager
from functools import lru_cache
from typing import Self

import httpx
from fastapi import FastAPI
from pydantic import AliasChoices, Field, field_validator, model_validator
from pydantic_settings import SettingsConfigDict
from starlette.middleware.cors import CORSMiddleware

from api.gateway import health, openapi
from api.gateway.bodies import BodyLimits
from api.gateway.clientip import parse_networks
from api.gateway.keys import JwksCache
from api.gateway.proxy import Gateway, ProxyMiddleware
from api.gateway.ratelimit import RateClass, RateLimiter
from api.gateway.routing import RouteTable, built_services
from api.gateway.tokens import TokenVerifier
from api.kit.errors import install_error_handlers
from api.kit.logging import configure_logging
from api.kit.middleware import RequestIdMiddleware, WellFormedRequestMiddleware
from api.kit.settings import CommonSettings
from api.kit.topology import SERVICES


class GatewaySettings(CommonSettings):
    """``GATEWAY_*``; upstreams from ``<SERVICE>_SERVICE_URL``; ``JWT_ISSUER``/``JWT_AUDIENCE``."""

    model_config = SettingsConfigDict(env_prefix="GATEWAY_")

    jwt_issuer: str = Field("lakoo-auth", validation_alias=AliasChoices("JWT_ISSUER", "jwt_issuer"))
    jwt_audience: str = Field(
        "lakoo-api", validation_alias=AliasChoices("JWT_AUDIENCE", "jwt_audience")
    )
    jwt_algorithms: list[str] = ["EdDSA", "RS256"]
    jwt_leeway_seconds: float = 0.0
    jwks_url: str | None = None  # default: <auth url>/.well-known/jwks.json
    jwks_min_refetch_seconds: float = 30.0
    jwks_max_age_seconds: float = 300.0
    service_urls: dict[str, str] = {}  # filled from <SERVICE>_SERVICE_URL, else 127.0.0.1:<port>
    services: list[str] | None = None  # which services are routable; default: those built
    connect_timeout: float = 2.0
    upstream_timeout: float = 30.0
    max_connections: int = 512
    rate_limit_enabled: bool = True
    rate_limit_per_second: float = 20.0
    rate_limit_burst: int = 100
    auth_rate_limit_per_second: float = 0.2  # one every 5 s once the burst is spent
    auth_rate_limit_burst: int = 10
    # CIDRs of the proxies in front of the gateway whose X-Forwarded-For is believed (load
    # balancers); empty: the socket peer is the client, whatever the header says
    trusted_proxies: list[str] = []
    body_limit_bytes: int = Field(1024 * 1024, ge=0)  # JSON and everything not an upload
    upload_body_limit_bytes: int = Field(10 * 1024 * 1024, ge=0)
    # globs of the upload routes (product images now, seller documents later)
    upload_paths: list[str] = ["/api/products/*/images", "/api/sellers/me/documents"]
    cors_origins: list[str] = []
    health_timeout: float = 1.0
    openapi_cache_seconds: float = 30.0

    @field_validator("trusted_proxies")
    @classmethod
    def _cidrs(cls, value: list[str]) -> list[str]:
        parse_networks(value)  # a typo here must stop the gateway, not trust nobody silently
        return value

    @model_validator(mode="after")
    def _upstream_urls(self) -> Self:
        urls = dict(self.service_urls)
        for name, spec in SERVICES.items():
            env = os.environ.get(f"{name.upper()}_SERVICE_URL")
            urls.setdefault(name, env or f"http://127.0.0.1:{spec.port}")
        self.service_urls = {name: url.rstrip("/") for name, url in urls.items()}
        return self


@lru_cache
def get_settings() -> GatewaySettings:
    return GatewaySettings()


def build_gateway(settings: GatewaySettings) -> Gateway:
    """The proxy's collaborators, wired from the settings (no I/O)."""
    jwks = JwksCache(
        settings.jwks_url or f"{settings.service_urls['auth']}/.well-known/jwks.json",
        min_interval=settings.jwks_min_refetch_seconds,
        max_age=settings.jwks_max_age_seconds,
    )
    limiter = None
    if settings.rate_limit_enabled:
        limiter = RateLimiter(
            default=RateClass(settings.rate_limit_per_second, settings.rate_limit_burst),
            strict=RateClass(settings.auth_rate_limit_per_second, settings.auth_rate_limit_burst),
        )
    return Gateway(
        routes=RouteTable(settings.services if settings.services is not None else built_services()),
        upstreams=settings.service_urls,
        verifier=TokenVerifier(
            jwks,
            issuer=settings.jwt_issuer,
            audience=settings.jwt_audience,
            algorithms=settings.jwt_algorithms,
            leeway=settings.jwt_leeway_seconds,
        ),
        limiter=limiter,
        gateway_key=settings.gateway_secret_key.get_secret_value().encode(),
        body_limits=BodyLimits(
            default=settings.body_limit_bytes,
            upload=settings.upload_body_limit_bytes,
            upload_paths=tuple(settings.upload_paths),
        ),
        trusted_proxies=parse_networks(settings.trusted_proxies),
    )


def create_app(
    settings: GatewaySettings | None = None,
    *,
    mounts: Mapping[str, httpx.AsyncBaseTransport] | None = None,
) -> FastAPI:
    """The gateway app. ``mounts`` (URL pattern → transport) lets tests put in-process
    services behind the upstream URLs, the transport seam instead of monkeypatching."""
    settings = settings or get_settings()
    gateway = build_gateway(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        configure_logging("gateway", level=settings.log_level, json=settings.log_json)
        # httpx logs every request at INFO: one line per proxied call is noise and cost
        logging.getLogger("httpx").setLevel(logging.WARNING)
        limits = httpx.Limits(
            max_connections=settings.max_connections,
            max_keepalive_connections=settings.max_connections,
        )
        gateway.client = httpx.AsyncClient(
            timeout=httpx.Timeout(settings.upstream_timeout, connect=settings.connect_timeout),
            limits=limits,
            mounts=dict(mounts or {}),
        )
        # httpx's defaults would make upstreams compress for clients that never asked
        for name in ("accept", "accept-encoding", "user-agent"):
            del gateway.client.headers[name]
        if "auth" in gateway.routes.built:
            await gateway.verifier.jwks.refresh(gateway.client)  # warm; failure is not fatal
        try:
            yield
        finally:
            await gateway.client.aclose()

    app = FastAPI(
        title="LAKOO gateway", lifespan=lifespan, openapi_url=None, docs_url=None, redoc_url=None
    )
    app.state.settings = settings
    app.state.gateway = gateway
    install_error_handlers(app)
    app.include_router(health.router)
    app.include_router(openapi.router)
    app.add_middleware(RequestIdMiddleware)
    app.add_middleware(ProxyMiddleware, gateway=gateway)
    # outside the proxy: a request with control characters or NUL goes no further than here
    app.add_middleware(WellFormedRequestMiddleware)
    if settings.cors_origins:
        app.add_middleware(
            CORSMiddleware,
            allow_origins=settings.cors_origins,
            allow_methods=["*"],
            allow_headers=["authorization", "content-type", "idempotency-key", "x-request-id"],
            expose_headers=["x-request-id", "retry-after"],
            max_age=600,
        )
    return app
