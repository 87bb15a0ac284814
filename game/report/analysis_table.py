"""`backstop analyze` output: the outcome space of a scenario as rich tables for a terminal."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table

from game.core.analysis import Analysis, Solution
from game.core.model import Scenario


def print_analysis(scenario: Scenario, result: Analysis, console: Console | None = None) -> None:
    """Print the per-party ranges, the zone and frontier sizes, and the bargaining texts."""
    out = console or Console()
    names = {p.id: p.name for p in scenario.parties}
    total = result.outcome_count
    share = 100 * result.zone_size / total if total else 0.0
    out.print(f"[bold]{scenario.title}[/bold]")
    out.print(f"Complete texts: {total:,}   Zone of possible agreement: {result.zone_size:,} "
              f"({share:.2f}%)   Pareto frontier: {result.frontier.size:,} texts"
              + ("" if result.frontier.complete else " (incomplete)"))
    out.print("Zone, frontier and bargaining texts over: "
              + ", ".join(names[p] for p in result.parties)
              + (" (the signatories)" if set(result.parties) == set(scenario.agreement.signatories)
                 else ""))
    for warning in result.warnings:
        out.print(f"[yellow]warning:[/yellow] {warning}")

    ranges = Table(title="What each party can get", title_justify="left")
    for col in ("Party", "Best", "Best it can sign", "Worst", "Reservation", "Urgency"):
        ranges.add_column(col, justify="left" if col == "Party" else "right")
    for r in result.ranges:
        signable = "—" if r.best_signable is None else f"{r.best_signable:.1f}"
        ranges.add_row(names[r.party], f"{r.best:.1f}", signable, f"{r.worst:.1f}",
                       f"{r.reservation:.1f}", f"{r.urgency:.2f}")
    out.print(ranges)

    solutions: list[tuple[str, Solution]] = [
        (label, s) for label, s in (("Nash", result.nash),
                                    ("Kalai–Smorodinsky", result.kalai_smorodinsky),
                                    ("Max welfare", result.max_welfare)) if s is not None
    ]
    if not solutions:
        out.print("[bold red]No text satisfies every analysed party: the zone is empty.[/]")
        return
    texts = Table(title="Bargaining solutions (over the zone)", title_justify="left")
    texts.add_column("Clause")
    for label, _ in solutions:
        texts.add_column(label)
    for issue in scenario.issues:
        texts.add_row(issue.name, *(issue.option(s.text[issue.id]).label
                                    if s.text.get(issue.id) in issue.option_ids
                                    else str(s.text.get(issue.id, "—")) for _, s in solutions))
    texts.add_section()
    for party in result.parties:
        texts.add_row(f"{names[party]} utility",
                      *(f"{s.utilities[party]:.1f} ({s.surplus[party]:+.1f})"
                        for _, s in solutions))
    out.print(texts)
