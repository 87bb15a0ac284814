"""The main menu: New game, Continue, Load, Settings, How to play, Quit."""

from __future__ import annotations

import pygame

from game.ui import widgets
from game.ui.context import Context
from game.ui.intents import Intent
from game.ui.scene import Scene

ITEMS = (
    ("new_game", "New game", "Choose a scenario and seat the delegations"),
    ("continue", "Continue", "Resume the autosaved game exactly where it stopped"),
    ("load", "Load", "Open a saved game"),
    ("settings", "Settings", "Window, UI scale, colours, animations and bot pace"),
    ("help", "How to play", "The rules on one screen (F1 anywhere)"),
    ("quit", "Quit", "Close Backstop (the game is saved after every action)"),
)


class MenuScene(Scene):
    name = "menu"

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.message = ""

    def build(self) -> None:
        st = self.ctx.style
        w, h = self.layout.size
        bw, bh, gap = st.px(320), st.px(46), st.px(12)
        top = max(st.px(200), h // 2 - (len(ITEMS) * (bh + gap)) // 2 + st.px(40))
        x = (w - bw) // 2
        self.layout.text("title", (st.px(40), top - st.px(170), w - st.px(80), st.px(60)),
                         "Backstop", st.title)
        self.layout.text("subtitle", (st.px(40), top - st.px(104), w - st.px(80), st.px(28)),
                         "Draft one agreement together: troops, guarantees and backstops.",
                         st.font(17, italic=True))
        can_continue = self.ctx.has_autosave()
        for n, (oid, label, tip) in enumerate(ITEMS):
            rect = pygame.Rect(x, top + n * (bh + gap), bw, bh)
            b = self.add(widgets.button(self.manager, rect, label, oid, tooltip_text=tip,
                                        primary=(oid == "continue" and can_continue)
                                        or (oid == "new_game" and not can_continue)))
            if oid == "continue" and not can_continue:
                b.disable()  # type: ignore[no-untyped-call]
        foot = top + len(ITEMS) * (bh + gap) + st.px(8)
        self.layout.text("message", (st.px(40), min(foot, h - st.px(60)), w - st.px(80),
                                     st.px(26)), self.message, st.body)
        self.layout.text("footer", (st.px(20), h - st.px(30), w - st.px(40), st.px(24)),
                         "Tab and Enter move through the menu · F1 how to play · Esc back",
                         st.small)

    def handle(self, intent: Intent) -> None:
        assert self.app is not None
        if intent.kind == "back":
            self.app.running = False
        if intent.kind != "widget":
            return
        choice = intent.widget
        if choice == "new_game":
            from game.ui.scenes.chooser import ChooserScene
            self.app.push(ChooserScene(self.ctx))
        elif choice == "continue":
            self._continue()
        elif choice == "load":
            from game.ui.scenes.load import LoadScene
            self.app.push(LoadScene(self.ctx))
        elif choice == "settings":
            from game.ui.scenes.settings_screen import SettingsScene
            self.app.push(SettingsScene(self.ctx))
        elif choice == "help":
            from game.ui.scenes.help import HelpScene
            self.app.push(HelpScene(self.ctx))
        elif choice == "quit":
            self.app.running = False

    def _continue(self) -> None:
        from game.ui import flow
        self.message = flow.open_game(self.ctx, self.ctx.continue_game)
        if self.message:
            self.rebuild()

    def draw(self, surface: pygame.Surface) -> None:
        st = self.ctx.style
        pal = st.palette
        widgets.backdrop(surface, st)
        self.layout.draw_text(surface, "title", pal.text, align="center")
        self.layout.draw_text(surface, "subtitle", pal.muted, align="center")
        self.layout.draw_text(surface, "message", pal.warn, align="center")
        self.layout.draw_text(surface, "footer", pal.faint, align="center")
