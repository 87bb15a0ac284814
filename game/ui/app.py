"""The game window: one loop of tick, events to intents, update, draw (only when needed), flip.

The App owns the pygame display, the pygame_gui manager and the scene stack. Scenes get the
App on enter and reach the session through the objects they were built with, never through a
global. `step` runs exactly one frame with given events and a fixed dt, which is what the test
pilot uses; `run` is the real loop.

A frame is drawn only when something changed: the top scene marked itself dirty (scenes are
dirty when they enter or resume), pygame_gui widgets came, went, showed or hid during the frame,
or the game being played moved (a new state, another seat at the screen). pygame_gui only
refreshes its list of widgets to draw in `manager.update`, so widgets a scene creates after it
(a screen the game itself pushes from `scene.update`) are added to the list before drawing;
otherwise the frame would show the new screen without its widgets, or the old screen's killed
ones, until the next input.

F9 opens the control seat on any game screen (see `game.ui.scenes.control_pin`). A **toast**
is a short card the App draws over whatever screen shows, for a few seconds: the round timer's
warnings (2 minutes, then 30 seconds left) and short notices. It goes at the foot of the area
the screen offers for it (`Scene.toast_area`: over the map on the table, above the footer on
the private screens), over no button.

The window never reaches past the screen: a size larger than the screen (a setting saved on a
larger one, `--size`) opens as large as the screen allows, and a window whose size changes is
centred on the screen again. SDL opens and centres the window on the first display, so that is
the screen measured. With a headless driver (dummy, offscreen) there is no screen and any size
opens.

The theme (`assets/themes/backstop.json`) is loaded as data and its font sizes multiplied by the
UI scale, so one theme file serves every scale. pygame_gui does not use the theme's `defaults`
font: a widget whose ids name no font gets pygame_gui's own small, unscaled one, so every class
of button the game uses names its font (`@danger` too).
"""

from __future__ import annotations

import copy
import json
import re
import warnings
from collections.abc import Callable, Iterable
from functools import cache
from pathlib import Path
from typing import Any

import pygame
import pygame_gui

from game import paths
from game.ui import style
from game.ui.control_ops import warning_text
from game.ui.intents import Intent, register_widget_events, translate
from game.ui.scene import Scene, SceneStack
from game.ui.settings import MIN_WINDOW, fit_to, fitting_scale
from game.ui.style import Style

FONT = "noto_sans"
PRELOADED_SIZES = (13, 14, 15, 16, 18, 20, 24, 40)
IDLE_FPS = 12
ACTIVE_FPS = 60
TOAST_SECONDS = 4.0
TOAST_LINES = 3
"""A toast wraps to at most this many lines (news that changed a seat's numbers can be long)."""
TOAST_WIDTH = 520
"""The narrowest a toast of several lines is (at UI scale 1): a short one is as wide as its
text, a long one as wide as `TOAST_LINES` lines need."""
TOAST_READ = 1.5
"""Seconds a toast stays up whatever the player does; after that, a click or a key puts it
away (and still does what it does), so it never sits over what the player turns to next."""
HEADLESS_DRIVERS = ("dummy", "offscreen")
"""SDL video drivers without a screen (headless runs and tests)."""


@cache
def _theme_file() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        (paths.assets_dir() / "themes" / "backstop.json").read_text(encoding="utf-8"))
    return data


SCALED_MISC = ("shape_corner_radius", "list_item_height")
"""Theme sizes in pixels that grow with the UI scale as the fonts do (a drop-down's items are
as tall as `list_item_height`, whatever their font: unscaled, they cut their text at 150%)."""


def scaled_theme(scale: float) -> dict[str, Any]:
    """The theme with every font size (and the pixel sizes of `SCALED_MISC`) multiplied by
    `scale`."""
    theme = copy.deepcopy(_theme_file())
    for block in theme.values():
        if not isinstance(block, dict):
            continue
        font = block.get("font")
        if isinstance(font, dict) and "size" in font:
            font["size"] = str(max(6, round(int(font["size"]) * scale)))
        misc = block.get("misc")
        for key in SCALED_MISC:
            if isinstance(misc, dict) and key in misc:
                misc[key] = re.sub(r"\d+", lambda m: str(round(int(m.group()) * scale)),
                                   misc[key])
    return theme


def _theme_sizes(theme: dict[str, Any]) -> set[int]:
    sizes = set()
    for block in theme.values():
        font = block.get("font") if isinstance(block, dict) else None
        if isinstance(font, dict) and "size" in font:
            sizes.add(int(font["size"]))
    return sizes


def _register_fonts(manager: pygame_gui.UIManager, sizes: Iterable[int]) -> None:
    fonts = paths.assets_dir() / "fonts"
    manager.add_font_paths(
        FONT, str(fonts / "NotoSans-Regular.ttf"), str(fonts / "NotoSans-Bold.ttf"),
        str(fonts / "NotoSans-Italic.ttf"), str(fonts / "NotoSans-BoldItalic.ttf"))
    # Preloading the sizes the UI uses keeps pygame_gui from warning at first use.
    fonts_loaded = manager.get_theme().get_font_dictionary()
    for size in sorted(set(sizes)):
        for bold, italic in ((False, False), (True, False), (False, True)):
            if not fonts_loaded.check_font_preloaded(
                    fonts_loaded.create_font_id(size, FONT, bold, italic)):
                fonts_loaded.preload_font(size, FONT, bold, italic)


def _settle_disabled(scene: Scene) -> None:
    """Show the scene's switched-off buttons switched off in the very next frame.

    pygame_gui swaps a button's picture only in its next update, and the App draws before that
    update when a screen is laid out from `update` (the flow bringing it up, or the game
    moving): without this, a button disabled there was drawn as if it could be pressed, until
    something else redrew the window (Previous on the first page, a voted card's buttons)."""
    for w in scene.widgets:
        shape = w.drawable_shape
        if not w.is_enabled and shape is not None and shape.has_fresh_surface():
            w.on_fresh_drawable_shape_ready()  # type: ignore[no-untyped-call]


def screen_size() -> tuple[int, int] | None:
    """The size of the screen the window opens on (the first display), or None when there is
    no screen to fit (a headless driver)."""
    if pygame.display.get_driver() in HEADLESS_DRIVERS:
        return None
    sizes = pygame.display.get_desktop_sizes()
    return sizes[0] if sizes else None


def _display_window() -> pygame.Window | None:
    """The display module's window as a `pygame.Window`, the only way pygame-ce reaches SDL's
    minimum window size and window position. pygame-ce marks it as deprecated for drawing
    (not used here); None where it is missing (the window is then neither limited nor moved,
    and the screens shrink their scale only)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        try:
            return pygame.Window.from_display_module()
        except (AttributeError, pygame.error):
            return None


def _keep_at_least(size: tuple[int, int]) -> None:
    """Stop the window being dragged smaller than `size`."""
    window = _display_window()
    if window is not None:
        window.minimum_size = size


def _centre_window() -> None:
    """Centre the window on the first display. A window keeps its corner where it was when its
    size changes, so a smaller one left where a too large one had been pushed (its title bar
    off the top) stays out of reach without this."""
    window = _display_window()
    if window is not None:
        window.position = pygame.WINDOWPOS_CENTERED


class App:
    """The window and its scene stack."""

    def __init__(self, size: tuple[int, int] = (1280, 720), *, scale: float = 1.0,
                 fullscreen: bool = False, resizable: bool = True) -> None:
        pygame.display.init()  # no audio: the game is silent, and SDL audio probing is noisy
        pygame.font.init()
        pygame.display.set_caption("Backstop")
        self.chosen_scale = scale
        """The UI scale the settings ask for; `scale` is the one shown (see `fitting_scale`)."""
        self.fullscreen = fullscreen
        self.resizable = resizable
        self.screen = screen_size()
        """The screen the window must fit, as of the last change of window (None: no limit)."""
        self.surface = self._set_mode(size)
        self.size = self.surface.get_size()
        self.scale = fitting_scale(scale, self.size)
        self.manager = self._make_manager()
        register_widget_events(pygame_gui.UI_BUTTON_PRESSED, pygame_gui.UI_DROP_DOWN_MENU_CHANGED,
                               pygame_gui.UI_TEXT_ENTRY_FINISHED,
                               pygame_gui.UI_SELECTION_LIST_NEW_SELECTION,
                               pygame_gui.UI_HORIZONTAL_SLIDER_MOVED)
        self.scenes = SceneStack()
        self.running = True
        self.frames_drawn = 0
        self.clock = pygame.time.Clock()
        self.help_factory: Callable[[], Scene] | None = None
        """Builds the help overlay that F1 opens on any screen."""
        self.screenshots: Path | None = None
        """When set, a PNG of every new screen is saved here."""
        self._shot_of: Scene | None = None
        self._shots = 0
        self.saved_screenshots: list[Path] = []
        self.toast_text = ""
        """The banner showing over the screen ("" when none)."""
        self._toast_left = 0.0
        self._toast_since = 0.0
        """Seconds the toast has been up."""
        self.toast_box = pygame.Rect(0, 0, 0, 0)
        """Where the toast was last drawn."""
        self._toast_lines: tuple[object, tuple[pygame.font.Font, int, list[str]] | None] = (
            None, None)
        """The toast's font, width and lines, keyed by its text, area size and scale."""
        self._warned: tuple[object, ...] = ()
        self._game_seen: tuple[object, str] = (None, "")
        """The game's state and the seat at the screen as of the last frame."""

    def _set_mode(self, size: tuple[int, int], *, centre: bool = True) -> pygame.Surface:
        """Open the window at `size` (cut down to the screen), centred on the screen unless
        `centre` is off (the size did not change: a window the player placed stays put)."""
        flags = pygame.FULLSCREEN if self.fullscreen else (
            pygame.RESIZABLE if self.resizable else 0)
        surface = pygame.display.set_mode(
            (0, 0) if self.fullscreen else fit_to(size, self.screen), flags)
        if not self.fullscreen:
            if self.resizable:
                _keep_at_least(fit_to(MIN_WINDOW, self.screen))
            if centre:
                _centre_window()
        return surface

    def _make_manager(self) -> pygame_gui.UIManager:
        theme = scaled_theme(self.scale)
        manager = pygame_gui.UIManager(self.size, theme, enable_live_theme_updates=False)
        base = {round(s * self.scale) for s in PRELOADED_SIZES}
        _register_fonts(manager, base | _theme_sizes(theme))
        return manager

    # -- configuration -----------------------------------------------------------------------

    def reconfigure(self, size: tuple[int, int], scale: float, fullscreen: bool,
                    resizable: bool) -> None:
        """Apply new window settings; every scene on the stack lays itself out again."""
        self.screen = screen_size()
        size = fit_to(size, self.screen)
        changed_mode = (size != self.size or fullscreen != self.fullscreen
                        or resizable != self.resizable)
        self.fullscreen, self.resizable = fullscreen, resizable
        self.chosen_scale = scale
        if changed_mode:
            self.surface = self._set_mode(size, centre=size != self.size)
            self.size = self.surface.get_size()
        shown = fitting_scale(scale, self.size)
        if shown != self.scale or changed_mode:
            self._rescale(shown)

    def _rescale(self, scale: float) -> None:
        """Show the UI at `scale`: a new manager, and the top screen laid out again."""
        self.scale = scale
        top = self.scenes.top
        if top is not None:
            top.clear_widgets()
        self.manager = self._make_manager()
        if top is not None:
            top.rebuild()

    def _resized(self, size: tuple[int, int]) -> None:
        """The window was resized: lay out again, at a smaller scale when the window no
        longer holds the chosen one (or back up to it when it does again)."""
        self.surface = pygame.display.get_surface() or self.surface
        self.size = self.surface.get_size() if self.surface else size
        shown = fitting_scale(self.chosen_scale, self.size)
        if shown != self.scale:
            self._rescale(shown)
            return
        self.manager.set_window_resolution(self.size)
        top = self.scenes.top
        if top is not None:
            top.rebuild()

    # -- the stack ---------------------------------------------------------------------------

    def push(self, scene: Scene) -> None:
        self.scenes.push(scene, self)

    def pop(self) -> None:
        self.scenes.pop()
        if not len(self.scenes):
            self.running = False

    def replace(self, scene: Scene) -> None:
        self.scenes.replace(scene, self)

    def below(self, scene: Scene) -> Scene | None:
        """The scene under `scene` on the stack (for overlays that draw it dimmed)."""
        names = list(self.scenes._scenes)  # the stack is the App's own
        if scene in names:
            i = names.index(scene)
            return names[i - 1] if i > 0 else None
        return None

    # -- frames ------------------------------------------------------------------------------

    def _typing(self) -> bool:
        focus = self.manager.get_focus_set()  # type: ignore[no-untyped-call]
        return any(isinstance(w, pygame_gui.elements.UITextEntryLine) for w in focus or ())

    def dispatch(self, intent: Intent) -> None:
        """Hand one intent to the top scene, with the App's own keys handled first."""
        scene = self.scenes.top
        if intent.kind == "quit":
            self.running = False
            return
        if intent.kind == "resize":
            self._resized(intent.pos)
            return
        if scene is None:
            return
        if intent.kind == "help" and self.help_factory is not None and scene.name != "help":
            self.push(self.help_factory())
            return
        if intent.kind == "control":
            from game.ui.scenes.control_pin import control_key
            control_key(self, scene)
            return
        if intent.kind in ("focus_next", "focus_previous"):
            scene.move_focus(1 if intent.kind == "focus_next" else -1)
            return
        if intent.kind == "key" and intent.key in ("left", "right") and scene.cycle_focused(
                1 if intent.key == "right" else -1):
            return
        if intent.kind == "confirm" and scene.focused_id():
            intent = Intent("widget", widget=scene.focused_id())
        scene.handle(intent)
        scene.dirty = True

    def step(self, events: Iterable[pygame.event.Event], dt: float) -> bool:
        """One frame: handle `events`, advance by `dt` seconds, draw if anything changed.

        Returns whether a frame was drawn.
        """
        shown_before = self.manager.ui_group.visible  # replaced whenever widgets change
        for ev in events:
            consumed = self.manager.process_events(ev)
            if ev.type == pygame.KEYDOWN and self._typing() and ev.key not in (
                    pygame.K_ESCAPE, pygame.K_TAB, pygame.K_F1, pygame.K_F9):
                continue  # keys typed into a text field are not commands
            intent = translate(ev)
            if intent is None:
                continue
            if intent.kind not in ("pointer", "wheel", "resize"):
                self._toast_read()
            if consumed and intent.kind == "click":
                top = self.scenes.top
                if top is not None:
                    top.dirty = True
                continue  # the click hit a widget; the widget's event follows
            self.dispatch(intent)
        self.manager.update(dt)
        scene = self.scenes.top
        if scene is not None:
            scene.update(dt)
            scene = self.scenes.top  # update may have changed screens
        gui = self.manager.ui_group  # (a new manager if the settings changed the window)
        if gui.should_update_visibility:  # widgets came or went after the manager's update
            gui.should_update_visibility = False
            gui.update_visibility()  # type: ignore[no-untyped-call]
        if scene is not None and gui.visible is not shown_before:
            _settle_disabled(scene)
        if scene is not None:
            self._watch_timer(scene)
            if self._toast_left > 0:
                self._toast_left -= dt
                self._toast_since += dt
                if self._toast_left <= 0:
                    self.toast_text = ""
                    scene.dirty = True
            moved = self._game_moved(scene)  # always asked: it keeps the last state seen
            if moved or gui.visible is not shown_before:
                scene.dirty = True
        if scene is None or not (scene.dirty or self._gui_changed()):
            return False
        self.draw_scene(scene)
        scene.dirty = False
        self.frames_drawn += 1
        if self.screenshots is not None and scene is not self._shot_of:
            self._shot_of = scene
            self._shots += 1
            self.screenshots.mkdir(parents=True, exist_ok=True)
            path = self.screenshots / f"{self._shots:03d}-{scene.name}.png"
            pygame.image.save(self.surface, str(path))
            self.saved_screenshots.append(path)
        return True

    # -- toasts ------------------------------------------------------------------------------

    def toast(self, text: str, seconds: float = TOAST_SECONDS) -> None:
        """Show a banner over the screen for `seconds` (wrapped, up to `TOAST_LINES`), or
        until a click or a key after `TOAST_READ` seconds."""
        self.toast_text, self._toast_left = text, seconds
        self._toast_since = 0.0
        if self.scenes.top is not None:
            self.scenes.top.dirty = True

    @property
    def toast_lines(self) -> list[str]:
        """The toast's lines as last drawn."""
        wrapped = self._toast_lines[1]
        return wrapped[2] if wrapped is not None else []

    def _toast_read(self) -> None:
        """The player clicked or pressed a key: a toast up long enough to be read goes."""
        if self.toast_text and self._toast_since >= TOAST_READ:
            self.toast_text, self._toast_left = "", 0.0
            if self.scenes.top is not None:
                self.scenes.top.dirty = True

    def _watch_timer(self, scene: Scene) -> None:
        """Toast the round timer's warnings as they come (a few attribute reads a frame)."""
        table = getattr(getattr(scene, "ctx", None), "table", None)
        if table is None or not table.timer_on:
            return
        mark = (id(table), table.session.state.round, table.warning)
        if mark != self._warned:
            self._warned = mark
            text = warning_text(table.warning, table.session.state.round, table.time_left)
            if text:
                self.toast(text)

    def _game_moved(self, scene: Scene) -> bool:
        """Whether the game on screen moved since the last frame (a few attribute reads: the
        state is compared by identity, as every move makes a new one)."""
        table = getattr(getattr(scene, "ctx", None), "table", None)
        state, looking = (table.session.state, table.looking or "") if table is not None else (
            None, "")
        seen_state, seen_looking = self._game_seen
        if state is seen_state and looking == seen_looking:
            return False
        self._game_seen = (state, looking)
        return True

    def _draw_toast(self, scene: Scene) -> None:
        """The toast as a card at the foot of the screen's toast area (`Scene.toast_area`,
        the window by default), above any button there: a band across the top hid the
        builder's first lines and the debrief's title until the player acted."""
        ctx = getattr(scene, "ctx", None)
        st = ctx.style if ctx is not None else Style(self.scale)
        pal = st.palette
        area = scene.toast_area() or pygame.Rect((0, 0), self.size)
        margin = st.px(12)
        key = (self.toast_text, area.size, st.px(100))
        if self._toast_lines[0] != key:  # wrapped once per toast and place, not every frame
            self._toast_lines = (key, self._wrap_toast(st, area.w - 2 * margin,
                                                       area.h - 2 * margin))
        assert self._toast_lines[1] is not None
        f, w, lines = self._toast_lines[1]
        lh = f.get_linesize()
        box = pygame.Rect(0, 0, w, len(lines) * lh + 2 * st.px(8))
        box.midbottom = (area.centerx, area.bottom - margin)
        box = self._clear_of_widgets(scene, box, area, margin)
        self.toast_box = box
        pygame.draw.rect(self.surface, pal.shadow, box.move(0, st.px(3)),
                         border_radius=st.px(8))
        pygame.draw.rect(self.surface, pal.warn, box, border_radius=st.px(8))
        for k, line in enumerate(lines):
            img = f.render(line, True, style.readable_on(pal.warn))
            self.surface.blit(img, img.get_rect(centerx=box.centerx,
                                                top=box.y + st.px(8) + k * lh))

    def _wrap_toast(self, st: Style, room: int, height: int
                    ) -> tuple[pygame.font.Font, int, list[str]]:
        """The toast's font, card width and lines in `room` by `height` pixels: a short one as
        wide as its text, a long one `TOAST_WIDTH` wide or as much wider as `TOAST_LINES`
        lines need; in an area too narrow for that, in a smaller type, over as many lines as
        the area holds. A word too long for a line (a folder's path) widens the card."""
        pad = st.px(12)
        fonts = (st.font(18, bold=True), st.font(15, bold=True))
        for f in fonts:
            text_w = f.size(self.toast_text)[0]
            widest = max((f.size(word)[0] for word in self.toast_text.split()), default=0)
            w = min(room, text_w + 4 * pad, max(st.px(TOAST_WIDTH), widest + 2 * pad,
                                                text_w // TOAST_LINES + 4 * pad))
            lines = style.wrap(self.toast_text, f, w - 2 * pad)
            while len(lines) > TOAST_LINES and w < room:  # wider, as far as the area goes
                w = min(room, w + st.px(40))
                lines = style.wrap(self.toast_text, f, w - 2 * pad)
            if len(lines) <= TOAST_LINES:
                return f, w, lines
        most = max(TOAST_LINES, (height - 2 * st.px(8)) // f.get_linesize())
        return f, w, style.wrap(self.toast_text, f, w - 2 * pad, max_lines=most)

    @staticmethod
    def _clear_of_widgets(scene: Scene, box: pygame.Rect, area: pygame.Rect,
                          margin: int) -> pygame.Rect:
        """`box` moved up above the scene's widgets it would cover (a footer's buttons), as
        long as it stays in `area`; where it cannot, it goes back to the foot of the area."""
        placed = box.copy()
        rects = [w.get_abs_rect() for w in scene.widgets if w.visible]
        hit = next((r for r in rects if placed.colliderect(r)), None)
        while hit is not None:
            placed.bottom = hit.top - margin
            if placed.top < area.top:
                return box
            hit = next((r for r in rects if placed.colliderect(r)), None)
        return placed

    def _gui_changed(self) -> bool:
        """A text cursor blinks while the player types: keep drawing."""
        return self._typing()

    def draw_scene(self, scene: Scene) -> None:
        if getattr(scene, "overlay", False):
            under = self.below(scene)
            if under is not None:
                under.draw(self.surface)
        scene.draw(self.surface)
        self.manager.draw_ui(self.surface)
        scene.draw_over(self.surface)
        if self.toast_text:
            self._draw_toast(scene)

    def send(self, intent: Intent) -> None:
        """Hand an intent straight to the top scene (the pilot's shortcut past pygame events)."""
        self.dispatch(intent)

    def run(self, max_seconds: float | None = None) -> None:
        """The real loop; it idles at a low frame rate when nothing changes.

        `max_seconds` stops it after that much wall time (benchmarks); the window stays open.
        """
        busy_for = 0.0
        left = max_seconds
        while self.running and len(self.scenes) and (left is None or left > 0):
            dt = self.clock.tick(ACTIVE_FPS if busy_for > 0 else IDLE_FPS) / 1000.0
            events = pygame.event.get()
            if events:
                busy_for = 0.5  # stay responsive for a moment after input (hovers, typing)
            if self.step(events, dt):
                pygame.display.flip()
                busy_for = max(busy_for, 0.25)
            busy_for = max(0.0, busy_for - dt)
            if left is not None:
                left -= dt
