"""Example payloads built generically from the catalog models, so a new event needs no table row.

``example(cls)`` builds one deterministic, valid instance; ``payloads(cls)`` is a hypothesis
strategy over valid instances. Both read the pydantic field annotations and their constraints.
"""

from __future__ import annotations

import types
from datetime import UTC, date, datetime
from typing import Annotated, Any, Literal, TypeVar, Union, get_args, get_origin
from uuid import UUID, uuid4

import annotated_types
from hypothesis import strategies as st
from pydantic import AwareDatetime, BaseModel
from pydantic.fields import FieldInfo

M = TypeVar("M", bound=BaseModel)

EXAMPLE_TIME = datetime(2026, 11, 24, 3, 0, tzinfo=UTC)


def _bounds(metadata: list[Any]) -> tuple[Any, Any]:
    low = high = None
    for item in metadata:
        if isinstance(item, annotated_types.Ge):
            low = item.ge
        elif isinstance(item, annotated_types.Le):
            high = item.le
    return low, high


def _is_optional(annotation: Any) -> bool:
    return get_origin(annotation) in (Union, types.UnionType) and type(None) in get_args(annotation)


def _non_none(annotation: Any) -> Any:
    (inner,) = [arg for arg in get_args(annotation) if arg is not type(None)]
    return inner


def _unwrap(annotation: Any, metadata: list[Any]) -> tuple[Any, list[Any]]:
    """``Annotated[int, Ge(0)]`` → ``(int, [Ge(0)])`` (pydantic only unwraps the outer level)."""
    if get_origin(annotation) is Annotated:
        inner, *extra = get_args(annotation)
        # a Field(ge=0) inside Annotated keeps its constraints in its own metadata list
        flat = [item for e in extra for item in (e.metadata if isinstance(e, FieldInfo) else [e])]
        return inner, [*metadata, *flat]
    return annotation, metadata


def example_value(annotation: Any, metadata: list[Any]) -> Any:
    """A valid value for ``annotation`` (optional fields get a value, not None)."""
    if _is_optional(annotation):
        return example_value(*_unwrap(_non_none(annotation), metadata))
    origin = get_origin(annotation)
    if origin is Literal:
        return get_args(annotation)[0]
    if origin is list:
        return [example_value(get_args(annotation)[0], [])]
    if origin is dict:
        keys, value = get_args(annotation)
        return {key: example_value(*_unwrap(value, [])) for key in _dict_keys(keys)}
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return example(annotation)
    low, high = _bounds(metadata)
    if annotation is bool:
        return True
    if annotation is int:
        return max(1, low or 0)
    if annotation is float:
        return 0.5 if high is not None else 1.5
    if annotation is str:
        return "example"
    if annotation is UUID:
        return uuid4()
    if annotation is AwareDatetime or annotation is datetime:
        return EXAMPLE_TIME
    if annotation is date:
        return EXAMPLE_TIME.date()
    raise NotImplementedError(f"no example for {annotation!r}")


def example(model: type[M]) -> M:
    """One valid instance of ``model`` with every field set."""
    values = {name: example_value(f.annotation, f.metadata) for name, f in _fields(model)}
    return model(**values)


def strategy_for(annotation: Any, metadata: list[Any]) -> st.SearchStrategy[Any]:
    """A hypothesis strategy over valid values of ``annotation``."""
    if _is_optional(annotation):
        return st.none() | strategy_for(*_unwrap(_non_none(annotation), metadata))
    origin = get_origin(annotation)
    if origin is Literal:
        return st.sampled_from(get_args(annotation))
    if origin is list:
        return st.lists(strategy_for(get_args(annotation)[0], []), max_size=3)
    if origin is dict:
        keys, value = get_args(annotation)
        return st.fixed_dictionaries(
            {key: strategy_for(*_unwrap(value, [])) for key in _dict_keys(keys)}
        )
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return payloads(annotation)
    low, high = _bounds(metadata)
    if annotation is bool:
        return st.booleans()
    if annotation is int:
        # unbounded fields (signed money) still live in BIGINT: draw from a realistic range
        return st.integers(
            min_value=low if low is not None else -(10**12),
            max_value=high if high is not None else 10**12,
        )
    if annotation is float:
        return st.floats(min_value=low, max_value=high, allow_nan=False, allow_infinity=False)
    if annotation is str:
        return st.text(max_size=20)
    if annotation is UUID:
        return st.uuids()
    if annotation is AwareDatetime or annotation is datetime:
        return st.datetimes(timezones=st.just(UTC))
    if annotation is date:
        return st.dates()
    raise NotImplementedError(f"no strategy for {annotation!r}")


def payloads(model: type[M]) -> st.SearchStrategy[M]:
    """A hypothesis strategy over valid instances of ``model``."""
    fields = {name: strategy_for(f.annotation, f.metadata) for name, f in _fields(model)}
    return st.fixed_dictionaries(fields).map(lambda values: model(**values))


def _dict_keys(keys: Any) -> tuple[Any, ...]:
    """The keys of a dict field: a closed set (``Literal``) is filled in whole."""
    if get_origin(keys) is not Literal:
        raise NotImplementedError(f"dict keys must be a Literal, not {keys!r}")
    return get_args(keys)


def _fields(model: type[BaseModel]) -> list[tuple[str, FieldInfo]]:
    return list(model.model_fields.items())
