"""Headless batches of bot games, spread over processes, identical whatever the spread.

Each game is a pure function of the scenario, its seat strategies and its seed string
(`f"{seed}/game/{index}"`): the session rolls chance from that seed and each bot draws from
`f"{game seed}/{party}"`. Workers return compact results that are put back in game order, so a
batch gives the same results with one process or many. With a log folder, every game's log is
written there and replays with `backstop replay --verify`; without one, games are played
without recording a log (`game.sim.driver.play_headless`), to the same results.
"""

from __future__ import annotations

import gc
import multiprocessing
import signal
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from game.bots import make_bot
from game.core.model import BotSpec, Scenario
from game.core.view import final_scores
from game.sim.driver import play_bots, play_headless


@dataclass(frozen=True, slots=True)
class Job:
    """One game to play: its number, seed, each seat's strategy and where to save its log."""

    index: int
    seed: str
    seats: tuple[tuple[str, BotSpec], ...]
    log: str | None = None


@dataclass(frozen=True, slots=True)
class GameResult:
    """What a batch keeps of one game (per-party tuples follow the scenario's party order)."""

    index: int
    seed: str
    seats: tuple[str, ...]
    """Each party's strategy label."""
    status: str
    end_round: int
    actions: int
    text: tuple[tuple[str, str], ...]
    """The agreed text in issue order; empty without a deal."""
    scores: tuple[float, ...]
    surplus: tuple[float, ...]

    @property
    def agreed(self) -> bool:
        return self.status == "agreement"


def game_seed(seed: str, index: int) -> str:
    """The seed string of game `index` in a batch seeded `seed`."""
    return f"{seed}/game/{index}"


class LogNotWritten(OSError):
    """A game's log could not be saved (its `filename`): told apart from any other OSError
    of a batch, such as a broken pipe while the summary prints."""


def log_path(folder: Path, index: int) -> Path:
    return folder / f"game-{index:05d}.jsonl"


def play(scenario: Scenario, scenario_sha256: str, job: Job) -> GameResult:
    """Play one job's game to the end and summarise it (saving its log if asked)."""
    specs = dict(job.seats)
    if job.log is not None:
        session, _ = play_bots(scenario, scenario_sha256, job.seed, specs)
        try:
            session.save(Path(job.log))
        except OSError as exc:
            raise LogNotWritten(exc.errno, exc.strerror, job.log) from None
        state, actions = session.state, len(session.records)
        seats = tuple(session.seats[p].removeprefix("bot:") for p in scenario.party_ids)
    else:
        state, actions = play_headless(scenario, job.seed, specs)
        seats = tuple(make_bot(p, specs[p]).label if p in specs else "human:"
                      for p in scenario.party_ids)
    scores = final_scores(state)
    agreement: Mapping[str, str] = state.agreement or {}
    return GameResult(
        index=job.index,
        seed=job.seed,
        seats=seats,
        status=state.status,
        end_round=state.end_round,
        actions=actions,
        text=tuple((i.id, agreement[i.id]) for i in state.issues if i.id in agreement),
        scores=tuple(scores[p] for p in scenario.party_ids),
        surplus=tuple(scores[p] - state.prefs[p].reservation for p in scenario.party_ids),
    )


_WORKER: tuple[Scenario, str] | None = None


GC_THRESHOLD = 50_000
"""Allocations between young-generation collections while games are played (Python's default
is 700). A game allocates millions of short-lived, acyclic objects; collecting them that often
costs about a tenth of the run and frees nothing that reference counting does not."""


@contextmanager
def _fewer_collections() -> Iterator[None]:
    old = gc.get_threshold()
    gc.set_threshold(GC_THRESHOLD, *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)


def _init_worker(scenario: Scenario, scenario_sha256: str) -> None:
    global _WORKER  # noqa: PLW0603 - one scenario per worker process, set once
    # A forked worker inherits the parent's signal handlers; one that swallows SIGTERM (SDL
    # installs such a handler once a window has been opened) would keep the pool from ever
    # shutting down.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the parent's to handle
    _WORKER = (scenario, scenario_sha256)
    gc.freeze()  # what the worker inherited stays put: collections need not walk it
    gc.set_threshold(GC_THRESHOLD, *gc.get_threshold()[1:])


def _play_in_worker(job: Job) -> GameResult:
    assert _WORKER is not None
    return play(_WORKER[0], _WORKER[1], job)


def run(scenario: Scenario, scenario_sha256: str, jobs: Sequence[Job], *, workers: int = 1,
        on_result: Callable[[GameResult], None] | None = None) -> list[GameResult]:
    """Play every job, on `workers` processes (1: in this process), results in job order.

    `on_result` is called as each game finishes, in completion order (for a progress bar).
    It does not check the jobs' seats against the scenario: an unknown strategy raises.
    """
    def results() -> Iterator[GameResult]:
        if workers <= 1 or len(jobs) <= 1:
            for job in jobs:
                with _fewer_collections():
                    result = play(scenario, scenario_sha256, job)
                yield result
            return
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        context = multiprocessing.get_context(method)
        chunk = max(1, min(16, len(jobs) // (workers * 8)))
        with context.Pool(min(workers, len(jobs)), initializer=_init_worker,
                          initargs=(scenario, scenario_sha256)) as pool:
            yield from pool.imap_unordered(_play_in_worker, jobs, chunksize=chunk)
            pool.close()  # every game is in: let the workers finish on their own
            pool.join()

    out: dict[int, GameResult] = {}
    for result in results():
        out[result.index] = result
        if on_result is not None:
            on_result(result)
    return [out[job.index] for job in jobs]
