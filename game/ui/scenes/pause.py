"""The pause menu over a game (Esc): resume, the seat's briefing, save under a name,
settings, help, quit to menu.

While it shows, the table is paused so the round timer stops; leaving restores what was there
before. Quitting needs no confirmation: the autosave already holds every action.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame
import pygame_gui

from game.ui import widgets
from game.ui.context import Context, GameLoadError
from game.ui.intents import Intent
from game.ui.scenes import kit

if TYPE_CHECKING:
    from game.ui.app import App

ITEMS = (
    ("resume", "Resume", "Back to the game (Esc)"),
    ("settings", "Settings", "Window, UI scale, colours, animations and bot pace"),
    ("help", "How to play", "The rules on one screen (F1)"),
    ("quit_to_menu", "Quit to menu", "The game is autosaved; Continue on the menu resumes it"),
)
BRIEFING = ("briefing", "Your briefing", "Read your briefing again, with what each option is "
            "worth to you now (news can change it)")
"""Shown second, when a human seat is at the screen (never in projector mode)."""


class PauseScene(kit.MenuScreen):
    name = "pause"
    overlay = True

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.was_paused = ctx.table.paused if ctx.table is not None else False
        self.save_name = ""
        self.entry: pygame_gui.elements.UITextEntryLine | None = None
        self.message = ""
        self.failed = False

    # -- life cycle: the timer stops while paused ---------------------------------------------

    def enter(self, app: App) -> None:
        if self.ctx.table is not None:
            self.ctx.table.paused = True
        super().enter(app)

    def exit(self) -> None:
        if self.ctx.table is not None:
            self.ctx.table.paused = self.was_paused
        super().exit()

    def clear_widgets(self) -> None:
        if self.entry is not None:
            self.save_name = self.entry.get_text()
            self.entry = None
        super().clear_widgets()

    def reader(self) -> str | None:
        """The human seat at the screen, whose briefing the menu can open again; None in
        projector mode, at a bot's or nobody's screen, or once the game is over."""
        table = self.ctx.table
        if table is None or table.over or self.ctx.game_options.projector:
            return None
        party = table.looking
        if party is None or party not in table.humans or table.needs_handover() is not None:
            return None  # at a hand-over card the seat leaving the screen reads nothing
        return party

    def items(self) -> tuple[tuple[str, str, str], ...]:
        return (ITEMS[0], BRIEFING, *ITEMS[1:]) if self.reader() is not None else ITEMS

    def _default_name(self) -> str:
        table = self.ctx.table
        if table is None:
            return "game"
        view = table.view()
        return f"{self.ctx.loaded.scenario.id if self.ctx.loaded else 'game'} round {view.round}"

    # -- layout ------------------------------------------------------------------------------

    def build(self) -> None:
        st = self.ctx.style
        w, h = self.layout.size
        bh, gap = kit.button_height(st), st.px(10)
        tf, small = st.font(28, bold=True), st.small
        pw = min(w - 2 * kit.margin(st), st.px(440))
        items = self.items()
        ph = (tf.get_linesize() + small.get_linesize() + st.px(16) + len(items) * (bh + gap)
              + st.px(14) + small.get_linesize() + bh + gap + small.get_linesize() + st.px(40))
        box = pygame.Rect(0, 0, pw, min(h - st.px(20), ph))
        box.center = (w // 2, h // 2)
        self.layout.region("panel", box)
        area = box.inflate(-2 * st.px(24), -2 * st.px(20))
        y = area.y
        self.label("pause_title", (area.x, y, area.w, tf.get_linesize()), "Paused", tf,
                   parent="panel", align="center")
        y += tf.get_linesize()
        title = self.ctx.table.scenario_title if self.ctx.table is not None else ""
        self.label("pause_sub", (area.x, y, area.w, small.get_linesize()),
                   f"{title} · the round timer is stopped" if self.ctx.table is not None
                   and self.ctx.table.timer_on else title, small, "muted", parent="panel",
                   align="center")
        y += small.get_linesize() + st.px(16)
        for oid, text, tip in items:
            self.add(widgets.button(self.manager, pygame.Rect(area.x, y, area.w, bh), text, oid,
                                    tooltip_text=tip, primary=oid == "resume"))
            y += bh + gap
        y += st.px(4)
        self.label("save_label", (area.x, y, area.w, small.get_linesize()),
                   "Save a copy of this game under a name:", small, "muted", parent="panel")
        y += small.get_linesize() + st.px(4)
        sw = st.px(110)
        self.entry = self.add(pygame_gui.elements.UITextEntryLine(
            pygame.Rect(area.x, y, area.w - sw - gap, bh), self.manager,
            object_id=pygame_gui.core.ObjectID(object_id="#save_name")))
        self.entry.set_text_length_limit(40)
        self.entry.set_text(self.save_name or self._default_name())
        self.add(widgets.button(self.manager, pygame.Rect(area.right - sw, y, sw, bh), "Save",
                                "save_game", tooltip_text="Save to the saves folder"))
        y += bh + st.px(6)
        if self.message:
            self.label("save_message", (area.x, y, area.w, small.get_linesize()), self.message,
                       small, "bad" if self.failed else "good", parent="panel")

    # -- input -------------------------------------------------------------------------------

    def handle(self, intent: Intent) -> None:
        if self.pointer(intent):
            return
        assert self.app is not None
        if intent.kind in ("back", "confirm"):  # Enter with nothing focused: Resume, lit
            self.app.pop()
            return
        if intent.kind != "widget":
            return
        wid = intent.widget
        if wid == "resume":
            self.app.pop()
        elif wid == "briefing":
            party = self.reader()
            if party is not None and self.ctx.table is not None:
                self.ctx.table.read_again(party)  # the game shows it, then goes on
            self.app.pop()
        elif wid in ("save_game", "save_name"):
            self.save()
        elif wid == "settings":
            from game.ui.scenes.settings_screen import SettingsScene
            self.app.push(SettingsScene(self.ctx))
        elif wid == "help":
            from game.ui.scenes.help import HelpScene
            self.app.push(HelpScene(self.ctx))
        elif wid == "quit_to_menu":
            self.quit_to_menu()

    def save(self) -> None:
        name = (self.entry.get_text() if self.entry is not None else self.save_name).strip()
        try:
            path = self.ctx.save_as(name or self._default_name())
        except (GameLoadError, OSError) as exc:
            self.message, self.failed = f"Could not save: {exc}", True
        else:
            self.message, self.failed = f"Saved as {path.name}", False
        self.rebuild()

    def quit_to_menu(self) -> None:
        """End the game (its autosave stays for Continue) and show the menu alone."""
        from game.ui.scenes.menu import MenuScene
        assert self.app is not None
        app = self.app
        while len(app.scenes):  # the game's screens leave while the game still exists
            app.scenes.pop()
        self.ctx.end_game()
        app.push(MenuScene(self.ctx))

    # -- drawing -----------------------------------------------------------------------------

    def draw(self, surface: pygame.Surface) -> None:
        st = self.ctx.style
        kit.draw_under(self, surface)
        widgets.veil(surface)
        widgets.panel(surface, self.layout["panel"].rect, st)
        self.draw_labels(surface)
