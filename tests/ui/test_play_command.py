"""`backstop play` end to end, in a subprocess: the demo run, no display, bad arguments."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import TUTORIAL


def _play(args: list[str], home: Path, driver: str | None = "dummy",
          timeout: float = 240) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "SDL_AUDIODRIVER": "dummy", "BACKSTOP_HOME": str(home)}
    env.pop("SDL_VIDEODRIVER", None)
    if driver is not None:
        env["SDL_VIDEODRIVER"] = driver
    else:  # a Linux box with no X11 and no Wayland: SDL would open an invisible window
        env.pop("DISPLAY", None)
        env.pop("WAYLAND_DISPLAY", None)
    return subprocess.run([sys.executable, "-m", "game", "play", *args], env=env,
                          capture_output=True, text=True, timeout=timeout, check=False)


def test_demo_plays_to_the_debrief_saving_a_screenshot_per_screen(tmp_path: Path) -> None:
    shots = tmp_path / "shots"
    done = _play([str(TUTORIAL), "--demo", "--screenshots", str(shots), "--exit-after-debrief",
                  "--speed", "60"], tmp_path / "home")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    names = sorted(p.name for p in shots.glob("*.png"))
    assert names and names[0].startswith("001-table")
    assert names[-1].endswith("-debrief.png")
    # the demo autosaved every action: the log is complete and ends the game
    log = (tmp_path / "home" / "autosave.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(log) > 5


@pytest.mark.parametrize("driver", ["no-such-driver", None])
def test_no_display_says_so_in_one_line(tmp_path: Path, driver: str | None) -> None:
    if driver is None and not sys.platform.startswith("linux"):
        pytest.skip("the missing-X11/Wayland check is Linux's")
    done = _play([], tmp_path / "home", driver=driver, timeout=60)
    assert done.returncode == 3
    assert "Traceback" not in done.stderr + done.stdout
    lines = (done.stdout + done.stderr).strip().splitlines()
    assert lines == [lines[0]] and "no display" in lines[0] and "--demo --screenshots" in lines[0]


def test_bad_pace_is_a_usage_error(tmp_path: Path) -> None:
    done = _play(["--speed", "0"], tmp_path / "home", timeout=60)
    assert done.returncode == 2 and "pace" in done.stderr and "Traceback" not in done.stderr
