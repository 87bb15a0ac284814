"""Where things are on a screen, recorded so that tests can check nothing overflows.

A scene lays itself out into a `Layout` whenever it enters or the window changes size: named
boxes (panels, rows, labels) with their parent. Drawing then uses the recorded boxes, and text
goes in already fitted (`game.ui.style.fit` / `wrap`), so what is drawn is what was checked.

`audit` is what the screen tests run on every screen at every size: every box lies inside the
window and inside its parent, siblings do not overlap, and no label was cut short without an
ellipsis or a tooltip carrying the full text. `audit_gui` applies the same rules to the
pygame_gui widgets on screen.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

import pygame
import pygame_gui

from game.ui import style


@dataclass(slots=True)
class Box:
    name: str
    rect: pygame.Rect
    parent: str = ""
    text: str = ""
    """The full text this box should show ("" for a plain region)."""
    lines: tuple[str, ...] = ()
    """The text as drawn: one fitted line, or wrapped lines."""
    font: pygame.font.Font | None = None
    tooltip: str = ""
    """Shown on hover; when the text was cut, the full text goes here."""
    overlay: bool = False
    """Drawn on top of its siblings on purpose (a badge, a marker): exempt from overlap."""

    @property
    def truncated(self) -> bool:
        drawn = " ".join(" ".join(self.lines).split())
        return drawn != " ".join(self.text.split())


class Layout:
    """The boxes of one screen at one size."""

    def __init__(self, size: tuple[int, int]) -> None:
        self.size = size
        self.boxes: dict[str, Box] = {}

    def __iter__(self) -> Iterator[Box]:
        return iter(self.boxes.values())

    def __getitem__(self, name: str) -> Box:
        return self.boxes[name]

    def __contains__(self, name: str) -> bool:
        return name in self.boxes

    def _add(self, box: Box) -> Box:
        if box.name in self.boxes:
            raise ValueError(f"two boxes named {box.name!r}")
        self.boxes[box.name] = box
        return box

    def region(self, name: str, rect: pygame.Rect | tuple[int, int, int, int],
               parent: str = "", tooltip: str = "", overlay: bool = False) -> Box:
        """A panel or row that holds other boxes."""
        return self._add(Box(name, pygame.Rect(rect), parent, tooltip=tooltip, overlay=overlay))

    def text(  # noqa: PLR0917  # (name, rect, text, font, parent) reads best positionally
            self, name: str, rect: pygame.Rect | tuple[int, int, int, int], text: str,
            font: pygame.font.Font, parent: str = "", tooltip: str = "",
             overlay: bool = False) -> Box:
        """One line of text, fitted to the box's width (the full text becomes the tooltip
        when it had to be cut)."""
        r = pygame.Rect(rect)
        shown = style.fit(text, font, r.w)
        box = Box(name, r, parent, text, (shown,), font, tooltip, overlay)
        if box.truncated and not tooltip:
            box.tooltip = text
        return self._add(box)

    def paragraph(  # noqa: PLR0917  # the same shape as `text`
            self, name: str, rect: pygame.Rect | tuple[int, int, int, int], text: str,
            font: pygame.font.Font, parent: str = "", tooltip: str = "") -> Box:
        """Wrapped text, as many lines as the box's height holds (the last one ends in an
        ellipsis, and the full text is the tooltip, when it did not all fit)."""
        r = pygame.Rect(rect)
        max_lines = max(1, r.h // max(1, font.get_linesize()))
        lines = style.wrap(text, font, r.w, max_lines)
        box = Box(name, r, parent, text, tuple(lines), font, tooltip)
        if box.truncated and not tooltip:
            box.tooltip = text
        return self._add(box)

    def tooltip_at(self, pos: tuple[int, int]) -> str:
        """The tooltip of the innermost box under `pos` ("" if none)."""
        found = ""
        for box in self.boxes.values():
            if box.tooltip and box.rect.collidepoint(pos):
                found = box.tooltip
        return found

    def draw_text(self, surface: pygame.Surface, name: str, color: style.Color,
                  align: str = "left") -> None:
        """Draw a text box's fitted lines."""
        box = self.boxes[name]
        if box.font is None:
            return
        y = box.rect.y
        for line in box.lines:
            if line:
                img = box.font.render(line, True, color)
                x = box.rect.x
                if align == "center":
                    x += (box.rect.w - img.get_width()) // 2
                elif align == "right":
                    x += box.rect.w - img.get_width()
                surface.blit(img, (x, y))
            y += box.font.get_linesize()


def audit(layout: Layout) -> list[str]:
    """Every overflow, overlap or silent truncation on the screen, as readable messages."""
    problems: list[str] = []
    window = pygame.Rect((0, 0), layout.size)
    for box in layout:
        if box.rect.w < 0 or box.rect.h < 0:
            problems.append(f"{box.name}: negative size {box.rect}")
        if not window.contains(box.rect):
            problems.append(f"{box.name}: {box.rect} leaves the {layout.size} window")
        if box.parent:
            parent = layout.boxes.get(box.parent)
            if parent is None:
                problems.append(f"{box.name}: unknown parent {box.parent!r}")
            elif not parent.rect.contains(box.rect):
                problems.append(f"{box.name}: {box.rect} leaves its parent {box.parent} "
                                f"{parent.rect}")
        if box.font is not None:
            for line in box.lines:
                if box.font.size(line)[0] > box.rect.w:
                    problems.append(f"{box.name}: {line!r} is wider than {box.rect.w} px")
            if len(box.lines) * box.font.get_linesize() > box.rect.h + box.font.get_linesize() // 3:
                problems.append(f"{box.name}: {len(box.lines)} lines do not fit {box.rect.h} px")
            marked = bool(box.lines) and box.lines[-1].endswith(style.ELLIPSIS)
            if box.truncated and not (marked or box.tooltip):
                problems.append(f"{box.name}: {box.text!r} is cut without an ellipsis or tooltip")
    siblings: dict[str, list[Box]] = {}
    for box in layout:
        if not box.overlay and box.rect.w > 0 and box.rect.h > 0:
            siblings.setdefault(box.parent, []).append(box)
    for group in siblings.values():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if a.rect.colliderect(b.rect):
                    problems.append(f"{a.name} {a.rect} overlaps {b.name} {b.rect}")
    return problems


def audit_gui(manager: pygame_gui.UIManager, size: tuple[int, int]) -> list[str]:
    """The same rules for the pygame_gui widgets that are showing."""
    problems: list[str] = []
    window = pygame.Rect((0, 0), size)
    by_container: dict[int, list[pygame_gui.core.UIElement]] = {}
    for element in manager.get_sprite_group().sprites():
        if not isinstance(element, pygame_gui.core.UIElement) or not element.visible:
            continue
        if element is manager.get_root_container() or _is_part(element):  # type: ignore[comparison-overlap]
            continue
        name = element.most_specific_combined_id
        rect = element.get_abs_rect()
        if not window.contains(rect):
            problems.append(f"widget {name}: {rect} leaves the {size} window")
        by_container.setdefault(id(element.ui_container), []).append(element)
    for group in by_container.values():
        for i, a in enumerate(group):
            for b in group[i + 1:]:
                if a.get_abs_rect().colliderect(b.get_abs_rect()):
                    problems.append(f"widget {a.most_specific_combined_id} overlaps "
                                    f"{b.most_specific_combined_id}")
    return problems


def _is_part(element: pygame_gui.core.UIElement) -> bool:
    """Scroll bars, tool tips and the insides of composite widgets are parts, not siblings."""
    ids = element.most_specific_combined_id
    return any(part in ids for part in ("scroll_bar", "scrollbar", "tool_tip", "drop_down",
                                        "selection_list", "#sliding_button",
                                        "horizontal_slider"))
