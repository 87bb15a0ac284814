"""What the screens outside a game share: a header, a footer of buttons, pages, tooltips.

The chooser, seat set-up, load, settings, pause and help screens all derive from `MenuScreen`
and lay themselves out with these helpers, so they look alike: a title with a subtitle at the
top, panels in the middle, Back on the left of the footer and the main action on its right.
Long lists are split into pages (`Pager`) rather than scrolled, so every widget on screen lies
inside the window and the layout audit holds at any size.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pygame
import pygame_gui

from game.ui import style, widgets
from game.ui.context import Context
from game.ui.intents import Intent
from game.ui.layout import Layout
from game.ui.scene import Scene
from game.ui.style import Color, Style


@dataclass(frozen=True, slots=True)
class Action:
    """A footer button: `object_id`, its label and tooltip; `left` ones sit on the left."""

    object_id: str
    label: str
    tip: str = ""
    primary: bool = False
    left: bool = False
    enabled: bool = True


class MenuScreen(Scene):
    """A screen outside the game: it has the context and shows the tooltip under the pointer."""

    def __init__(self, ctx: Context) -> None:
        super().__init__()
        self.ctx = ctx
        self.tip = ""
        self.tip_at = (0, 0)
        self.paints: list[tuple[str, str, str]] = []
        """(box, palette colour name, alignment) of every text box `draw_labels` draws."""
        self.swatches: list[tuple[str, Color]] = []
        """(box, colour) of every colour chip `draw_labels` fills."""
        self.footer_widgets: list[pygame_gui.core.UIElement] = []

    def rebuild(self) -> None:
        self.tip = ""
        self.paints, self.swatches, self.footer_widgets = [], [], []
        super().rebuild()
        # Tab visits the screen's own controls first and the footer (Back, the action) last.
        self.widgets = ([w for w in self.widgets if w not in self.footer_widgets]
                        + self.footer_widgets)

    def label(self, name: str, rect: pygame.Rect | tuple[int, int, int, int], text: str,
              font: pygame.font.Font, colour: str = "text", *, parent: str = "",
              align: str = "left", tooltip: str = "") -> pygame.Rect:
        """One line of text in palette colour `colour` (fitted, see `Layout.text`)."""
        box = self.layout.text(name, rect, text, font, parent, tooltip)
        self.paints.append((name, colour, align))
        return box.rect

    def para(self, name: str, rect: pygame.Rect | tuple[int, int, int, int], text: str,
             font: pygame.font.Font, colour: str = "text", *, parent: str = ""
             ) -> pygame.Rect:
        """Wrapped text in palette colour `colour` (see `Layout.paragraph`)."""
        box = self.layout.paragraph(name, rect, text, font, parent)
        self.paints.append((name, colour, "left"))
        return box.rect

    def swatch(self, name: str, rect: pygame.Rect | tuple[int, int, int, int], colour: Color,
               parent: str = "", tooltip: str = "") -> None:
        """A small filled colour chip (a party's colour)."""
        self.layout.region(name, rect, parent, tooltip=tooltip)
        self.swatches.append((name, colour))

    def header(self, title: str, subtitle: str = "") -> int:
        """The screen's title and subtitle; returns the y where the content starts."""
        st = self.ctx.style
        w = self.layout.size[0]
        m = margin(st)
        f = st.font(30, bold=True)
        y = st.px(18)
        self.label("title", (m, y, w - 2 * m, f.get_linesize()), title, f)
        y += f.get_linesize()
        if subtitle and self.layout.size[1] >= st.px(640):  # no room for it on a small window
            sf = st.font(15, italic=True)
            self.label("subtitle", (m, y, w - 2 * m, sf.get_linesize()), subtitle, sf, "muted")
            y += sf.get_linesize()
        return y + st.px(14)

    def draw_labels(self, surface: pygame.Surface) -> None:
        st = self.ctx.style
        for name, fill in self.swatches:
            rect = self.layout[name].rect
            pygame.draw.rect(surface, fill, rect, border_radius=st.px(3))
            pygame.draw.rect(surface, style.mix(fill, (255, 255, 255), 0.35), rect, 1,
                             border_radius=st.px(3))
        pal = st.palette
        for name, colour, align in self.paints:
            self.layout.draw_text(surface, name, getattr(pal, colour), align)

    def pointer(self, intent: Intent) -> bool:
        """Follow the pointer for tooltips; True when `intent` was a pointer move."""
        if intent.kind != "pointer":
            return False
        # over a button with a tooltip of its own, that one shows: never two at once
        own = any(w.tool_tip_text and w.rect.collidepoint(intent.pos) for w in self.widgets
                  if isinstance(w, pygame_gui.elements.UIButton))
        self.tip = "" if own else self.layout.tooltip_at(intent.pos)
        self.tip_at = intent.pos
        return True

    def draw_over(self, surface: pygame.Surface) -> None:
        widgets.tooltip(surface, self.tip, self.tip_at, self.ctx.style)

    def go_back(self) -> None:
        assert self.app is not None
        self.app.pop()

    def handle(self, intent: Intent) -> None:
        """Tooltips follow the pointer, Esc and the Back button go back, and every other
        widget goes to `on_widget`."""
        if self.pointer(intent):
            return
        if intent.kind == "back":
            self.go_back()
        elif intent.kind == "widget":
            if intent.widget == "back_button":
                self.go_back()
            else:
                self.on_widget(intent.widget)

    def on_widget(self, wid: str) -> None:
        """A widget of this screen was used (other than Back)."""


def margin(st: Style) -> int:
    return st.px(32)


def button_height(st: Style) -> int:
    return st.px(40)


def footer(scene: MenuScreen, st: Style, actions: Sequence[Action]) -> int:
    """The footer buttons (left ones first, in order); returns the y where the footer starts."""
    w, h = scene.layout.size
    m = margin(st)
    bh = button_height(st)
    y = h - st.px(18) - bh
    f = st.font(17, bold=True)
    left_x, right_x = m, w - m
    for a in [a for a in actions if a.left]:
        bw = max(st.px(140), f.size(a.label)[0] + st.px(36))
        _footer_button(scene, pygame.Rect(left_x, y, bw, bh), a)
        left_x += bw + st.px(12)
    for a in reversed([a for a in actions if not a.left]):
        bw = max(st.px(160), f.size(a.label)[0] + st.px(36))
        right_x -= bw
        _footer_button(scene, pygame.Rect(right_x, y, bw, bh), a)
        right_x -= st.px(12)
    return y - st.px(14)


def _footer_button(scene: MenuScreen, rect: pygame.Rect, a: Action) -> None:
    b = scene.add(widgets.button(scene.manager, rect, a.label, a.object_id,
                                 tooltip_text=a.tip, primary=a.primary))
    scene.footer_widgets.append(b)
    if not a.enabled:
        b.disable()  # type: ignore[no-untyped-call]


def class_button(scene: Scene, rect: pygame.Rect, text: str, object_id: str, *,
                 class_id: str = "@button", tip: str = "") -> pygame_gui.elements.UIButton:
    """A button of a theme class (`@primary`, `@button`, `@danger`, `@small`), its label cut
    with an ellipsis when it is too long (the tooltip then starts with the full label)."""
    oid = pygame_gui.core.ObjectID(object_id=f"#{object_id}", class_id=class_id)
    shown = fit_button(text, rect.w, class_id, scene)
    if shown != text and not tip.startswith(text):
        tip = f"{text}\n{tip}" if tip else text
    return scene.add(pygame_gui.elements.UIButton(rect, shown, scene.manager, object_id=oid,
                                                  tool_tip_text=tip or None))


def fit_button(text: str, width: int, class_id: str, scene: Scene) -> str:
    """`text` as it fits on a button `width` pixels wide in the theme's font for the class."""
    scale = scene.app.scale if scene.app is not None else 1.0
    bold = class_id == "@primary"
    size = {"@primary": 17, "@small": 14}.get(class_id, 16)
    return style.fit(text, style.font(round(size * scale), bold), width - round(16 * scale))


PAGE_KEYS: dict[str, int] = {"page down": 1, "down": 1, "right": 1, "space": 1,
                              "page up": -1, "up": -1, "left": -1, "home": -99, "end": 99}
"""Keys that turn a screen's pages, and by how many (Home and End: to the first and last)."""


class Pager:
    """Which page of a long list shows; pages are ranges of item indices."""

    def __init__(self, prefix: str) -> None:
        self.prefix = prefix
        self._page = self._wanted = 0
        self.pages: list[range] = [range(0)]

    @property
    def page(self) -> int:
        return self._page

    @page.setter
    def page(self, page: int) -> None:
        self._page = self._wanted = page

    def split(self, heights: Sequence[int], room: int) -> range:
        """Cut items of these heights into pages of at most `room` pixels; returns the items
        on the current page (an item taller than the room gets a page of its own)."""
        pages: list[range] = []
        start, used = 0, 0
        for i, h in enumerate(heights):
            if i > start and used + h > room:
                pages.append(range(start, i))
                start, used = i, 0
            used += h
        pages.append(range(start, len(heights)))
        self.pages = pages
        # Clamped from the page asked for, not the last one shown: screens split twice (first
        # to see whether pages are needed, then with room for their controls), and clamping
        # to the first split's fewer pages would make the last page unreachable.
        self._page = max(0, min(self._wanted, len(pages) - 1))
        return pages[self._page]

    def show(self, index: int) -> None:
        """Turn to the page holding item `index`."""
        for n, page in enumerate(self.pages):
            if index in page:
                self.page = n

    @property
    def needed(self) -> bool:
        return len(self.pages) > 1

    def controls(self, scene: Scene, rect: pygame.Rect, st: Style, parent: str = "") -> None:
        """Previous and next buttons at both ends of `rect`, "page n of m" between them."""
        if not self.needed:
            return
        bw = st.px(44)
        prev = class_button(scene, pygame.Rect(rect.x, rect.y, bw, rect.h), "‹",
                            f"{self.prefix}_prev", tip="Previous page")
        nxt = class_button(scene, pygame.Rect(rect.right - bw, rect.y, bw, rect.h), "›",
                           f"{self.prefix}_next", tip="Next page")
        if self.page == 0:
            prev.disable()  # type: ignore[no-untyped-call]
        if self.page >= len(self.pages) - 1:
            nxt.disable()  # type: ignore[no-untyped-call]
        f = st.small
        label = pygame.Rect(rect.x + bw, rect.y + (rect.h - f.get_linesize()) // 2,
                            rect.w - 2 * bw, f.get_linesize())
        scene.layout.text(f"{self.prefix}_page", label,
                          f"Page {self.page + 1} of {len(self.pages)}", f, parent)

    def turn(self, step: int) -> bool:
        """Turn `step` pages on (back when negative), as far as there are pages; True when
        the page changed."""
        page = max(0, min(len(self.pages) - 1, self.page + step))
        if page == self.page:
            return False
        self.page = page
        return True

    def handle(self, widget: str) -> bool:
        """Turn the page for this widget intent; True when it was one of ours."""
        if widget == f"{self.prefix}_prev":
            self.turn(-1)
        elif widget == f"{self.prefix}_next":
            self.turn(1)
        else:
            return False
        return True

    def draw(self, surface: pygame.Surface, layout: Layout, st: Style) -> None:
        if f"{self.prefix}_page" in layout:
            layout.draw_text(surface, f"{self.prefix}_page", st.palette.muted, align="center")


def draw_rows(surface: pygame.Surface, layout: Layout, st: Style, prefix: str = "row") -> None:
    """Fill the raised background of every region named `prefix<n>` (list rows, tiles)."""
    for box in layout:
        if box.name.startswith(prefix) and box.name[len(prefix):].isdigit():
            pygame.draw.rect(surface, st.palette.raised, box.rect, border_radius=st.px(5))


def draw_under(scene: Scene, surface: pygame.Surface) -> None:
    """An overlay that is itself under another overlay draws what lies beneath it (the App
    draws only the one scene directly under the top)."""
    app = scene.app
    if app is None or app.scenes.top is scene:
        return
    under = app.below(scene)
    if under is not None:
        under.draw(surface)
