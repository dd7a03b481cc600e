"""``lakoo up`` from stopped to every part healthy, and what the running platform costs in memory.

    flock /tmp/lakoo-platform.lock .venv/bin/python -m bench.startup --rounds 3

Each round stops the platform and the stack (``lakoo down``), starts ``lakoo up`` and probes every
part on its own, independently of what ``lakoo up`` says: each built service's and the gateway's
``/health``, the sandboxes, the Dagster UI and its code location (loaded, through GraphQL). It
records when each part first answered, when ``lakoo up`` itself said the platform is up, the
resident memory (RSS and PSS) of the whole process tree of ``lakoo up`` once everything answered,
and the machine's load average. It binds the machine-wide ports 3000–3092: run it under the lock.
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
LAKOO = [sys.executable, "-m", "lakoo.cli"]
SERVICE_PORTS = {
    "auth": 3001, "product": 3002, "cart": 3003, "supplier": 3004, "brand": 3005, "order": 3006,
    "payment": 3007, "notification": 3008, "logistic": 3009, "address": 3010, "wallet": 3011,
    "warehouse": 3012, "advertisement": 3013, "support": 3014, "seller": 3015, "review": 3016,
}  # fmt: skip
_LOCATION_QUERY = (
    '{"query": "{ workspaceOrError { ... on Workspace { locationEntries '
    '{ name loadStatus locationOrLoadError { __typename } } } } }"}'
)


def probes() -> dict[str, str]:
    """Every HTTP part this checkout builds, by name → URL that answers 200 once it is up."""
    urls = {
        name: f"http://127.0.0.1:{port}/health"
        for name, port in SERVICE_PORTS.items()
        if (ROOT / "api" / name / "app.py").is_file()
    }
    urls["gateway"] = "http://127.0.0.1:3000/health"
    try:  # the sandboxes' table; a checkout from before it had the two sandboxes
        from lakoo.sandboxes import SANDBOXES

        sandboxes = {s.name: s.port for s in SANDBOXES}
    except ImportError:
        sandboxes = {"xendit": 3090, "biteship": 3091}
    for name, port in sandboxes.items():
        urls[f"{name}-sandbox"] = f"http://127.0.0.1:{port}/health"
    urls["dagster-ui"] = "http://127.0.0.1:3070/server_info"
    urls["dagster-code"] = "http://127.0.0.1:3070/graphql"
    return urls


def _answers(client: httpx.Client, name: str, url: str) -> bool:
    try:
        if name == "dagster-code":
            response = client.post(
                url, content=_LOCATION_QUERY, headers={"content-type": "application/json"}
            )
            entries = response.json()["data"]["workspaceOrError"]["locationEntries"]
            return bool(entries) and all(
                e["loadStatus"] == "LOADED"
                and e["locationOrLoadError"]["__typename"] == "RepositoryLocation"
                for e in entries
            )
        return client.get(url).status_code == 200
    except (httpx.HTTPError, KeyError, TypeError, ValueError):
        return False


def _children() -> dict[int, list[int]]:
    tree: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry.name))
    return tree


def memory_of_tree(root: int) -> tuple[int, int, int]:
    """(processes, RSS kB, PSS kB) of ``root`` and all its descendants."""
    tree, todo, seen = _children(), [root], []
    while todo:
        pid = todo.pop()
        seen.append(pid)
        todo.extend(tree.get(pid, []))
    rss = pss = 0
    for pid in seen:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Rss:"):
                    rss += int(line.split()[1])
                elif line.startswith("Pss:"):
                    pss += int(line.split()[1])
        except OSError:
            continue
    return len(seen), rss, pss


@dataclass
class Round:
    first_answer: dict[str, float] = field(default_factory=dict)
    said_up: float | None = None
    processes: int = 0
    rss_mb: float = 0.0
    pss_mb: float = 0.0
    load: tuple[float, float, float] = (0.0, 0.0, 0.0)

    @property
    def all_healthy(self) -> float:
        return max(self.first_answer.values())


def one_round(timeout: float, log: Path) -> Round:
    subprocess.run([*LAKOO, "down"], cwd=ROOT, capture_output=True, check=False)
    load_before = os.getloadavg()
    result = Round(load=load_before)
    pending = probes()
    started = time.monotonic()
    with log.open("wb") as sink:
        up = subprocess.Popen(
            [*LAKOO, "up"], cwd=ROOT, stdout=sink, stderr=subprocess.STDOUT, start_new_session=True
        )
    try:
        with httpx.Client(timeout=1.0) as client:
            while (pending or result.said_up is None) and time.monotonic() - started < timeout:
                now = time.monotonic() - started
                for name, url in list(pending.items()):
                    if _answers(client, name, url):
                        result.first_answer[name] = now
                        del pending[name]
                if result.said_up is None and "the platform is up" in log.read_text(
                    errors="replace"
                ):
                    result.said_up = now
                if up.poll() is not None:
                    break
                time.sleep(0.2)
        if pending:
            raise RuntimeError(f"never answered in {timeout:.0f} s: {sorted(pending)}; see {log}")
        time.sleep(5)  # settled: imports done, pools opened
        result.processes, rss, pss = memory_of_tree(up.pid)
        result.rss_mb, result.pss_mb = rss / 1024, pss / 1024
    finally:
        os.killpg(up.pid, signal.SIGTERM)
        try:
            up.wait(60)
        except subprocess.TimeoutExpired:
            os.killpg(up.pid, signal.SIGKILL)
        subprocess.run([*LAKOO, "down"], cwd=ROOT, capture_output=True, check=False)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--timeout", type=float, default=240.0)
    args = parser.parse_args()
    log = ROOT / ".lakoo" / "logs" / "bench-startup.log"
    log.parent.mkdir(parents=True, exist_ok=True)
    rounds = []
    for number in range(1, args.rounds + 1):
        r = one_round(args.timeout, log)
        rounds.append(r)
        slowest = sorted(r.first_answer.items(), key=lambda kv: -kv[1])[:4]
        said = f"{r.said_up:.1f} s" if r.said_up is not None else "never"
        print(
            f"round {number}: every part healthy {r.all_healthy:.1f} s · `lakoo up` said up {said}"
            f" · {r.processes} processes · RSS {r.rss_mb:.0f} MB · PSS {r.pss_mb:.0f} MB"
            f" · load before {r.load[0]:.2f}/{r.load[1]:.2f}/{r.load[2]:.2f}"
        )
        print("   slowest: " + ", ".join(f"{n} {t:.1f} s" for n, t in slowest))
    healthy = statistics.median(r.all_healthy for r in rounds)
    pss = statistics.median(r.pss_mb for r in rounds)
    rss = statistics.median(r.rss_mb for r in rounds)
    print(
        f"median: every part healthy {healthy:.1f} s (target < 45 s) · "
        f"RSS {rss:.0f} MB · PSS {pss:.0f} MB"
    )


if __name__ == "__main__":
    main()
