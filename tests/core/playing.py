"""Drive games for tests: a random legal player."""

from __future__ import annotations

import random

from game.core.actions import (
    CHANCE,
    CONTROL,
    Action,
    FireEvent,
    ForceSigning,
    Inject,
    Offer,
    Propose,
    Reseat,
    Statement,
)
from game.core.model import AdjustParty, News
from game.core.rules import apply_action, chance_outcomes, is_legal, legal_actions, to_move
from game.core.state import GameState, LogEvent


def _random_offer(state: GameState, actor: str, rng: random.Random) -> Offer | None:
    for _ in range(50):
        offer = Offer(actor, tuple((i.id, rng.choice(i.option_ids)) for i in state.issues))
        if is_legal(state, offer):
            return offer
    return None


def random_action(state: GameState, rng: random.Random, *, extras: bool = True) -> Action:
    """A randomly chosen legal action for a random seat that may move now."""
    if extras and rng.random() < 0.05:
        unfired = [e.id for e in state.scenario.events if e.id not in state.fired]
        if unfired and rng.random() < 0.5:
            return FireEvent(rng.choice(unfired), CONTROL)
        roll = rng.random()
        party = rng.choice(state.scenario.party_ids)
        if roll < 0.1 and is_legal(state, ForceSigning()):
            return ForceSigning()
        if roll < 0.3:
            return Inject("Wire report", "Markets wobble.", (
                AdjustParty(party, reservation=rng.uniform(-5, 5)), News("More to follow.")))
        if roll < 0.4:
            return Reseat(party, rng.choice(("human:Ann", "bot:linear")))
        return Statement(rng.choice(state.scenario.party_ids), "We are listening.")
    actor = rng.choice(to_move(state))
    if actor == CHANCE:
        (hit, p), (miss, _) = chance_outcomes(state)
        return hit if rng.random() < p else miss
    legal = legal_actions(state, actor)
    amendable = {k: v for k, v in legal.amendable.items() if v}
    if amendable and rng.random() < 0.7:
        k = rng.randint(1, min(state.scenario.max_amendments, len(amendable)))
        issues = rng.sample(sorted(amendable), k)
        return Propose(actor, tuple((i, rng.choice(amendable[i])) for i in issues), "note")
    simple = list(legal.simple())
    if state.phase == "offers" and (not simple or rng.random() < 0.6):
        offer = _random_offer(state, actor, rng)
        if offer is not None:
            return offer
    return rng.choice(simple)


def play_random(state: GameState, seed: int, limit: int = 5000, *, extras: bool = True
                ) -> tuple[GameState, list[Action], list[tuple[LogEvent, ...]]]:
    """Play random legal actions until the game ends; return the actions and their logs."""
    rng = random.Random(seed)
    actions: list[Action] = []
    logs: list[tuple[LogEvent, ...]] = []
    while state.running and len(actions) < limit:
        action = random_action(state, rng, extras=extras)
        state, log = apply_action(state, action)
        actions.append(action)
        logs.append(log)
    return state, actions, logs
