"""Where the game keeps its files: settings, the autosave, named saves and user scenarios.

All of them live in the per-user folders platformdirs gives (for example
`~/.local/share/backstop` on Linux). `BACKSTOP_HOME` overrides the root, which the tests and
portable installs use.

A saved game is its log (`*.jsonl`) plus the exact scenario bytes it was played on, kept under
`scenarios-used/<sha256>.yaml`, so "Continue" and "Load" work even after the scenario file was
edited or moved.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP = "backstop"

_SHA256 = re.compile(r"[0-9a-f]{64}")
_OLD_KEPT = re.compile(r"-[0-9a-f]{8}-(un)?finished\.jsonl$")
"""How earlier versions named the games they kept (see `Places.is_kept`)."""


@dataclass(frozen=True, slots=True)
class Places:
    root: Path

    @classmethod
    def default(cls) -> Places:
        home = os.environ.get("BACKSTOP_HOME")
        if home:
            return cls(Path(home))
        return cls(Path(platformdirs.user_data_dir(APP, appauthor=False)))

    @property
    def settings(self) -> Path:
        return self.root / "settings.json"

    @property
    def autosave(self) -> Path:
        return self.root / "autosave.jsonl"

    @property
    def saves(self) -> Path:
        return self.root / "saves"

    @property
    def user_scenarios(self) -> Path:
        return self.root / "scenarios"

    @property
    def used(self) -> Path:
        return self.root / "scenarios-used"

    def keep_scenario(self, data: bytes) -> str:
        """Store the scenario bytes a game is played on; returns their sha256."""
        sha = hashlib.sha256(data).hexdigest()
        path = self.used / f"{sha}.yaml"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f".{path.name}.tmp")
            with open(tmp, "wb") as fh:
                fh.write(data)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        return sha

    def scenario_for(self, sha256: str) -> Path:
        """Where the scenario with these bytes' sha256 is kept. The hash comes from a log's
        header, which anyone can edit: anything but 64 hex digits is FileNotFoundError, so it
        never becomes part of a path."""
        if not _SHA256.fullmatch(sha256):
            raise FileNotFoundError(f"no scenario is kept under {sha256[:70]!r}")
        return self.used / f"{sha256}.yaml"

    def kept(self, scenario_id: str, state_hash: str, finished: bool) -> Path:
        """Where a game is kept among the saves by the game itself, not by a player: when it
        finishes, or before another game replaces the autosave
        (`<scenario>-<state hash>.finished.jsonl` or `.unfinished`). A player's save name
        never holds a dot (see `save_name`), so these names are the game's own."""
        how = "finished" if finished else "unfinished"
        return self.saves / f"{scenario_id}-{state_hash[:8]}.{how}.jsonl"

    @staticmethod
    def is_kept(path: Path) -> bool:
        """Whether `path` is a game kept by the game itself (see `kept`), not a player's save;
        earlier versions kept them as `<scenario>-<8 hex digits>-finished.jsonl`."""
        return (path.name.endswith((".finished.jsonl", ".unfinished.jsonl"))
                or _OLD_KEPT.search(path.name) is not None)

    def save_name(self, name: str) -> Path:
        """Where a player's save called `name` goes: letters, digits, spaces, `-` and `_` are
        kept, anything else becomes `_` ("game" when nothing is left)."""
        safe = "".join(c if c.isalnum() or c in "-_ " else "_" for c in name).strip() or "game"
        return self.saves / f"{safe}.jsonl"

    def save_files(self) -> list[Path]:
        """Named saves, newest first."""
        if not self.saves.is_dir():
            return []
        return sorted(self.saves.glob("*.jsonl"), key=lambda p: p.stat().st_mtime, reverse=True)

    def user_scenario_files(self) -> list[Path]:
        if not self.user_scenarios.is_dir():
            return []
        return sorted([*self.user_scenarios.glob("*.yaml"), *self.user_scenarios.glob("*.yml")])


def unique_path(path: Path) -> Path:
    """`path`, or `name-2.ext`, `name-3.ext`... : the first that does not exist yet, so a new
    file or folder never replaces an earlier one."""
    if not path.exists():
        return path
    n = 2
    while True:
        candidate = path.with_name(f"{path.stem}-{n}{path.suffix}")
        if not candidate.exists():
            return candidate
        n += 1
