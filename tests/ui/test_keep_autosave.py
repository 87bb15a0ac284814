"""Starting or loading another game never loses the one in the autosave."""

from __future__ import annotations

from game.session.store import read_log
from game.ui.context import Context, options_path
from tests.conftest import FLAGSHIP, TUTORIAL
from tests.ui.conftest import start


def _play_a_little(ctx: Context) -> None:
    table = ctx.table
    assert table is not None
    for _ in range(5):
        table.step_bot()


def test_a_new_game_keeps_the_unfinished_one_among_the_saves(ctx: Context) -> None:
    start(ctx, TUTORIAL)
    _play_a_little(ctx)
    assert ctx.table is not None
    records = [dict(r) for r in ctx.table.session.records]
    assert ctx.places.save_files() == []
    auto = ctx.places.autosave  # damaged since: the game is kept whole from its mirror copy
    auto.write_bytes(auto.read_bytes()[: auto.stat().st_size // 2])
    start(ctx, FLAGSHIP)  # replaces the autosave
    (kept,) = ctx.places.save_files()
    assert kept.name.startswith("tutorial-backstop-bargain-") and "unfinished" in kept.name
    assert read_log(kept).records == records
    assert options_path(kept).is_file()
    opened = ctx.open_log(kept)  # and it opens again, where it was
    assert opened.session.records == records
    # loading it kept the flagship game it replaced, too
    names = sorted(p.name for p in ctx.places.save_files())
    assert len(names) == 2 and any(n.startswith("ukraine-reassurance-2025-") for n in names)


def test_nothing_is_kept_twice_or_when_there_is_nothing_to_keep(ctx: Context) -> None:
    assert ctx.keep_autosave() is None  # no autosave yet
    start(ctx, TUTORIAL)
    _play_a_little(ctx)
    first = ctx.keep_autosave()
    assert first is not None and ctx.keep_autosave() == first
    assert ctx.places.save_files() == [first]
