"""Settings, data folders, text fitting and the layout audit."""

from __future__ import annotations

import json
from pathlib import Path

import pygame
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from game.session.places import Places
from game.ui import style
from game.ui.app import scaled_theme
from game.ui.layout import Layout, audit
from game.ui.settings import Settings

pygame.font.init()
FONT = style.font(15)


def test_settings_round_trip(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    s = Settings().with_changes(scale=1.5, colour_blind=True, seen_hints=("votes",))
    s.save(path)
    assert Settings.load(path) == s


@pytest.mark.parametrize("text", ["", "{", "[]", '{"scale": "big", "width": true}', "\xff"])
def test_bad_settings_fall_back_to_defaults(tmp_path: Path, text: str) -> None:
    path = tmp_path / "settings.json"
    path.write_text(text, encoding="latin-1")
    assert Settings.load(path) == Settings()


def test_a_bad_value_only_resets_itself(tmp_path: Path) -> None:
    path = tmp_path / "settings.json"
    path.write_text(json.dumps({"scale": 9, "width": "wide", "animations": False}))
    s = Settings.load(path)
    assert s.scale == 2.0 and s.width == Settings().width and s.animations is False


def test_places_keep_the_exact_scenario_bytes(tmp_path: Path) -> None:
    places = Places(tmp_path)
    data = b"schema: x\r\nid: y\r\n"
    sha = places.keep_scenario(data)
    assert places.scenario_for(sha).read_bytes() == data


@settings(max_examples=60, deadline=None)
@given(text=st.text(min_size=0, max_size=80), width=st.integers(min_value=0, max_value=400))
def test_fit_never_overflows_and_marks_cuts(text: str, width: int) -> None:
    shown = style.fit(text, FONT, width)
    assert FONT.size(shown)[0] <= width or shown == ""
    clean = " ".join(text.split())
    assert shown == clean or shown.endswith(style.ELLIPSIS) or shown == ""


@settings(max_examples=40, deadline=None)
@given(text=st.text(alphabet="abc defghij\n", max_size=300),
       width=st.integers(min_value=30, max_value=300), lines=st.integers(1, 6))
def test_wrap_stays_inside_its_box(text: str, width: int, lines: int) -> None:
    out = style.wrap(text, FONT, width, lines)
    assert len(out) <= lines
    assert all(FONT.size(line)[0] <= width for line in out)


def test_audit_finds_overflow_overlap_and_silent_cuts() -> None:
    lay = Layout((400, 300))
    lay.region("panel", (0, 0, 200, 300))
    lay.region("other", (150, 0, 200, 300))  # overlaps panel
    lay.region("child", (180, 10, 50, 20), parent="panel")  # leaves its parent
    lay.region("outside", (380, 290, 50, 50), parent="")  # leaves the window
    box = lay.text("label", (10, 50, 40, 20), "a label far too long to fit", FONT, parent="panel")
    box.tooltip = ""
    box.lines = ("a label far",)  # as if drawn cut without an ellipsis
    problems = "\n".join(audit(lay))
    assert "panel" in problems and "overlaps other" in problems
    assert "child" in problems and "leaves its parent" in problems
    assert "outside" in problems and "leaves the (400, 300) window" in problems
    assert "label" in problems and "cut without an ellipsis" in problems


def test_audit_accepts_a_tidy_layout() -> None:
    lay = Layout((400, 300))
    lay.region("panel", (0, 0, 200, 300))
    lay.text("label", (10, 10, 60, 20), "a label far too long to fit", FONT, parent="panel")
    lay.paragraph("para", (10, 40, 180, 60), "word " * 200, FONT, parent="panel")
    assert audit(lay) == []
    assert lay["label"].tooltip and lay.tooltip_at((20, 15)) == lay["label"].text


def test_theme_fonts_scale() -> None:
    base, big = scaled_theme(1.0), scaled_theme(2.0)
    assert int(big["#title"]["font"]["size"]) == 2 * int(base["#title"]["font"]["size"])
