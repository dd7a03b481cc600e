"""Every event survives build_envelope → JSON → parse_event unchanged, and bad input is refused."""

from __future__ import annotations

from uuid import uuid4

import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from api.events import (
    EventPayload,
    OrderCreated,
    PaymentPaid,
    UnknownEventType,
    build_envelope,
    parse_event,
    registry,
)
from tests.unit.events.examples import example, payloads

ALL_TYPES = sorted(registry())


def _wire(payload: EventPayload) -> bytes:
    envelope = build_envelope(payload, aggregate_id=uuid4(), producer="test")
    return orjson.dumps(envelope.model_dump(mode="json"))


@pytest.mark.parametrize("event_type", ALL_TYPES)
def test_example_payload_round_trips_through_the_wire(event_type: str) -> None:
    payload = example(registry()[event_type])
    event = parse_event(_wire(payload))
    assert event.event_type == event_type
    assert type(event.payload) is type(payload)
    assert event.payload == payload
    assert event.envelope.aggregate_type == payload.aggregate_type


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), event_type=st.sampled_from(ALL_TYPES))
def test_any_valid_payload_round_trips_through_the_wire(
    data: st.DataObject, event_type: str
) -> None:
    payload = data.draw(payloads(registry()[event_type]))
    assert parse_event(_wire(payload)).payload == payload


def _raw_with_payload(payload: EventPayload, **changes: object) -> bytes:
    document = orjson.loads(_wire(payload))
    document["payload"].update(changes)
    return orjson.dumps(document)


def test_money_given_as_a_float_is_rejected() -> None:
    payment = example(PaymentPaid)
    with pytest.raises(ValidationError, match="gateway_fee"):
        parse_event(_raw_with_payload(payment, gateway_fee=float(payment.gateway_fee)))


def test_money_in_a_nested_item_given_as_a_float_is_rejected() -> None:
    order = example(OrderCreated)
    raw = orjson.loads(_wire(order))
    raw["payload"]["items"][0]["unit_price"] = 125000.0
    with pytest.raises(ValidationError, match="unit_price"):
        parse_event(orjson.dumps(raw))


def test_negative_money_is_rejected() -> None:
    with pytest.raises(ValidationError, match="amount"):
        parse_event(_raw_with_payload(example(PaymentPaid), amount=-1))


def test_an_unknown_payload_field_is_rejected() -> None:
    with pytest.raises(ValidationError, match="surprise"):
        parse_event(_raw_with_payload(example(OrderCreated), surprise=1))


def test_an_unknown_field_in_a_nested_model_is_rejected() -> None:
    raw = orjson.loads(_wire(example(OrderCreated)))
    raw["payload"]["shipping_address"]["surprise"] = 1
    with pytest.raises(ValidationError, match="surprise"):
        parse_event(orjson.dumps(raw))


def test_a_missing_required_field_is_rejected() -> None:
    raw = orjson.loads(_wire(example(PaymentPaid)))
    del raw["payload"]["net_amount"]
    with pytest.raises(ValidationError, match="net_amount"):
        parse_event(orjson.dumps(raw))


def test_a_naive_timestamp_is_rejected() -> None:
    with pytest.raises(ValidationError, match="paid_at"):
        parse_event(_raw_with_payload(example(PaymentPaid), paid_at="2026-11-24T10:00:00"))


def test_a_value_outside_a_closed_set_is_rejected() -> None:
    with pytest.raises(ValidationError, match="method"):
        parse_event(_raw_with_payload(example(PaymentPaid), method="cash"))


def test_an_unknown_event_type_raises_unknown_event_type() -> None:
    raw = orjson.loads(_wire(example(OrderCreated)))
    raw["event_type"] = "order.teleported"
    with pytest.raises(UnknownEventType, match="order.teleported"):
        parse_event(orjson.dumps(raw))


def test_payloads_are_immutable() -> None:
    payment = example(PaymentPaid)
    with pytest.raises(ValidationError):
        payment.amount = 1  # type: ignore[misc]
