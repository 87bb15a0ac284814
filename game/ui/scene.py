"""Scenes on a stack: each screen is a scene with enter, exit, pause and resume.

`draw` never changes state. A scene marks itself `dirty` when what it shows changed, so an idle
window is not redrawn at full rate. `draw_over` draws what must cover the pygame_gui widgets
(tooltips): the App calls it after the widgets are drawn.

A scene that shows widgets builds them in `build()`, registering each with `self.add(...)`.
The base class calls `build` on enter, on resume and when the window size or UI scale changes,
and removes the widgets on pause and exit, so a scene underneath never leaves widgets on top of
the one above. Keyboard focus (Tab / Shift+Tab, Enter) moves over the scene's buttons in the
order they were added.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

import pygame
import pygame_gui

from game.ui.intents import Intent
from game.ui.layout import Layout

if TYPE_CHECKING:
    from game.ui.app import App

W = TypeVar("W", bound=pygame_gui.core.UIElement)


class Scene:
    """Base scene: override what you need. `app` is set on enter."""

    name = "scene"

    def __init__(self) -> None:
        self.app: App | None = None
        self.dirty = True
        self.layout = Layout((0, 0))
        self.widgets: list[pygame_gui.core.UIElement] = []
        self.focus = -1
        """Index into `focusable()` of the button Enter presses (-1: none)."""

    # -- life cycle --------------------------------------------------------------------------

    def enter(self, app: App) -> None:
        self.app = app
        self.dirty = True
        self.rebuild()

    def exit(self) -> None:
        """Called once when the scene leaves the stack."""
        self.clear_widgets()

    def pause(self) -> None:
        """Another scene was pushed on top of this one."""
        self.clear_widgets()

    def resume(self) -> None:
        self.dirty = True
        self.rebuild()

    def rebuild(self) -> None:
        """Lay the scene out again for the current window and scale."""
        self.clear_widgets()
        if self.app is not None:
            self.layout = Layout(self.app.size)
            self.build()
        self.dirty = True

    def build(self) -> None:
        """Create the layout boxes and widgets; `self.app` is set."""

    def rebuild_keeping_focus(self) -> None:
        """Lay the scene out again (what it shows changed), keeping the keyboard focus on the
        same button when it is still there."""
        items = self.focusable()
        focused = (str(items[self.focus].object_ids[-1] or "")
                   if 0 <= self.focus < len(items) else "")
        self.rebuild()
        if focused:
            ids = [str(w.object_ids[-1] or "") for w in self.focusable()]
            if focused in ids:
                self.focus = ids.index(focused) - 1
                self.move_focus(1)

    # -- widgets -----------------------------------------------------------------------------

    @property
    def manager(self) -> pygame_gui.UIManager:
        assert self.app is not None
        return self.app.manager

    def add(self, widget: W) -> W:
        self.widgets.append(widget)
        return widget

    def clear_widgets(self) -> None:
        for w in self.widgets:
            w.kill()  # type: ignore[no-untyped-call]
        self.widgets.clear()
        self.focus = -1

    def focusable(self) -> list[pygame_gui.core.UIElement]:
        """Buttons and text fields, in the order the scene added them (the Tab order)."""
        kinds = (pygame_gui.elements.UIButton, pygame_gui.elements.UITextEntryLine,
                 pygame_gui.elements.UIDropDownMenu)
        return [w for w in self.widgets if isinstance(w, kinds) and w.is_enabled and w.visible]

    def move_focus(self, step: int) -> None:
        items = self.focusable()
        if not items:
            self.focus = -1
            return
        for w in items:
            button = _closed_button(w) if isinstance(
                w, pygame_gui.elements.UIDropDownMenu) else w
            if isinstance(button, pygame_gui.elements.UIButton):
                button.unselect()  # type: ignore[no-untyped-call]
        self.focus = (self.focus + step) % len(items) if self.focus >= 0 else (
            0 if step > 0 else len(items) - 1)
        target = items[self.focus]
        if isinstance(target, pygame_gui.elements.UIButton):
            self.manager.set_focus_set(None)
            target.select()  # type: ignore[no-untyped-call]
        elif isinstance(target, pygame_gui.elements.UIDropDownMenu):
            self.manager.set_focus_set(None)  # Left / Right choose (see `cycle_focused`)
            button = _closed_button(target)
            if button is not None:
                button.select()  # type: ignore[no-untyped-call]
        else:  # a text field: typing goes there until Tab moves on
            self.manager.set_focus_set(target)
        self.dirty = True

    def cycle_focused(self, step: int) -> bool:
        """Left / Right on a focused drop-down choose its previous / next option."""
        items = self.focusable()
        if not 0 <= self.focus < len(items):
            return False
        menu = items[self.focus]
        if not isinstance(menu, pygame_gui.elements.UIDropDownMenu):
            return False
        options = [o if isinstance(o, tuple) else (o, o) for o in menu.options_list]
        if not options:
            return False
        current = menu.selected_option
        at = options.index(current) if current in options else 0
        chosen = options[(at + step) % len(options)]
        menu.selected_option = chosen
        closed = menu.menu_states.get("closed")
        if closed is not None:
            closed.selected_option = chosen
        button = _closed_button(menu)
        if button is not None:
            button.set_text(chosen[0])
        self.dirty = True
        return True

    def focused_id(self) -> str:
        """The object id of the focused button ("" when none, or when a text field has it)."""
        items = self.focusable()
        if 0 <= self.focus < len(items) and isinstance(items[self.focus],
                                                        pygame_gui.elements.UIButton):
            ids = items[self.focus].object_ids or [""]
            return str(ids[-1] or "").lstrip("#")
        return ""

    # -- per frame ---------------------------------------------------------------------------

    def handle(self, intent: Intent) -> None:
        """React to one intent."""

    def update(self, dt: float) -> None:
        """Advance animations and timers by `dt` seconds."""

    def draw(self, surface: pygame.Surface) -> None:
        """Draw the scene; must not change any state."""

    def draw_over(self, surface: pygame.Surface) -> None:
        """Draw what covers the widgets (tooltips); must not change any state."""

    def toast_area(self) -> pygame.Rect | None:
        """Where a toast goes over this screen; None for the whole window."""
        return None


def _closed_button(menu: pygame_gui.elements.UIDropDownMenu
                   ) -> pygame_gui.elements.UIButton | None:
    """The button that shows a closed drop-down's choice."""
    closed = menu.menu_states.get("closed")
    button = getattr(closed, "selected_option_button", None)
    return button if isinstance(button, pygame_gui.elements.UIButton) else None


class SceneStack:
    def __init__(self) -> None:
        self._scenes: list[Scene] = []

    @property
    def top(self) -> Scene | None:
        return self._scenes[-1] if self._scenes else None

    def __len__(self) -> int:
        return len(self._scenes)

    def names(self) -> list[str]:
        return [s.name for s in self._scenes]

    def push(self, scene: Scene, app: App) -> None:
        if self._scenes:
            self._scenes[-1].pause()
        self._scenes.append(scene)
        scene.enter(app)

    def pop(self) -> Scene:
        scene = self._scenes.pop()
        scene.exit()
        if self._scenes:
            self._scenes[-1].resume()
        return scene

    def replace(self, scene: Scene, app: App) -> None:
        self._scenes.pop().exit()
        self._scenes.append(scene)
        scene.enter(app)
