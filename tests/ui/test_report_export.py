"""Exporting the report from a screen: on a worker, and never over an earlier export."""

from __future__ import annotations

from pathlib import Path

from game.scenario import load_scenario
from game.session.places import unique_path
from game.session.session import Session
from game.ui.report_export import ReportExport
from tests.conftest import TUTORIAL


def test_unique_path_never_returns_an_existing_path(tmp_path: Path) -> None:
    first = tmp_path / "game.jsonl"
    assert unique_path(first) == first
    first.write_text("x")
    second = unique_path(first)
    assert second == tmp_path / "game-2.jsonl"
    second.write_text("y")
    assert unique_path(first) == tmp_path / "game-3.jsonl"
    (tmp_path / "folder").mkdir()
    assert unique_path(tmp_path / "folder") == tmp_path / "folder-2"


def test_two_exports_of_identical_games_keep_both_reports(tmp_path: Path) -> None:
    loaded = load_scenario(TUTORIAL)
    results = []
    for _ in range(2):  # the same scenario, seed and seats: the same game id
        session = Session(loaded.scenario, loaded.sha256, "1", {})
        export = ReportExport()
        assert export.start(session, tmp_path / "reports")
        export.join(60)
        results.append(export.poll())
    folders = sorted((tmp_path / "reports").iterdir())
    assert len(folders) == 2 and folders[1].name == folders[0].name + "-2"
    assert results == [f"Report saved in {folders[0]}", f"Report saved in {folders[1]}"]
    assert all((f / "report.html").is_file() for f in folders)
