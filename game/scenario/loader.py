"""Load a scenario file: YAML -> checked pydantic model -> the core's immutable `Scenario`.

`load_scenario` raises `ScenarioError` with every problem found; `validate_file` never raises
and returns every diagnostic, warnings included. Nothing in a scenario file is ever executed.
"""

from __future__ import annotations

import dataclasses
import gc
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pydantic import ValidationError

from game.scenario import models as m
from game.scenario.checks import check
from game.scenario.diagnostics import Diagnostic, Path, ScenarioError, format_path
from game.scenario.errors import describe, diagnostics_from, resolve
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


def _zone_warning(source: Source, scenario: core.Scenario, parties: tuple[str, ...]
                  ) -> list[Diagnostic]:
    """Warn when no complete text satisfies every one of `parties` (red lines and
    reservations).

    A quick local search usually finds a witness; only when it does not is the exact analysis
    (numpy, the whole outcome space) run to decide.
    """
    from game.core.witness import agreement_witness

    if agreement_witness(scenario, parties) is not None:
        return []
    from game.core.analysis import zone_is_empty

    if not zone_is_empty(scenario, parties):
        return []
    return [source.diagnostic(
        ("agreement", "signatories"),
        "no agreement can satisfy all signatories: every complete text crosses a signatory's "
        "red line or falls below its reservation",
        "at least one text that every signatory can sign at or above its reservation",
        severity="warning")]


_ZONE_CHECK = "whether any agreement can satisfy all signatories"
_EVERY_CHECK = ["unknown and duplicate ids", "likely mistakes (the warnings)"]
"""What waits when the shape errors leave no model to check the references on."""


def _pending_note(file: str, pending: list[str]) -> list[Diagnostic]:
    """The note that names the checks left until the errors are fixed, so that a clean run
    after the fix holds no surprise; nothing when every check ran."""
    if not pending:
        return []
    count = "1 more check runs" if len(pending) == 1 else f"{len(pending)} more checks run"
    return [Diagnostic(file, 0, 0, "note",
                       f"{count} once the errors are fixed: {'; '.join(pending)}")]


_REMOVE = object()
_STAND_INS: tuple[Any, ...] = (_REMOVE, 0, 0.5, "x", "#000000", False)
"""What `_references_despite` tries in place of a value of the wrong shape, in order. Never an
empty list or mapping: one standing in for a list that defines ids (locations, options) would
make every reference to those ids look unknown."""
_COLLECTIONS = {"list_type", "dict_type", "model_type", "model_attributes_type", "tuple_type",
                "set_type", "frozen_set_type"}
"""pydantic error types of a list or mapping given as something else: never stood in for."""
_MAX_TRIES = 40


def _stand_in_model(source: Source, exc: ValidationError
                    ) -> tuple[m.ScenarioModel, list[Path]] | None:
    """A model of a file that has errors of shape, so that its references (unknown ids,
    duplicates, missing values) and its warnings are checked in the same run; with the paths
    stood in for, or None when no model could be made.

    The model is built from a copy of the data in which each value of the wrong shape is
    removed or, when it is required, replaced by a stand-in of the right shape (a number, a
    text, a colour...). Ids and collections are never stood in for: with a bad id or list, no
    model is made and the references are checked once the shape errors are fixed.
    """
    import copy
    import dataclasses

    data = copy.deepcopy(source.data)
    work = dataclasses.replace(source, data=data)  # errors are placed in the data as it stands
    done: list[Path] = []
    tries = 0
    errors = exc.errors()
    while True:
        failing = [(_failing(work, e), e["type"]) for e in errors]
        path, kind = next(((f, k) for f, k in failing if not any(f[:len(d)] == d for d in done)),
                          ((), ""))
        if not path or path[-1] == "id" or kind in _COLLECTIONS:
            return None
        parent: Any = data
        for part in path[:-1]:
            try:
                parent = parent[part]
            except (KeyError, IndexError, TypeError):
                return None
        errors = []
        for stand_in in _STAND_INS:
            tries += 1
            if tries > _MAX_TRIES:
                return None
            if not _put(parent, path[-1], stand_in):
                continue
            try:
                model = m.ScenarioModel.model_validate(data)
                errors = []
                break
            except ValidationError as trial:
                errors = trial.errors()
                if not any(_failing(work, e)[:len(path)] == path for e in errors):
                    break
        else:
            return None
        done.append(path)
        if not errors:
            return model, done


def _failing(source: Source, error: Any) -> Path:
    """Where in the data a pydantic error is: for a missing key, the key itself (added by a
    stand-in), not the mapping that lacks it."""
    loc = tuple(error["loc"])
    path, _ = resolve(source, loc)
    if error["type"] == "missing" and loc and isinstance(loc[-1], str) and len(path) < len(loc):
        return (*path, loc[-1])
    return path


def _put(parent: Any, key: Any, value: Any) -> bool:
    """Set `parent[key]` to `value` (delete it, for `_REMOVE`); False when that cannot be done
    (an item of a list is never removed: that would move the ones after it)."""
    if isinstance(parent, dict) and isinstance(key, str):
        if value is _REMOVE:
            parent.pop(key, None)
        else:
            parent[key] = value
        return True
    if isinstance(parent, list) and isinstance(key, int) and 0 <= key < len(parent) \
            and value is not _REMOVE:
        parent[key] = value
        return True
    return False


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
    diags = list(source.errors)
    stood_in: list[Path] = []
    try:
        model = m.ScenarioModel.model_validate(source.data)
    except ValidationError as exc:
        diags += diagnostics_from(exc, source)
        made = _stand_in_model(source, exc)
        if made is None:
            raise ScenarioError(diags + _pending_note(file, _EVERY_CHECK)) from None
        model, stood_in = made
    checked = check(source, model, [*source.bad_paths, *stood_in])
    shown = [format_path(p) for p in stood_in]
    # An error at or under a stood-in value is the shape error already listed.
    diags += [d for d in checked.diagnostics if d.severity != "error" or not any(
        d.path == r or d.path.startswith((r + ".", r + "[")) for r in shown)]
    scenario = build(model)
    zone = _zone_warning(source, scenario, checked.zone_parties) if checked.zone_parties else []
    diags += zone
    pending = list(checked.pending)
    if not zone and checked.zone_parties != scenario.agreement.signatories:
        pending.append(_ZONE_CHECK)  # some signatories were left out: the zone proves nothing
    if strict:
        diags = [dataclasses.replace(d, severity="error") if d.severity == "warning" else d
                 for d in diags]
    if any(d.severity == "error" for d in diags):
        raise ScenarioError(diags + _pending_note(file, pending))
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
