"""What a seat knows and what it believes about the others, built only from its own view.

- `OwnTables` compiles the seat's own preferences (from `view.me`) for search: per clause, the
  weighted value of each option in utility points, the options across its red lines, and its
  interaction terms. Its best text over what it can sign comes from the exact outcome-space
  extremes.
- `OpponentModel` is a frequency model of every other party, learned from what the seat can
  see: public positions, what each party proposed, and votes once revealed. Evidence is kept
  as integer counts spread over each clause's ordered options (scenario options are listed in
  a meaningful order, so a party that asks for one option likely tolerates its neighbours).
  Integer sums do not depend on the order evidence arrives in, so a bot that starts mid-game
  believes what one that watched from the start does about everything the view keeps
  (positions, proposals and votes; not earlier offers under alternating offers).
  Clauses a party only ever voted down are suspected red lines; texts it refused or signed
  bound the level it needs before it signs.
- Under single text, what the model learns is public, so the seats of a game share one:
  `public_model` learns it once per game and `SeatModel` gives each seat the other parties'
  rows, equal to the last bit to what the seat's own model would hold.
"""

from __future__ import annotations

import itertools
import operator
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

from game.core.model import Issue, Preferences
from game.core.scoring import normalised_weights
from game.core.utility import outcome_space
from game.core.view import ProposalView, View

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]

RED_LINE_PENALTY = 1000.0
"""Utility points charged per crossed red line when searching: worse than any real text."""

# Evidence strengths, in kernel units: what a party says publicly and what it asks for itself
# say more about it than how it votes on others' packages.
_PUBLIC = 3
_PROPOSED = 2
_VOTED = 1
RESERVATION_PRIOR = 0.55
"""The model's prior for the level, on its 0..1 scale, below which a party will not sign."""
# Issue weight evidence: a prior, a public position on the clause, each proposal touching it.
_WEIGHT_PRIOR = 2
_WEIGHT_PUBLIC = 4
_WEIGHT_PROPOSED = 2


@dataclass(frozen=True, eq=False)
class OwnTables:
    """The seat's own preferences laid out per clause, in the order of `view.issues`.

    `values[k][o]` is the normalised weight times the value of option `o`, in utility points;
    the utility of a text is their sum plus the interaction terms that hold, clipped to 0..100.
    """

    issue_ids: tuple[str, ...]
    values: tuple[Mapping[str, float], ...]
    banned: tuple[frozenset[str], ...]
    """Per clause, the options across one of the seat's red lines."""
    interactions: tuple[tuple[float, tuple[tuple[int, frozenset[str]], ...]], ...]
    best: float
    """The seat's best utility over the texts it can sign, locked clauses as they are."""
    tops: tuple[float, ...]
    """Per clause, the highest weighted value of any option."""

    def value(self, text: Mapping[str, str | None]) -> float:
        """Utility of a complete text, minus `RED_LINE_PENALTY` per crossed red line.

        Unrounded, unlike `game.core.scoring.utility`; search only compares texts with it.
        """
        return self.expected(text, {})

    def expected(self, draft: Mapping[str, str | None],
                 outlook: Mapping[str, Mapping[str, float]]) -> float:
        """`value` of a draft whose open clauses fall as `outlook` says (option -> chance).

        Each open clause adds its expected weighted value and each interaction term its chance
        of holding (open clauses taken as independent); the sum is clipped like a utility. An
        open clause without an outlook counts 0. It does not check that chances sum to 1.
        """
        s = 0.0
        crossed = 0
        for k, issue in enumerate(self.issue_ids):
            option = draft.get(issue)
            if option is not None:
                s += self.values[k].get(option, 0.0)
                crossed += option in self.banned[k]
            else:
                values = self.values[k]
                s += sum(p * values.get(o, 0.0) for o, p in outlook.get(issue, {}).items())
        for value, condition in self.interactions:
            chance = 1.0
            for k, allowed in condition:
                option = draft.get(self.issue_ids[k])
                if option is not None:
                    chance *= option in allowed
                else:
                    chance *= sum(p for o, p in outlook.get(self.issue_ids[k], {}).items()
                                  if o in allowed)
            s += value * chance
        return min(100.0, max(0.0, s)) - RED_LINE_PENALTY * crossed


@dataclass(frozen=True, eq=False)
class Layout:
    """Every option of every clause on one axis (issue order, then option order)."""

    issue_ids: tuple[str, ...]
    pairs: tuple[tuple[str, str], ...]
    index: Mapping[tuple[str, str], int]
    issue_of: I64
    starts: I64
    """Where each clause's options begin on the axis."""
    stakes: Bools
    """(others, axis): the party votes on the clause."""
    bounds: tuple[tuple[int, int], ...]
    """Where each clause's options begin and end on the axis."""
    spread: tuple[tuple[int, tuple[int, ...]], ...]
    """Per place on the axis, how one unit of evidence for its option spreads over its
    clause's options (see `_kernel`): where they begin, and the units each gets. Integers, so
    evidence folds in exactly in any order."""


_LAYOUTS: dict[tuple[int, tuple[str, ...]], tuple[tuple[Issue, ...], Layout]] = {}
_LAYOUTS_BY_VALUE: dict[tuple[tuple[Issue, ...], tuple[str, ...]], Layout] = {}
"""The same layouts by equal issues: events rebuild the issues in every game, and a model whose
layout changes folds all its evidence again."""
_LAYOUT_CACHE_SIZE = 512


def layout(issues: tuple[Issue, ...], others: tuple[str, ...]) -> Layout:
    """The option axis for these issues and parties (cached per issues object)."""
    key = (id(issues), others)
    hit = _LAYOUTS.get(key)
    if hit is not None and hit[0] is issues:
        return hit[1]
    same = _LAYOUTS_BY_VALUE.get((issues, others))
    if same is None:
        same = _LAYOUTS_BY_VALUE[(issues, others)] = _layout(issues, others)
    if len(_LAYOUTS) >= _LAYOUT_CACHE_SIZE:
        _LAYOUTS.clear()
        _LAYOUTS_BY_VALUE.clear()
    _LAYOUTS[key] = (issues, same)
    return same


def _layout(issues: tuple[Issue, ...], others: tuple[str, ...]) -> Layout:
    pairs = tuple((i.id, o) for i in issues for o in i.option_ids)
    position = {i.id: k for k, i in enumerate(issues)}
    issue_of = np.asarray([position[i] for i, _ in pairs], dtype=np.int64)
    sizes = [len(i.options) for i in issues]
    starts = [int(n) for n in np.cumsum([0, *sizes[:-1]])]
    spread = tuple((start, tuple(weight for _, weight in _kernel(i.option_ids, at)))
                   for i, start in zip(issues, starts, strict=True) for at in i.option_ids)
    made = Layout(
        issue_ids=tuple(position),
        pairs=pairs,
        index={pair: n for n, pair in enumerate(pairs)},
        issue_of=issue_of,
        starts=np.asarray(starts, dtype=np.int64),
        stakes=np.asarray([[p in issues[k].stakeholders for k in issue_of] for p in others],
                          dtype=np.bool_).reshape(len(others), len(pairs)),
        bounds=tuple((start, start + size) for start, size in zip(starts, sizes, strict=True)),
        spread=spread,
    )
    return made


_OWN: dict[tuple[int, int, tuple[tuple[str, str], ...]],
           tuple[Preferences, tuple[Issue, ...], OwnTables]] = {}
_OWN_CACHE_SIZE = 512
_OWN_BY_VALUE: dict[tuple[Preferences, tuple[Issue, ...], tuple[tuple[str, str], ...]],
                    OwnTables] = {}
"""The same tables by equal preferences and issues: events rebuild them in every game, equal
from one game to the next, and compiling takes the outcome space's extremes."""


def own_tables(view: View) -> OwnTables:
    """The viewer's `OwnTables` for the issues as they stand (cached per preferences object).

    It does not check that the view belongs to a party; `require_view` does.
    """
    assert view.me is not None
    prefs = view.me.preferences
    issues = view.issues
    fixed: dict[str, str] = {}
    pinned: tuple[tuple[str, str], ...] = ()
    if view.locked:  # usually nothing is: skip building the key's pins
        fixed = {i: o for i in view.locked if (o := view.draft.get(i)) is not None}
        pinned = tuple(sorted(fixed.items()))
    key = (id(prefs), id(issues), pinned)
    hit = _OWN.get(key)
    if hit is not None and hit[0] is prefs and hit[1] is issues:
        return hit[2]
    made = _OWN_BY_VALUE.get((prefs, issues, pinned))
    if made is None:
        made = _compile(view.viewer, prefs, issues, fixed)
        if len(_OWN_BY_VALUE) >= _OWN_CACHE_SIZE:
            _OWN_BY_VALUE.clear()
        _OWN_BY_VALUE[(prefs, issues, pinned)] = made
    if len(_OWN) >= _OWN_CACHE_SIZE:
        _OWN.clear()
    _OWN[key] = (prefs, issues, made)
    return made


def _compile(party: str, prefs: Preferences, issues: Sequence[Issue],
             fixed: Mapping[str, str]) -> OwnTables:
    ids = tuple(i.id for i in issues)
    weights = normalised_weights(prefs, ids)
    raw: Mapping[str, Mapping[str, float]] = prefs.values
    values = tuple(
        {o: weights[i.id] * raw.get(i.id, {}).get(o, 0.0) for o in i.option_ids} for i in issues
    )
    banned: dict[str, set[str]] = {}
    for r in prefs.red_lines:
        banned.setdefault(r.issue, set()).update(r.options)
    position = {i: k for k, i in enumerate(ids)}
    interactions = tuple(
        (x.value, tuple((position[i], frozenset(opts)) for i, opts in x.when.items()))
        for x in prefs.interactions
        if all(i in position for i in x.when)  # a clause no longer in play never matches
    )
    space = outcome_space(issues, {party: prefs}, parties=(party,), fixed=fixed)
    extremes = space.extremes(party)
    if extremes is None:  # a linked group too large to enumerate: take the unlinked optimum
        best = min(100.0, sum(max(v.values(), default=0.0) for v in values))
    else:
        best = extremes.best if extremes.best_signable is None else extremes.best_signable
    return OwnTables(ids, values, tuple(frozenset(banned.get(i, ())) for i in ids),
                     interactions, best, tuple(max(v.values(), default=0.0) for v in values))


def _kernel(options: tuple[str, ...], at: str) -> tuple[tuple[str, int], ...]:
    """Evidence for option `at`, spread linearly over its neighbours in the option order."""
    if at not in options:
        return ()
    n = len(options)
    k = options.index(at)
    return tuple((o, n - 1 - abs(j - k)) for j, o in enumerate(options))


_ROWS_ONE_BY_ONE = 3
"""Up to how many changed rows `OpponentModel.matrix` works out one by one in Python."""

_VERSIONS = itertools.count(1)
"""Model versions, unique across models: a cache keyed on a version never mistakes one
model's beliefs for another's."""


class OpponentModel:
    """A frequency model of every other party, fed one view at a time.

    `observe(view)` takes in whatever is new since the last view (proposals are append-only and
    votes are revealed a round at a time); `matrix(issues)` holds every party's estimated
    weighted value of each option, on a 0..1 scale that sums to at most 1 over clauses. It
    reads nothing but the view: public positions, proposals, revealed votes and signatures.
    """

    def __init__(self, view: View, *, public: bool = False) -> None:
        # A public model (`public_model`) models every party, the viewer too, so that every
        # seat of a game can share it: it reads only what every seat sees.
        self.me = "" if public else view.viewer
        self.others = tuple(p.id for p in view.parties if p.id != self.me)
        # Every piece of evidence as it came: (party, issue, option, strength) for an option,
        # (party, issue, "", n) for a clause's weight; `matrix` folds them into arrays.
        self._evidence: list[tuple[str, str, str, int]] = []
        self._tabled = 0
        self._revealed = 0
        self.version = next(_VERSIONS)
        self._tables: dict[str, dict[str, dict[str, float]]] = {}
        self._matrix = np.zeros((len(self.others), 0))
        self._matrix_of: Layout | None = None  # None until `matrix` is worked out in full
        self._stale: set[int] = set()
        """Rows of `_matrix` whose evidence changed since."""
        self._rows = {p: k for k, p in enumerate(self.others)}
        self._counted: Layout | None = None  # the layout `_counts` and `_raw_weights` follow
        self._counts: list[list[float]] = []
        """(others, axis): evidence units per option, spread over its clause (`Layout.spread`)."""
        self._raw_weights: list[list[float]] = []
        self._issue_rows: dict[str, int] = {}
        self._last_offer: dict[str, dict[str, str]] = {}
        self._signings: list[tuple[dict[str, str], dict[str, bool]]] = []
        self._stated = {p.id: frozenset(p.public_position) for p in view.parties}
        self._signed_round = 0
        # Red lines are invisible, but a clause a party keeps voting down and never backs
        # looks like one: (issue, option) -> how many packages with it the party opposed.
        self._opposed: dict[str, dict[tuple[str, str], int]] = {p: {} for p in self.others}
        self._backed: dict[str, set[tuple[str, str]]] = {
            p.id: set(p.public_position.items()) for p in view.parties if p.id != self.me}
        options = {i.id for i in view.issues}
        self._add_all([
            item for p in view.parties if p.id != self.me
            for issue, option in p.public_position.items() if issue in options
            for item in ((p.id, issue, option, _PUBLIC), (p.id, issue, "", _WEIGHT_PUBLIC))])

    def _add_all(self, items: Sequence[tuple[str, str, str, int]]) -> None:
        """Add pieces of evidence: (party, issue, option, n) adds n kernel units of evidence
        that the party favours the option; an empty option, n units that it weighs the clause.
        """
        self._evidence.extend(items)
        if self._counted is not None and not self._fold(items):
            # The issues changed: `matrix` rebuilds from the evidence.
            self._counted = self._matrix_of = None

    def _fold(self, items: Iterable[tuple[str, str, str, int]]) -> bool:
        """Add pieces of evidence to the arrays of the current layout; False if any does not fit
        the layout (the others are still added)."""
        lay = self._counted
        assert lay is not None
        index, spread, rows, stale = lay.index, lay.spread, self._rows, self._stale
        issue_rows = self._issue_rows
        fits = True
        for party, issue, option, n in items:
            if not option:
                k = issue_rows.get(issue)
                if k is None:
                    fits = False
                    continue
                row = rows[party]
                self._raw_weights[row][k] += n
                stale.add(row)
                continue
            at = index.get((issue, option))
            if at is None:  # an option no longer on the table fits; a clause no longer there not
                fits = fits and issue in issue_rows
                continue
            row = rows[party]
            counts = self._counts[row]
            start, units = spread[at]
            for j, unit in enumerate(units, start):
                counts[j] += n * unit
            stale.add(row)
        return fits

    def observe(self, view: View) -> None:
        """Take in the proposals and revealed votes the model has not seen yet."""
        proposals = view.proposals
        if len(proposals) < self._tabled:
            raise ValueError("the view's history is shorter than what the model has seen")
        if view.phase != "signing" and view.decisions and view.round != self._signed_round:
            # A signing was revealed (the game goes on, so it failed): the draft is the text
            # every party just signed or refused.
            self._signed_round = view.round
            text = {i: o for i, o in view.draft.items() if o is not None}
            self._signings.append((text, dict(view.decisions)))
            self.version = next(_VERSIONS)
        if len(proposals) == self._tabled and (
                self._revealed == self._tabled or not proposals[self._revealed].revealed):
            return
        changed = False
        items: list[tuple[str, str, str, int]] = []  # folded in at once, after the loops
        for p in proposals[self._tabled:]:
            if p.party != self.me:
                for issue, option in p.amendments:
                    items.append((p.party, issue, option, _PROPOSED))
                    items.append((p.party, issue, "", _WEIGHT_PROPOSED))
                    self._backed[p.party].add((issue, option))
            changed = True
        self._tabled = len(proposals)
        k = self._revealed
        while k < len(proposals) and proposals[k].revealed:
            p = proposals[k]
            for voter, yes in p.votes.items():
                if voter in (self.me, p.party):
                    continue
                for pair in p.amendments:
                    if yes:
                        self._backed[voter].add(pair)
                    else:
                        self._opposed[voter][pair] = self._opposed[voter].get(pair, 0) + 1
                for issue, option in p.amendments:
                    # A no to a package does not say which clause was the problem; on a
                    # clause the voter has stated a position on, that position says more.
                    if not yes and issue in self._stated[voter]:
                        continue
                    items.append((voter, issue, option, _VOTED if yes else -_VOTED))
            k += 1
            changed = True
        self._revealed = k
        self._add_all(items)
        if changed:
            self.version = next(_VERSIONS)

    def observe_offer(self, party: str, text: Mapping[str, str]) -> None:
        """Take in a complete offer (alternating offers): its options are what the party asks
        for, and a clause it keeps unchanged from its previous offer is one it weighs."""
        if party == self.me or party not in self._rows:
            return
        previous = self._last_offer.get(party) or {}
        items = []
        for issue, option in text.items():
            items.append((party, issue, option, _PROPOSED))
            if previous.get(issue) == option:
                items.append((party, issue, "", _WEIGHT_PROPOSED))
        self._add_all(items)
        self._last_offer[party] = dict(text)
        self.version = next(_VERSIONS)

    def suspected_vetoes(self, party: str) -> dict[tuple[str, str], int]:
        """Clauses the party has opposed in packages and never proposed, backed or stated:
        (issue, option) -> how many packages with it the party opposed."""
        backed = self._backed[party]
        return {pair: n for pair, n in self._opposed[party].items() if pair not in backed}

    def reservation_level(self, party: str, issues: tuple[Issue, ...]) -> float:
        """The level, on the model's 0..1 scale, below which the party is believed to refuse to
        sign: `RESERVATION_PRIOR`, raised above each text it refused and lowered to each text
        it signed (as the model values those texts now)."""
        level = RESERVATION_PRIOR
        if not self._signings:
            return level
        table = self.table(party, issues)
        refused = [sum(table[i].get(o, 0.0) for i, o in text.items() if i in table)
                   for text, decisions in self._signings if decisions.get(party) is False]
        signed = [sum(table[i].get(o, 0.0) for i, o in text.items() if i in table)
                  for text, decisions in self._signings if decisions.get(party) is True]
        if refused:
            level = max(level, max(refused) + 0.02)
        if signed:
            level = min(level, *signed)
        return level

    def matrix(self, issues: tuple[Issue, ...]) -> F64:
        """Every other party's estimated weighted value of every option, as rows (in `others`
        order) over `layout(issues, others)`'s option axis.

        A row's values are on a 0..1 scale and sum to at most 1 over clauses: per clause, the
        party's estimated weight times its option's evidence scaled to 0..1 (0.5 for a clause
        without evidence either way). Recomputed only after new evidence.
        """
        lay = layout(issues, self.others)
        if self._matrix_of is lay and not self._stale:
            return self._matrix
        if self._counted is not lay:
            self._counted = lay
            self._issue_rows = {i: k for k, i in enumerate(lay.issue_ids)}
            self._counts = [[0.0] * len(lay.pairs) for _ in self.others]
            self._raw_weights = [[float(_WEIGHT_PRIOR)] * len(lay.issue_ids) for _ in self.others]
            self._matrix_of = None
            self._fold(self._evidence)
        if self._matrix_of is lay and len(self._stale) <= _ROWS_ONE_BY_ONE:
            # A proposal changes its party's row alone: a few rows in Python beat numpy's
            # per-call cost. A copy, as callers may keep the matrix they were given.
            matrix = self._matrix.copy()
            for row in self._stale:
                matrix[row] = self._row(lay, row)
        else:
            matrix = self._scaled(lay)
        self._matrix = matrix
        self._matrix_of = lay
        self._stale = set()
        self._tables = {}
        return matrix

    def _scaled(self, lay: Layout) -> F64:
        """Every row of `matrix` at once (see `_row`, which gives the same bits per row)."""
        counts = np.asarray(self._counts, dtype=np.float64).reshape(
            len(self.others), len(lay.pairs))
        weights = np.asarray(self._raw_weights, dtype=np.float64).reshape(
            len(self.others), len(lay.issue_ids))
        # Integer-valued, so the sum is exact whatever order numpy adds in.
        weights /= np.add.reduce(weights, axis=1, keepdims=True)
        # Each option's evidence scaled to 0..1 within its clause, in place (fewer arrays).
        lo = np.minimum.reduceat(counts, lay.starts, axis=1)
        span = np.maximum.reduceat(counts, lay.starts, axis=1)
        span -= lo
        lo, span = lo[:, lay.issue_of], span[:, lay.issue_of]
        flat = span <= 0
        counts -= lo
        span[flat] = 1.0
        counts /= span
        counts[flat] = 0.5
        counts *= weights[:, lay.issue_of]
        return counts

    def _row(self, lay: Layout, row: int) -> list[float]:
        """One row of `matrix`, with the same operations in the same order as `_scaled`."""
        counts = self._counts[row]
        raw = self._raw_weights[row]
        total = sum(raw)  # integer-valued: exact in any order
        values: list[float] = []
        for k, (start, end) in enumerate(lay.bounds):
            clause = counts[start:end]
            lo = min(clause)
            span = max(clause) - lo
            weight = raw[k] / total
            if span <= 0:
                values.extend([0.5 * weight] * (end - start))
            else:
                values.extend([(c - lo) / span * weight for c in clause])
        return values

    def table(self, party: str, issues: tuple[Issue, ...]) -> dict[str, dict[str, float]]:
        """One row of `matrix` as clause -> option -> estimated weighted value."""
        matrix = self.matrix(issues)
        hit = self._tables.get(party)
        if hit is None:
            lay = layout(issues, self.others)
            row = matrix[self.others.index(party)]
            hit = {}
            for (issue, option), value in zip(lay.pairs, row.tolist(), strict=True):
                hit.setdefault(issue, {})[option] = value
            self._tables[party] = hit
        return hit


class SeatModel:
    """One seat's share of a game's `public_model`: the rows of the other parties.

    It answers as an `OpponentModel` built from the seat's own view would, to the last bit:
    every row of the model is learned from public information only, and the viewer's own
    proposals and votes only ever feed its own row, which the seat leaves out.
    """

    def __init__(self, public: OpponentModel, me: str) -> None:
        self.public = public
        self.me = me
        self.others = tuple(p for p in public.others if p != me)
        self._rows = np.asarray([k for k, p in enumerate(public.others) if p != me],
                                dtype=np.int64)
        self._matrix_key: tuple[int, Layout | None] = (-1, None)
        self._matrix = np.zeros((len(self.others), 0))

    @property
    def version(self) -> int:
        return self.public.version

    def matrix(self, issues: tuple[Issue, ...]) -> F64:
        """`OpponentModel.matrix` for the other parties (rows in `others` order)."""
        full = self.public.matrix(issues)
        key = (self.public.version, self.public._matrix_of)
        if key[0] != self._matrix_key[0] or key[1] is not self._matrix_key[1]:
            self._matrix = full.take(self._rows, axis=0)  # as full[rows], at a third the cost
            self._matrix_key = key
        return self._matrix

    def suspected_vetoes(self, party: str) -> dict[tuple[str, str], int]:
        return self.public.suspected_vetoes(party)

    def reservation_level(self, party: str, issues: tuple[Issue, ...]) -> float:
        return self.public.reservation_level(party, issues)


Model = OpponentModel | SeatModel
"""What a seat believes about the others: its own model, or its share of a public one."""


class _Public:
    """A game's public model and the public record it was learned from, to tell which game a
    view belongs to: the proposals tabled (id, party, amendments), the votes revealed and the
    last signing seen."""

    def __init__(self, view: View) -> None:
        self.scenario_id = view.scenario_id
        self.parties = tuple(p.id for p in view.parties)
        self.party_infos = view.parties  # views of one scenario share it: compared by identity
        self.model = OpponentModel(view, public=True)
        self.tabled: list[ProposalView] = []
        self.revealed = 0
        self.signing: tuple[int, Mapping[str, bool]] = (0, {})

    def extends(self, view: View) -> bool:
        """Whether `view` is this game at or after what the model has seen."""
        proposals = view.proposals
        if (view.scenario_id != self.scenario_id or len(proposals) < len(self.tabled)
                or (view.parties is not self.party_infos
                    and self.parties != tuple(p.id for p in view.parties))):
            return False
        # The very same objects (the usual case) need no comparing: find the others at C speed.
        for k in itertools.compress(itertools.count(),
                                    map(operator.is_not, proposals, self.tabled)):
            p, seen = proposals[k], self.tabled[k]
            if (p.id != seen.id or p.party != seen.party or p.amendments != seen.amendments
                    or (k < self.revealed and (not p.revealed or p.votes != seen.votes))):
                return False
        if view.phase != "signing" and view.decisions and view.round == self.signing[0]:
            return dict(view.decisions) == self.signing[1]
        return True

    def observe(self, view: View) -> None:
        self.model.observe(view)
        proposals = view.proposals
        # Keep the revealed views (their votes identify the game), else the tabled ones.
        self.tabled[self.revealed:] = proposals[self.revealed:]
        while self.revealed < len(proposals) and proposals[self.revealed].revealed:
            self.revealed += 1
        # A round's signing is seen once: `extends` checked a later view of it equals it.
        if view.phase != "signing" and view.round != self.signing[0] and view.decisions:
            self.signing = (view.round, dict(view.decisions))


_GAMES: list[_Public] = []
_GAMES_SIZE = 8
"""Games whose public models are kept (a batch plays one game at a time in each process)."""


def public_model(view: View) -> OpponentModel:
    """The opponent model learned from the public record of the view's game so far, shared by
    every seat of that game (see `SeatModel`). Under single text only: under alternating
    offers a seat learns from the offers it happened to see, which differ from seat to seat.

    A game is recognised by its public record, checked in full on every call, so two games
    played side by side never share a model once their records differ.
    """
    for k, entry in enumerate(_GAMES):
        if entry.extends(view):
            if k:
                _GAMES.insert(0, _GAMES.pop(k))
            break
    else:
        entry = _Public(view)
        _GAMES.insert(0, entry)
        del _GAMES[_GAMES_SIZE:]
    entry.observe(view)
    return entry.model
