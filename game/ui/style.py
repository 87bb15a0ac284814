"""Look and type: the palette, the bundled fonts at the UI scale, and text that always fits.

Every screen draws its text through `fit` or `wrap`, so a label too long for its box ends in an
ellipsis instead of spilling out, and `game.ui.layout` can check that nothing overflows.

Two palettes: the default one and a colour-blind-safe one (Okabe & Ito's eight colours for the
signals: good, bad, warning, accent). Party colours come from the scenario; the colour-blind
palette only changes the game's own signal colours.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache, lru_cache

import pygame

from game import paths

Color = tuple[int, int, int]
ELLIPSIS = "…"

FONT_FILES = {
    (False, False): "NotoSans-Regular.ttf",
    (True, False): "NotoSans-Bold.ttf",
    (False, True): "NotoSans-Italic.ttf",
    (True, True): "NotoSans-BoldItalic.ttf",
}


@dataclass(frozen=True, slots=True)
class Palette:
    bg: Color
    panel: Color
    panel_edge: Color
    raised: Color
    text: Color
    muted: Color
    faint: Color
    accent: Color
    good: Color
    bad: Color
    warn: Color
    gold: Color
    shadow: Color


DEFAULT = Palette(
    bg=(20, 26, 35), panel=(31, 39, 51), panel_edge=(58, 70, 88), raised=(44, 55, 72),
    text=(241, 237, 228), muted=(170, 177, 188), faint=(110, 118, 130), accent=(94, 153, 235),
    good=(76, 175, 110), bad=(222, 84, 72), warn=(234, 170, 60), gold=(214, 178, 92),
    shadow=(8, 10, 14),
)
COLOUR_BLIND = Palette(
    bg=(20, 26, 35), panel=(31, 39, 51), panel_edge=(58, 70, 88), raised=(44, 55, 72),
    text=(241, 237, 228), muted=(170, 177, 188), faint=(110, 118, 130),
    accent=(86, 180, 233),  # sky blue
    good=(0, 158, 115),  # bluish green
    bad=(213, 94, 0),  # vermillion
    warn=(240, 228, 66),  # yellow
    gold=(230, 159, 0),  # orange
    shadow=(8, 10, 14),
)


def rgb(text: str) -> Color:
    """`#rrggbb` as a colour tuple (grey for anything unreadable)."""
    t = text.lstrip("#")
    try:
        return (int(t[0:2], 16), int(t[2:4], 16), int(t[4:6], 16))
    except (ValueError, IndexError):
        return (128, 128, 128)


def mix(a: Color, b: Color, t: float) -> Color:
    return (round(a[0] + (b[0] - a[0]) * t), round(a[1] + (b[1] - a[1]) * t),
            round(a[2] + (b[2] - a[2]) * t))


def readable_on(color: Color) -> Color:
    """Black or white, whichever reads better on `color`."""
    lum = 0.2126 * color[0] + 0.7152 * color[1] + 0.0722 * color[2]
    return (20, 20, 20) if lum > 150 else (250, 250, 250)


@cache
def font(size: int, bold: bool = False, italic: bool = False) -> pygame.font.Font:
    """The bundled Noto Sans at `size` pixels (cached)."""
    file = paths.assets_dir() / "fonts" / FONT_FILES[(bold, italic)]
    return pygame.font.Font(str(file), max(6, size))


@dataclass(frozen=True, slots=True)
class Style:
    """The palette and type at one UI scale (1.0 to 2.0)."""

    scale: float = 1.0
    palette: Palette = DEFAULT

    def px(self, n: float) -> int:
        """`n` design pixels at this scale."""
        return max(1, round(n * self.scale))

    def font(self, size: int, bold: bool = False, italic: bool = False) -> pygame.font.Font:
        return font(self.px(size), bold, italic)

    @property
    def body(self) -> pygame.font.Font:
        return self.font(15)

    @property
    def small(self) -> pygame.font.Font:
        return self.font(13)

    @property
    def heading(self) -> pygame.font.Font:
        return self.font(20, bold=True)

    @property
    def title(self) -> pygame.font.Font:
        return self.font(40, bold=True)


@lru_cache(maxsize=8192)
def fit(text: str, f: pygame.font.Font, width: int) -> str:
    """`text` as it fits in `width` pixels: whole, or cut with an ellipsis (memoised: screens
    lay out the same labels again whenever the game moves)."""
    text = " ".join(text.split())
    if f.size(text)[0] <= width:
        return text
    lo, hi = 0, len(text)
    while lo < hi:  # the longest prefix that fits with the ellipsis
        mid = (lo + hi + 1) // 2
        if f.size(text[:mid].rstrip() + ELLIPSIS)[0] <= width:
            lo = mid
        else:
            hi = mid - 1
    return text[:lo].rstrip() + ELLIPSIS if lo else (ELLIPSIS if f.size(ELLIPSIS)[0] <= width
                                                     else "")


def wrap(text: str, f: pygame.font.Font, width: int, max_lines: int | None = None) -> list[str]:
    """`text` broken into lines of at most `width` pixels (paragraphs kept); with `max_lines`,
    the last line kept ends in an ellipsis when text was cut."""
    lines: list[str] = []
    for para in text.split("\n"):
        words = para.split()
        if not words:
            lines.append("")
            continue
        line = ""
        for word in words:
            trial = f"{line} {word}" if line else word
            if f.size(trial)[0] <= width:
                line = trial
                continue
            if line:
                lines.append(line)
            line = word if f.size(word)[0] <= width else fit(word, f, width)
        lines.append(line)
    while lines and lines[-1] == "":
        lines.pop()
    if max_lines is not None and len(lines) > max_lines:
        kept = lines[:max_lines]
        last = kept[-1]
        while last and f.size(last.rstrip() + ELLIPSIS)[0] > width:
            last = last[:-1]
        kept[-1] = last.rstrip() + ELLIPSIS
        return kept
    return lines


def blit_text(  # noqa: PLR0917  # mirrors Surface.blit plus the text's font and colour
        surface: pygame.Surface, text: str, f: pygame.font.Font, color: Color,
        pos: tuple[int, int], width: int | None = None, align: str = "left") -> pygame.Rect:
    """Draw one line (fitted to `width` if given); returns the rect drawn."""
    shown = fit(text, f, width) if width is not None else text
    img = f.render(shown, True, color)
    x, y = pos
    if width is not None and align == "center":
        x += (width - img.get_width()) // 2
    elif width is not None and align == "right":
        x += width - img.get_width()
    return surface.blit(img, (x, y))
