"""Where uploaded files live (product images, sellers' documents): a small interface, local
files by default, S3 behind settings.

``LocalMediaStorage`` writes under ``.lakoo/media`` and serves them at ``/media/...`` (development
and tests). ``S3MediaStorage`` speaks the S3 REST API over httpx with AWS Signature V4 signing
(``api.kit.sigv4``), so any S3-compatible store (AWS, MinIO, R2) works without boto3.
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Protocol

import httpx

from api.kit.errors import UpstreamError
from api.kit.sigv4 import sign_request


class MediaStorage(Protocol):
    """Stores a blob under a key and says at which URL clients can fetch it."""

    async def put(self, key: str, data: bytes, *, content_type: str) -> str:
        """Store ``data`` at ``key``; returns its public URL."""
        ...

    async def aclose(self) -> None:
        """Release connections."""
        ...


class LocalMediaStorage:
    """Files under ``root``; URLs are ``{base_url}/{key}``."""

    def __init__(self, root: Path, *, base_url: str = "/media") -> None:
        self.root = root
        self.base_url = base_url.rstrip("/")

    async def put(self, key: str, data: bytes, *, content_type: str) -> str:
        path = (self.root / key).resolve()
        if self.root.resolve() not in path.parents:
            raise ValueError(f"storage key escapes the media root: {key!r}")
        await asyncio.to_thread(self._write, path, data)
        return f"{self.base_url}/{key}"

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    async def aclose(self) -> None:
        return None


class S3MediaStorage:
    """PUT Object on an S3-compatible endpoint (path-style: ``{endpoint}/{bucket}/{key}``)."""

    def __init__(
        self,
        *,
        endpoint: str,
        bucket: str,
        region: str,
        access_key: str,
        secret_key: str,
        public_base_url: str | None = None,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        self.endpoint = endpoint.rstrip("/")
        self.bucket = bucket
        self.region = region
        self._access_key = access_key
        self._secret_key = secret_key
        self.public_base_url = (public_base_url or f"{self.endpoint}/{bucket}").rstrip("/")
        self._http = httpx.AsyncClient(timeout=30.0, transport=transport)

    async def put(self, key: str, data: bytes, *, content_type: str) -> str:
        url = f"{self.endpoint}/{self.bucket}/{key}"
        headers = sign_request(
            method="PUT",
            url=url,
            headers={"content-type": content_type},
            body=data,
            region=self.region,
            service="s3",
            access_key=self._access_key,
            secret_key=self._secret_key,
        )
        response = await self._http.put(url, content=data, headers=headers)
        if response.status_code >= 300:
            raise UpstreamError(f"object storage answered {response.status_code}")
        return f"{self.public_base_url}/{key}"

    async def aclose(self) -> None:
        await self._http.aclose()
