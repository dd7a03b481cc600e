"""A lean request handler for hot routes: the same checks as FastAPI's, without its general
dependency solving.

FastAPI resolves every request's dependency tree generically (parameters, caches, exit stacks,
telemetry): on the wallet's ad-charge debits that was about a fifth of the service's CPU, for a
route whose tree is one guard, one app-state lookup and one JSON body. :class:`LeanRoute`
answers such a route with a handler built once from the route's own dependant:

- each dependency must declare its *lean form* with :func:`lean_form` — a coroutine of the
  request doing what the dependency does (the guard calls the very same check);
- the body is read, parsed and validated by FastAPI's own functions, in FastAPI's order (JSON
  decoding, then the dependencies, then validation), so answers and errors are the same;
- the endpoint must return a :class:`~starlette.responses.Response` itself.

A route of any other shape (path, query or header parameters of its own, a dependency without a
lean form, a ``yield`` dependency…) keeps FastAPI's handler, and so does every request while
``app.dependency_overrides`` is set (tests overriding a dependency get what they asked for).
The route's OpenAPI, its access rule (:mod:`api.kit.access`) and its matching are FastAPI's:
only the per-request handler differs.
"""

from __future__ import annotations

import email.message
import json
import typing
from collections.abc import Awaitable, Callable, Coroutine
from typing import Any

from fastapi import params, routing
from fastapi._body_limit import MAX_BODY_SIZE_SCOPE_KEY, get_body_limit_error
from fastapi._compat import Undefined
from fastapi.datastructures import DefaultPlaceholder
from fastapi.dependencies.models import Dependant
from fastapi.dependencies.utils import request_body_to_args
from fastapi.exceptions import HTTPException, RequestValidationError
from starlette.requests import Request
from starlette.responses import Response

LEAN_ATTRIBUTE = "__lakoo_lean__"

Handler = Callable[[Request], Coroutine[Any, Any, Response]]
LeanForm = Callable[[Request], Awaitable[Any]]
D = typing.TypeVar("D", bound=Callable[..., Any])


def lean_form(form: LeanForm) -> Callable[[D], D]:
    """Declare what a dependency does given only the request, for :class:`LeanRoute`."""

    def mark(dependency: D) -> D:
        setattr(dependency, LEAN_ATTRIBUTE, form)
        return dependency

    return mark


class LeanRoute(routing.APIRoute):
    """An ``APIRoute`` (use as a router's ``route_class``) answered by a lean handler when its
    shape allows it (see the module docstring), else exactly as FastAPI answers it."""

    def get_route_handler(self) -> Handler:
        standard = super().get_route_handler()
        # Under an include, FastAPI builds the handler of the route as included (with the
        # including routers' dependencies); the lean handler must see the same dependant.
        context = routing._effective_route_context_var.get()
        route: Any = context if context is not None and context.original_route is self else self
        plan = _plan(route.dependant, route, embed=route._embed_body_fields)
        if plan is None:
            return standard
        return _lean_handler(route, plan, standard)


class _Plan(typing.NamedTuple):
    forms: list[tuple[str | None, LeanForm]]
    body: Any  # the single body field, or None


def _plan(dependant: Dependant, route: Any, *, embed: bool) -> _Plan | None:
    """The lean handler's steps for ``dependant``, or None when it needs FastAPI's."""
    if (
        dependant.path_params
        or dependant.query_params
        or dependant.header_params
        or dependant.cookie_params
        or len(dependant.body_params) > 1
        or embed
        or dependant.request_param_name
        or dependant.websocket_param_name
        or dependant.http_connection_param_name
        or dependant.response_param_name
        or dependant.background_tasks_param_name
        or dependant.security_scopes_param_name
        or dependant.call is None
    ):
        return None
    if dependant.body_params and isinstance(dependant.body_params[0].field_info, params.Form):
        return None
    try:
        returns = typing.get_type_hints(dependant.call).get("return")
    except Exception:  # an annotation that does not resolve: let FastAPI handle it
        return None
    if not (isinstance(returns, type) and issubclass(returns, Response)):
        return None
    forms: list[tuple[str | None, LeanForm]] = []
    for dependency in dependant.dependencies:
        form = getattr(dependency.call, LEAN_ATTRIBUTE, None)
        if form is None:
            return None
        forms.append((dependency.name, form))
    return _Plan(forms, dependant.body_params[0] if dependant.body_params else None)


def _is_json(content_type: str | None, *, strict: bool) -> bool:
    # FastAPI's rule: application/json or application/*+json; no content type only when lax
    if not content_type:
        return not strict
    message = email.message.Message()
    message["content-type"] = content_type
    if message.get_content_maintype() != "application":
        return False
    subtype = message.get_content_subtype()
    return subtype == "json" or subtype.endswith("+json")


async def _read(request: Request) -> bytes:
    # FastAPI's answers: its body limit's error, else 400 for a body that could not be read
    try:
        return await request.body()
    except HTTPException:
        raise
    except Exception as exc:
        if MAX_BODY_SIZE_SCOPE_KEY in request.scope and (error := get_body_limit_error(exc)):
            raise error from exc
        raise HTTPException(status_code=400, detail="There was an error parsing the body") from exc


def _lean_handler(route: Any, plan: _Plan, standard: Handler) -> Handler:
    endpoint = route.dependant.call
    overrides = route.dependency_overrides_provider
    strict = route.strict_content_type
    strict = strict.value if isinstance(strict, DefaultPlaceholder) else bool(strict)

    async def app(request: Request) -> Response:
        if overrides is not None and getattr(overrides, "dependency_overrides", None):
            return await standard(request)
        body: Any = Undefined
        if plan.body is not None:
            raw = await _read(request)
            body = raw or Undefined
            if raw and _is_json(request.headers.get("content-type"), strict=strict):
                try:
                    body = json.loads(raw)
                except json.JSONDecodeError as exc:
                    raise RequestValidationError(
                        [
                            {
                                "type": "json_invalid",
                                "loc": ("body", exc.pos),
                                "msg": "JSON decode error",
                                "input": {},
                                "ctx": {"error": exc.msg},
                            }
                        ],
                        body=exc.doc,
                    ) from exc
        values: dict[str, Any] = {}
        for name, form in plan.forms:
            value = await form(request)
            if name is not None:
                values[name] = value
        if plan.body is not None:
            parsed, errors = await request_body_to_args(
                body_fields=[plan.body], received_body=body, embed_body_fields=False
            )
            if errors:
                raise RequestValidationError(errors, body=None if body is Undefined else body)
            values |= parsed
        response: Response = await endpoint(**values)
        return response

    return app
