"""Token buckets: burst, refill, Retry-After, and the strict class for auth calls."""

from __future__ import annotations

from api.gateway.ratelimit import RateClass, RateLimiter


def _limiter(now: list[float]) -> RateLimiter:
    return RateLimiter(default=RateClass(2.0, 4), strict=RateClass(0.5, 2), clock=lambda: now[0])


def test_burst_then_wait_then_one_more() -> None:
    now = [0.0]
    limiter = _limiter(now)
    assert [limiter.check(path="/api/products", user_id="u", client_ip="ip") for _ in range(4)] == [
        0
    ] * 4
    assert limiter.check(path="/api/products", user_id="u", client_ip="ip") == 1
    now[0] += 0.5
    assert limiter.check(path="/api/products", user_id="u", client_ip="ip") == 0


def test_users_and_ips_have_separate_buckets() -> None:
    limiter = _limiter([0.0])
    for _ in range(4):
        limiter.check(path="/api/cart", user_id="a", client_ip="ip")
    assert limiter.check(path="/api/cart", user_id="a", client_ip="ip") > 0
    assert limiter.check(path="/api/cart", user_id="b", client_ip="ip") == 0
    assert limiter.check(path="/api/cart", user_id=None, client_ip="ip") == 0


def test_login_uses_the_strict_class_keyed_by_ip() -> None:
    limiter = _limiter([0.0])
    assert limiter.check(path="/api/auth/login", user_id=None, client_ip="ip") == 0
    assert limiter.check(path="/api/auth/login", user_id="x", client_ip="ip") == 0
    assert limiter.check(path="/api/auth/login", user_id=None, client_ip="ip") == 2
