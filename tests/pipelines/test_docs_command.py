"""``lakoo docs`` as an analyst runs it: a subprocess on a free port generates the dbt docs
from the materialized platform's database and serves them; the site, its manifest and its
catalog are fetched over HTTP. Stopping the command frees the port (the server is the command's
own process, no orphan left serving)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.engine import make_url

from pipelines.dbt_env import dbt_env
from tests.pipelines.conftest import Platform
from tests.support.processes import free_port

# dbt docs generate parses the project and reads the catalog of every schema: minutes on a
# machine shared with other test runs
STARTUP_TIMEOUT = 300.0


@dataclass
class DocsSite:
    url: str
    popen: subprocess.Popen[bytes]
    log: Path
    port: int

    def get(self, path: str) -> httpx.Response:
        answer = httpx.get(f"{self.url}{path}", timeout=30)
        assert answer.status_code == 200, (path, answer.status_code)
        return answer

    def json(self, path: str) -> dict[str, Any]:
        document: dict[str, Any] = self.get(path).json()
        return document


def _wait_served(site: DocsSite) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT
    while time.monotonic() < deadline:
        if site.popen.poll() is not None:
            pytest.fail(f"lakoo docs exited with {site.popen.returncode}:\n{site.log.read_text()}")
        try:
            if httpx.get(f"{site.url}/catalog.json", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    pytest.fail(f"lakoo docs served nothing in {STARTUP_TIMEOUT:.0f} s:\n{site.log.read_text()}")


@pytest.fixture(scope="module")
def site(platform: Platform, tmp_path_factory: pytest.TempPathFactory) -> Iterator[DocsSite]:
    """``lakoo docs --port <free>`` on the platform's database, its files in a directory of
    the test's own (DBT_TARGET_PATH: the project's target/ stays the code location's)."""
    port = free_port()
    target = tmp_path_factory.mktemp("dbt-docs")
    log = target / "lakoo-docs.log"
    env = {**os.environ, **dbt_env(platform.database_url), "DBT_TARGET_PATH": str(target)}
    with log.open("wb") as output:
        popen = subprocess.Popen(
            [sys.executable, "-m", "lakoo.cli", "docs", "--port", str(port)],
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    served = DocsSite(f"http://127.0.0.1:{port}", popen, log, port)
    try:
        _wait_served(served)
        yield served
    finally:
        if popen.poll() is None:
            popen.terminate()
            try:
                popen.wait(timeout=10)
            except subprocess.TimeoutExpired:
                popen.kill()
                popen.wait()


def test_the_site_is_the_dbt_docs_page(site: DocsSite) -> None:
    page = site.get("/")
    assert "text/html" in page.headers["content-type"]
    assert "<title>dbt Docs</title>" in page.text


def test_the_manifest_shows_what_feeds_the_finance_pack_and_the_quality_models(
    site: DocsSite,
) -> None:
    manifest = site.json("/manifest.json")
    pack = manifest["exposures"]["exposure.lakoo.weekly_finance_pack"]
    assert pack["owner"]["name"] == "Finance"
    assert {
        "model.lakoo.seller_settlements",
        "model.lakoo.payout_reconciliation",
    } <= set(pack["depends_on"]["nodes"])
    assert "exposure.lakoo.settlement_push_to_payment" in manifest["exposures"]
    quality = {
        key: node
        for key, node in manifest["nodes"].items()
        if node["resource_type"] == "model" and node["fqn"][1:3] == ["marts", "quality"]
    }
    assert {
        "model.lakoo.event_freshness",
        "model.lakoo.reconciliation_findings",
        "model.lakoo.settlement_reconciliation",
    } <= set(quality)
    assert all(node["schema"] == "quality" and node["description"] for node in quality.values())
    findings = quality["model.lakoo.reconciliation_findings"]
    assert "model.lakoo.payout_reconciliation" in findings["depends_on"]["nodes"]


def test_the_catalog_has_the_columns_of_the_marts_in_the_platforms_database(
    site: DocsSite, platform: Platform
) -> None:
    catalog = site.json("/catalog.json")
    database = make_url(platform.database_url).database
    settlements = catalog["nodes"]["model.lakoo.seller_settlements"]
    assert settlements["metadata"]["database"] == database
    assert settlements["metadata"]["schema"] == "finance"
    assert {"seller_id", "settlement_week", "gross", "payout"} <= set(settlements["columns"])
    freshness = catalog["nodes"]["model.lakoo.event_freshness"]
    assert freshness["metadata"]["schema"] == "quality"
    assert freshness["metadata"]["type"] == "BASE TABLE"
    assert {"event_type", "events", "last_occurred_at"} <= set(freshness["columns"])


def test_stopping_the_command_stops_the_server_and_frees_the_port(site: DocsSite) -> None:
    """Last in the module: it stops the site."""
    site.popen.terminate()
    site.popen.wait(timeout=10)
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{site.url}/", timeout=2)
