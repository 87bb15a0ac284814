"""The layers of DESIGN.md section 5 hold: each package imports only from the layers below it."""

from __future__ import annotations

import ast
from collections.abc import Callable
from pathlib import Path

import pytest

GAME = Path(__file__).resolve().parent.parent / "game"
LAYERS = ["core", "scenario", "bots", "report", "session", "sim", "net", "ui"]
# Modules outside the layer packages: shared helpers usable by every layer above core.
SHARED = {"game", "game.paths"}


def _imports(path: Path) -> list[tuple[str, int]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    out: list[tuple[str, int]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            out.extend((alias.name, node.lineno) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            out.append((node.module, node.lineno))
            out.extend((f"{node.module}.{a.name}", node.lineno) for a in node.names)
        elif isinstance(node, ast.ImportFrom) and node.level > 0:
            out.append(("<relative>", node.lineno))
    return out


def _layer(root: Path, path: Path) -> str | None:
    rel = path.relative_to(root).parts
    return rel[0] if len(rel) > 1 and rel[0] in LAYERS else None


def pygame_rule(layer: str | None, name: str) -> str:
    if name.split(".")[0] in {"pygame", "pygame_gui"} and layer != "ui":
        return "only game/ui may import pygame"
    return ""


def scenario_libs_rule(layer: str | None, name: str) -> str:
    if name.split(".")[0] in {"yaml", "pydantic", "pydantic_core"} and layer != "scenario":
        return "only game/scenario may import yaml or pydantic"
    return ""


FORBIDDEN_IN_CORE = {
    "random": "no global random in the core",
    "time": "no clock in the core",
    "datetime": "no clock in the core",
    "os": "no I/O in the core",
    "io": "no I/O in the core",
    "pathlib": "no I/O in the core",
    "socket": "no sockets in the core",
    "subprocess": "no I/O in the core",
    "shutil": "no I/O in the core",
    "tempfile": "no I/O in the core",
    "threading": "the core is single-threaded and pure",
}


def core_purity_rule(layer: str | None, name: str) -> str:
    return FORBIDDEN_IN_CORE.get(name.split(".")[0], "") if layer == "core" else ""


def layering_rule(layer: str | None, name: str) -> str:
    if name == "<relative>":
        return "use absolute imports so the layer rule can be checked"
    if not name.startswith("game.") or name in SHARED:
        return ""
    target = name.split(".")[1]
    if target == "cli":
        return "only game/__main__.py imports the CLI"
    if layer is None or target not in LAYERS:
        return ""
    if LAYERS.index(target) > LAYERS.index(layer):
        return f"{layer} may not import the higher layer {target}"
    return ""


def violations(root: Path, rule: Callable[[str | None, str], str]) -> list[str]:
    bad = []
    for path in sorted(root.rglob("*.py")):
        if path.relative_to(root).parts == ("__main__.py",):
            continue
        for name, line in _imports(path):
            reason = rule(_layer(root, path), name)
            if reason:
                bad.append(f"{path.relative_to(root.parent)}:{line}: {name}: {reason}")
    return bad


def core_io_calls(root: Path) -> list[str]:
    bad = []
    for path in sorted((root / "core").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                    and node.func.id in {"open", "print", "input"}):
                bad.append(f"{path}:{node.lineno}: {node.func.id}() is I/O in the core")
    return bad


def test_only_the_ui_imports_pygame() -> None:
    assert violations(GAME, pygame_rule) == []


def test_only_the_scenario_layer_imports_yaml_and_pydantic() -> None:
    assert violations(GAME, scenario_libs_rule) == []


def test_core_has_no_io_clock_or_global_random() -> None:
    assert violations(GAME, core_purity_rule) == []
    assert core_io_calls(GAME) == []


def test_layers_import_only_from_layers_below() -> None:
    assert violations(GAME, layering_rule) == []


@pytest.mark.parametrize(
    ("layer", "source", "rule", "expected"),
    [
        ("core", "import pygame", pygame_rule, "only game/ui"),
        ("bots", "from pydantic import BaseModel", scenario_libs_rule, "only game/scenario"),
        ("core", "import random", core_purity_rule, "no global random"),
        ("core", "from time import monotonic", core_purity_rule, "no clock"),
        ("core", "from game.ui import app", layering_rule, "higher layer ui"),
        ("scenario", "from game.session import x", layering_rule, "higher layer session"),
    ],
)
def test_the_layer_rules_catch_a_planted_violation(
    tmp_path: Path, layer: str, source: str, rule: Callable[[str | None, str], str], expected: str
) -> None:
    root = tmp_path / "game"
    (root / layer).mkdir(parents=True)
    (root / layer / "bad.py").write_text(source + "\n")
    found = violations(root, rule)
    assert len(found) >= 1 and expected in found[0]


def test_an_open_call_in_the_core_is_caught(tmp_path: Path) -> None:
    root = tmp_path / "game"
    (root / "core").mkdir(parents=True)
    (root / "core" / "bad.py").write_text("def f():\n    return open('x')\n")
    assert core_io_calls(root)
