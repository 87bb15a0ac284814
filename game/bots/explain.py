"""One-sentence reasons in the seat's own terms, for every bot decision.

Students read these in the table and the debrief ("France supports #4: it gains “Coalition
ISR” for Technical monitoring, worth more to it than “About 10,000–15,000” for Force size"),
so they name clauses and options as the scenario labels them and say which way each one cuts
for the seat. What they call a gain or a cost is one on the screens, which count an open
clause as its fallback, or 0 without one; where the seat holds out for more than that on an
open clause, they say it expects better. They never quote another party's hidden
preferences: a bot knows none.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from game.bots.knowledge import OwnTables
from game.bots.outlook import Outlook
from game.core.scoring import with_fallbacks
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


EPS = 1e-9
"""Changes smaller than this, in utility points, are none."""


@dataclass(frozen=True)
class Change:
    """One amendment as the seat weighs it, in weighted value (utility points)."""

    issue: str
    option: str
    shown: float
    """Against the clause as the screens count it (`with_fallbacks`): its option, or while
    open its fallback, or 0 without one. Gains and costs are said against this, as the
    players see them."""
    expected: float
    """Against what the seat expects the clause to settle at (`shown` for a settled
    clause). Votes are decided on this, so it tells why a change the screen counts as
    no cost can still be turned down."""

    @property
    def gain(self) -> bool:
        """The screens count the change as worth something to the seat."""
        return self.shown > EPS

    @property
    def cost(self) -> bool:
        """The screens count the change as costing the seat."""
        return self.shown < -EPS

    @property
    def short(self) -> bool:
        """An open clause set below what the seat expects of it, at no cost on screen."""
        return not self.cost and self.expected < -EPS


def changes(view: View, own: OwnTables, look: Outlook, amendments: Sequence[tuple[str, str]]
            ) -> list[Change]:
    """Each amendment's `Change`, largest gain on screen first."""
    shown = with_fallbacks(view.issues, look.draft)
    out = []
    for issue, option in amendments:
        values = own.values[own.issue_ids.index(issue)]
        current = look.draft.get(issue)
        expected = values.get(current, 0.0) if current is not None else sum(
            p * values.get(o, 0.0) for o, p in look.chances.get(issue, {}).items())
        on_screen = shown.get(issue)
        here = values.get(on_screen, 0.0) if on_screen is not None else 0.0
        new = values.get(option, 0.0)
        out.append(Change(issue, option, new - here, new - expected))
    return sorted(out, key=lambda c: -c.shown)


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
            amendments: Sequence[tuple[str, str]], *, yes: bool, reached: bool,
            enough: bool) -> str:
    """Why the seat votes as it does on proposal `number` (no red line involved): `reached`,
    the draft is already worth the seat's target; `enough`, it is with the package (a seat
    also supports a package that only brings the draft closer).

    Gains and costs are the screens' (`Change.shown`), and one side is said to outweigh the
    other only when the screens' numbers agree. An open clause set below what the seat
    expects of it, which the screens count as no cost, is "it expects better than"."""
    who = name(view)
    cs = changes(view, own, look, amendments)
    losses = [c for c in cs if c.cost]
    if yes:
        gains = [c for c in cs if c.gain]
        if gains and losses and _net(gains + losses) > EPS:
            return (f"{who} supports #{number}: it gains {_said(view, gains)}, worth more to "
                    f"it than {_said(view, losses)}")
        still = ("the draft stays good enough to sign" if enough else
                 "the draft comes closer to what it is holding out for")
        if gains and losses:
            return (f"{who} supports #{number}: it gains {_said(view, gains)} and gives up "
                    f"{_said(view, losses)}, and {still}")
        if gains:
            return f"{who} supports #{number}: it gains {_said(view, gains)}"
        if losses:
            return f"{who} supports #{number}: it gives up {_said(view, losses)}, but {still}"
        return f"{who} supports #{number}: it settles the text without costing it anything"
    short = [c for c in cs if c.short]
    gains = [c for c in cs if c.gain and not c.short]
    give = "give" if len(gains) > 1 else "gives"
    cost = ""
    if losses and not gains:
        cost = f"{_said(view, losses)} would cost it too much"
    elif losses and _net(gains + losses) < -EPS:
        cost = f"{_said(view, losses)} would cost it more than {_said(view, gains)} {give}"
    elif losses and sum(c.expected for c in gains + losses) < -EPS:
        # the screens add more for the gains than the losses cost, but the seat expects
        # most of that gain anyway
        cost = (f"{_said(view, losses)} would cost it more than it expects to gain from "
                f"{_said(view, gains)}")
    hoped = f"it expects better than {_said(view, short)}" if short else ""
    if cost or hoped:
        return f"{who} opposes #{number}: " + ", and ".join(filter(None, (cost, hoped)))
    if reached:
        return f"{who} opposes #{number}: it expects a better text than this"
    return (f"{who} opposes #{number}: with {_said(view, cs)} the draft would still fall "
            "short of what it is holding out for")


def _said(view: View, cs: Sequence[Change]) -> str:
    return clauses(view, [(c.issue, c.option) for c in cs])


def _net(cs: Sequence[Change]) -> float:
    """What these changes add up to on screen."""
    return sum(c.shown for c in cs)


def red_line(view: View, issue: str, option: str, reason: str) -> str:
    why = f" ({reason.rstrip('.')})" if reason else ""
    return f"{clause(view, issue, option)} crosses {possessive(name(view))} red line{why}"


def proposal(view: View, own: OwnTables, look: Outlook,
             amendments: Sequence[tuple[str, str]]) -> str:
    """Why the seat tables this package: what it asks for and what it gives. It asks for a
    clause that gains it something both on screen and against what it expects; the rest it
    gives (an open clause set below what it expects of it is given, whatever the screens add)."""
    who = name(view)
    cs = changes(view, own, look, amendments)
    asks = [c for c in cs if c.gain and c.expected > EPS]
    gives = [c for c in cs if c not in asks]
    if asks and gives:
        return (f"{who} proposes a trade: {_said(view, asks)} for itself, "
                f"{_said(view, gives)} to win the others")
    if asks:
        return f"{who} asks for {_said(view, asks)}, which it expects the others can accept"
    return f"{who} offers {_said(view, gives)} to move the text towards a deal"
