"""Bot reasons: gains and costs as the screens show them.

The screens count an open clause as its fallback ("OPEN (counts as National means)"), or 0
without one. A reason must not call a change a cost when the screens count it as none, nor a
gain when they count it as a cost; where the seat turns down an open clause because it expects
better of it, it says so. Play-test cases from a flagship and a tutorial game, on hand-made
tables, and every vote reason of a whole flagship game.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping

from game.bots import explain, make_bot
from game.bots.knowledge import OwnTables
from game.bots.outlook import Outlook
from game.core.actions import Vote
from game.core.rules import new_game
from game.core.scoring import with_fallbacks
from game.core.view import View, player_view
from game.scenario import load_scenario
from game.session.session import Session
from game.sim.driver import BotTable
from tests.conftest import FLAGSHIP, TUTORIAL

FLAG = load_scenario(FLAGSHIP)
TUT = load_scenario(TUTORIAL)


def _view(party: str, *, tutorial: bool = False) -> View:
    return player_view(new_game((TUT if tutorial else FLAG).scenario)[0], party)


def _tables(values: Mapping[str, Mapping[str, float]]) -> OwnTables:
    """A seat's tables for just these clauses (the reasons look at no others)."""
    return OwnTables(issue_ids=tuple(values), values=tuple(values.values()),
                     banned=tuple(frozenset() for _ in values), interactions=(),
                     best=100.0, tops=tuple(max(v.values()) for v in values.values()))


def _outlook(draft: Mapping[str, str | None], chances: Mapping[str, Mapping[str, float]]
             ) -> Outlook:
    return Outlook(draft, chances, {}, 50.0)


_opposes = functools.partial(explain.support, yes=False, reached=False, enough=False)
"""A no vote, the draft short of the seat's target with or without the package."""
_supports = functools.partial(explain.support, yes=True, reached=True, enough=True)
"""A yes vote, the draft good enough for the seat with the package."""


def _said(view: View, *pairs: tuple[str, str]) -> str:
    return explain.clauses(view, list(pairs))


def test_a_change_to_an_open_clause_at_its_fallback_is_no_cost() -> None:
    """Flagship round 7, #30: the board showed Technical monitoring "OPEN (counts as National
    means)", yet six bots said "National means" would cost them. The real cost (US backstop,
    settled) still reads as one; the open clause reads as less than the seat expects."""
    view = _view("uk")
    own = _tables({"monitoring": {"national_means": 4.0, "coalition_isr": 10.0},
                   "airspace": {"closed": 1.0, "phased_reopening": 3.0},
                   "us_backstop": {"air_power_standby": 10.0, "assurances_intel": 4.0}})
    look = _outlook({"monitoring": None, "airspace": None, "us_backstop": "air_power_standby"},
                    {"monitoring": {"coalition_isr": 1.0},
                     "airspace": {"closed": 0.5, "phased_reopening": 0.5}})
    package = [("monitoring", "national_means"), ("airspace", "phased_reopening"),
               ("us_backstop", "assurances_intel")]
    assert _opposes(view, own, look, 30, package) == (
        f"United Kingdom opposes #30: {_said(view, ('us_backstop', 'assurances_intel'))} "
        f"would cost it more than {_said(view, ('airspace', 'phased_reopening'))} gives, and "
        f"it expects better than {_said(view, ('monitoring', 'national_means'))}")


def test_settling_an_open_clause_without_a_fallback_is_never_a_cost() -> None:
    """Tutorial round 1, #2: US backstop was "OPEN, no fallback" (0 on screen), so
    "Intelligence and logistics" could only add to it, yet Ukraine said it would cost it more
    than the other two clauses give. Ukraine expects air power there: it says so."""
    view = _view("ukraine", tutorial=True)
    own = _tables({"force_size": {"about_15k": 20.0, "up_to_30k": 35.0},
                   "us_backstop": {"intel_logistics": 10.0, "air_power": 25.0},
                   "zone": {"cities_ports": 40.0, "dmz_line": 20.0}})
    look = _outlook({"force_size": None, "us_backstop": None, "zone": None},
                    {"force_size": {"about_15k": 0.5, "up_to_30k": 0.5},
                     "us_backstop": {"air_power": 1.0},
                     "zone": {"cities_ports": 0.5, "dmz_line": 0.5}})
    package = [("force_size", "up_to_30k"), ("us_backstop", "intel_logistics"),
               ("zone", "cities_ports")]
    assert _opposes(view, own, look, 2, package) == (
        "Ukraine opposes #2: it expects better than "
        f"{_said(view, ('us_backstop', 'intel_logistics'))}")


def test_the_fallback_itself_is_no_cost_either() -> None:
    """Flagship round 5, #17: Türkiye said "Open door" would cost it, on a clause the board
    counted as Open door already."""
    view = _view("turkey")
    own = _tables({"deployment_zone": {"west_only": 4.8, "cities_ports": 6.0},
                   "article5": {"outside_art5": 4.5, "allied_soil": 5.0},
                   "nato_path": {"not_on_agenda": 11.0, "open_door": 6.6}})
    look = _outlook({"deployment_zone": None, "article5": None, "nato_path": None},
                    {"deployment_zone": {"cities_ports": 1.0},
                     "article5": {"outside_art5": 1.0}, "nato_path": {"not_on_agenda": 1.0}})
    package = [("deployment_zone", "west_only"), ("article5", "allied_soil"),
               ("nato_path", "open_door")]
    expected = _said(view, ("deployment_zone", "west_only"), ("nato_path", "open_door"))
    assert _opposes(view, own, look, 17, package) == (
        f"Türkiye opposes #17: it expects better than {expected}")


def test_an_open_clause_set_below_its_fallback_is_a_cost() -> None:
    """The screens count NATO eastern flank as its fallback "Status quo": a worse option
    costs the seat, open or not, and the reason says so."""
    view = _view("turkey")
    own = _tables({"eastern_flank": {"status_quo": 6.0, "air_defence": 4.2, "brigades": 2.4}})
    look = _outlook({"eastern_flank": None}, {"eastern_flank": {"status_quo": 0.5,
                                                                "brigades": 0.5}})
    assert _opposes(view, own, look, 24, [("eastern_flank", "air_defence")]) == (
        f"Türkiye opposes #24: {_said(view, ('eastern_flank', 'air_defence'))} would cost it "
        "too much")


def test_a_gain_the_seat_expects_anyway_is_not_said_to_outweigh_a_cost() -> None:
    """On screen the open clause adds 8 and the settled one costs 2: "costs more than it
    gives" would be false there. The seat expects most of the 8 anyway."""
    view = _view("ukraine")
    own = _tables({"monitoring": {"joint_commission": 1.0, "coalition_isr": 3.0},
                   "force_size": {"under_30k": 8.0, "about_15k": 7.0}})
    look = _outlook({"monitoring": "coalition_isr", "force_size": None},
                    {"force_size": {"under_30k": 0.5, "about_15k": 0.5}})
    package = [("monitoring", "joint_commission"), ("force_size", "under_30k")]
    assert _opposes(view, own, look, 1, package) == (
        f"Ukraine opposes #1: {_said(view, ('monitoring', 'joint_commission'))} would cost it "
        f"more than it expects to gain from {_said(view, ('force_size', 'under_30k'))}")


def test_support_says_worth_more_only_when_the_gains_outweigh_the_costs() -> None:
    view = _view("france")
    own = _tables({"monitoring": {"coalition_isr": 6.0, "national_means": 0.0},
                   "command": {"european_coalition": 20.0, "un_mandate": 6.0}})
    look = _outlook({"monitoring": None, "command": "european_coalition"},
                    {"monitoring": {"coalition_isr": 0.5, "national_means": 0.5}})
    gain, cost = _said(view, ("monitoring", "coalition_isr")), _said(view, ("command",
                                                                            "un_mandate"))
    package = [("monitoring", "coalition_isr"), ("command", "un_mandate")]
    assert _supports(view, own, look, 23, package) == (
        f"France supports #23: it gains {gain} and gives up {cost}, and the draft stays good "
        "enough to sign")
    richer = _tables({"monitoring": {"coalition_isr": 20.0, "national_means": 0.0},
                      "command": {"european_coalition": 20.0, "un_mandate": 6.0}})
    assert _supports(view, richer, look, 23, package) == (
        f"France supports #23: it gains {gain}, worth more to it than {cost}")
    # supported because the package improves on what it expects, not because it is enough
    assert explain.support(view, own, look, 23, package, yes=True, reached=False,
                           enough=False) == (
        f"France supports #23: it gains {gain} and gives up {cost}, and the draft comes closer "
        "to what it is holding out for")


def test_a_proposal_asks_only_for_what_the_screens_count_as_a_gain() -> None:
    """Ukraine's NATO path counts as "Open door" while open: tabling a worse option gives
    something up on screen, even when the seat expected the clause to end up worse still."""
    view = _view("turkey")
    own = _tables({"nato_path": {"open_door": 6.6, "moratorium_20y": 5.0, "roadmap": 2.2},
                   "eastern_flank": {"status_quo": 2.0, "air_defence": 6.0}})
    look = _outlook({"nato_path": None, "eastern_flank": None},
                    {"nato_path": {"roadmap": 1.0}, "eastern_flank": {"status_quo": 1.0}})
    assert explain.proposal(view, own, look, [("nato_path", "moratorium_20y"),
                                              ("eastern_flank", "air_defence")]) == (
        f"Türkiye proposes a trade: {_said(view, ('eastern_flank', 'air_defence'))} for "
        f"itself, {_said(view, ('nato_path', 'moratorium_20y'))} to win the others")


SIDES = {"would cost it more than it expects to gain from": "gain",
         "would cost it more than": "gain", "it gains": "gain",
         "it expects better than": "short",
         "worth more to it than": "cost", "gives up": "cost"}
"""What a clause after each phrase of a vote reason is said to be for the seat; a clause
before the first phrase is the subject of "would cost it ...": a cost."""
PHRASES = re.compile("|".join(sorted(SIDES, key=len, reverse=True)))


def _claims(reason: str, named: Mapping[str, tuple[str, str]]) -> list[tuple[str, str, str]]:
    """(side, issue, option) for each amendment the reason names as a gain, a cost or what
    the seat expects better than."""
    found = list(PHRASES.finditer(reason))
    out = []
    for said, (issue, option) in named.items():
        at = reason.find(said)
        before = [m.group() for m in found if m.end() <= at]
        if at >= 0 and (before or "would cost" in reason[at:]):
            out.append((SIDES[before[-1]] if before else "cost", issue, option))
    return out


def test_every_vote_reason_of_a_game_agrees_with_the_screens() -> None:
    """A whole flagship game's votes: each clause said to cost the seat is worth less to it
    than the clause as the screens count it now (its fallback while open, or 0 without one),
    each said to gain it is worth more, and none it "expects better than" is a cost."""
    session = Session(FLAG.scenario, FLAG.sha256, "screen-words", {})
    bots = {p.id: make_bot(p.id, p.bot) for p in FLAG.scenario.parties}
    table = BotTable(session, bots)
    sides = set()
    while (party := table.bot_to_move()) is not None:
        view = session.view(party)
        decision = bots[party].act(view, table.rngs[party])
        if isinstance(decision.action, Vote):
            proposal = next(p for p in view.proposals if p.id == decision.action.proposal)
            assert view.me is not None
            values = view.me.preferences.values
            shown = with_fallbacks(view.issues, view.draft)
            named = {explain.clause(view, i, o): (i, o) for i, o in proposal.amendments}
            for side, issue, option in _claims(decision.reason, named):
                now = shown[issue]
                change = values[issue][option] - (values[issue][now] if now else 0.0)
                assert {"gain": change > 0, "cost": change < 0, "short": change >= 0}[side], (
                    decision.reason, issue, change)
                sides.add(side)
        session.apply(decision.action)
    assert sides == {"gain", "cost", "short"}
