"""What every client of Xendit shares: HTTP Basic with the secret key, timeouts, and answers
handed back whole.

A client never raises on a provider's 4xx: it returns a :class:`GatewayResponse` so the service
can log every call (success or not) before deciding what the answer means. Timeouts and
unreachable hosts become the kit's 504 / 502. The payment service's invoices and the wallet's
disbursements are two clients of this one transport.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx

from api.kit.errors import UpstreamError, UpstreamTimeout


@dataclass(frozen=True, slots=True)
class GatewayResponse:
    """One call to the provider: what was sent and what came back."""

    operation: str
    method: str
    path: str
    request: dict[str, Any] | None
    status_code: int
    body: dict[str, Any]

    @property
    def ok(self) -> bool:
        return 200 <= self.status_code < 300

    @property
    def error_code(self) -> str | None:
        """Xendit's ``error_code`` of a refused call."""
        code = self.body.get("error_code")
        return str(code) if code is not None else None


class XenditHttp:
    """Talks to Xendit (or the Xendit-compatible sandbox) over HTTP."""

    def __init__(
        self,
        base_url: str,
        *,
        secret_key: str,
        timeout: float = 10.0,
        transport: httpx.AsyncBaseTransport | None = None,
    ) -> None:
        # Xendit authenticates with HTTP Basic: the secret key as the username, no password.
        self._http = httpx.AsyncClient(
            base_url=base_url,
            auth=httpx.BasicAuth(secret_key, ""),
            timeout=httpx.Timeout(timeout, connect=min(timeout, 3.0)),
            transport=transport,
        )

    async def aclose(self) -> None:
        await self._http.aclose()

    async def _call(
        self,
        operation: str,
        method: str,
        path: str,
        body: dict[str, Any] | None,
        *,
        headers: dict[str, str] | None = None,
        params: dict[str, str] | None = None,
    ) -> GatewayResponse:
        try:
            response = await self._http.request(
                method, path, json=body, headers=headers, params=params
            )
        except httpx.TimeoutException as exc:
            raise UpstreamTimeout(f"Xendit did not answer {operation} in time") from exc
        except httpx.TransportError as exc:
            raise UpstreamError(f"Xendit is unreachable ({operation})") from exc
        try:
            data = response.json()
        except ValueError:
            data = {"raw": response.text[:2000]}
        if not isinstance(data, dict):
            data = {"data": data}
        return GatewayResponse(operation, method, path, body, response.status_code, data)
