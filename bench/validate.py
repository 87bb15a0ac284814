"""Benchmark: how fast a scenario loads and how fast `backstop validate` starts.

Prints
- the in-process load-and-validate time of the flagship (budget: 50 ms median), and
- the wall time of `backstop validate FLAGSHIP` as a ratio to `python -c "import yaml, pydantic"`
  measured in the same run (budget: 2.5), and for comparison the cost of importing pydantic's
  `BaseModel`, which that baseline leaves out.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLAGSHIP = ROOT / "scenarios" / "ukraine-reassurance-2025.yaml"
RUNS = 15


def wall(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> int:
    # An installed wheel has bytecode compiled at install time; give the checkout the same.
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "game")], check=True)
    sys.path.insert(0, str(ROOT))
    from game.scenario import load_scenario

    load_scenario(FLAGSHIP)  # warm caches: first model use builds pydantic validators
    loads = []
    for _ in range(RUNS):
        start = time.perf_counter()
        load_scenario(FLAGSHIP)
        loads.append(time.perf_counter() - start)

    baseline_cmd = [sys.executable, "-c", "import yaml, pydantic"]
    # `import pydantic` is lazy in pydantic 2: it does not load the model machinery that any
    # validation needs. This second baseline shows what that costs on its own.
    models_cmd = [sys.executable, "-c", "import yaml; from pydantic import BaseModel"]
    script = Path(sys.executable).with_name("backstop")
    entry = [str(script)] if script.exists() else [sys.executable, "-m", "game"]
    validate_cmd = [*entry, "validate", str(FLAGSHIP)]
    wall(baseline_cmd), wall(models_cmd), wall(validate_cmd)  # warm file cache and .pyc
    base, models, val = [], [], []
    for _ in range(RUNS):  # interleave so load on the machine hits all alike
        base.append(wall(baseline_cmd))
        models.append(wall(models_cmd))
        val.append(wall(validate_cmd))
    b, bm, v = statistics.median(base), statistics.median(models), statistics.median(val)

    load_ms = statistics.median(loads) * 1000
    print(f"flagship load+validate in process: median {load_ms:.1f} ms "
          f"(p90 {sorted(loads)[int(RUNS * 0.9)] * 1000:.1f} ms; budget 50 ms)")
    print(f"baseline `python -c 'import yaml, pydantic'`: median {b * 1000:.0f} ms")
    print(f"`backstop validate` flagship: median {v * 1000:.0f} ms")
    print(f"ratio validate/baseline: {v / b:.2f} (budget 2.5)")
    print(f"for comparison, `python -c 'import yaml; from pydantic import BaseModel'`: median "
          f"{bm * 1000:.0f} ms, {bm / b:.2f} x the baseline; validate is {v / bm:.2f} x that")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
