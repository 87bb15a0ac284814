"""`backstop analyze` output: the outcome space of a scenario as rich tables for a terminal.

It must read well in an 80-column terminal as well as a wide one. Left alone, rich wraps at any
space and crops what has none ("Russian / Federation", "Kalai–Smorodins…"), so here names and
facts are kept whole, and only long option labels and headings wrap, inside their cells.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from rich.cells import cell_len
from rich.console import Console
from rich.table import Table

from game.core.analysis import Analysis, Solution
from game.core.model import Scenario

_SOLUTION_HEADINGS = {"Kalai–Smorodinsky": "Kalai–\nSmorodinsky"}
"""Headings with no space to break at, and how they break when the table is too wide for the
terminal (rich would crop them)."""


def _print_phrases(out: Console, phrases: Sequence[str], sep: str) -> None:
    """Print `phrases` joined by `sep`, breaking lines only between phrases (continuation lines
    indented), so that no fact or party name is split across two lines."""
    line = ""
    for phrase in phrases:
        if line and cell_len(line + sep + phrase) > out.width:
            out.print(line + sep.rstrip(), soft_wrap=True)
            line = "  " + phrase
        else:
            line = line + sep + phrase if line else phrase
    out.print(line, soft_wrap=True)


def _solutions_table(scenario: Scenario, result: Analysis,
                     solutions: Sequence[tuple[str, Solution]], narrow: bool) -> Table:
    """The bargaining texts, clause by clause, then each analysed party's utility; with
    `narrow`, the headings that cannot otherwise wrap are broken in two."""
    names = {p.id: p.name for p in scenario.parties}
    table = Table(title="Bargaining solutions (over the zone)", title_justify="left")
    table.add_column("Clause", no_wrap=True)
    for label, _ in solutions:
        # "fold": in a very narrow terminal a long word goes on the next line, never cropped.
        table.add_column(_SOLUTION_HEADINGS.get(label, label) if narrow else label,
                         overflow="fold")
    for issue in scenario.issues:
        table.add_row(issue.name, *(issue.option(s.text[issue.id]).label
                                    if s.text.get(issue.id) in issue.option_ids
                                    else str(s.text.get(issue.id, "—")) for _, s in solutions))
    table.add_section()
    table.add_row("[bold]Utility (surplus)[/bold]")
    for party in result.parties:
        table.add_row(names[party], *(f"{s.utilities[party]:.1f} ({s.surplus[party]:+.1f})"
                                      for _, s in solutions))
    return table


def print_analysis(scenario: Scenario, result: Analysis, console: Console | None = None) -> None:
    """Print the per-party ranges, the zone and frontier sizes, and the bargaining texts."""
    out = console or Console()
    names = {p.id: p.name for p in scenario.parties}
    total = result.outcome_count
    share = 100 * result.zone_size / total if total else 0.0
    out.print(f"[bold]{scenario.title}[/bold]")
    _print_phrases(out, [f"Complete texts: {total:,}",
                         f"Zone of possible agreement: {result.zone_size:,} ({share:.2f}%)",
                         f"Pareto frontier: {result.frontier.size:,} texts"
                         + ("" if result.frontier.complete else " (incomplete)")], "   ")
    over = [names[p] for p in result.parties]
    if set(result.parties) == set(scenario.agreement.signatories):
        over[-1] += " (the signatories)"
    over[0] = f"Zone, frontier and bargaining texts over: {over[0]}"
    _print_phrases(out, over, ", ")
    for warning in result.warnings:
        out.print(f"[yellow]warning:[/yellow] {warning}")

    ranges = Table(title="What each party can get", title_justify="left")
    ranges.add_column("Party", no_wrap=True)
    for heading in ("Best", "Best it can sign", "Worst", "Reservation", "Urgency"):
        ranges.add_column(heading, justify="right")
    for r in result.ranges:
        signable = "—" if r.best_signable is None else f"{r.best_signable:.1f}"
        ranges.add_row(names[r.party], f"{r.best:.1f}", signable, f"{r.worst:.1f}",
                       f"{r.reservation:.1f}", f"{r.urgency * 100:g}%")  # as the briefing says
    out.print(ranges)

    solutions: list[tuple[str, Solution]] = [
        (label, s) for label, s in (("Nash", result.nash),
                                    ("Kalai–Smorodinsky", result.kalai_smorodinsky),
                                    ("Max welfare", result.max_welfare)) if s is not None
    ]
    if not solutions:
        out.print("[bold red]No text satisfies every analysed party: the zone is empty.[/]")
        return
    texts = _solutions_table(scenario, result, solutions, narrow=False)
    unbounded = out.options.update_width(sys.maxsize)  # `measure` caps at the terminal width
    if out.measure(texts, options=unbounded).maximum > out.width:
        texts = _solutions_table(scenario, result, solutions, narrow=True)
    out.print(texts)
