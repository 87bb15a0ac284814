"""The after-action report: its content, escaping, anonymising, the CLI and the debrief export.

The golden log under tests/fixtures/logs/ is the scripted tutorial game of
`tests/report/test_transcript.py`, with two named human players, a statement and a note that
name one of them; `pytest --update-goldens` rewrites it. Expected figures are computed here
from the replayed final state and `game.core.analysis`, never copied from the report.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shlex
from collections.abc import Sequence
from pathlib import Path

import pytest

from game.cli import main
from game.core.actions import FireEvent, Inject, Reseat, Vote, parse_action
from game.core.analysis import analyze, analyze_game
from game.core.log import replay
from game.core.model import Effect
from game.core.rules import to_move
from game.core.scoring import utility
from game.core.view import final_scores
from game.report.after_action import (
    Report,
    _Labels,
    _moments,
    build_report,
    csv_files,
    md,
    player_names,
    render_html,
    render_markdown,
)
from game.scenario import Loaded, load_scenario
from game.session.session import Session
from game.session.store import read_log
from tests.conftest import FIXTURES, FLAGSHIP, TUTORIAL
from tests.core.test_analysis_game import LATE_DEAL_SCRIPT, play_tutorial
from tests.report.test_transcript import TUTORIAL_SCRIPT

GOLDEN_LOG = FIXTURES / "logs" / "tutorial-agreement.jsonl"
SEATS = {"uk": "human:Zelda Quist", "usa": "bot:boulware", "ukraine": "human:Olek Brandt"}
PLAYERS = ("Zelda Quist", "Olek Brandt")


def play(scenario_path: Path, seats: dict[str, str], extra: Sequence[str] = (),
         note: str = "") -> Session:
    """The scripted tutorial game to an agreement: `extra` statements first, and `note` as the
    first proposal's note."""
    loaded = load_scenario(scenario_path)
    session = Session(loaded.scenario, loaded.sha256, "report", seats)
    script = list(TUTORIAL_SCRIPT)
    if note:
        script[0] = script[0].split(" -- ")[0] + f" -- {shlex.quote(note)}"
    for line in [*extra, *script]:
        session.apply(parse_action(line))
    for party in ("uk", "usa", "ukraine"):
        session.apply(parse_action(f"sign {party}"))
    assert session.state.status == "agreement"
    return session


GOLDEN_EXTRA = ["say ukraine 'Zelda Quist knows our red line; so does olek brandt.'"]
GOLDEN_NOTE = "As Zelda Quist said: Europe leads, America backs it"


def test_the_golden_log_is_current(update_goldens: bool) -> None:
    session = play(TUTORIAL, SEATS, GOLDEN_EXTRA, GOLDEN_NOTE)
    if update_goldens:
        GOLDEN_LOG.parent.mkdir(parents=True, exist_ok=True)
        session.save(GOLDEN_LOG)
    log = read_log(GOLDEN_LOG)
    assert log.header == session.header and log.records == session.records


@pytest.fixture(scope="module")
def golden() -> tuple[Report, object]:
    log = read_log(GOLDEN_LOG)
    scenario = load_scenario(TUTORIAL).scenario
    return build_report(scenario, log.header, log.records), (scenario, log)


def test_the_report_has_the_scores_the_deal_and_the_bargaining_points(golden) -> None:  # type: ignore[no-untyped-def]
    report, (scenario, log) = golden
    final = replay(scenario, log.records).state
    assert final.agreement is not None
    scores = final_scores(final)
    html, text = render_html(report), render_markdown(report)
    for row in report.parties:
        assert row.score == pytest.approx(scores[row.id])
        reservation = scenario.party(row.id).preferences.reservation
        assert row.surplus == pytest.approx(scores[row.id] - reservation)
        cells = (f"{scores[row.id]:.1f}", f"{reservation:.1f}",
                 f"{scores[row.id] - reservation:+.1f}")
        assert re.search(r"<td>" + re.escape(row.name) + r"</td>.*" + r".*".join(
            re.escape(c) for c in cells), html), row.name
        assert re.search(re.escape(row.name) + r" \|.*" + r".*".join(
            re.escape(c) for c in cells), text), row.name
    # the deal, by its option labels
    for issue in scenario.issues:
        label = issue.option(final.agreement[issue.id]).label
        assert f"<td>{issue.name}</td><td>{label}</td>" in html
    # the deal's quality and the Nash text, from the analysis of the game as it ended
    analysis = analyze_game(final)
    assert analysis.rounds_elapsed == final.end_round - 1 == 1
    deal = analysis.assess(dict(final.agreement))
    assert report.quality.assessed and report.quality.pareto_optimal == deal.pareto_optimal
    assert report.quality.nash_percent == pytest.approx(deal.nash_percent)
    assert report.quality.in_zone is deal.in_zone is True
    assert "Inside the zone of possible agreement." in html and "Outside the zone" not in html
    assert f"Nash ratio: {deal.nash_percent:.0f}%" in html
    assert analysis.nash is not None
    nash = {b.label: b for b in report.quality.bargains}["Nash"]
    assert {(c.issue, c.option) for c in nash.clauses} == {
        (scenario.issue(i).name, scenario.issue(i).option(o).label)
        for i, o in analysis.nash.text.items()}
    assert set(report.charts) == {"curves", "pair", "timeline"}
    assert html.count('src="data:image/png;base64,') == 3
    # the pair chart's star is the two parties' own Nash point, which a trainer took for the
    # all-party Nash text above: the caption tells them apart
    assert "their own Nash point" in html and "not the all-party Nash text" in html


def test_the_pair_chart_has_the_frontier_the_nash_point_and_the_deal(golden) -> None:  # type: ignore[no-untyped-def]
    report, (scenario, log) = golden
    pair = report.pair_points
    assert pair is not None and pair.ids == ("uk", "usa")
    analysis = analyze(scenario, parties=pair.ids)
    cols = [analysis.parties.index(p) for p in pair.ids]
    expected = {(round(float(u[cols[0]]), 3), round(float(u[cols[1]]), 3))
                for u in analysis.frontier.utilities}
    assert {(round(x, 3), round(y, 3)) for x, y in pair.frontier} == expected
    assert analysis.nash is not None and pair.nash is not None
    res = [scenario.party(p).preferences.reservation for p in pair.ids]
    assert (pair.nash[0] - res[0]) * (pair.nash[1] - res[1]) == pytest.approx(
        analysis.nash.value, abs=1e-3)
    final = replay(scenario, log.records).state
    assert final.agreement is not None
    ids = scenario.issue_ids
    assert pair.deal == pytest.approx(tuple(
        utility(scenario.party(p).preferences, final.agreement, ids) for p in pair.ids))


def test_a_late_deal_that_leaves_a_signatory_below_its_walk_away_is_outside_the_zone() -> None:
    """The reviewer's tutorial game: a deal in round 4 worth 49.3 to the United States against
    a walk-away of 50 (its utility, 53.99, is above it)."""
    session = play_tutorial(LATE_DEAL_SCRIPT)
    report = build_report(session.scenario, session.header, session.records, charts=False)
    usa = next(p for p in report.parties if p.id == "usa")
    assert usa.utility > usa.reservation > usa.score
    assert report.quality.assessed and report.quality.in_zone is False
    assert report.quality.nash_percent == 0
    verdict = "Outside the zone: United States scored below its walk-away value."
    html, text = render_html(report), render_markdown(report)
    assert "| 49.3 | 50.0 | -0.7 |" in text  # the scores beside the verdict
    for page in (html, text):
        assert verdict in page and "Inside the zone" not in page


def test_the_timeline_names_who_did_not_sign() -> None:
    session = play_tutorial(LATE_DEAL_SCRIPT)
    report = build_report(session.scenario, session.header, session.records, charts=False)
    failed = [m.text for m in report.moments if m.kind == "SigningFailed"]
    assert failed == ["No agreement yet: United Kingdom did not sign"]
    assert "uk did not sign" not in render_markdown(report)


def test_red_lines_tested_and_who_blocked_what(golden) -> None:  # type: ignore[no-untyped-def]
    report, (scenario, log) = golden
    failed = {}
    for rec in log.records:
        for ev in rec["events"]:
            if ev["kind"] == "ProposalFailed":
                failed[ev["proposal"]] = ev["opposed"]
    assert failed, "the script has failed proposals"
    names = {p.id: p.name for p in scenario.parties}
    assert {b.proposal: tuple(b.opposed) for b in report.blocks} == {
        k: tuple(names[p] for p in v) for k, v in failed.items()}
    tabled = [ev for rec in log.records for ev in rec["events"] if ev["kind"] == "ProposalTabled"]
    for party in scenario.parties:
        row = next(r for r in report.parties if r.id == party.id)
        for line, shown in zip(party.preferences.red_lines, row.red_lines, strict=True):
            crossing = [ev["proposal"] for ev in tabled
                        if any(i == line.issue and o in line.options for i, o in ev["amendments"])]
            listed = [t for t in shown.tested_by if t.startswith("proposal")]
            assert [int(re.search(r"#(\d+)", t)[1]) for t in listed] == crossing  # type: ignore[index]


def test_a_red_line_crossed_by_a_proposal_and_the_draft_is_tested() -> None:
    loaded = load_scenario(TUTORIAL)
    session = Session(loaded.scenario, loaded.sha256, "red", {})
    for line in ("propose uk force_size=about_15k", "propose usa us_backstop=none", "pass ukraine"):
        session.apply(parse_action(line))
    while session.state.phase == "votes":  # everyone supports everything
        state = session.state
        party = to_move(state)[0]
        pid = next(p.id for p in state.proposals_this_round()
                   if party in p.stakeholders and party not in p.votes)
        session.apply(Vote(party, pid, True))
    assert session.state.draft["us_backstop"] == "none"
    report = build_report(loaded.scenario, session.header, session.records, charts=False)
    uk = next(r for r in report.parties if r.id == "uk")
    assert [r.tested_by for r in uk.red_lines] == [
        ("proposal #2 by United States (round 1)", "the draft from round 2")]
    assert uk.tested == 1
    assert all(not r.tested_by for p in report.parties if p.id != "uk" for r in p.red_lines)
    assert "proposal #2 by United States (round 1); the draft from round 2" in render_html(report)


def test_scenario_and_log_text_cannot_inject_markup(tmp_path: Path) -> None:
    bad = '"><img onerror=alert(1)>'
    script = "<script>alert(1)</script>"
    text = TUTORIAL.read_text(encoding="utf-8")
    text = text.replace('title: "Tutorial: The Backstop Bargain"', f"title: '{script}'", 1)
    text = text.replace("summary: >\n", f"summary: >\n  {bad}\n", 1)
    text = text.replace("    name: United Kingdom\n", f"    name: '{bad} {script}'\n", 1)
    text = text.replace("debrief_questions:\n", f"debrief_questions:\n  - '{script} {bad}'\n", 1)
    path = tmp_path / "evil.yaml"
    path.write_text(text, encoding="utf-8")
    seats = {"uk": f"human:{script}", "ukraine": f"human:{bad}"}
    session = play(path, seats, [f"say usa {shlex.quote(script)}"], note=f"{bad} {script}")
    report = build_report(session.scenario, session.header, session.records)
    html = render_html(report)
    assert "<script" not in html.lower() and "<img onerror" not in html.lower()
    assert re.findall(r"<img[^>]*>", html) and all(
        re.fullmatch(r'<img alt="[^"<>]*" src="data:image/png;base64,[A-Za-z0-9+/=]+">', tag)
        for tag in re.findall(r"<img[^>]*>", html))
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&#34;&gt;&lt;img onerror=alert(1)&gt;" in html
    text_md = render_markdown(report)
    assert re.search(r"(?<!\\)<", text_md) is None, "every < is escaped"
    assert r"\<script\>" in text_md


def test_markdown_escapes_markup_and_table_pipes() -> None:
    assert md("a | b") == r"a \| b"
    assert md("*bold* <b>") == r"\*bold\* \<b\>"
    assert md("- not a list") == r"\- not a list"
    assert md("two\nlines") == "two lines"
    assert md("76.0") == "76.0" and md("+3.5") == "+3.5"


def test_anonymise_removes_every_player_name_everywhere() -> None:
    log = read_log(GOLDEN_LOG)
    scenario = load_scenario(TUTORIAL).scenario
    plain = build_report(scenario, log.header, log.records, charts=False)
    anon = build_report(scenario, log.header, log.records, anonymise=True, charts=False)
    for report, present in ((plain, True), (anon, False)):
        outputs = [render_html(report), render_markdown(report), *csv_files(report).values()]
        for name in PLAYERS:
            for out in outputs:
                assert (name.lower() in out.lower()) == present, (name, present, out[:80])
    assert any("United Kingdom" in s.seat for s in anon.seats)


def test_seat_changes_and_injects_are_reported_and_anonymised() -> None:
    loaded = load_scenario(TUTORIAL)
    session = Session(loaded.scenario, loaded.sha256, "control", {"uk": "human:Ann Lee"})
    session.apply(Reseat("usa", "human:Bo Li"))
    session.apply(Inject("Storm at sea", "Ports close; Bo Li calls Ann Lee"))
    session.apply(parse_action("propose uk force_size=about_15k"))
    plain = build_report(loaded.scenario, session.header, session.records, charts=False)
    usa = next(s for s in plain.seats if s.party == "United States")
    assert usa.changes == ("round 1: human: Bo Li",)
    assert "Inject by control: Storm at sea — Ports close; Bo Li calls Ann Lee" in [
        m.text for m in plain.moments]
    anon = build_report(loaded.scenario, session.header, session.records, anonymise=True,
                        charts=False)
    outputs = [render_html(anon), render_markdown(anon), *csv_files(anon).values()]
    for name in ("Ann Lee", "Bo Li"):
        assert name in render_html(plain)
        assert not any(name.lower() in out.lower() for out in outputs), name
    assert "Ports close; United States calls United Kingdom" in outputs[0]


def test_player_names_come_from_the_header_and_seat_records() -> None:
    header = {"seats": {"uk": "human:Ann", "usa": "bot:boulware", "ukraine": "human:"}}
    records = [{"action": {"type": "seat", "party": "usa", "seat": "human:Bo Li",
                           "by": "control"}, "text": "seat usa human:Bo Li"}]
    assert player_names(header, records) == {"Ann": "uk", "Bo Li": "usa"}


def test_unknown_actions_and_new_control_events_read_as_text() -> None:
    scenario = load_scenario(TUTORIAL).scenario
    labels = _Labels(scenario, [])
    records = [
        {"seq": 1, "round": 2, "text": "inject control 'Storm'", "action": {"type": "inject",
         "headline": "Storm", "text": "Ports close", "by": "control"},
         "events": [{"kind": "InjectFired", "headline": "Storm", "by": "control"}]},
        {"seq": 2, "round": 2, "text": "frobnicate uk", "action": {"type": "frobnicate"},
         "events": [{"kind": "Frobnicated"}, {"kind": "VotingOpened"}]},
        {"seq": 3, "round": 2, "text": "odd", "action": {"type": "odd"}, "events": []},
    ]
    moments = _moments(scenario, records, labels)
    assert [m.text for m in moments] == ["Inject by control: Storm — Ports close",
                                         "frobnicate uk", "odd"]


def test_csv_has_a_row_per_record_with_each_partys_utility(golden) -> None:  # type: ignore[no-untyped-def]
    report, (scenario, log) = golden
    files = csv_files(report)
    rows = list(csv.DictReader(io.StringIO(files["actions.csv"])))
    assert len(rows) == len(log.records)
    states = replay(scenario, log.records, keep_states=True).states
    ids = scenario.issue_ids
    for k in (0, len(rows) // 2, len(rows) - 1):
        assert rows[k]["text"].lstrip("'") == log.records[k]["text"]
        for p in scenario.parties:
            assert float(rows[k][f"u_{p.id}"]) == pytest.approx(
                utility(p.preferences, states[k + 1].draft, ids), abs=1e-3)
    parties = list(csv.DictReader(io.StringIO(files["parties.csv"])))
    assert [r["party"] for r in parties] == list(scenario.party_ids)


def test_cli_writes_every_format_and_exits_0(tmp_path: Path,
                                            capsys: pytest.CaptureFixture[str]) -> None:
    html, text, folder = tmp_path / "r.html", tmp_path / "r.md", tmp_path / "csv"
    code = main(["report", str(GOLDEN_LOG), "--html", str(html), "--md", str(text),
                 "--csv", str(folder), "--anonymise", "--pair", "usa,ukraine"])
    assert code == 0, capsys.readouterr().err
    assert html.read_text("utf-8").startswith("<!doctype html>")
    assert "United States" in text.read_text("utf-8")
    assert {p.name for p in folder.iterdir()} == {"actions.csv", "parties.csv"}
    for out in (html, text, folder / "actions.csv", folder / "parties.csv"):
        assert "zelda" not in out.read_text("utf-8").lower()


def test_cli_rejects_a_bad_log_or_pair_with_exit_2(tmp_path: Path,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "r.html"
    garbage = tmp_path / "garbage.jsonl"
    garbage.write_text("not json\n", encoding="utf-8")
    lines = GOLDEN_LOG.read_text("utf-8").splitlines()
    rec = json.loads(lines[3])
    rec["hash"] = "0" * 16
    edited = tmp_path / "edited.jsonl"
    edited.write_text("\n".join([*lines[:3], json.dumps(rec), *lines[4:]]) + "\n", "utf-8")
    for args in ([str(garbage)], [str(edited)], [str(GOLDEN_LOG), "--pair", "uk,atlantis"],
                 [str(tmp_path / "missing.jsonl")]):
        capsys.readouterr()
        assert main(["report", *args, "--html", str(out)]) == 2, args
        err = capsys.readouterr().err
        assert err.startswith("backstop: error:") and err.count("\n") == 1, err
        assert "Traceback" not in err
    assert not out.exists()


def test_the_debrief_exports_the_report_into_the_data_folder(tmp_path: Path) -> None:
    from game.ui import flow
    from game.ui.intents import Intent
    from game.ui.scenes.debrief import DebriefScene
    from tests.ui.conftest import make_ctx, start

    ctx = make_ctx(tmp_path / "home")
    try:
        start(ctx, TUTORIAL)
        table = ctx.table
        assert table is not None
        while not table.over:
            table.step_bot()
        ctx.ceremony_shown = True
        flow.show_game(ctx)
        scene = ctx.app.scenes.top
        assert isinstance(scene, DebriefScene)
        scene.handle(Intent("widget", widget="export"))
        assert scene.export_status == "Writing the after-action report…"
        scene.exporter.join(30)
        scene.update(0.0)
        folders = list((tmp_path / "home" / "reports").iterdir())
        assert len(folders) == 1 and folders[0].name.startswith("tutorial-backstop-bargain-")
        assert {p.name for p in folders[0].iterdir()} == {"report.html", "report.md",
                                                          "actions.csv", "parties.csv"}
        # said in a notice; the subtitle goes back to what it says about the game
        assert ctx.app.toast_text == f"Report saved in {folders[0]}"
        assert scene.export_status == ""
        assert "Report saved" not in scene.layout["header.subtitle"].text
    finally:
        ctx.end_game()


def test_a_seat_the_control_seat_took_over_keeps_control_s_acts_as_control_s() -> None:
    loaded = load_scenario(TUTORIAL)
    session = Session(loaded.scenario, loaded.sha256, "1", {"uk": "human:Ann Lee"})
    session.apply(Reseat("usa", "human:Control"))
    session.apply(Inject("Storm at sea", "Ports close"))
    anon = build_report(loaded.scenario, session.header, session.records, anonymise=True,
                        charts=False)
    assert "Inject by control: Storm at sea — Ports close" in [m.text for m in anon.moments]
    actions = csv_files(anon)["actions.csv"]
    assert ",control," in actions and "Ann Lee" not in actions
    assert player_names(session.header, session.records) == {"Ann Lee": "uk"}


def test_after_no_deal_the_report_says_what_was_possible() -> None:
    """The report of a game without a deal says, as the debrief does, how many texts would
    have given every signatory its walk-away, and compares the last draft with the Nash
    text under the heading What was possible."""
    from game.sim.driver import default_specs, play_bots

    loaded = load_scenario(TUTORIAL)
    specs = default_specs(loaded.scenario)
    for seed in map(str, range(60)):
        session, _ = play_bots(loaded.scenario, loaded.sha256, seed, specs)
        if session.state.status == "no_deal":
            break
    else:
        pytest.fail("no tutorial bot game ended without a deal")
    report = build_report(session.scenario, session.header, session.records, charts=False)
    analysis = analyze_game(session.state)
    assert not analysis.zone_is_empty and analysis.nash is not None
    verdict = (f"No deal, yet {analysis.zone_size:,} of the {analysis.outcome_count:,} "
               "possible texts gave every signatory at least its walk-away.")
    assert report.quality.lines[0] == verdict
    assert report.quality_title == "What was possible"
    nash = report.quality.bargains[0]
    assert nash.label == "Nash"
    labels = _Labels(session.scenario, [session.state])
    assert nash.clauses == tuple(labels.clause(i, o) for i, o in analysis.nash.text.items())
    html, text = render_html(report), render_markdown(report)
    for page in (html, text):
        assert verdict in page and "What was possible" in page
        assert "no text to judge" not in page and "Deal quality" not in page
    assert "| Clause | Last draft | Nash | Kalai–Smorodinsky |" in text


def _after_inject(seed: str, headline: str, text: str, effects: tuple[Effect, ...]
                  ) -> tuple[Loaded, Session]:
    """The flagship with every seat empty, after the control seat's inject."""
    loaded = load_scenario(FLAGSHIP)
    session = Session(loaded.scenario, loaded.sha256, seed, {})
    session.apply(Inject(headline, text, effects))
    return loaded, session


def test_the_timeline_says_what_events_and_injects_did() -> None:
    """An inject locked US backstop; the report's timeline showed only its headline, so the
    clause in the last draft looked negotiated."""
    from game.core.model import AdjustParty, LockIssue, News

    loaded, session = _after_inject("effects", "Pentagon review", "The US narrows its offer.",
                                    (LockIssue("us_backstop", "intel_logistics_ad"),
                                     AdjustParty("uk", reservation=-5.0)))
    event = next(e for e in loaded.scenario.events if e.id not in session.state.fired
                 and any(not isinstance(x, News) for x in e.effects))
    session.apply(FireEvent(event.id))
    report = build_report(loaded.scenario, session.header, session.records, charts=False)
    texts = [m.text for m in report.moments]
    assert ("Inject by control: Pentagon review — The US narrows its offer. — locks US "
            "backstop on “Intelligence, logistics, air defence”; United Kingdom: reservation "
            "–5.0") in texts
    fired = next(t for t in texts if t.startswith(f"News: {event.title} (fired by control) — "))
    assert fired.count(";") == sum(not isinstance(x, News) for x in event.effects) - 1


def test_the_timeline_leaves_out_effects_after_the_one_that_ended_the_game() -> None:
    """An inject that ends the talks and then adjusts a party: the adjustment never applied,
    so the timeline does not list it."""
    from game.core.model import AdjustParty, EndGame, LockIssue

    loaded, session = _after_inject("ended", "Talks collapse", "A delegation walks out.",
                                    (LockIssue("us_backstop", "intel_logistics_ad"),
                                     EndGame("a walk-out"), AdjustParty("uk", reservation=-5.0)))
    assert session.state.status == "no_deal"
    uk = loaded.scenario.party("uk").preferences
    assert session.state.prefs["uk"].reservation == uk.reservation  # never adjusted
    report = build_report(loaded.scenario, session.header, session.records, charts=False)
    line = next(m.text for m in report.moments if m.text.startswith("Inject by control"))
    assert line.endswith("— locks US backstop on “Intelligence, logistics, air defence”; ends "
                         "the talks (a walk-out)")


def test_a_walk_away_moved_by_an_event_shows_where_it_began() -> None:
    """An inject lowered the UK's walk-away from 52 to 47: the scores give both, so the
    debrief does not read 47 against the 52 of the briefings."""
    from game.core.model import AdjustParty

    loaded, session = _after_inject("moved", "Budget cut", "London trims its ambitions.",
                                    (AdjustParty("uk", reservation=-5.0),))
    report = build_report(loaded.scenario, session.header, session.records, charts=False)
    rows = {p.id: p for p in report.parties}
    start = loaded.scenario.party("uk").preferences.reservation
    assert rows["uk"].walk_away == f"{start - 5:.1f} (was {start:.1f})"
    assert "(was" not in rows["france"].walk_away
    html, text = render_html(report), render_markdown(report)
    for page in (html, text):
        assert f"{start - 5:.1f} (was {start:.1f})" in page
        assert "the walk-away value when the game began" in page
    parties_csv = csv_files(report)["parties.csv"].splitlines()
    uk = next(row for row in csv.DictReader(parties_csv) if row["party"] == "uk")
    assert uk["reservation_at_start"] == f"{start:.3f}"
    assert uk["reservation"] == f"{start - 5:.3f}"
    quiet = build_report(loaded.scenario, Session(loaded.scenario, loaded.sha256, "q", {}).header,
                         [], charts=False)
    assert quiet.walk_away_note == "" and "began" not in render_markdown(quiet)


def test_the_curves_caption_says_they_are_drawn_before_the_urgency_discount() -> None:
    """The curves end above the scores (a deal in round 8 keeps 0.98 ** 7 of its value): the
    caption says why, as the debrief's chart does."""
    loaded = load_scenario(FLAGSHIP)
    session = Session(loaded.scenario, loaded.sha256, "caption", {})
    html = render_html(build_report(loaded.scenario, session.header, session.records))
    assert "before the urgency discount that its score takes off" in html


def test_why_the_game_ended_reads_as_a_sentence_after_the_outcome() -> None:
    """"**No deal: every party scores its walk-away value.** no agreement is possible: …"
    began its second sentence in lower case."""
    from game.core.model import EndGame

    loaded, session = _after_inject("why", "Walk-out", "Talks end.",
                                    (EndGame("the delegations walked out"),))
    report = build_report(loaded.scenario, session.header, session.records, charts=False)
    assert report.end_reason == "The delegations walked out."
    assert ("**No deal: every party scores its walk-away value.** The delegations walked out."
            in render_markdown(report))


@pytest.fixture(scope="module")
def flagship_bot_game() -> Session:
    """A whole flagship game played by its bots: news fires at game start (round 1), at the
    start of later rounds and by chance."""
    from game.sim.driver import default_specs, play_bots

    loaded = load_scenario(FLAGSHIP)
    session, _ = play_bots(loaded.scenario, loaded.sha256, "timeline",
                           default_specs(loaded.scenario))
    return session


def test_every_fired_event_is_in_the_timeline_once_in_the_round_its_news_says(
        flagship_bot_game: Session) -> None:
    """News of the start of round N was filed under round N - 1 (the record of the vote that
    started the round carries it), and round 1's news, which fires before any action, was
    missing."""
    session = flagship_bot_game
    final = session.state
    report = build_report(session.scenario, session.header, session.records, charts=False)
    news_round: dict[str, int] = {}
    for item in final.news:
        news_round.setdefault(item.event, item.round)
    assert 1 in news_round.values() and max(news_round.values()) > 1
    fired = [m for m in report.moments if m.kind == "EventFired"]
    assert len(fired) == len(final.fired)
    text = render_markdown(report)
    for event_id in final.fired:
        title = session.scenario.event(event_id).title
        mine = [m for m in fired if m.text.startswith(f"News: {title}")]
        assert [m.round for m in mine] == [news_round[event_id]], title
        assert text.count(f"| {news_round[event_id]} | News: {md(title)}") == 1, title
    # the timeline stays in the order things happened
    assert [m.seq for m in report.moments] == sorted(m.seq for m in report.moments)


def test_bot_seats_read_in_the_screens_words_and_csv_keeps_the_spec() -> None:
    from game.bots.naming import bot_name

    loaded = load_scenario(TUTORIAL)
    spec, later = "time_dependent:e=0.8", "boulware"
    session = Session(loaded.scenario, loaded.sha256, "seats",
                      {"uk": "human:Ann Lee", "usa": f"bot:{spec}"})
    session.apply(Reseat("ukraine", f"bot:{later}"))
    report = build_report(loaded.scenario, session.header, session.records, charts=False)
    seats = {s.party: s for s in report.seats}
    usa, ukraine = loaded.scenario.party("usa").name, loaded.scenario.party("ukraine").name
    assert seats[usa].seat == f"bot: {bot_name(spec)}"
    assert seats[ukraine].changes == (f"round 1: bot: {bot_name(later)}",)
    html, text = render_html(report), render_markdown(report)
    for page in (html, text):
        assert bot_name(spec) in page and bot_name(later) in page
        assert spec not in page and f"bot: {later}" not in page
    rows = list(csv.DictReader(io.StringIO(csv_files(report)["parties.csv"])))
    by_id = {row["party"]: row for row in rows}
    assert by_id["usa"]["seat"] == f"bot: {bot_name(spec)}"
    assert by_id["usa"]["strategy"] == spec
    assert by_id["uk"]["strategy"] == "" and by_id["uk"]["seat"] == "human: Ann Lee"
