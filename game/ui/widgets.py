"""Drawing helpers every screen shares: background, panels, buttons, value bars, tooltips.

They only draw; they keep no state. Buttons are pygame_gui buttons (so hover, focus and click
come for free); everything else is drawn with pygame primitives in the palette of `Style`.
"""

from __future__ import annotations

from functools import cache

import pygame
import pygame_gui

from game.ui import style
from game.ui.style import Color, Style

TOOLTIP_LINES = 12
"""A tooltip longer than this many lines grows wider instead (as far as the window allows)."""


@cache
def _backdrop(size: tuple[int, int], bg: Color) -> pygame.Surface:
    """A quiet vertical gradient with a faint grid of meridians: the menu's background."""
    w, h = size
    surf = pygame.Surface(size)
    top, bottom = style.mix(bg, (40, 58, 84), 0.55), bg
    for y in range(h):
        pygame.draw.line(surf, style.mix(top, bottom, y / max(1, h - 1)), (0, y), (w, y))
    grid = style.mix(bottom, (90, 110, 140), 0.18)
    step = max(40, w // 24)
    for x in range(-h, w, step):
        pygame.draw.aaline(surf, grid, (x, h), (x + h // 2, 0))
    for y in range(step // 2, h, step):
        pygame.draw.line(surf, grid, (0, y), (w, y))
    return surf


def backdrop(surface: pygame.Surface, st: Style) -> None:
    surface.blit(_backdrop(surface.get_size(), st.palette.bg), (0, 0))


def frame(surface: pygame.Surface, header: pygame.Rect, footer: pygame.Rect, st: Style,
          accent: Color) -> None:
    """The backdrop with a screen's header band (underlined in `accent`) and footer band."""
    pal = st.palette
    backdrop(surface, st)
    pygame.draw.rect(surface, style.mix(pal.panel, pal.bg, 0.3), header)
    pygame.draw.rect(surface, accent, (0, header.bottom - st.px(3), header.w, st.px(3)))
    pygame.draw.rect(surface, style.mix(pal.panel, pal.bg, 0.5), footer)
    pygame.draw.line(surface, pal.panel_edge, footer.topleft, footer.topright)


def panel(surface: pygame.Surface, rect: pygame.Rect, st: Style, *, title: str = "",
          fill: Color | None = None, edge: Color | None = None) -> pygame.Rect:
    """A rounded panel with an optional title strip; returns the inner content rect."""
    pal = st.palette
    r = st.px(6)
    pygame.draw.rect(surface, pal.shadow, rect.move(0, st.px(2)), border_radius=r)
    pygame.draw.rect(surface, fill or pal.panel, rect, border_radius=r)
    pygame.draw.rect(surface, edge or pal.panel_edge, rect, width=1, border_radius=r)
    inner = rect.inflate(-2 * st.px(10), -2 * st.px(8))
    if title:
        f = st.font(14, bold=True)
        style.blit_text(surface, title.upper(), f, pal.muted, inner.topleft, inner.w)
        cut = f.get_linesize() + st.px(4)
        inner = pygame.Rect(inner.x, inner.y + cut, inner.w, inner.h - cut)
    return inner


def title_height(st: Style) -> int:
    """How much a panel title takes from the top of the content (see `panel`)."""
    return st.font(14, bold=True).get_linesize() + st.px(4)


def value_bar(surface: pygame.Surface, rect: pygame.Rect, st: Style, value: float, *,
              color: Color | None = None, marks: tuple[tuple[float, Color], ...] = (),
              maximum: float = 100.0, hatched: bool = False) -> None:
    """A horizontal bar for a 0..maximum value, with vertical marks (for example the
    reservation) drawn across it."""
    pal = st.palette
    pygame.draw.rect(surface, pal.raised, rect, border_radius=st.px(3))
    frac = max(0.0, min(1.0, value / maximum)) if maximum else 0.0
    fill = pygame.Rect(rect.x, rect.y, round(rect.w * frac), rect.h)
    if fill.w > 0:
        pygame.draw.rect(surface, color or pal.accent, fill, border_radius=st.px(3))
    if hatched:  # a red-line hatch
        old_clip = surface.get_clip()
        surface.set_clip(rect)
        for x in range(rect.x - rect.h, rect.right, st.px(6)):
            pygame.draw.line(surface, pal.bad, (x, rect.bottom), (x + rect.h, rect.y))
        surface.set_clip(old_clip)
    for at, mark_color in marks:
        x = rect.x + round(rect.w * max(0.0, min(1.0, at / maximum)))
        pygame.draw.line(surface, mark_color, (x, rect.y - st.px(3)),
                         (x, rect.bottom + st.px(2)), max(2, st.px(2)))


def chip(surface: pygame.Surface, rect: pygame.Rect, st: Style, text: str, color: Color) -> None:
    """A small filled label (party tag, status)."""
    pygame.draw.rect(surface, color, rect, border_radius=st.px(4))
    f = st.font(12, bold=True)
    shown = style.fit(text, f, rect.w - st.px(6))
    img = f.render(shown, True, style.readable_on(color))
    surface.blit(img, img.get_rect(center=rect.center))


def tooltip(surface: pygame.Surface, text: str, at: tuple[int, int], st: Style
            ) -> pygame.Rect | None:
    """A tooltip box near `at`, kept inside the window; the box (None when `text` is empty).

    Scenes draw it in `draw_over`, so it covers the pygame_gui widgets. A long text widens the
    box until every line fits the window's height: a tooltip is where a cut text is read in
    full, so it is never cut itself (only a text taller than the whole window would be)."""
    if not text:
        return None
    f = st.small
    lines = tooltip_lines(text, f, surface.get_size(), st)
    w = max(f.size(line)[0] for line in lines) + st.px(16)
    h = len(lines) * f.get_linesize() + st.px(10)
    box = pygame.Rect(at[0] + st.px(14), at[1] + st.px(16), w, h)
    box.clamp_ip(surface.get_rect())
    pygame.draw.rect(surface, (250, 247, 238), box, border_radius=st.px(4))
    pygame.draw.rect(surface, (60, 60, 60), box, 1, border_radius=st.px(4))
    y = box.y + st.px(5)
    for line in lines:
        surface.blit(f.render(line, True, (25, 25, 25)), (box.x + st.px(8), y))
        y += f.get_linesize()
    return box


def tooltip_lines(text: str, f: pygame.font.Font, window: tuple[int, int], st: Style
                   ) -> list[str]:
    """`text` wrapped for a tooltip: 360 design pixels wide, wider (up to the window's width)
    past a dozen lines or when the lines would not fit the window's height."""
    room_w = window[0] - st.px(20)
    most = max(1, (window[1] - st.px(10)) // f.get_linesize())
    width = min(st.px(360), room_w)
    lines = style.wrap(text, f, width - st.px(16))
    while len(lines) > min(most, TOOLTIP_LINES) and width < room_w:
        width = min(room_w, width + st.px(120))
        lines = style.wrap(text, f, width - st.px(16))
    return lines if len(lines) <= most else style.wrap(text, f, width - st.px(16), most)


def veil(surface: pygame.Surface, alpha: int = 170) -> None:
    """Darken everything drawn so far (under an overlay)."""
    shade = pygame.Surface(surface.get_size(), pygame.SRCALPHA)
    shade.fill((5, 8, 12, alpha))
    surface.blit(shade, (0, 0))


def button(scene_manager: pygame_gui.UIManager, rect: pygame.Rect, text: str, object_id: str,
           *, tooltip_text: str = "", container: pygame_gui.core.IContainerLikeInterface | None
           = None, primary: bool = False) -> pygame_gui.elements.UIButton:
    """A themed button whose presses reach the scene as `Intent("widget", widget=object_id)`."""
    oid = pygame_gui.core.ObjectID(object_id=f"#{object_id}",
                                   class_id="@primary" if primary else "@button")
    return pygame_gui.elements.UIButton(rect, text, scene_manager, container=container,
                                        object_id=oid, tool_tip_text=tooltip_text or None)


def drop_down(manager: pygame_gui.UIManager, options: list[str | tuple[str, str]],
              start: str | tuple[str, str], rect: pygame.Rect, object_id: str, *,
              window: tuple[int, int], limit: int, margin: int = 0
              ) -> pygame_gui.elements.UIDropDownMenu:
    """A drop-down whose list opens where the window has room for it.

    pygame_gui opens a list downwards as tall as `limit`, past the window's bottom if need be:
    a drop-down low on the screen (the last of a form's rows at 150%) showed half its items.
    The list opens downwards when it fits there, else to the side with more room (upwards
    when that is above), never taller than that room less `margin`; a list taller than its
    room scrolls."""
    menu = pygame_gui.elements.UIDropDownMenu(
        options, start, rect, manager, object_id=pygame_gui.core.ObjectID(object_id=object_id),
        expansion_height_limit=limit)
    item_h = list_item_height(manager)
    need = item_h * len(options) + (rect.h - menu.background_rect.h)
    below, above = window[1] - rect.bottom - margin, rect.top - margin
    up = need > below and above > below
    menu.expansion_height_limit = max(item_h, min(limit, above if up else below))
    if up:
        menu.expand_direction = "up"
        for state in menu.menu_states.values():
            state.expand_direction = "up"
        menu.rebuild()  # type: ignore[no-untyped-call]  # the arrow points up
    return menu


def list_item_height(manager: pygame_gui.UIManager) -> int:
    """How tall a drop-down's items are, in the theme at the window's UI scale."""
    try:
        return int(str(manager.get_theme().get_misc_data("list_item_height",
                                                          ["drop_down_menu"])))
    except (LookupError, ValueError):
        return 20  # pygame_gui's own height
