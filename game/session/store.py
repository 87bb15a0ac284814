"""Log files on disk: atomic saves, an append-and-flush autosave, and careful loading.

- `write_atomic` writes a temporary file in the same folder, fsyncs it, and renames it over the
  target, so a crash leaves either the old file or the new one, never half of each.
- `AutosaveLog` appends one line per action and flushes and fsyncs it before returning, so a
  kill loses no applied action. It keeps a mirror copy the same way (`mirror_of`), so that a
  file damaged afterwards (cut short, overwritten, half copied) costs no action either:
  `read_autosave` reads whichever copy holds more of the game.
- `read_log` reads a log back. A torn last line (a crash mid-write) is dropped with a warning;
  any other damage is a one-line `LogError`. Reading never modifies the file.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from game.core.log import LOG_FORMAT, MIGRATIONS, LogError, check_header, dumps, header_hash

MAX_LOG_BYTES = 200 * 1024 * 1024


def write_atomic(path: Path, text: str, *, sync: bool = True) -> None:
    """Replace `path` with `text` atomically (temporary file, fsync, rename). Without `sync`
    it is still never half written, but a power cut may lose it: for conveniences written
    often, such as the round timer's note."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as fh:
            fh.write(text)
            if sync:
                fh.flush()
                os.fsync(fh.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if sync:
        _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # pragma: no cover - some platforms cannot open folders
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover
        pass
    finally:
        os.close(fd)


def log_text(head: Mapping[str, Any], records: Sequence[Mapping[str, Any]]) -> str:
    return "".join(dumps(line) + "\n" for line in (head, *records))


def save_log(path: Path, head: Mapping[str, Any], records: Sequence[Mapping[str, Any]]) -> None:
    write_atomic(path, log_text(head, records))


def mirror_of(path: Path) -> Path:
    """The mirror copy an `AutosaveLog` at `path` keeps: `autosave.mirror.jsonl`."""
    return path.with_name(f"{path.stem}.mirror{path.suffix}")


class AutosaveLog:
    """An append-only log file and its mirror copy; every `append` is on disk in both before
    it returns."""

    def __init__(self, path: Path, head: Mapping[str, Any],
                 records: Sequence[Mapping[str, Any]] = ()) -> None:
        self.path = path
        self._files: list[IO[str]] = []
        text = log_text(head, records)
        # The old mirror goes first: a crash before the new one is written must not leave a
        # longer mirror of the same game beside a shorter autosave (loading an earlier save
        # of it), which reading would take for the autosave damaged.
        mirror_of(path).unlink(missing_ok=True)
        try:
            for target in (path, mirror_of(path)):
                write_atomic(target, text)  # start from a complete, known-good file
                self._files.append(target.open("a", encoding="utf-8", newline="\n"))
        except BaseException:
            self.close()
            raise

    def append(self, rec: Mapping[str, Any]) -> None:
        if not self._files:
            raise ValueError("the autosave log is closed")
        line = dumps(rec) + "\n"
        for fh in self._files:
            fh.write(line)
            fh.flush()
            os.fsync(fh.fileno())

    def close(self) -> None:
        for fh in self._files:
            fh.close()
        self._files = []


@dataclass
class LoadedLog:
    header: dict[str, Any]
    records: list[dict[str, Any]]
    warnings: list[str] = field(default_factory=list)
    from_mirror: bool = False
    """Read from the autosave's mirror copy, the autosave itself being damaged (see
    `read_autosave`)."""


def _migrate(head: dict[str, Any], records: list[dict[str, Any]]
             ) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    seen: set[str] = set()
    while head.get("format") != LOG_FORMAT and head.get("format") in MIGRATIONS:
        fmt = str(head["format"])
        if fmt in seen:  # pragma: no cover - a migration table with a cycle
            break
        seen.add(fmt)
        step: Callable[[dict[str, Any], list[dict[str, Any]]],
                       tuple[dict[str, Any], list[dict[str, Any]]]] = MIGRATIONS[fmt]
        head, records = step(head, records)
    return head, records


def read_log(path: Path, scenario_sha256: str | None = None) -> LoadedLog:
    """Read and check a log file; raise `LogError` with a one-line reason if it is unusable."""
    try:
        size = path.stat().st_size
        if size > MAX_LOG_BYTES:
            raise LogError(f"{path}: the file is {size / 1e6:.0f} MB, too large for a log")
        raw = path.read_bytes()
    except OSError as exc:
        raise LogError(f"{path}: cannot read it ({exc.strerror or exc})") from None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise LogError(f"{path}: not a Backstop log (it is not UTF-8 text)") from None
    lines = text.split("\n")
    warnings: list[str] = []
    torn = lines[-1] != ""  # a complete file ends with a newline
    body = lines[:-1]  # a torn last line is never part of the body
    if torn and lines[-1].strip():
        warnings.append(f"{path}: the last line was cut off (a crash while saving?) and was "
                        "dropped; every action before it is kept")
    if not body:
        raise LogError(f"{path}: the file is empty or has no complete header line")
    try:
        head = json.loads(body[0])
    except json.JSONDecodeError:
        raise LogError(f"{path}: not a Backstop log (line 1 is not a JSON header)") from None
    if not isinstance(head, dict):
        raise LogError(f"{path}: not a Backstop log (line 1 is not a JSON object)")
    records: list[dict[str, Any]] = []
    for n, line in enumerate(body[1:], start=2):
        try:
            rec = json.loads(line)
        except json.JSONDecodeError:
            if n == len(body) and not torn:
                # The final newline made it to disk but the line did not parse: treat as torn.
                warnings.append(f"{path}: line {n} is damaged and was dropped; every action "
                                "before it is kept")
                break
            raise LogError(f"{path}: line {n} is damaged; the log cannot be trusted "
                           "past it") from None
        if not isinstance(rec, dict):
            raise LogError(f"{path}: line {n} is not a log record")
        records.append(rec)
    head, records = _migrate(head, records)
    try:
        check_header(head, scenario_sha256)
    except LogError as exc:
        raise LogError(f"{path}: {exc}") from None
    return LoadedLog(head, records, warnings)


def read_autosave(path: Path) -> LoadedLog:
    """Read the autosave at `path` or its mirror copy (see `AutosaveLog`), whichever holds more
    of the game; `LogError` (the autosave's own reason) only when neither can be read. A log
    with no mirror beside it is read as `read_log` reads it.

    Both copies are written line for line together, so the shorter one of a sound pair is the
    longer one's start. When the autosave itself lost actions (cut short, a damaged line, or
    unreadable), the mirror is used and `warnings` say so, naming what was wrong with it."""
    try:
        main: LoadedLog | None = read_log(path)
        trouble = ""
    except LogError as exc:
        main, trouble = None, str(exc).removeprefix(f"{path}: ")
    mirror = mirror_of(path)
    try:
        copy = read_log(mirror) if mirror.is_file() else None
    except LogError:
        copy = None
    if copy is not None and (main is None or (
            len(copy.records) > len(main.records)
            and header_hash(copy.header) == header_hash(main.header)
            and copy.records[:len(main.records)] == main.records)):
        why = (f"could not be read ({trouble})" if main is None else
               f"was cut short at {len(main.records)} actions")
        told = (f"{path.name} {why}: the game was read from its mirror copy, "
                f"{len(copy.records)} actions")
        if copy.warnings:  # the mirror lost its end too: what came after is gone
            told += (", but the mirror was damaged too, so any actions after those are lost")
        copy.warnings = [told]
        copy.from_mirror = True
        return copy
    if main is None:
        raise LogError(f"{path}: {trouble}")
    return main
