"""Where uploaded images live (product galleries, review photos): a small interface, local
files by default, S3 behind settings — and the one check every upload passes.

``LocalMediaStorage`` writes under ``.lakoo/media`` and answers URLs ``/media/...`` (development
and tests). ``S3MediaStorage`` speaks the S3 REST API over httpx with AWS Signature V4 signing
(``api.kit.sigv4``), so any S3-compatible store (AWS, MinIO, R2) works without boto3. A service
with uploads extends :class:`MediaSettings` (its own prefix: ``PRODUCT_MEDIA_BACKEND``, ...).
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Literal, Protocol, Self

import httpx
from pydantic import SecretStr, model_validator

from api.kit.errors import Unprocessable, UpstreamError
from api.kit.settings import ServiceSettings, env_name
from api.kit.sigv4 import sign_request

REPO_ROOT = Path(__file__).resolve().parents[2]
IMAGE_TYPES = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp"}
MAX_IMAGE_BYTES = 5 * 1024 * 1024


def image_extension(data: bytes, content_type: str) -> str:
    """The file extension of an acceptable image; 422 unless the declared type is JPEG, PNG or
    WebP, the bytes really are one (a renamed script is not an image), and the size is 1 B–5 MiB.
    """
    declared = content_type.split(";")[0].strip().lower()
    extension = IMAGE_TYPES.get(declared)
    if extension is None:
        raise Unprocessable("Images must be JPEG, PNG or WebP", field="content-type")
    if not data or len(data) > MAX_IMAGE_BYTES:
        raise Unprocessable("Images must be between 1 byte and 5 MiB", field="body")
    if sniffed_type(data) != declared:
        raise Unprocessable(f"The body is not a {declared} image", field="body")
    return extension


def sniffed_type(data: bytes) -> str | None:
    """The image type the bytes' signature says (JPEG, PNG, WebP), if any."""
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    return None


class MediaStorage(Protocol):
    """Stores a blob under a key and says at which URL clients can fetch it."""

    async def put(self, key: str, data: bytes, *, content_type: str) -> str:
        """Store ``data`` at ``key``; returns its public URL."""
        ...

    async def delete(self, key: str) -> None:
        """Remove the blob at ``key`` (no error when it is already gone)."""
        ...

    async def aclose(self) -> None:
        """Release connections."""
        ...


class LocalMediaStorage:
    """Files under ``root``; URLs are ``{base_url}/{key}``."""

    def __init__(self, root: Path, *, base_url: str = "/media") -> None:
        self.root = root
        self.base_url = base_url.rstrip("/")

    def _path(self, key: str) -> Path:
        path = (self.root / key).resolve()
        if self.root.resolve() not in path.parents:
            raise ValueError(f"storage key escapes the media root: {key!r}")
        return path

    async def put(self, key: str, data: bytes, *, content_type: str) -> str:
        await asyncio.to_thread(self._write, self._path(key), data)
        return f"{self.base_url}/{key}"

    async def delete(self, key: str) -> None:
        await asyncio.to_thread(self._path(key).unlink, missing_ok=True)

    @staticmethod
    def _write(path: Path, data: bytes) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)

    async def aclose(self) -> None:
        return None


class S3MediaStorage:
    """PUT and DELETE Object on an S3-compatible endpoint, path-style
    (``{endpoint}/{bucket}/{key}``)."""

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

    def _signed(
        self, method: str, url: str, headers: dict[str, str], body: bytes
    ) -> dict[str, str]:
        return sign_request(
            method=method,
            url=url,
            headers=headers,
            body=body,
            region=self.region,
            service="s3",
            access_key=self._access_key,
            secret_key=self._secret_key,
        )

    async def put(self, key: str, data: bytes, *, content_type: str) -> str:
        url = f"{self.endpoint}/{self.bucket}/{key}"
        headers = self._signed("PUT", url, {"content-type": content_type}, data)
        response = await self._http.put(url, content=data, headers=headers)
        if response.status_code >= 300:
            raise UpstreamError(f"object storage answered {response.status_code}")
        return f"{self.public_base_url}/{key}"

    async def delete(self, key: str) -> None:
        url = f"{self.endpoint}/{self.bucket}/{key}"
        response = await self._http.delete(url, headers=self._signed("DELETE", url, {}, b""))
        if response.status_code >= 300 and response.status_code != 404:
            raise UpstreamError(f"object storage answered {response.status_code}")

    async def aclose(self) -> None:
        await self._http.aclose()


class MediaSettings(ServiceSettings):
    """Where a service with uploads stores them (``<SERVICE>_MEDIA_BACKEND=local|s3``, ...)."""

    media_backend: Literal["local", "s3"] = "local"
    media_root: Path = REPO_ROOT / ".lakoo" / "media"
    media_base_url: str = "/media"
    s3_endpoint: str = ""
    s3_bucket: str = ""
    s3_region: str = "ap-southeast-3"  # Jakarta
    s3_access_key: str = ""
    # a secret only the S3 backend needs; when set it must be usable like any other
    s3_secret_key: SecretStr | None = None
    s3_public_base_url: str | None = None

    @model_validator(mode="after")
    def _s3_needs_its_secret(self) -> Self:
        if self.media_backend == "s3" and self.s3_secret_key is None:
            raise ValueError(
                f"{env_name(type(self), 's3_secret_key')} must be set when "
                f"{env_name(type(self), 'media_backend')}=s3"
            )
        return self

    def make_storage(self) -> MediaStorage:
        """The configured media storage (local files unless the backend is ``s3``)."""
        if self.media_backend == "s3" and self.s3_secret_key is not None:
            return S3MediaStorage(
                endpoint=self.s3_endpoint,
                bucket=self.s3_bucket,
                region=self.s3_region,
                access_key=self.s3_access_key,
                secret_key=self.s3_secret_key.get_secret_value(),
                public_base_url=self.s3_public_base_url,
            )
        return LocalMediaStorage(self.media_root, base_url=self.media_base_url)
