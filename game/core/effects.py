"""Firing events: the typed effects of DESIGN.md section 4, applied to a `GameState`.

Numbers in effects are deltas. Results are clamped to their ranges (weights at least 0, values
and reservation 0..100, urgency 0..0.99), so an event can never make a preference invalid.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Literal

from game.core.model import (
    AddIssue,
    AddOption,
    AdjustParty,
    Effect,
    EndGame,
    Event,
    FrozenMap,
    Issue,
    LockIssue,
    News,
    Preferences,
    RemoveIssue,
    RemoveOption,
    UnlockIssue,
)
from game.core.state import GameState, LogEvent, NewsItem, event, evolve

Step = tuple[GameState, tuple[LogEvent, ...]]


def _clamp(x: float, lo: float, hi: float) -> float:
    return min(hi, max(lo, x))


def end_game(state: GameState, status: Literal["agreement", "no_deal"], reason: str,
             log: tuple[LogEvent, ...]) -> Step:
    """End the game now with `status`; `log` is extended with a `GameEnded` event."""
    state = evolve(state, status=status, phase="ended", end_round=state.round,
                    end_reason=reason, pending_rolls=())
    return state, (*log, event("GameEnded", status=status, reason=reason, round=state.round))


def fire(state: GameState, ev: Event, *, by: str | None = None) -> Step:
    """Fire `ev`: record it, show its news, apply its effects in order."""
    state = evolve(
        state,
        fired=tuple(sorted({*state.fired, ev.id})),
        news=(*state.news, NewsItem(state.round, ev.id, ev.title, ev.text)),
    )
    head = event("EventFired", event=ev.id, title=ev.title, by=by or "rules")
    return apply_effects(state, ev.id, ev.title, ev.effects, head)


def inject(state: GameState, headline: str, text: str, effects: tuple[Effect, ...],
           by: str) -> Step:
    """An ad-hoc inject from the control seat: its news item is `inject-<seq>`; it does not
    count as a scenario event fired."""
    source = f"inject-{state.seq}"
    state = evolve(state, news=(*state.news, NewsItem(state.round, source, headline, text)))
    head = event("InjectFired", inject=source, headline=headline, by=by)
    return apply_effects(state, source, headline, effects, head)


def taking_effect(effects: tuple[Effect, ...]) -> tuple[Effect, ...]:
    """The effects that apply when fired: all of them, up to and including the first
    `EndGame` (the game is over after it, so any later one never applies)."""
    for k, effect in enumerate(effects):
        if isinstance(effect, EndGame):
            return effects[:k + 1]
    return effects


def apply_effects(state: GameState, source: str, title: str, effects: tuple[Effect, ...],
                  head: LogEvent) -> Step:
    """Apply `effects` in order; `head` opens the log. An `EndGame` effect ends the game."""
    log: list[LogEvent] = [head]
    for effect in effects:
        match effect:
            case AdjustParty():
                state = _adjust(state, effect)
            case AddOption():
                state = _add_option(state, effect)
            case RemoveOption():
                state = _remove_option(state, effect)
            case LockIssue():
                draft = state.draft
                if effect.option is not None and effect.option in state.issue(
                        effect.issue).option_ids:
                    draft = FrozenMap({**draft, effect.issue: effect.option})
                state = evolve(state, draft=draft,
                                locked=tuple(sorted({*state.locked, effect.issue})))
            case UnlockIssue():
                state = evolve(state, locked=tuple(x for x in state.locked
                                                   if x != effect.issue))
            case AddIssue():
                state = _add_issue(state, effect)
            case RemoveIssue():
                state = _remove_issue(state, effect.issue)
            case News():
                state = evolve(state, news=(*state.news,
                                             NewsItem(state.round, source, title, effect.text)))
            case EndGame():
                reason = effect.reason or f"{title} ended the talks"
                return end_game(state, "no_deal", reason, tuple(log))
        log.append(event("EffectApplied", event=source, effect=type(effect).__name__))
    return state, tuple(log)


def _with_prefs(state: GameState, party: str, prefs: Preferences) -> GameState:
    return evolve(state, prefs=FrozenMap({**state.prefs, party: prefs}))


def _adjust(state: GameState, e: AdjustParty) -> GameState:
    p = state.prefs[e.party]
    weights = p.weights
    if e.weights:
        weights = FrozenMap({k: _clamp(w + e.weights.get(k, 0.0), 0.0, 1000.0)
                             for k, w in p.weights.items()})
    values = p.values
    if e.values:  # rebuild only the issues the effect touches
        changed = dict(p.values)
        for issue, deltas in e.values.items():
            if issue in changed:
                changed[issue] = FrozenMap({o: _clamp(v + deltas.get(o, 0.0), 0.0, 100.0)
                                            for o, v in p.values[issue].items()})
        values = FrozenMap(changed)
    new = replace(
        p,
        weights=weights,
        values=values,
        reservation=_clamp(p.reservation + e.reservation, 0.0, 100.0),
        urgency=_clamp(p.urgency + e.urgency, 0.0, 0.99),
    )
    return _with_prefs(state, e.party, new)


def _replace_issue(state: GameState, issue: Issue) -> GameState:
    return evolve(state, issues=tuple(issue if i.id == issue.id else i for i in state.issues))


def _add_option(state: GameState, e: AddOption) -> GameState:
    if not state.has_issue(e.issue) or e.option.id in state.issue(e.issue).option_ids:
        return state
    issue = state.issue(e.issue)
    options = list(issue.options)
    at = issue.option_ids.index(e.after) + 1 if e.after in issue.option_ids else len(options)
    options.insert(at, e.option)
    state = _replace_issue(state, replace(issue, options=tuple(options)))
    for party, p in state.prefs.items():
        values = dict(p.values)
        values[e.issue] = FrozenMap({**p.values[e.issue], e.option.id: e.values.get(party, 0.0)})
        state = _with_prefs(state, party, replace(p, values=FrozenMap(values)))
    return state


def _remove_option(state: GameState, e: RemoveOption) -> GameState:
    if not state.has_issue(e.issue):
        return state
    issue = state.issue(e.issue)
    if e.option not in issue.option_ids or len(issue.options) <= 1:
        return state  # an issue always keeps at least one option
    state = _replace_issue(state, replace(
        issue, options=tuple(o for o in issue.options if o.id != e.option),
        if_open=None if issue.if_open == e.option else issue.if_open))
    if state.draft.get(e.issue) == e.option:
        state = evolve(state, draft=FrozenMap({**state.draft, e.issue: None}),
                        draft_by=FrozenMap({k: v for k, v in state.draft_by.items()
                                            if k != e.issue}))
    for party, p in state.prefs.items():
        values = dict(p.values)
        values[e.issue] = FrozenMap({o: v for o, v in p.values[e.issue].items() if o != e.option})
        red = tuple(
            replace(r, options=tuple(o for o in r.options if o != e.option))
            for r in p.red_lines
        )
        state = _with_prefs(state, party, replace(
            p, values=FrozenMap(values), red_lines=tuple(r for r in red if r.options)))
    return state


def _add_issue(state: GameState, e: AddIssue) -> GameState:
    if state.has_issue(e.issue.id):
        return state
    state = evolve(state, issues=(*state.issues, e.issue),
                    draft=FrozenMap({**state.draft, e.issue.id: None}))
    for party, p in state.prefs.items():
        given = e.values.get(party, FrozenMap())
        state = _with_prefs(state, party, replace(
            p,
            weights=FrozenMap({**p.weights, e.issue.id: e.weights.get(party, 0.0)}),
            values=FrozenMap({**p.values, e.issue.id: FrozenMap(
                {o: given.get(o, 0.0) for o in e.issue.option_ids})}),
        ))
    return state


def _remove_issue(state: GameState, issue_id: str) -> GameState:
    if not state.has_issue(issue_id) or len(state.issues) <= 1:
        return state  # the text always keeps at least one clause
    state = evolve(
        state,
        issues=tuple(i for i in state.issues if i.id != issue_id),
        draft=FrozenMap({k: v for k, v in state.draft.items() if k != issue_id}),
        draft_by=FrozenMap({k: v for k, v in state.draft_by.items() if k != issue_id}),
        locked=tuple(x for x in state.locked if x != issue_id),
    )
    for party, p in state.prefs.items():
        state = _with_prefs(state, party, replace(
            p,
            weights=FrozenMap({k: w for k, w in p.weights.items() if k != issue_id}),
            values=FrozenMap({k: v for k, v in p.values.items() if k != issue_id}),
            interactions=tuple(x for x in p.interactions if issue_id not in x.when),
            red_lines=tuple(r for r in p.red_lines if r.issue != issue_id),
        ))
    return state
