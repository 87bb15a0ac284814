"""Every character the UI writes itself is in the bundled fonts (no tofu boxes on screen)."""

from __future__ import annotations

import ast
from pathlib import Path

import pygame

from game.ui import style

UI = Path(__file__).resolve().parents[2] / "game" / "ui"
NOT_IN_ANY_FONT = "\ue000"
"""A private-use character: what the fonts draw for it is their missing-glyph box."""


def faces() -> list[pygame.font.Font]:
    """The four bundled faces the UI draws with (its own text and pygame_gui's theme)."""
    pygame.font.init()
    return [style.font(16, bold, italic) for bold, italic in style.FONT_FILES]


def has_glyph(font: pygame.font.Font, ch: str) -> bool:
    """Whether `font` has `ch` (SDL_ttf gives a missing one the box's metrics, not None)."""
    def looks(c: str) -> tuple[object, bytes]:
        img = font.render(c, True, (255, 255, 255), (0, 0, 0))
        return font.metrics(c), pygame.image.tobytes(img, "RGB")
    return looks(ch) != looks(NOT_IN_ANY_FONT)


def drawn_literals(tree: ast.AST) -> list[str]:
    """The string literals of a module that can reach the screen: not docstrings, and not
    text only searched for (the first argument of `.replace`, as in parsing typed input)."""
    skip: set[int] = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        if isinstance(body, list) and body and isinstance(body[0], ast.Expr) and isinstance(
                body[0].value, ast.Constant):
            skip.add(id(body[0].value))
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
                node.func.attr == "replace" and node.args:
            skip.add(id(node.args[0]))
    return [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant)
            and isinstance(n.value, str) and id(n) not in skip]


def test_the_missing_glyph_check_tells_a_missing_glyph() -> None:
    font = faces()[0]
    assert has_glyph(font, "a") and has_glyph(font, "·")
    assert not has_glyph(font, "\u2603")  # a snowman: not in Noto Sans


def test_every_non_ascii_character_in_the_ui_code_is_in_every_face() -> None:
    chars: dict[str, set[str]] = {}
    for path in sorted(UI.rglob("*.py")):
        for text in drawn_literals(ast.parse(path.read_text(encoding="utf-8"))):
            for ch in text:
                if ord(ch) > 127:
                    chars.setdefault(ch, set()).add(path.name)
    assert "·" in chars  # the scan sees the literals
    fonts = faces()
    missing = {f"{ch} (U+{ord(ch):04X}) in {sorted(files)}" for ch, files in chars.items()
               if not all(has_glyph(face, ch) for face in fonts)}
    assert not missing
