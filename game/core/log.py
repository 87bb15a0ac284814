"""The log is the game: a header plus one record per applied action, and replay.

This module builds and checks the records as plain data; writing them to disk is
`game.session.store`'s job. Records serialise with `dumps` to one canonical JSON line each, so
the same scenario, seed and actions give a byte-identical log on any machine and under any
`PYTHONHASHSEED`. Nothing here reads the clock: a log holds no timestamps.

Format `backstop/log@1` (JSON Lines):

- line 1, the header: `format`, `game_version`, `scenario_id`, `scenario_sha256` (of the exact
  scenario bytes), `seed`, `seats` (party -> "human:Name" or "bot:strategy"), and for a branch
  `parent` (the parent log's header hash) and `branch_round`;
- then one record per action: `seq`, `round` and `phase` before the action, `actor`, `action`
  (see `game.core.actions.to_dict`), `text` (its text form), `events` (what happened) and
  `hash` (of the resulting state).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from game.core.actions import Action, action_from_dict, to_dict
from game.core.errors import GameError
from game.core.model import Scenario
from game.core.rules import apply_action, new_game
from game.core.state import GameState, LogEvent, state_hash

LOG_FORMAT = "backstop/log@1"


class LogError(ValueError):
    """A log that cannot be read or replayed; the message is one line for the user."""


def dumps(record: Mapping[str, Any]) -> str:
    """One canonical JSON line (no newline)."""
    return json.dumps(record, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def header(
    scenario: Scenario,
    scenario_sha256: str,
    seed: str,
    seats: Mapping[str, str],
    game_version: str,
    *,
    parent: str | None = None,
    branch_round: int | None = None,
) -> dict[str, Any]:
    data: dict[str, Any] = {
        "format": LOG_FORMAT,
        "game_version": game_version,
        "scenario_id": scenario.id,
        "scenario_sha256": scenario_sha256,
        "seed": seed,
        "seats": {p: seats.get(p, "human:") for p in scenario.party_ids},
    }
    if parent is not None:
        data["parent"] = parent
        data["branch_round"] = branch_round
    return data


def header_hash(head: Mapping[str, Any]) -> str:
    return hashlib.sha256(dumps(head).encode()).hexdigest()[:16]


def record(before: GameState, action: Action, events: Iterable[LogEvent],
           after: GameState) -> dict[str, Any]:
    """The log record of one applied action."""
    return {
        "seq": after.seq,
        "round": before.round,
        "phase": before.phase,
        "actor": action.actor,
        "action": to_dict(action),
        "text": str(action),
        "events": [e.to_dict() for e in events],
        "hash": state_hash(after),
    }


@dataclass(frozen=True, slots=True)
class Replayed:
    state: GameState
    actions: tuple[Action, ...]
    states: tuple[GameState, ...]
    """The state after each action (`states[0]` is the start)."""


def replay(scenario: Scenario, records: Sequence[Mapping[str, Any]], *,
           verify: bool = False, keep_states: bool = False) -> Replayed:
    """Re-apply the logged actions from the start of `scenario`.

    With `verify`, every record's `seq` and state hash must match, else `LogError`. It does not
    check the header; see `check_header`.
    """
    state = new_game(scenario)[0]
    states = [state] if keep_states else []
    actions = []
    for n, rec in enumerate(records, start=1):
        try:
            action = action_from_dict(rec["action"])
            state, _ = apply_action(state, action)
        except (GameError, KeyError, TypeError) as exc:
            raise LogError(f"record {n}: cannot apply it ({exc})") from None
        if verify:
            if rec.get("seq") != state.seq:
                raise LogError(f"record {n}: sequence number {rec.get('seq')} where "
                               f"{state.seq} was expected")
            if rec.get("hash") != state_hash(state):
                raise LogError(f"record {n} ({rec.get('text', '?')}): the state hash does not "
                               "match; the log was edited or comes from another version")
        actions.append(action)
        if keep_states:
            states.append(state)
    return Replayed(state, tuple(actions), tuple(states))


OFFERS_ALTERNATE_FROM = (0, 2, 0)
"""The version from which alternating-offers games keep one speaking order across rounds;
before it the order rotated, so their logs cannot be replayed by the rules now."""


def explained(exc: LogError, head: Mapping[str, Any], scenario: Scenario) -> LogError:
    """`exc` from replaying a log, saying why when the log comes from a version whose rules
    differ (an alternating-offers game saved before turns stopped rotating)."""
    version = str(head.get("game_version", ""))
    try:
        older = tuple(int(x) for x in version.split(".")) < OFFERS_ALTERNATE_FROM
    except ValueError:
        older = False
    if scenario.protocol == "alternating_offers" and older:
        return LogError(f"{exc}; this alternating-offers game was saved by Backstop {version}, "
                        "whose turns rotated between rounds, and this version's rules cannot "
                        "replay it")
    return exc


def check_header(head: Mapping[str, Any], scenario_sha256: str | None = None) -> None:
    """Raise `LogError` unless `head` is a current log header (for this scenario, if given)."""
    if head.get("format") != LOG_FORMAT:
        raise LogError(f"not a Backstop log of format {LOG_FORMAT} "
                       f"(found {head.get('format')!r})")
    for key in ("scenario_id", "scenario_sha256", "seed", "seats"):
        if key not in head:
            raise LogError(f"the log header has no {key!r}")
    if scenario_sha256 is not None and head["scenario_sha256"] != scenario_sha256:
        raise LogError(f"the log was played on a different version of scenario "
                       f"{head['scenario_id']!r} (its sha256 differs)")


MIGRATIONS: dict[str, Any] = {}
"""Format upgrades: old format name -> function(header, records) -> (header, records) one step
newer. `game.session.store` applies them in a chain before `check_header`. There are none yet:
`backstop/log@1` is the first format. Add one here when the format changes, with a test that
loads a committed log of the old format."""
