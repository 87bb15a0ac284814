"""The `backstop` command.

Imports are lazy: `backstop validate` must start fast, so nothing here imports pygame,
matplotlib or numpy until a command needs them. Every command exits non-zero with a one-line
message on bad input and never shows a traceback.
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import errno
import gc
import os
import shutil
import sys
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from game import __version__

if TYPE_CHECKING:
    from game.core.model import Scenario

EXIT_OK = 0
EXIT_FAIL = 1
EXIT_INVALID = 2


class CliError(Exception):
    """A user-facing failure: printed as one line, exit code attached."""

    def __init__(self, message: str, code: int = EXIT_FAIL) -> None:
        super().__init__(message)
        self.code = code


def _err(message: str) -> None:
    print(f"backstop: error: {message}", file=sys.stderr)


# -- output files --------------------------------------------------------------------------------

OUTPUT_NOTE = "Missing folders in an output path are created."
"""What every command that writes files says under its --help."""

_PLAIN_WORDS = {errno.ENOSPC: "the disk is full", errno.EROFS: "the disk is read-only",
                errno.ENAMETOOLONG: "the name is too long"}


@contextlib.contextmanager
def _writing(path: Path, *, folder: bool = False) -> Iterator[None]:
    """Turn any OSError while writing the output `path` (a file, or with `folder` a folder)
    into one line that names it and says what went wrong in plain words. Every file a
    command writes goes through here, by `_write_file` and `_output_folder`."""
    try:
        yield
    except OSError as exc:
        raise CliError(f"cannot write {path}: {_why_unwritable(path, exc, folder=folder)}"
                       ) from None


def _why_unwritable(path: Path, exc: OSError, *, folder: bool) -> str:
    """What stopped `path` being written: found on the disk where the error's own words
    mislead (creating /etc/passwd/x says "File exists", not that /etc/passwd is a file)."""
    along = [*reversed(path.parents), *([path] if folder else [])]
    for step in along:
        if os.path.exists(step) and not os.path.isdir(step):
            return f"{step} is a file, not a folder"
    if not folder and os.path.isdir(path):
        return f"{path} is a folder, not a file"
    if exc.errno in (errno.EACCES, errno.EPERM):
        nearest = next((step for step in reversed(along) if os.path.isdir(step)), Path("."))
        return f"permission denied (you cannot write in {nearest})"
    words = _PLAIN_WORDS.get(exc.errno or 0) or exc.strerror or str(exc)
    return words[:1].lower() + words[1:]


def _write_file(path: Path, text: str) -> None:
    """Write an output file atomically, creating its folder; a failure is one line."""
    from game.session.store import write_atomic

    with _writing(path):
        write_atomic(path, text)


def _output_folder(path: Path, *, folder: bool = False) -> None:
    """Create the folder of the output file `path` (with `folder`, `path` itself) and check
    it can be written in, so a long batch fails at once rather than after its last game."""
    where = path if folder else path.parent
    with _writing(path, folder=folder):
        where.mkdir(parents=True, exist_ok=True)
        if not os.access(where, os.W_OK | os.X_OK):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(where))


# -- validate ------------------------------------------------------------------------------------


def _display_name(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def cmd_validate(args: argparse.Namespace) -> int:
    # A short run that leaves few cycles. Pausing the garbage collector while pydantic builds
    # its many objects, and sparing it a last pass over all of them at exit, make
    # `backstop validate` about 15% faster.
    atexit.unregister(gc.freeze)
    atexit.register(gc.freeze)
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _validate(args)
    finally:
        if collecting:
            gc.enable()


def _validate(args: argparse.Namespace) -> int:
    from game import paths
    from game.scenario import validate_file

    files: list[Path] = [Path(f) for f in args.files]
    if args.bundled:
        files.extend(paths.bundled_scenarios())
    if not files:
        raise CliError("no files to validate: give FILE... or --bundled", EXIT_INVALID)
    results = []
    failed = False
    for path in files:
        name = _display_name(path)
        diags = validate_file(path, strict=args.strict, display=name)
        errors = sum(d.severity == "error" for d in diags)
        warnings = sum(d.severity == "warning" for d in diags)
        failed = failed or errors > 0
        results.append({"file": name, "valid": errors == 0, "errors": errors,
                        "warnings": warnings, "diagnostics": [d.to_json() for d in diags]})
        if not args.json:
            for d in diags:
                print(d.format(), file=sys.stderr)
            status = "ok" if errors == 0 else "invalid"
            counts = (f"{errors} error{'s' * (errors != 1)}, "
                      f"{warnings} warning{'s' * (warnings != 1)}")
            print(f"{name}: {status} ({counts})")
    if args.json:
        import json

        json.dump({"valid": not failed, "files": results}, sys.stdout, indent=2)
        print()
    return EXIT_INVALID if failed else EXIT_OK


# -- schema --------------------------------------------------------------------------------------


def schema_text() -> str:
    """The JSON Schema of the scenario format, as committed in `scenarios/`."""
    import json

    from game.scenario.models import SCHEMA_ID, ScenarioModel

    schema = ScenarioModel.model_json_schema(by_alias=True)
    schema = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"https://backstop.invalid/schema/{SCHEMA_ID.replace('/', '-')}.json",
        **schema,
        "title": f"Backstop scenario ({SCHEMA_ID})",
    }
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def cmd_schema(args: argparse.Namespace) -> int:
    text = schema_text()
    if args.output:
        _write_file(Path(args.output), text)
    else:
        sys.stdout.write(text)
    return EXIT_OK


# -- play ----------------------------------------------------------------------------------------


def _resolve_scenario(arg: str | None) -> Path:
    from game import paths

    if arg is None:
        return paths.bundled_scenario(paths.FLAGSHIP)
    candidate = Path(arg)
    if candidate.exists():
        return candidate
    bundled = paths.bundled_scenario(arg)
    if bundled.exists():
        return bundled
    known = ", ".join(p.stem for p in paths.bundled_scenarios())
    raise CliError(f"no scenario file or bundled scenario named {arg!r} (bundled: {known})",
                   EXIT_INVALID)


def _load_or_report(arg: str | None) -> tuple[Scenario, str] | None:
    """Load a scenario file or bundled id; on failure print its diagnostics and return None."""
    from game.scenario import ScenarioError, load_scenario

    path = _resolve_scenario(arg)
    try:
        loaded = load_scenario(path, display=_display_name(path))
    except ScenarioError as exc:
        for d in exc.diagnostics:
            print(d.format(), file=sys.stderr)
        return None
    return loaded.scenario, loaded.sha256


def _size(text: str) -> tuple[int, int]:
    w, sep, h = text.lower().partition("x")
    try:
        size = (int(w), int(h))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT such as 1280x720, not {text!r}"
                                         ) from None
    if not sep or size[0] < 640 or size[1] < 480:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT of at least 640x480, "
                                         f"not {text!r}")
    return size


def _speed(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        value = 0.0
    if not 0.05 <= value <= 100:
        raise argparse.ArgumentTypeError(f"expected a pace between 0.05 and 100, not {text!r}")
    return value


def cmd_play(args: argparse.Namespace) -> int:
    path = _resolve_scenario(args.scenario)
    # A named scenario is checked before any window opens, so its errors print here; the
    # bundled flagship is tested already and the menu should not wait for it.
    if (args.scenario is not None or args.demo) and _load_or_report(args.scenario) is None:
        return EXIT_INVALID
    if args.screenshots and not args.demo:
        raise CliError("--screenshots needs --demo (it records the screens of a bot game)",
                       EXIT_INVALID)
    from game.ui import launch
    from game.ui.context import RunOptions

    run = RunOptions(demo=args.demo, screenshots=Path(args.screenshots) if args.screenshots
                     else None, exit_after_debrief=args.exit_after_debrief, speed=args.speed)
    return launch.main(path, run, seed=args.seed, size=args.size,
                       named=args.scenario is not None)


def cmd_analyze(args: argparse.Namespace) -> int:
    from game.core.analysis import analyze

    loaded = _load_or_report(args.scenario)
    if loaded is None:
        return EXIT_INVALID
    scenario = loaded[0]
    parties = None
    if args.parties:
        parties = tuple(p.strip() for p in args.parties.split(",") if p.strip())
        unknown = [p for p in parties if p not in scenario.party_ids]
        if unknown or not parties:
            raise CliError(f"unknown part{'y' if len(unknown) == 1 else 'ies'} "
                           f"{', '.join(unknown) or '(none given)'}; the parties are "
                           f"{', '.join(scenario.party_ids)}", EXIT_INVALID)
    result = analyze(scenario, parties=parties)
    if args.json:
        import json

        json.dump(result.to_dict(), sys.stdout, indent=2, sort_keys=True)
        print()
        return EXIT_OK
    from game.report.analysis_table import print_analysis

    print_analysis(scenario, result)
    return EXIT_OK


def cmd_briefings(args: argparse.Namespace) -> int:
    from game.report.briefings import briefings_html

    loaded = _load_or_report(args.scenario)
    if loaded is None:
        return EXIT_INVALID
    out = Path(args.html)
    _write_file(out, briefings_html(loaded[0]))
    print(f"role cards for {len(loaded[0].parties)} parties written to {out}")
    return EXIT_OK


# -- replay --------------------------------------------------------------------------------------


def _scenario_for_log(head: dict[str, object], override: str | None) -> tuple[Scenario, str]:
    """The scenario a log was played on: `--scenario`; else the exact copy the game kept when
    the game started, found by the header's hash in the data folder (so a saved game of a
    custom scenario, or of a bundled one edited since, opens without its file); else the
    bundled one with the header's id."""
    from game import paths
    from game.scenario import ScenarioError, load_scenario
    from game.session.places import Places

    if override:
        path = Path(override)
        if not path.is_file():
            raise CliError(f"{override}: no such scenario file", EXIT_INVALID)
    else:
        places = Places.default()
        sha = str(head["scenario_sha256"])
        candidates = [paths.bundled_scenario(str(head["scenario_id"]))]
        with contextlib.suppress(FileNotFoundError):  # not a sha256: the header was edited
            candidates.insert(0, places.scenario_for(sha))
        found = next((c for c in candidates if c.is_file()), None)
        if found is None:
            raise CliError(f"cannot find scenario {head['scenario_id']!r}: it is not bundled "
                           f"and {places.used} holds no copy with its sha256 {sha[:12]}...; "
                           "pass its file with --scenario FILE", EXIT_INVALID)
        path = found
    try:
        loaded = load_scenario(path, display=_display_name(path))
    except ScenarioError as exc:
        raise CliError(f"{path}: the scenario does not load ({exc.errors[0].format()})",
                       EXIT_INVALID) from None
    return loaded.scenario, loaded.sha256


def cmd_replay(args: argparse.Namespace) -> int:
    from game.core.log import LogError, check_header, explained, replay
    from game.report.transcript import transcript, wrapped
    from game.session.store import read_autosave

    try:
        log = read_autosave(Path(args.log))  # any log; an autosave's mirror if it is damaged
        scenario, sha = _scenario_for_log(log.header, args.scenario)
        check_header(log.header, sha)
    except LogError as exc:
        raise CliError(str(exc), EXIT_INVALID) from None
    try:
        result = replay(scenario, log.records, verify=args.verify)
    except LogError as exc:
        raise CliError(str(explained(exc, log.header, scenario)), EXIT_INVALID) from None
    for warning in log.warnings:
        print(f"backstop: warning: {warning}", file=sys.stderr)
    # The terminal's width, or 80 columns when the output goes to a file or a pipe.
    width = shutil.get_terminal_size().columns
    print("\n".join(wrapped(transcript(scenario, log.records, result.state), width)))
    if args.verify:
        print(f"\nverified: {len(log.records)} actions replayed, every state hash matches")
    return EXIT_OK


def cmd_report(args: argparse.Namespace) -> int:
    from game.core.log import LogError, check_header, explained
    from game.report.after_action import build_report, write_reports
    from game.session.store import read_autosave

    try:
        log = read_autosave(Path(args.log))
        scenario, sha = _scenario_for_log(log.header, args.scenario)
        check_header(log.header, sha)
    except LogError as exc:
        raise CliError(str(exc), EXIT_INVALID) from None
    pair = None
    if args.pair:
        pair = tuple(p.strip() for p in args.pair.split(","))
        if len(pair) != 2 or pair[0] == pair[1] or any(p not in scenario.party_ids
                                                       for p in pair):
            raise CliError(f"--pair needs two different parties of {', '.join(scenario.party_ids)}"
                           f", not {args.pair!r}", EXIT_INVALID)
    try:
        report = build_report(scenario, log.header, log.records, pair=pair,
                              anonymise=args.anonymise)
    except LogError as exc:
        raise CliError(f"{args.log}: {explained(exc, log.header, scenario)}",
                       EXIT_INVALID) from None
    for warning in log.warnings:
        print(f"backstop: warning: {warning}", file=sys.stderr)
    written = write_reports(report, write=_write_file, html=Path(args.html),
                            md_file=Path(args.md) if args.md else None,
                            csv_dir=Path(args.csv) if args.csv else None)
    print(f"after-action report of {len(log.records)} actions written to "
          f"{', '.join(map(str, written))}")
    return EXIT_OK


# -- simulate and tournament ---------------------------------------------------------------------


def _check_batch(args: argparse.Namespace) -> None:
    if args.games < 1:
        raise CliError(f"--games must be at least 1, not {args.games}", EXIT_INVALID)
    if args.jobs < 1:
        raise CliError(f"--jobs must be at least 1, not {args.jobs}", EXIT_INVALID)


def _prepare_outputs(*files: str | None) -> list[Path | None]:
    """The output files asked for (None where not), each in a folder that now exists and can
    be written in: checked before a batch, not after its last game."""
    paths = [Path(f) if f else None for f in files]
    for path in paths:
        if path is not None:
            _output_folder(path)
    return paths


def cmd_simulate(args: argparse.Namespace) -> int:
    from game.sim.batch import LogNotWritten
    from game.sim.commands import parse_seats, simulate

    _check_batch(args)
    loaded = _load_or_report(args.scenario)
    if loaded is None:
        return EXIT_INVALID
    scenario, sha = loaded
    try:
        seats = parse_seats(scenario, args.seat)
    except ValueError as exc:
        raise CliError(str(exc), EXIT_INVALID) from None
    json_path, csv_path = _prepare_outputs(args.json, args.csv)
    logs = Path(args.logs) if args.logs else None
    if logs is not None:
        _output_folder(logs, folder=True)
    try:
        simulate(scenario, sha, games=args.games, seed=args.seed, seats=seats,
                 workers=args.jobs, write=_write_file, json_path=json_path, csv_path=csv_path,
                 logs=logs)
    except LogNotWritten as exc:  # the games save their logs as they end, in the workers
        assert logs is not None
        raise CliError(f"cannot write {logs}: {_why_unwritable(logs, exc, folder=True)}"
                       ) from None
    return EXIT_OK


def cmd_tournament(args: argparse.Namespace) -> int:
    from game.bots import parse_spec
    from game.sim.commands import tournament

    _check_batch(args)
    names = [s.strip() for s in args.strategies.split(",") if s.strip()]
    try:
        if not names:
            raise ValueError("--strategies needs at least one strategy, e.g. boulware,conceder")
        for name in names:
            parse_spec(name)
    except ValueError as exc:
        raise CliError(str(exc), EXIT_INVALID) from None
    loaded = _load_or_report(args.scenario)
    if loaded is None:
        return EXIT_INVALID
    (json_path,) = _prepare_outputs(args.json)
    tournament(loaded[0], loaded[1], strategies=names, games=args.games, seed=args.seed,
               workers=args.jobs, write=_write_file, json_path=json_path)
    return EXIT_OK


# -- the parser ----------------------------------------------------------------------------------


def _args_play(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", nargs="?", help="a scenario file or bundled scenario id")
    p.add_argument("--demo", action="store_true",
                   help="bots play every seat at a watchable pace (for a projector)")
    p.add_argument("--screenshots", metavar="DIR",
                   help="with --demo: save a PNG of every new screen into DIR")
    p.add_argument("--exit-after-debrief", action="store_true",
                   help="close the game once the debrief has been shown")
    p.add_argument("--speed", type=_speed, default=1.0, metavar="X",
                   help="scale the pace of bot moves (2 is twice as fast)")
    p.add_argument("--seed", default=None,
                   help="the game's seed: a demo game's (1 if not given), or the one a named "
                        "scenario's seat setup starts with (a fresh one if not given)")
    p.add_argument("--size", type=_size, default=None, metavar="WxH",
                   help="window size for this run, such as 1920x1080")
    p.set_defaults(func=cmd_play)


def _args_validate(p: argparse.ArgumentParser) -> None:
    p.add_argument("files", nargs="*", metavar="FILE", help="scenario YAML files")
    p.add_argument("--strict", action="store_true", help="treat warnings as errors")
    p.add_argument("--bundled", action="store_true", help="also check every shipped scenario")
    p.add_argument("--json", action="store_true", help="print machine-readable results")
    p.set_defaults(func=cmd_validate)


def _args_analyze(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", metavar="SCENARIO", help="a scenario file or bundled id")
    p.add_argument("--parties", metavar="A,B", help="analyse these parties (default: the "
                   "signatories)")
    p.add_argument("--json", action="store_true", help="print machine-readable results")
    p.set_defaults(func=cmd_analyze)


def _args_briefings(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", help="a scenario file or bundled scenario id")
    p.add_argument("--html", required=True, metavar="FILE", help="write the printable HTML here")
    p.epilog = OUTPUT_NOTE
    p.set_defaults(func=cmd_briefings)


def _args_replay(p: argparse.ArgumentParser) -> None:
    p.add_argument("log", metavar="LOG", help="a game log (.jsonl)")
    p.add_argument("--verify", action="store_true",
                   help="re-apply every action and check every state hash")
    p.add_argument("--scenario", metavar="FILE",
                   help="the scenario file, when it is not a bundled one")
    p.set_defaults(func=cmd_replay)


def _args_report(p: argparse.ArgumentParser) -> None:
    p.add_argument("log", metavar="LOG", help="a game log (.jsonl)")
    p.add_argument("--html", required=True, metavar="FILE", help="write the printable HTML here")
    p.add_argument("--md", metavar="FILE", help="also write Markdown here")
    p.add_argument("--csv", metavar="DIR", help="also write actions.csv and parties.csv here")
    p.add_argument("--anonymise", action="store_true",
                    help="replace player names with party names")
    p.add_argument("--pair", metavar="A,B", help="the two parties of the utility scatter "
                    "(default: the first two signatories)")
    p.add_argument("--scenario", metavar="FILE",
                    help="the scenario file, when it is not a bundled one")
    p.epilog = OUTPUT_NOTE
    p.set_defaults(func=cmd_report)


def _args_simulate(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", metavar="SCENARIO", help="a scenario file or bundled id")
    p.add_argument("--games", type=int, default=100, metavar="N", help="games to play "
                   "(default 100)")
    p.add_argument("--seed", default="0", metavar="S", help="the batch's seed string "
                   "(default 0)")
    p.add_argument("--seat", action="append", default=[], metavar="PARTY=STRATEGY[:e=0.3]",
                   help="override a party's bot (repeatable)")
    p.add_argument("--jobs", type=int, default=1, metavar="J", help="worker processes "
                   "(default 1; the results do not depend on it)")
    p.add_argument("--json", metavar="FILE", help="write every result and the summary as JSON")
    p.add_argument("--csv", metavar="FILE", help="write one row per game as CSV")
    p.add_argument("--logs", metavar="DIR", help="write every game's replayable log here")
    p.epilog = OUTPUT_NOTE
    p.set_defaults(func=cmd_simulate)


def _args_tournament(p: argparse.ArgumentParser) -> None:
    p.add_argument("scenario", metavar="SCENARIO", help="a scenario file or bundled id")
    p.add_argument("--strategies", required=True, metavar="A,B,C",
                   help="strategies to rotate, e.g. boulware,conceder,tit_for_tat")
    p.add_argument("--games", type=int, default=30, metavar="N", help="games to play "
                   "(default 30)")
    p.add_argument("--seed", default="0", metavar="S", help="the batch's seed string "
                   "(default 0)")
    p.add_argument("--jobs", type=int, default=1, metavar="J", help="worker processes")
    p.add_argument("--json", metavar="FILE", help="write the league and every result as JSON")
    p.epilog = OUTPUT_NOTE
    p.set_defaults(func=cmd_tournament)


def _args_schema(p: argparse.ArgumentParser) -> None:
    p.add_argument("-o", "--output", help="write to this file instead of standard output")
    p.epilog = OUTPUT_NOTE
    p.set_defaults(func=cmd_schema)


_COMMANDS: tuple[tuple[str, str, Callable[[argparse.ArgumentParser], None]], ...] = (
    ("play", "open the game (default scenario: the flagship)", _args_play),
    ("validate", "check scenario files and report every problem", _args_validate),
    ("analyze", "the outcome space: zone, frontier, Nash and more", _args_analyze),
    ("briefings", "print the role cards: public briefing, then one confidential page per "
     "party", _args_briefings),
    ("replay", "print a game's transcript from its log", _args_replay),
    ("report", "the after-action report of a game log: HTML, Markdown, CSV", _args_report),
    ("simulate", "play many bot games and summarise the outcomes", _args_simulate),
    ("tournament", "rotate bot strategies over the seats; league table", _args_tournament),
    ("schema", "print the JSON Schema of the scenario format", _args_schema),
)
"""Each command: its name, its one-line help, and what adds its arguments."""


# -- entry point ---------------------------------------------------------------------------------


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The `backstop` parser; with `command`, only that command's options are built (every
    command is still listed), which keeps `backstop validate` quick to start."""
    parser = argparse.ArgumentParser(
        prog="backstop",
        description="Backstop: a turn-based diplomacy negotiation game.",
    )
    parser.add_argument("--version", action="version", version=f"backstop {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, help_text, add_arguments in _COMMANDS:
        p = sub.add_parser(name, help=help_text)
        if command in (None, name):
            add_arguments(p)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    # Backstop uses no pydantic plugins; skipping their discovery shortens every start-up.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    args_list = sys.argv[1:] if argv is None else list(argv)
    # Options come after the command, so the first word names it (or is not a command).
    first = next((a for a in args_list if not a.startswith("-")), None)
    parser = build_parser(first if any(first == c[0] for c in _COMMANDS) else None)
    args = parser.parse_args(args_list)
    if args.command is None:
        parser.print_help()
        return EXIT_INVALID
    try:
        code: int = args.func(args)
    except CliError as exc:
        _err(str(exc))
        return exc.code
    except KeyboardInterrupt:
        _err("interrupted")
        return 130
    except BrokenPipeError:
        return EXIT_FAIL
    return code


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
