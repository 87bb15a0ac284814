"""Benchmark: the bots' speed.

Prints
- each strategy's decision latency on the flagship, every seat playing that strategy
  (budget: p99 at most 20 ms, so the UI never stalls);
- the wall time of `backstop simulate` for 1,000 flagship games on 2 processes
  (budget: at most 60 s);
- a bilateral alternating-offers negotiation between time-dependent bots, Boulware (e = 0.2)
  against Conceder (e = 2), 100 rounds on a synthetic 23,040-outcome domain, through the rules
  engine and `player_view` like any game (budget: at most 10 ms per negotiation; the reference
  is negmas 0.16: 219-314 ms for its Boulware against Conceder on GENIUS Politics).

`--quick` plays fewer games (a smoke test of this file).
"""

from __future__ import annotations

import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.bots import make_bot, parse_spec, seat_rng  # noqa: E402
from game.core.model import (  # noqa: E402
    Agreement,
    BotSpec,
    FrozenMap,
    Issue,
    Option,
    Party,
    Preferences,
    Scenario,
)
from game.core.rules import apply_action, new_game, to_move  # noqa: E402
from game.core.view import player_view  # noqa: E402
from game.scenario import load_scenario  # noqa: E402
from game.session.session import Session  # noqa: E402

FLAGSHIP = ROOT / "scenarios" / "ukraine-reassurance-2025.yaml"
STRATEGIES = ("boulware", "linear", "conceder", "tit_for_tat", "hardliner", "random")


def decision_latency(games: int) -> None:
    loaded = load_scenario(FLAGSHIP)
    scenario = loaded.scenario
    for strategy in STRATEGIES:
        times: list[float] = []
        kinds: dict[str, list[float]] = {}
        for g in range(games):
            bots = {p: make_bot(p, parse_spec(strategy)) for p in scenario.party_ids}
            rngs = {p: seat_rng(f"bench/{g}", p) for p in scenario.party_ids}
            session = Session(scenario, loaded.sha256, f"bench/{g}", {})
            while session.state.running:
                party = to_move(session.state)[0]
                view = session.view(party)
                start = time.perf_counter()
                decision = bots[party].act(view, rngs[party])
                elapsed = time.perf_counter() - start
                times.append(elapsed)
                kinds.setdefault(decision.action.verb, []).append(elapsed)
                session.apply(decision.action)
        times.sort()
        p99 = times[min(len(times) - 1, int(0.99 * len(times)))]
        by_kind = ", ".join(f"{verb} {1000 * statistics.median(v):.2f}"
                            for verb, v in sorted(kinds.items()))
        print(f"decision latency, {strategy:<11}: p50 {1000 * statistics.median(times):5.2f} ms, "
              f"p99 {1000 * p99:5.2f} ms, max {1000 * times[-1]:5.1f} ms over {len(times):,} "
              f"decisions (median by kind, ms: {by_kind}) (budget: p99 at most 20 ms)")


def simulate_wall_time(games: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "sim.json"
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "game", "simulate", str(FLAGSHIP), "--games",
                        str(games), "--jobs", "2", "--seed", "bench", "--json", str(out)],
                       cwd=ROOT, check=True, stdout=subprocess.DEVNULL)
        elapsed = time.perf_counter() - start
    scale = "" if games == 1000 else f" (scaled to 1,000: {elapsed * 1000 / games:.0f} s)"
    print(f"backstop simulate, {games:,} flagship games on 2 processes: {elapsed:.1f} s{scale} "
          "(budget: at most 60 s for 1,000)")


def synthetic_domain(rounds: int = 100) -> Scenario:
    """Two parties, 8 issues with 5, 4, 4, 4, 4, 3, 3 and 2 options: 23,040 complete texts.

    Values are drawn from a fixed seed and opposed (what one likes the other dislikes), with
    different weights, so there is room for trades; reservations are low enough that a deal
    is possible, as in GENIUS domains.
    """
    rng = random.Random("bench/domain")
    sizes = (5, 4, 4, 4, 4, 3, 3, 2)
    issues = tuple(
        Issue(id=f"i{k}", name=f"Issue {k}",
              options=tuple(Option(f"o{j}", f"Option {j}") for j in range(n)),
              stakeholders=("a", "b"))
        for k, n in enumerate(sizes)
    )

    def prefs(flip: bool) -> Preferences:
        weights = FrozenMap({i.id: float(rng.randint(1, 10)) for i in issues})
        values = FrozenMap({
            i.id: FrozenMap({o.id: (100.0 * (len(i.options) - 1 - j) / (len(i.options) - 1)
                                    if flip else 100.0 * j / (len(i.options) - 1))
                             for j, o in enumerate(i.options)})
            for i in issues
        })
        return Preferences(weights, values, (), (), 30.0, 0.0)

    parties = tuple(
        Party(id=pid, name=pid.upper(), leader="", color="#000000", briefing_public="",
              briefing_confidential="", public_position=FrozenMap(), preferences=prefs(flip),
              bot=BotSpec("time_dependent", 1.0))
        for pid, flip in (("a", False), ("b", True))
    )
    return Scenario(id="synthetic-23040", title="Synthetic", summary="", briefing="",
                    author="", version="1", rounds=rounds, round_minutes=0.0,
                    protocol="alternating_offers", max_amendments=3, vote_rule="consensus",
                    agreement=Agreement(("a", "b"), 2), draft=FrozenMap(), issues=issues,
                    parties=parties, events=(), map=None,
                    debrief_questions=())


def negotiate(scenario: Scenario, seed: int) -> tuple[int, str]:
    """One Boulware-against-Conceder negotiation; the number of actions and the outcome."""
    bots = {"a": make_bot("a", BotSpec("boulware")), "b": make_bot("b", BotSpec("conceder"))}
    rngs = {p: seat_rng(f"ao/{seed}", p) for p in bots}
    state = new_game(scenario)[0]
    steps = 0
    while state.running:
        party = to_move(state)[0]
        decision = bots[party].act(player_view(state, party), rngs[party])
        state, _ = apply_action(state, decision.action)
        steps += 1
    return steps, state.status


def alternating_offers(negotiations: int) -> None:
    scenario = synthetic_domain()
    assert scenario.outcome_count == 23_040
    start = time.perf_counter()
    negotiate(scenario, -1)  # first call: ranks each party's texts once
    first = time.perf_counter() - start
    times = []
    outcomes = []
    for k in range(negotiations):
        start = time.perf_counter()
        outcomes.append(negotiate(scenario, k))
        times.append(time.perf_counter() - start)
    steps = statistics.median(s for s, _ in outcomes)
    agreed = sum(status == "agreement" for _, status in outcomes)
    print(f"alternating offers, Boulware vs Conceder, 23,040 outcomes, 100 rounds: best "
          f"{1000 * min(times):.2f} ms, median {1000 * statistics.median(times):.2f} ms per "
          f"negotiation ({steps:.0f} actions, "
          f"{agreed}/{negotiations} agreements; first one with set-up {1000 * first:.0f} ms) "
          "(budget: at most 10 ms; negmas 0.16: 219-314 ms)")


def main() -> int:
    quick = "--quick" in sys.argv
    decision_latency(1 if quick else 5)
    alternating_offers(5 if quick else 50)
    simulate_wall_time(20 if quick else 1000)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
