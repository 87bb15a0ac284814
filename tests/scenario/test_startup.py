"""What keeps `backstop validate` quick to start: no needless garbage collections."""

from __future__ import annotations

import gc

import pytest

from game.cli import main
from game.scenario import ScenarioError, load_bytes
from tests.conftest import FLAGSHIP


def _collect(on: bool) -> None:
    if on:
        gc.enable()
    else:
        gc.disable()


@pytest.mark.parametrize("collecting", [True, False])
def test_validate_leaves_the_collector_as_it_found_it(collecting: bool,
                                                      capsys: pytest.CaptureFixture[str]) -> None:
    was = gc.isenabled()
    _collect(collecting)
    try:
        assert main(["validate", str(FLAGSHIP)]) == 0
        assert gc.isenabled() is collecting
        with pytest.raises(ScenarioError):
            load_bytes(b"schema: backstop/scenario@1\nid: [", "bad.yaml")
        assert gc.isenabled() is collecting
    finally:
        _collect(was)
    capsys.readouterr()
