"""Golden playthroughs: a seeded, scripted game's transcript matches the stored file.

Regenerate after an intended change with `pytest --update-goldens`, and read the diff.
"""

from __future__ import annotations

import random
from pathlib import Path

from game.core.actions import parse_action
from game.core.log import replay
from game.report.transcript import HANGING_INDENT, transcript, wrapped
from game.scenario import load_scenario
from game.scenario.loader import Loaded
from game.session.session import Session
from tests.conftest import FLAGSHIP, TUTORIAL
from tests.core.playing import random_action

GOLDENS = Path(__file__).resolve().parent.parent / "goldens"

TUTORIAL_SCRIPT = [
    "propose uk force_size=about_15k us_backstop=air_power -- 'Europe leads, America backs it'",
    "propose usa force_size=up_to_30k zone=dmz_line",
    "propose ukraine zone=cities_ports",
    "vote usa 1 no", "vote ukraine 1 yes",
    "vote uk 2 no", "vote ukraine 2 no",
    "vote uk 3 yes", "vote usa 3 yes",
    "say usa 'Thirty thousand, or we walk.'",
    "propose usa force_size=up_to_30k us_backstop=intel_logistics",
    "pass ukraine",
    "propose uk force_size=up_to_30k us_backstop=air_power -- 'Size for air power'",
    "vote ukraine 4 yes", "vote uk 4 no",
    "vote usa 5 yes", "vote ukraine 5 yes",
]


def _check(name: str, lines: list[str], update: bool) -> None:
    path = GOLDENS / f"{name}.txt"
    text = "\n".join(lines) + "\n"
    if update:
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden {path.name}: run pytest --update-goldens"
    assert text == path.read_text(encoding="utf-8")


def test_tutorial_golden_playthrough(update_goldens: bool) -> None:
    loaded = load_scenario(TUTORIAL)
    session = Session(loaded.scenario, loaded.sha256, "golden", {})
    for line in TUTORIAL_SCRIPT:
        session.apply(parse_action(line))
    for party in ("uk", "usa", "ukraine"):
        session.apply(parse_action(f"sign {party}"))
    assert session.state.status == "agreement"
    result = replay(loaded.scenario, session.records, verify=True)
    _check("tutorial", transcript(loaded.scenario, session.records, result.state), update_goldens)


def test_flagship_golden_playthrough(update_goldens: bool) -> None:
    loaded = load_scenario(FLAGSHIP)
    session = Session(loaded.scenario, loaded.sha256, "golden", {})
    rng = random.Random(2025)
    while session.state.running:
        session.apply(random_action(session.state, rng, extras=False))
    result = replay(loaded.scenario, session.records, verify=True)
    lines = transcript(loaded.scenario, session.records, result.state)
    assert any(line.startswith("Outcome:") for line in lines)
    _check("flagship", lines, update_goldens)


def test_control_actions_read_in_the_transcript() -> None:
    loaded = load_scenario(TUTORIAL)
    session = Session(loaded.scenario, loaded.sha256, "1", {})
    party = loaded.scenario.party_ids[0]
    name = loaded.scenario.party(party).name
    for line in ("inject control 'Ceasefire wobbles' 'Shelling near Zaporizhzhia.'",
                 f"seat {party} bot:conceder by control", f"seat {party} 'human:Ann' by control"):
        session.apply(parse_action(line))
    lines = transcript(loaded.scenario, session.records)
    assert "  Inject by control: Ceasefire wobbles" in lines
    assert f"  {name} is now played by a bot (Conceder (soft))" in lines
    assert f"  {name} is now played by Ann" in lines


def test_an_agreed_text_reads_in_the_scenario_order_not_the_logs_id_order() -> None:
    scenario = load_scenario(FLAGSHIP).scenario
    text = {i.id: i.options[0].id for i in scenario.issues}
    by_id = dict(sorted(text.items()))  # as the log stores it
    assert list(by_id) != list(text)
    events = [{"kind": "SigningOpened", "final": True, "text": by_id},
              {"kind": "AgreementReached", "text": by_id}]
    lines = transcript(scenario, [{"events": events}])
    names = [i.name for i in scenario.issues]
    for prefix in ("  Final signing on: ", "  AGREEMENT: "):
        line = next(x for x in lines if x.startswith(prefix))
        clauses = line.removeprefix(prefix).split("; ")
        assert [c.split(": ")[0] for c in clauses] == names


def test_a_proposal_keeps_the_order_its_proposer_gave() -> None:
    scenario = load_scenario(TUTORIAL).scenario
    event = {"kind": "ProposalTabled", "proposal": 1, "party": "uk", "note": "",
             "amendments": [["zone", "cities_ports"], ["force_size", "about_15k"]]}
    line = transcript(scenario, [{"events": [event]}])[-1]
    assert line.index("Deployment zone") < line.index("European force size")


def test_wrapped_lines_fit_the_width_with_a_hanging_indent() -> None:
    scenario = load_scenario(FLAGSHIP).scenario
    text = {i.id: i.options[0].id for i in scenario.issues}
    lines = transcript(scenario, [{"events": [{"kind": "AgreementReached", "text": text}]}])
    assert max(len(x) for x in lines) > 200
    out = wrapped(lines, 60)
    assert max(len(x) for x in out) <= 60
    start = out.index(next(x for x in out if x.startswith("  AGREEMENT: ")))
    rest = out[start + 1:]
    assert rest and all(x.startswith("  " + HANGING_INDENT) for x in rest)
    # nothing lost: the words are the same, and a transcript's blank lines stay
    assert " ".join(" ".join(out).split()) == " ".join(" ".join(lines).split())
    assert out[1] == "" and out[2].startswith("Round 1 (speaking order: United Kingdom,")
    assert wrapped(["  " + "x" * 70], 60) == ["  " + "x" * 70]  # a long word stays whole


def lapse_on_an_added_issue() -> tuple[Loaded, Session]:
    """A tutorial game where the control seat adds an issue ("share", named Cost share) and two
    proposals on it pass in one round: the second lapses."""
    from game.core.actions import Inject, Pass, Vote
    from game.core.model import AddIssue, FrozenMap, Issue, Option
    from game.core.rules import to_move

    loaded = load_scenario(TUTORIAL)
    parties = loaded.scenario.party_ids
    issue = Issue("share", "Cost share", (Option("half", "Half"), Option("most", "Most")),
                  tuple(parties), "", "half")
    session = Session(loaded.scenario, loaded.sha256, "lapse", {})
    session.apply(Inject("Costs", "Who pays?", (AddIssue(
        issue, FrozenMap({p: 5.0 for p in parties}),
        FrozenMap({p: FrozenMap({"half": 50.0, "most": 60.0}) for p in parties})),)))
    session.apply(parse_action(f"propose {to_move(session.state)[0]} share=half"))
    session.apply(parse_action(f"propose {to_move(session.state)[0]} share=most"))
    while session.state.phase == "proposals":
        session.apply(Pass(to_move(session.state)[0]))
    while session.state.phase == "votes":
        party = to_move(session.state)[0]
        proposal = next(p for p in session.state.proposals_this_round()
                        if party not in p.votes and party in p.stakeholders)
        session.apply(Vote(party, proposal.id, True))
    return loaded, session


def test_a_lapse_names_an_issue_the_control_seat_added() -> None:
    """"#2 lapsed: share was already changed …": the issue came from an inject, so only the
    final state knew its name, and the transcript printed its id without one."""
    from game.report.after_action import build_report

    loaded, session = lapse_on_an_added_issue()
    report = build_report(loaded.scenario, session.header, session.records, charts=False)
    for lines in (transcript(loaded.scenario, session.records),
                  transcript(loaded.scenario, session.records, session.state),
                  [m.text for m in report.moments]):
        lapsed = [line for line in lines if "lapsed" in line]
        assert lapsed and all("Cost share was already changed" in line for line in lapsed), lapsed
        assert not any("share was" in line.replace("Cost share", "") for line in lines)
