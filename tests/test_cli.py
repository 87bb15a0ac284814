"""The `backstop` command: exit codes, output formats, and never a traceback."""

from __future__ import annotations

import errno
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from game.cli import build_parser, main, schema_text
from tests.conftest import FIXTURES, FLAGSHIP, ROOT, TUTORIAL

BAD = FIXTURES / "bad"


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "game", *args], capture_output=True,
                          text=True, cwd=cwd, timeout=60, check=False)


def test_validate_a_good_file_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(TUTORIAL)]) == 0
    out = capsys.readouterr()
    assert "ok (0 errors, 0 warnings)" in out.out
    assert out.err == ""


def test_validate_a_bad_file_exits_2_with_every_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(BAD / "unknown_signatory.yaml"), str(TUTORIAL)]) == 2
    out = capsys.readouterr()
    assert "unknown_signatory.yaml:8:24: error: agreement.signatories[1]: unknown party" in out.err
    assert "invalid (1 error, 0 warnings)" in out.out
    assert "tutorial-backstop-bargain.yaml: ok" in out.out


def test_strict_turns_warnings_into_errors(tmp_path: Path, minimal_text: str,
                                           capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "warn.yaml"
    path.write_text(minimal_text.replace("trigger: {round: 2}", "trigger: {round: 7}"))
    assert main(["validate", str(path)]) == 0
    assert ": warning: events[0].trigger: event 'storm' can never fire" in capsys.readouterr().err
    assert main(["validate", "--strict", str(path)]) == 2
    assert ": error: events[0].trigger: event 'storm' can never fire" in capsys.readouterr().err


def test_json_output_is_machine_readable(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--json", str(BAD / "bad_colour.yaml")]) == 2
    data = json.loads(capsys.readouterr().out)
    assert data["valid"] is False
    [entry] = data["files"]
    assert entry["errors"] == 1
    [diag] = entry["diagnostics"]
    assert (diag["line"], diag["col"], diag["severity"]) == (25, 12, "error")
    assert diag["path"] == "parties[0].color"


def test_bundled_checks_every_shipped_scenario(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", "--bundled", "--strict"]) == 0
    out = capsys.readouterr().out
    assert f"{FLAGSHIP.name}: ok" in out and f"{TUTORIAL.name}: ok" in out


def test_validate_with_nothing_to_do_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate"]) == 2
    assert "no files to validate" in capsys.readouterr().err


def test_committed_json_schema_is_current() -> None:
    committed = (ROOT / "scenarios" / "backstop-scenario.schema.json").read_text(encoding="utf-8")
    regenerate = "backstop schema -o scenarios/backstop-scenario.schema.json"
    assert committed == schema_text(), f"the committed schema is stale; run: {regenerate}"


def test_schema_describes_the_format() -> None:
    schema = json.loads(schema_text())
    assert schema["properties"]["schema"]["const"] == "backstop/scenario@1"
    assert schema["additionalProperties"] is False
    assert {"parties", "issues", "agreement"} <= set(schema["required"])


def test_play_an_unknown_scenario_fails_in_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["play", "no-such-scenario"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "no scenario file or bundled scenario" in err


def test_play_with_screenshots_but_no_demo_is_bad_input(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    """Bad input exits 2 like every other command's (1 is for an output it cannot write)."""
    assert main(["play", "--screenshots", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--screenshots needs --demo" in err


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["validate", "does-not-exist.yaml"], 2),
        (["validate", str(BAD / "alias_bomb.yaml")], 2),
        (["validate", str(BAD / "not_utf8.yaml")], 2),
        (["play", str(BAD / "python_tag.yaml")], 2),
        (["frobnicate"], 2),
        ([], 2),
    ],
)
def test_errors_exit_non_zero_without_a_traceback(args: list[str], code: int) -> None:
    proc = run(*args)
    assert proc.returncode == code
    assert "Traceback" not in proc.stderr + proc.stdout


@pytest.mark.parametrize("argv", [
    ["validate", "a.yaml", "b.yaml", "--strict", "--json"],
    ["simulate", "tutorial", "--games", "3", "--seat", "usa=boulware", "--jobs", "2"],
    ["report", "x.jsonl", "--html", "r.html", "--anonymise"],
    ["play", "--demo", "--speed", "2", "--size", "1280x720"],
    ["tournament", "tutorial", "--strategies", "linear,hardliner"],
])
def test_a_parser_built_for_one_command_reads_it_like_the_full_parser(argv: list[str]) -> None:
    # `main` builds only the named command's options, to start quickly.
    full = vars(build_parser().parse_args(argv))
    assert vars(build_parser(argv[0]).parse_args(argv)) == full
    assert full["command"] == argv[0]


def test_python_dash_m_game_works_from_another_directory(tmp_path: Path) -> None:
    proc = run("--version", cwd=tmp_path)
    assert proc.returncode == 0 and proc.stdout.startswith("backstop ")


def _tutorial_log(path: Path) -> None:
    from game.core.actions import parse_action
    from game.scenario import load_scenario
    from game.session.session import Session

    loaded = load_scenario(TUTORIAL)
    session = Session(loaded.scenario, loaded.sha256, "cli", {}, autosave=path)
    for text in ["propose uk zone=cities_ports", "pass usa", "pass ukraine", "vote usa 1 yes",
                 "vote ukraine 1 yes"]:
        session.apply(parse_action(text))
    session.close()


def test_replay_prints_a_transcript_and_verifies(tmp_path: Path,
                                                 capsys: pytest.CaptureFixture[str],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "100")  # lines are wrapped to the terminal's width
    log = tmp_path / "game.jsonl"
    _tutorial_log(log)
    assert main(["replay", str(log), "--verify"]) == 0
    out = capsys.readouterr().out
    assert "#1 United Kingdom proposes Deployment zone: Cities, ports and infrastructure" in out
    assert "verified: 5 actions replayed, every state hash matches" in out


def test_replay_reads_a_damaged_autosave_from_its_mirror(tmp_path: Path,
                                                        capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "autosave.jsonl"
    _tutorial_log(log)  # an autosave, with its mirror copy beside it
    log.write_bytes(log.read_bytes()[:300])
    assert main(["replay", str(log), "--verify"]) == 0
    out, err = capsys.readouterr()
    assert "verified: 5 actions replayed, every state hash matches" in out
    assert "read from its mirror copy" in err


def test_replay_of_a_tampered_log_fails_in_one_line(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    log = tmp_path / "game.jsonl"
    _tutorial_log(log)
    log.write_text(log.read_text().replace('"hash":"', '"hash":"0', 1))
    assert main(["replay", str(log), "--verify"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "state hash does not match" in err


def test_replay_needs_the_scenario_it_was_played_on(tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str],
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("BACKSTOP_HOME", str(home))
    log = tmp_path / "game.jsonl"
    _tutorial_log(log)
    log.write_text(log.read_text().replace("tutorial-backstop-bargain", "lost-scenario"))
    assert main(["replay", str(log)]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "pass its file with --scenario FILE" in err
    assert f"not bundled and {home / 'scenarios-used'} holds no copy" in err
    assert main(["replay", str(log), "--scenario", str(TUTORIAL)]) == 0
    capsys.readouterr()
    assert main(["replay", str(log), "--scenario", str(tmp_path / "gone.yaml")]) == 2
    assert "gone.yaml: no such scenario file" in capsys.readouterr().err


def _custom_game(home: Path, log: Path) -> None:
    """A game of a custom scenario (the tutorial under another id) that the data folder `home`
    kept a copy of when it started, as the game does; its file is nowhere else."""
    from game.core.actions import parse_action
    from game.scenario import load_bytes
    from game.session.places import Places
    from game.session.session import Session

    raw = TUTORIAL.read_bytes().replace(b"id: tutorial-backstop-bargain",
                                        b"id: river-water-deal")
    sha = Places(home).keep_scenario(raw)
    loaded = load_bytes(raw, "river-water-deal.yaml")
    session = Session(loaded.scenario, sha, "cli", {}, autosave=log)
    for text in ["propose uk zone=cities_ports", "pass usa"]:
        session.apply(parse_action(text))
    session.close()


def test_replay_and_report_find_the_scenario_the_data_folder_kept(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    home, log = tmp_path / "home", tmp_path / "game.jsonl"
    _custom_game(home, log)
    monkeypatch.setenv("BACKSTOP_HOME", str(home))
    assert main(["replay", str(log), "--verify"]) == 0
    assert "verified: 2 actions replayed" in capsys.readouterr().out
    html = tmp_path / "r.html"
    assert main(["report", str(log), "--html", str(html)]) == 0
    assert html.is_file()
    monkeypatch.setenv("BACKSTOP_HOME", str(tmp_path / "elsewhere"))
    assert main(["replay", str(log)]) == 2
    assert "cannot find scenario 'river-water-deal'" in capsys.readouterr().err


def test_a_log_header_cannot_point_the_scenario_search_outside_the_data_folder(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    home, log = tmp_path / "home", tmp_path / "game.jsonl"
    _custom_game(home, log)
    monkeypatch.setenv("BACKSTOP_HOME", str(home))
    (home / "planted.yaml").write_bytes(next((home / "scenarios-used").iterdir()).read_bytes())
    header, rest = log.read_text().split("\n", 1)
    head = json.loads(header)
    head["scenario_sha256"] = "../planted"
    log.write_text(json.dumps(head) + "\n" + rest)
    assert main(["replay", str(log)]) == 2
    assert "cannot find scenario 'river-water-deal'" in capsys.readouterr().err


def test_analyze_prints_the_zone_and_the_bargaining_texts(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["analyze", "tutorial-backstop-bargain"]) == 0
    out = capsys.readouterr().out
    assert "Zone of possible agreement: 5 (18.52%)" in out
    assert "Nash" in out and "Kalai" in out and "Max welfare" in out
    assert "United Kingdom" in out and "85.0 (+30.0)" in out


def test_analyze_reads_well_at_80_columns(capsys: pytest.CaptureFixture[str],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    assert main(["analyze", str(FLAGSHIP)]) == 0
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert max(len(line) for line in lines) <= 80
    assert "…" not in out  # nothing cropped
    # Names, facts and headings are whole on one line, with the row's values beside them.
    for phrase in ("Zone of possible agreement: 38,259 (2.49%)", "Pareto frontier: 4,894 texts",
                   "Russian Federation", "Technical monitoring", "Best it can", "Smorodinsky"):
        assert any(phrase in line for line in lines), phrase
    assert any(line.startswith("│ Russian Federation ") and "36.0" in line for line in lines)
    # urgency as the briefing gives it: France's 0.015 is 1.5%, not "0.01"
    assert any(line.startswith("│ France ") and line.rstrip(" │").endswith("1.5%")
               for line in lines)


def test_analyze_keeps_phrases_on_one_line_when_the_terminal_is_wide(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("COLUMNS", "160")
    assert main(["analyze", str(TUTORIAL)]) == 0
    out = capsys.readouterr().out
    assert ("Complete texts: 27   Zone of possible agreement: 5 (18.52%)   Pareto frontier: 5 "
            "texts\n") in out
    assert "over: United Kingdom, Ukraine, United States (the signatories)\n" in out
    assert "Kalai–Smorodinsky" in out and "Cities, ports and infrastructure" in out


def test_analyze_json_is_machine_readable(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(TUTORIAL), "--json", "--parties", "uk,usa"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["parties"] == ["uk", "usa"] and data["outcome_count"] == 27
    assert data["nash"]["text"]["us_backstop"] in {"air_power", "intel_logistics"}


def test_analyze_rejects_unknown_parties(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["analyze", str(TUTORIAL), "--parties", "uk,narnia"]) == 2
    assert "unknown party narnia" in capsys.readouterr().err


def test_replay_wraps_its_lines_to_the_terminal_width(tmp_path: Path,
                                                      capsys: pytest.CaptureFixture[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    log = tmp_path / "game.jsonl"
    _tutorial_log(log)
    monkeypatch.setenv("COLUMNS", "40")
    assert main(["replay", str(log)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in lines) <= 40
    at = lines.index("  #1 United Kingdom proposes Deployment")
    assert lines[at + 1] == "      zone: Cities, ports and"  # hanging indent


def _output_commands(tmp_path: Path, out: Path) -> list[list[str]]:
    """Every command that writes a file, each writing one output to `out`."""
    log = tmp_path / "game.jsonl"
    if not log.exists():
        _tutorial_log(log)
    html = str(tmp_path / "ok" / "report.html")
    game = [str(TUTORIAL), "--games", "1"]
    return [
        ["schema", "-o", str(out)],
        ["briefings", str(TUTORIAL), "--html", str(out)],
        ["report", str(log), "--html", str(out)],
        ["report", str(log), "--html", html, "--md", str(out)],
        ["report", str(log), "--html", html, "--csv", str(out)],
        ["simulate", *game, "--json", str(out)],
        ["simulate", *game, "--csv", str(out)],
        ["simulate", *game, "--logs", str(out)],
        ["tournament", *game, "--strategies", "linear", "--json", str(out)],
    ]


OUTPUT_OPTIONS = ["schema", "briefings", "report-html", "report-md", "report-csv",
                  "simulate-json", "simulate-csv", "simulate-logs", "tournament-json"]


@pytest.mark.parametrize("which", range(len(OUTPUT_OPTIONS)), ids=OUTPUT_OPTIONS)
def test_an_output_under_a_file_says_so_in_one_line(which: int, tmp_path: Path,
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "notes.txt"
    blocker.write_text("a file, not a folder", encoding="utf-8")
    out = blocker / "sub" / "out"
    argv = _output_commands(tmp_path, out)[which]
    assert main(argv) == 1
    err = capsys.readouterr().err
    written = out / "actions.csv" if "--csv" in argv and argv[0] == "report" else out
    assert err == (f"backstop: error: cannot write {written}: {blocker} is a file, "
                   "not a folder\n")


def _deny_writes_in(folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Make writing in `folder` fail as it does for a user without the right to: root writes
    anywhere, whatever the folder's mode (CI runs as root)."""
    from game.session import store

    real_access, real_write, real_mkdir = os.access, store.write_atomic, Path.mkdir

    def denied(path: Path) -> PermissionError:
        return PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))

    def access(path: object, mode: int, *args: object, **kwargs: object) -> bool:
        return Path(str(path)) != folder and real_access(path, mode)  # type: ignore[arg-type]

    def write_atomic(path: Path, text: str) -> None:
        if folder in Path(path).parents:
            raise denied(path)
        real_write(path, text)

    def mkdir(path: Path, *args: object, **kwargs: object) -> None:
        if folder in path.parents and not path.exists():
            raise denied(path)
        real_mkdir(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "access", access)
    monkeypatch.setattr(store, "write_atomic", write_atomic)
    monkeypatch.setattr(Path, "mkdir", mkdir)


@pytest.mark.skipif(sys.platform == "win32", reason="folder modes are POSIX")
@pytest.mark.parametrize("which", range(len(OUTPUT_OPTIONS)), ids=OUTPUT_OPTIONS)
def test_an_output_in_a_read_only_folder_says_so_in_one_line(
        which: int, tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    out = locked / "out"
    argv = _output_commands(tmp_path, out)[which]
    if os.geteuid() == 0:
        _deny_writes_in(locked, monkeypatch)
    locked.chmod(0o555)
    try:
        assert main(argv) == 1
    finally:
        locked.chmod(0o755)
    err = capsys.readouterr().err
    assert err.startswith("backstop: error: cannot write ")
    assert err.endswith(f": permission denied (you cannot write in {locked})\n")
    assert err.count("\n") == 1


def test_a_folder_where_an_output_file_should_be_is_named_as_such(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["schema", "-o", str(tmp_path)]) == 1
    assert capsys.readouterr().err == (f"backstop: error: cannot write {tmp_path}: {tmp_path} "
                                       "is a folder, not a file\n")


def test_missing_output_folders_are_created_and_help_says_so(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "new" / "deeper" / "schema.json"
    assert main(["schema", "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == schema_text()
    for command in ("schema", "briefings", "report", "simulate", "tournament"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        assert "Missing folders in an output path are created." in capsys.readouterr().out


def test_a_log_the_batch_cannot_save_is_named_and_only_that_is_blamed_on_the_folder(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    """A log write failing in a game (in this process, as in a worker) is reported on the logs
    folder; any other OSError of the batch is not dressed up as one."""
    from game.session.session import Session
    from game.sim import commands

    def full(self: Session, path: Path) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(path))

    logs = tmp_path / "logs"
    monkeypatch.setattr(Session, "save", full)
    assert main(["simulate", str(TUTORIAL), "--games", "1", "--logs", str(logs)]) == 1
    assert capsys.readouterr().err == (f"backstop: error: cannot write {logs}: the disk is "
                                       "full\n")
    monkeypatch.undo()

    def broken(*args: object, **kwargs: object) -> None:
        raise BrokenPipeError(errno.EPIPE, "Broken pipe")

    monkeypatch.setattr(commands, "print_summary", broken)  # `| head` closed the pipe
    assert main(["simulate", str(TUTORIAL), "--games", "1", "--logs", str(logs)]) == 1
    assert capsys.readouterr().err == ""  # quietly, as any command whose reader went away
