"""What the control seat does, apart from how its screen looks.

The trainer's screen (`game.ui.scenes.control`) calls these: one live analysis per game, the
ad-hoc inject's effects built from the form's choices, taking a seat over or handing it to a
bot, the timer warnings' wording, and "what if" branches that keep the original log.
Everything that changes the game goes through the table, so it is logged.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING
from weakref import WeakKeyDictionary

from game.core import log as gamelog
from game.core.model import (
    AdjustParty,
    Effect,
    EndGame,
    Issue,
    LockIssue,
    News,
    Preferences,
    RemoveOption,
    UnlockIssue,
)
from game.core.view import View
from game.core.words import possessive
from game.session.oversight import Oversight
from game.session.places import unique_path
from game.session.table import Seat, Table

if TYPE_CHECKING:
    from game.ui.context import Context

CONTROL_NAME = "Control"
"""The player name of a seat the control seat takes over."""

_OVERSIGHT: WeakKeyDictionary[Table, Oversight] = WeakKeyDictionary()


def oversight(table: Table) -> Oversight:
    """The one live analysis of this game (made on first use)."""
    found = _OVERSIGHT.get(table)
    if found is None:
        found = _OVERSIGHT[table] = Oversight()
    return found


def pin_matches(typed: str, pin: str) -> bool:
    """Whether the PIN typed opens the control seat (never with no PIN set)."""
    return bool(pin) and typed.strip() == pin


# -- the ad-hoc inject's effects -------------------------------------------------------------

EFFECT_KINDS: tuple[tuple[str, str], ...] = (
    ("none", "No effect"),
    ("reservation", "Reservation ±"),
    ("urgency", "Urgency ±"),
    ("lock", "Lock a clause"),
    ("unlock", "Unlock a clause"),
    ("remove_option", "Remove an option"),
    ("end", "End the talks"),
    ("news", "Extra news line"),
)
"""(key, label) of the effects an ad-hoc inject can carry, in the form's order."""

TARGETS = {"reservation": "party", "urgency": "party", "lock": "issue", "unlock": "issue",
           "remove_option": "issue"}
"""What each kind acts on: a party or a clause (the others need neither)."""

WITH_OPTION = ("lock", "remove_option")
WITH_NUMBER = ("reservation", "urgency")
NUMBER_HINTS = {"reservation": "points, such as -10 or 5",
                "urgency": "a share lost per round, such as 0.02 or -0.01"}
"""What the number of each kind in `WITH_NUMBER` means, with examples that fit it: a
walk-away value moves in points, urgency in fractions."""
WITH_TEXT = ("end", "news")
AS_DRAFTED = ""
"""The option choice of a lock that keeps the clause as the draft has it."""


@dataclass
class EffectRow:
    """One row of the inject form, as chosen so far."""

    kind: str = "none"
    target: str = ""
    option: str = AS_DRAFTED
    value: str = ""


def make_effect(row: EffectRow) -> Effect | None:
    """The effect a form row describes (None for "No effect"); ValueError says what is
    missing, in one line."""
    kind = row.kind
    if kind == "none":
        return None
    if kind in TARGETS and not row.target:
        raise ValueError(f"choose the {TARGETS[kind]} for “{label_of(kind)}”")
    if kind in WITH_NUMBER:
        try:
            number = float(row.value.replace(",", ".").replace("−", "-").replace("–", "-"))
        except ValueError:
            raise ValueError(f"“{label_of(kind)}” needs a number: {NUMBER_HINTS[kind]}"
                             ) from None
        if kind == "reservation":
            return AdjustParty(row.target, reservation=number)
        return AdjustParty(row.target, urgency=number)
    if kind == "lock":
        return LockIssue(row.target, row.option or None)
    if kind == "unlock":
        return UnlockIssue(row.target)
    if kind == "remove_option":
        if not row.option:
            raise ValueError("choose the option to remove")
        return RemoveOption(row.target, row.option)
    if kind == "end":
        return EndGame(row.value.strip())
    if kind == "news":
        if not row.value.strip():
            raise ValueError("an extra news line needs some text")
        return News(row.value.strip())
    raise ValueError(f"unknown effect {kind!r}")


def label_of(kind: str) -> str:
    return dict(EFFECT_KINDS).get(kind, kind)


def what_changed(before: View, after: View) -> str:
    """What an event or inject changed, in words, from the control views either side of it:
    "Ukraine's walk-away 37 » 27; Airspace locked on “Stays closed”" ("" when nothing but
    the news changed)."""
    said: list[str] = []
    names = {p.id: p.name for p in (*before.parties, *after.parties)}
    clauses = {i.id: i.name for i in (*before.issues, *after.issues)}
    no_prefs: Mapping[str, Preferences] = {}
    old_prefs = before.all_preferences or no_prefs
    new_prefs = after.all_preferences or no_prefs
    for party, new in new_prefs.items():
        old = old_prefs.get(party)
        if old is None:
            continue
        whose = possessive(names.get(party, party))
        who = names.get(party, party)
        if old.reservation != new.reservation:
            said.append(f"{whose} walk-away {_num(old.reservation, 1)} » "
                        f"{_num(new.reservation, 1)}")
        if old.urgency != new.urgency:
            said.append(f"{whose} urgency {_num(old.urgency, 3)} » {_num(new.urgency, 3)}")
        for more, verb in ((True, "more"), (False, "less")):
            moved = [clauses[i] for i, w in new.weights.items() if i in old.weights
                     and i in clauses and w != old.weights[i] and (w > old.weights[i]) == more]
            if moved:
                said.append(f"{who} cares {verb} about {', '.join(moved)}")
        revalued = [clauses[i] for i in old.values if i in new.values and i in clauses
                    and _shifted(old.values[i], new.values[i])]
        if revalued:
            said.append(f"{whose} view of {', '.join(revalued)} changed")
        if old.red_lines != new.red_lines:
            said.append(f"{whose} red lines changed")
    old_issues = {i.id: i for i in before.issues}
    new_issues = {i.id: i for i in after.issues}
    for issue_id, issue in old_issues.items():
        if issue_id not in new_issues:
            said.append(f"clause {issue.name} removed")
    for issue_id, issue in new_issues.items():
        old_issue = old_issues.get(issue_id)
        if old_issue is None:
            said.append(f"new clause {issue.name}")
            continue
        gone = [o.label for o in old_issue.options if o.id not in issue.option_ids]
        added = [o.label for o in issue.options if o.id not in old_issue.option_ids]
        said += [f"“{label}” removed from {issue.name}" for label in gone]
        said += [f"“{label}” added to {issue.name}" for label in added]
        drafted = after.draft.get(issue_id)
        if issue_id in after.locked and issue_id not in before.locked:
            said.append(f"{issue.name} locked on “{_option(issue, drafted)}”"
                        if drafted is not None else f"{issue.name} locked")
        elif issue_id in before.locked and issue_id not in after.locked:
            said.append(f"{issue.name} unlocked")
        elif before.draft.get(issue_id) != drafted:
            said.append(f"{issue.name} now reads “{_option(issue, drafted)}”"
                        if drafted is not None else f"{issue.name} is open again")
    if before.status == "running" and after.status != "running":
        said.append("the talks are over")
    return "; ".join(said)


def _shifted(old: Mapping[str, float], new: Mapping[str, float]) -> bool:
    """Whether a value both have changed (an option that came or went is said elsewhere)."""
    return any(new[key] != value for key, value in old.items() if key in new)


def _num(x: float, digits: int) -> str:
    return f"{round(x, digits):g}"


def _option(issue: Issue, option: str) -> str:
    return next((o.label for o in issue.options if o.id == option), option)


# -- seats -----------------------------------------------------------------------------------


def take_over(table: Table, party: str, name: str | None = None) -> None:
    """A human takes `party`'s seat from its bot: `name`, else the seat's last player (a
    student whose seat a bot covered for a while), else the trainer (`CONTROL_NAME`)."""
    name = (name or "").strip() or table.last_player(party) or CONTROL_NAME
    table.reseat(party, Seat(party, "human", name))


def hand_to_bot(table: Table, party: str, spec: str) -> None:
    """A bot with strategy `spec` takes `party`'s seat (ValueError for an unknown one)."""
    table.reseat(party, Seat(party, "bot", spec))


# -- time ------------------------------------------------------------------------------------


def warning_text(warning: float | None, round_number: int, left: float | None = None) -> str:
    """The banner for a timer warning ("" when there is none to give). With `left`, the
    seconds actually left when it is given, it says those: a trainer who shortens the round
    to 0:41 sets off the 2-minute warning, which then says "41 seconds left"."""
    if warning is None:
        return ""
    seconds = round(warning if left is None else min(warning, left))
    if seconds >= 60 and seconds % 60 == 0:
        minutes = seconds // 60
        amount = f"{minutes} minute{'s' if minutes > 1 else ''}"
    elif seconds >= 60:
        amount = f"{seconds // 60}:{seconds % 60:02d}"
    else:
        amount = f"{seconds} second{'s' if seconds != 1 else ''}"
    return f"{amount} left in round {round_number}"


# -- what if ---------------------------------------------------------------------------------


def parent_save_path(ctx: Context) -> Path:
    """Where the game is saved before a branch replaces it: `<scenario>-<hash>.jsonl` (with
    `-2`, `-3`... when an earlier game already took that name), its options beside it."""
    assert ctx.table is not None
    head = ctx.table.session.header
    scenario = str(head.get("scenario_id") or "game")
    return unique_path(ctx.places.saves / f"{scenario}-{gamelog.header_hash(head)[:8]}.jsonl")


def branch_game(ctx: Context, round_number: int) -> Path:
    """Restart the game from the start of `round_number` as a new branch, which becomes the
    current game (autosaved as usual); the original is saved first, to the returned path.
    ValueError for a round the game has not reached."""
    table = ctx.table
    if table is None:
        raise ValueError("there is no game to branch")
    if not 1 <= round_number <= table.session.state.round:
        raise ValueError(f"round {round_number} is not an earlier round of this game")
    path = parent_save_path(ctx)
    table.session.save(path)  # before the branch rewrites the autosave
    ctx.keep_options(path)  # it reopens in projector mode, with its timer and PIN
    ctx.table = table.branch(round_number, autosave=ctx.places.autosave)
    ctx.ceremony_shown = ctx.table.over
    return path
