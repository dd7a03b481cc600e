"""The prefix table and the merge of OpenAPI documents."""

from __future__ import annotations

from api.gateway.openapi import merge_documents
from api.gateway.routing import PREFIXES, RouteTable, owner_of


def test_the_longest_prefix_owns_a_path() -> None:
    assert owner_of("/api/auth/login") == "auth"
    assert owner_of("/api/auth") == "auth"
    assert owner_of("/webhooks/xendit/invoice") == "payment"
    assert owner_of("/webhooks/xendit/disbursement") == "wallet"
    assert owner_of("/webhooks/xendit/disbursement/callback") == "wallet"
    assert owner_of("/webhooks/messages/sendgrid") == "notification"
    assert owner_of("/internal/payments") is None
    assert owner_of("/") is None


def test_an_unbuilt_longer_prefix_is_503_not_the_shorter_prefixs_service() -> None:
    route = RouteTable(["payment"]).resolve("/webhooks/xendit/disbursement")
    assert route is not None
    assert (route.service, route.built) == ("wallet", False)


def test_every_design_prefix_resolves_and_unbuilt_ones_say_so() -> None:
    table = RouteTable(["auth"])
    for prefix, service in PREFIXES.items():
        route = table.resolve(prefix + "/x")
        assert route is not None
        assert route.service == service
        assert route.built is (service == "auth")
    assert table.resolve("/api/unknown/1") is None


def test_merge_keeps_public_paths_and_renames_colliding_schemas() -> None:
    def doc(path: str, shape: str) -> dict[str, object]:
        return {
            "paths": {path: {"get": {"$ref": "#/components/schemas/Item"}}, "/internal/x": {}},
            "components": {"schemas": {"Item": {"type": shape}}},
        }

    merged = merge_documents(
        {"auth": doc("/api/auth/me", "object"), "cart": doc("/api/cart", "array")}
    )
    assert set(merged["paths"]) == {"/api/auth/me", "/api/cart"}
    assert merged["components"]["schemas"]["Item"] == {"type": "object"}
    assert merged["components"]["schemas"]["CartItem"] == {"type": "array"}
    assert merged["paths"]["/api/cart"]["get"]["$ref"] == "#/components/schemas/CartItem"
