"""Log lines name the service whose work they are, even when one process hosts several."""

from __future__ import annotations

import asyncio
import io
import json
import logging

import pytest

from api.kit.logging import JsonFormatter, service_var


async def _log_as(service: str, logger: logging.Logger) -> None:
    service_var.set(service)
    await asyncio.sleep(0)
    logger.info("handled", extra={"n": 1})


@pytest.mark.parametrize("as_json", [True, False])
async def test_each_task_logs_under_its_own_service_name(as_json: bool) -> None:
    from api.kit.logging import configure_logging

    root = logging.getLogger()
    before, level = root.handlers[:], root.level
    configure_logging("workers", json=as_json)
    stream = io.StringIO()
    handler = root.handlers[0]
    handler.setStream(stream)  # type: ignore[attr-defined]
    logger = logging.getLogger("tests.logging")
    try:
        await asyncio.gather(_log_as("order", logger), _log_as("payment", logger))
        logger.info("host line")
    finally:
        root.handlers[:] = before
        root.setLevel(level)
    lines = stream.getvalue().splitlines()
    if as_json:
        services = [json.loads(line)["service"] for line in lines]
        assert isinstance(handler.formatter, JsonFormatter)
    else:
        services = [line.split()[2] for line in lines]
    assert sorted(services[:2]) == ["order", "payment"]
    assert services[2] == "workers"
