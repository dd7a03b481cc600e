"""The ended week's finance pack: where its files are. The demo prints the paths and opens
nothing (a finance officer opens the page, the workbook, a seller's statement)."""

from __future__ import annotations

from lakoo.demo.context import Demo
from lakoo.runtime import repo_root

# the names assets.reports writes (not imported: the demo does not load the Dagster code)
PACK = (
    ("finance summary (HTML)", "summary.html"),
    ("finance workbook (Excel)", "settlement.xlsx"),
    ("seller statements (PDF, one per seller)", "statements"),
)


def run(demo: Demo) -> None:
    """Check the pack of the ended week is there and say where each part is."""
    week = repo_root() / "reports" / "settlements" / demo.week.monday.isoformat()
    missing = [name for _, name in PACK if not (week / name).exists()]
    if missing:
        raise RuntimeError(f"the finance pack of {demo.week.label} lacks {', '.join(missing)}")
    statements = sorted((week / "statements").glob("*.pdf"))
    demo.console.print(f"finance pack of {demo.week.label}: {len(statements)} seller statements")
    for part, name in PACK:
        path = week / name
        demo.console.print(f"  {part}: {path.relative_to(repo_root())}")
        demo.where_to_look.append((part, str(path.relative_to(repo_root()))))
    if statements:
        demo.console.print(f"  e.g. {statements[0].relative_to(repo_root())}")
