"""``summary.html``: the page finance reads for a closed week (or "no settlements this week")."""

from __future__ import annotations

from markupsafe import Markup

from assets.pack.chart import twelve_weeks_svg
from assets.pack.figures import WeekPack, is_earlier_refund
from assets.pack.templates import environment, stylesheet


def render_summary(pack: WeekPack) -> str:
    """The HTML page of one week's pack."""
    template = environment().get_template("summary.html.j2")
    return template.render(
        pack=pack,
        css=Markup(stylesheet()),
        chart=Markup(twelve_weeks_svg(pack.history)) if not pack.is_empty else "",
        earlier_refund=lambda line: is_earlier_refund(line, pack.week),
    )
