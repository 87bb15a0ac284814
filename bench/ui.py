"""Game-window budgets, measured with SDL's dummy driver at 1280x800 (issue: the pygame game).

- Frame time on the flagship's negotiating table, with the mouse moving over the map and the
  draft: median and p99 (budget p99 <= 8 ms), against a plain pygame_gui screen with a few
  widgets measured in the same process.
- Frame time on the control seat's screen while the bots move (its live analysis runs on a
  worker thread), against the table screen of the same all-bot game: the control seat may add
  at most 2 ms to the p99. Frames in which a bot moved are also left out once, to show the
  screen's own cost.
- Process start to an interactive menu (budget 1.0 s), against `import pygame, pygame_gui` plus
  `pygame.init()` in a fresh interpreter.
- CPU use while idle on the menu and on the table (budget < 10% of one core).
- Peak memory of a whole flagship demo game (budget 300 MB RSS).

Run: `python bench/ui.py` (or `make bench`). It prints figures; it asserts nothing.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("PYGAME_HIDE_SUPPORT_PROMPT", "1")

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import pygame  # noqa: E402
import pygame_gui  # noqa: E402

SIZE = (1280, 800)
FLAGSHIP = ROOT / "scenarios" / "ukraine-reassurance-2025.yaml"
FRAMES = 600


def _pct(xs: list[float], q: float) -> float:
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(q * len(xs)))]


def _moves(rect: pygame.Rect, n: int) -> list[pygame.event.Event]:
    """A mouse sweeping back and forth across `rect`."""
    out = []
    for k in range(n):
        t = (k % 120) / 119
        t = t if (k // 120) % 2 == 0 else 1 - t
        x = rect.x + round(t * (rect.w - 1))
        y = rect.y + round((0.5 + 0.4 * ((k * 7919) % 101 / 100 - 0.5)) * (rect.h - 1))
        out.append(pygame.event.Event(pygame.MOUSEMOTION, pos=(x, y), rel=(1, 0),
                                      buttons=(0, 0, 0)))
    return out


def plain_baseline() -> list[float]:
    """A pygame_gui screen with a few widgets: the reference frame cost."""
    pygame.display.init()
    pygame.font.init()
    surface = pygame.display.set_mode(SIZE)
    manager = pygame_gui.UIManager(SIZE)
    for n in range(6):
        pygame_gui.elements.UIButton(pygame.Rect(40, 40 + 50 * n, 220, 40), f"Button {n}", manager)
    pygame_gui.elements.UILabel(pygame.Rect(300, 40, 300, 30), "A label", manager)
    times = []
    for ev in _moves(pygame.Rect(0, 0, *SIZE), FRAMES):
        t0 = time.perf_counter()
        manager.process_events(ev)
        manager.update(1 / 60)
        surface.fill((20, 26, 35))
        manager.draw_ui(surface)
        times.append(time.perf_counter() - t0)
    return times


def table_frames(home: Path) -> tuple[list[float], int]:
    from game.session.places import Places
    from game.session.table import Seat
    from game.ui import flow, launch
    from game.ui.context import GameOptions
    from game.ui.settings import Settings

    ctx = launch.create(settings=Settings(), places=Places(home), size=SIZE)
    loaded = ctx.load_scenario(FLAGSHIP)
    ctx.loaded = loaded
    seats = launch.bot_seats(ctx)
    human = loaded.scenario.party_ids[0]
    seats = {p: Seat(p, "human", "Student") if p == human else s for p, s in seats.items()}
    ctx.start_game(loaded, FLAGSHIP.read_bytes(), seats, GameOptions(seed="1", timer=False))
    table = ctx.table
    assert table is not None
    # bots speak until the human must act; the human is at the screen and has read the brief
    while table.bot_to_move() is not None and human not in table.humans_to_move():
        table.step_bot()
    table.hand_to(human)
    table.briefed.add(human)
    flow.show_game(ctx)
    app = ctx.app
    for _ in range(5):
        app.step([], 1 / 60)
    assert app.scenes.top is not None and app.scenes.top.name == "table", app.scenes.names()
    times = []
    drawn = 0
    for ev in _moves(pygame.Rect(0, 0, *SIZE), FRAMES):
        t0 = time.perf_counter()
        drawn += app.step([ev], 1 / 60)
        times.append(time.perf_counter() - t0)
    ctx.end_game()
    return times, drawn


def bots_moving_frames(home: Path, control: bool) -> tuple[list[float], list[float]]:
    """Frame times of an all-bot flagship game at the normal bot pace, on the table screen or
    on the control seat's standings; and the same without the frames in which a bot moved."""
    from game.session.places import Places
    from game.ui import flow, launch
    from game.ui.context import GameOptions
    from game.ui.scenes.control import ControlScene
    from game.ui.settings import Settings

    ctx = launch.create(settings=Settings(), places=Places(home), size=SIZE)
    loaded = ctx.load_scenario(FLAGSHIP)
    ctx.loaded = loaded
    ctx.start_game(loaded, FLAGSHIP.read_bytes(), launch.bot_seats(ctx),
                   GameOptions(seed="1", timer=True, pin="1234"))
    table = ctx.table
    assert table is not None
    for _ in range(30):
        table.step_bot()
    flow.show_game(ctx)
    app = ctx.app
    if control:
        app.push(ControlScene(ctx))
    for _ in range(30):
        app.step([], 1 / 60)
    want = "control" if control else "table"
    times, quiet = [], []
    for ev in _moves(pygame.Rect(0, 0, *SIZE), FRAMES):
        moved = len(table.moves)
        t0 = time.perf_counter()
        app.step([ev], 1 / 60)
        dt = time.perf_counter() - t0
        times.append(dt)
        if len(table.moves) == moved:
            quiet.append(dt)
    assert app.scenes.top is not None and app.scenes.top.name == want, app.scenes.names()
    ctx.end_game()
    return times, quiet


def idle_cpu(home: Path, seconds: float = 3.0) -> dict[str, float]:
    """Share of one core used by the real loop with no input, on the menu and the table."""
    from game.session.places import Places
    from game.ui import flow, launch
    from game.ui.context import GameOptions
    from game.ui.settings import Settings

    out = {}
    ctx = launch.create(settings=Settings(), places=Places(home), size=SIZE)
    launch.open_menu(ctx)
    ctx.app.run(max_seconds=0.5)
    c0, w0 = time.process_time(), time.perf_counter()
    ctx.app.run(max_seconds=seconds)
    out["menu"] = (time.process_time() - c0) / (time.perf_counter() - w0)

    loaded = ctx.load_scenario(FLAGSHIP)
    ctx.loaded = loaded
    seats = launch.bot_seats(ctx)
    from game.session.table import Seat
    seats = {p: Seat(p, "human", "Student") for p in seats}  # all human: no bot is moving
    ctx.start_game(loaded, FLAGSHIP.read_bytes(), seats, GameOptions(seed="1", timer=False))
    assert ctx.table is not None
    first = ctx.table.next_human()
    assert first is not None
    ctx.table.hand_to(first)
    ctx.table.briefed.add(first)
    flow.show_game(ctx)
    ctx.app.run(max_seconds=0.5)
    c0, w0 = time.process_time(), time.perf_counter()
    ctx.app.run(max_seconds=seconds)
    out["table"] = (time.process_time() - c0) / (time.perf_counter() - w0)
    ctx.end_game()
    return out


def _wall(code: str, runs: int = 5) -> list[float]:
    times = []
    env = {**os.environ, "SDL_VIDEODRIVER": "dummy"}
    for _ in range(runs):
        t0 = time.perf_counter()
        subprocess.run([sys.executable, "-c", code], env=env, check=True, cwd=ROOT,
                       capture_output=True)
        times.append(time.perf_counter() - t0)
    return times


def startup(home: Path) -> tuple[list[float], list[float]]:
    base = _wall("import pygame, pygame_gui; pygame.init()")
    menu = _wall(
        "import os; os.environ['BACKSTOP_HOME'] = " + repr(str(home)) + "\n"
        "from game.cli import main\n"
        "from game.ui import launch\n"
        "ctx = launch.create(size=(1280, 800)); launch.open_menu(ctx)\n"
        "ctx.app.step([], 0.0)\n"  # the first frame of the menu is drawn: it takes input now
        "assert ctx.app.scenes.top.name == 'menu'\n")
    return base, menu


def peak_memory(home: Path) -> float:
    """Peak RSS (MB) of `backstop play --demo` on the flagship, to the debrief."""
    code = (
        "import resource, subprocess, sys, os\n"
        "env = {**os.environ, 'SDL_VIDEODRIVER': 'dummy', 'BACKSTOP_HOME': "
        + repr(str(home)) + "}\n"
        "subprocess.run([sys.executable, '-m', 'game', 'play', '--demo', '--speed', '100',"
        " '--exit-after-debrief'], env=env, check=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True, cwd=ROOT)
    return int(out.stdout.split()[-1]) / 1024


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        base = plain_baseline()
        frames, drawn = table_frames(home / "frames")
        bm, bp = statistics.median(base) * 1e3, _pct(base, 0.99) * 1e3
        fm, fp = statistics.median(frames) * 1e3, _pct(frames, 0.99) * 1e3
        print(f"plain pygame_gui screen: median {bm:.2f} ms, p99 {bp:.2f} ms")
        print(f"flagship table, mouse moving ({drawn}/{len(frames)} frames drawn): "
              f"median {fm:.2f} ms, p99 {fp:.2f} ms (budget p99 8 ms); "
              f"ratio to plain: median {fm / bm:.1f}x, p99 {fp / bp:.1f}x")
        for label, control in (("table screen", False), ("control seat", True)):
            every, quiet = bots_moving_frames(home / f"bots-{control}", control)
            print(f"{label}, all-bot flagship, bots moving: median "
                  f"{statistics.median(every) * 1e3:.2f} ms, p99 {_pct(every, 0.99) * 1e3:.2f} "
                  f"ms; frames without a bot move: median {statistics.median(quiet) * 1e3:.2f}"
                  f" ms, p99 {_pct(quiet, 0.99) * 1e3:.2f} ms")
        cpu = idle_cpu(home / "idle")
        print("idle CPU: " + ", ".join(f"{k} {v:.1%} of one core" for k, v in cpu.items())
              + " (budget 10%)")
        base_t, menu_t = startup(home / "start")
        print(f"start to interactive menu: best {min(menu_t):.2f} s, median "
              f"{statistics.median(menu_t):.2f} s (budget 1.0 s); baseline import+init best "
              f"{min(base_t):.2f} s, median {statistics.median(base_t):.2f} s")
        print(f"peak memory of a flagship demo game: {peak_memory(home / 'mem'):.0f} MB RSS "
              "(budget 300 MB)")


if __name__ == "__main__":
    main()
