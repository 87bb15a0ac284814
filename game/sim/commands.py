"""`backstop simulate` and `backstop tournament`: set up a batch, run it with a progress bar,
print rich tables, and write the JSON, CSV and logs asked for.

`game.cli` parses the command line and calls these; every user error is a `ValueError` with a
one-line message, which the CLI prints without a traceback.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from game.bots import make_bot, parse_spec
from game.core.analysis import analyze
from game.core.model import BotSpec, Scenario
from game.sim.batch import GameResult, Job, game_seed, log_path, run
from game.sim.driver import default_specs
from game.sim.stats import Estimate
from game.sim.summary import (
    assess_deals,
    document,
    estimate,
    league,
    summarise,
    to_csv,
    to_json,
)


def parse_seats(scenario: Scenario, items: Sequence[str]) -> dict[str, BotSpec]:
    """`PARTY=STRATEGY[:e=0.3]` overrides, checked against the scenario's parties."""
    out: dict[str, BotSpec] = {}
    for item in items:
        party, sep, spec = item.partition("=")
        party = party.strip()
        if not sep or not party or not spec.strip():
            raise ValueError(f"--seat {item!r}: expected PARTY=STRATEGY, e.g. uk=boulware")
        if party not in scenario.party_ids:
            raise ValueError(f"--seat {item!r}: there is no party {party!r}; the parties are "
                             f"{', '.join(scenario.party_ids)}")
        try:
            out[party] = parse_spec(spec)
        except ValueError as exc:
            raise ValueError(f"--seat {item!r}: {exc}") from None
    return out


def _check_counts(games: int, jobs: int) -> None:
    if games < 1:
        raise ValueError(f"--games must be at least 1, not {games}")
    if jobs < 1:
        raise ValueError(f"--jobs must be at least 1, not {jobs}")


def _play(scenario: Scenario, sha256: str, jobs: list[Job], workers: int,
          console: Console) -> list[GameResult]:
    progress = Progress(TextColumn("[bold]Playing"), BarColumn(), MofNCompleteColumn(),
                        TimeElapsedColumn(), console=Console(stderr=True),
                        disable=not console.is_terminal)
    with progress:
        task = progress.add_task("games", total=len(jobs))
        return run(scenario, sha256, jobs, workers=workers,
                   on_result=lambda _: progress.advance(task))


def _write(path: str | None, text: str) -> None:
    if path:
        target = Path(path)
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text, encoding="utf-8")


def _logs_folder(logs: str | None) -> Path | None:
    if logs is None:
        return None
    folder = Path(logs)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _fmt(e: Estimate, scale: float = 1.0, unit: str = "") -> str:
    return (f"{e.value * scale:.1f}{unit} "
            f"[dim]({e.low * scale:.1f}–{e.high * scale:.1f})[/dim]")


def simulate(scenario: Scenario, sha256: str, *, games: int, seed: str,
             seats: Mapping[str, BotSpec], workers: int = 1, json_path: str | None = None,
             csv_path: str | None = None, logs: str | None = None,
             console: Console | None = None) -> dict[str, Any]:
    """Play `games` bot games (scenario personalities, `seats` overriding), print the summary
    tables, write the outputs asked for, and return the JSON document."""
    _check_counts(games, workers)
    console = console or Console()
    specs = default_specs(scenario, seats)
    labels = {p: make_bot(p, spec).label for p, spec in specs.items()}
    folder = _logs_folder(logs)
    jobs = [Job(k, game_seed(seed, k), tuple(specs.items()),
                str(log_path(folder, k)) if folder else None) for k in range(games)]
    results = _play(scenario, sha256, jobs, workers, console)
    summary = summarise(scenario, results, assess_deals(analyze(scenario), results))
    doc = document(scenario, sha256, seed=seed, seats=labels, results=results, summary=summary)
    _write(json_path, to_json(doc))
    _write(csv_path, to_csv(scenario, results))
    print_summary(scenario, labels, summary, console)
    if folder:
        console.print(f"Logs: {games} games in {folder} (replay one with "
                      f"`backstop replay --verify {log_path(folder, 0)}`)")
    return doc


def print_summary(scenario: Scenario, labels: Mapping[str, str], summary: Mapping[str, Any],
                  console: Console) -> None:
    """The summary tables: outcomes, each party's results, the most frequent texts."""
    names = {p.id: p.name for p in scenario.parties}
    n, k = summary["games"], summary["agreements"]
    outcome = Table(title=f"{scenario.title}: {n} games", title_justify="left")
    outcome.add_column("Measure")
    outcome.add_column("Value (95% interval)", justify="right")
    outcome.add_row("Agreement rate", f"{k}/{n} = "
                    + _fmt(estimate(summary["agreement_rate"]), 100, "%"))
    outcome.add_row("Rounds to agreement", _fmt(estimate(summary["rounds_to_agreement"]))
                    if k else "—")
    judged = summary["deals_assessed"]
    outcome.add_row("Deals that are Pareto-optimal",
                    _fmt(estimate(summary["pareto_optimal_share"]), 100, "%") if judged else "—")
    outcome.add_row("Mean Nash ratio of deals",
                    _fmt(estimate(summary["nash_ratio_percent"]), 1, "%") if judged else "—")
    outcome.add_row("Actions per game", f"{summary['actions_per_game']:.0f}")
    console.print(outcome)

    per_party = Table(title="Each party (no deal scores its reservation)", title_justify="left")
    for col in ("Party", "Strategy", "Mean score", "Mean surplus"):
        per_party.add_column(col, justify="left" if col in ("Party", "Strategy") else "right")
    for p in scenario.party_ids:
        row = summary["parties"][p]
        per_party.add_row(names[p], labels[p], _fmt(estimate(row["score"])),
                          _fmt(estimate(row["surplus"])))
    console.print(per_party)

    if summary["top_texts"]:
        texts = Table(title="Most frequent agreements", title_justify="left")
        texts.add_column("Games (of the deals)", justify="right")
        texts.add_column("Text")
        for entry in summary["top_texts"]:
            clauses = [f"{scenario.issue(i).name}: {scenario.issue(i).option(o).label}"
                       if o in scenario.issue(i).option_ids else f"{i}: {o}"
                       for i, o in entry["text"].items()]
            texts.add_row(f"{entry['count']} ({100 * entry['share']:.0f}%)", "; ".join(clauses))
        console.print(texts)


def tournament(scenario: Scenario, sha256: str, *, strategies: Sequence[str], games: int,
               seed: str, workers: int = 1, json_path: str | None = None,
               console: Console | None = None) -> dict[str, Any]:
    """Rotate `strategies` over the seats (game g gives seat k strategy (g + k) mod n), print
    the league table of mean surplus per strategy, and return the JSON document."""
    _check_counts(games, workers)
    if not strategies:
        raise ValueError("--strategies needs at least one strategy, e.g. boulware,conceder")
    specs = [parse_spec(s) for s in strategies]
    console = console or Console()
    parties = scenario.party_ids
    jobs = [Job(g, game_seed(seed, g),
                tuple((p, specs[(g + k) % len(specs)]) for k, p in enumerate(parties)))
            for g in range(games)]
    results = _play(scenario, sha256, jobs, workers, console)
    summary = summarise(scenario, results, assess_deals(analyze(scenario), results))
    table_rows = league(results)
    doc = document(scenario, sha256, seed=seed, seats={}, results=results, summary=summary,
                   extra={"league": table_rows,
                          "strategies": [make_bot(parties[0], s).label for s in specs]})
    _write(json_path, to_json(doc))
    table = Table(title=f"League: {games} games of {scenario.title}, strategies rotating over "
                  "the seats", title_justify="left")
    for col in ("#", "Strategy", "Seats held", "Mean surplus", "Mean score", "Agreement rate"):
        table.add_column(col, justify="left" if col == "Strategy" else "right")
    for rank, row in enumerate(table_rows, start=1):
        table.add_row(str(rank), row["strategy"], str(row["seats"]),
                      _fmt(estimate(row["surplus"])), _fmt(estimate(row["score"])),
                      f"{100 * row['agreement_rate']:.0f}%")
    console.print(table)
    agreement = estimate(summary["agreement_rate"])
    console.print(f"Agreement in {summary['agreements']}/{games} games: "
                  + _fmt(agreement, 100, "%"))
    return doc
