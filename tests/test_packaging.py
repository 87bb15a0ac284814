"""A wheel carries the bundled scenarios and assets, and works away from the source tree."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(out)],
                   cwd=ROOT, check=True, capture_output=True, timeout=300)
    [whl] = out.glob("backstop-*.whl")
    return whl


def test_the_wheel_holds_scenarios_assets_and_type_marker(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "game/_data/scenarios/ukraine-reassurance-2025.yaml" in names
    assert "game/_data/scenarios/tutorial-backstop-bargain.yaml" in names
    assert "game/_data/scenarios/backstop-scenario.schema.json" in names
    assert "game/_data/assets/README.md" in names
    assert "game/py.typed" in names
    assert "game/report/templates/briefings.html.j2" in names
    assert "game/_data/assets/fonts/NotoSans-Regular.ttf" in names
    assert "game/_data/assets/themes/backstop.json" in names
    assert not any(n.startswith("tests/") for n in names)


@pytest.mark.slow
def test_an_installed_wheel_validates_its_bundled_scenarios_from_elsewhere(
    wheel: Path, tmp_path: Path
) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=300)
    bin_dir = venv / "bin"
    subprocess.run([str(bin_dir / "pip"), "install", "-q", "--no-deps", "--no-index", str(wheel)],
                   check=True, capture_output=True, timeout=300)
    # Dependencies come from the test environment; a plain path line keeps its editable
    # install of `game` out of reach, so the wheel's copy is the one imported.
    site = subprocess.run([str(bin_dir / "python"), "-c",
                           "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                          check=True, capture_output=True, text=True).stdout.strip()
    Path(site, "deps-from-test-env.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    where = subprocess.run(
        [str(bin_dir / "python"), "-c", "import game.paths as p; print(p.scenarios_dir())"],
        cwd=elsewhere, check=True, capture_output=True, text=True,
    ).stdout.strip()
    assert where.startswith(str(venv)), where
    proc = subprocess.run([str(bin_dir / "backstop"), "validate", "--bundled", "--strict"],
                          cwd=elsewhere, capture_output=True, text=True, timeout=120,
                          check=False)
    assert proc.returncode == 0, proc.stderr
    assert "ukraine-reassurance-2025.yaml: ok" in proc.stdout
    assert "tutorial-backstop-bargain.yaml: ok" in proc.stdout
