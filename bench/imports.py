"""Import time on the platform's start-up path, this checkout against a baseline checkout.

    .venv/bin/python -m bench.imports --baseline /tmp/lakoo-base --rounds 5

For each kind of process ``lakoo up`` starts, a fresh interpreter of each checkout imports what
that process imports (``python -X importtime``) and the cumulative microseconds are read from its
report; rounds alternate between the checkouts so both see the same machine load. Printed: the
median seconds per process kind, the ratio (this / baseline), and the data-platform libraries
that the process loaded (Alembic, dbt, Dagster, Great Expectations, polars).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("alembic", "dbt", "dagster", "great_expectations", "polars")
SERVICES = ("auth", "product", "cart", "brand", "order", "payment", "logistic", "address")
SERVICES += ("warehouse",)

# what each process imports before it does anything (the same modules in both checkouts)
PROCESSES: dict[str, list[str]] = {
    "one service (lakoo serve order)": ["lakoo.cli", "api.order.app", "api.order.routes"],
    "every service + gateway": [
        "lakoo.cli",
        "api.gateway.app",
        *(f"api.{s}.app" for s in SERVICES),
        *(f"api.{s}.routes" for s in SERVICES),
    ],
    "one worker (lakoo worker order)": ["lakoo.cli", "api.kit.worker", "api.order.consumers"],
    "the relay": ["lakoo.cli", "ingestion.relay", "api.kit.settings"],
    "Dagster code location": ["pipelines.definitions"],
}
_BASELINE_RELAY = ["lakoo.cli", "ingestion.relay", "api.kit.migrate"]  # before: via migrate


def _measure(checkout: Path, modules: list[str]) -> tuple[float, set[str]]:
    code = "import importlib\n" + "".join(f"importlib.import_module({m!r})\n" for m in modules)
    code += "import sys\nprint(' '.join(sorted({m.split('.')[0] for m in sys.modules})))\n"
    done = subprocess.run(
        [str(checkout / ".venv" / "bin" / "python"), "-X", "importtime", "-c", code],
        cwd=checkout,
        capture_output=True,
        text=True,
        check=True,
    )
    total = 0
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "|" not in line:
            continue
        _, cumulative, name = line.split("|")
        top_level = len(name) - len(name.lstrip()) == 1  # nested imports are indented further
        if top_level and cumulative.strip().isdigit():  # (the header line is not a number)
            total += int(cumulative)
    loaded = set(done.stdout.split())
    return total / 1e6, {m for m in HEAVY if m in loaded}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--baseline", type=Path, required=True, help="checkout to compare with")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    for kind, modules in PROCESSES.items():
        ours, theirs = [], []
        heavy_ours: set[str] = set()
        heavy_theirs: set[str] = set()
        before = _BASELINE_RELAY if kind == "the relay" else modules
        for _ in range(args.rounds):
            seconds, heavy = _measure(ROOT, modules)
            ours.append(seconds)
            heavy_ours |= heavy
            seconds, heavy = _measure(args.baseline, before)
            theirs.append(seconds)
            heavy_theirs |= heavy
        mine, base = statistics.median(ours), statistics.median(theirs)
        print(
            f"{kind:34} {mine:6.2f} s  baseline {base:6.2f} s  ratio {mine / base:4.2f}"
            f"  loads {', '.join(sorted(heavy_ours)) or '—'}"
            f" (baseline: {', '.join(sorted(heavy_theirs)) or '—'})"
        )


if __name__ == "__main__":
    main()
