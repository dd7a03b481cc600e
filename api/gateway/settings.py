"""The gateway's settings: ``GATEWAY_*``, upstreams from ``<SERVICE>_SERVICE_URL``, ``JWT_*``."""

from __future__ import annotations

import os
from functools import lru_cache
from typing import Self

from pydantic import AliasChoices, Field, field_validator, model_validator
from pydantic_settings import SettingsConfigDict

from api.gateway.clientip import parse_networks
from api.gateway.upstreams import parse_upstreams
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
    # every instance of each service: <SERVICE>_SERVICE_URL may list several, comma-separated
    # (service_urls keeps the first, for the health and OpenAPI fan-out); api.gateway.upstreams
    service_upstreams: dict[str, list[str]] = {}
    upstream_down_seconds: float = Field(10.0, gt=0)  # how long a failed instance is skipped
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
    # globs of the upload routes (product and review photos now, seller documents later)
    upload_paths: list[str] = [
        "/api/products/*/images",
        "/api/reviews/images",
        "/api/sellers/me/documents",
    ]
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
        pools = {name: parse_upstreams(url) for name, url in urls.items()}
        pools.update(
            {name: parse_upstreams(",".join(u)) for name, u in self.service_upstreams.items()}
        )
        self.service_upstreams = {name: pool for name, pool in pools.items() if pool}
        self.service_urls = {name: pool[0] for name, pool in self.service_upstreams.items()}
        return self


@lru_cache
def get_settings() -> GatewaySettings:
    return GatewaySettings()
