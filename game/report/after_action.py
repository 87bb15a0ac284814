"""The after-action report: `backstop report LOG --html FILE [--md FILE] [--csv DIR]`.

For the trainer's hot-wash after a game: the scenario, who sat where, the outcome and the final
text; each party's score, walk-away, surplus and which of its red lines were tested; the deal's
quality against the Pareto frontier and the Nash and Kalai–Smorodinsky texts; charts; who
blocked what; a timeline; and the scenario's debrief questions with room to write.

`build_report` replays the log once and gathers everything into a `Report` of plain data;
`render_html`, `render_markdown` and `csv_files` turn it into text, and `write_reports` writes
the files with the writer it is given (the session layer's atomic write). The HTML is rendered
by jinja2 with autoescaping on and its charts are inlined PNGs, so the file is self-contained
and text from the scenario or the log can never inject markup. With `anonymise`, every player
name from the seats is replaced by the party's name wherever the report prints log text.
"""

from __future__ import annotations

import csv
import dataclasses
import io
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar

import jinja2

from game.bots.naming import bot_name
from game.core.analysis import (
    DealAssessment,
    analyze_matrix,
    analyze_space,
    deal_rounds_elapsed,
    game_space,
    pareto_mask,
)
from game.core.effects import taking_effect
from game.core.log import LogError, header_hash, replay
from game.core.model import AddIssue, AddOption, Effect, Issue, News, Scenario
from game.core.rules import new_game
from game.core.scoring import utility, with_fallbacks
from game.core.state import GameState
from game.core.utility import DENSE_LIMIT, OutcomeSpace
from game.core.view import final_scores, in_words
from game.core.words import and_list, effect_words
from game.report.charts import ChartData, PairData, render_charts
from game.report.transcript import inject_effects

MAX_LISTED = 6
"""Red-line tests listed by name per red line; the rest are counted."""
SAMPLE = 20_000
"""Texts drawn for the pair chart when the outcome space is too large to enumerate."""

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Clause:
    issue: str
    option: str


@dataclass(frozen=True, slots=True)
class SeatInfo:
    party: str
    seat: str
    """As printed: "human: Name", "bot: Boulware (tough)"."""
    changes: tuple[str, ...]
    """Later seat changes, "round 3: bot: boulware"."""


@dataclass(frozen=True, slots=True)
class RedLineTest:
    clause: str
    """"Force size: No troops" (several options joined with " or ")."""
    reason: str
    tested_by: tuple[str, ...]
    """What crossed it: proposals, offers, the draft, signing texts; empty when never tested."""
    more: int
    """Further proposals or offers that crossed it, not listed."""


@dataclass(frozen=True, slots=True)
class PartyRow:
    id: str
    name: str
    signatory: bool
    seat: str
    utility: float
    """Its utility for the final text (undiscounted)."""
    score: float
    reservation: float
    """Its walk-away value at the end (events may have moved it)."""
    surplus: float
    signed: str
    """"signed", "refused" or "" (no signing)."""
    red_lines: tuple[RedLineTest, ...]
    start_reservation: float
    """Its walk-away value when the game began."""
    strategy: str = ""
    """The bot's strategy spec as logged when a bot held the seat at the start ("" for a
    human), for machines reading parties.csv; `seat` is in words."""

    @property
    def moved(self) -> bool:
        """Whether events moved its walk-away value during the game."""
        return abs(self.reservation - self.start_reservation) >= 0.05

    @property
    def walk_away(self) -> str:
        """The walk-away value at the end, and where it began if events moved it: "45.0 (was
        52.0)"."""
        return _points(self.reservation) + (
            f" (was {_points(self.start_reservation)})" if self.moved else "")

    @property
    def tested(self) -> int:
        return sum(1 for r in self.red_lines if r.tested_by)


@dataclass(frozen=True, slots=True)
class Bargain:
    label: str
    clauses: tuple[Clause, ...]
    utilities: tuple[tuple[str, float], ...]
    """(party name, utility) for the analysed parties."""


@dataclass(frozen=True, slots=True)
class Quality:
    lines: tuple[str, ...]
    """The verdict in sentences."""
    assessed: bool
    pareto_optimal: bool | None = None
    distance: float | None = None
    nash_percent: float | None = None
    in_zone: bool | None = None
    analysed: tuple[str, ...] = ()
    bargains: tuple[Bargain, ...] = ()
    deal_utilities: tuple[tuple[str, float], ...] = ()


@dataclass(frozen=True, slots=True)
class PairPoints:
    """What the utility scatter marks, in the two parties' utilities."""

    ids: tuple[str, str]
    frontier: tuple[tuple[float, float], ...]
    """Their Pareto frontier over the texts both may sign."""
    nash: tuple[float, float] | None
    """Their Nash point (most product of gains over walk-away); None with no zone."""
    deal: tuple[float, float] | None


@dataclass(frozen=True, slots=True)
class Block:
    proposal: int
    round: int
    proposer: str
    text: str
    note: str
    opposed: tuple[str, ...]
    supported: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Moment:
    seq: int
    round: int
    kind: str
    text: str


@dataclass(frozen=True, slots=True)
class ActionRow:
    seq: int
    round: int
    phase: str
    actor: str
    type: str
    text: str
    utilities: tuple[float, ...]
    """Each party's utility (scenario order) for the draft after the action."""


@dataclass(frozen=True)
class Report:
    scenario_id: str
    title: str
    summary: str
    seed: str
    game_version: str
    log_id: str
    """The header hash: identifies the game."""
    branch: str
    status: str
    outcome: str
    end_reason: str
    rounds: int
    rounds_played: int
    final_is_agreement: bool
    final_text: tuple[Clause, ...]
    seats: tuple[SeatInfo, ...]
    parties: tuple[PartyRow, ...]
    quality: Quality
    blocks: tuple[Block, ...]
    blockers: tuple[tuple[str, int], ...]
    """(party name, proposals its vote sank), most first."""
    moments: tuple[Moment, ...]
    questions: tuple[str, ...]
    actions: tuple[ActionRow, ...]
    party_ids: tuple[str, ...]
    pair: tuple[str, str]
    """The party names of the utility scatter."""
    anonymised: bool
    pair_points: PairPoints | None = None
    charts: Mapping[str, str] = field(default_factory=dict)
    """Chart name -> base64 PNG (empty without charts)."""

    @property
    def walk_away_note(self) -> str:
        """Under the scores: what "(was …)" beside a walk-away value means, when one shows."""
        return ("“(was …)”: the walk-away value when the game began, before events moved it."
                if any(p.moved for p in self.parties) else "")

    @property
    def quality_title(self) -> str:
        """The deal-quality section's heading: after no deal it says what was possible."""
        return "What was possible" if self.status == "no_deal" else "Deal quality"


# -- building ------------------------------------------------------------------------------------


class _Labels:
    """Issue and option labels, including those that events add during a game."""

    def __init__(self, scenario: Scenario, states: Iterable[GameState]) -> None:
        issues: list[Issue] = list(scenario.issues)
        seen: set[int] = set()
        for state in states:
            if id(state.issues) not in seen:
                seen.add(id(state.issues))
                issues.extend(state.issues)
        self.issues = {i.id: i.name for i in issues}
        self.options = {(i.id, o.id): o.label for i in issues for o in i.options}
        for ev in scenario.events:
            for eff in ev.effects:
                if isinstance(eff, AddOption):
                    self.options.setdefault((eff.issue, eff.option.id), eff.option.label)
                elif isinstance(eff, AddIssue):
                    self.issues.setdefault(eff.issue.id, eff.issue.name)
                    for o in eff.issue.options:
                        self.options.setdefault((eff.issue.id, o.id), o.label)
        self.parties = {p.id: p.name for p in scenario.parties}
        self.events = {e.id: e for e in scenario.events}

    def effects(self, effects: tuple[Effect, ...]) -> str:
        """What events or injects did, in words (" — United Kingdom: reservation –5.0; locks
        US backstop on …"), so the timeline shows a clause settled by the control seat as
        such; "" for news only. Effects after one that ended the game are left out."""
        said = "; ".join(effect_words(e, self.party, lambda i: self.issues.get(i, i),
                                      self.option)
                         for e in taking_effect(effects) if not isinstance(e, News))
        return f" — {said}" if said else ""

    def party(self, pid: str) -> str:
        return self.parties.get(pid, pid)

    def words(self, message: object) -> str:
        """A message of the rules (a reason) with party and issue ids named."""
        return in_words(str(message), {**self.parties, **self.issues})

    def option(self, issue: str, option: str | None) -> str:
        if option is None:
            return "(open)"
        return self.options.get((issue, option), option)

    def clause(self, issue: str, option: str | None) -> Clause:
        return Clause(self.issues.get(issue, issue), self.option(issue, option))

    def text(self, pairs: Any) -> str:
        return "; ".join(f"{c.issue}: {c.option}" for c in
                         (self.clause(str(i), str(o)) for i, o in _items(pairs)))


def _items(pairs: Any) -> list[tuple[Any, Any]]:
    if isinstance(pairs, Mapping):
        return list(pairs.items())
    return [(p[0], p[1]) for p in pairs or () if isinstance(p, list | tuple) and len(p) == 2]


def _seat_text(seat: str) -> str:
    """A logged seat as the report prints it: "human: Ann", "bot: Concedes late (e=0.8)" (the
    screens' words for a strategy, `bot_name`, never the raw spec)."""
    kind, _, who = str(seat).partition(":")
    if kind == "bot":
        return f"bot: {bot_name(who)}"
    return f"{kind}: {who}" if who else kind


def _strategy(seat: str) -> str:
    """A bot seat's strategy spec as logged (`time_dependent:e=0.8`); "" for a human."""
    kind, _, spec = str(seat).partition(":")
    return spec if kind == "bot" else ""


def _events(rec: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    events = rec.get("events", [])
    return [e for e in events if isinstance(e, Mapping)] if isinstance(events, list) else []


def _dated(scenario: Scenario, records: Sequence[Mapping[str, Any]]
           ) -> Iterable[tuple[int, int, Mapping[str, Any], Mapping[str, Any] | None]]:
    """(seq, round, record, event) for every event of the game in order, the opening's first.

    A record's `round` is the round its action was taken in, but the last vote of a round
    also starts the next one, and that round's news fires in the same record after its
    `RoundStarted`: each event is dated by the round it happened in, as the replay
    transcript and the news list show it. The events of round 1 that fire at the start of
    the game come before any action, so no record holds them: they are the opening's (seq 0,
    an empty record). A record without events comes once with event None.
    """
    opening = [e.to_dict() for e in new_game(scenario)[1]]
    rnd = 1
    for k, rec in enumerate([{"seq": 0, "round": 1, "events": opening}, *records]):
        seq = int(rec.get("seq", k))
        rnd = int(rec.get("round", rnd))
        events = _events(rec)
        if not events:
            yield seq, rnd, ({} if k == 0 else rec), None
        for ev in events:
            if ev.get("kind") == "RoundStarted":
                rnd = int(ev.get("round", rnd))
            yield seq, rnd, ({} if k == 0 else rec), ev


def player_names(header: Mapping[str, Any], records: Sequence[Mapping[str, Any]]
                 ) -> dict[str, str]:
    """Player name -> the party of its first seat, from the header's seats and seat records."""
    names: dict[str, str] = {}
    seats = header.get("seats", {})
    found = list(seats.items()) if isinstance(seats, Mapping) else []
    for rec in records:
        action = rec.get("action", {})
        if isinstance(action, Mapping) and action.get("type") == "seat":
            found.append((str(action.get("party", "")), str(action.get("seat", ""))))
    for party, seat in found:
        kind, _, who = str(seat).partition(":")
        if kind == "human" and who.strip() and who.strip().lower() not in NOT_NAMES:
            names.setdefault(who.strip(), str(party))
    return names


NOT_NAMES = frozenset({"control", "chance", "observer", "rules", "human", "bot", "player"})
"""Seat names that are words the report itself uses (the control seat takes a seat over as
"Control"): anonymising them would rewrite "fired by control" as a party's act."""


def scrubber(names: Mapping[str, str]) -> Callable[[str], str]:
    """A function that replaces each player name (whole words, any case) with its party's."""
    if not names:
        return lambda text: text
    lower = {n.lower(): party for n, party in names.items()}
    pattern = re.compile(r"(?<!\w)(?:" + "|".join(
        re.escape(n) for n in sorted(names, key=len, reverse=True)) + r")(?!\w)", re.IGNORECASE)
    return lambda text: pattern.sub(lambda m: lower.get(m.group(0).lower(), "a player"), text)


_IDS = frozenset({"charts", "id", "ids", "party_ids", "strategy"})
"""Fields `_scrub` leaves alone: ids, strategy specs and images."""


def _scrub(value: T, fn: Callable[[str], str]) -> T:
    """`value` with `fn` applied to every string inside it (dataclasses, tuples, mappings)."""
    out: Any
    if isinstance(value, str):
        out = fn(value)
    elif isinstance(value, tuple):
        out = tuple(_scrub(v, fn) for v in value)
    elif isinstance(value, list):
        out = [_scrub(v, fn) for v in value]
    elif dataclasses.is_dataclass(value) and not isinstance(value, type):
        out = dataclasses.replace(value, **{
            f.name: _scrub(getattr(value, f.name), fn) for f in dataclasses.fields(value)
            if f.name not in _IDS})
    else:
        out = value
    return out  # type: ignore[no-any-return]


def build_report(scenario: Scenario, header: Mapping[str, Any],
                 records: Sequence[Mapping[str, Any]], *, pair: Sequence[str] | None = None,
                 anonymise: bool = False, charts: bool = True) -> Report:
    """Replay the log (verifying every state hash) and gather the report.

    `pair` names the two parties of the utility scatter (default: the first two signatories).
    LogError when the log does not replay; ValueError for an unknown pair.
    """
    if pair is not None:
        chosen = tuple(pair)
        if len(chosen) != 2 or chosen[0] == chosen[1] or any(
                p not in scenario.party_ids for p in chosen):
            raise ValueError(f"the pair must be two different parties of "
                             f"{', '.join(scenario.party_ids)}, not {', '.join(chosen)}")
    else:
        ranked = [*scenario.agreement.signatories,
                  *(p for p in scenario.party_ids if p not in scenario.agreement.signatories)]
        chosen = (ranked[0], ranked[1])
    replayed = replay(scenario, records, verify=True, keep_states=True)
    try:
        return _build(scenario, header, records, replayed.states, chosen, anonymise=anonymise,
                      charts=charts)
    except (AttributeError, KeyError, TypeError, ValueError) as exc:
        raise LogError(f"the log's events cannot be read ({type(exc).__name__}: {exc})"
                       ) from None


def _build(scenario: Scenario, header: Mapping[str, Any], records: Sequence[Mapping[str, Any]],
           states: Sequence[GameState], chosen: tuple[str, str], *, anonymise: bool,
           charts: bool) -> Report:
    final = states[-1]
    labels = _Labels(scenario, states)
    ids = tuple(i.id for i in final.issues)
    party_ids = scenario.party_ids

    # each party's utility for the draft after every action (revealed, final preferences);
    # most actions leave the draft object as it was, so score each draft object once
    curves: dict[str, list[float]] = {p: [] for p in party_ids}
    last: object = None
    for s in states:
        if s.draft is not last:
            last = s.draft
            reading = with_fallbacks(final.issues, s.draft)
            now = [utility(final.prefs[p], reading, ids) for p in party_ids]
        for p, u in zip(party_ids, now, strict=True):
            curves[p].append(u)
    actions = tuple(
        ActionRow(seq=int(rec.get("seq", k)), round=int(rec.get("round", 0)),
                  phase=str(rec.get("phase", "")), actor=str(rec.get("actor", "")),
                  type=str(rec.get("action", {}).get("type", "?"))
                  if isinstance(rec.get("action"), Mapping) else "?",
                  text=str(rec.get("text", "")),
                  utilities=tuple(curves[p][k] for p in party_ids))
        for k, rec in enumerate(records, start=1))

    agreed = final.status == "agreement" and final.agreement is not None
    text: Mapping[str, str | None] = final.agreement if agreed and final.agreement is not None \
        else final.draft
    final_text = tuple(labels.clause(i.id, text.get(i.id)) for i in final.issues)
    scores = final_scores(final)
    seats = _seats(header, records, labels)
    seat_of = {s.party: s.seat for s in seats}
    start_seats = header.get("seats", {})
    start_seats = start_seats if isinstance(start_seats, Mapping) else {}
    reds = _red_lines(scenario, records, states, labels)
    parties = tuple(
        PartyRow(id=p.id, name=p.name, signatory=p.id in scenario.agreement.signatories,
                 seat=seat_of.get(p.name, ""),
                 utility=utility(final.prefs[p.id], text, ids), score=scores[p.id],
                 reservation=final.prefs[p.id].reservation,
                 surplus=scores[p.id] - final.prefs[p.id].reservation,
                 signed=("signed" if final.last_signing[p.id] else "refused")
                 if p.id in final.last_signing else "",
                 red_lines=reds[p.id], start_reservation=states[0].prefs[p.id].reservation,
                 strategy=_strategy(str(start_seats.get(p.id, ""))))
        for p in scenario.parties)

    pair_data, quality = _quality(final, chosen, labels)
    blocks, blockers = _blocks(records, labels)
    if final.status == "agreement":
        outcome = f"Agreement in round {final.end_round}."
    elif final.status == "no_deal":
        outcome = "No deal: every party scores its walk-away value."
    else:
        outcome = (f"The game is still running (round {final.round}, {final.phase}); scores "
                   "are the walk-away values.")
    branch = ""
    if header.get("parent"):
        branch = f"a branch of game {header['parent']} from round {header.get('branch_round')}"
    report = Report(
        scenario_id=scenario.id, title=scenario.title, summary=scenario.summary,
        seed=str(header.get("seed", "")), game_version=str(header.get("game_version", "")),
        log_id=header_hash(header), branch=branch, status=final.status, outcome=outcome,
        end_reason=_sentence(labels.words(final.end_reason)),
        rounds=scenario.rounds,
        rounds_played=min(final.end_round or final.round, scenario.rounds),
        final_is_agreement=agreed, final_text=final_text, seats=seats, parties=parties,
        quality=quality, blocks=blocks, blockers=blockers,
        moments=_moments(scenario, records, labels), questions=scenario.debrief_questions,
        actions=actions, party_ids=party_ids,
        pair=(labels.party(chosen[0]), labels.party(chosen[1])), anonymised=anonymise,
        pair_points=None if pair_data is None else PairPoints(
            chosen, tuple(pair_data.frontier), pair_data.nash, pair_data.deal))
    if anonymise:
        names = player_names(header, records)
        report = _scrub(report, scrubber({n: labels.party(p) for n, p in names.items()}))
    if charts:
        rounds_at = [(k, s.round) for k, s in enumerate(states)
                     if k == 0 or s.round != states[k - 1].round]
        data = ChartData(
            names={p.id: p.name for p in scenario.parties},
            colors={p.id: p.color for p in scenario.parties},
            reservations={p: final.prefs[p].reservation for p in party_ids},
            curves=curves, rounds=rounds_at, records=list(records), pair=pair_data,
            opening=[e.to_dict() for e in new_game(scenario)[1]])
        report = dataclasses.replace(report, charts=render_charts(data))
    return report


def _seats(header: Mapping[str, Any], records: Sequence[Mapping[str, Any]], labels: _Labels
           ) -> tuple[SeatInfo, ...]:
    start = header.get("seats", {})
    start = start if isinstance(start, Mapping) else {}
    changes: dict[str, list[str]] = {}
    for rec in records:
        action = rec.get("action", {})
        if isinstance(action, Mapping) and action.get("type") == "seat":
            party = str(action.get("party", ""))
            changes.setdefault(party, []).append(
                f"round {rec.get('round', '?')}: {_seat_text(str(action.get('seat', '')))}")
    return tuple(SeatInfo(labels.party(pid), _seat_text(str(start.get(pid, "human:"))),
                          tuple(changes.get(pid, ())))
                 for pid in labels.parties)


def _red_lines(scenario: Scenario, records: Sequence[Mapping[str, Any]],
               states: Sequence[GameState], labels: _Labels) -> dict[str, tuple[RedLineTest, ...]]:
    """Per party, each red line and what crossed it: proposals, offers, drafts, signing texts."""
    lines = {p.id: p.preferences.red_lines for p in scenario.parties}
    named: dict[tuple[str, int], list[str]] = {}
    draft_rounds: dict[tuple[str, int], list[int]] = {}
    signing_rounds: dict[tuple[str, int], list[int]] = {}
    in_draft: set[tuple[str, int]] = set()

    def crossed(pairs: Iterable[tuple[Any, Any]]) -> list[tuple[str, int]]:
        text = dict(pairs)
        return [(pid, k) for pid, rls in lines.items() for k, r in enumerate(rls)
                if text.get(r.issue) in r.options]

    def note(bucket: dict[tuple[str, int], list[int]], hits: list[tuple[str, int]],
             rnd: int) -> None:
        for hit in hits:
            rounds = bucket.setdefault(hit, [])
            if rnd not in rounds:
                rounds.append(rnd)

    for k, rec in enumerate(records, start=1):
        rnd = states[k].round if k < len(states) else int(rec.get("round", 0))
        for ev in _events(rec):
            kind = ev.get("kind")
            if kind == "ProposalTabled":
                what = (f"proposal #{ev.get('proposal')} by {labels.party(str(ev.get('party')))}"
                        f" (round {rec.get('round')})")
                for hit in crossed(_items(ev.get("amendments"))):
                    named.setdefault(hit, []).append(what)
            elif kind == "OfferMade":
                what = (f"an offer by {labels.party(str(ev.get('party')))} "
                        f"(round {rec.get('round')})")
                for hit in crossed(_items(ev.get("text"))):
                    named.setdefault(hit, []).append(what)
            elif kind == "SigningOpened":
                note(signing_rounds, crossed(_items(ev.get("text"))), int(rec.get("round", 0)))
        if k < len(states) and states[k].draft is not states[k - 1].draft:
            now = set(crossed((i, o) for i, o in states[k].draft.items() if o is not None))
            note(draft_rounds, sorted(now - in_draft), rnd)  # the draft has just crossed it
            in_draft = now
    out: dict[str, tuple[RedLineTest, ...]] = {}
    for pid, rls in lines.items():
        rows = []
        for k, r in enumerate(rls):
            key = (pid, k)
            listed = named.get(key, [])
            tested = listed[:MAX_LISTED]
            if key in draft_rounds:
                tested.append(_rounds("the draft", draft_rounds[key], "from"))
            if key in signing_rounds:
                tested.append(_rounds("the signing text", signing_rounds[key]))
            clause = (f"{labels.issues.get(r.issue, r.issue)}: "
                      + " or ".join(labels.option(r.issue, o) for o in r.options))
            rows.append(RedLineTest(clause, r.reason, tuple(tested),
                                    max(0, len(listed) - MAX_LISTED)))
        out[pid] = tuple(rows)
    return out


def _rounds(what: str, rounds: list[int], word: str = "in") -> str:
    if len(rounds) == 1:
        return f"{what} {word} round {rounds[0]}"
    return f"{what} {word} rounds {', '.join(map(str, rounds))}"


def _quality(final: GameState, pair: tuple[str, str], labels: _Labels
             ) -> tuple[PairData | None, Quality]:
    """The outcome judged against the game as it ended (`game.core.analysis.analyze_game`:
    the preferences events left, discounted to the round of the deal, so the verdict agrees
    with the scores), and the pair chart's data."""
    signatories = final.scenario.agreement.signatories
    rounds_elapsed = deal_rounds_elapsed(final)
    try:
        space = game_space(final)
        if space.size <= DENSE_LIMIT:
            matrix = space.matrix(tuple(dict.fromkeys((*signatories, *pair))))
            analysis = analyze_matrix(matrix, signatories, rounds_elapsed)
            a, b = (matrix.party_ids.index(p) for p in pair)
            cloud = (matrix.utilities[:, a], matrix.utilities[:, b],
                     matrix.sign_ok[:, a] & matrix.sign_ok[:, b])
        else:
            analysis = analyze_space(space, signatories, rounds_elapsed)
            cloud = _sample_cloud(space, pair)
    except ValueError as exc:
        return None, Quality((f"The outcome space could not be analysed ({exc}).",),
                             assessed=False)
    deal: DealAssessment | None = None
    if final.status == "agreement" and final.agreement is not None:
        deal = analysis.assess(dict(final.agreement))
    reservations = (space.reservations[space.party_index(pair[0])],
                    space.reservations[space.party_index(pair[1])])
    frontier, nash = _pair_solution(cloud, reservations)
    deal_point = None
    if deal is not None:
        u, _ = space.evaluate([space.digits_of(deal.text)], pair)
        deal_point = (float(u[0, 0]), float(u[0, 1]))
    pair_data = PairData(
        parties=pair, names=(labels.party(pair[0]), labels.party(pair[1])),
        x=cloud[0], y=cloud[1], signable=cloud[2], reservations=reservations,
        frontier=frontier, nash=nash, deal=deal_point,
        approximate=space.size > DENSE_LIMIT)
    bargains = tuple(Bargain(label, tuple(labels.clause(i, o) for i, o in s.text.items()),
                             tuple((labels.party(p), s.utilities[p]) for p in analysis.parties))
                     for label, s in (("Nash", analysis.nash),
                                      ("Kalai–Smorodinsky", analysis.kalai_smorodinsky))
                     if s is not None)
    analysed = tuple(labels.party(p) for p in analysis.parties)
    if deal is None:
        if final.status == "running":
            lines: tuple[str, ...] = ("The game is still running: there is no deal to judge "
                                      "yet.",)
        else:
            lines = (analysis.no_deal_verdict(),)
            if bargains:
                lines += (f"The {and_list([b.label for b in bargains])} "
                          f"{'texts are' if len(bargains) > 1 else 'text is'} among them: the "
                          "table below compares them with the last draft.",)
        return pair_data, Quality(lines, False, analysed=analysed, bargains=bargains)
    approx = " (estimated)" if deal.approximate else ""
    lines = (
        "Pareto-optimal: no other text is better for one signatory without being worse for "
        "another." if deal.pareto_optimal else
        "Not Pareto-optimal: another text was better for some signatory and no worse for any "
        f"(distance to the frontier {deal.distance_to_frontier or 0:.1f} points).",
        f"Nash ratio: {deal.nash_percent:.0f}% of the best possible product of surpluses"
        f"{approx}.",
        deal.zone_verdict(labels.party) + ".")
    return pair_data, Quality(
        lines, True, pareto_optimal=deal.pareto_optimal, distance=deal.distance_to_frontier,
        nash_percent=deal.nash_percent, in_zone=deal.in_zone, analysed=analysed,
        bargains=bargains,
        deal_utilities=tuple((labels.party(p), deal.utilities[p]) for p in analysis.parties))


def _pair_solution(cloud: tuple[Any, Any, Any], reservations: tuple[float, float]
                   ) -> tuple[list[tuple[float, float]], tuple[float, float] | None]:
    """The two parties' Pareto frontier over the texts both may sign, and their Nash point
    (the most product of gains over walk-away, before any discount), as utility pairs."""
    import numpy as np

    x, y, ok = cloud
    scale = 200_003  # utilities are whole thousandths of a point, at most 100,000
    keys = np.unique(np.rint(np.asarray(x, dtype=np.float64)[ok] * 1000).astype(np.int64)
                     * scale
                     + np.rint(np.asarray(y, dtype=np.float64)[ok] * 1000).astype(np.int64))
    if not keys.size:
        return [], None
    ux, uy = (keys // scale) / 1000, (keys % scale) / 1000
    on = pareto_mask(np.stack([ux, uy], axis=1))
    frontier = [(float(a), float(b)) for a, b in zip(ux[on], uy[on], strict=True)]
    rx, ry = reservations
    zone = (ux >= rx) & (uy >= ry)
    if not zone.any():
        return frontier, None
    gain = np.where(zone, (ux - rx) * (uy - ry), -1.0)
    best = int(np.argmax(gain))
    return frontier, (float(ux[best]), float(uy[best]))


def _sample_cloud(space: OutcomeSpace, pair: tuple[str, str]) -> tuple[Any, Any, Any]:
    import numpy as np

    rng = np.random.default_rng(0)
    digits = np.stack([rng.integers(0, k, SAMPLE) for k in space.radices], axis=1)
    u, ok = space.evaluate(digits, pair)
    return u[:, 0], u[:, 1], ok[:, 0] & ok[:, 1]


def _blocks(records: Sequence[Mapping[str, Any]], labels: _Labels
            ) -> tuple[tuple[Block, ...], tuple[tuple[str, int], ...]]:
    tabled: dict[int, tuple[int, str, str, str]] = {}
    votes: dict[int, Mapping[str, Any]] = {}
    blocks: list[Block] = []
    counts: dict[str, int] = {}
    for rec in records:
        for ev in _events(rec):
            kind = ev.get("kind")
            if kind == "ProposalTabled":
                tabled[int(ev.get("proposal", 0))] = (
                    int(rec.get("round", 0)), labels.party(str(ev.get("party"))),
                    labels.text(ev.get("amendments")), str(ev.get("note", "")))
            elif kind == "VotesRevealed":
                tally = ev.get("votes", {})
                votes[int(ev.get("proposal", 0))] = tally if isinstance(tally, Mapping) else {}
            elif kind == "ProposalFailed":
                pid = int(ev.get("proposal", 0))
                rnd, who, text, note = tabled.get(pid, (int(rec.get("round", 0)), "?", "", ""))
                opposed = tuple(str(p) for p in ev.get("opposed", []))
                for p in opposed:
                    counts[p] = counts.get(p, 0) + 1
                blocks.append(Block(pid, rnd, who, text, note,
                                    tuple(labels.party(p) for p in opposed),
                                    tuple(labels.party(str(p)) for p, yes in
                                          votes.get(pid, {}).items() if yes)))
    order = {p: k for k, p in enumerate(labels.parties)}
    blockers = tuple((labels.party(p), n) for p, n in
                     sorted(counts.items(), key=lambda item: (-item[1], order.get(item[0], 0))))
    return tuple(blocks), blockers


_SKIP = {"RoundStarted", "TurnPassed", "VoteCast", "VotingOpened", "VotesRevealed",
         "SigningDecided", "EffectApplied", "ChanceMissed"}


def _moments(scenario: Scenario, records: Sequence[Mapping[str, Any]], labels: _Labels
             ) -> tuple[Moment, ...]:
    """The timeline in words: everything but turns, single votes and bookkeeping, each in the
    round it happened in (see `_dated`)."""
    out: list[Moment] = []
    shown: dict[int, bool] = {}
    unread: dict[int, tuple[int, str]] = {}
    for seq, rnd, rec, ev in _dated(scenario, records):
        shown.setdefault(seq, False)
        kind = str(ev.get("kind", "")) if ev is not None else ""
        line = "" if ev is None or kind in _SKIP else _describe(ev, labels, rec)
        if line:
            out.append(Moment(seq, rnd, kind, line))
            shown[seq] = True
        elif (ev is None or line is None) and rec:  # what this version cannot read: its text
            unread.setdefault(seq, (int(rec.get("round", rnd)), str(rec.get("text", ""))))
    for seq, (rnd, text) in unread.items():
        if not shown[seq]:
            out.append(Moment(seq, rnd, "other", text))
    return tuple(sorted(out, key=lambda m: m.seq))


def _describe(ev: Mapping[str, Any], n: _Labels, rec: Mapping[str, Any]) -> str | None:
    """The event in words ("" when it needs none); None for a kind this version does not know."""
    kind = ev.get("kind")
    get = ev.get
    if kind == "ProposalTabled":
        note = f' — "{get("note")}"' if get("note") else ""
        return (f"#{get('proposal')} {n.party(str(get('party')))} proposes "
                f"{n.text(get('amendments'))}{note}")
    if kind == "ProposalPassed":
        return f"#{get('proposal')} passed: the draft now has {n.text(get('amendments'))}"
    if kind == "ProposalFailed":
        opposed = ", ".join(n.party(str(p)) for p in get("opposed", []))
        return f"#{get('proposal')} failed (opposed by {opposed})"
    if kind == "ProposalLapsed":
        return f"#{get('proposal')} lapsed: {n.words(get('reason', ''))}"
    if kind == "EventFired":
        by = " (fired by control)" if get("by") == "control" else ""
        event = n.events.get(str(get("event", "")))
        return (f"News: {get('title', get('event', ''))}{by}"
                + (n.effects(event.effects) if event is not None else ""))
    if kind == "InjectFired":
        action = rec.get("action", {})
        detail = str(action.get("text", "")) if isinstance(action, Mapping) else ""
        return f"Inject by {get('by', 'control')}: {get('headline', '')}" + (
            f" — {detail}" if detail else "") + n.effects(inject_effects(action))
    if kind == "SeatChanged":
        return f"{n.party(str(get('party')))} is now played by {_seat_text(str(get('seat')))}"
    if kind == "SigningForced":
        return "Control forces the signing phase"
    if kind == "SigningOpened":
        which = "Final signing" if get("final") else "Signing"
        return f"{which} on: {n.text(get('text'))}"
    if kind == "SignaturesRevealed":
        decisions = get("decisions", {})
        return ", ".join(f"{n.party(str(p))} {'signs' if v else 'refuses'}"
                         for p, v in (decisions.items() if isinstance(decisions, Mapping)
                                      else ()))
    if kind == "SigningFailed":
        return f"No agreement yet: {n.words(get('reason', ''))}"
    if kind == "SigningImpossible":
        return f"Signing impossible: {', '.join(map(str, get('open', [])))} still open"
    if kind == "SigningInterrupted":
        return f"Signing interrupted: {n.words(get('reason', ''))}"
    if kind == "StatementMade":
        return f'{n.party(str(get("party")))} says: "{get("text", "")}"'
    if kind == "OfferMade":
        return f"{n.party(str(get('party')))} offers {n.text(get('text'))}"
    if kind == "OfferAccepted":
        return f"{n.party(str(get('party')))} accepts"
    if kind == "AgreementReached":
        return f"AGREEMENT: {n.text(get('text'))}"
    if kind == "GameEnded":
        return "NO DEAL: " + n.words(get("reason", "")) if get("status") == "no_deal" else ""
    return None


# -- rendering -----------------------------------------------------------------------------------


_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("game.report", "templates"),
    autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
    trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
)


def render_html(report: Report) -> str:
    """One self-contained, printable HTML page (A4), charts inlined."""
    head, body = comparison(report)
    return _ENV.get_template("report.html.j2").render(
        r=report, points=_points, signed=_signed, comparison=(head, body) if head else None)


def comparison(report: Report) -> tuple[tuple[str, ...], list[list[str]]]:
    """The final text beside the Nash and Kalai–Smorodinsky texts, then each analysed party's
    utility for each; empty when there is nothing to compare."""
    q = report.quality
    if not q.bargains:
        return (), []
    head = ("Clause", "This game" if report.final_is_agreement else "Last draft",
            *(b.label for b in q.bargains))
    picks = [{c.issue: c.option for c in b.clauses} for b in q.bargains]
    rows = [[c.issue, c.option, *(p.get(c.issue, "—") for p in picks)]
            for c in report.final_text]
    deal = dict(q.deal_utilities)
    for k, (name, _) in enumerate(q.bargains[0].utilities):
        rows.append([f"{name}: utility", _points(deal.get(name)),
                     *(_points(b.utilities[k][1]) for b in q.bargains)])
    return head, rows


def _sentence(text: str) -> str:
    """A reason of the rules ("no agreement is possible: …") as a sentence of its own, after
    the outcome's: capitalised and ended with a full stop ("" stays "")."""
    text = text.strip()
    if not text:
        return ""
    return text[0].upper() + text[1:] + ("" if text.endswith((".", "!", "?")) else ".")


def _points(x: float | None) -> str:
    return "—" if x is None else f"{x:.1f}"


def _signed(x: float) -> str:
    return f"{x:+.1f}"


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]<>|~&$])")
_MD_LEADING = re.compile(r"^(\s*)([-+=#>]|\d+[.)])(?=\s|$)")


def md(text: object) -> str:
    """Text safe inside Markdown (and a table cell): markup characters escaped, one line."""
    out = _MD_SPECIAL.sub(r"\\\1", " ".join(str(text).split()))
    return _MD_LEADING.sub(lambda m: m.group(1) + "\\" + m.group(2), out)


def _table(head: Sequence[str], rows: Iterable[Sequence[object]]) -> list[str]:
    lines = ["| " + " | ".join(md(h) for h in head) + " |",
             "|" + "|".join("---" for _ in head) + "|"]
    lines.extend("| " + " | ".join(md(c) for c in row) + " |" for row in rows)
    return [*lines, ""]


def render_markdown(report: Report) -> str:
    """The report as GitHub-flavoured Markdown, for a learning platform (charts: see the HTML)."""
    r = report
    out = [f"# After-action report: {md(r.title)}", ""]
    meta = [f"Scenario `{r.scenario_id}`" if "`" not in r.scenario_id else md(r.scenario_id),
            f"seed {md(r.seed)}", f"game {md(r.log_id)}",
            f"{r.rounds_played} of {r.rounds} rounds"]
    out += [" · ".join(meta) + (f" · {md(r.branch)}" if r.branch else ""), ""]
    if r.summary:
        out += [md(r.summary), ""]
    out += ["## Outcome", "", f"**{md(r.outcome)}**" + (f" {md(r.end_reason)}" if r.end_reason
                                                        else ""), ""]
    out += ["## Seats", ""]
    out += _table(("Party", "Seat", "Changes"),
                  ((s.party, s.seat, "; ".join(s.changes) or "—") for s in r.seats))
    out += ["## The agreement" if r.final_is_agreement else "## The last draft", ""]
    out += _table(("Clause", "Option"), ((c.issue, c.option) for c in r.final_text))
    out += ["## Scores", ""]
    out += _table(("Party", "Signatory", "Utility", "Score", "Walk-away", "Surplus", "Signed",
                   "Red lines tested"),
                  ((p.name, "yes" if p.signatory else "", _points(p.utility), _points(p.score),
                    p.walk_away, _signed(p.surplus), p.signed or "—",
                    f"{p.tested} of {len(p.red_lines)}") for p in r.parties))
    if r.walk_away_note:
        out += [md(r.walk_away_note), ""]
    out += ["## Red lines", ""]
    rows = [(p.name, rl.clause, rl.reason or "—",
             "; ".join(rl.tested_by) + (f"; and {rl.more} more" if rl.more else "")
             if rl.tested_by else "never tested")
            for p in r.parties for rl in p.red_lines]
    out += _table(("Party", "Red line", "Why", "Tested by"), rows) if rows else \
        ["No party has red lines.", ""]
    out += [f"## {r.quality_title}", ""]
    out += [f"- {md(line)}" for line in r.quality.lines]
    out += [""]
    if r.quality.analysed:
        out += [f"Analysed parties (the signatories): {md(', '.join(r.quality.analysed))}.", ""]
    head, body = comparison(r)
    if head:
        out += _table(head, body)
    out += ["## Charts", "", "Concession curves, the utility scatter for "
            f"{md(r.pair[0])} and {md(r.pair[1])}, and the timeline chart are in the HTML "
            "report.", ""]
    out += ["## Who blocked what", ""]
    if r.blocks:
        out += [" · ".join(f"{md(name)} sank {n}" for name, n in r.blockers), ""]
        out += _table(("#", "Round", "Proposed by", "Amendments", "Opposed by", "Supported by"),
                      ((b.proposal, b.round, b.proposer, b.text + (f' — "{b.note}"' if b.note
                                                                  else ""),
                        ", ".join(b.opposed), ", ".join(b.supported) or "—") for b in r.blocks))
    else:
        out += ["No proposal was voted down.", ""]
    out += ["## Timeline", ""]
    out += _table(("Round", "What happened"), ((m.round, m.text) for m in r.moments))
    out += ["## Debrief questions", ""]
    if r.questions:
        for k, q in enumerate(r.questions, start=1):
            out += [f"{k}. {md(q)}", "", "   " + "_" * 60, "", "   " + "_" * 60, ""]
    else:
        out += ["The scenario has no debrief questions.", ""]
    return "\n".join(out).rstrip() + "\n"


_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def _cell(text: str) -> str:
    """A text cell a spreadsheet will not run as a formula."""
    return "'" + text if text.startswith(_FORMULA) else text


def csv_files(report: Report) -> dict[str, str]:
    """`actions.csv` (one row per log record) and `parties.csv`, as text."""
    actions = io.StringIO()
    w = csv.writer(actions, lineterminator="\n")
    w.writerow(["seq", "round", "phase", "actor", "action", "text",
                *(f"u_{p}" for p in report.party_ids)])
    for a in report.actions:
        w.writerow([a.seq, a.round, a.phase, a.actor, a.type, _cell(a.text),
                    *(f"{u:.3f}" for u in a.utilities)])
    parties = io.StringIO()
    w = csv.writer(parties, lineterminator="\n")
    w.writerow(["party", "name", "signatory", "seat", "utility", "score", "reservation",
                "surplus", "signed", "red_lines", "red_lines_tested", "tested_detail",
                "reservation_at_start", "strategy"])
    for p in report.parties:
        detail = " | ".join(f"{rl.clause}: {'; '.join(rl.tested_by)}"
                            for rl in p.red_lines if rl.tested_by)
        w.writerow([p.id, _cell(p.name), "yes" if p.signatory else "no", _cell(p.seat),
                    f"{p.utility:.3f}", f"{p.score:.3f}", f"{p.reservation:.3f}",
                    f"{p.surplus:.3f}", p.signed, len(p.red_lines), p.tested, _cell(detail),
                    f"{p.start_reservation:.3f}", _cell(p.strategy)])
    return {"actions.csv": actions.getvalue(), "parties.csv": parties.getvalue()}


Writer = Callable[[Path, str], None]


def write_reports(report: Report, *, write: Writer, html: Path | None = None,
                  md_file: Path | None = None, csv_dir: Path | None = None) -> list[Path]:
    """Write the formats asked for with `write` (an atomic writer); return the paths written."""
    done: list[Path] = []
    if html is not None:
        write(html, render_html(report))
        done.append(html)
    if md_file is not None:
        write(md_file, render_markdown(report))
        done.append(md_file)
    if csv_dir is not None:
        for name, text in csv_files(report).items():
            write(csv_dir / name, text)
            done.append(csv_dir / name)
    return done


def report_folder_name(report: Report) -> str:
    """`<scenario id>-<short game hash>`: where the debrief's export goes."""
    return f"{report.scenario_id}-{report.log_id[:8]}"


__all__ = ["LogError", "Report", "build_report", "csv_files", "render_html", "render_markdown",
           "write_reports"]
