"""Wording shared by every layer's messages: lists and possessives as a person would say them."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from game.core.model import (
    AddIssue,
    AddOption,
    AdjustParty,
    Effect,
    EndGame,
    LockIssue,
    News,
    RemoveIssue,
    RemoveOption,
    UnlockIssue,
)


def and_list(items: Sequence[str]) -> str:
    """"A", "A and B", "A, B and C" ("" for none)."""
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)


def possessive(name: str) -> str:
    """"France's", "United States'": a delegation's name as the owner of something."""
    return f"{name}'" if name.endswith("s") else f"{name}'s"


def effect_words(effect: Effect, party: Callable[[str], str], issue: Callable[[str], str],
                 option: Callable[[str, str], str]) -> str:
    """One effect of an event or inject in words, with the names the players see (`party`,
    `issue` and `option` name ids): "United Kingdom: reservation –5.0", "locks US backstop
    on “Air power”". The control seat shows it before firing; the report, once fired."""
    match effect:
        case AdjustParty():
            parts = [f"reservation {signed(effect.reservation)}"] if effect.reservation else []
            if effect.urgency:
                parts.append(f"urgency {effect.urgency * 100:+g}%")  # as the briefings say
            # deltas as the scenario gives them: raw weights, values out of 100
            parts += [f"weight of {issue(i)} {signed(d)}" for i, d in effect.weights.items()]
            parts += [f"values on {issue(i)} (" + ", ".join(
                f"“{option(i, o)}” {signed(d)}" for o, d in by_option.items()) + ")"
                for i, by_option in effect.values.items()]
            return f"{party(effect.party)}: " + (", ".join(parts) or "no change")
        case AddOption():
            return f"adds “{effect.option.label}” to {issue(effect.issue)}"
        case RemoveOption():
            return f"removes “{option(effect.issue, effect.option)}” from {issue(effect.issue)}"
        case LockIssue():
            on = f" on “{option(effect.issue, effect.option)}”" if effect.option else ""
            return f"locks {issue(effect.issue)}{on}"
        case UnlockIssue():
            return f"unlocks {issue(effect.issue)}"
        case AddIssue():
            return f"adds the clause {effect.issue.name}"
        case RemoveIssue():
            return f"removes the clause {issue(effect.issue)}"
        case EndGame():
            return "ends the talks" + (f" ({effect.reason})" if effect.reason else "")
        case News():
            return f"news: {effect.text}"
    return type(effect).__name__


def signed(x: float) -> str:
    """A change in points: "+5.0", "–5.0" (an en dash, as a minus reads), "±0"."""
    return f"+{x:.1f}" if x >= 0.05 else (f"–{-x:.1f}" if x <= -0.05 else "±0")
