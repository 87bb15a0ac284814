"""Build the core's immutable `Scenario` from a checked pydantic model.

Kept apart from the loader so that `backstop validate` never pays for the core's classes.
"""

from __future__ import annotations

from game.core import model as core
from game.scenario import models as m


def _cond(c: dict[str, list[str]]) -> core.Condition:
    return core.FrozenMap({k: tuple(v) for k, v in c.items()})


def _issue(i: m.Issue, party_ids: tuple[str, ...]) -> core.Issue:
    return core.Issue(
        id=i.id, name=i.name, description=i.description,
        options=tuple(core.Option(o.id, o.label, o.description) for o in i.options),
        stakeholders=tuple(i.stakeholders) if i.stakeholders is not None else party_ids,
        if_open=i.if_open, locked=i.locked,
    )


def _preferences(p: m.Preferences, issues: tuple[core.Issue, ...]) -> core.Preferences:
    return core.Preferences(
        weights=core.FrozenMap({i.id: float(p.weights.get(i.id, 0.0)) for i in issues}),
        values=core.FrozenMap({
            i.id: core.FrozenMap(
                {o.id: float(p.values.get(i.id, {}).get(o.id, 0.0)) for o in i.options}
            )
            for i in issues
        }),
        interactions=tuple(
            core.Interaction(_cond(x.when), float(x.value), x.note) for x in p.interactions
        ),
        red_lines=tuple(core.RedLine(r.issue, tuple(r.options), r.reason) for r in p.red_lines),
        reservation=float(p.reservation),
        urgency=float(p.urgency),
    )


def _trigger(t: m.Trigger) -> core.Trigger:
    kind: core.TriggerKind
    if t.round is not None:
        kind = "round"
    elif t.chance is not None:
        kind = "chance"
    elif t.when is not None:
        kind = "when"
    else:
        kind = "manual"
    return core.Trigger(
        kind=kind, round=t.round, chance=t.chance,
        when=_cond(t.when) if t.when else core.FrozenMap(),
        from_round=t.from_round, to_round=t.to_round,
    )


def _nested(d: dict[str, dict[str, float]]) -> core.FrozenMap[str, core.FrozenMap[str, float]]:
    return core.FrozenMap({k: core.FrozenMap(v) for k, v in d.items()})


def _effect(e: m.Effect, party_ids: tuple[str, ...]) -> core.Effect:
    if e.party is not None:
        return core.AdjustParty(e.party, core.FrozenMap(e.weights), _nested(e.values),
                                float(e.reservation), float(e.urgency))
    if e.add_option is not None:
        n = e.add_option
        return core.AddOption(n.issue, core.Option(n.id, n.label, n.description),
                              core.FrozenMap(n.values), n.after)
    if e.remove_option is not None:
        return core.RemoveOption(e.remove_option.issue, e.remove_option.option)
    if e.lock is not None:
        return core.LockIssue(e.lock.issue, e.lock.option)
    if e.unlock is not None:
        return core.UnlockIssue(e.unlock)
    if e.add_issue is not None:
        return core.AddIssue(_issue(e.add_issue, party_ids), core.FrozenMap(e.add_issue.weights),
                             _nested(e.add_issue.values))
    if e.remove_issue is not None:
        return core.RemoveIssue(e.remove_issue)
    if e.end_game is not None:
        return core.EndGame(e.end_game.reason)
    assert e.news is not None  # the model guarantees exactly one kind
    return core.News(e.news)


def _map(spec: m.MapSpec) -> core.MapSpec:
    return core.MapSpec(
        region=spec.region,
        locations=tuple(
            core.Location(x.id, x.name, x.kind, x.lat, x.lon, x.control, x.note)
            for x in spec.locations
        ),
        lines=tuple(
            core.MapLine(x.id, x.name, x.kind, tuple((p[0], p[1]) for p in x.points))
            for x in spec.lines
        ),
        layers=tuple(
            core.Layer(
                id=x.id, when=_cond(x.when), label=x.label,
                markers=tuple(core.Marker(k.at, k.icon, k.label) for k in x.markers),
                bands=tuple(core.Band(b.along, b.width_km, b.label) for b in x.bands),
            )
            for x in spec.layers
        ),
    )


def build(s: m.ScenarioModel) -> core.Scenario:
    """The core's immutable scenario from a checked model (no further validation)."""
    party_ids = tuple(p.id for p in s.parties)
    issues = tuple(_issue(i, party_ids) for i in s.issues)
    return core.Scenario(
        id=s.id, title=s.title, summary=s.summary, briefing=s.briefing, author=s.author,
        version=s.version, rounds=s.rounds, round_minutes=float(s.round_minutes),
        protocol=s.protocol, max_amendments=s.max_amendments, vote_rule=s.vote_rule,
        agreement=core.Agreement(
            tuple(s.agreement.signatories),
            s.agreement.quorum if s.agreement.quorum is not None else len(s.agreement.signatories),
        ),
        draft=core.FrozenMap(s.draft),
        issues=issues,
        parties=tuple(
            core.Party(
                id=p.id, name=p.name, leader=p.leader, color=p.color,
                briefing_public=p.briefing.public, briefing_confidential=p.briefing.confidential,
                public_position=core.FrozenMap(p.public_position),
                preferences=_preferences(p.preferences, issues),
                bot=core.BotSpec(p.bot.strategy, p.bot.e),
            )
            for p in s.parties
        ),
        events=tuple(
            core.Event(e.id, e.title, e.text, _trigger(e.trigger),
                       tuple(_effect(x, party_ids) for x in e.effects))
            for e in s.events
        ),
        map=_map(s.map) if s.map else None,
        debrief_questions=tuple(s.debrief_questions),
    )
