"""The last 12 weeks (payouts, gross, refunds) as an SVG drawn by matplotlib, for embedding."""

from __future__ import annotations

import io
from typing import Any

from assets.pack.money import day


def twelve_weeks_svg(history: list[dict[str, Any]]) -> str:
    """An inline ``<svg>`` of gross, refunds and payouts per week (millions of rupiah)."""
    import matplotlib  # imported when a pack is written, not when the code location loads

    matplotlib.use("Agg")
    from matplotlib import pyplot as plt
    from matplotlib.ticker import FuncFormatter

    labels = [day(row["settlement_week"])[:-5] for row in history]
    positions = range(len(history))
    figure, axes = plt.subplots(figsize=(9, 3.2), dpi=100)
    try:
        width = 0.28
        series = (
            ("gross", "Gross", "#1f4e79"),
            ("payout", "Payouts", "#2e8b57"),
            ("refunds", "Refunds", "#c0392b"),
        )
        for offset, (key, label, colour) in zip((-1, 0, 1), series, strict=True):
            axes.bar(
                [p + offset * width for p in positions],
                [int(row[key]) for row in history],
                width=width,
                label=label,
                color=colour,
            )
        axes.set_xticks(list(positions), labels, rotation=0, fontsize=7)
        axes.yaxis.set_major_formatter(
            FuncFormatter(lambda v, _: f"Rp {v / 1_000_000:.1f} jt".replace(".", ","))
        )
        axes.tick_params(axis="y", labelsize=7)
        axes.spines[["top", "right"]].set_visible(False)
        axes.legend(fontsize=8, frameon=False, ncols=3, loc="lower right", bbox_to_anchor=(1, 1))
        axes.set_title("Last 12 weeks (WIB)", fontsize=9, loc="left")
        figure.tight_layout()
        buffer = io.StringIO()
        # text stays text only as paths: the page's own font is not guaranteed to have them
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    finally:
        plt.close(figure)
    svg = buffer.getvalue()
    return svg[svg.index("<svg") :]
