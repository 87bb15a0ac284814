"""Shared test set-up. SDL runs headless: the variables are set before anything imports pygame."""

from __future__ import annotations

import os

os.environ.setdefault("SDL_VIDEODRIVER", "dummy")
os.environ.setdefault("SDL_AUDIODRIVER", "dummy")
os.environ.setdefault("MPLBACKEND", "Agg")

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SCENARIOS = ROOT / "scenarios"
TUTORIAL = SCENARIOS / "tutorial-backstop-bargain.yaml"
FLAGSHIP = SCENARIOS / "ukraine-reassurance-2025.yaml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


@pytest.fixture
def tutorial_text() -> str:
    return TUTORIAL.read_text(encoding="utf-8")


@pytest.fixture
def minimal_text() -> str:
    return (FIXTURES / "minimal.yaml").read_text(encoding="utf-8")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-goldens", action="store_true",
                     help="rewrite the golden transcripts under tests/goldens/")


@pytest.fixture
def update_goldens(request: pytest.FixtureRequest) -> bool:
    return bool(request.config.getoption("--update-goldens"))
