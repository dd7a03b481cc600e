"""Rendering templates safely: a sandboxed Jinja2 environment, placeholder checks on save.

Templates are edited by admins through the API, so they run in Jinja's ``SandboxedEnvironment``
(no attribute access to Python internals) with ``StrictUndefined`` (a missing value is an error,
never an empty string in a customer's message). A template is checked when it is saved: it must
compile, and every variable it reads must be a placeholder its kind declares.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from jinja2 import StrictUndefined, Template, TemplateError, meta
from jinja2.sandbox import SandboxedEnvironment


def rupiah(value: Any) -> str:
    """``150000`` → ``150.000`` (Indonesian thousands separator)."""
    try:
        return f"{int(value):,}".replace(",", ".")
    except (TypeError, ValueError):
        return str(value)


def _environment(*, autoescape: bool) -> SandboxedEnvironment:
    env = SandboxedEnvironment(undefined=StrictUndefined, autoescape=autoescape)
    env.filters["rupiah"] = rupiah
    return env


_TEXT = _environment(autoescape=False)
_HTML = _environment(autoescape=True)


class TemplateProblem(ValueError):
    """A template that does not compile or uses a placeholder its kind does not declare."""

    def __init__(self, message: str, *, placeholder: str | None = None) -> None:
        super().__init__(message)
        self.placeholder = placeholder


def placeholders_of(source: str, *, html: bool = False) -> set[str]:
    """The variables a template reads; raises :class:`TemplateProblem` if it does not compile."""
    env = _HTML if html else _TEXT
    try:
        parsed = env.parse(source)
        env.compile(parsed)  # unknown filters and tests fail here, not at send time
    except TemplateError as exc:
        raise TemplateProblem(f"template does not compile: {exc}") from exc
    return set(meta.find_undeclared_variables(parsed))


def check(source: str, allowed: frozenset[str], *, html: bool = False) -> None:
    """Refuse a template that reads anything but ``allowed`` (names the first unknown one)."""
    unknown = sorted(placeholders_of(source, html=html) - allowed)
    if unknown:
        raise TemplateProblem(
            f"unknown placeholder {unknown[0]!r}; allowed: {', '.join(sorted(allowed))}",
            placeholder=unknown[0],
        )


@lru_cache(maxsize=2048)
def _compiled(source: str, html: bool) -> Template:
    # compiling is most of a render's cost; a template's source is its own cache key
    return (_HTML if html else _TEXT).from_string(source)


def render(source: str, params: Mapping[str, Any], *, html: bool = False) -> str:
    """Render one template; a missing placeholder raises :class:`TemplateProblem`."""
    try:
        return _compiled(source, html).render(**params)
    except TemplateError as exc:
        raise TemplateProblem(f"template could not be rendered: {exc}") from exc


@dataclass(frozen=True, slots=True)
class Rendered:
    """One message as it will be sent (or, with secrets masked, as it is stored)."""

    subject: str | None
    body: str
    html_body: str | None
    whatsapp_parameters: list[str]
