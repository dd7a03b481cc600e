"""The demo's messages: the shopper's verification code read from the messaging sandbox (as a
person reads their mail) and used to verify the account; at the end, what the sandbox received.
"""

from __future__ import annotations

import re
import time
from collections import Counter

import httpx

from api.kit.topology import GATEWAY_PORT, MESSAGES_SANDBOX_PORT

SANDBOX = f"http://127.0.0.1:{MESSAGES_SANDBOX_PORT}"
GATEWAY = f"http://127.0.0.1:{GATEWAY_PORT}"


def verify_with_emailed_code(email: str, password: str, timeout: float = 30.0) -> str:
    """Log in, ask for a code, read it in the sandbox's inbox, confirm it; returns the code."""
    with httpx.Client(timeout=15) as client:
        tokens = client.post(
            f"{GATEWAY}/api/auth/login", json={"email": email, "password": password}
        )
        tokens.raise_for_status()
        bearer = {"Authorization": f"Bearer {tokens.json()['access_token']}"}
        client.post(
            f"{GATEWAY}/api/auth/verification/request", headers=bearer, json={}
        ).raise_for_status()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = client.get(
                f"{SANDBOX}/api/messages", params={"to": email, "kind": "verification_code"}
            ).json()["items"]
            code = re.search(r"\b(\d{6})\b", found[0]["body"]) if found else None
            if code:
                confirmed = client.post(
                    f"{GATEWAY}/api/auth/verification/confirm",
                    headers=bearer,
                    json={"code": code.group(1)},
                )
                confirmed.raise_for_status()
                return code.group(1)
            time.sleep(0.3)
    raise RuntimeError(f"no verification code reached {email} in {timeout:.0f} s")


def received_per_kind(to: str | None = None) -> Counter[str]:
    """How many messages of each kind the sandbox received (for one address, or all)."""
    params = {"to": to} if to else {}
    items = httpx.get(f"{SANDBOX}/api/messages", params=params, timeout=15).json()["items"]
    return Counter(f"{m['kind'] or m['channel']} ({m['channel']})" for m in items)
