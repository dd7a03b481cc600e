"""Gateway overhead: ``GET /api/auth/.well-known/jwks.json`` through the gateway vs direct to auth.

Starts ``lakoo serve auth`` and ``lakoo serve gateway`` as processes on free ports (auth on a
fresh migrated database), warms both, then runs the same closed-loop load (``--concurrency``
clients, ``--seconds`` each) against each target with an authenticated token, and prints p50/p99
latency, throughput and the ratios the DESIGN §9 targets are stated in.

    .venv/bin/python -m bench.gateway [--concurrency 32] [--seconds 10]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import subprocess
import sys
import time
from uuid import uuid4

import httpx

from api.auth.keys import generate_private_key_pem
from bench.common import percentile, stack_info

PATH = "/api/auth/.well-known/jwks.json"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _serve(name: str, port: int, env: dict[str, str]) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "lakoo.cli", "serve", name, "--port", str(port)],
        env={**os.environ, "LAKOO_ENV": "test", "LAKOO_LOG_LEVEL": "WARNING", **env},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )


def _wait(url: str) -> None:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/health", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise TimeoutError(url)


async def _load(
    url: str, headers: dict[str, str], concurrency: int, seconds: float
) -> tuple[list[float], float]:
    latencies: list[float] = []
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    async with httpx.AsyncClient(base_url=url, headers=headers, limits=limits) as client:
        for _ in range(50):  # warm connections and caches
            await client.get(PATH)
        stop_at = time.perf_counter() + seconds

        async def worker() -> None:
            while time.perf_counter() < stop_at:
                started = time.perf_counter()
                response = await client.get(PATH)
                latencies.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, response.text

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        elapsed = time.perf_counter() - started
    return latencies, len(latencies) / elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=10.0)
    args = parser.parse_args()

    from tests.integration.auth.conftest import migrate_auth
    from tests.support.databases import create_database, drop_database

    server = stack_info().postgres_url
    database = migrate_auth(create_database(server, prefix="bench"))
    auth_port, gateway_port = _free_port(), _free_port()
    auth_url, gateway_url = f"http://127.0.0.1:{auth_port}", f"http://127.0.0.1:{gateway_port}"
    processes = [
        _serve(
            "auth",
            auth_port,
            {"AUTH_DATABASE_URL": database, "AUTH_JWT_PRIVATE_KEY": generate_private_key_pem()},
        ),
        _serve(
            "gateway",
            gateway_port,
            {"AUTH_SERVICE_URL": auth_url, "GATEWAY_RATE_LIMIT_ENABLED": "false"},
        ),
    ]
    try:
        _wait(auth_url)
        _wait(gateway_url)
        email = f"bench-{uuid4().hex[:8]}@example.id"
        httpx.post(
            f"{gateway_url}/api/auth/register",
            json={"email": email, "password": "bench-pass", "full_name": "Bench"},
        )
        token = httpx.post(
            f"{gateway_url}/api/auth/login", json={"email": email, "password": "bench-pass"}
        ).json()["access_token"]
        bearer = {"Authorization": f"Bearer {token}"}
        direct, direct_rps = asyncio.run(_load(auth_url, {}, args.concurrency, args.seconds))
        via, via_rps = asyncio.run(_load(gateway_url, bearer, args.concurrency, args.seconds))
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)
        drop_database(server, database)

    d50, d99 = percentile(direct, 50), percentile(direct, 99)
    g50, g99 = percentile(via, 50), percentile(via, 99)
    print(f"GET {PATH}, concurrency {args.concurrency}, {args.seconds:.0f} s each")
    print(f"direct : p50 {d50:.2f} ms  p99 {d99:.2f} ms  {direct_rps:,.0f} req/s")
    print(f"gateway: p50 {g50:.2f} ms  p99 {g99:.2f} ms  {via_rps:,.0f} req/s (JWT verified)")
    print(
        f"p50 overhead {g50 - d50:.2f} ms (target < 2 ms); "
        f"throughput ratio {via_rps / direct_rps:.2f} (target >= 0.6)"
    )


if __name__ == "__main__":
    main()
