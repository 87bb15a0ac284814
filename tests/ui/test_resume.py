"""A game killed mid-round loses nothing: "Continue" restores exactly the autosaved state."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from game.core.state import state_hash
from game.ui.intents import Intent
from tests.conftest import FLAGSHIP
from tests.ui.conftest import make_ctx


def _lines(path: Path) -> list[str]:
    try:
        return path.read_text(encoding="utf-8").splitlines()
    except OSError:
        return []


def test_continue_after_sigkill_restores_the_same_state(tmp_path: Path) -> None:
    home = tmp_path / "home"
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy", "SDL_AUDIODRIVER": "dummy",
           "BACKSTOP_HOME": str(home)}
    child = subprocess.Popen(
        [sys.executable, "-m", "game", "play", str(FLAGSHIP), "--demo", "--speed", "8"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    autosave = home / "autosave.jsonl"
    try:
        deadline = time.monotonic() + 120
        while len(_lines(autosave)) < 25:  # well into the game, mid-round
            assert child.poll() is None, child.stderr.read() if child.stderr else ""
            assert time.monotonic() < deadline, "the demo made no progress"
            time.sleep(0.05)
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(timeout=30)
    assert child.returncode == -signal.SIGKILL
    lines = _lines(autosave)
    complete = [json.loads(x) for x in lines[1:] if x.endswith("}")]
    last = complete[-1]
    assert last["phase"] in {"news", "proposals", "votes", "signing"}  # it died mid-game

    ctx = make_ctx(home)
    from game.ui.launch import open_menu
    open_menu(ctx)
    ctx.app.step([], 1 / 60)
    ctx.app.dispatch(Intent("widget", widget="continue"))
    ctx.app.step([], 1 / 60)
    table = ctx.table
    assert table is not None
    assert ctx.app.scenes.top is not None and ctx.app.scenes.top.name != "menu"
    resumed = table.session
    # every action that reached the disk is back, and the state is the one it hashed to
    assert len(resumed.records) >= len(complete)
    assert resumed.records[: len(complete)] == complete
    assert state_hash(resumed.state) == resumed.records[-1]["hash"]
    assert resumed.records[len(complete) - 1]["hash"] == last["hash"]
    ctx.end_game()
