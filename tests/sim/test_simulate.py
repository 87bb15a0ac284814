"""`backstop simulate` and `backstop tournament`: same results whatever the parallelism,
replayable logs, honest statistics, one-line errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from game.cli import main
from game.scenario import load_scenario
from game.sim.batch import Job, game_seed, play
from game.sim.commands import parse_seats, simulate, strategy_cell
from game.sim.stats import mean, wilson
from tests.conftest import FLAGSHIP, TUTORIAL


def _simulate(tmp_path: Path, name: str, *args: str) -> dict[str, Any]:
    out = tmp_path / f"{name}.json"
    assert main(["simulate", *args, "--json", str(out)]) == 0
    doc: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return doc


@pytest.mark.parametrize(("scenario", "games"), [(TUTORIAL, 16), (FLAGSHIP, 4)],
                         ids=["tutorial", "flagship"])
def test_the_json_is_byte_identical_whatever_the_number_of_jobs(
        tmp_path: Path, scenario: Path, games: int) -> None:
    common = [str(scenario), "--games", str(games), "--seed", "jobs"]
    assert main(["simulate", *common, "--jobs", "1", "--json", str(tmp_path / "1.json")]) == 0
    assert main(["simulate", *common, "--jobs", "2", "--json", str(tmp_path / "2.json")]) == 0
    assert (tmp_path / "1.json").read_bytes() == (tmp_path / "2.json").read_bytes()


def test_the_same_seed_gives_the_same_games_and_another_seed_others(tmp_path: Path) -> None:
    a = _simulate(tmp_path, "a", str(TUTORIAL), "--games", "12", "--seed", "s")
    b = _simulate(tmp_path, "b", str(TUTORIAL), "--games", "12", "--seed", "s")
    c = _simulate(tmp_path, "c", str(TUTORIAL), "--games", "12", "--seed", "t")
    assert a == b
    assert [r["seed"] for r in a["results"]] != [r["seed"] for r in c["results"]]


def test_every_logged_game_replays_with_verify(tmp_path: Path,
                                               capsys: pytest.CaptureFixture[str]) -> None:
    logs = tmp_path / "logs"
    assert main(["simulate", str(TUTORIAL), "--games", "3", "--seed", "logs",
                 "--logs", str(logs)]) == 0
    assert main(["simulate", str(FLAGSHIP), "--games", "1", "--seed", "logs",
                 "--logs", str(logs / "flagship")]) == 0
    files = sorted(logs.rglob("*.jsonl"))
    assert len(files) == 4
    capsys.readouterr()
    for path in files:
        assert main(["replay", "--verify", str(path)]) == 0
        assert "every state hash matches" in capsys.readouterr().out


def test_the_summary_and_the_csv_describe_every_game(tmp_path: Path) -> None:
    out = tmp_path / "games.csv"
    doc = _simulate(tmp_path, "sum", str(TUTORIAL), "--games", "10", "--seed", "csv",
                    "--seat", "uk=conceder", "--seat", "usa=time_dependent:e=0.5",
                    "--csv", str(out))
    summary = doc["summary"]
    assert doc["seats"] == {"uk": "conceder", "usa": "time_dependent:e=0.5",
                            "ukraine": "time_dependent:e=1"}
    assert summary["games"] == 10 == len(doc["results"])
    assert summary["agreements"] == sum(r["status"] == "agreement" for r in doc["results"])
    rate = summary["agreement_rate"]
    assert rate["low"] <= rate["value"] <= rate["high"]
    assert set(summary["parties"]) == {"uk", "usa", "ukraine"}
    assert sum(t["count"] for t in summary["top_texts"]) <= summary["agreements"]
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert [int(r["game"]) for r in rows] == list(range(10))
    assert rows[0]["uk_strategy"] == "conceder"
    for row, result in zip(rows, doc["results"], strict=True):
        assert float(row["uk_score"]) == pytest.approx(result["scores"]["uk"])


def test_the_tournament_rotates_strategies_over_the_seats(tmp_path: Path,
                                                          capsys: pytest.CaptureFixture[str]
                                                          ) -> None:
    out = tmp_path / "league.json"
    assert main(["tournament", str(TUTORIAL), "--strategies", "boulware,conceder,hardliner",
                 "--games", "6", "--seed", "league", "--json", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "League" in printed and "conceder" in printed
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert sorted(row["strategy"] for row in doc["league"]) == ["boulware", "conceder",
                                                                "hardliner"]
    assert all(row["seats"] == 6 for row in doc["league"])  # 6 games x 3 seats / 3 strategies
    surplus = [row["surplus"]["value"] for row in doc["league"]]
    assert surplus == sorted(surplus, reverse=True)
    for game in doc["results"]:
        assert sorted(game["seats"].values()) == ["boulware", "conceder", "hardliner"]


@pytest.mark.parametrize("args", [
    ["simulate", "nowhere-to-be-found"],
    ["simulate", str(TUTORIAL), "--games", "0"],
    ["simulate", str(TUTORIAL), "--jobs", "0"],
    ["simulate", str(TUTORIAL), "--seat", "narnia=linear"],
    ["simulate", str(TUTORIAL), "--seat", "uk=telepath"],
    ["simulate", str(TUTORIAL), "--seat", "uk=linear:e=-2"],
    ["simulate", str(TUTORIAL), "--seat", "uk"],
    ["tournament", str(TUTORIAL), "--strategies", "boulware,wizard"],
    ["tournament", str(TUTORIAL), "--strategies", ","],
])
def test_every_error_is_one_line_and_a_nonzero_exit(args: list[str],
                                                    capsys: pytest.CaptureFixture[str]) -> None:
    assert main(args) != 0
    err = capsys.readouterr().err.strip()
    assert err.startswith("backstop: error:")
    assert len(err.splitlines()) == 1
    assert "Traceback" not in err


def test_an_unwritable_output_is_a_one_line_error(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    assert main(["simulate", str(TUTORIAL), "--games", "1",
                 "--json", str(blocker / "out.json")]) != 0
    err = capsys.readouterr().err.strip()
    assert err.startswith("backstop: error:") and len(err.splitlines()) == 1


def test_wilson_and_mean_intervals_have_their_textbook_values() -> None:
    w = wilson(5, 10)
    assert (w.value, round(w.low, 4), round(w.high, 4)) == (0.5, 0.2366, 0.7634)
    assert wilson(0, 0).to_dict() == {"value": 0.0, "low": 0.0, "high": 1.0}
    assert wilson(10, 10).high == 1.0
    m = mean([1.0, 2.0, 3.0, 4.0])
    assert m.value == 2.5
    assert m.high - m.value == pytest.approx(1.959963984540054 * (5 / 3 / 4) ** 0.5)
    assert mean([]).value == 0.0
    assert mean([7.0]).low == mean([7.0]).high == 7.0


def test_a_game_played_without_a_log_is_the_game_played_with_one(tmp_path: Path) -> None:
    """Batches without --logs skip the log; the results must not notice."""
    loaded = load_scenario(FLAGSHIP)
    seats = tuple((p.id, p.bot) for p in loaded.scenario.parties)
    for k in range(2):
        seed = game_seed("headless", k)
        logged = play(loaded.scenario, loaded.sha256, Job(k, seed, seats, str(tmp_path / f"{k}")))
        headless = play(loaded.scenario, loaded.sha256, Job(k, seed, seats))
        assert headless == logged
        assert logged.actions == len((tmp_path / f"{k}").read_text().splitlines()) - 1


def test_workers_shut_down_even_when_the_parent_swallows_sigterm(tmp_path: Path) -> None:
    """SDL, once a window has been opened, installs a SIGTERM handler that does not exit;
    forked workers inherit it, and a pool that terminates them would wait for ever."""
    import subprocess
    import sys
    code = (
        "import signal, sys\n"
        "signal.signal(signal.SIGTERM, lambda *a: None)\n"
        "from game.cli import main\n"
        f"sys.exit(main(['simulate', {str(TUTORIAL)!r}, '--games', '6', '--jobs', '2',\n"
        f"               '--json', {str(tmp_path / 'out.json')!r}]))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert len(json.loads((tmp_path / "out.json").read_text("utf-8"))["results"]) == 6


def test_an_interval_is_cut_to_what_the_quantity_can_be() -> None:
    from game.sim.stats import mean

    near_full = mean([100.0, 100.0, 60.0])
    assert near_full.high > 100
    cut = near_full.within(0.0, 100.0)
    assert (cut.value, cut.low, cut.high) == (near_full.value, near_full.low, 100.0)


def test_the_simulate_tables_read_at_80_columns(tmp_path: Path) -> None:
    loaded = load_scenario(FLAGSHIP)
    scenario = loaded.scenario
    seats = parse_seats(scenario, ["uk=time_dependent:e=0.35"])
    console = Console(width=80, file=io.StringIO())
    simulate(scenario, loaded.sha256, games=1, seed="80", seats=seats,
             write=lambda path, text: None, console=console)
    assert isinstance(console.file, io.StringIO)
    lines = console.file.getvalue().splitlines()
    assert max(len(line) for line in lines) <= 80
    assert lines[0].strip() == f"{scenario.title}: 1 game"  # the title is not wrapped
    # every seat's e-value shows, on its party's row: they tell the seats apart
    for party in scenario.parties:
        e = seats[party.id].e if party.id in seats else party.bot.e
        row = next(line for line in lines if line.startswith(f"│ {party.name} "))
        assert "…" not in row
        if e is not None:
            assert f"e={e:g} " in row, row


def test_a_strategy_label_is_shortened_not_cut() -> None:
    assert strategy_cell("time_dependent:e=0.35") == "time-dep. e=0.35"
    assert strategy_cell("boulware:e=0.5") == "boulware e=0.5"
    assert strategy_cell("tit_for_tat") == "tit_for_tat"


def _league(tmp_path: Path, strategies: str, games: int,
            capsys: pytest.CaptureFixture[str]) -> tuple[dict[str, Any], list[str]]:
    out = tmp_path / f"{strategies}.json"
    assert main(["tournament", str(TUTORIAL), "--strategies", strategies,
                 "--games", str(games), "--seed", "rate", "--json", str(out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in lines) <= 80
    doc: dict[str, Any] = json.loads(out.read_text(encoding="utf-8"))
    return doc, lines


def test_a_strategys_agreement_rate_counts_the_games_it_played_in(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    # four strategies over three seats: each game leaves one out
    doc, lines = _league(tmp_path, "boulware,conceder,hardliner,linear", 8, capsys)
    for row in doc["league"]:
        played = [g for g in doc["results"] if row["strategy"] in g["seats"].values()]
        assert row["games"] == len(played) == 6
        agreed = sum(g["status"] == "agreement" for g in played)
        assert row["agreement_rate"] == pytest.approx(agreed / len(played))
    assert len({row["agreement_rate"] for row in doc["league"]}) > 1
    assert any(line.startswith("┃ # ") and "Agreed" in line for line in lines)
    assert any(line.startswith("Agreed: the share of the games it played in") for line in lines)


def test_when_every_game_seats_every_strategy_the_league_says_they_share_one_rate(
        tmp_path: Path, capsys: pytest.CaptureFixture[str],
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    # two strategies over three seats: one holds two seats in each game, the other one
    doc, lines = _league(tmp_path, "boulware,conceder", 6, capsys)
    overall = doc["summary"]["agreement_rate"]["value"]
    assert [row["agreement_rate"] for row in doc["league"]] == [pytest.approx(overall)] * 2
    assert all(row["games"] == 6 for row in doc["league"])
    assert not any("Agreed" in line for line in lines)
    assert lines[-1] == "Every strategy played in every game, so each has this agreement rate."
