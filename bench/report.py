"""Benchmark: how fast the after-action report of a long flagship game is written.

Plays a flagship game with the scenario's own bots (the first seed whose log has at least 500
actions), then times building the report (replay with every hash checked, the deal analysis,
three charts) and writing all three formats (HTML, Markdown, both CSVs) with atomic writes.
The first run includes importing matplotlib, as the first report in a process does.

Prints the best and median wall time of RUNS runs (budget: 3 s each) and the CPU time of the
median run, which is steadier on a busy machine.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLAGSHIP = ROOT / "scenarios" / "ukraine-reassurance-2025.yaml"
MIN_ACTIONS = 500
RUNS = 5
BUDGET = 3.0


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from game.report.after_action import build_report, write_reports
    from game.scenario import load_scenario
    from game.session.store import write_atomic
    from game.sim.driver import default_specs, play_bots

    loaded = load_scenario(FLAGSHIP)
    scenario = loaded.scenario
    for n in range(100):
        session, _ = play_bots(scenario, loaded.sha256, f"report-{n}", default_specs(scenario))
        if len(session.records) >= MIN_ACTIONS:
            break
    else:  # pragma: no cover - the bots always play long enough within a few seeds
        print(f"no flagship game of {MIN_ACTIONS} actions in 100 seeds")
        return 1
    walls, cpus = [], []
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp)
        for _ in range(RUNS):
            start, cpu = time.perf_counter(), time.process_time()
            report = build_report(scenario, session.header, session.records)
            write_reports(report, write=write_atomic, html=out / "report.html",
                          md_file=out / "report.md", csv_dir=out)
            walls.append(time.perf_counter() - start)
            cpus.append(time.process_time() - cpu)
        size = (out / "report.html").stat().st_size
    median = statistics.median(walls)
    print(f"after-action report of a flagship game of {len(session.records)} actions "
          f"({session.state.status}, seed {session.seed}): best {min(walls):.2f} s, median "
          f"{median:.2f} s (budget {BUDGET:.0f} s); CPU median {statistics.median(cpus):.2f} s; "
          f"first run {walls[0]:.2f} s; HTML {size / 1024:.0f} KiB")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
