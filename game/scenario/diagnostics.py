"""Diagnostics: what the validator says about a file, and the error that carries them.

Every message has the form `file:line:col: severity: path: what was wrong; expected what`, so
editors and terminals can jump to it. A note, which concerns the whole file rather than a place
in it, has no line or column and is listed last. Nothing here ever prints a traceback.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning", "note"]
Path = tuple[str | int, ...]


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem in a file, at a line and column."""

    file: str
    line: int
    col: int
    severity: Severity
    message: str
    path: str = ""
    expected: str = ""

    def format(self) -> str:
        place = f"{self.file}:{self.line}:{self.col}" if self.line else self.file
        where = f"{place}: {self.severity}: "
        what = f"{self.path}: {self.message}" if self.path else self.message
        return where + what + (f"; expected {self.expected}" if self.expected else "")

    def to_json(self) -> dict[str, object]:
        return {
            "file": self.file,
            "line": self.line,
            "col": self.col,
            "severity": self.severity,
            "path": self.path,
            "message": self.message,
            "expected": self.expected,
        }

    def sort_key(self) -> tuple[bool, int, int, str]:
        """In file order; notes, which have no place in the file, after everything else."""
        return (self.severity == "note", self.line, self.col, self.message)


class ScenarioError(ValueError):
    """A scenario file could not be loaded; `diagnostics` lists every problem found."""

    def __init__(self, diagnostics: list[Diagnostic]) -> None:
        self.diagnostics = sorted(diagnostics, key=Diagnostic.sort_key)
        super().__init__("\n".join(d.format() for d in self.diagnostics))

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity == "error"]


def counted(n: int, noun: str) -> str:
    """"1 warning", "3 errors": a count as a person would say it, never "error(s)"."""
    return f"{n} {noun}" if n == 1 else f"{n} {noun}s"


def tally(diagnostics: Sequence[Diagnostic]) -> str:
    """The errors and warnings among `diagnostics` as `backstop validate` counts them:
    "3 errors and 1 warning", "2 errors", "1 warning" ("" for none). Notes are neither: they
    name the checks still to run, not problems found."""
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = sum(d.severity == "warning" for d in diagnostics)
    parts = [counted(n, noun) for n, noun in ((errors, "error"), (warnings, "warning")) if n]
    return " and ".join(parts)


def format_path(path: Path) -> str:
    """Render a data path as `parties[2].preferences.weights.force_size`."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
