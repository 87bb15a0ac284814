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

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

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
U8 = npt.NDArray[np.uint8]


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
# faster than float64 on the thousands of (package, party) pairs a proposal weighs.
def _log_sigmoid(x: F32) -> F32:
    """log(sigmoid(x)), computed in place in `x` (which it returns)."""
    np.maximum(x, -30.0, out=x)
    np.negative(x, out=x)
    np.exp(x, out=x)
    np.log1p(x, out=x)
    np.negative(x, out=x)
    return x


def log_acceptance(gain: F32, level: F32, tau: float) -> F32:
    """Log of the estimated chance that a party supports a change (see the module docstring):
    log(1 - (1 - sigmoid(a)) (1 - sigmoid(b))) = log(1 - 1 / ((1 + e^a) (1 + e^b)))."""
    a = np.multiply(gain, GAIN_SLOPE, dtype=np.float32)
    np.minimum(a, 30.0, out=a)
    b = np.add(level, gain, dtype=np.float32)
    b -= np.float32(tau)
    b *= LEVEL_SLOPE
    np.minimum(b, 30.0, out=b)
    np.exp(a, out=a)
    np.exp(b, out=b)
    a += 1.0
    b += 1.0
    a *= b
    np.divide(1.0, a, out=a)
    np.subtract(1.0, a, out=a)
    np.maximum(a, 1e-9, out=a)
    np.log(a, out=a)
    return a


@dataclass(frozen=True, eq=False)
class _Singles:
    """Every single amendment the seat may table, with what it changes.

    Per-single arrays have one extra row at the end, `pad`: a null amendment that changes
    nothing, so that packages of different sizes can be scored together (adding it adds
    exact zeros).
    """

    issue: I64  # clause position (-1 for `pad`)
    ids: list[tuple[str, str]]
    packed: F64
    """(singles, 3): the own change in expected utility (before interactions and clipping);
    1 when it moves a settled clause off one of the seat's red lines; 1 when it settles a
    clause that must be settled."""
    gains: F32  # (singles, others)
    stakes: Bools  # (singles, others): a stakeholder of the clause
    codes: U8
    """(singles, parts): per clause of an interaction term, 1 when the amendment touches the
    clause, plus 2 when the option it sets is one the term allows."""
    lut: F64
    """(parts * 4,): a package's factor for a part, by its or-ed code: the chance the clause
    holds now when untouched (0), else 1 when an amendment sets an allowed option (3), else 0."""
    lut_offsets: I64  # (parts,): where each part's four factors start in `lut`
    terms: list[tuple[float, float, list[int]]]  # per interaction: value, chance now, parts
    levels: F32  # (others,): each other party's estimated level now
    signers: I64  # the columns of the parties whose signature the agreement needs
    signer_levels: F32  # their levels now
    signer_reservations: F32  # the levels they are believed to need
    base_unclipped: float
    base_crossed: float

    @property
    def pad(self) -> int:
        return len(self.ids)


@dataclass(frozen=True, eq=False)
class _Axis:
    """What a seat's own tables say about each option of the axis, whatever the draft."""

    mine: F64  # the seat's weighted value of each option
    banned: Bools  # the option crosses one of the seat's red lines
    codes: U8  # (parts, axis): `_Singles.codes` for every option, before the choice of singles


_AXES: dict[tuple[int, int], tuple[OwnTables, Layout, _Axis]] = {}
_AXES_SIZE = 256


def _axis(own: OwnTables, lay: Layout, issues: tuple[Issue, ...]) -> _Axis:
    hit = _AXES.get((id(own), id(lay)))
    if hit is not None and hit[0] is own and hit[1] is lay:
        return hit[2]
    mine = [own.values[k].get(o, 0.0) for k, i in enumerate(issues) for o in i.option_ids]
    banned = [o in own.banned[k] for k, i in enumerate(issues) for o in i.option_ids]
    of = lay.issue_of.tolist()
    codes = [[(3 if o in options else 1) if i == k else 0
              for i, (_, o) in zip(of, lay.pairs, strict=True)]
             for _, condition in own.interactions for k, options in condition]
    made = _Axis(np.asarray(mine, dtype=np.float64), np.asarray(banned, dtype=np.bool_),
                 np.asarray(codes, dtype=np.uint8).reshape(len(codes), len(lay.pairs)))
    if len(_AXES) >= _AXES_SIZE:
        _AXES.clear()
    _AXES[(id(own), id(lay))] = (own, lay, made)
    return made


def _singles(board: Board) -> _Singles:
    own, look, lay = board.own, board.outlook, board.layout
    draft, chances = look.draft, look.chances
    axis = _axis(own, lay, board.issues)
    # How the draft stands on the option axis: 1 on a settled clause's option, the chances on
    # an open clause's options.
    weight = np.zeros(len(lay.pairs))
    allowed = ~axis.banned
    crossed_l: list[float] = []
    must_l: list[float] = []
    starts = lay.starts.tolist()
    for k, issue in enumerate(board.issues):
        current = draft.get(issue.id)
        start = starts[k]
        opts = issue.option_ids
        if current is not None:
            at = start + opts.index(current) if current in opts else -1
            if at >= 0:
                weight[at] = 1.0
                allowed[at] = False
            crossed_l.append(1.0 if current in own.banned[k] else 0.0)
        else:
            open_chances = chances.get(issue.id)
            if open_chances:
                for j, option in enumerate(opts):
                    p = open_chances.get(option)
                    if p is not None:
                        weight[start + j] = p
            crossed_l.append(0.0)
        if issue.id in board.locked:
            allowed[start:start + len(opts)] = False
        must_l.append(1.0 if issue.id in board.must_settle else 0.0)
    mine = axis.mine
    crossed_now = np.asarray(crossed_l, dtype=np.float64)
    must = np.asarray(must_l, dtype=np.float64)
    base_own = np.add.reduceat(mine * weight, lay.starts)
    base_models = np.add.reduceat(board.models * weight[None, :], lay.starts, axis=1)
    sel = np.flatnonzero(allowed)
    of = lay.issue_of[sel]
    gains = (board.models[:, sel] - base_models[:, of]
             - VETO_COST * np.minimum(board.vetoes[:, sel], 2.0))
    ids = [lay.pairs[n] for n in sel.tolist()]
    terms: list[tuple[float, float, list[int]]] = []
    lut: list[float] = []
    base_unclipped = float(base_own.sum())
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
            lut.extend((now, 0.0, now, 1.0))
        terms.append((value, holds, parts))
        base_unclipped += value * holds

    def padded(a: npt.NDArray[Any]) -> npt.NDArray[Any]:
        return np.concatenate([a, np.zeros((1, *a.shape[1:]), dtype=a.dtype)])

    levels = base_models.sum(axis=1).astype(np.float32)
    signers = np.flatnonzero(board.signers > 0)
    code_matrix = np.zeros((len(ids) + 1, part), dtype=np.uint8)
    if part:
        code_matrix[:-1] = axis.codes[:, sel].T
    return _Singles(
        issue=np.concatenate([of, np.asarray([-1], dtype=np.int64)]),
        ids=ids,
        packed=padded(np.stack([mine[sel] - base_own[of], crossed_now[of], must[of]], axis=1)),
        gains=padded(np.ascontiguousarray(gains.T, dtype=np.float32)),
        stakes=padded(np.ascontiguousarray(lay.stakes[:, sel].T)),
        codes=code_matrix,
        lut=np.asarray(lut, dtype=np.float64),
        lut_offsets=np.arange(0, 4 * part, 4, dtype=np.int64),
        terms=terms,
        levels=levels,
        signers=signers,
        signer_levels=levels[signers],
        signer_reservations=board.reservations[signers],
        base_unclipped=base_unclipped,
        base_crossed=float(crossed_now.sum()),
    )


@dataclass(frozen=True, eq=False)
class _Scored:
    members: I64  # (n, size)
    value: F64
    log_pass: F64
    rank: F64  # the ordering key within a class
    cls: I64  # 2: reaches the target and is likely enough, 1: improves on the draft, 0: neither

    def take(self, rows: I64) -> _Scored:
        return _Scored(self.members[rows], self.value[rows], self.log_pass[rows],
                       self.rank[rows], self.cls[rows])


def _score(s: _Singles, board: Board, members: I64, base_value: float,
           before: F32 | None = None) -> _Scored:
    """Score packages, one per row of `members` (indices into the singles, `s.pad` for none).

    `before` is the signatories' log chance of signing now (see `_signing_now`), if known.
    """
    rows = members.shape[0]
    # Sums over a package's members, column by column: the same additions in the same order
    # as a sum over the member axis, without numpy's slow reduction over a middle axis.
    first = members[:, 0]
    packed = s.packed.take(first, axis=0)
    gains = s.gains.take(first, axis=0)
    stakes = s.stakes.take(first, axis=0)
    codes = s.codes.take(first, axis=0) if s.terms else s.codes
    for c in range(1, members.shape[1]):
        col = members[:, c]
        packed += s.packed.take(col, axis=0)
        gains += s.gains.take(col, axis=0)
        stakes |= s.stakes.take(col, axis=0)
        if s.terms:
            codes |= s.codes.take(col, axis=0)
    d_value = packed[:, 0]
    settles = packed[:, 2]
    crossed = s.base_crossed - packed[:, 1]
    if s.terms:
        factors = s.lut[codes + s.lut_offsets]
        for term, holds, parts in s.terms:
            chance = np.ones(rows)
            for part in parts:
                chance *= factors[:, part]
            d_value += term * (chance - holds)
    value: F64 = s.base_unclipped + d_value
    np.maximum(value, 0.0, out=value)
    np.minimum(value, 100.0, out=value)
    value -= RED_LINE_PENALTY * crossed
    if board.settle_all:
        # The last round: the package is the final text, and each stakeholder votes for it,
        # and each signatory signs it, only if it beats no deal.
        x = np.add(s.levels, gains, dtype=np.float32)
        x -= board.reservations
        x *= SIGN_SLOPE
        after = _log_sigmoid(x)
        prospect = np.zeros(rows)
        log_pass = np.where(stakes | (board.signers > 0), after,
                            np.float32(0.0)).sum(axis=1, dtype=np.float64)
    else:
        # How much closer the text gets to one every needed signatory would sign.
        if before is None:
            before = _signing_now(s, board)
        x = gains.take(s.signers, axis=1)
        x += s.signer_levels
        x -= s.signer_reservations
        x *= SIGN_SLOPE
        after = _log_sigmoid(x)
        after -= before
        prospect = after.sum(axis=1, dtype=np.float64)
        log_pass = np.where(stakes, log_acceptance(gains, s.levels, board.tau),
                            np.float32(0.0)).sum(axis=1, dtype=np.float64)
    likely = log_pass >= math.log(max(board.min_chance, 1e-300))
    feasible = value >= board.target - 1e-9
    improving = value > base_value + 1e-9
    cls = np.where(feasible & likely, 2, np.where(improving, 1, 0)).astype(np.int64)
    if board.settle_all:
        cls[settles < len(board.must_settle)] = 0
    lift = value - base_value
    np.maximum(lift, 1e-9, out=lift)
    np.log(lift, out=lift)
    lift[cls == 2] = 0.0
    credit = SETTLE_CREDIT[0] + SETTLE_CREDIT[1] * board.t
    rank = log_pass + credit * settles
    rank += PROSPECT_WEIGHT * prospect
    rank += lift
    return _Scored(members, value, log_pass, rank, cls)



def _signing_now(s: _Singles, board: Board) -> F32:
    """Each needed signatory's log chance of signing the draft as it stands."""
    x = s.signer_levels - s.signer_reservations
    x *= SIGN_SLOPE
    return _log_sigmoid(x)


def _top(scored: _Scored, k: int, key: F64) -> I64:
    """The `k` best rows by class, then by `key`, ties in generation order."""
    cls = scored.cls
    picked: list[I64] = []
    left = k
    for c in (2, 1, 0):
        rows = np.flatnonzero(cls == c)
        if rows.size == 0:
            continue
        keys = key[rows]
        if rows.size > left:
            # Only rows at or above the k-th best key can make the cut (ties included).
            kth = np.partition(keys, rows.size - left)[rows.size - left]
            near = keys >= kth
            rows, keys = rows[near], keys[near]
        order = np.argsort(-keys, kind="stable")[:left]
        picked.append(rows[order])
        left -= order.size
        if left <= 0:
            break
    out: I64 = np.concatenate(picked) if picked else np.zeros(0, dtype=np.int64)
    return out


class Search:
    """The single amendments open to the seat on one board, prepared once for several queries.

    Every single amendment and every pair (on distinct clauses) is scored once, on first use,
    and shared by `evaluate` and `candidates`.
    """

    def __init__(self, board: Board) -> None:
        self.board = board
        self._s = _singles(board)
        self._where = {pair: n for n, pair in enumerate(self._s.ids)}
        self._before = None if board.settle_all else _signing_now(self._s, board)
        self._base: tuple[_Scored, int, I64] | None = None
        self._pairs_end = 0

    def _scored(self, members: I64) -> _Scored:
        return _score(self._s, self.board, members, self.board.outlook.value, self._before)

    def _singles_and_pairs(self, extra: I64 | None = None) -> tuple[_Scored, int, I64]:
        """Every single (padded to a pair) then every pair on distinct clauses, scored; the
        number of singles; and (singles, singles) -> row of the pair, or -1.

        Rows of `extra` (triples of singles, for `evaluate`), if given on first use, are
        scored in the same pass after the pairs (rows from `self._pairs_end`)."""
        if self._base is None:
            s = self._s
            n = len(s.ids)
            singles = np.stack([np.arange(n, dtype=np.int64),
                                np.full(n, s.pad, dtype=np.int64)], axis=1)
            where = np.full((n, n), -1, dtype=np.int64)
            if self.board.max_amendments >= 2 and n >= 2:
                a, b = np.triu_indices(n, 1)
                distinct = s.issue[a] != s.issue[b]
                pairs = np.stack([a[distinct], b[distinct]], axis=1).astype(np.int64)
                where[pairs[:, 0], pairs[:, 1]] = n + np.arange(pairs.shape[0])
                singles = np.concatenate([singles, pairs])
            self._pairs_end = singles.shape[0]
            if extra is not None and extra.shape[0]:
                # Padding adds exact zeros: the rows score as they would on their own.
                pad = np.full((singles.shape[0], 1), s.pad, dtype=np.int64)
                singles = np.concatenate([np.concatenate([singles, pad], axis=1), extra])
            self._base = (self._scored(singles), n, where)
        return self._base

    def candidates(self, busy: frozenset[str] = frozenset(), keep: int = 8) -> list[Candidate]:
        """The best packages to table, best first: those reaching the target with at least
        `min_chance` of passing, ranked by that chance; then those that improve on the draft,
        ranked by expected improvement (chance times gain). Clauses in `busy` are left alone.

        Empty when no package qualifies. It does not check that it is the seat's turn, nor how
        likely a package is: the caller decides whether a low chance is worth tabling.
        """
        s, board = self._s, self.board
        free = np.asarray([issue not in busy for issue, _ in s.ids], dtype=np.bool_)
        live = np.flatnonzero(free)
        n = live.size
        if n == 0:
            return []
        base_value = board.outlook.value
        scored, count, _ = self._singles_and_pairs()
        pools = [scored.take(live)]
        if board.max_amendments >= 2 and n >= 2:
            # The pairs of live singles, in the order `triu_indices` over them gives.
            members = scored.members[count:self._pairs_end]
            rows = count + np.flatnonzero(free[members[:, 0]] & free[members[:, 1]])
            pair_pool = scored.take(rows)
            pools.append(pair_pool)
            pairs = pair_pool.members[:, :2]
            if board.max_amendments >= 3 and pairs.shape[0]:
                heads = pairs[np.unique(np.concatenate([_top(pair_pool, BEAM, pair_pool.rank),
                                                        _top(pair_pool, BEAM, pair_pool.value)]))]
                ok = ((s.issue[live][None, :] != s.issue[heads[:, :1]])
                      & (s.issue[live][None, :] != s.issue[heads[:, 1:]]))
                h, c = np.nonzero(ok)
                if h.size:
                    grown = np.sort(np.stack([heads[h, 0], heads[h, 1], live[c]], axis=1),
                                    axis=1)
                    width = len(s.ids)
                    keys = (grown[:, 0] * width + grown[:, 1]) * width + grown[:, 2]
                    _, first = np.unique(keys, return_index=True)
                    pools.append(_score(s, board, grown[np.sort(first)], base_value,
                                        self._before))
        found: dict[Amendments, Candidate] = {}
        for pool in pools:
            top = _top(pool, keep, pool.rank)
            for candidate in self._candidates(pool.take(top[pool.cls[top] != 0])):
                found[candidate.amendments] = candidate
        ranked = sorted(found.values(), key=lambda c: (c.feasible, c.rank, c.value),
                        reverse=True)
        return ranked[:keep]

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
                scored, _, _ = self._singles_and_pairs()
                row = merged[tuple(self._where[p] for p in package)]
                out[k] = self._candidate(scored, self._pairs_end + row)
                continue
            if len(package) <= 2:  # scored already: single amendments and pairs
                scored, _, where = self._singles_and_pairs()
                at = [self._where[p] for p in package]
                row = at[0] if len(at) == 1 else int(where[min(at), max(at)])
                if row >= 0:
                    out[k] = self._candidate(scored, row)
                    continue
            by_size.setdefault(len(package), []).append(k)
        for ks in by_size.values():  # one scoring per package size
            members = np.asarray([[self._where[p] for p in packages[k]] for k in ks],
                                 dtype=np.int64)
            pool = self._scored(members)
            for row, k in enumerate(ks):
                out[k] = self._candidate(pool, row)
        return out

    def _candidates(self, pool: _Scored) -> list[Candidate]:
        """A candidate per row of `pool` (as `_candidate`, converting the arrays at once)."""
        ids, pad, failed = self._s.ids, self._s.pad, self.board.failed
        out = []
        for members, value, log_pass, rank, cls in zip(
                pool.members.tolist(), pool.value.tolist(), pool.log_pass.tolist(),
                pool.rank.tolist(), pool.cls.tolist(), strict=True):
            amendments = tuple(ids[m] for m in sorted(members) if m != pad)
            repeats = failed.get(frozenset(amendments), 0)
            out.append(Candidate(amendments=amendments, value=value,
                                 log_pass=log_pass - REPEAT_PENALTY * repeats,
                                 rank=rank - REPEAT_PENALTY * repeats, feasible=cls == 2))
        return out

    def _candidate(self, pool: _Scored, row: int) -> Candidate:
        # singles are generated in issue order, so sorting members keeps the scenario's order
        pad = self._s.pad
        amendments = tuple(self._s.ids[m] for m in sorted(pool.members[row].tolist())
                           if m != pad)
        repeats = self.board.failed.get(frozenset(amendments), 0)
        return Candidate(
            amendments=amendments,
            value=float(pool.value[row]),
            log_pass=float(pool.log_pass[row]) - REPEAT_PENALTY * repeats,
            rank=float(pool.rank[row]) - REPEAT_PENALTY * repeats,
            feasible=bool(pool.cls[row] == 2),
        )
