"""The table names delegations in words people read: no party ids in proposal reasons, and one
label style in the earlier-rounds list."""

from __future__ import annotations

import re

from game.core.view import OBSERVER
from game.ui.context import Context
from game.ui.scenes.private_common import tag

from ..conftest import FLAGSHIP
from .conftest import show_table, start


def test_failed_proposals_name_their_opponents_and_rows_use_party_tags(ctx: Context) -> None:
    start(ctx, FLAGSHIP)  # every seat a bot
    table = ctx.table
    assert table is not None
    while table.view(OBSERVER).round < 4:  # the bots first propose in round 3
        assert table.step_bot() is not None
    view = table.view(OBSERVER)
    failed = [p for p in view.proposals if p.result == "failed" and p.round < view.round]
    assert failed and all(p.reason.startswith("opposed by") for p in failed)
    scene = show_table(ctx)
    ids = re.compile(r"\b(" + "|".join(p.id for p in view.parties) + r")\b")
    rows = 0
    for p in failed:
        name = f"prop:{p.id}"
        if f"{name}:text" not in scene.layout:
            continue  # scrolled out of the list
        rows += 1
        assert scene.layout[f"{name}:text"].text.startswith(f"R{p.round} · {tag(p.party)}: ")
        for box in (f"{name}", f"{name}:result"):
            tip = scene.layout[box].tooltip
            assert "opposed by " in tip and not ids.search(tip), tip
    assert rows
