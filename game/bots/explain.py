"""One-sentence reasons in the seat's own terms, for every bot decision.

Students read these in the table and the debrief ("France supports #4: it gains “Coalition
ISR” for Technical monitoring, worth more to it than “About 10,000–15,000” for Force size"),
so they name clauses and options as the scenario labels them and say which way each one cuts
for the seat. They never quote another party's hidden preferences: a bot knows none.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from game.bots.knowledge import OwnTables
from game.bots.outlook import Outlook
from game.core.view import View
from game.core.words import and_list, possessive


def clause(view: View, issue_id: str, option: str) -> str:
    """`“label” for Issue name`, as the scenario words it."""
    issue = view.issue(issue_id)
    try:
        label = issue.option(option).label
    except KeyError:
        label = option
    return f"“{label}” for {issue.name}"


def clauses(view: View, pairs: Sequence[tuple[str, str]]) -> str:
    """Several clauses joined as a list a person would say."""
    return and_list([clause(view, i, o) for i, o in pairs])


def name(view: View) -> str:
    return view.party(view.viewer).name


def deltas(own: OwnTables, look: Outlook, amendments: Sequence[tuple[str, str]]
           ) -> list[tuple[float, str, str]]:
    """Each amendment's change in the seat's weighted value (an open clause against its
    expected value), largest gain first."""
    out = []
    for issue, option in amendments:
        values = own.values[own.issue_ids.index(issue)]
        current = look.draft.get(issue)
        here = values.get(current, 0.0) if current is not None else sum(
            p * values.get(o, 0.0) for o, p in look.chances.get(issue, {}).items())
        out.append((values.get(option, 0.0) - here, issue, option))
    return sorted(out, key=lambda d: -d[0])


def strongest(own: OwnTables, text: Mapping[str, str]) -> tuple[str, str]:
    """The clause of a complete text that gives the seat the most."""
    scores = [values.get(text[issue], 0.0)
              for issue, values in zip(own.issue_ids, own.values, strict=True)]
    k = scores.index(max(scores))  # the first of equals, as max(range, key=...) picks
    return own.issue_ids[k], text[own.issue_ids[k]]


def weakest(own: OwnTables, text: Mapping[str, str]) -> tuple[str, str]:
    """The clause of a complete text where the seat falls furthest short of its favourite."""
    shortfalls = [top - values.get(text[issue], 0.0)
                  for issue, values, top in zip(own.issue_ids, own.values, own.tops, strict=True)]
    k = shortfalls.index(max(shortfalls))  # the first of equals
    return own.issue_ids[k], text[own.issue_ids[k]]


def support(view: View, own: OwnTables, look: Outlook, number: int,
            amendments: Sequence[tuple[str, str]], *, yes: bool, reached: bool) -> str:
    """Why the seat votes as it does on proposal `number` (no red line involved)."""
    who = name(view)
    ds = deltas(own, look, amendments)
    gains = [(i, o) for d, i, o in ds if d > 1e-9]
    losses = [(i, o) for d, i, o in ds if d < -1e-9]
    if yes:
        if gains and losses:
            return (f"{who} supports #{number}: it gains {clauses(view, gains)}, worth more to "
                    f"it than {clauses(view, losses)}")
        if gains:
            return f"{who} supports #{number}: it gains {clauses(view, gains)}"
        if losses:
            return (f"{who} supports #{number}: it gives up {clauses(view, losses)}, but the "
                    "draft stays good enough to sign")
        return f"{who} supports #{number}: it settles the text without costing it anything"
    if losses and gains:
        return (f"{who} opposes #{number}: {clauses(view, losses)} would cost it more than "
                f"{clauses(view, gains)} {'give' if len(gains) > 1 else 'gives'}")
    if losses and all(look.draft.get(i) is None for i, _ in losses):
        # measured against what it expects the open clauses to settle at, not their
        # fallback: "cost" would contradict the points a player sees for the fallback
        return f"{who} opposes #{number}: it expects better than {clauses(view, losses)}"
    if losses:
        return f"{who} opposes #{number}: {clauses(view, losses)} would cost it too much"
    if reached:
        return f"{who} opposes #{number}: it expects a better text than this"
    return (f"{who} opposes #{number}: with {clauses(view, [(i, o) for _, i, o in ds])} the "
            "draft would still fall short of what it is holding out for")


def red_line(view: View, issue: str, option: str, reason: str) -> str:
    why = f" ({reason.rstrip('.')})" if reason else ""
    return f"{clause(view, issue, option)} crosses {possessive(name(view))} red line{why}"


def proposal(view: View, own: OwnTables, look: Outlook,
             amendments: Sequence[tuple[str, str]]) -> str:
    """Why the seat tables this package: what it asks for and what it gives."""
    who = name(view)
    ds = deltas(own, look, amendments)
    asks = [(i, o) for d, i, o in ds if d > 1e-9]
    gives = [(i, o) for d, i, o in ds if d <= 1e-9]
    if asks and gives:
        return (f"{who} proposes a trade: {clauses(view, asks)} for itself, "
                f"{clauses(view, gives)} to win the others")
    if asks:
        return f"{who} asks for {clauses(view, asks)}, which it expects the others can accept"
    return f"{who} offers {clauses(view, gives)} to move the text towards a deal"
