"""Load a scenario file: YAML -> checked pydantic model -> the core's immutable `Scenario`.

`load_scenario` raises `ScenarioError` with every problem found; `validate_file` never raises
and returns every diagnostic, warnings included. Nothing in a scenario file is ever executed.
"""

from __future__ import annotations

import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pydantic import ValidationError

from game.scenario import models as m
from game.scenario.checks import check
from game.scenario.diagnostics import Diagnostic, ScenarioError
from game.scenario.errors import describe, diagnostics_from
from game.scenario.yamlsource import Source, parse, read_bytes

if TYPE_CHECKING:
    from game.core import model as core


@dataclass(frozen=True, slots=True)
class Loaded:
    """A loaded scenario with its warnings and the sha256 of the exact bytes read."""

    scenario: core.Scenario
    warnings: tuple[Diagnostic, ...]
    sha256: str
    file: str


def _schema_check(source: Source) -> None:
    data = source.data
    if "schema" not in data:
        raise ScenarioError([source.diagnostic(
            (), "the 'schema' line is missing", f"'schema: {m.SCHEMA_ID}' as the first key",
            path_text="schema")])
    value = data["schema"]
    if value != m.SCHEMA_ID:
        raise ScenarioError([source.diagnostic(
            ("schema",), f"unsupported format version: {describe(value)}; this Backstop reads "
            f"{m.SCHEMA_ID} only", repr(m.SCHEMA_ID))])


def _zone_warning(source: Source, scenario: core.Scenario) -> list[Diagnostic]:
    """Warn when no complete text satisfies every signatory (red lines and reservations).

    A quick local search usually finds a witness; only when it does not is the exact analysis
    (numpy, the whole outcome space) run to decide.
    """
    from game.core.witness import agreement_witness

    if agreement_witness(scenario) is not None:
        return []
    from game.core.analysis import zone_is_empty

    if not zone_is_empty(scenario):
        return []
    return [source.diagnostic(
        ("agreement", "signatories"),
        "no agreement can satisfy all signatories: every complete text crosses a signatory's "
        "red line or falls below its reservation",
        "at least one text that every signatory can sign at or above its reservation",
        severity="warning")]


@contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector, as it was before afterwards.

    Reading a file allocates tens of thousands of small objects that hold no cycles; the
    collections they would trigger find nothing and make a load about 15% slower.
    """
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


@_collector_paused()
def _check_bytes(raw: bytes, file: str, strict: bool
                 ) -> tuple[core.Scenario, list[Diagnostic]]:
    from game.scenario.build import build

    source = parse(raw, file)
    _schema_check(source)
    try:
        model = m.ScenarioModel.model_validate(source.data)
    except ValidationError as exc:
        raise ScenarioError(source.errors + diagnostics_from(exc, source)) from None
    diags = source.errors + check(source, model)
    scenario = None
    if not any(d.severity == "error" for d in diags):
        scenario = build(model)
        diags += _zone_warning(source, scenario)
    if strict:
        diags = [Diagnostic(d.file, d.line, d.col, "error", d.message, d.path, d.expected)
                 for d in diags]
    if any(d.severity == "error" for d in diags) or scenario is None:
        raise ScenarioError(diags)
    return scenario, sorted(diags, key=Diagnostic.sort_key)


def load_bytes(raw: bytes, file: str, *, strict: bool = False) -> Loaded:
    """Parse and check scenario bytes. With `strict`, warnings are raised as errors."""
    import hashlib

    scenario, diags = _check_bytes(raw, file, strict)
    return Loaded(
        scenario=scenario,
        warnings=tuple(diags),
        sha256=hashlib.sha256(raw).hexdigest(),
        file=file,
    )


def load_scenario(
    path: str | os.PathLike[str], *, strict: bool = False, display: str | None = None
) -> Loaded:
    """Load a scenario file from disk; `display` is the name used in messages."""
    file = display or os.fspath(path)
    return load_bytes(read_bytes(path, file), file, strict=strict)


def validate_file(
    path: str | os.PathLike[str], *, strict: bool = False, display: str | None = None
) -> list[Diagnostic]:
    """Every diagnostic for a file, errors and warnings; never raises."""
    file = display or os.fspath(path)
    try:
        return _check_bytes(read_bytes(path, file), file, strict)[1]
    except ScenarioError as exc:
        return exc.diagnostics
