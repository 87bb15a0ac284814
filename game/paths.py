"""Where the bundled scenarios and assets live, in a source checkout and in an installed wheel.

A wheel carries them under `game/_data/`; a checkout or editable install has them at the
repository root. This module only computes paths; it does not check that files exist.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE = Path(__file__).resolve().parent
FLAGSHIP = "ukraine-reassurance-2025"


def _data_dir(name: str) -> Path:
    bundled = _PACKAGE / "_data" / name
    if bundled.is_dir():
        return bundled
    return _PACKAGE.parent / name


def scenarios_dir() -> Path:
    return _data_dir("scenarios")


def assets_dir() -> Path:
    return _data_dir("assets")


def bundled_scenarios() -> list[Path]:
    """The shipped scenario files, sorted by name."""
    return sorted(scenarios_dir().glob("*.yaml"))


def bundled_scenario(scenario_id: str) -> Path:
    return scenarios_dir() / f"{scenario_id}.yaml"
