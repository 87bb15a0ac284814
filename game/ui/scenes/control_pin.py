"""F9: the door to the control seat. It asks for the PIN set at seat setup, so the students
at a hot-seat screen cannot look.

`control_key` is what the App does with F9: on a game screen it opens the PIN screen (or, with
no PIN set, shows a notice that the control seat is off); on the PIN screen or the control
screen it closes them again. Menu screens ignore it.

The PIN screen covers the game and draws nothing private: a masked field and one line that says
whether the PIN was wrong (never what it is). In projector mode it also warns that what comes
next is for the trainer's eyes only.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pygame
import pygame_gui

from game.ui import style, widgets
from game.ui.context import Context
from game.ui.control_ops import pin_matches
from game.ui.intents import Intent
from game.ui.scene import Scene
from game.ui.scenes import kit

if TYPE_CHECKING:
    from game.ui.app import App

OFF_NOTICE = "The control seat is off: set a PIN at seat setup"
PROJECTOR_WARNING = ("Projector mode: the control seat shows every party's private numbers. "
                     "Turn the projector off or freeze it first.")


def control_key(app: App, scene: Scene) -> None:
    """F9 on `scene`: open the control seat's door, or close the control seat."""
    from game.ui.flow import GameScene
    from game.ui.scenes.control import ControlScene
    if isinstance(scene, ControlScene):
        scene.close()
    elif isinstance(scene, PinScene):
        app.pop()
    elif isinstance(scene, GameScene) and scene.ctx.table is not None:
        if not scene.ctx.game_options.pin:
            app.toast(OFF_NOTICE)
        else:
            app.push(PinScene(scene.ctx))


class PinScene(kit.MenuScreen):
    """A masked PIN field in place of the game; Enter opens the control seat, Esc cancels."""

    name = "control_pin"

    def __init__(self, ctx: Context) -> None:
        super().__init__(ctx)
        self.entry: pygame_gui.elements.UITextEntryLine | None = None
        self.message = ""
        self.tries = 0

    def build(self) -> None:
        st = self.ctx.style
        w, h = self.layout.size
        tf, small = st.font(26, bold=True), st.small
        bh, gap = kit.button_height(st), st.px(10)
        pw = min(w - 2 * kit.margin(st), st.px(420))
        warn = style.wrap(PROJECTOR_WARNING, small, pw - 2 * st.px(24)) \
            if self.ctx.game_options.projector else []
        warn_h = len(warn) * small.get_linesize() + (st.px(10) if warn else 0)
        ph = tf.get_linesize() + small.get_linesize() * 2 + bh * 2 + st.px(68) + warn_h
        box = pygame.Rect(0, 0, pw, min(h - st.px(20), ph))
        box.center = (w // 2, h // 2)
        self.layout.region("panel", box)
        area = box.inflate(-2 * st.px(24), -2 * st.px(20))
        y = area.y
        self.label("pin_title", (area.x, y, area.w, tf.get_linesize()), "Control seat", tf,
                   parent="panel", align="center")
        y += tf.get_linesize()
        self.label("pin_sub", (area.x, y, area.w, small.get_linesize()),
                   "For the trainer: type the PIN set at seat setup.", small, "muted",
                   parent="panel", align="center")
        y += small.get_linesize() + st.px(14)
        if warn:
            self.para("pin_warning", (area.x, y, area.w, warn_h - st.px(10)),
                      PROJECTOR_WARNING, small, "warn", parent="panel")
            y += warn_h
        self.entry = self.add(pygame_gui.elements.UITextEntryLine(
            pygame.Rect(area.x, y, area.w, bh), self.manager,
            object_id=pygame_gui.core.ObjectID(object_id="#control_pin")))
        self.entry.set_text_hidden(True)  # type: ignore[no-untyped-call]
        self.entry.set_text_length_limit(8)
        self.manager.set_focus_set(self.entry)
        y += bh + st.px(6)
        self.label("pin_message", (area.x, y, area.w, small.get_linesize()), self.message,
                   small, "bad", parent="panel", align="center")
        y += small.get_linesize() + st.px(8)
        half = (area.w - gap) // 2
        self.add(widgets.button(self.manager, pygame.Rect(area.x, y, half, bh), "Cancel",
                                "pin_cancel", tooltip_text="Back to the game (Esc)"))
        self.add(widgets.button(self.manager, pygame.Rect(area.x + half + gap, y, half, bh),
                                "Open", "pin_open", tooltip_text="Open the control seat (Enter)",
                                primary=True))

    def handle(self, intent: Intent) -> None:
        if self.pointer(intent):
            return
        assert self.app is not None
        if intent.kind == "back" or (intent.kind == "widget" and intent.widget == "pin_cancel"):
            self.app.pop()
        elif intent.kind == "confirm" or (intent.kind == "widget"
                                          and intent.widget in ("pin_open", "control_pin")):
            self.submit()

    def submit(self) -> None:
        """Open the control seat if the PIN is right; otherwise say so and clear the field."""
        typed = self.entry.get_text() if self.entry is not None else ""
        assert self.app is not None
        if pin_matches(typed, self.ctx.game_options.pin):
            from game.ui.scenes.control import ControlScene
            self.app.replace(ControlScene(self.ctx))
            return
        self.tries += 1
        self.message = "That is not the PIN." + (f" ({self.tries} tries)" if self.tries > 1
                                                  else "")
        self.rebuild()

    def draw(self, surface: pygame.Surface) -> None:
        st = self.ctx.style
        widgets.backdrop(surface, st)
        widgets.panel(surface, self.layout["panel"].rect, st)
        self.draw_labels(surface)
