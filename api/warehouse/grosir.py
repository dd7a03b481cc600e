"""The grosir bundle rule of DOMAIN.md (warehouse) as pure functions: no I/O, no clock.

A house product is bought from the factory in whole bundles (``units[v]`` of each variant per
bundle). Beyond stock, a variant may be sold as a *backorder* that the next bundle purchase fills,
but only while the bundle maths allow it. With backorder demand ``B[v]``:

    n         = max_v ceil(B[v] / units[v])            bundles needed
    excess[w] = n * units[w] - B[w]                    surplus left once the bundles arrive
    allowed   = excess[w] <= max_excess[w] for every w

``headroom`` is how many more units of one variant can be backordered *one after another*, each
quantity from 1 up to it being allowed; the next unit is refused (``max_orderable`` is exact).
The rule is not monotone when a variant's own tolerance is below ``units - 1`` (selling three
units may be allowed where one is not, because three complete a bundle); a reservation applies
the rule itself to its resulting demand, so it never accepts what the rule forbids.

Variants are any hashable keys (UUIDs in the service, "S"/"M" in the tests).
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass, field
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)

# Upper bound of the headroom search: only a one-variant bundle with a generous tolerance has no
# natural end, and no buyer orders more than this in one go.
HEADROOM_LIMIT = 100_000


def _ceil_div(a: int, b: int) -> int:
    return -(-a // b)


@dataclass(frozen=True)
class BundleConfig(Generic[K]):
    """Units of each variant per bundle and each variant's tolerated surplus (config order kept)."""

    units: Mapping[K, int]
    max_excess: Mapping[K, int] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.units:
            raise ValueError("a bundle has at least one variant")
        for variant, count in self.units.items():
            if count < 1:
                raise ValueError(f"units_per_bundle of {variant} must be at least 1")
        for variant, tolerance in self.max_excess.items():
            if variant not in self.units:
                raise ValueError(f"tolerance given for {variant}, which is not in the bundle")
            if tolerance < 0:
                raise ValueError(f"max_excess_units of {variant} must not be negative")

    def tolerance(self, variant: K) -> int:
        """The variant's tolerated surplus (0 when not configured)."""
        return self.max_excess.get(variant, 0)


def bundles_needed(config: BundleConfig[K], demand: Mapping[K, int]) -> int:
    """Whole bundles needed to fill every variant's backorders."""
    return max(_ceil_div(demand.get(v, 0), u) for v, u in config.units.items())


def excess(config: BundleConfig[K], demand: Mapping[K, int]) -> dict[K, int]:
    """Surplus per variant once ``bundles_needed`` bundles fill the backorders."""
    n = bundles_needed(config, demand)
    return {v: n * u - demand.get(v, 0) for v, u in config.units.items()}


def violations(config: BundleConfig[K], demand: Mapping[K, int]) -> list[K]:
    """Variants whose surplus would exceed their tolerance, in config order."""
    return [v for v, surplus in excess(config, demand).items() if surplus > config.tolerance(v)]


def allowed(config: BundleConfig[K], demand: Mapping[K, int]) -> bool:
    """Whether backorder demand ``demand`` leaves every variant within its tolerance."""
    return not violations(config, demand)


def headroom(
    config: BundleConfig[K], variant: K, demand: Mapping[K, int], *, limit: int = HEADROOM_LIMIT
) -> tuple[int, K | None]:
    """Units of ``variant`` that can be backordered now, and the variant that stops the next one.

    Every quantity from 1 to the headroom is allowed; headroom + 1 is refused, and the second
    value names the first variant (config order) whose tolerance it would overflow (None when
    the search reached ``limit``, or when ``variant`` is not in the bundle: it cannot backorder).
    """
    if variant not in config.units:
        return 0, None
    own_units = config.units[variant]
    own_demand = demand.get(variant, 0)
    others = {w: u for w, u in config.units.items() if w != variant}
    n_others = max((_ceil_div(demand.get(w, 0), u) for w, u in others.items()), default=0)
    # n * units[w] - B[w] <= max[w]  <=>  n <= (B[w] + max[w]) // units[w]: a cap on bundles
    caps = {w: (demand.get(w, 0) + config.tolerance(w)) // u for w, u in others.items()}
    for k in range(1, limit + 1):
        n = max(n_others, _ceil_div(own_demand + k, own_units))
        over = [w for w, cap in caps.items() if n > cap]
        if over:
            return k - 1, over[0]
        if n * own_units - own_demand - k > config.tolerance(variant):
            return k - 1, variant
    return limit, None


@dataclass(frozen=True)
class Availability(Generic[K]):
    """What a buyer may order of one variant now."""

    variant: K
    available: int
    headroom: int
    constraining_variant: K | None

    @property
    def max_orderable(self) -> int:
        """Stock plus backorder headroom; one more unit is refused."""
        return self.available + self.headroom

    @property
    def locked(self) -> bool:
        """No stock and no backorder headroom: the bundle maths forbid the next unit."""
        return self.max_orderable == 0 and self.constraining_variant is not None


def availability(
    config: BundleConfig[K] | None, variant: K, *, available: int, demand: Mapping[K, int]
) -> Availability[K]:
    """Availability of ``variant`` (no bundle config: stock only, never locked)."""
    if config is None or variant not in config.units:
        return Availability(variant, available, 0, None)
    found = headroom(config, variant, demand)
    return Availability(variant, available, found[0], found[1])


def split(quantity: int, available: int) -> tuple[int, int]:
    """``(from_stock, from_backorder)``: stock on hand is always used before backorders."""
    from_stock = min(quantity, max(available, 0))
    return from_stock, quantity - from_stock


@dataclass(frozen=True)
class Allocation(Generic[K]):
    """How one product's requested quantities are served, or the variant that cannot be."""

    from_stock: dict[K, int]
    from_backorder: dict[K, int]
    refused: K | None = None

    @property
    def ok(self) -> bool:
        return self.refused is None


def allocate(
    config: BundleConfig[K] | None,
    requests: Mapping[K, int],
    *,
    available: Mapping[K, int],
    demand: Mapping[K, int],
) -> Allocation[K]:
    """Serve ``requests`` (one product's variants) from stock first, the rest as backorders.

    Backorders are accepted only for variants in the bundle and only if the resulting demand of
    the whole product is allowed; otherwise the first requested variant (in ``requests`` order)
    that needed a backorder is refused and nothing is allocated.
    """
    from_stock: dict[K, int] = {}
    from_backorder: dict[K, int] = {}
    for variant, quantity in requests.items():
        from_stock[variant], from_backorder[variant] = split(quantity, available.get(variant, 0))
    short = [v for v, q in from_backorder.items() if q > 0]
    if not short:
        return Allocation(from_stock, from_backorder)
    if config is None or any(v not in config.units for v in short):
        refused = next(v for v in short if config is None or v not in config.units)
        return Allocation({}, {}, refused)
    new_demand = dict(demand)
    for variant in short:
        new_demand[variant] = new_demand.get(variant, 0) + from_backorder[variant]
    if not allowed(config, new_demand):
        return Allocation({}, {}, short[0])
    return Allocation(from_stock, from_backorder)
