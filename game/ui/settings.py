"""The player's settings, kept as JSON in the per-user data folder.

A missing, unreadable or half-written settings file never stops the game: every value falls
back to its default, and a bad value is replaced by the default for that value only.
"""

from __future__ import annotations

import json
import math
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from game.session.store import write_atomic

SIZES: tuple[tuple[int, int], ...] = ((1280, 720), (1280, 800), (1600, 900), (1920, 1080))
SCALES: tuple[float, ...] = (1.0, 1.25, 1.5, 1.75, 2.0)
SPEEDS: tuple[float, ...] = (0.5, 1.0, 2.0, 4.0)
MIN_WINDOW = (1024, 600)
"""The smallest window: a resizable one cannot be dragged smaller, nor a setting ask for less."""
ROOM = (1280 / 1.5, 720 / 1.5)
"""The least room, in unscaled pixels, every screen is laid out for: 1280×720 at 150%."""


def fitting_scale(scale: float, size: tuple[int, int]) -> float:
    """The UI scale a window of `size` shows for the setting `scale`: the setting when the
    window leaves every screen at least `ROOM`, or else the largest of `SCALES` below it that
    does (never below 100%)."""
    def fits(s: float) -> bool:
        return size[0] >= ROOM[0] * s - 0.01 and size[1] >= ROOM[1] * s - 0.01

    if fits(scale):
        return scale
    return max((s for s in SCALES if s < scale and fits(s)), default=1.0)


def fit_to(size: tuple[int, int], screen: tuple[int, int] | None) -> tuple[int, int]:
    """`size` cut down to `screen`, so a window never reaches past the screen it is on (its
    title bar and its Back button off the edge); `screen` None means no limit."""
    if screen is None:
        return size
    return (min(size[0], screen[0]), min(size[1], screen[1]))


def window_for(scale: float) -> tuple[int, int]:
    """The smallest window that shows the UI at `scale` (see `fitting_scale`)."""
    return (max(MIN_WINDOW[0], math.ceil(ROOM[0] * scale - 0.01)),
            max(MIN_WINDOW[1], math.ceil(ROOM[1] * scale - 0.01)))


@dataclass(frozen=True, slots=True)
class Settings:
    width: int = 1280
    height: int = 720
    fullscreen: bool = False
    resizable: bool = True
    scale: float = 1.0
    """UI scale, 1.0 to 2.0 (a small window shows less: see `fitting_scale`)."""
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
        width=min(max(s.width, MIN_WINDOW[0]), 7680),
        height=min(max(s.height, MIN_WINDOW[1]), 4320),
        scale=min(max(s.scale, 1.0), 2.0), bot_speed=min(max(s.bot_speed, 0.25), 8.0),
    )
