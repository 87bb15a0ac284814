"""Effects as plain data: the JSON form an ad-hoc inject carries in the log.

A scenario's events are validated by `game.scenario` and arrive here as model objects. An inject
written at the table by the control seat has no YAML behind it, so its effects travel in the log
as small dicts, one per effect, keyed by `kind`:

    {"kind": "adjust", "party": "uk", "reservation": -5, "urgency": 0.1,
     "weights": {"force_size": 10}, "values": {"command": {"eu_led": -20}}}
    {"kind": "add_option", "issue": "zone", "option": {"id": "ports", "label": "Ports only"},
     "values": {"uk": 60}, "after": "cities_ports"}
    {"kind": "remove_option", "issue": "zone", "option": "contact_line"}
    {"kind": "lock", "issue": "airspace", "option": "reopened"}      (option optional)
    {"kind": "unlock", "issue": "airspace"}
    {"kind": "add_issue", "issue": {"id": ..., "name": ..., "options": [...],
     "stakeholders": [...]}, "weights": {party: w}, "values": {party: {option: v}}}
    {"kind": "remove_issue", "issue": "duration"}
    {"kind": "end", "reason": "Talks suspended"}
    {"kind": "news", "text": "..."}

`effect_from_dict(effect_to_dict(e)) == e` for every effect. Bad data raises `ValueError` with a
one-line message.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from game.core.model import (
    AddIssue,
    AddOption,
    AdjustParty,
    Effect,
    EndGame,
    FrozenMap,
    Issue,
    LockIssue,
    News,
    Option,
    RemoveIssue,
    RemoveOption,
    UnlockIssue,
)

KINDS = ("adjust", "add_option", "remove_option", "lock", "unlock", "add_issue",
         "remove_issue", "end", "news")


def _option(o: Option) -> dict[str, Any]:
    return {"id": o.id, "label": o.label, "description": o.description}


def _nested(m: Mapping[str, Mapping[str, float]]) -> dict[str, dict[str, float]]:
    return {k: dict(v) for k, v in m.items()}


def effect_to_dict(effect: Effect) -> dict[str, Any]:
    match effect:
        case AdjustParty():
            return {"kind": "adjust", "party": effect.party, "weights": dict(effect.weights),
                    "values": _nested(effect.values), "reservation": effect.reservation,
                    "urgency": effect.urgency}
        case AddOption():
            return {"kind": "add_option", "issue": effect.issue,
                    "option": _option(effect.option), "values": dict(effect.values),
                    "after": effect.after}
        case RemoveOption():
            return {"kind": "remove_option", "issue": effect.issue, "option": effect.option}
        case LockIssue():
            return {"kind": "lock", "issue": effect.issue, "option": effect.option}
        case UnlockIssue():
            return {"kind": "unlock", "issue": effect.issue}
        case AddIssue():
            i = effect.issue
            return {"kind": "add_issue",
                    "issue": {"id": i.id, "name": i.name, "description": i.description,
                              "options": [_option(o) for o in i.options],
                              "stakeholders": list(i.stakeholders), "if_open": i.if_open,
                              "locked": i.locked},
                    "weights": dict(effect.weights), "values": _nested(effect.values)}
        case RemoveIssue():
            return {"kind": "remove_issue", "issue": effect.issue}
        case EndGame():
            return {"kind": "end", "reason": effect.reason}
        case News():
            return {"kind": "news", "text": effect.text}
    raise AssertionError(f"unhandled effect {effect!r}")  # pragma: no cover


def _str(d: Mapping[str, Any], key: str, default: str | None = None) -> str:
    value = d.get(key, default)
    if not isinstance(value, str) or (default is None and not value):
        raise ValueError(f"{key!r} must be a non-empty string")
    return value


def _maybe_str(d: Mapping[str, Any], key: str) -> str | None:
    value = d.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValueError(f"{key!r} must be a string")
    return value


def _num(value: Any, what: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{what} must be a number")
    return float(value)


def _numbers(d: Mapping[str, Any], key: str) -> FrozenMap[str, float]:
    raw = d.get(key) or {}
    if not isinstance(raw, Mapping):
        raise ValueError(f"{key!r} must be a mapping")
    return FrozenMap({str(k): _num(v, f"{key}.{k}") for k, v in raw.items()})


def _nested_numbers(d: Mapping[str, Any], key: str) -> FrozenMap[str, FrozenMap[str, float]]:
    raw = d.get(key) or {}
    if not isinstance(raw, Mapping):
        raise ValueError(f"{key!r} must be a mapping")
    return FrozenMap({str(k): _numbers(raw, k) for k in raw})


def _make_option(raw: Any) -> Option:
    if not isinstance(raw, Mapping):
        raise ValueError("an option must be a mapping with an id and a label")
    return Option(_str(raw, "id"), _str(raw, "label"), _str(raw, "description", ""))


def effect_from_dict(data: Mapping[str, Any]) -> Effect:
    """Rebuild an effect from its dict form (`ValueError` names what is wrong)."""
    if not isinstance(data, Mapping):
        raise ValueError("an effect must be a mapping")
    kind = data.get("kind")
    if kind == "adjust":
        return AdjustParty(_str(data, "party"), _numbers(data, "weights"),
                           _nested_numbers(data, "values"),
                           _num(data.get("reservation", 0.0), "reservation"),
                           _num(data.get("urgency", 0.0), "urgency"))
    if kind == "add_option":
        return AddOption(_str(data, "issue"), _make_option(data.get("option")),
                         _numbers(data, "values"), _maybe_str(data, "after"))
    if kind == "remove_option":
        return RemoveOption(_str(data, "issue"), _str(data, "option"))
    if kind == "lock":
        return LockIssue(_str(data, "issue"), _maybe_str(data, "option"))
    if kind == "unlock":
        return UnlockIssue(_str(data, "issue"))
    if kind == "add_issue":
        raw = data.get("issue")
        if not isinstance(raw, Mapping):
            raise ValueError("'issue' must be a mapping")
        options = raw.get("options")
        holders = raw.get("stakeholders")
        if not isinstance(options, list) or not isinstance(holders, list):
            raise ValueError("a new issue needs lists of options and stakeholders")
        issue = Issue(_str(raw, "id"), _str(raw, "name"),
                      tuple(_make_option(o) for o in options),
                      tuple(str(p) for p in holders), _str(raw, "description", ""),
                      _maybe_str(raw, "if_open"), bool(raw.get("locked", False)))
        return AddIssue(issue, _numbers(data, "weights"), _nested_numbers(data, "values"))
    if kind == "remove_issue":
        return RemoveIssue(_str(data, "issue"))
    if kind == "end":
        return EndGame(_str(data, "reason", ""))
    if kind == "news":
        return News(_str(data, "text"))
    raise ValueError(f"unknown effect kind {kind!r}; expected one of {', '.join(KINDS)}")
