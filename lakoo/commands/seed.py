"""``lakoo seed``: reference and demo data (the fashion catalogue and its brand prices, the help
centre's FAQs)."""

from __future__ import annotations

import asyncio

import typer

app = typer.Typer(help="Reference and demo data.", no_args_is_help=False)


@app.command()
def seed(
    products: int = typer.Option(300, help="How many products to create."),
    random_seed: int = typer.Option(7, "--seed", help="Random seed (same seed, same catalogue)."),
) -> None:
    """Seed the catalogue into product_db and brand_db, the FAQs into support_db (migrated
    first; idempotent)."""
    from api.brand.settings import get_settings as brand_settings
    from api.kit import migrate
    from api.product.settings import get_settings as product_settings
    from api.support.settings import get_settings as support_settings
    from lakoo.seed import seed_catalog
    from lakoo.seed.faqs import seed_faqs

    for service in ("product", "brand", "support"):
        migrate.upgrade(service)
    added = asyncio.run(seed_faqs(database_url=support_settings().resolved_database_url))
    if added:
        typer.echo(f"seeded {added} help-centre FAQs")
    report = asyncio.run(
        seed_catalog(
            product_database_url=product_settings().resolved_database_url,
            brand_database_url=brand_settings().resolved_database_url,
            products=products,
            seed=random_seed,
        )
    )
    if report.skipped:
        typer.echo("catalogue already seeded; nothing to do")
        return
    typer.echo(
        f"seeded {report.categories} categories, {report.products} products, "
        f"{report.variants} variants, {report.brand_prices} brand prices"
    )
