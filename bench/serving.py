"""What the benchmarks that run a service as its own process share: starting it on a scratch
database, waiting for it, and a lean keep-alive HTTP connection to load it with."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
import time

import httpx
import orjson

from api.kit.db import libpq_url
from tests.support.services import internal_headers


class Connection:
    """One keep-alive HTTP/1.1 connection: a request at a time, the answer's status (and body) back.

    Written with bare asyncio streams, so the load generator's own cost stays small beside the
    service's on a small machine.
    """

    def __init__(self, host: str, port: int) -> None:
        self.host, self.port = host, port
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None
        self.key = internal_headers()["x-internal-api-key"]

    async def post(self, path: str, body: dict[str, object]) -> int:
        status, _ = await self.request("POST", path, body)
        return status

    async def request(
        self,
        method: str,
        path: str,
        body: dict[str, object] | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, bytes]:
        """One request (``body`` as JSON; ``headers`` besides the internal key): status, body."""
        answer = await self._send(method, path, body, headers)
        if answer is None:  # the server closed an idle connection (keep-alive timeout): redo
            self.writer = None
            answer = await self._send(method, path, body, headers)
        assert answer is not None
        return answer

    async def _send(
        self,
        method: str,
        path: str,
        body: dict[str, object] | None,
        headers: dict[str, str] | None,
    ) -> tuple[int, bytes] | None:
        if self.writer is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        assert self.reader is not None
        payload = orjson.dumps(body) if body is not None else b""
        extra = "".join(f"{name}: {value}\r\n" for name, value in (headers or {}).items())
        self.writer.write(
            (
                f"{method} {path} HTTP/1.1\r\nHost: {self.host}\r\n"
                f"Content-Type: application/json\r\nx-internal-api-key: {self.key}\r\n{extra}"
                f"Content-Length: {len(payload)}\r\n\r\n"
            ).encode()
            + payload
        )
        first = await self.reader.readline()
        if not first:
            return None
        status = int(first.split()[1])
        length = 0
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.partition(b":")
            if name.lower() == b"content-length":
                length = int(value)
        return status, await self.reader.readexactly(length)


def serve(
    service: str,
    port: int,
    database_url: str,
    *,
    workers: int = 1,
    source: str | None = None,
    env: dict[str, str] | None = None,
) -> subprocess.Popen[bytes]:
    """``lakoo serve <service>`` on ``database_url`` as a process of its own. ``source``: run the
    code of another checkout (its root put first on ``PYTHONPATH``), for a before figure."""
    argv = ["serve", service, "--port", str(port), "--workers", str(workers)]
    extra = {"PYTHONPATH": source} if source else {}
    return subprocess.Popen(
        [sys.executable, "-m", "lakoo.cli", *argv],
        env={
            **os.environ,
            "LAKOO_ENV": "test",
            "LAKOO_LOG_LEVEL": "WARNING",
            f"{service.upper()}_DATABASE_URL": libpq_url(database_url),
            **extra,
            **(env or {}),
        },
        cwd=source or None,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def wait_healthy(url: str) -> None:
    """Until ``url``'s ``/health`` answers 200 (a loaded machine takes ~50 s to start one)."""
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.2)
    raise TimeoutError(url)
