"""Fuzzing the loader: broken scenarios only ever produce `ScenarioError`, never a crash."""

from __future__ import annotations

import copy
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from game.cli import main
from game.scenario import ScenarioError, load_bytes
from tests.conftest import FLAGSHIP

FLAGSHIP_DATA: Any = yaml.safe_load(FLAGSHIP.read_text(encoding="utf-8"))


def _paths(node: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [prefix] if prefix else []
    if isinstance(node, dict):
        for k, v in node.items():
            out.extend(_paths(v, (*prefix, k)))
    elif isinstance(node, list):
        for i, v in enumerate(node):
            out.extend(_paths(v, (*prefix, i)))
    return out


def _get(node: Any, path: tuple[Any, ...]) -> Any:
    for part in path:
        node = node[part]
    return node


PATHS = _paths(FLAGSHIP_DATA)
ID_VALUES = sorted({str(_get(FLAGSHIP_DATA, p)) for p in PATHS if p[-1] == "id"})

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True),
    st.text(max_size=12), st.sampled_from(ID_VALUES), st.sampled_from(["no", "on", "1:30"]),
)
values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.text(max_size=6), inner, max_size=3)),
    max_leaves=6)


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    data = copy.deepcopy(FLAGSHIP_DATA)
    for _ in range(draw(st.integers(1, 4))):
        path = draw(st.sampled_from(PATHS))
        try:
            parent = _get(data, path[:-1])
            parent[path[-1]]  # the path may be gone after an earlier mutation
        except (KeyError, IndexError, TypeError):
            continue
        if not isinstance(parent, dict | list):  # an earlier mutation put text there
            continue
        op = draw(st.sampled_from(["delete", "replace", "duplicate_id", "rename_key"]))
        key = path[-1]
        if op == "delete":
            del parent[key]
        elif op == "replace":
            parent[key] = draw(values)
        elif op == "duplicate_id":
            parent[key] = draw(st.sampled_from(ID_VALUES))
        elif op == "rename_key" and isinstance(parent, dict):
            parent[draw(st.text(min_size=1, max_size=10))] = parent.pop(key)
    return data


def _dump(data: Any) -> bytes:
    return yaml.dump(data, Dumper=yaml.CSafeDumper, allow_unicode=True).encode()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_flagship_raises_only_scenario_error(data: Any) -> None:
    try:
        load_bytes(_dump(data), "mutant.yaml")
    except ScenarioError as exc:
        assert exc.errors, "a ScenarioError must carry at least one error"
        for d in exc.errors:
            assert d.line >= 1 and d.col >= 1 and d.message


@settings(max_examples=300, deadline=None)
@given(st.binary(max_size=400))
def test_random_bytes_raise_only_scenario_error(raw: bytes) -> None:
    try:
        load_bytes(raw, "noise.yaml")
    except ScenarioError as exc:
        assert exc.errors


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("schema: backstop/scenario@1\n-[]{}&*!|>'\"#\t x")),
               max_size=200))
def test_yaml_shaped_noise_raises_only_scenario_error(text: str) -> None:
    try:
        load_bytes(text.encode(), "noise.yaml")
    except ScenarioError as exc:
        assert exc.errors


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                 HealthCheck.function_scoped_fixture])
@given(mutated())
def test_the_cli_exits_cleanly_on_mutants(tmp_path_factory: Any, data: Any) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "mutant.yaml"
    path.write_bytes(_dump(data))
    assert main(["validate", str(path)]) in (0, 2)
