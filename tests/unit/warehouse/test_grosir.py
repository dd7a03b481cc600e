"""The grosir bundle rule (pure): the worked example and its invariants, by property tests."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from api.warehouse import grosir

SIZES = ["S", "M", "L", "XL"]
EXAMPLE = grosir.BundleConfig(
    {"S": 2, "M": 5, "L": 4, "XL": 1}, {"S": 20, "M": 50, "L": 40, "XL": 30}
)


def test_worked_example_m48_needs_ten_bundles_and_is_allowed() -> None:
    demand = {"M": 48}
    assert grosir.bundles_needed(EXAMPLE, demand) == 10
    assert grosir.excess(EXAMPLE, demand) == {"S": 20, "M": 2, "L": 40, "XL": 10}
    assert grosir.allowed(EXAMPLE, demand)
    assert grosir.allowed(EXAMPLE, {"M": 50})
    assert not grosir.allowed(EXAMPLE, {"M": 51})
    assert grosir.violations(EXAMPLE, {"M": 51}) == ["S", "L"]


def test_m_is_locked_at_fifty_constrained_by_s() -> None:
    at_50 = grosir.availability(EXAMPLE, "M", available=0, demand={"M": 50})
    assert (at_50.locked, at_50.max_orderable, at_50.constraining_variant) == (True, 0, "S")
    at_48 = grosir.availability(EXAMPLE, "M", available=0, demand={"M": 48})
    assert (at_48.locked, at_48.max_orderable) == (False, 2)


def test_a_variant_with_stock_is_never_locked() -> None:
    result = grosir.availability(EXAMPLE, "M", available=3, demand={"M": 50})
    assert (result.locked, result.max_orderable) == (False, 3)


def test_without_a_bundle_only_stock_can_be_sold() -> None:
    result = grosir.allocate(None, {"X": 2}, available={"X": 1}, demand={})
    assert result.refused == "X"
    assert grosir.availability(None, "X", available=4, demand={}).max_orderable == 4


def test_config_rejects_negative_tolerance_and_foreign_variants() -> None:
    for units, tolerances in [({"S": 2}, {"S": -1}), ({"S": 2}, {"M": 1}), ({"S": 0}, {})]:
        try:
            grosir.BundleConfig(units, tolerances)
        except ValueError:
            continue
        raise AssertionError(f"accepted {units} {tolerances}")


configs = st.builds(
    lambda units, tolerances: grosir.BundleConfig(
        dict(zip(SIZES, units, strict=False)),
        dict(zip(SIZES[: len(units)], tolerances, strict=False)),
    ),
    st.lists(st.integers(1, 8), min_size=1, max_size=4),
    st.lists(st.integers(0, 40), min_size=4, max_size=4),
)
sales = st.lists(
    st.tuples(st.sampled_from(SIZES), st.integers(1, 12), st.integers(0, 3)), max_size=40
)


@settings(max_examples=300, deadline=None)
@given(config=configs, sequence=sales)
def test_no_sequence_of_allowed_sales_leaves_surplus_above_tolerance(
    config: grosir.BundleConfig[str], sequence: list[tuple[str, int, int]]
) -> None:
    """Sales (with stock arriving now and then) never push any size over its tolerance."""
    demand = {v: 0 for v in config.units}
    stock = {v: 0 for v in config.units}
    for size, quantity, arrival in sequence:
        if size not in config.units:
            continue
        stock[size] += arrival
        result = grosir.allocate(config, {size: quantity}, available=stock, demand=demand)
        if not result.ok:
            continue
        # stock on hand is used before backorders
        assert result.from_stock[size] == min(quantity, stock[size])
        assert result.from_backorder[size] == 0 or result.from_stock[size] == stock[size]
        stock[size] -= result.from_stock[size]
        demand[size] += result.from_backorder[size]
        surplus = grosir.excess(config, demand)
        assert all(surplus[v] <= config.tolerance(v) for v in config.units)


@settings(max_examples=300, deadline=None)
@given(
    config=configs,
    backorders=st.lists(st.integers(0, 30), min_size=4, max_size=4),
    available=st.integers(0, 5),
    pick=st.integers(0, 3),
)
def test_max_orderable_is_exact(
    config: grosir.BundleConfig[str], backorders: list[int], available: int, pick: int
) -> None:
    """Every quantity up to max_orderable is accepted; one more unit is refused."""
    variants = list(config.units)
    variant = variants[pick % len(variants)]
    demand = dict(zip(variants, backorders, strict=False))
    result = grosir.availability(config, variant, available=available, demand=demand)
    stock = {variant: available}
    if result.constraining_variant is None:
        # a one-size bundle whose tolerance covers a whole bundle never overflows: the search
        # stops at HEADROOM_LIMIT and there is no "one more unit" to refuse
        assert len(config.units) == 1 and result.headroom == grosir.HEADROOM_LIMIT
        return
    for quantity in range(1, result.max_orderable + 1):
        assert grosir.allocate(config, {variant: quantity}, available=stock, demand=demand).ok
    one_more = grosir.allocate(
        config, {variant: result.max_orderable + 1}, available=stock, demand=demand
    )
    assert one_more.refused == variant
    assert result.locked == (result.max_orderable == 0)
    if result.headroom == 0 and available == 0:
        assert result.constraining_variant is not None


@given(quantity=st.integers(1, 100), available=st.integers(0, 100))
def test_split_uses_stock_before_backorders(quantity: int, available: int) -> None:
    from_stock, from_backorder = grosir.split(quantity, available)
    assert from_stock + from_backorder == quantity
    assert from_stock == min(quantity, available)
