"""Region search over the real Kemendagri data set loaded by the migration."""

from __future__ import annotations

import httpx


async def test_search_finds_gambir_in_jakarta_pusat_with_its_postal_code(
    client: httpx.AsyncClient,
) -> None:
    response = await client.get("/api/regions/search", params={"q": "gambir"})
    assert response.status_code == 200
    body = response.json()
    assert body["page"] == 1 and body["total"] >= 1
    first = body["items"][0]
    assert first == {
        "village_code": "31.71.01.1001",
        "village": "Gambir",
        "district": "Gambir",
        "city": "Kota Administrasi Jakarta Pusat",
        "province": "Daerah Khusus Ibukota Jakarta",
        "postal_code": "10110",
    }


async def test_search_by_postal_code_and_by_several_words(client: httpx.AsyncClient) -> None:
    by_code = await client.get("/api/regions/search", params={"q": "10110"})
    assert "31.71.01.1001" in [i["village_code"] for i in by_code.json()["items"]]
    words = await client.get("/api/regions/search", params={"q": "kebon kelapa jakarta pusat"})
    hits = words.json()["items"]
    assert hits and all("Jakarta Pusat" in h["city"] for h in hits)
    assert any(h["village"] == "Kebon Kelapa" for h in hits)


async def test_search_pages_and_rejects_a_too_short_query(client: httpx.AsyncClient) -> None:
    page = await client.get("/api/regions/search", params={"q": "jakarta", "page_size": 5})
    assert len(page.json()["items"]) == 5 and page.json()["total"] > 5
    short = await client.get("/api/regions/search", params={"q": "a"})
    assert short.status_code == 422
    assert short.json()["errors"][0]["field"] == "q"
