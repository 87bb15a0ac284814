"""Names people read for bot strategies, with no screen attached.

A seat's bot is stored (and logged) as a strategy spec such as `time_dependent:e=1.5`; the
screens (`game.ui.names`) and the after-action report both show it through `bot_name`, so a
trainer reads the same words at the table and in the exported report.
"""

from __future__ import annotations

from game.bots import PRESETS, parse_spec

_NAMED = {
    "boulware": ("Boulware", "tough"), "linear": ("Linear", ""),
    "conceder": ("Conceder", "soft"), "tit_for_tat": ("Tit for tat", ""),
    "hardliner": ("Hardliner", ""), "random": ("Random", ""),
}


def bot_name(spec: str, *, short: bool = False) -> str:
    """A strategy spec as people read it: `boulware` "Boulware (tough)", `time_dependent:e=0.4`
    "Concedes late (e=0.4)", `time_dependent:e=1` "Concedes steadily (e=1)", `e=2` "Concedes
    early (e=2)"; `short` leaves out what is in brackets. An unreadable spec comes back
    tidied, never as an error."""
    full = _bot_name(spec)
    return full.split(" (", 1)[0] if short else full


def _bot_name(spec: str) -> str:
    try:
        parsed = parse_spec(spec)
    except ValueError:
        name, _, option = spec.partition(":")
        return (name.replace("_", " ").strip().capitalize() or "Bot") + (
            f" ({option})" if option else "")
    e = parsed.e
    if parsed.strategy == "time_dependent":
        speed = ("steadily" if e is None or e == 1 else "late" if e < 1 else "early")
        return f"Concedes {speed}" + (f" (e={e:g})" if e is not None else "")
    name, note = _NAMED.get(parsed.strategy, (parsed.strategy.replace("_", " ").capitalize(),
                                              ""))
    extra = [note] if note else []
    if e is not None and e != PRESETS.get(parsed.strategy):
        extra.append(f"e={e:g}")
    return name + (f" ({', '.join(extra)})" if extra else "")


__all__ = ["bot_name"]
