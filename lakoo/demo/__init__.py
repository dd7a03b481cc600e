"""What ``lakoo demo`` shows, one step per module, in the order of ``STEPS``.

A step is a function ``run(demo: Demo) -> None`` in a module of its own: it drives the running
platform like its users would (the gateway, the sandboxes, the CLI), prints what happened on
``demo.console``, may leave results for later steps in ``demo.results``, and adds the places its
part can be looked at to ``demo.where_to_look``. A step that fails raises; the demo stops the
platform and exits non-zero. A new service's issue adds its step: a module and one row here.

The demo trades in the last week that has ended (``lakoo.demo.week``): the services' clocks are
moved back into it, so the finance report at the end is a real, complete settlement week.
"""

from __future__ import annotations

from lakoo.demo.context import Step

STEPS: tuple[Step, ...] = (
    Step("a shopper signs up through the gateway", "lakoo.demo.first_journey:run"),
    Step("the shopper's verification code, read in the sandbox", "lakoo.demo.messages:verify"),
    Step("the catalogue (lakoo seed)", "lakoo.demo.catalogue:run"),
    Step("the shopper buys, pays and is delivered to", "lakoo.demo.messages:journey"),
    Step("a trading period (lakoo simulate)", "lakoo.demo.trading:run"),
    Step("messages people received (the messaging sandbox)", "lakoo.demo.messages:received"),
    Step("the week's own cases: a small seller, a goodwill refund", "lakoo.demo.week_cases:run"),
    Step("the data platform (lakoo pipelines materialize)", "lakoo.demo.data:run"),
    Step("the payouts in the sellers' wallets; a seller withdraws", "lakoo.demo.wallets:run"),
    Step("ad revenue beside the settlements; a seller's ROAS", "lakoo.demo.ads:run"),
    Step("suppliers' stars steer the next PO; POs in WhatsApp", "lakoo.demo.supply:run"),
    Step("the week's finance pack (HTML, Excel, PDF statements)", "lakoo.demo.pack:run"),
)
