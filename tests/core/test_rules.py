"""The rules core: the phase machine, typed errors, events and both protocols."""

from __future__ import annotations

from dataclasses import replace

import pytest

from game.core.actions import (
    Accept,
    EventRoll,
    FireEvent,
    Offer,
    Pass,
    Propose,
    Refuse,
    Sign,
    Statement,
    Vote,
)
from game.core.errors import GameError
from game.core.model import FrozenMap, Scenario
from game.core.rules import (
    apply_action,
    chance_outcomes,
    is_legal,
    legal_actions,
    new_game,
    to_move,
)
from game.core.state import GameState, canonical
from game.core.view import final_scores
from game.scenario import load_bytes, load_scenario
from tests.conftest import TUTORIAL

T = load_scenario(TUTORIAL).scenario


def start(s: Scenario = T) -> GameState:
    return new_game(s)[0]


def run(state: GameState, *actions: object) -> GameState:
    for a in actions:
        state, _ = apply_action(state, a)  # type: ignore[arg-type]
    return state


def kinds(state: GameState, action: object) -> list[str]:
    return [e.kind for e in apply_action(state, action)[1]]  # type: ignore[arg-type]


def scenario_from(text: str) -> Scenario:
    return load_bytes(text.encode(), "t.yaml").scenario


def alternating(tutorial_text: str) -> Scenario:
    return scenario_from(tutorial_text.replace("protocol: single_text",
                                               "protocol: alternating_offers"))


BIG_TRADE = Propose("uk", (("force_size", "up_to_30k"), ("us_backstop", "air_power")), "trade")


def test_the_tutorial_trade_reaches_agreement_with_the_briefed_scores() -> None:
    s = run(start(), BIG_TRADE, Pass("usa"), Propose("ukraine", (("zone", "cities_ports"),)),
            Vote("usa", 1, True), Vote("ukraine", 1, True), Vote("uk", 2, True),
            Vote("usa", 2, True))
    assert s.phase == "signing" and not s.final_signing
    s = run(s, Sign("uk"), Sign("usa"), Sign("ukraine"))
    assert s.status == "agreement" and s.end_round == 1
    scores = final_scores(s)
    assert scores["uk"] == pytest.approx(85, abs=0.1)
    assert scores["usa"] == pytest.approx(70, abs=0.1)
    assert scores["ukraine"] == pytest.approx(100, abs=0.1)


def test_speaking_order_rotates_each_round() -> None:
    s = start()
    assert s.order == ("uk", "usa", "ukraine")
    s = run(s, Pass("uk"), Pass("usa"), Pass("ukraine"))
    assert (s.round, s.order) == (2, ("usa", "ukraine", "uk"))


@pytest.mark.parametrize(
    ("action", "code"),
    [
        (Pass("usa"), "action/not_your_turn"),
        (Vote("uk", 1, True), "action/wrong_phase"),
        (Propose("uk", (("force_size", "up_to_30k"), ("zone", "dmz_line"),
                        ("us_backstop", "none"), ("force_size", "about_15k"))),
         "action/too_many_amendments"),
        (Propose("uk", (("force_size", "huge"),)), "action/unknown_option"),
        (Propose("uk", (("forces", "huge"),)), "action/unknown_issue"),
        (Propose("uk", ()), "action/empty_proposal"),
        (Propose("uk", (("zone", "dmz_line"), ("zone", "west_only"))), "action/duplicate_issue"),
        (Sign("uk"), "action/wrong_phase"),
        (Propose("france", (("zone", "dmz_line"),)), "action/unknown_party"),
        (FireEvent("no_such_event"), "action/unknown_event"),
        (FireEvent("legitimate_targets", by="uk"), "action/not_control"),
        (Statement("uk", "  "), "action/empty_statement"),
        (EventRoll("no_us_troops", True), "action/wrong_phase"),
    ],
)
def test_illegal_actions_raise_a_typed_error_and_leave_the_state_alone(action: object,
                                                                       code: str) -> None:
    s = start()
    before = canonical(s)
    with pytest.raises(GameError) as info:
        apply_action(s, action)  # type: ignore[arg-type]
    assert info.value.code == code
    assert str(info.value).startswith(code + ": ")
    assert canonical(s) == before
    assert not is_legal(s, action)  # type: ignore[arg-type]


def test_a_locked_issue_cannot_be_amended(minimal_text: str) -> None:
    sc = scenario_from(minimal_text.replace("      - {party: north, reservation: -5}",
                                            "      - {lock: {issue: size, option: small}}"))
    s = run(start(sc), Pass("north"), Pass("south"))
    assert s.round == 2 and s.locked == ("size",) and s.draft["size"] == "small"
    with pytest.raises(GameError) as info:
        apply_action(s, Propose("south", (("size", "large"),)))
    assert info.value.code == "action/issue_locked"


def test_signing_across_a_red_line_is_refused_with_the_reason() -> None:
    s = run(start(), Propose("uk", (("force_size", "up_to_30k"), ("us_backstop", "none"),
                                    ("zone", "cities_ports"))),
            Pass("usa"), Pass("ukraine"), Vote("usa", 1, True), Vote("ukraine", 1, True))
    assert s.phase == "signing"
    with pytest.raises(GameError) as info:
        apply_action(s, Sign("uk"))
    assert info.value.code == "action/red_line"
    assert "us_backstop" in str(info.value) and "Without a US backstop" in str(info.value)
    assert Sign("uk") not in legal_actions(s, "uk")
    assert Refuse("uk") in legal_actions(s, "uk")


def test_a_later_passed_proposal_on_the_same_issue_lapses() -> None:
    s = run(start(), Propose("uk", (("zone", "cities_ports"),)),
            Propose("usa", (("zone", "dmz_line"), ("force_size", "up_to_30k"))),
            Pass("ukraine"))
    for voter, pid in [("usa", 1), ("ukraine", 1), ("uk", 2), ("ukraine", 2)]:
        s = run(s, Vote(voter, pid, True))
    first, second = s.proposals
    assert first.result == "passed" and second.result == "lapsed"
    assert "already changed this round" in second.reason
    assert s.draft["zone"] == "cities_ports" and s.draft["force_size"] is None


def test_one_no_vote_sinks_a_proposal_under_consensus() -> None:
    s = run(start(), Propose("uk", (("zone", "cities_ports"),)), Pass("usa"), Pass("ukraine"),
            Vote("usa", 1, False), Vote("ukraine", 1, True))
    assert s.proposals[0].result == "failed" and s.proposals[0].reason == "opposed by usa"
    assert s.draft["zone"] is None and s.round == 2


def test_majority_rule_passes_with_more_than_half(tutorial_text: str) -> None:
    sc = scenario_from(tutorial_text.replace("vote_rule: consensus", "vote_rule: majority"))
    s = run(start(sc), Propose("uk", (("zone", "cities_ports"),)), Pass("usa"), Pass("ukraine"),
            Vote("usa", 1, False), Vote("ukraine", 1, True))
    assert s.proposals[0].result == "passed"


def test_votes_are_cast_in_any_order_and_only_once() -> None:
    s = run(start(), Propose("uk", (("zone", "cities_ports"),)), Pass("usa"), Pass("ukraine"))
    assert to_move(s) == ("usa", "ukraine")
    s = run(s, Vote("ukraine", 1, True))
    with pytest.raises(GameError) as info:
        apply_action(s, Vote("ukraine", 1, False))
    assert info.value.code == "action/already_voted"
    assert to_move(s) == ("usa",)


def test_the_final_signing_fills_open_issues_from_if_open(tutorial_text: str) -> None:
    sc = scenario_from(tutorial_text.replace("    name: Deployment zone\n",
                                             "    name: Deployment zone\n    if_open: west_only\n"))
    s = run(start(sc), BIG_TRADE, Pass("usa"), Pass("ukraine"),
            Vote("usa", 1, True), Vote("ukraine", 1, True))
    for _ in range(3):
        s = run(s, *[Pass(p) for p in s.order])
    assert s.phase == "signing" and s.final_signing
    s = run(s, Sign("uk"), Sign("usa"), Sign("ukraine"))
    assert s.status == "agreement" and s.agreement is not None
    assert s.agreement["zone"] == "west_only" and s.end_round == 4


def test_an_open_issue_without_default_makes_the_final_signing_impossible() -> None:
    s = start()
    for _ in range(4):
        s = run(s, *[Pass(p) for p in s.order])
    assert s.status == "no_deal"
    assert "still open, with no default option" in s.end_reason
    with pytest.raises(GameError) as info:
        apply_action(s, Pass("uk"))
    assert info.value.code == "action/game_over"


def test_a_failed_signing_mid_game_continues_to_the_next_round() -> None:
    s = run(start(), Propose("uk", (("force_size", "up_to_30k"), ("us_backstop", "air_power"),
                                    ("zone", "cities_ports"))),
            Pass("usa"), Pass("ukraine"), Vote("usa", 1, True), Vote("ukraine", 1, True))
    s = run(s, Sign("uk"), Refuse("usa"), Sign("ukraine"))
    assert s.status == "running" and s.round == 2 and s.phase == "proposals"
    assert dict(s.last_signing) == {"uk": True, "usa": False, "ukraine": True}


def test_urgency_discounts_a_later_agreement(tutorial_text: str) -> None:
    s = start()
    s = run(s, *[Pass(p) for p in s.order])  # round 1 passes
    s = run(s, Propose("usa", (("force_size", "up_to_30k"), ("us_backstop", "air_power"),
                               ("zone", "cities_ports"))), Pass("ukraine"), Pass("uk"),
            Vote("uk", 1, True), Vote("ukraine", 1, True),
            Sign("uk"), Sign("usa"), Sign("ukraine"))
    assert s.end_round == 2
    assert final_scores(s)["uk"] == pytest.approx(85 * 0.97, abs=0.01)


def test_round_events_fire_and_show_in_the_news() -> None:
    s = start()
    s = run(s, Pass("uk"), Pass("usa"), Pass("ukraine"))
    assert s.round == 2 and s.fired == ("no_us_troops",)
    assert s.news[-1].title.startswith("Washington repeats")


def test_control_fires_a_manual_event_whose_effect_applies_at_once() -> None:
    s = start()
    assert "EventFired" in kinds(s, FireEvent("legitimate_targets"))
    s = run(s, FireEvent("legitimate_targets"))
    assert s.prefs["uk"].reservation == 60
    with pytest.raises(GameError) as info:
        apply_action(s, FireEvent("legitimate_targets"))
    assert info.value.code == "action/event_fired"


def test_chance_events_wait_for_an_explicit_roll(minimal_text: str) -> None:
    sc = scenario_from(minimal_text.replace("trigger: {round: 2}",
                                            "trigger: {chance: 0.25, from_round: 2}"))
    s = run(start(sc), Pass("north"), Pass("south"))
    assert s.phase == "news" and s.pending_rolls == ("storm",) and to_move(s) == ("chance",)
    outcomes = chance_outcomes(s)
    assert outcomes == ((EventRoll("storm", True), 0.25), (EventRoll("storm", False), 0.75))
    missed = run(s, EventRoll("storm", False))
    assert missed.phase == "proposals" and missed.fired == ()
    again = run(missed, Pass("south"), Pass("north"))
    assert again.pending_rolls == ("storm",)
    hit = run(again, EventRoll("storm", True))
    assert hit.fired == ("storm",) and hit.prefs["north"].reservation == 35
    later = run(hit, Pass("north"), Pass("south"))
    assert later.pending_rolls == ()


def test_condition_events_fire_when_the_draft_matches(minimal_text: str) -> None:
    sc = scenario_from(minimal_text.replace("trigger: {round: 2}",
                                            "trigger: {when: {backstop: [jets]}}"))
    s = run(start(sc), Propose("north", (("backstop", "jets"),)), Pass("south"),
            Vote("south", 1, True))
    assert s.round == 2 and s.fired == ("storm",)


def test_effects_change_options_issues_and_end_the_game(minimal_text: str) -> None:
    effects = """
      - {add_option: {issue: backstop, id: drones, label: Drones, after: none, values: {north: 40}}}
      - {remove_option: {issue: backstop, option: ships}}
      - {party: south, weights: {size: -2}, values: {backstop: {none: -50}}, urgency: 0.1}
      - add_issue:
          id: money
          name: Money
          options: [{id: low, label: Low}, {id: high, label: High}]
          weights: {north: 1}
          values: {north: {low: 0, high: 100}}
      - {news: Markets fall.}
"""
    sc = scenario_from(minimal_text.replace("\n      - {party: north, reservation: -5}\n",
                                            effects))
    s = run(start(sc), Pass("north"), Pass("south"))
    assert s.issue("backstop").option_ids == ("none", "drones", "jets")
    assert s.prefs["north"].values["backstop"]["drones"] == 40
    assert s.prefs["south"].values["backstop"] == {"none": 50, "drones": 0, "jets": 0}
    assert s.prefs["south"].weights["size"] == 0 and s.prefs["south"].urgency == 0.1
    assert [i.id for i in s.issues] == ["size", "backstop", "money"]
    assert s.draft["money"] is None and s.news[-1].text == "Markets fall."
    ended = scenario_from(minimal_text.replace("{party: north, reservation: -5}",
                                               "{end_game: {reason: Talks collapse.}}"))
    e = run(start(ended), Pass("north"), Pass("south"))
    assert e.status == "no_deal" and e.end_reason == "Talks collapse."


def test_statements_are_public_and_change_nothing_else() -> None:
    s = start()
    after = run(s, Statement("usa", "No US troops."))
    assert after.statements[-1].text == "No US troops."
    assert replace(after, statements=(), seq=0) == s


def test_legal_actions_is_a_view_that_enumerates_proposals_lazily() -> None:
    legal = legal_actions(start(), "uk")
    assert BIG_TRADE in legal and Pass("uk") in legal and Pass("usa") not in legal
    proposals = [a for a in legal if isinstance(a, Propose)]
    # 3 issues of 3 options, all open: 9 singles + 27 pairs + 27 triples
    assert len(proposals) == 63 and all(is_legal(start(), p) for p in proposals)
    assert legal_actions(start(), "usa").amendable == {}


def test_alternating_offers_end_in_agreement_when_all_others_accept(tutorial_text: str) -> None:
    sc = alternating(tutorial_text)
    s = start(sc)
    assert s.phase == "offers" and to_move(s) == ("uk",)
    text = (("force_size", "up_to_30k"), ("us_backstop", "air_power"), ("zone", "cities_ports"))
    s = run(s, Offer("uk", text), Accept("usa"))
    assert s.status == "running" and s.accepted == ("uk", "usa")
    s = run(s, Accept("ukraine"))
    assert s.status == "agreement" and s.agreement == dict(text)
    with pytest.raises(GameError):
        apply_action(start(sc), Offer("uk", text[:2]))


def test_alternating_offers_end_in_no_deal_at_the_deadline(tutorial_text: str) -> None:
    sc = alternating(tutorial_text)
    s = start(sc)
    text = (("force_size", "up_to_30k"), ("us_backstop", "air_power"), ("zone", "cities_ports"))
    while s.running:  # every party counters; nobody accepts
        s = run(s, Offer(to_move(s)[0], text))
    assert s.status == "no_deal" and s.end_round == sc.rounds and "deadline" in s.end_reason
    with pytest.raises(GameError) as info:
        apply_action(start(sc), Accept("uk"))
    assert info.value.code == "action/no_offer"


def test_under_alternating_offers_turns_alternate_across_rounds(tutorial_text: str) -> None:
    """The order rotated each round, so the last to move in a round moved first in the next:
    twice in a row, facing its own offer."""
    sc = alternating(tutorial_text)
    s = start(sc)
    text = (("force_size", "up_to_30k"), ("us_backstop", "air_power"), ("zone", "cities_ports"))
    movers = []
    while s.running and s.round <= 3:
        (party,) = to_move(s)
        movers.append(party)
        s = run(s, Offer(party, text))
    n = len(sc.party_ids)
    assert movers == [sc.party_ids[k % n] for k in range(len(movers))]
    assert len(movers) >= 3 * n


def test_a_red_line_offer_is_refused(tutorial_text: str) -> None:
    sc = alternating(tutorial_text)
    bad = (("force_size", "up_to_30k"), ("us_backstop", "none"), ("zone", "cities_ports"))
    with pytest.raises(GameError) as info:
        apply_action(start(sc), Offer("uk", bad))
    assert info.value.code == "action/red_line"


def test_the_draft_keeps_who_proposed_each_clause() -> None:
    s = run(start(), BIG_TRADE, Pass("usa"), Pass("ukraine"),
            Vote("usa", 1, True), Vote("ukraine", 1, True))
    assert s.draft_by == FrozenMap({"force_size": "uk", "us_backstop": "uk"})


def test_an_inject_that_changes_the_text_during_signing_voids_earlier_signatures(
    minimal_text: str,
) -> None:
    sc = scenario_from(minimal_text.replace(
        "trigger: {round: 2}", "trigger: manual").replace(
        "{party: north, reservation: -5}", "{lock: {issue: backstop, option: ships}}"))
    s = run(start(sc), Propose("north", (("size", "large"), ("backstop", "jets"))),
            Pass("south"), Vote("south", 1, True))
    assert s.phase == "signing"
    s = run(s, Sign("north"))
    s, log = apply_action(s, FireEvent("storm"))
    assert "SigningInterrupted" in [e.kind for e in log]
    assert s.phase == "signing" and s.decisions == {} and s.draft["backstop"] == "ships"


def test_a_standing_offer_made_stale_by_an_inject_cannot_be_accepted(tutorial_text: str) -> None:
    sc = alternating(tutorial_text.replace(
        "{party: uk, reservation: 5}", "{remove_option: {issue: zone, option: dmz_line}}"))
    text = (("force_size", "up_to_30k"), ("us_backstop", "air_power"), ("zone", "dmz_line"))
    s = run(start(sc), Offer("uk", text), FireEvent("legitimate_targets"))
    with pytest.raises(GameError) as info:
        apply_action(s, Accept("usa"))
    assert info.value.code == "action/stale_offer"


def test_an_events_news_effects_join_its_story_so_its_headline_shows_once() -> None:
    from game.core import effects
    from game.core.model import News
    from game.core.state import NewsItem, stories
    from tests.conftest import FLAGSHIP

    flagship = load_scenario(FLAGSHIP).scenario
    ev = next(e for e in flagship.events if any(isinstance(x, News) for x in e.effects))
    other = next(e for e in flagship.events if e.id != ev.id)
    before = start(flagship)  # round 1 may open with news of its own
    state = effects.fire(effects.fire(before, ev)[0], other)[0]
    assert [n.title for n in state.news].count(ev.title) >= 2  # the core keeps every item
    told = stories(state.news)[len(stories(before.news)):]
    assert [n.title for n in told] == [ev.title, other.title]
    extra = [x.text for x in ev.effects if isinstance(x, News)]
    assert told[0].text == " ".join([ev.text, *extra]).strip()
    # Items of another round or another event never merge, even under the same title.
    again = NewsItem(told[0].round + 1, ev.id, ev.title, "later")
    assert stories((*state.news, again))[-1] == again


def test_rules_messages_read_with_names_whole_words_only() -> None:
    from game.core.view import in_words

    names = {"uk": "United Kingdom", "ukraine": "Ukraine", "force_size": "Force size"}
    assert in_words("uk, ukraine did not sign; force_size is open; ukulele stays",
                    names) == ("United Kingdom, Ukraine did not sign; Force size is open; "
                               "ukulele stays")
    assert in_words("", names) == "" and in_words("uk", {}) == "uk"
