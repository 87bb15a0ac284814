"""What a batch of games says: the numbers a trainer balances a scenario with.

`summarise` turns game results into the agreement rate (Wilson 95% interval), rounds to
agreement, each party's mean score and surplus (95% intervals), the most frequent agreed texts,
and deal quality: the share of deals that are Pareto-optimal and their mean Nash ratio. Deal
quality is judged by `game.core.analysis` against the scenario as written (the signatories'
starting preferences, undiscounted), so it compares texts, not the luck of the events.

`to_json` is canonical (sorted keys, rounded floats): the same batch gives the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from game.core.analysis import Analysis, DealAssessment
from game.core.model import Scenario
from game.sim.batch import GameResult
from game.sim.stats import Estimate, mean, wilson

SIM_FORMAT = "backstop/simulation@1"
TOP_TEXTS = 5
PLACES = 6


def _r(x: float) -> float:
    return round(x, PLACES)


def assess_deals(analysis: Analysis, results: Sequence[GameResult]
                 ) -> dict[tuple[tuple[str, str], ...], DealAssessment | None]:
    """Each distinct agreed text's assessment (None when the text uses an option or clause the
    scenario as written does not have, e.g. one an event added)."""
    out: dict[tuple[tuple[str, str], ...], DealAssessment | None] = {}
    for r in results:
        if r.agreed and r.text not in out:
            try:
                out[r.text] = analysis.assess(dict(r.text))
            except KeyError:
                out[r.text] = None
    return out


def summarise(scenario: Scenario, results: Sequence[GameResult],
              deals: Mapping[tuple[tuple[str, str], ...], DealAssessment | None]
              ) -> dict[str, Any]:
    """The batch summary as JSON-ready data (see the module docstring)."""
    agreed = [r for r in results if r.agreed]
    parties: dict[str, Any] = {}
    for k, p in enumerate(scenario.party_ids):
        parties[p] = {
            "score": mean([r.scores[k] for r in results]).to_dict(PLACES),
            "surplus": mean([r.surplus[k] for r in results]).to_dict(PLACES),
        }
    counts = Counter(r.text for r in agreed)
    top = sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:TOP_TEXTS]
    judged = [a for r in agreed if (a := deals.get(r.text)) is not None]
    return {
        "games": len(results),
        "agreements": len(agreed),
        "agreement_rate": wilson(len(agreed), len(results)).to_dict(PLACES),
        "rounds_to_agreement": mean([float(r.end_round) for r in agreed]).to_dict(PLACES),
        "actions_per_game": _r(mean([float(r.actions) for r in results]).value),
        "parties": parties,
        "top_texts": [{"text": dict(text), "count": n, "share": _r(n / len(agreed))}
                      for text, n in top],
        "deals_assessed": len(judged),
        "pareto_optimal_share": wilson(sum(a.pareto_optimal for a in judged),
                                       len(judged)).to_dict(PLACES),
        "nash_ratio_percent": mean([a.nash_percent for a in judged]).within(0.0, 100.0
                                                                            ).to_dict(PLACES),
    }


def document(scenario: Scenario, scenario_sha256: str, *, seed: str, seats: Mapping[str, str],
             results: Sequence[GameResult], summary: Mapping[str, Any],
             extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The whole batch as one JSON-ready document: header, summary, and one row per game."""
    return {
        "format": SIM_FORMAT,
        "scenario": {"id": scenario.id, "sha256": scenario_sha256},
        "seed": seed,
        "seats": dict(seats),
        "summary": dict(summary),
        **(dict(extra) if extra else {}),
        "results": [
            {
                "game": r.index,
                "seed": r.seed,
                "seats": dict(zip(scenario.party_ids, r.seats, strict=True)),
                "status": r.status,
                "end_round": r.end_round,
                "actions": r.actions,
                "text": dict(r.text),
                "scores": {p: _r(v) for p, v in zip(scenario.party_ids, r.scores, strict=True)},
                "surplus": {p: _r(v) for p, v in zip(scenario.party_ids, r.surplus,
                                                     strict=True)},
            }
            for r in results
        ],
    }


def to_json(doc: Mapping[str, Any]) -> str:
    """Canonical JSON text: sorted keys, two-space indent, a final newline."""
    return json.dumps(doc, sort_keys=True, indent=2, ensure_ascii=False) + "\n"


def to_csv(scenario: Scenario, results: Sequence[GameResult]) -> str:
    """One row per game: outcome, each party's strategy, score and surplus, and each clause."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    parties, issues = scenario.party_ids, scenario.issue_ids
    writer.writerow(["game", "seed", "status", "end_round", "actions",
                     *(f"{p}_strategy" for p in parties), *(f"{p}_score" for p in parties),
                     *(f"{p}_surplus" for p in parties), *issues])
    for r in results:
        text = dict(r.text)
        writer.writerow([r.index, r.seed, r.status, r.end_round, r.actions, *r.seats,
                         *(f"{v:.{PLACES}f}" for v in r.scores),
                         *(f"{v:.{PLACES}f}" for v in r.surplus),
                         *(text.get(i, "") for i in issues)])
    return out.getvalue()


def league(results: Sequence[GameResult]) -> list[dict[str, Any]]:
    """Per strategy, over every seat it held: mean surplus and score (95% intervals), seats
    held; and over the games it played in (once per game, however many seats it held): their
    number and the share that ended in agreement. Best mean surplus first."""
    surplus: dict[str, list[float]] = {}
    scores: dict[str, list[float]] = {}
    agreed: dict[str, list[bool]] = {}
    for r in results:
        for label, s, sc in zip(r.seats, r.surplus, r.scores, strict=True):
            surplus.setdefault(label, []).append(s)
            scores.setdefault(label, []).append(sc)
        for label in set(r.seats):
            agreed.setdefault(label, []).append(r.agreed)
    rows = [
        {
            "strategy": label,
            "seats": len(surplus[label]),
            "surplus": mean(surplus[label]).to_dict(PLACES),
            "score": mean(scores[label]).to_dict(PLACES),
            "games": len(agreed[label]),
            "agreement_rate": _r(sum(agreed[label]) / len(agreed[label])),
        }
        for label in surplus
    ]
    return sorted(rows, key=lambda row: (-row["surplus"]["value"], row["strategy"]))


def estimate(data: Mapping[str, float]) -> Estimate:
    """An `Estimate` back from its JSON form."""
    return Estimate(data["value"], data["low"], data["high"])
