"""The raw material of the demo catalogue: categories, garments, fabrics, colours, sizes."""

from __future__ import annotations

# (parent slug, slug, name) — parents first
CATEGORIES: list[tuple[str | None, str, str]] = [
    (None, "pakaian-pria", "Pakaian Pria"),
    (None, "pakaian-wanita", "Pakaian Wanita"),
    (None, "pakaian-anak", "Pakaian Anak"),
    (None, "busana-muslim", "Busana Muslim"),
    (None, "aksesoris", "Aksesoris"),
    ("pakaian-pria", "kemeja-pria", "Kemeja Pria"),
    ("pakaian-pria", "kaos-pria", "Kaos Pria"),
    ("pakaian-pria", "celana-pria", "Celana Pria"),
    ("pakaian-wanita", "dress", "Dress"),
    ("pakaian-wanita", "blouse", "Blouse"),
    ("pakaian-wanita", "rok", "Rok"),
    ("pakaian-anak", "kaos-anak", "Kaos Anak"),
    ("busana-muslim", "gamis", "Gamis"),
    ("busana-muslim", "koko", "Baju Koko"),
    ("busana-muslim", "hijab", "Hijab"),
    ("aksesoris", "tas", "Tas"),
    ("aksesoris", "sepatu", "Sepatu"),
]

# category slug → (garment name, English name, base cost in rupiah, weight grams, sizes)
GARMENTS: dict[str, list[tuple[str, str, int, int, tuple[str, ...]]]] = {
    "kemeja-pria": [
        ("Kemeja Batik", "batik shirt", 110_000, 300, ("S", "M", "L", "XL")),
        ("Kemeja Flanel", "flannel shirt", 90_000, 320, ("M", "L", "XL")),
        ("Kemeja Linen", "linen shirt", 120_000, 250, ("S", "M", "L", "XL")),
    ],
    "kaos-pria": [
        ("Kaos Polos", "plain t-shirt", 35_000, 180, ("S", "M", "L", "XL", "XXL")),
        ("Kaos Grafis", "graphic tee", 45_000, 190, ("S", "M", "L", "XL")),
        ("Polo Shirt", "polo shirt", 65_000, 220, ("M", "L", "XL")),
    ],
    "celana-pria": [
        ("Celana Chino", "chino trousers", 95_000, 450, ("28", "30", "32", "34")),
        ("Celana Jeans", "denim jeans", 130_000, 600, ("28", "30", "32", "34", "36")),
    ],
    "dress": [
        ("Dress Midi Bunga", "floral midi dress", 120_000, 350, ("S", "M", "L")),
        ("Dress Kebaya Modern", "modern kebaya dress", 210_000, 400, ("S", "M", "L")),
    ],
    "blouse": [
        ("Blouse Rayon", "rayon blouse", 60_000, 200, ("S", "M", "L", "XL")),
        ("Blouse Tenun", "woven blouse", 140_000, 250, ("S", "M", "L")),
    ],
    "rok": [
        ("Rok Plisket", "pleated skirt", 70_000, 300, ("All Size",)),
        ("Rok Batik Lilit", "batik wrap skirt", 85_000, 280, ("S", "M", "L")),
    ],
    "kaos-anak": [
        ("Kaos Anak Karakter", "kids character tee", 30_000, 120, ("2T", "4T", "6", "8"))
    ],
    "gamis": [("Gamis Syari", "syari gamis", 150_000, 500, ("S", "M", "L", "XL"))],
    "koko": [("Baju Koko Bordir", "embroidered koko shirt", 100_000, 300, ("M", "L", "XL"))],
    "hijab": [
        ("Hijab Voal Segi Empat", "square voile hijab", 25_000, 100, ("All Size",)),
        ("Pashmina Ceruti", "ceruti pashmina", 30_000, 110, ("All Size",)),
    ],
    "tas": [
        ("Tas Anyaman Rotan", "rattan woven bag", 90_000, 500, ("One Size",)),
        ("Tote Bag Kanvas", "canvas tote bag", 40_000, 250, ("One Size",)),
    ],
    "sepatu": [
        ("Sepatu Kets Kanvas", "canvas sneakers", 110_000, 800, ("39", "40", "41", "42")),
        ("Sandal Kulit", "leather sandals", 80_000, 500, ("38", "39", "40", "41", "42")),
    ],
}

FABRICS = [
    ("katun", "cotton"),
    ("linen", "linen"),
    ("rayon", "rayon"),
    ("katun combed", "combed cotton"),
    ("denim", "denim"),
    ("tenun ikat", "ikat weave"),
    ("songket", "songket"),
    ("voal", "voile"),
]
MOTIFS = [
    "Parang",
    "Kawung",
    "Mega Mendung",
    "Truntum",
    "Sekar Jagad",
    "Polos",
    "Garis",
    "Kotak",
    "Bunga Kecil",
    "Tropis",
]
COLOURS = [
    "Hitam",
    "Putih",
    "Navy",
    "Maroon",
    "Hijau Botol",
    "Mustard",
    "Abu-abu",
    "Krem",
    "Coklat",
    "Biru Muda",
]
OCCASIONS = [
    ("ke kantor", "the office"),
    ("kondangan", "weddings"),
    ("sehari-hari", "every day"),
    ("liburan", "holidays"),
    ("Lebaran", "Eid"),
    ("santai di rumah", "lounging at home"),
]
