"""What keeps `backstop validate` quick to start: no needless garbage collections or imports."""

from __future__ import annotations

import gc
import os
import subprocess
import sys

import pytest

from game.cli import main
from game.scenario import ScenarioError, load_bytes
from tests.conftest import FLAGSHIP, ROOT


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


def _run(code: str, **env: str) -> str:
    environment = {k: v for k, v in os.environ.items() if k != "PYDANTIC_DISABLE_PLUGINS"}
    environment.update(env)
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=environment, cwd=ROOT, check=True)
    return done.stdout.strip().splitlines()[-1]


_VALIDATE_THEN_REPORT = (
    "import sys\n"
    "from game.cli import main\n"
    f"code = main(['validate', {str(FLAGSHIP)!r}])\n"
    "print(code, 'importlib.metadata' in sys.modules,"
    " sorted(m for m in ('pygame', 'numpy', 'matplotlib') if m in sys.modules))\n"
)


def test_validate_imports_nothing_it_does_not_need() -> None:
    # The CLI disables pydantic plugins, so the stand-in loader spares importlib.metadata.
    assert _run(_VALIDATE_THEN_REPORT) == "0 False []"


def test_the_real_plugin_loader_is_used_when_plugins_are_enabled() -> None:
    code = ("from game.scenario import _plugins, load_scenario\n"
            f"load_scenario({str(FLAGSHIP)!r})\n"
            "import sys\n"
            "print(type(sys.modules['pydantic.plugin._loader']).__name__)")
    assert _run(code, PYDANTIC_DISABLE_PLUGINS="") == "module"
    assert _run(code, PYDANTIC_DISABLE_PLUGINS="__all__") == "_StandIn"


def test_the_stand_in_answers_no_plugins_and_passes_other_names_to_the_real_loader() -> None:
    code = ("from game.scenario import _plugins\n"
            "import sys\n"
            "loader = sys.modules['pydantic.plugin._loader']\n"
            "print(list(loader.get_plugins()), loader.PYDANTIC_ENTRY_POINT_GROUP,"
            " _plugins.install())")
    assert _run(code, PYDANTIC_DISABLE_PLUGINS="1") == "[] pydantic True"
