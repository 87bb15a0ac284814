"""Load a game: the one in progress, then every save, newest first, each said in words.

Each entry says what a trainer needs to pick the right game: the scenario, where the game
stands ("Round 5 of 8 · running", "Agreement in round 8"), who played it, whether it is a
"what if" branch and of which game, when it was last played and how many actions it has.
The facts come from `game.session.saves`, which reads only each file's header and last record;
identical files show once and a shorter copy of a game is marked as one, right after it.
A save that cannot be read is listed as unreadable with the reason, and the list stays.
"""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pygame

from game.session.saves import SaveSummary, list_games
from game.ui import widgets
from game.ui.context import Context
from game.ui.scenes import kit


def when(modified: float, now: datetime | None = None) -> str:
    """When a save was last written: "today 14:05", "25 Nov 14:05", "25 Nov 2024 14:05"."""
    if modified <= 0:
        return "date unknown"
    then, now = datetime.fromtimestamp(modified), now or datetime.now()
    if then.date() == now.date():
        return f"today {then:%H:%M}"
    if then.year == now.year:
        return f"{then.day} {then:%b %H:%M}"
    return f"{then.day} {then:%b %Y %H:%M}"


def tag(save: SaveSummary) -> str:
    """The short mark before the title: which kind of entry this is ("" for a plain save)."""
    if save.problem:
        return "Unreadable"
    if save.current:
        return "In progress (Continue)" if save.status == "running" else "Last game (Continue)"
    if save.copy_of is not None:
        return "Saved copy" if save.copy_of.actions == save.actions else "Earlier copy"
    if save.parent:
        return "What if"
    return ""


def standing(save: SaveSummary) -> str:
    """Where the game stands and its length ("Round 5 of 8 · running · 32 actions"), and
    for a branch the round it restarted from."""
    if save.problem:
        return save.problem
    if save.status == "agreement":
        where = f"Agreement in round {save.round}"
    elif save.status == "no_deal":
        where = f"No deal (ended in round {save.round})"
    else:
        of = f" of {save.rounds}" if save.rounds else ""
        where = f"Round {save.round}{of} · running"
    parts = [where, f"{save.actions} action{'' if save.actions == 1 else 's'}"]
    if save.parent:
        parts.append(f"What if from round {save.branch_round}")
    return " · ".join(parts)


def origin(save: SaveSummary) -> str:
    """Which game an earlier copy is the start of; else, who played it and, for a branch, the
    game it branched from."""
    if save.problem:
        return "It cannot be opened or replayed"
    longer = save.copy_of
    if longer is not None:
        if longer.actions == save.actions:
            return f"A copy of the game {_which(longer)}; Open resumes it"
        return (f"The first {save.actions} of the {longer.actions} actions of the game "
                f"{_which(longer)}")
    parts = [f"Played by {', '.join(save.humans)}" if save.humans else "All bots"]
    if save.parent:
        source = save.branch_of
        parts.insert(0, "Branched from " + (
            "the game in progress" if source and source.current
            else f"the {source.actions}-action game {_which(source)}" if source
            else "a game no longer among the saves"))
    return " · ".join(parts)


def _which(game: SaveSummary) -> str:
    if game.current:
        return "in progress" if game.status == "running" else "played last"
    return f"saved {when(game.modified)}"


class LoadScene(kit.MenuScreen):
    name = "load"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        listing = list_games(ctx.places)
        self.current = listing.current
        """The autosave, the game Continue resumes (its buttons are `open_current`...)."""
        self.saves = list(listing.saves)
        """The saves folder as listed (its buttons are `open<n>`, `replay<n>`)."""
        self.pager = kit.Pager("saves")
        self.message = ""
        self._first = next((n for n, (_, s) in enumerate(self.entries()) if not s.problem),
                           None)
        """The first row that opens: its Open is the one Enter presses."""

    def entries(self) -> list[tuple[str, SaveSummary]]:
        """(widget suffix, save) of every row, top to bottom."""
        head = [("_current", self.current)] if self.current is not None else []
        return head + [(str(n), save) for n, save in enumerate(self.saves)]

    def build(self) -> None:
        st = self.ctx.style
        w, _ = self.layout.size
        top = self.header("Load a game", "The game in progress first, then every saved game "
                          "(yours, games kept when another began, what-if branches), newest "
                          "first")
        bottom = kit.footer(self, st, (
            kit.Action("back_button", "Back", "Return to the menu (Esc)", left=True),))
        m = kit.margin(st)
        if self.message:
            f = st.font(15, bold=True)
            self.label("message", (m, bottom - f.get_linesize(), w - 2 * m, f.get_linesize()),
                       self.message, f, "bad")
            bottom -= f.get_linesize() + st.px(8)
        box = pygame.Rect(m, top, w - 2 * m, bottom - top)
        self.layout.region("list_panel", box)
        area = box.inflate(-2 * st.px(16), -2 * st.px(14))
        entries = self.entries()
        if not entries:
            self.para("empty", (area.x, area.y, area.w, 4 * st.body.get_linesize()),
                      "No saved games yet. During a game, press Esc and choose Save game. Saves "
                      f"live in {self.ctx.places.saves}", st.body, "muted", parent="list_panel")
            return
        title, small = st.font(16, bold=True), st.small
        rh = title.get_linesize() + st.body.get_linesize() + small.get_linesize() + st.px(22)
        pager_h, room = st.px(30), area.h
        if rh * len(entries) > room:  # several pages: keep room for their controls
            room -= pager_h + st.px(8)
        shown = self.pager.split([rh] * len(entries), room)
        if self.pager.needed:
            self.pager.controls(self, pygame.Rect(area.x, area.bottom - pager_h, area.w,
                                                  pager_h), st, parent="list_panel")
        for row, k in enumerate(shown):
            self._row(k, *entries[k], pygame.Rect(area.x, area.y + row * rh, area.w,
                                                  rh - st.px(8)))

    def _row(self, k: int, key: str, save: SaveSummary, r: pygame.Rect) -> None:
        """Row `k` in `r`: the kind of entry, the scenario and the date; where the game stands;
        who played it (or what it is a copy of); then Replay and Open."""
        st = self.ctx.style
        title, small = st.font(16, bold=True), st.small
        also = "".join(f"\nAlso saved, identical, as {p.name}" for p in save.same_files)
        self.layout.region(f"row{k}", r, "list_panel", tooltip=f"{save.path.name}{also}")
        bw, bh = st.px(104), st.px(38)
        tx, tw = r.x + st.px(12), r.w - 2 * bw - st.px(46)
        y = r.y + st.px(7)
        stamp = when(save.modified)
        ww = st.body.size(stamp)[0]
        self.label(f"when{k}", (tx + tw - ww, y, ww, st.body.get_linesize()), stamp, st.body,
                   "muted", parent=f"row{k}", align="right")
        x, room = tx, tw - ww - st.px(16)
        mark = tag(save)
        if mark:
            mw = min(room // 2, title.size(mark)[0])
            colour = ("bad" if save.problem else "accent" if save.current
                      else "warn" if save.copy_of is not None else "gold")
            self.label(f"tag{k}", (x, y, mw, title.get_linesize()), mark, title, colour,
                       parent=f"row{k}")
            x, room = x + mw + st.px(10), room - mw - st.px(10)
        self.label(f"name{k}", (x, y, room, title.get_linesize()),
                   save.path.stem if save.problem else save.scenario, title, parent=f"row{k}")
        y += title.get_linesize()
        iw = min(tw // 4, small.size(save.scenario_id)[0]) if save.scenario_id else 0
        if save.scenario_id:
            self.label(f"id{k}", (tx + tw - iw, y + st.body.get_linesize() - small.get_linesize(),
                                  iw, small.get_linesize()), save.scenario_id, small, "faint",
                       parent=f"row{k}", align="right")
        self.label(f"what{k}", (tx, y, tw - iw - st.px(16), st.body.get_linesize()),
                   standing(save), st.body, "bad" if save.problem else "text", parent=f"row{k}")
        y += st.body.get_linesize()
        fw = min(tw // 4, small.size(save.path.name)[0])
        self.label(f"file{k}", (tx + tw - fw, y, fw, small.get_linesize()), save.path.name,
                   small, "faint", parent=f"row{k}", align="right")
        self.label(f"who{k}", (tx, y, tw - fw - st.px(16), small.get_linesize()), origin(save),
                   small, "warn" if save.copy_of is not None else "muted", parent=f"row{k}")
        by = r.y + (r.h - bh) // 2
        current = key == "_current"
        replay = kit.class_button(self, pygame.Rect(r.right - 2 * bw - st.px(20), by, bw, bh),
                                  "Replay", f"replay{key}",
                                  tip="Watch this game action by action")
        opener = kit.class_button(self, pygame.Rect(r.right - bw - st.px(10), by, bw, bh),
                                  "Open", f"open{key}",
                                  class_id="@primary" if k == self._first else "@button",
                                  tip="Resume the game in progress (as Continue does)" if current
                                  else "Resume this game")
        if save.problem:  # nothing to open or watch: the row says why
            replay.disable()  # type: ignore[no-untyped-call]
            opener.disable()  # type: ignore[no-untyped-call]

    def on_widget(self, wid: str) -> None:
        rows = dict(self.entries())
        if wid.startswith("open") and wid[4:] in rows:
            self.open(rows[wid[4:]].path)
        elif wid.startswith("replay") and wid[6:] in rows:
            self.replay(rows[wid[6:]].path)
        elif self.pager.handle(wid):
            self.rebuild()

    def open(self, path: Path) -> None:
        from game.ui import flow
        if self.current is not None and path == self.current.path:
            self.message = flow.open_game(self.ctx, self.ctx.continue_game)
        else:
            self.message = flow.open_game(self.ctx, lambda: self.ctx.open_log(path))
        if self.message:
            self.rebuild()

    def replay(self, path: Path) -> None:
        from game.ui.scenes.replay import Replay, open_replay
        self.message = open_replay(self.ctx, lambda: Replay.from_file(self.ctx, path))
        if self.message:
            self.rebuild()

    def draw(self, surface: pygame.Surface) -> None:
        st = self.ctx.style
        widgets.backdrop(surface, st)
        widgets.panel(surface, self.layout["list_panel"].rect, st)
        kit.draw_rows(surface, self.layout, st)
        self.draw_labels(surface)
        self.pager.draw(surface, self.layout, st)
