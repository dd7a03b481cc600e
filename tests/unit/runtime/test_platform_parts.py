"""A service or sandbox joins the development platform by existing; nobody edits the runtime."""

from __future__ import annotations

from pathlib import Path

import pytest

from api.kit import topology
from lakoo.runtime import platform
from lakoo.runtime.supervisor import ProcessSpec, StepSpec
from lakoo.sandboxes import SANDBOXES, Sandbox


def _package(root: Path, name: str, *modules: str) -> None:
    (root / name).mkdir()
    for module in modules:
        (root / name / f"{module}.py").write_text("")


@pytest.fixture
def api_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setattr(topology, "_API_DIR", tmp_path)
    _package(tmp_path, "auth", "app")  # HTTP only
    _package(tmp_path, "wallet", "app", "consumers")  # a new service, with consumers
    _package(tmp_path, "notification", "jobs")  # a worker without HTTP
    (tmp_path / "review").mkdir()  # a package still empty
    return tmp_path


def _parts() -> dict[str, ProcessSpec]:
    steps = [StepSpec(name, lambda: "") for name in ("postgres", "migrations", "kafka")]
    parts = platform.development_parts(
        start_postgres=steps[0], migrate=steps[1], start_kafka=steps[2], dagster_home=None
    )
    return {p.name: p for p in parts if isinstance(p, ProcessSpec)}


def test_services_with_an_app_are_served_and_those_with_consumers_or_jobs_get_a_worker(
    api_dir: Path,
) -> None:
    assert topology.served_services() == ["auth", "wallet"]
    assert topology.worker_services() == ["notification", "wallet"]
    parts = _parts()
    assert parts["services"].argv[-1] == "serve"  # no names: the host serves every built one
    assert parts["services"].probes == {
        "auth": "http://127.0.0.1:3001/health",
        "wallet": "http://127.0.0.1:3011/health",
        "gateway": "http://127.0.0.1:3000/health",
    }
    assert parts["workers"].argv[-1] == "worker"
    assert "notification" in parts["workers"].summary and "wallet" in parts["workers"].summary


def test_a_new_sandbox_row_is_served_and_waited_for(
    api_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    messages = Sandbox("messages", 3092, "lakoo.sandboxes.messaging:create_app", "messaging")
    monkeypatch.setattr(platform, "SANDBOXES", (*SANDBOXES, messages))
    sandboxes = _parts()["sandboxes"]
    assert sandboxes.argv[-2:] == ["sandbox", "all"]
    assert sandboxes.probes["messages"] == "http://127.0.0.1:3092/health"
    assert set(sandboxes.probes) == {"xendit", "biteship", "messages"}


def test_parts_wait_only_for_what_they_need() -> None:
    parts = _parts()
    assert parts["services"].after == ("postgres",)
    assert set(parts["workers"].after) == {"migrations", "kafka"}
    assert set(parts["relay"].after) == {"migrations", "kafka"}
    assert parts["sandboxes"].after == ()
