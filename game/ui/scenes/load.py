"""Load a named save: each save with its date and scenario, newest first.

A save's header is read once when the screen opens. A save that cannot be resumed (damaged,
or played on a scenario this computer no longer has) shows why, in words, and the list stays.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import pygame

from game.core.log import LogError
from game.session.store import read_log
from game.ui import widgets
from game.ui.context import Context
from game.ui.scenes import kit


@dataclass(frozen=True, slots=True)
class SaveInfo:
    path: Path
    when: str
    scenario: str
    detail: str


def describe(path: Path) -> SaveInfo:
    """What the list shows for one save (never raises)."""
    try:
        when = datetime.fromtimestamp(path.stat().st_mtime).strftime("%d %b %Y, %H:%M")
    except OSError:
        when = "unknown date"
    try:
        log = read_log(path)
    except (LogError, ValueError) as exc:
        return SaveInfo(path, when, "unreadable", str(exc))
    seats = log.header.get("seats", {})
    humans = sum(1 for s in seats.values() if str(s).startswith("human:")) if isinstance(
        seats, dict) else 0
    actions = len(log.records)
    return SaveInfo(path, when, str(log.header.get("scenario_id", "unknown scenario")),
                    f"{actions} action(s), {humans} human seat(s)")


class LoadScene(kit.MenuScreen):
    name = "load"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.saves = [describe(p) for p in ctx.places.save_files()]
        self.pager = kit.Pager("saves")
        self.message = ""

    def build(self) -> None:
        st = self.ctx.style
        w, _ = self.layout.size
        top = self.header("Load a saved game", "Saves made from the pause menu, newest first")
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
        body, small = st.font(16, bold=True), st.small
        if not self.saves:
            self.para("empty", (area.x, area.y, area.w, 4 * st.body.get_linesize()),
                      "No saved games yet. During a game, press Esc and choose Save game. Saves "
                      f"live in {self.ctx.places.saves}", st.body, "muted", parent="list_panel")
            return
        rh, bh = st.px(58), st.px(38)
        pager_h = st.px(30)
        shown = self.pager.split([rh] * len(self.saves), area.h)
        if self.pager.needed:
            shown = self.pager.split([rh] * len(self.saves), area.h - pager_h - st.px(8))
            self.pager.controls(self, pygame.Rect(area.x, area.bottom - pager_h, area.w,
                                                  pager_h), st, parent="list_panel")
        bw = st.px(120)
        for row, n in enumerate(shown):
            save = self.saves[n]
            y = area.y + row * rh
            r = pygame.Rect(area.x, y, area.w, rh - st.px(8))
            self.layout.region(f"row{n}", r, "list_panel")
            tx = r.x + st.px(12)
            tw = r.w - 2 * bw - st.px(46)
            ty = r.y + (r.h - body.get_linesize() - small.get_linesize()) // 2
            self.label(f"name{n}", (tx, ty, tw // 2, body.get_linesize()), save.path.stem,
                       body, parent=f"row{n}")
            self.label(f"when{n}", (tx + tw // 2, ty, tw - tw // 2, body.get_linesize()),
                       save.when, st.body, "muted", parent=f"row{n}", align="right")
            self.label(f"what{n}", (tx, ty + body.get_linesize(), tw, small.get_linesize()),
                       f"{save.scenario} · {save.detail}", small, "muted", parent=f"row{n}")
            kit.class_button(self, pygame.Rect(r.right - 2 * bw - st.px(20),
                                               r.y + (r.h - bh) // 2, bw, bh), "Replay",
                             f"replay{n}", tip=f"Watch {save.path.name} action by action")
            kit.class_button(self, pygame.Rect(r.right - bw - st.px(10), r.y + (r.h - bh) // 2,
                                               bw, bh), "Open", f"open{n}",
                             class_id="@primary" if n == 0 else "@button",
                             tip=f"Resume {save.path.name}")

    def on_widget(self, wid: str) -> None:
        if wid.startswith("open"):
            self.open(self.saves[int(wid[4:])].path)
        elif wid.startswith("replay"):
            self.replay(self.saves[int(wid[6:])].path)
        elif self.pager.handle(wid):
            self.rebuild()

    def open(self, path: Path) -> None:
        from game.ui import flow
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
