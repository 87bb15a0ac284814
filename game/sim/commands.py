"""`backstop simulate` and `backstop tournament`: set up a batch, run it with a progress bar,
print rich tables, and write the JSON, CSV and logs asked for.

`game.cli` parses the command line and calls these; every user error is a `ValueError` with a
one-line message, which the CLI prints without a traceback. The CLI also prepares the output
paths and passes the writer that reports a failed write in one line.

The tables are made to read at 80 columns: the scenario's title is a heading of its own (a
table wraps its title to the table's width) and strategy labels are shortened, never cut.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

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


Writer = Callable[[Path, str], None]
"""Writes one output file (the CLI's writer turns a failure into a one-line error)."""


def strategy_cell(label: str) -> str:
    """A strategy label as a table shows it: `time_dependent:e=0.3` is "time-dep. e=0.3" and
    `boulware:e=0.5` "boulware e=0.5", short enough that the e-values telling seats apart
    are never cut at 80 columns."""
    name, _, option = label.partition(":")
    name = "time-dep." if name == "time_dependent" else name
    return f"{name} {option}" if option else name


def _heading(console: Console, scenario: Scenario, games: int) -> None:
    """The scenario's title and the number of games, a bold line above the tables wrapped at
    the console's width (a table's title wraps at the table's)."""
    console.print(Text(f"{scenario.title}: {games} game{'s' * (games != 1)}", style="bold"))


def _fmt(e: Estimate, scale: float = 1.0, unit: str = "") -> str:
    return (f"{e.value * scale:.1f}{unit} "
            f"[dim]({e.low * scale:.1f}–{e.high * scale:.1f})[/dim]")


def simulate(scenario: Scenario, sha256: str, *, games: int, seed: str,
             seats: Mapping[str, BotSpec], write: Writer, workers: int = 1,
             json_path: Path | None = None, csv_path: Path | None = None,
             logs: Path | None = None, console: Console | None = None) -> dict[str, Any]:
    """Play `games` bot games (scenario personalities, `seats` overriding), print the summary
    tables, write the outputs asked for with `write` (and every game's log into the existing
    folder `logs`), and return the JSON document."""
    _check_counts(games, workers)
    console = console or Console()
    specs = default_specs(scenario, seats)
    labels = {p: make_bot(p, spec).label for p, spec in specs.items()}
    jobs = [Job(k, game_seed(seed, k), tuple(specs.items()),
                str(log_path(logs, k)) if logs else None) for k in range(games)]
    results = _play(scenario, sha256, jobs, workers, console)
    summary = summarise(scenario, results, assess_deals(analyze(scenario), results))
    doc = document(scenario, sha256, seed=seed, seats=labels, results=results, summary=summary)
    if json_path:
        write(json_path, to_json(doc))
    if csv_path:
        write(csv_path, to_csv(scenario, results))
    print_summary(scenario, labels, summary, console)
    if logs:
        console.print(f"Logs: {games} games in {logs} (replay one with "
                      f"`backstop replay --verify {log_path(logs, 0)}`)")
    return doc


def print_summary(scenario: Scenario, labels: Mapping[str, str], summary: Mapping[str, Any],
                  console: Console) -> None:
    """The summary tables: outcomes, each party's results, the most frequent texts."""
    names = {p.id: p.name for p in scenario.parties}
    n, k = summary["games"], summary["agreements"]
    _heading(console, scenario, n)
    outcome = Table()
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
    per_party.add_column("Party")
    per_party.add_column("Strategy", no_wrap=True)
    per_party.add_column("Mean score", justify="right")
    per_party.add_column("Mean surplus", justify="right")
    for p in scenario.party_ids:
        row = summary["parties"][p]
        per_party.add_row(names[p], strategy_cell(labels[p]), _fmt(estimate(row["score"])),
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
               seed: str, write: Writer, workers: int = 1, json_path: Path | None = None,
               console: Console | None = None) -> dict[str, Any]:
    """Rotate `strategies` over the seats (game g gives seat k strategy (g + k) mod n), print
    the league table of mean surplus per strategy, write the JSON with `write` if asked, and
    return the JSON document."""
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
    if json_path:
        write(json_path, to_json(doc))
    print_league(scenario, table_rows, summary, console)
    return doc


def print_league(scenario: Scenario, table_rows: Sequence[Mapping[str, Any]],
                 summary: Mapping[str, Any], console: Console) -> None:
    """The league table, best mean surplus first, then the overall agreement rate.

    A strategy's agreement rate counts the games it played in, so it only differs from the
    overall rate when some games left it out (more strategies than seats). Otherwise its
    column would only repeat the overall rate: it is left out and a line says why.
    """
    games = summary["games"]
    everywhere = all(row["games"] == games for row in table_rows)
    _heading(console, scenario, games)
    table = Table(title="League: strategies rotating over the seats", title_justify="left",
                  caption=None if everywhere else "Agreed: the share of the games it played "
                  "in that ended in agreement.", caption_justify="left")
    table.add_column("#", justify="right")
    table.add_column("Strategy", no_wrap=True)
    for col in ("Seats", "Mean surplus", "Mean score", *(() if everywhere else ("Agreed",))):
        table.add_column(col, justify="right")
    for rank, row in enumerate(table_rows, start=1):
        cells = [str(rank), strategy_cell(row["strategy"]), str(row["seats"]),
                 _fmt(estimate(row["surplus"])), _fmt(estimate(row["score"]))]
        if not everywhere:
            cells.append(f"{100 * row['agreement_rate']:.0f}%")
        table.add_row(*cells)
    console.print(table)
    agreement = estimate(summary["agreement_rate"])
    console.print(f"Agreement in {summary['agreements']}/{games} games: "
                  + _fmt(agreement, 100, "%"))
    if everywhere:
        console.print("Every strategy played in every game, so each has this agreement rate.",
                      style="dim")
