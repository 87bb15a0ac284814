"""Benchmark: how fast the utility matrix and the analysis are.

Prints
- the flagship's full analysis (space and matrix build, zone, frontier over the five
  signatories, Nash, Kalai–Smorodinsky, welfare) via `analyze` (budget: 2 s median);
- a synthetic space shaped like the GENIUS "Politics" domain (8 issues, 23,040 texts, 3 parties,
  random preferences from a fixed seed): the matrix build, and frontier + Nash + KS + welfare
  from the built matrix (budget: 20 ms median; negmas 0.16 takes 208-263 ms for that domain's
  frontier alone on a 2-core machine);
- the scalar `utility` per call, and the approximate analysis of a space over 2,000,000 texts.

Medians follow a warm-up run.
"""

from __future__ import annotations

import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FLAGSHIP = ROOT / "scenarios" / "ukraine-reassurance-2025.yaml"
POLITICS_OPTIONS = (5, 4, 4, 4, 4, 3, 3, 2)  # product 23,040
SEED = 2024


def median_seconds(fn: Callable[[], object], runs: int) -> tuple[float, float]:
    """Median and best wall time of `runs` calls after one warm-up call."""
    fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times)


def main() -> int:
    sys.path.insert(0, str(ROOT))
    import numpy as np

    from game.core.analysis import analyze, analyze_matrix, analyze_space
    from game.core.model import FrozenMap, Issue, Option, Preferences
    from game.core.scoring import utility
    from game.core.utility import outcome_space, scenario_space
    from game.scenario import load_scenario

    scenario = load_scenario(FLAGSHIP).scenario
    result = analyze(scenario)
    full, full_best = median_seconds(lambda: analyze(scenario), 7)
    build, _ = median_seconds(lambda: scenario_space(scenario).matrix(result.parties), 7)
    print(f"flagship ({scenario.outcome_count:,} texts, {len(result.parties)} signatories): "
          f"full analysis median {full * 1000:.0f} ms (best {full_best * 1000:.0f} ms; "
          "budget 2000 ms)")
    print(f"  of which space + matrix build for the signatories: median {build * 1000:.0f} ms")
    print(f"  zone {result.zone_size:,} texts; frontier {result.frontier.size:,} texts "
          f"({result.frontier.points.shape[0]:,} distinct points); exact: {not result.approximate}")
    if result.nash is not None:
        text = ", ".join(f"{k}={v}" for k, v in result.nash.text.items())
        gains = ", ".join(f"{p} {u:g}" for p, u in result.nash.utilities.items())
        print(f"  Nash: {text}")
        print(f"        utilities {gains}")

    prefs = scenario.party("uk").preferences
    text = dict(result.nash.text) if result.nash else scenario_space(scenario).text_of(0)
    per_call, _ = median_seconds(
        lambda: [utility(prefs, text, scenario.issue_ids) for _ in range(10_000)], 5
    )
    print(f"scalar utility (10 issues): median {per_call / 10_000 * 1e6:.2f} us per call")

    rng = np.random.default_rng(SEED)
    issues = tuple(
        Issue(f"issue{k}", f"Issue {k}", tuple(Option(f"o{j}", f"Option {j}") for j in range(n)),
              ("a", "b", "c"))
        for k, n in enumerate(POLITICS_OPTIONS)
    )
    parties = {
        name: Preferences(
            weights=FrozenMap({i.id: float(w) for i, w in zip(issues, rng.random(len(issues)),
                                                               strict=True)}),
            values=FrozenMap({
                i.id: FrozenMap({o.id: float(v) for o, v in zip(
                    i.options, rng.random(len(i.options)) * 100, strict=True)})
                for i in issues
            }),
            interactions=(), red_lines=(), reservation=0.0, urgency=0.0,
        )
        for name in ("a", "b", "c")
    }
    space = outcome_space(issues, parties)
    matrix = space.matrix()
    build_p, _ = median_seconds(lambda: outcome_space(issues, parties).matrix(), 50)
    solve, solve_best = median_seconds(lambda: analyze_matrix(matrix), 50)
    politics = analyze_matrix(matrix)
    print(f"Politics-shaped space ({space.size:,} texts, 3 parties, seed {SEED}): "
          f"matrix build median {build_p * 1000:.2f} ms")
    print(f"  frontier + Nash + KS + welfare (+ zone, ranges): median {solve * 1000:.1f} ms "
          f"(best {solve_best * 1000:.1f} ms; budget 20 ms; negmas 0.16: 208-263 ms for the "
          "frontier alone)")
    print(f"  frontier {politics.frontier.size} texts; zone {politics.zone_size:,} texts")

    big_issues = tuple(
        Issue(f"i{k}", f"Issue {k}", tuple(Option(f"o{j}", f"O{j}") for j in range(4)), ())
        for k in range(11)
    )
    big = outcome_space(big_issues, {
        name: Preferences(
            weights=FrozenMap({i.id: float(w) for i, w in zip(big_issues, rng.random(11),
                                                               strict=True)}),
            values=FrozenMap({i.id: FrozenMap({o.id: float(v) for o, v in zip(
                i.options, rng.random(4) * 100, strict=True)}) for i in big_issues}),
            interactions=(), red_lines=(), reservation=40.0, urgency=0.0,
        )
        for name in ("a", "b", "c")
    })
    approx, _ = median_seconds(lambda: analyze_space(big, ["a", "b", "c"], seed=1), 3)
    print(f"approximate analysis of {big.size:,} texts (seeded sampling + hill-climbing): "
          f"median {approx * 1000:.0f} ms")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
