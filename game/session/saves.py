"""What the Load screen lists about each saved game, read cheaply and never replayed.

A save can be long (a flagship game runs to hundreds of actions) and the Load screen lists every
one of them, so listing reads only line 1 (the header: scenario, seats, and for a "what if"
branch its `parent` and `branch_round`) and the last record (its round, and in its events a
`GameEnded` when the game ended, which every ending emits); the lines between are only
counted. Opening a save still reads and checks all of it (`game.session.store.read_log`).

The saves folder also holds near-duplicates: the game kept when another one started, the copy
saved before a "what if", the same game kept again after it was loaded. `list_games` shows
identical files once and ties a shorter copy to the longer game it is the start of.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from game.core.log import MIGRATIONS, LogError, check_header, header_hash
from game.scenario import ScenarioError, load_bytes
from game.session.places import Places
from game.session.store import MAX_LOG_BYTES, mirror_of, read_log

Status = Literal["running", "agreement", "no_deal"]


@dataclass(frozen=True, slots=True)
class ScenarioFacts:
    """What a listing needs from the scenario a save was played on."""

    title: str
    rounds: int
    party_names: Mapping[str, str]


@dataclass(frozen=True, slots=True)
class SaveSummary:
    """One saved game as the Load screen lists it. With a `problem` the file cannot be read
    and only `path` and `modified` mean anything."""

    path: Path
    modified: float
    """The file's modification time (seconds since the epoch; 0 when unknown)."""
    problem: str = ""
    scenario_id: str = ""
    scenario: str = ""
    """The scenario's title (its id when the scenario this save was played on is missing)."""
    rounds: int = 0
    """The scenario's number of rounds (0 when the scenario is missing)."""
    header_hash: str = ""
    actions: int = 0
    round: int = 1
    """The round the game is in, or ended in."""
    status: Status = "running"
    humans: tuple[str, ...] = ()
    """Who played each human seat, with the delegation when the name does not say it."""
    parent: str = ""
    """For a "what if" branch, the header hash of the game it branched from."""
    branch_round: int = 0
    last_hash: str = ""
    """The state hash after the last action."""
    current: bool = False
    """The autosave: the game "Continue" resumes."""
    copy_of: SaveSummary | None = None
    """The longer game this save is the start of (or the same as, for the autosave)."""
    branch_of: SaveSummary | None = None
    """The listed game this "what if" branched from."""
    same_files: tuple[Path, ...] = ()
    """Other files holding exactly this game, left out of the list."""


@dataclass(frozen=True, slots=True)
class Listing:
    current: SaveSummary | None
    """The autosave, when there is one."""
    saves: tuple[SaveSummary, ...]
    """The saves folder, newest first, an earlier copy right after the game it is the start
    of, and identical files once (the oldest of them)."""


def list_games(places: Places) -> Listing:
    """The autosave and every save, summarised (never raises for a bad file)."""
    facts: dict[str, ScenarioFacts | None] = {}
    current = autosave_summary(places, facts)
    if current is not None:
        current = replace(current, current=True)
    saves = [summarise(p, places, facts) for p in places.save_files()]
    return _arrange(current, saves)


def autosave_summary(places: Places, facts: dict[str, ScenarioFacts | None] | None = None
                     ) -> SaveSummary | None:
    """The autosave summarised, or its mirror copy when that holds more of the game (as
    Continue reads it: `game.session.store.read_autosave`); None when there is neither."""
    auto, mirror = (summarise(p, places, facts) if p.is_file() else None
                    for p in (places.autosave, mirror_of(places.autosave)))
    if mirror is None or mirror.problem:
        if auto is not None and auto.problem and mirror is not None:
            return replace(auto, problem=f"{auto.problem}; its mirror copy: {mirror.problem}")
        return auto
    if auto is None or auto.problem or (mirror.header_hash == auto.header_hash
                                         and mirror.actions > auto.actions):
        return mirror  # the mirror holds more of the same game
    return auto


def summarise(path: Path, places: Places,
              facts: dict[str, ScenarioFacts | None] | None = None) -> SaveSummary:
    """`path` summarised from its header and last record; `facts` caches scenarios by sha256
    across calls."""
    try:
        modified = path.stat().st_mtime
    except OSError:
        modified = 0.0
    try:
        head, actions, last = _read_ends(path)
    except LogError as exc:
        return SaveSummary(path, modified, problem=str(exc))
    sha = str(head["scenario_sha256"])
    cache = {} if facts is None else facts
    if sha not in cache:
        cache[sha] = scenario_facts(places, sha)
    known = cache[sha]
    seats = head["seats"] if isinstance(head["seats"], dict) else {}
    names = known.party_names if known else {}
    status, round_number = _where(last)
    return SaveSummary(
        path, modified,
        scenario_id=str(head["scenario_id"]),
        scenario=known.title if known else str(head["scenario_id"]),
        rounds=known.rounds if known else 0,
        header_hash=header_hash(head),
        actions=actions,
        round=round_number,
        status=status,
        humans=tuple(_player(str(seat)[6:], names.get(party, party))
                     for party, seat in seats.items() if str(seat).startswith("human:")),
        parent=str(head.get("parent") or ""),
        branch_round=_int(head.get("branch_round")),
        last_hash=str(last.get("hash", "")) if last else "",
    )


def scenario_facts(places: Places, sha256: str) -> ScenarioFacts | None:
    """The title, rounds and party names of the scenario kept under `sha256`; None when it is
    missing or no longer loads."""
    try:
        return _facts_of(places.scenario_for(sha256))
    except (OSError, ScenarioError):
        return None


@lru_cache(maxsize=32)
def _facts_of(file: Path) -> ScenarioFacts:
    """The facts of a kept scenario file; kept files are named by their bytes' hash and never
    change, so the menu and the Load screen read each once."""
    scenario = load_bytes(file.read_bytes(), file.name).scenario
    return ScenarioFacts(scenario.title, scenario.rounds,
                         {p.id: p.name for p in scenario.parties})


def _read_ends(path: Path) -> tuple[dict[str, Any], int, dict[str, Any] | None]:
    """The checked header, the number of records and the last record, as `read_log` would
    read them (a torn or damaged last line is left out); `LogError` says why not."""
    try:
        if path.stat().st_size > MAX_LOG_BYTES:
            raise LogError("the file is too large for a log")
        with path.open("rb") as fh:
            first = fh.readline()
            count, last, before = 0, b"", b""
            for line in fh:
                if not line.endswith(b"\n"):
                    break  # a torn last line, which reading drops
                count += 1
                before, last = last, line
    except OSError as exc:
        raise LogError(f"cannot read it ({exc.strerror or exc})") from None
    if not first.endswith(b"\n"):
        raise LogError("the file is empty or has no complete header line")
    head = _json_object(first)
    if head is None:
        raise LogError("not a Backstop log (line 1 is not a JSON header)")
    if head.get("format") in MIGRATIONS:  # an older format: read it whole, migrated
        loaded = read_log(path)
        records = loaded.records
        return loaded.header, len(records), records[-1] if records else None
    check_header(head)
    record = _json_object(last) if count else None
    if count and record is None:  # a damaged last line is dropped like a torn one
        count -= 1
        record = _json_object(before) if count else None
    return head, count, record


def _json_object(line: bytes) -> dict[str, Any] | None:
    try:
        value = json.loads(line)
    except ValueError:  # not JSON, or not UTF-8
        return None
    return value if isinstance(value, dict) else None


def _where(last: Mapping[str, Any] | None) -> tuple[Status, int]:
    """Whether the game ended and the round it is in (or ended in), from its last record."""
    if last is None:
        return "running", 1
    round_number = _int(last.get("round")) or 1
    events = last.get("events")
    for ev in events if isinstance(events, list) else ():
        if not isinstance(ev, dict):
            continue
        if ev.get("kind") == "GameEnded":
            status: Status = "agreement" if ev.get("status") == "agreement" else "no_deal"
            return status, _int(ev.get("round")) or round_number
        if ev.get("kind") == "RoundStarted":
            round_number = _int(ev.get("round")) or round_number
    return "running", round_number


def _int(value: object) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _player(name: str, party: str) -> str:
    """A human seat as "Group A (United Kingdom)"; just the name when it already says the
    delegation ("United Kingdom delegation"), the delegation when the seat has no name."""
    name = name.strip()
    if not name:
        return party
    return name if party.casefold() in name.casefold() else f"{name} ({party})"


def _same_game(short: SaveSummary, long: SaveSummary,
               hashes: dict[tuple[Path, int], str]) -> bool:
    """Whether `long` holds `short`'s game, with as many actions or more: the same header and
    the same state after `short`'s last action (one record of `long` is read to compare, once
    per listing: `hashes` keeps what was read)."""
    if short.problem or long.problem or short.header_hash != long.header_hash:
        return False
    if short.actions > long.actions:
        return False
    if short.actions == long.actions:
        return short.last_hash == long.last_hash
    if short.actions == 0:
        return True
    key = (long.path, short.actions)
    if key not in hashes:
        hashes[key] = _hash_after(long.path, short.actions)
    return hashes[key] == short.last_hash


def _hash_after(path: Path, n: int) -> str:
    """The state hash in record `n` (1-based) of the log at `path`; "" when unreadable."""
    try:
        with path.open("rb") as fh:
            for k, line in enumerate(fh):
                if k == n:
                    record = _json_object(line)
                    return str(record.get("hash", "")) if record else ""
    except OSError:
        pass
    return ""


def _arrange(current: SaveSummary | None, saves: list[SaveSummary]) -> Listing:
    """Identical saves once (the oldest file stays: later ones are the copies kept when
    another game began, and the first may be the name a player chose), and a copy the game
    kept itself (`Places.is_kept`) identical to the autosave only as the autosave (a finished
    game is kept at once: it showed twice); a save that is the start of a longer game, or a
    player's save of the autosave, marked `copy_of` it and listed right after it; a branch
    tied to the listed game it branched from."""
    hashes: dict[tuple[Path, int], str] = {}
    kept: list[SaveSummary] = []
    for save in reversed(saves):  # oldest first
        if (current is not None and Places.is_kept(save.path)
                and current.actions == save.actions and _same_game(save, current, hashes)):
            current = replace(current, same_files=(*current.same_files, save.path))
            continue
        twin = next((n for n, k in enumerate(kept)
                     if k.actions == save.actions and _same_game(save, k, hashes)), None)
        if twin is None:
            kept.append(save)
        else:
            kept[twin] = replace(kept[twin], same_files=(*kept[twin].same_files, save.path))
    kept.reverse()  # newest first again
    games = [g for g in (current, *kept) if g is not None]
    copy_of: dict[Path, SaveSummary] = {}
    for save in kept:
        holders = [g for g in games if g is not save
                   and (g.actions > save.actions or g.current) and _same_game(save, g, hashes)]
        if holders:
            copy_of[save.path] = max(holders, key=lambda g: (g.actions, g.current))

    def finish(game: SaveSummary) -> SaveSummary:
        parents = [g for g in games if game.parent and g.header_hash == game.parent]
        parent = max(parents, key=lambda g: (g.path not in copy_of, g.current, g.actions),
                     default=None)
        return replace(game, copy_of=copy_of.get(game.path), branch_of=parent)

    ordered: list[SaveSummary] = []
    for game in games:
        if game.path not in copy_of:
            if not game.current:
                ordered.append(finish(game))
            ordered.extend(finish(s) for s in kept if copy_of.get(s.path) is game)
    return Listing(finish(current) if current else None, tuple(ordered))
