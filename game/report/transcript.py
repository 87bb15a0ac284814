"""A readable transcript of a game, built from its log records.

It names options by their labels and parties by their names, and lists the clauses of a draft
or agreed text in the scenario's order of issues (as every screen does), so a trainer can read
it aloud. The transcript shows everything the log holds (it is the control seat's record),
including votes, which the log only reveals once voting ended. `wrapped` fits its lines to a
terminal.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping
from typing import Any

from game.bots.naming import bot_name
from game.core.actions import Inject, action_from_dict
from game.core.errors import BadActionTextError
from game.core.model import AddIssue, AddOption, Effect, Scenario
from game.core.rules import new_game
from game.core.state import GameState
from game.core.view import final_scores, in_words


class _Names:
    def __init__(self, scenario: Scenario, state: GameState | None,
                 records: Iterable[Mapping[str, Any]] = ()) -> None:
        self.parties = {p.id: p.name for p in scenario.parties}
        issues = list(scenario.issues) + (list(state.issues) if state else [])
        self.issues = {i.id: i.name for i in issues}
        self.options = {(i.id, o.id): o.label for i in issues for o in i.options}
        # options and issues that events and the control seat's injects add: a lapse or a
        # proposal names them even without the final state, or after they were removed
        added = [eff for ev in scenario.events for eff in ev.effects]
        added += [eff for rec in records for eff in inject_effects(rec.get("action"))]
        for eff in added:
            if isinstance(eff, AddOption):
                self.options[(eff.issue, eff.option.id)] = eff.option.label
            elif isinstance(eff, AddIssue):
                self.issues[eff.issue.id] = eff.issue.name
                self.options.update({(eff.issue.id, o.id): o.label for o in eff.issue.options})
        # the scenario's issues first, then those events add (the game appends them)
        self.position = {issue: k for k, issue in enumerate(self.issues)}

    def party(self, pid: str) -> str:
        return self.parties.get(pid, pid)

    def clause(self, issue: str, option: str) -> str:
        return f"{self.issues.get(issue, issue)}: {self.options.get((issue, option), option)}"

    def words(self, message: str) -> str:
        """A message of the rules (a reason) with party and issue ids named."""
        return in_words(message, {**self.parties, **self.issues})

    def text(self, pairs: Iterable[Any]) -> str:
        """A text (a mapping, which the log keeps sorted by issue id) in the scenario's order
        of issues; amendments (pairs) in the order their proposer gave."""
        if isinstance(pairs, Mapping):
            pairs = sorted(pairs.items(),
                           key=lambda item: self.position.get(str(item[0]), len(self.position)))
        return "; ".join(self.clause(str(i), str(o)) for i, o in pairs)


def inject_effects(action: object) -> tuple[Effect, ...]:
    """The effects a logged inject action carries (none for another action, or one that
    cannot be read: what reads the log still reads)."""
    try:
        read = action_from_dict(action) if isinstance(action, Mapping) else None
    except BadActionTextError:
        return ()
    return read.effects if isinstance(read, Inject) else ()


def transcript(scenario: Scenario, records: Iterable[Mapping[str, Any]],
               final: GameState | None = None, *,
               known: Iterable[Mapping[str, Any]] = ()) -> list[str]:
    """One line per thing that happened; with `final`, end with the outcome and scores.
    `known` are earlier records, read only for the names of what their injects added (a
    screen that words one record at a time passes those before it)."""
    records = list(records)
    n = _Names(scenario, final, [*known, *records])
    lines: list[str] = [f"{scenario.title}"]
    opening = [e.to_dict() for e in new_game(scenario)[1]]  # round 1 starts before any action
    for events in (opening, *(rec.get("events", []) for rec in records)):
        for ev in events:
            line = _describe(ev, n)
            if line:
                lines.append(line)
    if final is not None and not final.running:
        lines.append("")
        if final.status == "agreement":
            lines.append(f"Outcome: agreement in round {final.end_round}.")
        else:
            lines.append(f"Outcome: no deal ({n.words(final.end_reason)}).")
        for party, value in final_scores(final).items():
            reservation = final.prefs[party].reservation
            lines.append(f"  {n.party(party)}: score {value:.1f}, reservation {reservation:.1f}, "
                         f"surplus {value - reservation:+.1f}")
    return lines


HANGING_INDENT = "    "
"""How much deeper than its first line a wrapped line's continuation starts."""


def wrapped(lines: Iterable[str], width: int) -> list[str]:
    """`lines` (as `transcript` returns them) cut at `width` columns between words, each
    continuation indented under its line's start plus `HANGING_INDENT`; a word longer than
    the width is left whole."""
    out: list[str] = []
    for line in lines:
        for part in line.split("\n"):
            body = part.lstrip(" ")
            lead = part[:len(part) - len(body)]
            out.extend(textwrap.wrap(body, width, initial_indent=lead,
                                     subsequent_indent=lead + HANGING_INDENT,
                                     break_long_words=False, break_on_hyphens=False) or [part])
    return out


def _describe(ev: Mapping[str, Any], n: _Names) -> str:
    kind = ev["kind"]
    if kind == "RoundStarted":
        order = ", ".join(n.party(p) for p in ev["order"])
        return f"\nRound {ev['round']} (speaking order: {order})"
    if kind == "EventFired":
        return f"  News: {ev['title']}" + (" (fired by control)" if ev["by"] == "control" else "")
    if kind == "InjectFired":
        return f"  Inject by control: {ev['headline']}"
    if kind == "SigningForced":
        return "  The control seat closed the talking and opened signing"
    if kind == "SeatChanged":
        seat = str(ev["seat"])
        who = f"a bot ({bot_name(seat[4:])})" if seat.startswith("bot:") else (
            seat[6:] or "a human")
        return f"  {n.party(ev['party'])} is now played by {who}"
    if kind == "SigningInterrupted":
        return f"  Signing interrupted: {n.words(ev['reason'])}"
    if kind == "ProposalTabled":
        note = f' — "{ev["note"]}"' if ev["note"] else ""
        who = n.party(ev["party"])
        return f"  #{ev['proposal']} {who} proposes {n.text(ev['amendments'])}{note}"
    if kind == "TurnPassed":
        return f"  {n.party(ev['party'])} passes"
    if kind == "VotesRevealed":
        votes = ", ".join(f"{n.party(p)} {'yes' if v else 'no'}" for p, v in ev["votes"].items())
        return f"  Votes on #{ev['proposal']}: {votes}"
    if kind == "ProposalPassed":
        return f"  #{ev['proposal']} passed: the draft now has {n.text(ev['amendments'])}"
    if kind == "ProposalFailed":
        return f"  #{ev['proposal']} failed (opposed by {', '.join(map(n.party, ev['opposed']))})"
    if kind == "ProposalLapsed":
        return f"  #{ev['proposal']} lapsed: {n.words(ev['reason'])}"
    if kind == "SigningOpened":
        which = "Final signing" if ev["final"] else "Signing"
        return f"  {which} on: {n.text(ev['text'])}"
    if kind == "SignaturesRevealed":
        return "  " + ", ".join(f"{n.party(p)} {'signs' if v else 'refuses'}"
                                for p, v in ev["decisions"].items())
    if kind == "SigningFailed":
        return f"  No agreement yet: {n.words(ev['reason'])}"
    if kind == "SigningImpossible":
        stuck = ", ".join(n.issues.get(i, i) for i in ev["open"])
        return f"  Signing impossible: {stuck} still open"
    if kind == "StatementMade":
        return f'  {n.party(ev["party"])} says: "{ev["text"]}"'
    if kind == "OfferMade":
        return f"  {n.party(ev['party'])} offers {n.text(ev['text'])}"
    if kind == "OfferAccepted":
        return f"  {n.party(ev['party'])} accepts"
    if kind == "AgreementReached":
        return f"  AGREEMENT: {n.text(ev['text'])}"
    if kind == "GameEnded" and ev["status"] == "no_deal":
        return f"  NO DEAL: {n.words(ev['reason'])}"
    return ""
