"""The main menu: New game, Continue, Load, Settings, How to play, Quit.

Esc on the menu asks "Quit Backstop?" first (`QuitScene`), with Stay lit: Esc is how every
other screen goes back, so a second press after leaving one must not close the window. The
Quit button closes it at once. Nothing is lost either way: a game is saved after every action.
"""

from __future__ import annotations

import pygame

from game.session.saves import autosave_summary
from game.ui import widgets
from game.ui.context import Context
from game.ui.intents import Intent
from game.ui.scene import Scene
from game.ui.scenes import kit
from game.ui.scenes.load import standing

ITEMS = (
    ("new_game", "New game", "Choose a scenario and seat the delegations"),
    ("continue", "Continue", "Resume the autosaved game exactly where it stopped"),
    ("load", "Load", "Open a saved game"),
    ("settings", "Settings", "Window, UI scale, colours, animations and bot pace"),
    ("help", "How to play", "The rules on one screen (F1 anywhere)"),
    ("quit", "Quit", "Close Backstop (the game is saved after every action)"),
)

FITS = ((1, 46, 12, 76), (1, 40, 6, 24), (2, 46, 12, 40), (2, 40, 8, 16))
"""Menu layouts to try, roomiest first: (columns, button height, gap between buttons, space
over the buttons), in unscaled pixels. The first that fits the window is used."""


class MenuScene(Scene):
    name = "menu"

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.message = ""
        self.primary = "new_game"
        """The button drawn lit, which Enter presses when no button has the focus."""

    def build(self) -> None:
        st = self.ctx.style
        w, h = self.layout.size
        foot_y = h - st.px(30)
        # Roomiest first: one column, then a tighter one, then two columns (a large UI scale).
        for cols, *sizes in FITS:
            rows = -(-len(ITEMS) // cols)
            bh, gap, lead = (st.px(n) for n in sizes)
            head = st.px(94) + lead  # title and subtitle over the buttons
            stack = rows * bh + (rows - 1) * gap
            spare = foot_y - st.px(34) - stack - head  # room left above the title
            if spare >= st.px(8):
                break
        col_gap = st.px(16)
        bw = min(st.px(320 if cols == 1 else 250),
                 (w - 2 * st.px(24) - (cols - 1) * col_gap) // cols)
        top = h // 2 - (rows * (bh + gap)) // 2 + st.px(40)  # centred, a little low
        top = max(top, head + min(st.px(30), max(0, spare)))  # the title clear of the top
        top = min(top, foot_y - st.px(34) - stack)  # the message clear of the footer
        x0 = (w - cols * bw - (cols - 1) * col_gap) // 2
        self.layout.text("title", (st.px(40), top - head, w - st.px(80), st.px(60)),
                         "Backstop", st.title)
        self.layout.text("subtitle", (st.px(40), top - head + st.px(66), w - st.px(80),
                                      st.px(28)),
                         "Draft one agreement together: troops, guarantees and backstops.",
                         st.font(17, italic=True))
        last = autosave_summary(self.ctx.places)
        can_continue = last is not None and not last.problem
        self.primary = "continue" if can_continue else "new_game"
        tips = {oid: tip for oid, _, tip in ITEMS}
        if last is not None:  # which game Continue resumes, and where it stands
            tips["continue"] = (f"The last game cannot be opened: {last.problem}" if last.problem
                                else f"Resume {last.scenario}: {standing(last)}")
        for n, (oid, label, _) in enumerate(ITEMS):
            col, row = divmod(n, rows)  # down the first column, then the next
            rect = pygame.Rect(x0 + col * (bw + col_gap), top + row * (bh + gap), bw, bh)
            b = self.add(widgets.button(self.manager, rect, label, oid, tooltip_text=tips[oid],
                                        primary=oid == self.primary))
            if oid == "continue" and not can_continue:
                b.disable()  # type: ignore[no-untyped-call]
        foot = top + stack + gap + st.px(8)
        # a switched-off button shows no tooltip: why Continue is off is said here
        message = self.message or (tips["continue"] if last is not None and last.problem
                                   else "")
        self.layout.text("message", (st.px(40), min(foot, foot_y - st.px(30)), w - st.px(80),
                                     st.px(26)), message, st.body)
        self.layout.text("footer", (st.px(20), foot_y, w - st.px(40), st.px(24)),
                         "Tab and Enter move through the menu · F1 how to play · Esc quit",
                         st.small)

    def handle(self, intent: Intent) -> None:
        assert self.app is not None
        if intent.kind == "back":
            self.app.push(QuitScene(self.ctx))
        if intent.kind == "confirm":  # Enter with no button focused: the lit one
            intent = Intent("widget", widget=self.primary)
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


class QuitScene(kit.MenuScreen):
    """"Quit Backstop?" over the menu, with Stay lit: Enter or Esc stays, only Quit closes."""

    name = "quit"
    overlay = True

    def build(self) -> None:
        st = self.ctx.style
        w, h = self.layout.size
        bh, gap = kit.button_height(st), st.px(10)
        tf, small = st.font(28, bold=True), st.small
        box = pygame.Rect(0, 0, min(w - 2 * kit.margin(st), st.px(420)),
                          tf.get_linesize() + small.get_linesize() + st.px(16) + bh
                          + 2 * st.px(20))
        box.center = (w // 2, h // 2)
        self.layout.region("panel", box)
        area = box.inflate(-2 * st.px(24), -2 * st.px(20))
        y = area.y
        self.label("quit_title", (area.x, y, area.w, tf.get_linesize()), "Quit Backstop?", tf,
                   parent="panel", align="center")
        y += tf.get_linesize()
        self.label("quit_sub", (area.x, y, area.w, small.get_linesize()),
                   "Games are saved after every action", small, "muted", parent="panel",
                   align="center")
        y += small.get_linesize() + st.px(16)
        half = (area.w - gap) // 2
        # Stay first in the Tab order, on the right where every screen has its main action
        self.add(widgets.button(self.manager, pygame.Rect(area.right - half, y, half, bh),
                                "Stay", "stay", tooltip_text="Back to the menu (Enter or Esc)",
                                primary=True))
        self.add(widgets.button(self.manager, pygame.Rect(area.x, y, half, bh), "Quit", "quit",
                                tooltip_text="Close Backstop"))

    def handle(self, intent: Intent) -> None:
        if self.pointer(intent):
            return
        assert self.app is not None
        if intent.kind in ("back", "confirm") or (intent.kind == "widget"
                                                  and intent.widget == "stay"):
            self.app.pop()
        elif intent.kind == "widget" and intent.widget == "quit":
            self.app.running = False

    def draw(self, surface: pygame.Surface) -> None:
        kit.draw_under(self, surface)
        widgets.veil(surface)
        widgets.panel(surface, self.layout["panel"].rect, self.ctx.style)
        self.draw_labels(surface)
