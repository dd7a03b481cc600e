"""The 15 house brands LAKOO sells under (DOMAIN.md, brand), as reference data.

Ids are derived from the brand code (uuid5), so every database that seeds them — brand_db by
its first migration, product_db for brand names in search — agrees on them without a call.
"""

from __future__ import annotations

from dataclasses import dataclass
from uuid import UUID, uuid5

BRAND_NAMESPACE = UUID("6f1d3c2e-0b7a-5c1e-9d4f-1a2b3c4d5e6f")


@dataclass(frozen=True, slots=True)
class HouseBrand:
    """A house brand as seeded: identity, positioning and who it is for."""

    code: str
    name: str
    slug: str
    positioning: str
    target_audience: str

    @property
    def id(self) -> UUID:
        return brand_id(self.code)


def brand_id(code: str) -> UUID:
    """The fixed id of the house brand with ``code``."""
    return uuid5(BRAND_NAMESPACE, f"lakoo-brand:{code}")


HOUSE_BRANDS: tuple[HouseBrand, ...] = (
    HouseBrand(
        "NSA",
        "Nusa Atelier",
        "nusa-atelier",
        "Contemporary batik and tenun tailoring for the office",
        "Urban professionals 25-40",
    ),
    HouseBrand(
        "KRN",
        "Kirana",
        "kirana",
        "Modest everyday wear in soft, breathable fabrics",
        "Women 18-35 who dress modestly",
    ),
    HouseBrand(
        "SGR",
        "Segara",
        "segara",
        "Resort and beachwear inspired by the Indonesian coast",
        "Holiday-goers and island locals",
    ),
    HouseBrand(
        "RMB",
        "Rimba Outdoor",
        "rimba-outdoor",
        "Durable outdoor and hiking apparel for tropical trails",
        "Hikers and weekend adventurers 20-45",
    ),
    HouseBrand(
        "JKS",
        "Jakarta Streetwise",
        "jakarta-streetwise",
        "Streetwear with local graphic culture",
        "Teens and young adults 15-25",
    ),
    HouseBrand(
        "LTR",
        "Lentera Kids",
        "lentera-kids",
        "Playful, safe-to-wash children's clothing",
        "Parents of children 2-12",
    ),
    HouseBrand(
        "BNG",
        "Bunga Rampai",
        "bunga-rampai",
        "Feminine florals and occasion dresses",
        "Women 20-40 attending events",
    ),
    HouseBrand(
        "GRD",
        "Garuda Active",
        "garuda-active",
        "Performance sportswear at accessible prices",
        "Gym-goers and runners 18-40",
    ),
    HouseBrand(
        "SNJ", "Senja", "senja", "Relaxed loungewear and sleepwear", "Home-lovers of every age"
    ),
    HouseBrand(
        "ARK",
        "Arka Denim",
        "arka-denim",
        "Selvedge-inspired denim cut for Indonesian fits",
        "Denim fans 18-35",
    ),
    HouseBrand(
        "MLT",
        "Melati Muslimah",
        "melati-muslimah",
        "Hijab, gamis and koko sets for daily and festive wear",
        "Muslim families, Ramadan and Lebaran shoppers",
    ),
    HouseBrand(
        "PRT",
        "Pertiwi Heritage",
        "pertiwi-heritage",
        "Premium heritage pieces in songket and ikat",
        "Shoppers 30-55 who value craft",
    ),
    HouseBrand(
        "KTA",
        "Kota Basics",
        "kota-basics",
        "Affordable wardrobe essentials: tees, polos, chinos",
        "Students and first-jobbers 17-28",
    ),
    HouseBrand(
        "LNG",
        "Langit Formal",
        "langit-formal",
        "Formal and wedding wear for men and women",
        "Wedding guests and office executives",
    ),
    HouseBrand(
        "TNH",
        "Tanah Craft",
        "tanah-craft",
        "Handmade bags, footwear and accessories",
        "Gift buyers and craft lovers 22-45",
    ),
)
