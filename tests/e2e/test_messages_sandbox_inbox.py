"""The messaging sandbox as a process (``lakoo sandbox messages``): an email arrives over real
SMTP and an SMS through the Twilio-compatible API, and a real headless Chromium (Debian's
``chromium``) renders the inbox at ``/`` — the email's HTML inside its frame, the SMS as a bubble.

The browser is driven over the Chrome DevTools Protocol, on the port Chromium picked and wrote to
``DevToolsActivePort``; every wait has a deadline and fails with what Chromium printed. The
browser's whole process group is stopped afterwards, and the test checks none of it is left. A
machine without Chromium fails this test loudly (``.ci/run`` installs it): a skipped browser
check would prove nothing.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import signal
import smtplib
import subprocess
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Any

import httpx
import pytest
import websockets

from tests.support.processes import free_port, lakoo, running

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
# generous: CI runs this on a machine whose cores are shared many times over
STARTUP_DEADLINE_SECONDS = 120
RENDER_DEADLINE_SECONDS = 90


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
    """Open ``page_url`` in a new tab and wait (on a deadline) until the inbox shows both."""
    async with httpx.AsyncClient(timeout=30) as client:
        target = await client.put(f"http://127.0.0.1:{browser_port}/json/new?{page_url}")
        target.raise_for_status()
    state: dict[str, Any] = {}
    try:
        async with (
            asyncio.timeout(RENDER_DEADLINE_SECONDS),
            websockets.connect(target.json()["webSocketDebuggerUrl"], max_size=None) as ws,
        ):
            tools = DevTools(ws)
            while True:
                state = json.loads(await tools.evaluate(INSPECT) or "{}")
                framed = state.get("emailText") or [""]
                if state.get("loaded") and state.get("count", 0) >= 2 and all(framed):
                    return state
                await asyncio.sleep(0.2)
    except TimeoutError:
        raise AssertionError(
            f"the inbox did not render both messages within {RENDER_DEADLINE_SECONDS} s;"
            f" last seen: {state}"
        ) from None


@dataclass
class Browser:
    """A running Chromium: where its DevTools listen, and its process group."""

    port: int
    group: int


@contextmanager
def headless_chromium(profile: Path) -> Iterator[Browser]:
    """Chromium with DevTools on a port it picks itself (``--remote-debugging-port=0``: no race
    for a free port), read from the ``DevToolsActivePort`` file it writes once it listens.

    It runs in a process group of its own, and the whole group — the browser and every renderer,
    GPU and zygote process it forked — is terminated (then killed) on the way out, so a failing
    test leaves no Chromium behind.
    """
    log = profile / "chromium.log"
    with log.open("wb") as sink:
        browser = subprocess.Popen(
            [
                _chromium(),
                "--headless=new",
                "--no-sandbox",  # CI runs as root
                "--disable-gpu",
                "--disable-dev-shm-usage",
                "--no-first-run",
                "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0",
                f"--user-data-dir={profile / 'data'}",
                "about:blank",
            ],
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        port = _devtools_port(browser, profile / "data" / "DevToolsActivePort", log)
        yield Browser(port=port, group=browser.pid)
    finally:
        _stop_group(browser)


def _devtools_port(browser: subprocess.Popen[bytes], active_port: Path, log: Path) -> int:
    """Wait, on a real deadline, for Chromium to say where DevTools listens."""
    deadline = time.monotonic() + STARTUP_DEADLINE_SECONDS
    while time.monotonic() < deadline:
        if browser.poll() is not None:
            pytest.fail(f"Chromium exited with {browser.returncode}:\n{_tail(log)}")
        if active_port.is_file():
            first_line = active_port.read_text().splitlines()[:1]
            if first_line and first_line[0].isdigit():
                return int(first_line[0])
        time.sleep(0.2)
    pytest.fail(
        f"Chromium's DevTools did not come up within {STARTUP_DEADLINE_SECONDS} s "
        f"(no {active_port.name}); its output:\n{_tail(log)}"
    )


def _stop_group(browser: subprocess.Popen[bytes]) -> None:
    """SIGTERM the browser's process group, SIGKILL whatever is left after 10 s."""
    group = browser.pid  # start_new_session: the group id is the browser's pid
    with contextlib.suppress(ProcessLookupError):
        os.killpg(group, signal.SIGTERM)
    with contextlib.suppress(subprocess.TimeoutExpired):
        browser.wait(10)
    with contextlib.suppress(ProcessLookupError):
        os.killpg(group, signal.SIGKILL)
    browser.wait(10)


def live_members(group: int) -> list[str]:
    """The processes of ``group`` still running (zombies waiting for their reaper excluded)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        with contextlib.suppress(OSError):
            name, _, rest = stat.read_text().rpartition(")")
            state, _parent, pgrp = rest.split()[:3]
            if int(pgrp) == group and state != "Z":
                found.append(f"{stat.parent.name} {name.partition('(')[2]}")
    return found


def _tail(log: Path, lines: int = 30) -> str:
    return "\n".join(log.read_text(errors="replace").splitlines()[-lines:]) if log.exists() else ""


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
    port, smtp_port = free_port(), free_port()
    url = f"http://127.0.0.1:{port}"
    sandbox = lakoo(
        "sandbox", "messages", "--port", str(port), "--smtp-port", str(smtp_port), url=url
    )
    with running(sandbox, timeout=90), tempfile.TemporaryDirectory() as scratch:
        _send_email(smtp_port, "siti@example.id")
        sms = httpx.post(
            f"{url}/2010-04-01/Accounts/AC00000000000000000000000000000000/Messages.json",
            data={"To": "+6281234567890", "From": "LAKOO", "Body": "Kode LAKOO: 482913"},
            # the sandbox has no committed key: the session's own (tests/conftest.py)
            auth=("AC00000000000000000000000000000000", os.environ["TWILIO_AUTH_TOKEN"]),
            timeout=30,
        )
        assert sms.status_code == 201, sms.text
        with headless_chromium(Path(scratch)) as browser:
            state = asyncio.run(_inspect(browser.port, f"{url}/"))
    assert live_members(browser.group) == [], "Chromium left processes behind"
    assert state["count"] == 2
    assert state["sms"] == ["Kode LAKOO: 482913"]
    assert state["smsColour"] == "rgb(233, 227, 245)"  # the stylesheet applied: a real render
    assert state["subjects"] == ["Pembayaran PAY-20261124-7K2QX diterima"]
    (text,) = state["emailText"]
    assert "Terima kasih, Siti" in text and "Rp 150.000" in text  # the HTML part, rendered
    assert state["emailHeading"] == ["22px"]
