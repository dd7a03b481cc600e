"""The upstream pool: round robin, passive health marks, and which requests may be retried."""

from __future__ import annotations

from api.gateway.settings import GatewaySettings
from api.gateway.upstreams import UpstreamPool, may_retry, parse_upstreams


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_requests_take_the_instances_in_turn() -> None:
    pool = UpstreamPool(["http://a", "http://b", "http://c"])
    firsts = [pool.candidates()[0].url for _ in range(6)]
    assert firsts == ["http://a", "http://b", "http://c"] * 2


def test_a_failed_instance_is_skipped_until_its_mark_expires_then_tried_again() -> None:
    clock = Clock()
    pool = UpstreamPool(["http://a", "http://b"], down_seconds=10, clock=clock)
    a = pool.instances[0]
    pool.failed(a)
    assert [pool.candidates()[0].url for _ in range(4)] == ["http://b"] * 4
    assert pool.candidates()[-1] is a  # still the last resort
    clock.now += 10
    assert {pool.candidates()[0].url for _ in range(2)} == {"http://a", "http://b"}
    pool.answered(a)
    assert a.failures == 0 and a.served == 1


def test_when_every_instance_is_down_the_one_marked_longest_ago_goes_first() -> None:
    clock = Clock()
    pool = UpstreamPool(["http://a", "http://b"], clock=clock)
    pool.failed(pool.instances[1])
    clock.now += 1
    pool.failed(pool.instances[0])
    assert [i.url for i in pool.candidates()] == ["http://b", "http://a"]


def test_only_idempotent_requests_without_a_body_are_retried() -> None:
    assert may_retry("GET", has_body=False)
    assert may_retry("delete", has_body=False)
    assert may_retry("PUT", has_body=False)
    assert not may_retry("PUT", has_body=True)
    assert not may_retry("POST", has_body=False)
    assert not may_retry("PATCH", has_body=True)


def test_a_service_url_may_list_several_instances(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setenv("PRODUCT_SERVICE_URL", "http://p1:3002/, http://p2:3002")
    settings = GatewaySettings()
    assert settings.service_upstreams["product"] == ["http://p1:3002", "http://p2:3002"]
    assert settings.service_urls["product"] == "http://p1:3002"
    assert parse_upstreams(" , ") == []
