"""The chooser counts a broken file's problems as `backstop validate` does, in plain words."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from game.cli import main
from game.scenario import validate_file
from game.ui.context import Context
from game.ui.intents import Intent
from game.ui.layout import audit, audit_gui
from game.ui.scenes.chooser import ChooserScene
from game.ui.scenes.menu import MenuScene
from tests.conftest import FIXTURES
from tests.ui.conftest import make_ctx


def _mixed(minimal: str) -> str:
    """The minimal scenario with two errors, one warning and so one note (the check on the
    signatories' zone waits for the errors to be fixed)."""
    text = (minimal.replace("reservation: 40", "reservation: 150", 1)
            .replace('color: "#112233"', "color: blue")
            .replace("signatories: [north, south]", "signatories: [north, south]\n  quorum: 1"))
    assert text.count("reservation: 150") == 1 and "quorum: 1" in text
    return text


@pytest.mark.parametrize(("size", "scale"), [((1280, 720), 1.5), ((1920, 1080), 1.0)])
def test_a_note_is_not_counted_as_a_warning(tmp_path: Path, capsys: pytest.CaptureFixture[str],
                                            size: tuple[int, int], scale: float) -> None:
    ctx: Context = make_ctx(tmp_path / "home", size, scale)
    path = ctx.places.user_scenarios / "mixed.yaml"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(_mixed((FIXTURES / "minimal.yaml").read_text(encoding="utf-8")),
                    encoding="utf-8")
    severities = [d.severity for d in validate_file(path)]
    assert "note" in severities and "warning" in severities and "error" in severities
    assert main(["validate", str(path)]) != 0
    cli = re.search(r"\((\d+) errors?, (\d+) warnings?\)", capsys.readouterr().out)
    assert cli is not None
    errors, warnings = int(cli[1]), int(cli[2])
    chooser = ChooserScene(ctx)
    ctx.app.push(MenuScene(ctx))
    ctx.app.push(chooser)
    ctx.app.send(Intent("widget", widget="rescan"))
    ctx.app.step([], 1 / 60)
    index = next(n for n, (_, p) in enumerate(chooser.entries) if p.name == "mixed.yaml")
    ctx.app.send(Intent("widget", widget=f"entry{index}"))
    ctx.app.step([], 1 / 60)
    status = chooser.layout["status"].text
    said = re.findall(r"(\d+) (error|warning)(s?)\b", status)
    assert {kind: int(n) for n, kind, _ in said} == {"error": errors, "warning": warnings}
    assert "(s)" not in status
    assert all(plural == ("s" if int(n) != 1 else "") for n, _, plural in said), status
    assert audit(chooser.layout) + audit_gui(ctx.app.manager, ctx.app.size) == []
