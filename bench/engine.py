"""Benchmark: the rules core's speed.

Prints
- `apply_action` throughput on recorded flagship games (budget: at least 50,000 actions/s), and
- the time to replay a 1,000-action log, hashes verified (budget: at most 100 ms).
"""

from __future__ import annotations

import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.core.actions import Statement  # noqa: E402
from game.core.log import record, replay  # noqa: E402
from game.core.rules import apply_action, new_game  # noqa: E402
from game.scenario import load_scenario  # noqa: E402
from tests.core.playing import random_action  # noqa: E402


def recorded_games(scenario, n_games: int):  # type: ignore[no-untyped-def]
    pairs = []
    for seed in range(n_games):
        rng = random.Random(seed)
        state = new_game(scenario)[0]
        while state.running:
            action = random_action(state, rng, extras=False)
            pairs.append((state, action))
            state, _ = apply_action(state, action)
    return pairs


def main() -> int:
    flagship = load_scenario(ROOT / "scenarios" / "ukraine-reassurance-2025.yaml").scenario
    pairs = recorded_games(flagship, 20)
    rates = []
    for _ in range(9):
        start = time.perf_counter()
        for state, action in pairs:
            apply_action(state, action)
        rates.append(len(pairs) / (time.perf_counter() - start))
    # The best run is the machine's real speed; the median shows how much noise there was.
    print(f"apply_action on the flagship: best {max(rates):,.0f} actions/s, median "
          f"{statistics.median(rates):,.0f}/s over {len(pairs):,} recorded actions "
          "(budget: at least 50,000/s)")

    # A 1,000-action log: one long game, with a public statement between moves.
    records = []
    rng = random.Random(7)
    state = new_game(flagship)[0]
    while len(records) < 1000 and state.running:
        action = random_action(state, rng, extras=False)
        if len(records) % 2:
            action = Statement(rng.choice(flagship.party_ids), "For the record.")
        after, events = apply_action(state, action)
        records.append(record(state, action, events, after))
        state = after
    times = []
    for _ in range(7):
        start = time.perf_counter()
        replay(flagship, records, verify=True)
        times.append(time.perf_counter() - start)
    print(f"replay --verify of a {len(records):,}-action flagship log: best "
          f"{min(times) * 1000:.0f} ms, median {statistics.median(times) * 1000:.0f} ms "
          "(budget: at most 100 ms)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
