"""The control seat's live analysis: where the draft stands for every party.

For the trainer's all-seeing view it answers, for the current draft:

- each party's utility against its reservation, and the red lines the draft crosses;
- whether the draft is inside the zone of possible agreement (every signatory can sign it and
  gets at least its reservation, discounted as the rounds pass);
- how far it is from the Nash text (in utility points over the signatories, and in clauses);
- which clauses block which signatory: its red-line clauses, and the clauses whose change would
  lift it most.

Utilities read the draft as every screen does (`game.core.scoring.with_fallbacks`: an open
clause counts as its `if_open` option, or nothing where it has none). The zone, the Pareto test
and the distance to the Nash text need a complete text: there, clauses still open with no
fallback (`unsettled`) are read as the Nash text settles them.

Everything is computed on a worker thread, once per change of the draft. The outcome-space
analysis (about a second on the flagship) is redone only when the issues, the preferences, the
locked clauses or the round change, for example after an inject. Nothing here changes the
game.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Mapping
from dataclasses import dataclass

from game.core.analysis import Analysis, analyze_space
from game.core.model import FrozenMap
from game.core.scoring import discounted, red_lines_crossed, scorer, with_fallbacks
from game.core.state import GameState
from game.core.utility import outcome_space


@dataclass(frozen=True, slots=True)
class Standing:
    """One party's position on the current draft."""

    party: str
    signatory: bool
    utility: float
    reservation: float
    red_lines: tuple[str, ...]
    """Issues whose clause crosses one of its red lines."""
    blockers: tuple[str, ...]
    """Issues whose change would lift it most (red-line clauses first); empty when it can sign
    and its score is at or above its reservation."""
    score: float
    """`utility` discounted to the current round: what the draft is worth signed now, the
    figure a deal's score and the zone of possible agreement are judged by."""

    @property
    def can_sign(self) -> bool:
        return not self.red_lines and self.score >= self.reservation


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The control view's analysis of one state."""

    seq: int
    text: FrozenMap[str, str]
    """The draft completed as described in the module docstring."""
    open: tuple[str, ...]
    unsettled: tuple[str, ...]
    """Open clauses with no `if_open` fallback: the zone, Pareto and Nash figures read them as
    the Nash text settles them."""
    standings: tuple[Standing, ...]
    in_zone: bool
    zone_empty: bool
    nash_text: FrozenMap[str, str] | None
    nash_distance: float | None
    """Euclidean distance, in utility points over the signatories, to the Nash text (None
    when the zone is empty)."""
    clauses_from_nash: tuple[str, ...]
    pareto_optimal: bool

    def standing(self, party: str) -> Standing:
        for s in self.standings:
            if s.party == party:
                return s
        raise KeyError(party)


AnalysisKey = tuple[int, int, tuple[tuple[str, str], ...], int]


def _analysis_key(state: GameState) -> AnalysisKey:
    return (id(state.issues), id(state.prefs), _fixed(state), state.round)


def _fixed(state: GameState) -> tuple[tuple[str, str], ...]:
    return tuple((i, o) for i in state.locked if (o := state.draft.get(i)) is not None)


def _elapsed(state: GameState) -> int:
    """The rounds gone: a text signed now is discounted by them (the zone and the standings)."""
    return max(0, state.round - 1)


def analyse_state(state: GameState) -> Analysis:
    """The outcome-space analysis of the game as it stands (current issues and preferences,
    locked clauses fixed), for the signatories."""
    parties = state.scenario.agreement.signatories
    space = outcome_space(state.issues, state.prefs, parties=parties, fixed=dict(_fixed(state)))
    return analyze_space(space, parties, _elapsed(state))


def _complete(state: GameState, fill: Mapping[str, str] | None
              ) -> tuple[dict[str, str | None], dict[str, str], tuple[str, ...], tuple[str, ...]]:
    """The draft as read for utilities, the completed text, the open and unsettled clauses."""
    reading = with_fallbacks(state.issues, state.draft)
    text: dict[str, str] = {}
    for issue in state.issues:
        option = reading[issue.id]
        if option is None and fill is not None:
            option = fill.get(issue.id)
        text[issue.id] = option if option is not None else issue.option_ids[0]
    still_open = tuple(i.id for i in state.issues if state.draft.get(i.id) is None)
    unsettled = tuple(i for i, o in reading.items() if o is None)
    return reading, text, still_open, unsettled


def standings(state: GameState, text: Mapping[str, str | None]) -> tuple[Standing, ...]:
    issue_ids = tuple(i.id for i in state.issues)
    signatories = state.scenario.agreement.signatories
    elapsed = _elapsed(state)
    out = []
    for party in state.scenario.party_ids:
        prefs = state.prefs[party]
        score = scorer(prefs, issue_ids)
        u = score(text)
        now = discounted(u, prefs.urgency, elapsed)
        crossed = tuple(dict.fromkeys(r.issue for r in red_lines_crossed(prefs, text)))
        blockers: tuple[str, ...] = ()
        if crossed or now < prefs.reservation:
            gains = []
            for issue in state.issues:
                if issue.id in crossed or issue.id in state.locked:
                    continue
                best = max(score({**text, issue.id: o}) for o in issue.option_ids)
                if best > u:
                    gains.append((best - u, issue.id))
            gains.sort(key=lambda g: (-g[0], g[1]))
            blockers = crossed + tuple(i for _, i in gains[:3])
        out.append(Standing(party, party in signatories, u, prefs.reservation, crossed,
                            blockers, now))
    return tuple(out)


SnapshotKey = tuple[object, ...]


def _snapshot_key(state: GameState) -> SnapshotKey:
    return (state.draft, id(state.issues), id(state.prefs), state.locked, state.round)


class Oversight:
    """Live analysis for the control seat, computed on a worker thread, once per change.

    `snapshot(state)` never blocks (unless asked to `wait`): it returns the latest snapshot
    computed, which may describe an earlier draft (`is_current` tells), and makes sure the
    worker is computing the current one. The frame loop therefore only reads a reference.
    """

    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._wanted: GameState | None = None
        self._latest: tuple[SnapshotKey, Snapshot] | None = None
        self._analysis: tuple[AnalysisKey, Analysis] | None = None
        self._worker: threading.Thread | None = None

    def is_current(self, state: GameState) -> bool:
        latest = self._latest
        return latest is not None and latest[0] == _snapshot_key(state)

    def snapshot(self, state: GameState, *, wait: bool = False) -> Snapshot | None:
        key = _snapshot_key(state)
        latest = self._latest
        if latest is not None and latest[0] == key:
            return latest[1]
        if wait:
            snap = self._compute(state)
            self._latest = (key, snap)
            return snap
        with self._cond:
            self._wanted = state
            if self._worker is None:
                self._worker = threading.Thread(target=self._run, daemon=True,
                                                name="control-analysis")
                self._worker.start()
            self._cond.notify()
        return latest[1] if latest is not None else None

    def _run(self) -> None:
        while True:
            with self._cond:
                while self._wanted is None:
                    self._cond.wait()
                state, self._wanted = self._wanted, None
            snap = self._compute(state)
            self._latest = (_snapshot_key(state), snap)

    def _compute(self, state: GameState) -> Snapshot:
        key = _analysis_key(state)
        cached = self._analysis
        if cached is not None and cached[0] == key:
            analysis = cached[1]
        else:
            analysis = analyse_state(state)
            self._analysis = (key, analysis)
        return build_snapshot(state, analysis)


def build_snapshot(state: GameState, analysis: Analysis) -> Snapshot:
    """The control view's figures for `state`, given the analysis of its outcome space."""
    nash = analysis.nash
    reading, text, still_open, unsettled = _complete(
        state, nash.text if nash is not None else None)
    rows = standings(state, reading)
    verdict = analysis.assess(text)
    distance = None
    differs: tuple[str, ...] = ()
    if nash is not None:
        distance = math.sqrt(sum((verdict.utilities[p] - nash.utilities[p]) ** 2
                                 for p in analysis.parties))
        differs = tuple(i for i in text if nash.text.get(i) != text[i])
    return Snapshot(
        state.seq, FrozenMap(text), still_open, unsettled, rows,
        in_zone=verdict.in_zone, zone_empty=analysis.zone_is_empty,
        nash_text=nash.text if nash is not None else None, nash_distance=distance,
        clauses_from_nash=differs, pareto_optimal=verdict.pareto_optimal,
    )
