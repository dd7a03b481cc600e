"""The gateway app (port 3000). Not a database service: no engine, no outbox."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Mapping
from contextlib import asynccontextmanager

import httpx
from fastapi import FastAPI
from starlette.middleware.cors import CORSMiddleware

from api.gateway import health, openapi
from api.gateway.bodies import BodyLimits
from api.gateway.clientip import parse_networks
from api.gateway.keys import JwksCache
from api.gateway.proxy import Gateway, ProxyMiddleware
from api.gateway.ratelimit import RateClass, RateLimiter
from api.gateway.routing import RouteTable, built_services
from api.gateway.settings import GatewaySettings, get_settings
from api.gateway.tokens import TokenVerifier
from api.gateway.upstreams import UpstreamPool
from api.kit.errors import install_error_handlers
from api.kit.logging import configure_logging
from api.kit.middleware import RequestIdMiddleware, WellFormedRequestMiddleware


def _instances(settings: GatewaySettings) -> dict[str, list[str]]:
    """Every service's instances; a ``service_urls`` entry changed after validation (a settings
    copy) wins over the instance list it no longer heads."""
    instances = {}
    for name, url in settings.service_urls.items():
        listed = settings.service_upstreams.get(name, [])
        instances[name] = listed if listed[:1] == [url] else [url]
    return instances


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
        pools={
            name: UpstreamPool(urls, down_seconds=settings.upstream_down_seconds)
            for name, urls in _instances(settings).items()
        },
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
