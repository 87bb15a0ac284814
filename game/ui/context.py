"""What every screen shares: the window, settings, style, files, and the game being played.

Scenes receive the `Context` when they are built. Starting, continuing and loading games
happens here, so every way into a game goes through the same checks: the scenario is loaded
through the validator, the exact scenario bytes are kept beside the log, and an autosave file
follows every action from the first one.
"""

from __future__ import annotations

import contextlib
import json
import os
import weakref
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from game.core.log import LogError
from game.scenario import ScenarioError
from game.scenario.loader import Loaded, load_bytes
from game.session.places import Places, unique_path
from game.session.store import LoadedLog, log_text, read_autosave, read_log, write_atomic
from game.session.table import Seat, Table
from game.ui.settings import Settings
from game.ui.style import COLOUR_BLIND, DEFAULT, Style

if TYPE_CHECKING:
    from game.ui.app import App

CLOCK_EVERY = 5.0
"""Seconds between two notes of a running round timer beside the autosave."""


@dataclass(frozen=True, slots=True)
class RunOptions:
    """How `backstop play` was started."""

    demo: bool = False
    screenshots: Path | None = None
    exit_after_debrief: bool = False
    speed: float = 1.0


@dataclass(frozen=True, slots=True)
class GameOptions:
    """Chosen at seat setup."""

    seed: str = "1"
    timer: bool = True
    pin: str = ""
    """The control-seat PIN (empty: no control seat)."""
    projector: bool = False
    """Projector mode: the one screen shows only the public view; the operator enters every
    human seat's moves, and votes are open."""


@dataclass
class Context:
    app: App
    settings: Settings
    places: Places
    run: RunOptions = field(default_factory=RunOptions)
    table: Table | None = None
    loaded: Loaded | None = None
    """The scenario of the game being played."""
    game_options: GameOptions = field(default_factory=GameOptions)
    ceremony_shown: bool = False
    _clock_due: float = field(default=0.0, repr=False)
    """Seconds of running timer until `note_clock` next keeps it."""
    notice: str = ""
    """What went wrong reading the game just opened (a damaged autosave, read from its mirror),
    for the screen to tell once; "" when nothing did."""
    scenario_path: Path | None = None
    """The scenario `backstop play` was given: the chooser selects it first."""
    on_settings_changed: list[Callable[[Settings], None]] = field(default_factory=list)
    results_seen: weakref.WeakKeyDictionary[Table, set[tuple[str, int]]] = field(
        default_factory=weakref.WeakKeyDictionary)
    """Per game, the (seat, round) pairs whose round-results card the table has shown ("" for
    the public screen): each seat sees a round's results once, whichever screen it came from."""

    @property
    def style(self) -> Style:
        return Style(self.app.scale, COLOUR_BLIND if self.settings.colour_blind else DEFAULT)

    def change_settings(self, settings: Settings) -> None:
        self.settings = settings
        # settings are a convenience; a read-only home must not stop the game
        with contextlib.suppress(OSError):
            settings.save(self.places.settings)
        for hook in self.on_settings_changed:
            hook(settings)

    @property
    def bot_interval(self) -> float:
        """Seconds between two bot moves at the current pace."""
        return 0.8 / max(0.05, self.settings.bot_speed * self.run.speed)

    # -- scenarios -------------------------------------------------------------------------

    @staticmethod
    def load_scenario(path: Path) -> Loaded:
        """Load and validate a scenario file (ScenarioError lists what is wrong; OSError if it
        cannot be read)."""
        data = path.read_bytes()
        return load_bytes(data, path.name)

    # -- games -----------------------------------------------------------------------------

    def start_game(self, loaded: Loaded, raw: bytes, seats: Mapping[str, Seat],
                   options: GameOptions) -> Table:
        self.end_game()
        self.keep_autosave()
        sha = self.places.keep_scenario(raw)
        self.places.root.mkdir(parents=True, exist_ok=True)
        self._save_options(options, self.places.autosave)
        self.table = Table.new(loaded.scenario, sha, options.seed, seats,
                               timer=options.timer, autosave=self.places.autosave)
        self.loaded = loaded
        self.game_options = options
        self.ceremony_shown = False
        return self.table

    def keep_autosave(self) -> Path | None:
        """Copy the autosaved game among the saves before something replaces it, so starting
        or loading another game never loses one (`<scenario>-<state hash>.unfinished.jsonl`,
        or `-finished`); the path, or None when there was nothing to keep."""
        auto = self.places.autosave
        try:
            log = read_autosave(auto)  # as Continue would: its mirror when it is damaged
        except (OSError, LogError, ValueError):
            return None
        if not log.records:
            return None
        ended = any(isinstance(e, dict) and e.get("kind") == "GameEnded"
                    for e in log.records[-1].get("events", []))
        path = self.places.kept(str(log.header.get("scenario_id") or "game"),
                                str(log.records[-1].get("hash", "")), ended)
        if path.exists():
            return path
        try:
            self.places.saves.mkdir(parents=True, exist_ok=True)
            write_atomic(path, log_text(log.header, log.records))
        except OSError:
            return None
        with contextlib.suppress(OSError):
            options = options_path(auto)
            if options.is_file():
                write_atomic(options_path(path), options.read_text("utf-8"))
        return path

    def continue_game(self) -> Table:
        """Resume the autosave (GameLoadError with a readable message if it cannot be). When
        it was damaged, its mirror copy is read instead and the damaged file is kept beside
        it; `notice` then says so (see `read_autosave`)."""
        return self.open_log(self.places.autosave, keep_autosave=True)

    def read_saved(self, path: Path) -> tuple[LoadedLog, Loaded]:
        """A saved game's log and the scenario it was played on (the exact bytes kept when it
        started); GameLoadError says in words why not."""
        try:
            log = read_autosave(path) if path == self.places.autosave else read_log(path)
        except (OSError, LogError, ValueError) as exc:
            raise GameLoadError(f"cannot read {path.name}: {exc}") from None
        try:
            scenario_file = self.places.scenario_for(str(log.header.get("scenario_sha256", "")))
            loaded = load_bytes(scenario_file.read_bytes(), scenario_file.name)
        except OSError:
            raise GameLoadError(f"{path.name} was played on a scenario this computer no "
                                "longer has") from None
        except ScenarioError as exc:
            raise GameLoadError(f"the scenario of {path.name} no longer loads: "
                                f"{exc.diagnostics[0].message}") from None
        return log, loaded

    def open_log(self, path: Path, keep_autosave: bool = False) -> Table:
        """Resume a saved game with the options it was saved with (projector mode, timer,
        PIN; the current defaults when none were kept); from now on it autosaves like a new
        one."""
        loaded_log, loaded = self.read_saved(path)
        seed = str(loaded_log.header.get("seed", "1"))
        options = replace(self._load_options(path), seed=seed)
        self.end_game()
        if not keep_autosave:
            self.keep_autosave()  # the game it replaces goes among the saves first
        notice = " ".join(w.replace(str(path), path.name) for w in loaded_log.warnings)
        damaged = b""
        if loaded_log.from_mirror:  # resuming writes the autosave afresh: keep it first
            with contextlib.suppress(OSError):
                damaged = path.read_bytes()
        try:
            table = Table.resume(loaded.scenario, loaded_log, timer=options.timer,
                                 autosave=self.places.autosave)
        except (LogError, ValueError) as exc:
            raise GameLoadError(f"{path.name} does not replay: {exc}") from None
        if damaged:  # (an emptied or missing autosave has nothing to look at)
            kept = self._keep_damaged(path, damaged)
            if kept is not None:
                notice += f". The damaged file is kept as {kept.name}"
        self.notice = notice
        if path == self.places.autosave:
            with contextlib.suppress(OSError, ValueError, AttributeError):
                table.restore_clock(json.loads(clock_path(path).read_text("utf-8")))
        if not keep_autosave:
            self._save_options(options, self.places.autosave)
        self.table, self.loaded, self.game_options = table, loaded, options
        self.ceremony_shown = table.over
        return table

    @staticmethod
    def _keep_damaged(path: Path, data: bytes) -> Path | None:
        """Keep the bytes of a damaged autosave aside (`autosave.damaged.jsonl`, `-2`...) for
        a look later; None when they cannot be written."""
        try:
            target = unique_path(path.with_name(f"{path.stem}.damaged{path.suffix}"))
            # private to the user, as the autosave is: it holds every seat's preferences
            fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "wb") as fh:
                fh.write(data)
        except OSError:
            return None
        return target

    def save_as(self, name: str) -> Path:
        """Save the current game under `name` in the saves folder."""
        if self.table is None:
            raise GameLoadError("no game to save")
        path = self.places.save_name(name)
        self.table.session.save(path)
        self.keep_options(path)
        return path

    def keep_options(self, log: Path) -> None:
        """Write the current game's options beside a save at `log`, for `open_log` (a save
        still opens without them, so a failure here is not an error)."""
        with contextlib.suppress(OSError):
            self._save_options(self.game_options, log)

    def end_game(self) -> None:
        if self.table is not None:
            self._keep_clock()
            self.table.close()
        self.table = None

    def note_clock(self, dt: float) -> None:
        """Every `CLOCK_EVERY` seconds of a running round timer, keep it beside the autosave,
        so Continue after a crash resumes the round's time within that, not afresh (see
        `Table.restore_clock`)."""
        table = self.table
        if table is None or not table.timer_running:
            return
        self._clock_due -= dt
        if self._clock_due <= 0:
            self._clock_due = CLOCK_EVERY
            self._keep_clock()

    def _keep_clock(self) -> None:
        table = self.table
        if table is None or not table.timer_on or table.over:
            return
        with contextlib.suppress(OSError):  # a convenience, like the settings
            write_atomic(clock_path(self.places.autosave), json.dumps(table.clock_note()),
                         sync=False)

    def _save_options(self, options: GameOptions, log: Path) -> None:
        write_atomic(options_path(log), json.dumps(
            {"seed": options.seed, "timer": options.timer, "pin": options.pin,
             "projector": options.projector}))

    def _load_options(self, log: Path | None = None) -> GameOptions:
        """The options kept beside `log` (the autosave by default); the defaults when there
        are none, or they do not read."""
        try:
            raw = json.loads(options_path(log or self.places.autosave).read_text("utf-8"))
            return GameOptions(str(raw["seed"]), bool(raw["timer"]), str(raw["pin"]),
                               bool(raw.get("projector", False)))
        except (OSError, ValueError, KeyError, TypeError, AttributeError):
            return GameOptions()


def clock_path(log: Path) -> Path:
    """Where the round timer of the game autosaved at `log` is kept: `<log>.clock.json`."""
    return log.with_suffix(".clock.json")


def options_path(log: Path) -> Path:
    """Where the options of the game saved at `log` are kept: `<save>.options.json`."""
    return log.with_suffix(".options.json")


class GameLoadError(Exception):
    """A save or autosave that cannot be resumed, with a message for the player."""
