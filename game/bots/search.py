"""Choosing what to propose: packages of up to three amendments, scored all at once.

A proposal is worth tabling when it keeps the seat's own utility at or above its target and is
likely to pass. Scoring packages one by one in Python would cost milliseconds per decision on
the flagship (about 40 single amendments, 800 pairs, thousands of triples), so the search is
vectorised: each single amendment carries the seat's own change in expected utility and every
other party's estimated gain, packages add them up (the seat's interaction terms are evaluated
per package, open clauses by their chances), and numpy ranks them all. Triples are grown from
the best pairs only.

Estimated acceptance of a package by a stakeholder `j`, with `g` its estimated gain and `L` its
estimated level on the 0..1 scale of the opponent model:

    P_j = 1 - (1 - sigmoid(GAIN_SLOPE * g)) * (1 - sigmoid(LEVEL_SLOPE * (L + g - tau)))

that is, a party supports what improves the draft for it, or what leaves it above a threshold
`tau` that falls as the deadline nears (the model's guess of the others' own targets). A clause
the party has only ever voted down counts as a loss of `VETO_COST` per such vote (at most two):
repeated vetoes look like a red line. Under consensus a package passes with the product of the
stakeholders' chances (a conservative estimate under `vote_rule: majority` too).

Packages are ranked by their log chance of passing, plus a credit for settling clauses that
must be settled before anyone can sign (it grows as the deadline nears), plus how much they
raise the estimated chance that every needed signatory signs the text they lead to (each
signatory's level against the level it is believed to need, see
`OpponentModel.reservation_level`); packages that only improve on the draft also add the log
of that improvement. In the last round a package is the final text, so its chance is that of
every stakeholder and signatory finding it above the level it needs.
"""

from __future__ import annotations

import functools
import math
import operator
from collections.abc import Mapping
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from game.bots.knowledge import RED_LINE_PENALTY, Layout, OwnTables
from game.bots.outlook import Outlook
from game.core.actions import Amendments
from game.core.model import Issue

GAIN_SLOPE = 60.0
"""Log-odds of support per unit of estimated gain (the model's 0..1 scale): a clause worth a
tenth of a party's utility moves its vote decisively."""
LEVEL_SLOPE = 12.0
"""Log-odds of support per unit of estimated level above the party's falling threshold."""
SETTLE_CREDIT = (0.4, 3.0)
"""Log-odds credit per clause settled that must be settled before anyone can sign, `a + b * t`:
those clauses are the hardest and, left to the last round, all must pass in one package."""
REPEAT_PENALTY = math.log(4.0)
"""Log-odds charged per earlier failure of the very same package."""
SIGN_SLOPE = 15.0
"""Log-odds of signing per unit of estimated level above what the party needs."""
PROSPECT_WEIGHT = 1.0
"""Weight, in the ranking, of how much a package raises the estimated chance that every needed
signatory will sign the text it leads to."""
VETO_COST = 0.15
"""Estimated loss, per package voted down, for a clause the party has never backed."""
BEAM = 8
"""Pairs grown into triples, per ranking (by score and by the seat's own value)."""

F64 = npt.NDArray[np.float64]
F32 = npt.NDArray[np.float32]
I64 = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]


@dataclass(frozen=True, slots=True)
class Candidate:
    """A package of amendments with the seat's value of the result and its estimated chance."""

    amendments: Amendments
    value: float
    log_pass: float
    rank: float
    """The search's score: log chance of passing plus credits (see `_score`)."""
    feasible: bool
    """The result reaches the seat's target."""

    @property
    def pass_chance(self) -> float:
        return math.exp(self.log_pass)


@dataclass(frozen=True, slots=True)
class Board:
    """Everything the search needs about the table as the seat sees it."""

    issues: tuple[Issue, ...]
    layout: Layout
    locked: tuple[str, ...]
    outlook: Outlook
    own: OwnTables
    models: F64
    """(others, option axis): each other party's estimated weighted value of each option."""
    vetoes: F64
    """(others, option axis): how often the party voted the option down and never backed it."""
    signers: F64
    """(others,): 1 for the parties whose signature the agreement needs, else 0."""
    reservations: F32
    """(others,): the level each is believed to need before it signs."""
    t: float
    """How far the game has run, 0..1."""
    min_chance: float
    """Packages reaching the target but less likely than this rank as mere improvements."""
    tau: float
    target: float
    max_amendments: int
    must_settle: frozenset[str]
    """Open clauses with no fallback option: no text can be signed until they are settled."""
    settle_all: bool
    """Only packages that settle every clause in `must_settle` count (the last round)."""
    failed: Mapping[frozenset[tuple[str, str]], int]
    """How often each package has already failed."""


# Chances are computed in float32: they only rank packages, and float32 exp is several times
# faster than float64 on the thousands of (package, party) pairs a proposal weighs. At these
# sizes numpy's overhead per call weighs as much as the arithmetic, so scoring works in place,
# one row per party, and takes every exp in one call (see `_chances`).
_FULL: dict[float, F32] = {}


def _full(value: float, like: F32) -> F32:
    """`value` in float32, shaped like `like`: numpy's float32 minimum and maximum run several
    times slower against a scalar than against an array."""
    flat = _FULL.get(value)
    if flat is None or flat.size < like.size:
        flat = _FULL[value] = np.full(max(like.size, 1 << 14), value, dtype=np.float32)
        flat.flags.writeable = False  # shared
    return flat[:like.size].reshape(like.shape)


def _log_sigmoid(x: F32) -> F32:
    """log(sigmoid(x)), computed in place in `x` (which it returns)."""
    np.maximum(x, -30.0, out=x)
    np.negative(x, out=x)
    np.exp(x, out=x)
    np.log1p(x, out=x)
    np.negative(x, out=x)
    return x


def _chances(s: _Singles, tau: float, gains: F32, abstain: Bools) -> tuple[F32, F32]:
    """Per package (column of `gains`, one row per other party), each other party's log
    chance of supporting it, and each needed signatory's log chance of signing the text it
    leads to.

    Support is log(1 - (1 - sigmoid(a)) (1 - sigmoid(b))) = log(1 - 1 / ((1 + e^a) (1 + e^b)))
    with a = GAIN_SLOPE * gain and b = LEVEL_SLOPE * (level + gain - tau) (see the module
    docstring), 0 for the parties that `abstain`; signing is `_log_sigmoid` of
    SIGN_SLOPE * (level + gain - need), to the same bits."""
    others = gains.shape[0]
    work = np.empty((2 * others + s.signers.size, gains.shape[1]), dtype=np.float32)
    a, b, sign = work[:others], work[others:2 * others], work[2 * others:]
    np.add(s.levels[:, None], gains, out=b)
    np.subtract(b[s.signers], s.signer_reservations[:, None], out=sign)
    np.multiply(gains, GAIN_SLOPE, out=a)
    b -= np.float32(tau)
    b *= LEVEL_SLOPE
    sign *= SIGN_SLOPE
    np.negative(sign, out=sign)  # capping -x at 30 is `_log_sigmoid`'s floor of x at -30
    np.minimum(work, _full(30.0, work), out=work)
    np.exp(work, out=work)
    work[:2 * others] += 1.0
    a *= b
    np.divide(1.0, a, out=a)
    np.subtract(1.0, a, out=a)
    np.copyto(a, 1.0, where=abstain)  # log 1 is the +0.0 a non-voter adds
    np.maximum(a, _full(1e-9, a), out=a)
    np.log(a, out=a)
    np.log1p(sign, out=sign)
    np.negative(sign, out=sign)
    return a, sign


def _column_sums(x: F32) -> F64:
    """Per column of `x`, the float64 sum of its rows: to the last bit what numpy's
    `sum(axis=1, dtype=np.float64)` gives on the transpose, without numpy's slow reduction
    over short rows. numpy adds a row's terms to 0.0 by pairwise summation (`pairwise_sum` in
    its umath loops): fewer than 8 in order, as a reduction over the leading axis does; up to
    128, eight running sums combined as a tree, then the rest in order."""
    n = x.shape[0]
    if n < 8:
        out: F64 = np.add.reduce(x, axis=0, dtype=np.float64)
        return out
    if n > 128:  # numpy splits the terms further; no table is that large
        out = np.ascontiguousarray(x.T).sum(axis=1, dtype=np.float64)
        return out
    blocks = n - n % 8
    sums = x[:8].astype(np.float64)
    for start in range(8, blocks, 8):
        sums += x[start:start + 8]
    fours = sums[0::2] + sums[1::2]
    twos = fours[0::2] + fours[1::2]
    total: F64 = twos[0] + twos[1]
    for row in range(blocks, n):
        total += x[row]
    total += 0.0  # a zero sum is +0.0, as in numpy
    return total


class _Singles(NamedTuple):
    """Every single amendment the seat may table, with what it changes.

    Per-single arrays have one extra row at the end, `pad`: a null amendment that changes
    nothing, so that packages of different sizes can be scored together (adding it adds
    exact zeros).
    """

    issue: I64  # clause position (-1 for `pad`)
    ids: list[tuple[str, str]]
    own: F64  # the own change in expected utility (before interactions and clipping)
    table: F32
    """(singles, 2 * others + 2): each other party's estimated gain; per other party, 1 when
    it is a stakeholder of the clause; `RED_LINE_PENALTY` when the amendment moves a settled
    clause off one of the seat's red lines; 1 when it settles a clause that must be settled.
    A package adds its members' rows (the counts stay exact in float32)."""
    codes: I64
    """(singles, parts): per clause of an interaction term (a part), where in `lut` the
    amendment's factor for it is: 3 * part, plus 1 when the amendment touches the clause, or
    2 when it sets an option the term allows. A package takes its members' maximum."""
    lut: F64
    """(parts * 3,): per part, the chance its clause holds now (untouched), 0, and 1."""
    terms: list[tuple[float, float, list[int]]]  # per interaction: value, chance now, parts
    levels: F32  # (others,): each other party's estimated level now
    signers: I64  # the columns of the parties whose signature the agreement needs
    signer_reservations: F32  # the levels they are believed to need
    signing_now: F32
    """Their log chance of signing the draft as it stands (none in the last round, where
    packages are not weighed against it)."""
    base_unclipped: float
    base_penalty: float  # RED_LINE_PENALTY per red line the draft crosses now

    @property
    def pad(self) -> int:
        return len(self.ids)


@dataclass(frozen=True, eq=False)
class _Axis:
    """What a seat's own tables say about each option of the axis, whatever the draft; each
    array has a last row for `pad`, so that picking the singles' rows picks its row too."""

    mine: F64  # (axis,): the seat's weighted value of each option
    clear: Bools  # the option keeps clear of the seat's red lines (True for `pad`)
    issue: I64  # the option's clause position (-1 for `pad`)
    table: F32  # `_Singles.table` with only its stakeholder columns filled in
    codes: I64  # (axis + 1, parts): `_Singles.codes`


_AXES: dict[tuple[int, int], tuple[OwnTables, Layout, _Axis]] = {}
_AXES_SIZE = 256


def _axis(own: OwnTables, lay: Layout, issues: tuple[Issue, ...]) -> _Axis:
    hit = _AXES.get((id(own), id(lay)))
    if hit is not None and hit[0] is own and hit[1] is lay:
        return hit[2]
    mine = [own.values[k].get(o, 0.0) for k, i in enumerate(issues) for o in i.option_ids]
    clear = [o not in own.banned[k] for k, i in enumerate(issues) for o in i.option_ids]
    of = lay.issue_of.tolist()
    parts = [(k, options) for _, condition in own.interactions for k, options in condition]
    codes = [[3 * part + ((2 if o in options else 1) if i == k else 0)
              for i, (_, o) in zip(of, lay.pairs, strict=True)] + [3 * part]
             for part, (k, options) in enumerate(parts)]
    others, size = lay.stakes.shape
    table = np.zeros((size + 1, 2 * others + 2), dtype=np.float32)
    table[:size, others:2 * others] = lay.stakes.T
    made = _Axis(np.asarray(mine, dtype=np.float64), np.asarray([*clear, True], dtype=np.bool_),
                 np.asarray([*of, -1], dtype=np.int64), table,
                 np.asarray(codes, dtype=np.int64).reshape(len(parts), size + 1).T.copy())
    if len(_AXES) >= _AXES_SIZE:
        _AXES.clear()
    _AXES[(id(own), id(lay))] = (own, lay, made)
    return made


def _singles(board: Board) -> _Singles:
    own, look, lay = board.own, board.outlook, board.layout
    draft, chances = look.draft, look.chances
    axis = _axis(own, lay, board.issues)
    # How the draft stands on the option axis: 1 on a settled clause's option, the chances on
    # an open clause's options (built as a list: numpy's stores one by one are slow).
    weights: list[float] = []
    taken: list[int] = []  # options the seat cannot table: the draft's own, locked clauses'
    clause_rows: list[tuple[float, float]] = []  # per clause: `_Singles.table`'s last two
    base_crossed = 0
    for k, issue in enumerate(board.issues):
        current = draft.get(issue.id)
        start = len(weights)
        opts = issue.option_ids
        crossed = False
        if current is not None:
            weights.extend([0.0] * len(opts))
            if current in opts:
                at = start + opts.index(current)
                weights[at] = 1.0
                taken.append(at)
            crossed = current in own.banned[k]
            base_crossed += crossed
        else:
            open_chances = chances.get(issue.id)
            weights.extend([open_chances.get(o, 0.0) for o in opts] if open_chances
                           else [0.0] * len(opts))
        if issue.id in board.locked:
            taken.extend(range(start, start + len(opts)))
        clause_rows.append((RED_LINE_PENALTY if crossed else 0.0,
                            1.0 if issue.id in board.must_settle else 0.0))
    weight = np.asarray(weights)
    allowed = axis.clear.copy()
    allowed[taken] = False
    rows = allowed.nonzero()[0]  # the singles' options, then `pad`
    mine, of, size = axis.mine, lay.issue_of, len(weights)
    base_own = np.add.reduceat(mine * weight, lay.starts)
    base_models = np.add.reduceat(board.models * weight[None, :], lay.starts, axis=1)
    # A row per option and `pad`, then only the singles' rows.
    own_change = np.zeros(size + 1)
    np.subtract(mine, base_own[of], out=own_change[:size])
    others = len(board.models)
    table = axis.table.copy()
    table[:size, :others] = (board.models - base_models[:, of]
                             - VETO_COST * np.minimum(board.vetoes, 2.0)).T
    table[:size, 2 * others:] = np.asarray(clause_rows)[of]
    terms: list[tuple[float, float, list[int]]] = []
    lut: list[float] = []
    base_unclipped = float(np.add.reduce(base_own))
    part = 0
    for value, condition in own.interactions:
        parts = []
        holds = 1.0
        for k, options in condition:
            issue_id = own.issue_ids[k]
            current = draft.get(issue_id)
            now = float(current in options) if current is not None else sum(
                p for o, p in chances[issue_id].items() if o in options)
            holds *= now
            parts.append(part)
            part += 1
            lut.extend((now, 0.0, 1.0))
        terms.append((value, holds, parts))
        base_unclipped += value * holds
    levels = np.add.reduce(base_models, axis=1).astype(np.float32)
    signers = (board.signers > 0).nonzero()[0]
    reservations = board.reservations[signers]
    return _Singles(
        issue=axis.issue[rows],
        ids=list(map(lay.pairs.__getitem__, rows[:-1].tolist())),
        own=own_change[rows],
        table=table[rows],
        codes=axis.codes[rows],
        lut=np.asarray(lut, dtype=np.float64),
        terms=terms,
        levels=levels,
        signers=signers,
        signer_reservations=reservations,
        signing_now=(np.zeros(0, dtype=np.float32) if board.settle_all
                     else _log_sigmoid((levels[signers] - reservations) * SIGN_SLOPE)),
        base_unclipped=base_unclipped,
        base_penalty=RED_LINE_PENALTY * base_crossed,
    )


_NO_HEAD = np.iinfo(np.int64).max


class _Pattern(NamedTuple):
    """What follows from the clause of each single alone (see `_pattern`)."""

    members: I64
    """(singles + pairs, 3): each single, then each two singles on distinct clauses, lower
    first, in `np.triu_indices` order; padded with `pad` (the number of singles)."""
    keys: I64  # per pair, first * singles + second: increasing, to look pairs up
    clash: I64  # (singles, singles): -1 for two singles on one clause, else `_NO_HEAD`


_PATTERNS: dict[bytes, _Pattern] = {}
_PATTERNS_SIZE = 256


def _pattern(issue: I64) -> _Pattern:
    """The `_Pattern` of singles on these clauses (cached: the pattern recurs across seats
    and turns). Its arrays are shared, so read-only."""
    key = issue.tobytes()
    hit = _PATTERNS.get(key)
    if hit is None:
        n = issue.size
        same = issue[:, None] == issue
        first, second = np.triu(~same, 1).nonzero()  # row by row: `np.triu_indices` order
        members = np.full((n + first.size, 3), n, dtype=np.int64)
        members[:n, 0] = np.arange(n)
        members[n:, 0] = first
        members[n:, 1] = second
        hit = _Pattern(members, first * n + second, np.where(same, -1, _NO_HEAD))
        for array in hit:
            array.flags.writeable = False
        if len(_PATTERNS) >= _PATTERNS_SIZE:
            _PATTERNS.clear()
        _PATTERNS[key] = hit
    return hit


class _Scored(NamedTuple):
    """Packages scored by `_score`, one per row."""

    members: I64  # (n, size)
    value: F64
    log_pass: F64
    rank: F64  # the ordering key within a class
    cls: I64  # 2: reaches the target and is likely enough, 1: improves on the draft, 0: neither

    def take(self, rows: I64 | slice) -> _Scored:
        return _Scored(self.members[rows], self.value[rows], self.log_pass[rows],
                       self.rank[rows], self.cls[rows])


_LEAVE_OUT = 32
"""A lazy `_score` leaves out at least this many packages, or none: gathering the others
costs more than working out the chances of a few."""


def _score(s: _Singles, board: Board, members: I64, *, lazy: bool = False) -> _Scored:
    """Score packages, one per row of `members` (indices into the singles, `s.pad` for none).

    `lazy` leaves out the chances of the packages sure to be of class 0 (neither reaching the
    target nor improving on the draft, whatever their chance): their `log_pass` and `rank` are
    -inf, for `Search._completed` to fill in if needed.
    """
    rows = members.shape[0]
    base_value = board.outlook.value
    # Sums over a package's members, column by column: the same additions in the same order
    # as a sum over the member axis, without numpy's slow reduction over a middle axis.
    first = members[:, 0]
    d_value = s.own.take(first)
    summed = s.table.take(first, axis=0)
    codes = s.codes.take(first, axis=0) if s.terms else s.codes
    for c in range(1, members.shape[1]):
        col = members[:, c]
        d_value += s.own.take(col)
        summed += s.table.take(col, axis=0)
        if s.terms:
            np.maximum(codes, s.codes.take(col, axis=0), out=codes)
    if s.terms:
        factors = s.lut.take(codes.T)  # (parts, packages)
        for term, holds, parts in s.terms:
            chance = factors[parts[0]]  # 1.0 times it, as it was, changes no bit
            for part in parts[1:]:
                chance *= factors[part]
            d_value += term * (chance - holds)
    value: F64 = s.base_unclipped + d_value
    np.maximum(value, 0.0, out=value)
    np.minimum(value, 100.0, out=value)
    value -= s.base_penalty - summed[:, -2]
    settles = summed[:, -1]
    feasible = value >= board.target - 1e-9
    improving = value > base_value + 1e-9
    if board.settle_all:
        settled = settles >= len(board.must_settle)
        feasible &= settled
        improving &= settled
    chosen = (feasible | improving).nonzero()[0] if lazy else None
    if chosen is not None and rows - chosen.size >= _LEAVE_OUT:
        log_pass = np.full(rows, -np.inf)
        prospect = np.zeros(rows)
        log_pass[chosen], prospect[chosen] = _log_pass(s, board, summed[chosen])
    else:
        log_pass, prospect = _log_pass(s, board, summed)
    top = feasible & (log_pass >= math.log(max(board.min_chance, 1e-300)))
    cls: I64 = improving.astype(np.int64)
    cls[top] = 2
    lift = value - base_value
    np.maximum(lift, 1e-9, out=lift)
    np.log(lift, out=lift)
    lift[top] = 0.0
    rank = np.multiply(settles, np.float64(SETTLE_CREDIT[0] + SETTLE_CREDIT[1] * board.t))
    rank += log_pass
    rank += PROSPECT_WEIGHT * prospect
    rank += lift
    return _Scored(members, value, log_pass, rank, cls)


def _log_pass(s: _Singles, board: Board, summed: F32) -> tuple[F64, F64]:
    """Per package (row of `summed`, see `_Singles.table`), its log chance of passing, and
    how much it raises the needed signatories' log chance of signing (see `_score`)."""
    # One row per party from here: exps and logs run on contiguous rows, and sums over the
    # parties add whole rows (see `_column_sums`).
    others = s.levels.size
    table = np.ascontiguousarray(summed.T)
    gains, stakes = table[:others], table[others:2 * others]
    if board.settle_all:
        # The last round: the package is the final text, and each stakeholder votes for it,
        # and each signatory signs it, only if it beats no deal.
        x = np.add(s.levels[:, None], gains)
        x -= board.reservations[:, None]
        x *= SIGN_SLOPE
        after = _log_sigmoid(x)
        after *= (stakes > 0) | (board.signers > 0)[:, None]
        return _column_sums(after), np.zeros(table.shape[1])
    # How much closer the text gets to one every needed signatory would sign.
    support, signing = _chances(s, board.tau, gains, stakes == 0)
    signing -= s.signing_now[:, None]
    return _column_sums(support), _column_sums(signing)


_SORT_ALL = 64
"""Classes of up to this many rows are sorted whole: cheaper than the numpy calls that would
first cut them down to the best few."""


def _tops(scored: _Scored, k: int, *keys: F64) -> list[I64]:
    """Per key, the `k` best rows by class, then by that key, ties in generation order."""
    cls = scored.cls
    classes: dict[int, I64] = {}  # rows by class, found once for all the keys
    out = []
    for key in keys:
        picked: list[I64] = []
        left = k
        for c in (2, 1, 0):
            rows = classes.get(c)
            if rows is None:
                rows = classes[c] = (cls == c).nonzero()[0]
            if rows.size == 0:
                continue
            values = key[rows]
            if rows.size > max(left, _SORT_ALL):
                # Only rows at or above the k-th best key can make the cut (ties included).
                kth = np.partition(values, rows.size - left)[rows.size - left]
                near = (values >= kth).nonzero()[0]
                rows, values = rows[near], values[near]
            order = (-values).argsort(kind="stable")[:left]
            picked.append(rows[order])
            left -= order.size
            if left <= 0:
                break
        out.append(picked[0] if len(picked) == 1 else np.concatenate(picked)
                   if picked else np.zeros(0, dtype=np.int64))
    return out


_Entry = tuple[bool, float, float, float, list[int]]
"""A candidate's fields, ordered for ranking: feasible, rank, value, log_pass, members."""


class Search:
    """The single amendments open to the seat on one board, prepared once for several queries.

    Every single amendment and every pair (on distinct clauses) is scored once, on first use,
    and shared by `evaluate` and `candidates`.
    """

    def __init__(self, board: Board) -> None:
        self.board = board
        self._s = _singles(board)
        self._where = {pair: n for n, pair in enumerate(self._s.ids)}
        self._pattern = _pattern(self._s.issue[:-1])
        self._base: tuple[_Scored, int] | None = None
        self._pairs_end = 0

    def _singles_and_pairs(self, extra: I64 | None = None) -> tuple[_Scored, int]:
        """Every single (padded to a pair) then every pair on distinct clauses (see
        `_Pattern.members`), scored; and the number of singles.

        Rows of `extra` (triples of singles, for `evaluate`), if given on first use, are
        scored in the same pass after the pairs (rows from `self._pairs_end`)."""
        if self._base is None:
            n = len(self._s.ids)
            members = self._pattern.members
            self._pairs_end = members.shape[0] if self.board.max_amendments >= 2 else n
            members = members[:self._pairs_end]
            # Padding adds exact zeros: the rows score as they would on their own.
            members = (np.concatenate([members, extra]) if extra is not None and extra.shape[0]
                       else members[:, :2])
            self._base = (_score(self._s, self.board, members, lazy=True), n)
        return self._base

    def _pair_row(self, first: int, second: int) -> int:
        """The row of the pair of singles `first` < `second` in `_singles_and_pairs`, or -1
        when they are on the same clause."""
        _, n = self._singles_and_pairs()
        keys = self._pattern.keys
        at = int(np.searchsorted(keys, first * n + second))
        found = n + at < self._pairs_end and keys[at] == first * n + second
        return n + at if found else -1

    def candidates(self, busy: frozenset[str] = frozenset(), keep: int = 8) -> list[Candidate]:
        """The best packages to table, best first: those reaching the target with at least
        `min_chance` of passing, ranked by that chance; then those that improve on the draft,
        ranked by expected improvement (chance times gain). Clauses in `busy` are left alone.

        Empty when no package qualifies. It does not check that it is the seat's turn, nor how
        likely a package is: the caller decides whether a low chance is worth tabling.
        """
        s, board = self._s, self.board
        free = (np.asarray([issue not in busy for issue, _ in s.ids], dtype=np.bool_)
                if busy else None)
        live = np.arange(len(s.ids)) if free is None else free.nonzero()[0]
        n = live.size
        if n == 0:
            return []
        scored, count = self._singles_and_pairs()
        pairs_end = self._pairs_end
        pair_rows: I64 | slice
        if free is None:  # the pools are slices, not copies
            singles, pair_rows = scored.take(slice(0, count)), slice(count, pairs_end)
        else:
            # The pairs of live singles, in the order `triu_indices` over them gives.
            members = scored.members[count:pairs_end]
            singles = scored.take(live)
            pair_rows = count + (free[members[:, 0]] & free[members[:, 1]]).nonzero()[0]
        pools = [(singles, _tops(singles, keep, singles.rank)[0])]
        if board.max_amendments >= 2 and n >= 2:
            pair_pool = scored.take(pair_rows)
            if board.max_amendments >= 3 and pair_pool.members.shape[0]:
                # The best pairs by rank make the pool's shortlist and, with those by value,
                # the heads grown into triples.
                by_rank, by_value = _tops(pair_pool, max(keep, BEAM), pair_pool.rank,
                                          pair_pool.value)
                if by_rank.size >= BEAM and pair_pool.cls[by_rank[BEAM - 1]] == 0:
                    # Too few pairs above class 0: the heads need their ranks too.
                    pair_pool = self._completed(pair_pool)
                    by_rank = _tops(pair_pool, max(keep, BEAM), pair_pool.rank)[0]
                pools.append((pair_pool, by_rank[:keep]))
                heads = pair_pool.members[
                    sorted({*by_rank[:BEAM].tolist(), *by_value[:BEAM].tolist()}), :2]
                triples = self._grown(heads, live)
                if triples.shape[0]:
                    pool = _score(s, board, triples, lazy=True)
                    pools.append((pool, _tops(pool, keep, pool.rank)[0]))
            else:
                pools.append((pair_pool, _tops(pair_pool, keep, pair_pool.rank)[0]))
        return self._shortlist(pools, keep)

    def _grown(self, heads: I64, live: I64) -> I64:
        """(triples, 3): each pair of `heads` with each live single on a third clause, members
        in increasing order, each triple once, in the order first grown."""
        count = heads.shape[0]
        grown_from = np.arange(count)[:, None]
        first, second = heads[:, :1], heads[:, 1:]
        # A head takes a third single on a clause of its own, unless the triple has grown
        # already: from an earlier head, either other pair of it. Per pair of singles, the
        # head it is, -1 on a shared clause, `_NO_HEAD` for no head.
        head_of = self._pattern.clash.copy()
        head_of[first, second] = grown_from
        head_of[second, first] = grown_from
        ok = head_of[first, live] > grown_from
        ok &= head_of[second, live] > grown_from
        h, c = ok.nonzero()
        low, high, third = heads[h, 0], heads[h, 1], live[c]
        # Pairs hold their lower single first, so the third sorts in with a min and a max.
        middle = np.minimum(high, third)
        np.maximum(low, middle, out=middle)
        np.minimum(low, third, out=low)
        np.maximum(high, third, out=high)
        # Each member's column contiguous, as `_score` takes them.
        out: I64 = np.array((low, middle, high)).T
        return out

    def _shortlist(self, pools: list[tuple[_Scored, I64]], keep: int) -> list[Candidate]:
        """The `keep` best candidates among the `top` rows of each pool (those of class 0
        dropped), best first: feasible ones, then by rank, then by value, ties in pool order."""
        entries = []
        for pool, top in pools:
            for members, value, log_pass, rank, cls in zip(
                    pool.members[top].tolist(), pool.value[top].tolist(),
                    pool.log_pass[top].tolist(), pool.rank[top].tolist(),
                    pool.cls[top].tolist(), strict=True):
                if cls:
                    entries.append(self._entry(members, value, log_pass, rank, cls))
        entries.sort(key=operator.itemgetter(0, 1, 2), reverse=True)  # stable
        return [self._make(entry) for entry in entries[:keep]]

    def evaluate(self, packages: list[Amendments]) -> list[Candidate | None]:
        """The search's assessment of given packages (None for one the seat could not table)."""
        out: list[Candidate | None] = [None] * len(packages)
        by_size: dict[int, list[int]] = {}
        merged: dict[tuple[int, ...], int] = {}
        if self._base is None:  # score the triples with the singles and pairs, in one pass
            for package in packages:
                if len(package) == 3 and all(pair in self._where for pair in package):
                    merged.setdefault(tuple(self._where[p] for p in package), len(merged))
            self._singles_and_pairs(np.asarray(list(merged), dtype=np.int64).reshape(-1, 3))
        for k, package in enumerate(packages):
            if not package or not all(pair in self._where for pair in package):
                continue
            if merged and len(package) == 3:
                scored, _ = self._singles_and_pairs()
                row = merged[tuple(self._where[p] for p in package)]
                out[k] = self._candidate(scored, self._pairs_end + row)
                continue
            if len(package) <= 2:  # scored already: single amendments and pairs
                scored, _ = self._singles_and_pairs()
                at = [self._where[p] for p in package]
                row = at[0] if len(at) == 1 else self._pair_row(min(at), max(at))
                if row >= 0:
                    out[k] = self._candidate(scored, row)
                    continue
            by_size.setdefault(len(package), []).append(k)
        for ks in by_size.values():  # one scoring per package size
            members = np.asarray([[self._where[p] for p in packages[k]] for k in ks],
                                 dtype=np.int64)
            pool = _score(self._s, self.board, members)
            for row, k in enumerate(ks):
                out[k] = self._candidate(pool, row)
        return out

    @functools.cached_property
    def _suspects(self) -> set[int]:
        """`pad` and the singles of the failed packages: only packages of these can have
        failed, which spares building the others' amendments to look them up."""
        where = self._where
        out = {where[pair] for package in self.board.failed for pair in package
               if pair in where}
        out.add(self._s.pad)
        return out

    def _amendments(self, members: list[int]) -> Amendments:
        # singles are generated in issue order, so sorting members keeps the scenario's order
        ids, pad = self._s.ids, self._s.pad
        return tuple([ids[m] for m in sorted(members) if m != pad])

    def _completed(self, pool: _Scored) -> _Scored:
        """`pool` with the chances a lazy `_score` left out worked out."""
        missing = np.isneginf(pool.log_pass).nonzero()[0]
        if missing.size == 0:
            return pool
        done = _score(self._s, self.board, pool.members[missing])
        log_pass, rank = pool.log_pass.copy(), pool.rank.copy()
        log_pass[missing] = done.log_pass
        rank[missing] = done.rank
        return pool._replace(log_pass=log_pass, rank=rank)

    def _candidate(self, pool: _Scored, row: int) -> Candidate:
        if pool.log_pass[row] == -math.inf:
            pool, row = self._completed(pool.take(slice(row, row + 1))), 0
        return self._make(self._entry(pool.members[row].tolist(), float(pool.value[row]),
                                      float(pool.log_pass[row]), float(pool.rank[row]),
                                      int(pool.cls[row])))

    def _entry(self, members: list[int], value: float, log_pass: float, rank: float, cls: int
               ) -> _Entry:
        """A scored package (its singles and `pad`s) as a candidate's fields, charged for its
        earlier failures."""
        penalty = 0.0
        if self._suspects.issuperset(members):
            penalty = REPEAT_PENALTY * self.board.failed.get(
                frozenset(self._amendments(members)), 0)
        return cls == 2, rank - penalty, value, log_pass - penalty, members

    def _make(self, entry: _Entry) -> Candidate:
        feasible, rank, value, log_pass, members = entry
        return Candidate(self._amendments(members), value, log_pass, rank, feasible)
