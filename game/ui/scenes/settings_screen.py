"""Settings: window size, fullscreen, resizable window, UI scale, colours, animations, bot pace.

Window sizes larger than the screen are switched off, and the row says why: such a window
would put its own buttons, Back among them, out of reach.

Each setting is a row of choices; picking one applies it at once through
`Context.change_settings`, which saves the settings and reconfigures the window (every screen
then lays itself out again at the new size and scale).
"""

from __future__ import annotations

from typing import Any

import pygame

from game.ui import widgets
from game.ui.scenes import kit
from game.ui.settings import SCALES, SIZES, SPEEDS, Settings, fit_to, fitting_scale, window_for
from game.ui.style import wrap

OFF_ON = ((False, "Off"), (True, "On"))


def rows(s: Settings, window: tuple[int, int] | None = None,
         screen: tuple[int, int] | None = None
         ) -> list[tuple[str, str, str, list[tuple[Any, str]], Any]]:
    """(field, label, explanation, [(value, text)], current value) for every setting; the
    window's size is `window` when given (a window dragged to another size is that size), and
    the sizes larger than `screen` are said to be off."""
    return [
        ("size", "Window size", "Sizes in grey need a larger screen" if too_big(screen)
         else "The window's size when not fullscreen",
         [(size, f"{size[0]}×{size[1]}") for size in SIZES], window or s.size),
        ("fullscreen", "Fullscreen", "Fill the whole screen", list(OFF_ON), s.fullscreen),
        ("resizable", "Resizable window", "Drag the window's edges to resize it",
         list(OFF_ON), s.resizable),
        ("scale", "UI scale", "Larger text and controls, for projectors",
         [(v, f"{round(v * 100)}%") for v in SCALES], s.scale),
        ("colour_blind", "Colour-blind-safe palette",
         "Good, bad and warning in Okabe-Ito colours", list(OFF_ON), s.colour_blind),
        ("animations", "Animations", "Turn off to keep the screen still", list(OFF_ON),
         s.animations),
        ("bot_speed", "Bot speed", "How quickly bot moves follow each other",
         [(v, f"{v:g}×") for v in SPEEDS], s.bot_speed),
    ]


def too_big(screen: tuple[int, int] | None) -> list[tuple[int, int]]:
    """The window sizes larger than `screen` (none when there is no screen to fit)."""
    return [size for size in SIZES if fit_to(size, screen) != size]


class SettingsScene(kit.MenuScreen):
    name = "settings"

    def build(self) -> None:
        st = self.ctx.style
        w, _ = self.layout.size
        top = self.header("Settings", "Changes apply at once and are remembered")
        bottom = kit.footer(self, st, (
            kit.Action("back_button", "Back", "Return (Esc)", left=True),))
        m = kit.margin(st)
        box = pygame.Rect(0, top, min(w - 2 * m, st.px(1000)), bottom - top)
        box.centerx = w // 2
        self.layout.region("panel", box)
        area = box.inflate(-2 * st.px(18), -2 * st.px(8))
        settings = self.ctx.settings
        screen = self.app.screen if self.app is not None else None
        table = rows(settings, self.app.size if self.app is not None and not settings.fullscreen
                     else None, screen)
        off = too_big(screen)
        body, small = st.font(16, bold=True), st.small
        label_w = min(st.px(300), area.w * 2 // 5)
        tip_w = label_w - st.px(10)
        # Rows as tall as the tallest explanation, wrapped under its label, needs (as the
        # window allows): an explanation reads in full, not cut at the label's width.
        need = max(body.get_linesize() + len(wrap(tip, small, tip_w)) * small.get_linesize()
                   for _, _, tip, _, _ in table) + st.px(4)
        rh = min(max(st.px(58), need + st.px(3)), area.h // len(table))
        bh = min(st.px(36), rh - st.px(8))
        shown = self.app.scale if self.app is not None else self.ctx.settings.scale
        for n, (key, label, tip, choices, current) in enumerate(table):
            y = area.y + n * rh
            row = pygame.Rect(area.x, y, area.w, rh - st.px(3))
            self.layout.region(f"row{n}", row, "panel")
            lines = min(len(wrap(tip, small, tip_w)),
                        (row.h - body.get_linesize()) // small.get_linesize())
            ty = row.y + (row.h - body.get_linesize() - lines * small.get_linesize()) // 2
            # the scale chosen is lit; when the window holds less, the label says what shows
            held = key == "scale" and shown != current
            self.label(f"label{n}", (row.x + st.px(10), ty, label_w - st.px(10),
                                     body.get_linesize()),
                       f"{label} · {round(shown * 100)}% shown" if held else label, body,
                       parent=f"row{n}",
                       tooltip=f"{tip}. This window holds {round(shown * 100)}% at most"
                       if held else tip)
            if lines:
                self.para(f"tip{n}", (row.x + st.px(10), ty + body.get_linesize(), tip_w,
                                      lines * small.get_linesize()), tip, small, "muted",
                          parent=f"row{n}")
            x0 = row.x + label_w + st.px(10)
            gap = st.px(6)
            cw = min(st.px(130), (row.right - st.px(8) - x0 - gap * (len(choices) - 1))
                     // len(choices))
            for i, (value, text) in enumerate(choices):
                rect = pygame.Rect(x0 + i * (cw + gap), row.y + (row.h - bh) // 2, cw, bh)
                button = kit.class_button(
                    self, rect, text, f"set_{key}_{i}",
                    class_id="@primary" if value == current else "@button",
                    tip=f"{label}: {text}" + (self._needs(value) if key == "scale" else ""))
                if key == "size" and value in off:
                    button.disable()  # type: ignore[no-untyped-call]

    def _needs(self, scale: float) -> str:
        """What a scale the window cannot hold needs ("" when it holds it)."""
        if self.app is None or fitting_scale(scale, self.app.size) >= scale:
            return ""
        return (" (needs a window of at least {}×{}; until then the largest that fits "
                "shows)").format(*window_for(scale))

    def on_widget(self, wid: str) -> None:
        if wid.startswith("set_"):
            key, _, index = wid[4:].rpartition("_")
            self.apply(key, int(index))

    def apply(self, key: str, index: int) -> None:
        """Choose option `index` of setting `key` and apply it."""
        s = self.ctx.settings
        for field, _, _, choices, _ in rows(s):
            if field != key:
                continue
            value = choices[index][0]
            if field == "size":
                changed = s.with_changes(width=value[0], height=value[1])
            else:
                changed = s.with_changes(**{field: value})
            if changed != s:
                self.ctx.change_settings(changed)
                if field == "scale" and self._needs(value) and self.app is not None:
                    self.app.toast(f"UI scale {round(value * 100)}%{self._needs(value)}")
            self.rebuild()

    def draw(self, surface: pygame.Surface) -> None:
        st = self.ctx.style
        widgets.backdrop(surface, st)
        widgets.panel(surface, self.layout["panel"].rect, st)
        kit.draw_rows(surface, self.layout, st)
        self.draw_labels(surface)
