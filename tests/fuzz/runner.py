"""Fuzz one service: every operation of its OpenAPI, as every caller its rule admits.

Schemathesis generates the cases (valid ones, invalid ones, and valid ones whose path
parameters are ids the seeds made); the platform answers them in-process; every answer is
checked with ``not_a_server_error`` and ``response_schema_conformance``. Each (operation,
caller) is one Hypothesis run of :data:`EXAMPLES` cases, derandomised so a run is repeatable
(``LAKOO_FUZZ_RANDOM=1`` explores new ones, ``LAKOO_FUZZ_EXAMPLES`` sets the budget). Failures
are collected rather than raised one by one, so one run reports every 5xx it found.
"""

from __future__ import annotations

import contextlib
import itertools
import json
import os
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import httpx
import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.schemas import APIOperation
from schemathesis.specs.openapi.checks import response_schema_conformance

from api.kit.access import describe
from tests.fuzz.callers import WEBHOOK, Identities, callers_of
from tests.fuzz.platform import FuzzPlatform, service_base_url
from tests.fuzz.seeds import hook

EXAMPLES = int(os.environ.get("LAKOO_FUZZ_EXAMPLES", "12"))
REFUSED_EXAMPLES = 3  # a refused caller only needs to show the refusal is never a 500
GATEWAY_EXAMPLES = 4  # the services are fuzzed in depth on their own; this is the edge
RANDOM = os.environ.get("LAKOO_FUZZ_RANDOM") == "1"
SEEDED_VALUES_PER_PARAMETER = 4
CHECKS = [not_a_server_error, response_schema_conformance]


@dataclass(frozen=True)
class Finding:
    """One operation and caller for which a generated request broke a check."""

    service: str
    operation: str
    caller: str
    report: str

    def __str__(self) -> str:
        return f"[{self.service}] {self.operation} as {self.caller}:\n{self.report}"


def _strategy(operation: APIOperation, values: dict[str, list[str]]) -> st.SearchStrategy[Any]:
    branches = [operation.as_strategy(GenerationMode.POSITIVE)]
    # an operation with nothing to make invalid has positive cases only
    with contextlib.suppress(Exception):
        branches.append(operation.as_strategy(GenerationMode.NEGATIVE))
    # valid bodies and queries whose ids (address_id, variant_id, ...) are seeded ones
    branches.append(branches[0].flatmap(lambda case: _seeded_fields(case, values)))
    names = [p.name for p in operation.path_parameters]
    known = [values[name][:SEEDED_VALUES_PER_PARAMETER] for name in names if name in values]
    if names and len(known) == len(names):
        for combination in itertools.product(*known):
            fixed = dict(zip(names, combination, strict=True))
            branches.append(operation.as_strategy(path_parameters=fixed))
    return st.one_of(branches)


def _seeded_fields(case: Any, values: dict[str, list[str]]) -> st.SearchStrategy[Any]:
    containers = [c for c in (case.body, case.query) if isinstance(c, dict)]
    names = sorted({n for c in containers for n in c if n in values})
    if not names:
        return st.just(case)
    choices = {n: st.sampled_from(values[n][:SEEDED_VALUES_PER_PARAMETER]) for n in names}

    def apply(chosen: dict[str, str]) -> Any:
        for container in containers:
            container.update({n: v for n, v in chosen.items() if n in container})
        return case

    return st.fixed_dictionaries(choices).map(apply)


def _file_bytes(value: Any) -> bytes:
    if isinstance(value, bytes):
        return value
    return value.encode() if isinstance(value, str) else json.dumps(value).encode()


def _files(files: Any) -> list[tuple[str, Any]]:
    """Generated multipart files as httpx sends them: any generated value becomes file bytes
    (httpx would fail on a number before the request left, never reaching the service)."""
    items = files.items() if isinstance(files, dict) else files
    sent: list[tuple[str, Any]] = []
    for name, value in items:
        if isinstance(value, tuple):
            filename, content, *rest = value
            sent.append((name, (filename, _file_bytes(content), *rest)))
        else:
            sent.append((name, ("upload", _file_bytes(value))))
    return sent


def _httpx_kwargs(transport_kwargs: dict[str, Any]) -> dict[str, Any]:
    kwargs = {k: transport_kwargs[k] for k in ("headers", "params") if transport_kwargs.get(k)}
    if "json" in transport_kwargs:
        # stdlib json: a negative case may hold integers beyond 64 bits, which orjson refuses
        kwargs["content"] = json.dumps(transport_kwargs["json"]).encode()
        kwargs.setdefault("headers", {})["Content-Type"] = "application/json"
    elif isinstance(transport_kwargs.get("data"), bytes | str):
        kwargs["content"] = transport_kwargs["data"]
    elif transport_kwargs.get("data") is not None:
        kwargs["data"] = transport_kwargs["data"]
    if transport_kwargs.get("files"):
        kwargs["files"] = _files(transport_kwargs["files"])
    if transport_kwargs.get("cookies"):
        cookies = "; ".join(f"{k}={v}" for k, v in transport_kwargs["cookies"].items())
        kwargs.setdefault("headers", {})["Cookie"] = cookies
    return kwargs


def _send(
    platform: FuzzPlatform,
    service: str,
    case: Any,
    headers: dict[str, str],
    sign: Callable[[bytes], dict[str, str]] | None,
) -> httpx.Response:
    transport_kwargs = case.as_transport_kwargs(base_url=service_base_url(service), headers=headers)
    kwargs = _httpx_kwargs(transport_kwargs)
    if sign is not None:
        content = kwargs.get("content", b"")
        body = content.encode() if isinstance(content, str) else content
        kwargs["headers"] = {**kwargs.get("headers", {}), **sign(body)}
    response = platform.request(
        service, transport_kwargs["method"], transport_kwargs["url"], **kwargs
    )
    # a multipart body (uploads) is sent as a stream; the checks read what was sent
    response.request.read()
    return response


@dataclass
class Outcome:
    """What fuzzing one service found, and how far it reached."""

    findings: list[Finding] = field(default_factory=list)
    sent: int = 0
    # operation label → the statuses its allowed callers were answered with
    statuses: dict[str, Counter[int]] = field(default_factory=dict)

    def reached(self) -> list[str]:
        """Operations at least one allowed caller got a 2xx from (past auth and 404s)."""
        return sorted(
            op for op, codes in self.statuses.items() if any(200 <= c < 300 for c in codes)
        )


def fuzz_service(
    platform: FuzzPlatform,
    service: str,
    identities: Identities,
    values: dict[str, list[str]],
) -> Outcome:
    """Fuzz every operation of ``service``."""
    app: FastAPI = platform.apps[service]
    rules = {(r.method, r.path): r for r in describe(app)}
    schema = schemathesis.openapi.from_dict(app.openapi())
    operations = [result.ok() for result in schema.get_all_operations()]
    # deletions last, so they do not take the seeded rows from under the other operations
    operations.sort(key=lambda op: (op.method.upper() == "DELETE", op.path, op.method))
    webhook_headers = hook(service, "webhook_headers")
    outcome = Outcome()
    for operation in operations:
        rule = rules[(operation.method.upper(), operation.path)]
        strategy = _strategy(operation, values)
        for caller in callers_of(rule):
            sign = None
            if caller.name == WEBHOOK and webhook_headers is not None:

                def sign(body: bytes) -> dict[str, str]:
                    return dict(webhook_headers(app, body))

            statuses = outcome.statuses.setdefault(operation.label, Counter())
            seen: Counter[int] = statuses if caller.allowed else Counter()
            examples = EXAMPLES if caller.allowed else REFUSED_EXAMPLES
            headers = identities.headers(caller.name)
            failure = _run(platform, service, operation, strategy, headers, examples, sign, seen)
            outcome.sent += sum(seen.values())
            if failure is not None:
                outcome.findings.append(Finding(service, operation.label, caller.name, failure))
    return outcome


def fuzz_gateway(
    platform: FuzzPlatform, document: dict[str, Any], headers: dict[str, str]
) -> Outcome:
    """Fuzz the gateway's merged public document once, through the gateway, as one caller."""
    schema = schemathesis.openapi.from_dict(document)
    outcome = Outcome()
    for result in schema.get_all_operations():
        operation = result.ok()
        statuses = outcome.statuses.setdefault(operation.label, Counter())
        strategy = _strategy(operation, {})
        failure = _run(
            platform, "gateway", operation, strategy, headers, GATEWAY_EXAMPLES, None, statuses
        )
        outcome.sent += sum(statuses.values())
        if failure is not None:
            outcome.findings.append(Finding("gateway", operation.label, "customer", failure))
    return outcome


def _run(
    platform: FuzzPlatform,
    service: str,
    operation: APIOperation,
    strategy: st.SearchStrategy[Any],
    headers: dict[str, str],
    examples: int,
    sign: Callable[[bytes], dict[str, str]] | None,
    seen: Counter[int],
) -> str | None:
    @settings(
        max_examples=examples,
        deadline=None,
        derandomize=not RANDOM,
        database=None,
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=list(HealthCheck),
        report_multiple_bugs=False,
    )
    @given(case=strategy)
    def check(case: Any) -> None:
        response = _send(platform, service, case, headers, sign)
        seen[response.status_code] += 1
        case.validate_response(response, checks=CHECKS)

    try:
        check()
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as failure:  # schemathesis' failures are exception groups
        return _describe(failure)[:6000]
    return None


def _describe(failure: BaseException) -> str:
    """The failure and what it wraps (a state-dependent failure is reported as "flaky", with
    the real one inside: the first request changed what the repeat saw)."""
    text = f"{type(failure).__name__}: {failure}"
    if isinstance(failure, BaseExceptionGroup):
        text += "".join("\n  ↳ " + _describe(inner) for inner in failure.exceptions)
    elif failure.__cause__ is not None:
        text += "\n  caused by " + _describe(failure.__cause__)
    return text
