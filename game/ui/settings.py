"""The player's settings, kept as JSON in the per-user data folder.

A missing, unreadable or half-written settings file never stops the game: every value falls
back to its default, and a bad value is replaced by the default for that value only.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from game.session.store import write_atomic

SIZES: tuple[tuple[int, int], ...] = ((1280, 720), (1280, 800), (1600, 900), (1920, 1080))
SCALES: tuple[float, ...] = (1.0, 1.25, 1.5, 1.75, 2.0)
SPEEDS: tuple[float, ...] = (0.5, 1.0, 2.0, 4.0)


@dataclass(frozen=True, slots=True)
class Settings:
    width: int = 1280
    height: int = 720
    fullscreen: bool = False
    resizable: bool = True
    scale: float = 1.0
    """UI scale, 1.0 to 2.0."""
    colour_blind: bool = False
    animations: bool = True
    bot_speed: float = 1.0
    """How fast bot moves follow each other (2.0 is twice as fast)."""
    seen_hints: tuple[str, ...] = ()
    """Tutorial hints already shown."""

    @property
    def size(self) -> tuple[int, int]:
        return (self.width, self.height)

    def with_changes(self, **changes: Any) -> Settings:
        return _clean(replace(self, **changes))

    @classmethod
    def load(cls, path: Path) -> Settings:
        try:
            raw = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(raw, dict):
            return cls()
        base = cls()
        good: dict[str, Any] = {}
        for f in fields(cls):
            if f.name not in raw:
                continue
            value, default = raw[f.name], getattr(base, f.name)
            if isinstance(default, bool):
                ok = isinstance(value, bool)
            elif isinstance(default, tuple):
                ok = isinstance(value, list) and all(isinstance(v, str) for v in value)
                value = tuple(value) if ok else value
            elif isinstance(default, float):
                ok = isinstance(value, (int, float)) and not isinstance(value, bool)
                value = float(value) if ok else value
            else:
                ok = isinstance(value, int) and not isinstance(value, bool)
            if ok:
                good[f.name] = value
        return _clean(replace(base, **good))

    def save(self, path: Path) -> None:
        data = asdict(self)
        data["seen_hints"] = list(self.seen_hints)
        write_atomic(path, json.dumps(data, indent=2, sort_keys=True) + "\n")


def _clean(s: Settings) -> Settings:
    """Clamp every value into its range."""
    return replace(
        s,
        width=min(max(s.width, 1024), 7680), height=min(max(s.height, 600), 4320),
        scale=min(max(s.scale, 1.0), 2.0), bot_speed=min(max(s.bot_speed, 0.25), 8.0),
    )
