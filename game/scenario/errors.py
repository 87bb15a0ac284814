"""Turn pydantic's validation errors into friendly, positioned diagnostics.

Pydantic reports a location as a tuple of field names, list indices and union tags. We walk that
location through the raw data to find the line and column, and through the models to suggest the
key the author probably meant.
"""

from __future__ import annotations

import types
import typing
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from game.scenario import models
from game.scenario.diagnostics import Diagnostic, Path, format_path
from game.scenario.yamlsource import Source

_TYPE_NAMES = {
    "string_type": "text",
    "int_type": "a whole number",
    "float_type": "a number",
    "bool_type": "true or false",
    "list_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
}


def describe(value: Any) -> str:
    """A short, user-facing description of a YAML value, like `the number 90`."""
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value}"
    if isinstance(value, str):
        return f"the text {value!r}"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, dict):
        return "a mapping"
    return type(value).__name__


def resolve(source: Source, loc: tuple[int | str, ...]) -> tuple[Path, bool]:
    """Map a pydantic location onto a path in the raw data.

    Returns the path and whether the error concerns the mapping *key* at that path. Location
    parts that are not in the data (such as `[key]` markers) are skipped.
    """
    path: list[str | int] = []
    node = source.data
    is_key = False
    for part in loc:
        if part == "[key]":
            is_key = True
            continue
        if isinstance(node, dict) and part in node:
            path.append(part)
            node = node[part]
        elif isinstance(node, dict) and isinstance(part, str):
            # Pydantic stringifies non-string dict keys (a YAML `no:` key becomes 'False').
            match = next((k for k in node if str(k) == part and not isinstance(k, str)), None)
            if match is not None:
                path.append(match)
                node = node[match]
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            path.append(part)
            node = node[part]
    return tuple(path), is_key


def _unwrap(tp: Any) -> list[Any]:
    """The concrete types behind Optional, unions and Annotated."""
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _unwrap(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        out: list[Any] = []
        for arg in typing.get_args(tp):
            out.extend(_unwrap(arg))
        return out
    return [tp]


def fields_at(loc: tuple[int | str, ...]) -> list[str]:
    """The keys the format allows in the mapping at a pydantic location (for "did you mean")."""
    candidates: list[Any] = [models.ScenarioModel]
    for part in loc:
        nxt: list[Any] = []
        for tp in candidates:
            for t in _unwrap(tp):
                if isinstance(t, type) and issubclass(t, BaseModel):
                    nxt.extend(
                        info.annotation
                        for name, info in t.model_fields.items()
                        if part in (name, info.alias)
                    )
                elif typing.get_origin(t) is list and isinstance(part, int):
                    nxt.append(typing.get_args(t)[0])
                elif typing.get_origin(t) is dict:
                    nxt.append(typing.get_args(t)[1])
        if nxt:
            candidates = nxt
    names = {
        info.alias or name
        for tp in candidates
        for t in _unwrap(tp)
        if isinstance(t, type) and issubclass(t, BaseModel)
        for name, info in t.model_fields.items()
    }
    return sorted(names)


def suggest(word: str, choices: list[str]) -> str:
    import difflib  # only files with mistakes need it

    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""


def _surprise(source: Source, path: Path, is_key: bool) -> str | None:
    return (source.key_surprises if is_key else source.surprises).get(path)


def _message(err: ErrorDetails, source: Source, path: Path, is_key: bool) -> tuple[str, str]:
    kind = err["type"]
    value = err.get("input")
    ctx: dict[str, Any] = dict(err.get("ctx") or {})
    loc = err["loc"]
    if kind == "missing":
        key = str(loc[-1])
        article = "an" if key.startswith(tuple("aeiou")) else "a"  # the keys are English words
        return f"required key {key!r} is missing", f"{article} '{key}:' entry here"
    if kind == "extra_forbidden":
        allowed = fields_at(loc[:-1])
        key = str(loc[-1])
        hint = suggest(key, allowed)
        return f"unknown key {key!r}{hint}", "one of " + ", ".join(allowed) if allowed else ""
    if kind in _TYPE_NAMES:
        original = _surprise(source, path, is_key)
        expected = _TYPE_NAMES[kind]
        if original is not None and kind == "string_type":
            return (
                f"{original} is read by YAML 1.1 as {describe(value)}",
                f'text: quote it, like "{original}"',
            )
        if kind == "string_type" and isinstance(value, int | float) and not isinstance(value, bool):
            return f"got {describe(value)}", f'text: quote it, like "{value}"'
        return f"got {describe(value)}", expected
    if kind == "literal_error":
        expected = str(ctx.get("expected", ""))
        options = [o.strip().strip("'") for o in expected.replace(" or ", ",").split(",")]
        hint = suggest(str(value), options) if isinstance(value, str) else ""
        original = _surprise(source, path, is_key)
        if original is not None:
            return f"{original} is read by YAML 1.1 as {describe(value)}", f"{expected}; quote it"
        return f"got {describe(value)}{hint}", expected
    bounds = {
        "greater_than_equal": ("at least", "ge"),
        "greater_than": ("more than", "gt"),
        "less_than_equal": ("at most", "le"),
        "less_than": ("less than", "lt"),
    }
    if kind in bounds:
        word, key = bounds[kind]
        limit = ctx.get(key)
        shown = f"{limit:g}" if isinstance(limit, int | float) else str(limit)
        expected = f"a number {word} {shown}"
        if path and path[-1] == "urgency" and isinstance(value, int | float) and value >= 1:
            expected += f": urgency is a fraction lost per round, so {value:g}% is {value / 100:g}"
        return f"{describe(value)} is out of range", expected
    if kind == "too_short":
        need = ctx.get("min_length")
        got = ctx.get("actual_length")
        item = "entry" if need == 1 else "entries"
        return f"has {got} {'entry' if got == 1 else 'entries'}", f"at least {need} {item}"
    if kind == "too_long":
        return f"has {ctx.get('actual_length')} entries", f"at most {ctx.get('max_length')}"
    if "expected" in ctx:
        message = err["msg"]
        return message, str(ctx["expected"])
    return err["msg"], ""


def diagnostics_from(exc: ValidationError, source: Source) -> list[Diagnostic]:
    """One diagnostic per pydantic error, positioned in the source.

    Errors inside values the YAML reader already refused are dropped, and a "missing key" error
    is dropped when an unknown key beside it is the likely misspelling.
    """
    found: list[tuple[Path, ErrorDetails, bool]] = []
    for err in exc.errors(include_url=False):
        path, is_key = resolve(source, tuple(err["loc"]))
        if any(path[: len(bad)] == bad for bad in source.bad_paths):
            continue
        found.append((path, err, is_key or err["type"] == "extra_forbidden"))
    misspelt: set[tuple[Path, str]] = set()
    for path, err, _ in found:
        if err["type"] == "extra_forbidden":
            import difflib

            close = difflib.get_close_matches(str(err["loc"][-1]), fields_at(err["loc"][:-1]),
                                              n=1, cutoff=0.6)
            misspelt.update((path[:-1], c) for c in close)
    out: list[Diagnostic] = []
    seen: set[tuple[Path, str]] = set()
    for path, err, is_key in found:
        if err["type"] == "missing" and (path, str(err["loc"][-1])) in misspelt:
            continue
        message, expected = _message(err, source, path, is_key)
        if (path, message) in seen:
            continue
        seen.add((path, message))
        # An unknown key is reported against the mapping that holds it.
        shown = None
        if err["type"] == "extra_forbidden":
            shown = format_path(path[:-1]) or "(top level)"
        out.append(source.diagnostic(path, message, expected, key=is_key, path_text=shown))
    return out
