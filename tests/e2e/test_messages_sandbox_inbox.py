"""The messaging sandbox as a process (``lakoo sandbox messages``): an email arrives over real
SMTP and an SMS through the Twilio-compatible API, and a real headless Chromium (Debian's
``chromium``) renders the inbox at ``/`` — the email's HTML inside its frame, the SMS as a bubble.

The browser is driven over the Chrome DevTools Protocol. A machine without Chromium fails this
test loudly (``.ci/run`` installs it): a skipped browser check would prove nothing.
"""

from __future__ import annotations

import asyncio
import json
import shutil
import smtplib
import subprocess
import tempfile
from email.message import EmailMessage
from typing import Any

import httpx
import pytest
import websockets

from tests.support.processes import free_port, lakoo, running

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")


def _chromium() -> str:
    for name in CHROMIUM_NAMES:
        if path := shutil.which(name):
            return path
    pytest.fail("Chromium is not installed (apt-get install -y chromium); .ci/run installs it")


class DevTools:
    """One page target of a headless Chromium, spoken to over its DevTools websocket."""

    def __init__(self, socket: Any) -> None:
        self.socket = socket
        self.next_id = 0

    async def evaluate(self, expression: str) -> Any:
        self.next_id += 1
        await self.socket.send(
            json.dumps(
                {
                    "id": self.next_id,
                    "method": "Runtime.evaluate",
                    "params": {"expression": expression, "returnByValue": True},
                }
            )
        )
        while True:
            reply = json.loads(await self.socket.recv())
            if reply.get("id") == self.next_id:
                return reply["result"]["result"].get("value")


INSPECT = """JSON.stringify({
  loaded: document.body.dataset.loaded === "true",
  count: document.querySelectorAll("article.message").length,
  sms: [...document.querySelectorAll("article.sms .bubble")].map(n => n.innerText),
  smsColour: (() => { const b = document.querySelector("article.sms .bubble");
                      return b ? getComputedStyle(b).backgroundColor : null; })(),
  subjects: [...document.querySelectorAll("article.email .subject")].map(n => n.innerText),
  emailText: [...document.querySelectorAll("article.email iframe")]
      .map(f => (f.contentDocument && f.contentDocument.body) ? f.contentDocument.body.innerText
                                                               : ""),
  emailHeading: [...document.querySelectorAll("article.email iframe")]
      .map(f => { const h = f.contentDocument && f.contentDocument.querySelector("h1");
                  return h ? getComputedStyle(h).fontSize : null; }),
})"""


async def _inspect(browser_port: int, page_url: str) -> dict[str, Any]:
    async with httpx.AsyncClient() as client:
        for _ in range(100):
            try:
                target = await client.put(f"http://127.0.0.1:{browser_port}/json/new?{page_url}")
                break
            except httpx.TransportError:
                await asyncio.sleep(0.1)
        target.raise_for_status()
    async with websockets.connect(target.json()["webSocketDebuggerUrl"], max_size=None) as ws:
        tools = DevTools(ws)
        for _ in range(100):
            state = json.loads(await tools.evaluate(INSPECT) or "{}")
            framed = state.get("emailText") or [""]
            if state.get("loaded") and state.get("count", 0) >= 2 and all(framed):
                return state
            await asyncio.sleep(0.1)
    raise AssertionError(f"the inbox never rendered both messages: {state}")


def _send_email(smtp_port: int, to: str) -> None:
    email = EmailMessage()
    email["From"] = "LAKOO <no-reply@lakoo.id>"
    email["To"] = to
    email["Subject"] = "Pembayaran PAY-20261124-7K2QX diterima"
    email["X-Lakoo-Kind"] = "payment_received"
    email.set_content("Halo Siti, pembayaran Rp 150.000 sudah kami terima.")
    email.add_alternative(
        "<html><body><h1 style='font-size:22px'>Terima kasih, Siti</h1>"
        "<p>Pembayaran <b>Rp 150.000</b> sudah kami terima.</p></body></html>",
        subtype="html",
    )
    with smtplib.SMTP("127.0.0.1", smtp_port, timeout=10) as smtp:
        smtp.send_message(email)


def test_the_inbox_page_renders_email_html_and_sms_in_a_real_browser() -> None:
    chromium = _chromium()
    port, smtp_port, browser_port = free_port(), free_port(), free_port()
    url = f"http://127.0.0.1:{port}"
    sandbox = lakoo(
        "sandbox", "messages", "--port", str(port), "--smtp-port", str(smtp_port), url=url
    )
    with running(sandbox), tempfile.TemporaryDirectory() as profile:
        _send_email(smtp_port, "siti@example.id")
        sms = httpx.post(
            f"{url}/2010-04-01/Accounts/AC00000000000000000000000000000000/Messages.json",
            data={"To": "+6281234567890", "From": "LAKOO", "Body": "Kode LAKOO: 482913"},
            auth=("AC00000000000000000000000000000000", "twilio-dev-only-change-me"),
        )
        assert sms.status_code == 201, sms.text
        browser = subprocess.Popen(
            [
                chromium,
                "--headless=new",
                "--no-sandbox",  # CI runs as root
                "--disable-gpu",
                "--disable-dev-shm-usage",
                f"--remote-debugging-port={browser_port}",
                f"--user-data-dir={profile}",
                "about:blank",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            state = asyncio.run(_inspect(browser_port, f"{url}/"))
        finally:
            browser.terminate()
            browser.wait(10)
    assert state["count"] == 2
    assert state["sms"] == ["Kode LAKOO: 482913"]
    assert state["smsColour"] == "rgb(233, 227, 245)"  # the stylesheet applied: a real render
    assert state["subjects"] == ["Pembayaran PAY-20261124-7K2QX diterima"]
    (text,) = state["emailText"]
    assert "Terima kasih, Siti" in text and "Rp 150.000" in text  # the HTML part, rendered
    assert state["emailHeading"] == ["22px"]
