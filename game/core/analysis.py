"""Where agreement is possible and how good a deal is, over every complete text.

DESIGN §2 asks for each party's best, worst and reservation; the zone of possible agreement;
the Pareto frontier; the Nash, Kalai–Smorodinsky and maximum-welfare texts; and, for a given
deal, whether it is Pareto-optimal, how far it is from the frontier and how its Nash product
compares with the best. `backstop analyze`, the validator and `backstop simulate` read them
from `analyze` (the scenario as written); the debrief and the after-action report judge a
game's outcome with `analyze_game` (the game as it ended, discounted to the round of the deal,
so that the zone agrees with the scores they show). All work on the dense utility matrix of
`game.core.utility`.

Definitions used throughout (the *analysed parties* default to the agreement's signatories):

- A text is *signable* when it crosses no red line of any analysed party.
- The *zone* holds the signable texts whose score, `U * (1 - urgency) ** rounds_elapsed`,
  reaches every analysed party's reservation, compared exactly as
  `discounted(utility(...)) >= reservation` would be.
- The *frontier* holds the signable texts whose utility vector over the analysed parties no
  other signable text dominates (at least as good for all, better for one). Discounting scales
  each party's utility by a positive constant, so the frontier does not depend on rounds.
- Surplus is score minus reservation. Nash maximises the product of surpluses over the zone;
  Kalai–Smorodinsky maximises the least `surplus_i / (ideal_i - reservation_i)`, where `ideal_i`
  is party i's best score in the zone (a party whose ideal is its reservation counts 1);
  maximum welfare maximises the sum of scores over the zone. Ties go to the lowest outcome
  index, treating values within a relative 1e-12 as tied so that float noise does not decide.

Above `DENSE_LIMIT` texts the space is too large to enumerate. The analysis then draws
`SAMPLES` uniform texts with `numpy.random.default_rng(seed)`, hill-climbs from the best of
them towards each objective (best single-clause change, or two-clause change when no single one
helps), and analyses every text it evaluated as above. The zone size is the sampled share times
the space size. The result is marked `approximate`, with a warning. The frontier search also
has a work limit, so adversarial utilities come back approximate rather than hanging.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from game.core.model import FrozenMap, Scenario
from game.core.scoring import QUANTUM, discount, discounted
from game.core.state import GameState
from game.core.utility import (
    DENSE_LIMIT,
    F32,
    F64,
    I64,
    Bools,
    OutcomeSpace,
    UtilityMatrix,
    outcome_space,
    scenario_space,
)

SAMPLES = 100_000
"""Uniform random texts drawn when the space is over the dense limit."""
STARTS = 4
"""Hill-climbs per objective, from the best distinct samples."""
MAX_STEPS = 100
"""Improving moves per hill-climb at most."""
PAIR_LIMIT = 20_000
"""Hill-climbs also try two-clause changes when a text has at most this many."""
WORK_LIMIT = 600_000_000
"""Frontier search budget in 64-bit word operations (about 2e8 a second on one core).

The flagship's five signatories need under 1e8; adversarial data (most texts Pareto-optimal)
would need far more, and then gets an incomplete frontier in a few seconds.
"""

Arr = npt.NDArray[Any]

_HEAD = 2048  # points settled per round of the frontier search
_CHUNK = 8192  # rows tested against a bitset table at once
_UNITS = round(1 / QUANTUM)  # utilities are whole multiples of QUANTUM
_TIE = 1e-12


# -- Pareto frontier -------------------------------------------------------------------------


def pareto_mask(points: npt.ArrayLike) -> Bools:
    """Which rows of `points` (n, d) no other row dominates, maximising every column.

    Dominance is >= in every column and > in at least one; equal rows are all kept or all
    dropped. Exact, without a work limit. It does not check for NaN.
    """
    mask, _ = _pareto(np.asarray(points, dtype=np.float32), None)
    return mask


def _pareto(points: F32, work_limit: int | None) -> tuple[Bools, bool]:
    """`pareto_mask` plus whether it finished within `work_limit`.

    When it did not, the rows marked are still all Pareto-optimal, but some are missing.
    """
    n, d = points.shape
    if n == 0:
        return np.zeros(0, dtype=np.bool_), True
    if d == 0:
        return np.ones(n, dtype=np.bool_), True
    if d == 1:
        return points[:, 0] == points[:, 0].max(), True
    if d == 2:
        unique, inverse = _unique_rows(points)
        return _sweep_2d(unique)[inverse], True
    alive = _prefilter(points)
    unique, inverse = _unique_rows(points[alive])
    on, complete = _rounds(unique, work_limit)
    mask = np.zeros(n, dtype=np.bool_)
    mask[alive] = on[inverse]
    return mask, complete


def _prefilter(points: F32) -> I64:
    """Rows that survive the best rows by sum: cheap passes that often remove most rows.

    Each pass drops every row that one strong row dominates; it stops when a pass removes
    under 5% of the rows left, or few are left, and leaves the rest to `_rounds`.
    """
    n, d = points.shape
    cols = [np.ascontiguousarray(points[:, k]) for k in range(d)]
    sums = np.sum([c.astype(np.float64) for c in cols], axis=0)
    k = min(n, 64)
    top = np.argpartition(-sums, k - 1)[:k]
    top = top[np.argsort(-sums[top], kind="stable")]
    alive = np.arange(n)
    dead = np.zeros(n, dtype=np.bool_)
    for c in top:
        if alive.size <= _HEAD:
            break
        if dead[c]:
            continue
        f = points[c]
        # column by column: numpy reduces slowly along a short axis
        weakly = cols[0] <= f[0]
        strictly = cols[0] < f[0]
        for j in range(1, d):
            weakly &= cols[j] <= f[j]
            strictly |= cols[j] < f[j]
        dominated = weakly & strictly
        killed = int(np.count_nonzero(dominated))
        if killed:
            dead[alive[dominated]] = True
            keep = ~dominated
            alive = alive[keep]
            cols = [col[keep] for col in cols]
        if killed < 0.05 * (alive.size + killed):
            break
    return alive


def _unique_rows(a: Arr) -> tuple[Arr, I64]:
    """Distinct rows and, per row, the position of its distinct row.

    It sorts a 64-bit hash of each row's bits, then checks every row against its group's first
    row; a collision (or a NaN) falls back to `np.unique`.
    """
    n, d = a.shape
    if a.dtype == np.float32:
        bits = (a + np.float32(0)).view(np.uint32).astype(np.uint64)  # + 0 makes -0.0 be 0.0
    else:
        bits = np.ascontiguousarray(a, dtype=np.int64).view(np.uint64)
    h = np.zeros(n, dtype=np.uint64)
    for k in range(d):
        h = h * np.uint64(0x9E3779B97F4A7C15) + bits[:, k]
        h ^= h >> np.uint64(29)
    order = np.argsort(h, kind="stable")
    hs = h[order]
    first = np.ones(n, dtype=np.bool_)
    first[1:] = hs[1:] != hs[:-1]
    group = np.cumsum(first) - 1
    unique = a[order[first]]
    if not np.array_equal(a[order], unique[group]):
        u, inv = np.unique(a, axis=0, return_inverse=True)
        return u, inv.reshape(-1).astype(np.int64)
    inverse = np.empty(n, dtype=np.int64)
    inverse[order] = group
    return unique, inverse


def _sweep_2d(u: Arr) -> Bools:
    """Pareto mask of distinct 2-column rows: sort by both descending, keep new maxima of y."""
    order = np.lexsort((-u[:, 1], -u[:, 0]))
    y = u[order, 1]
    best_before = np.maximum.accumulate(np.concatenate(([-np.inf], y[:-1])))
    mask = np.empty(u.shape[0], dtype=np.bool_)
    mask[order] = y > best_before
    return mask


def _rounds(u: Arr, work_limit: int | None) -> tuple[Bools, bool]:
    """Pareto mask of distinct rows with 3+ columns: a sort-filter skyline in blocks.

    Rows go in descending order of their sum, so a row can only be dominated by rows before
    it. Each round takes the next `_HEAD` rows, keeps those no other head row dominates (all
    are then Pareto-optimal), and drops every later row one of them dominates; a dominated
    row dominates nothing the Pareto-optimal rows do not. Both tests are bitset ANDs (see
    `_covered`), about n * d * |head| / 64 word operations per round.
    """
    n, d = u.shape
    sums = u.astype(np.float64).sum(axis=1)
    alive = np.argsort(-sums, kind="stable")
    on = np.zeros(n, dtype=np.bool_)
    work = 0
    while alive.size:
        h = min(_HEAD, alive.size)
        s = sums[alive]
        if h < alive.size and s[h - 1] == s[h]:
            # rows with equal float sums may still dominate: order that run lexicographically
            lo = int(np.searchsorted(-s, -s[h - 1], side="left"))
            hi = int(np.searchsorted(-s, -s[h - 1], side="right"))
            run = alive[lo:hi]
            alive[lo:hi] = run[np.lexsort(tuple(-u[run, k] for k in reversed(range(d))))]
        head = alive[:h]
        rest = alive[h:]
        work += h * d * (h // 64 + 1) + rest.size * d * (h // 64 + 1)
        if work_limit is not None and work > work_limit:
            return on, False
        keep = ~_covered(u[head], u[head], exclude_self=True)
        on[head[keep]] = True
        if rest.size and keep.any():
            rest = rest[~_covered(u[rest], u[head[keep]], exclude_self=False)]
        alive = rest
    return on, True


def _covered(y: Arr, x: Arr, exclude_self: bool) -> Bools:
    """Which rows of `y` some row of `x` matches or beats in every column.

    For each column, rows of `x` sorted by that column make the set {x : x_k >= y_k} a prefix,
    so a table of prefix bitsets turns the test into d lookups and ANDs of |x|/64 words.
    With `exclude_self`, `y` is `x` and a row does not cover itself.
    """
    m, d = x.shape
    words = (m + 63) // 64
    own = np.zeros((m, words), dtype=np.uint64)
    r = np.arange(m)
    own[r, r >> 6] = np.left_shift(np.uint64(1), (r & 63).astype(np.uint64))
    tables = []
    ascending = []
    for k in range(d):
        order = np.argsort(-x[:, k], kind="stable")
        table = np.zeros((m + 1, words), dtype=np.uint64)
        np.bitwise_or.accumulate(own[order], axis=0, out=table[1:])
        tables.append(table)
        ascending.append(x[order[::-1], k])
    out = np.empty(y.shape[0], dtype=np.bool_)
    for start in range(0, y.shape[0], _CHUNK):
        block = y[start:start + _CHUNK]
        acc = tables[0][m - np.searchsorted(ascending[0], block[:, 0], side="left")]
        for k in range(1, d):
            acc &= tables[k][m - np.searchsorted(ascending[k], block[:, k], side="left")]
        if exclude_self:
            acc &= ~own[start:start + _CHUNK]
        out[start:start + _CHUNK] = acc.any(axis=1)
    return out


# -- results ---------------------------------------------------------------------------------


def _r(x: float, places: int = 4) -> float:
    return round(float(x), places)


@dataclass(frozen=True, slots=True)
class PartyRange:
    """A party's best and worst utility over all texts, and its reservation."""

    party: str
    best: float
    worst: float
    best_signable: float | None  # its best over texts it can sign; None when there are none
    reservation: float
    urgency: float

    def to_dict(self) -> dict[str, object]:
        return {
            "best": self.best,
            "best_signable": self.best_signable,
            "reservation": self.reservation,
            "urgency": self.urgency,
            "worst": self.worst,
        }


@dataclass(frozen=True, slots=True)
class Solution:
    """One text picked by a bargaining rule, with what it gives each analysed party.

    `value` is what the rule maximised: the Nash product, the Kalai–Smorodinsky least ratio,
    or the welfare sum.
    """

    rule: str
    index: int
    text: FrozenMap[str, str]
    utilities: FrozenMap[str, float]
    scores: FrozenMap[str, float]
    surplus: FrozenMap[str, float]
    value: float

    def to_dict(self) -> dict[str, object]:
        return {
            "index": self.index,
            "rule": self.rule,
            "scores": {p: _r(self.scores[p]) for p in sorted(self.scores)},
            "surplus": {p: _r(self.surplus[p]) for p in sorted(self.surplus)},
            "text": {i: self.text[i] for i in sorted(self.text)},
            "utilities": {p: self.utilities[p] for p in sorted(self.utilities)},
            "value": _r(self.value, 6),
        }


@dataclass(frozen=True, eq=False)
class Frontier:
    """The Pareto-optimal texts over the analysed parties, in outcome-index order.

    `digits` (texts x issues) locate the texts in the space; `utilities` (texts x parties)
    are theirs; `points` are the distinct utility vectors among them.
    """

    parties: tuple[str, ...]
    digits: I64
    utilities: F32
    points: F32
    complete: bool  # False: the search stopped at its work limit or sampled the space

    @property
    def size(self) -> int:
        return int(self.digits.shape[0])

    def texts(self, space: OutcomeSpace) -> list[dict[str, str]]:
        return [space.text_of_digits(row) for row in self.digits]


@dataclass(frozen=True, slots=True)
class DealAssessment:
    """How one complete text compares with the analysis (see `Analysis.assess`)."""

    text: FrozenMap[str, str]
    utilities: FrozenMap[str, float]
    scores: FrozenMap[str, float]
    surplus: FrozenMap[str, float]
    signable: bool
    in_zone: bool
    pareto_optimal: bool
    distance_to_frontier: float | None
    nash_percent: float
    approximate: bool

    @property
    def below_reservation(self) -> tuple[str, ...]:
        """The analysed parties whose score falls short of their reservation."""
        return tuple(p for p, s in self.surplus.items() if s < 0)

    def zone_verdict(self, name: Callable[[str], str]) -> str:
        """Whether the deal is inside the zone of possible agreement, naming (with `name`) the
        parties it leaves below their walk-away values. Judged on the scores when the
        assessment comes from `analyze_game`, as in the report and the debrief."""
        if self.in_zone:
            return "Inside the zone of possible agreement"
        short = self.below_reservation
        if not short:
            return "Outside the zone: the text crosses a signatory's red line"
        values = "its walk-away value" if len(short) == 1 else "their walk-away values"
        return f"Outside the zone: {', '.join(name(p) for p in short)} scored below {values}"

    def to_dict(self) -> dict[str, object]:
        dist = self.distance_to_frontier
        return {
            "approximate": self.approximate,
            "distance_to_frontier": None if dist is None else _r(dist),
            "in_zone": self.in_zone,
            "nash_percent": _r(self.nash_percent, 2),
            "pareto_optimal": self.pareto_optimal,
            "scores": {p: _r(self.scores[p]) for p in sorted(self.scores)},
            "signable": self.signable,
            "surplus": {p: _r(self.surplus[p]) for p in sorted(self.surplus)},
            "text": {i: self.text[i] for i in sorted(self.text)},
            "utilities": {p: self.utilities[p] for p in sorted(self.utilities)},
        }


@dataclass(frozen=True, eq=False)
class Analysis:
    """Everything DESIGN §2 lists for one space and one set of analysed parties.

    `zone_size` counts texts (estimated when `approximate`). The bargaining points are None
    when the zone is empty (or, approximating, when no text in it was found).
    """

    space: OutcomeSpace = field(repr=False)
    parties: tuple[str, ...]
    rounds_elapsed: int
    ranges: tuple[PartyRange, ...]
    zone_size: int
    frontier: Frontier = field(repr=False)
    nash: Solution | None
    kalai_smorodinsky: Solution | None
    max_welfare: Solution | None
    approximate: bool
    warnings: tuple[str, ...]

    @property
    def outcome_count(self) -> int:
        return self.space.size

    @property
    def zone_is_empty(self) -> bool:
        return self.zone_size == 0

    def no_deal_verdict(self) -> str:
        """After no deal: whether a deal was possible, and how many texts would have been (the
        debrief's What was possible tab and the report say the same)."""
        if self.zone_is_empty or self.nash is None:
            if self.approximate:  # a sample of the texts was searched, not every one
                return ("No deal, and none was found: no text searched gave every signatory "
                        "at least its walk-away.")
            return ("No deal, and none was possible: no text gave every signatory at least its "
                    "walk-away.")
        about = "about " if self.approximate else ""
        return (f"No deal, yet {about}{self.zone_size:,} of the {self.outcome_count:,} possible "
                "texts gave every signatory at least its walk-away.")

    def range(self, party: str) -> PartyRange:
        for r in self.ranges:
            if r.party == party:
                return r
        raise KeyError(party)

    def assess(self, text: Mapping[str, str | None]) -> DealAssessment:
        """Judge a complete text against this analysis.

        - `pareto_optimal`: signable and no frontier point dominates it;
        - `distance_to_frontier`: the Euclidean distance, in utility points over the analysed
          parties and undiscounted, from the deal to the nearest frontier point; 0 when it is
          Pareto-optimal, None when no text is signable;
        - `nash_percent`: its Nash product as a percentage of the maximum, 0 outside the zone
          (100 when the maximum is 0, as every zone text then ties).

        KeyError names a clause the space lacks (for example one that differs from a locked
        clause). Approximate analyses give approximate answers, and the percentage can exceed
        100 when the search missed the true maximum.
        """
        view = _View(self.space, self.parties, self.rounds_elapsed)
        digits = np.asarray([self.space.digits_of(text)], dtype=np.int64)
        u32, ok = self.space.evaluate(digits, self.parties)
        u, scores, surplus = view.values(u32)
        signable = bool(ok.all())
        in_zone = signable and bool(view.reaches(u32).all())
        points = self.frontier.points
        mine = u32[0]
        dominated = bool(((points >= mine).all(axis=1) & (points > mine).any(axis=1)).any())
        pareto = signable and not dominated
        if pareto:
            distance: float | None = 0.0
        elif points.shape[0]:
            gaps = _exact(points) - u[0]
            distance = float(np.sqrt((gaps**2).sum(axis=1)).min())
        else:
            distance = None
        if not in_zone:
            percent = 0.0
        elif self.nash is None or self.nash.value <= 0:
            percent = 100.0
        else:
            percent = 100.0 * float(np.prod(np.maximum(surplus[0], 0.0))) / self.nash.value
        return DealAssessment(
            text=FrozenMap(self.space.text_of_digits(digits[0])),
            utilities=_per_party(self.parties, u[0]),
            scores=_per_party(self.parties, scores[0]),
            surplus=_per_party(self.parties, surplus[0]),
            signable=signable,
            in_zone=in_zone,
            pareto_optimal=pareto,
            distance_to_frontier=distance,
            nash_percent=percent,
            approximate=self.approximate or not self.frontier.complete,
        )

    def to_dict(self, *, frontier_texts: bool = False) -> dict[str, object]:
        """A JSON-ready summary with sorted keys; the frontier's texts only when asked."""
        front: dict[str, object] = {
            "complete": self.frontier.complete,
            "points": int(self.frontier.points.shape[0]),
            "size": self.frontier.size,
        }
        if frontier_texts:
            front["texts"] = [
                {
                    "text": dict(sorted(self.space.text_of_digits(row).items())),
                    "utilities": {
                        p: float(v) for p, v in sorted(zip(self.parties, _exact(u), strict=True))
                    },
                }
                for row, u in zip(self.frontier.digits, self.frontier.utilities, strict=True)
            ]
        return {
            "approximate": self.approximate,
            "fixed": dict(sorted(self.space.fixed.items())),
            "frontier": front,
            "kalai_smorodinsky": _maybe(self.kalai_smorodinsky),
            "max_welfare": _maybe(self.max_welfare),
            "nash": _maybe(self.nash),
            "outcome_count": self.outcome_count,
            "parties": sorted(self.parties),
            "ranges": {r.party: r.to_dict() for r in sorted(self.ranges, key=lambda r: r.party)},
            "rounds_elapsed": self.rounds_elapsed,
            "warnings": list(self.warnings),
            "zone_empty": self.zone_is_empty,
            "zone_size": self.zone_size,
        }


def _maybe(s: Solution | None) -> dict[str, object] | None:
    return None if s is None else s.to_dict()


def _per_party(parties: Sequence[str], values: F64) -> FrozenMap[str, float]:
    return FrozenMap({p: float(v) for p, v in zip(parties, values, strict=True)})


# -- shared arithmetic -----------------------------------------------------------------------


class _View:
    """The analysed parties' reservations, discounts and zone thresholds in one space."""

    def __init__(self, space: OutcomeSpace, parties: tuple[str, ...], rounds: int) -> None:
        cols = [space.party_index(p) for p in parties]
        self.reservation = np.array([space.reservations[c] for c in cols], dtype=np.float64)
        self.factor = np.array([discount(space.urgencies[c], rounds) for c in cols])
        self.threshold = np.array(
            [_threshold(space.reservations[c], space.urgencies[c], rounds) for c in cols],
            dtype=np.float32,
        )

    def values(self, u32: F32) -> tuple[F64, F64, F64]:
        """Exact utilities, scores and surpluses of float32 utility rows (m, parties)."""
        u = _exact(u32)
        scores = u * self.factor
        return u, scores, scores - self.reservation

    def reaches(self, u32: F32) -> Bools:
        """Per row and party: the score reaches the reservation."""
        out: Bools = u32 >= self.threshold
        return out


def _exact(u32: F32) -> F64:
    """float32 utilities back to the float64 values `utility` returns."""
    out: F64 = np.rint(u32.astype(np.float64) * _UNITS) / _UNITS
    return out


def _threshold(reservation: float, urgency: float, rounds: int) -> float:
    """The least utility whose discounted score reaches the reservation (inf when none does).

    Utilities are whole multiples of QUANTUM from 0 to 100, so the comparison with a float32
    threshold is exactly `discounted(u, urgency, rounds) >= reservation`.
    """
    top = 100 * _UNITS
    f = discount(urgency, rounds)
    guess = reservation / f * _UNITS if f > 0 else math.inf
    if not math.isfinite(guess) or guess > top + 2:
        return math.inf
    q = max(0, math.ceil(guess) - 2)
    while q <= top and discounted(q / _UNITS, urgency, rounds) < reservation:
        q += 1
    return math.inf if q > top else q / _UNITS


def _all(a: Bools) -> Bools:
    """Per row: every column is True."""
    return np.asarray(a.all(axis=1), dtype=np.bool_)


def _first_max(values: F64) -> int:
    """The lowest position whose value is within a relative 1e-12 of the maximum."""
    best = float(values.max())
    return int(np.argmax(values >= best - abs(best) * _TIE))


@dataclass(frozen=True, eq=False)
class _Rows:
    """Candidate texts (all of them, or a sample) with the analysed parties' utilities."""

    digits: Callable[[I64], I64]  # rows -> digit rows
    utilities: F32  # (n, parties), column-major
    signable: Bools  # (n,)


def _solve(
    space: OutcomeSpace, view: _View, parties: tuple[str, ...], rows: _Rows
) -> tuple[int, list[Solution | None]]:
    """Zone size and the Nash, KS and welfare solutions over candidate rows."""
    zone = rows.signable.copy()
    for j in range(len(parties)):
        zone &= rows.utilities[:, j] >= view.threshold[j]
    where = np.flatnonzero(zone)
    if where.size == 0:
        return 0, [None, None, None]
    u, scores, surplus = view.values(rows.utilities[where])
    # column by column: numpy reduces slowly along a short axis
    gains = [np.maximum(surplus[:, j], 0.0) for j in range(len(parties))]
    nash = np.prod(gains, axis=0)
    ratios = []
    for j in range(len(parties)):
        span = float(scores[:, j].max()) - float(view.reservation[j])
        ratios.append(surplus[:, j] / span if span > 0 else np.ones(where.size))
    ks = np.min(ratios, axis=0)
    welfare = np.sum([scores[:, j] for j in range(len(parties))], axis=0)
    picks: list[Solution | None] = []
    for rule, values in (("nash", nash), ("kalai_smorodinsky", ks), ("max_welfare", welfare)):
        k = _first_max(values)
        digits = rows.digits(where[k:k + 1])[0]
        text = space.text_of_digits(digits)
        picks.append(Solution(
            rule=rule,
            index=space.index_of(text),
            text=FrozenMap(text),
            utilities=_per_party(parties, u[k]),
            scores=_per_party(parties, scores[k]),
            surplus=_per_party(parties, surplus[k]),
            value=float(values[k]),
        ))
    return int(where.size), picks


def _frontier(
    parties: tuple[str, ...], rows: _Rows, work_limit: int | None, sampled: bool
) -> Frontier:
    where = np.flatnonzero(rows.signable)
    points = np.ascontiguousarray(rows.utilities[where])
    on, complete = _pareto(points, work_limit)
    chosen = where[on]
    utilities = points[on]
    distinct, _ = _unique_rows(utilities) if utilities.shape[0] else (utilities, None)
    digits = rows.digits(chosen)
    return Frontier(
        parties=parties,
        digits=digits,
        utilities=utilities,
        points=np.asarray(distinct, dtype=np.float32),
        complete=complete and not sampled,
    )


# -- entry points ----------------------------------------------------------------------------


def analyze(
    scenario: Scenario,
    parties: Sequence[str] | None = None,
    rounds_elapsed: int = 0,
    *,
    fixed: Mapping[str, str] | None = None,
    seed: int = 0,
    limit: int = DENSE_LIMIT,
) -> Analysis:
    """The analysis of a scenario as it starts.

    `parties` are the analysed parties (default: the agreement's signatories). `fixed` locks
    clauses (default: the issues the scenario locks, on their draft option). `seed` only
    matters above `limit` texts. Unknown parties raise ValueError; see `analyze_space`.
    """
    space = scenario_space(scenario, fixed=scenario.locked_clauses if fixed is None else fixed)
    chosen = scenario.agreement.signatories if parties is None else parties
    return analyze_space(space, chosen, rounds_elapsed, seed=seed, limit=limit)


def game_space(state: GameState, parties: Sequence[str] | None = None) -> OutcomeSpace:
    """The complete texts of a game as it stands: its issues and preferences as events have
    left them, its locked clauses fixed on their options (default parties: all of them)."""
    fixed = {i: o for i in state.locked if (o := state.draft.get(i)) is not None}
    return outcome_space(state.issues, state.prefs, parties=parties, fixed=fixed)


def deal_rounds_elapsed(state: GameState) -> int:
    """The rounds elapsed for a deal signed when the game ended, or in its current round while
    it runs (never past the last round): the agreement's discount, as in `final_scores`."""
    return max(0, min(state.end_round or state.round, state.scenario.rounds) - 1)


def analyze_game(state: GameState, *, seed: int = 0, limit: int = DENSE_LIMIT) -> Analysis:
    """The analysis a game's outcome is judged against: `game_space` for the signatories,
    discounted by `deal_rounds_elapsed`.

    Scores are discounted utilities under the preferences events left, so this is the analysis
    whose zone agrees with the scores a finished game shows: `assess(agreement).in_zone` holds
    exactly when every signatory's score (`game.core.view.final_scores`) reaches its
    reservation and none of its red lines is crossed. `analyze` judges against the scenario as
    written instead, before any round has passed.
    """
    parties = state.scenario.agreement.signatories
    return analyze_space(game_space(state), parties, deal_rounds_elapsed(state), seed=seed,
                         limit=limit)


def analyze_space(
    space: OutcomeSpace,
    parties: Sequence[str],
    rounds_elapsed: int = 0,
    *,
    seed: int = 0,
    limit: int = DENSE_LIMIT,
    work_limit: int | None = WORK_LIMIT,
) -> Analysis:
    """The analysis of a space for the analysed `parties` (sorted, duplicates dropped).

    Exact up to `limit` texts (and `work_limit` for the frontier); above, approximate from
    `SAMPLES` uniform texts drawn with `numpy.random.default_rng(seed)` plus hill-climbing.
    ValueError names an unknown or missing party. It does not check that rounds_elapsed is
    non-negative.
    """
    chosen = _check_parties(space, parties)
    if space.size <= limit:
        matrix = space.matrix(chosen, limit=limit)
        return analyze_matrix(matrix, chosen, rounds_elapsed, work_limit=work_limit)
    view = _View(space, chosen, rounds_elapsed)
    rows, zone_share = _sample_and_climb(space, view, chosen, np.random.default_rng(seed))
    zone_found, picks = _solve(space, view, chosen, rows)
    frontier = _frontier(chosen, rows, work_limit, sampled=True)
    warning = (
        f"the outcome space has {space.size:,} texts, over {limit:,}: the zone size is "
        f"estimated from {SAMPLES:,} uniform random texts (seed {seed}); the frontier and "
        "bargaining points come from those texts refined by hill-climbing and may miss "
        "the true optima"
    )
    # the uniform share can round to 0 while the climbs found zone texts
    zone_size = max(min(zone_found, 1), round(zone_share * space.size))
    return _assemble(space, chosen, rounds_elapsed, zone_size=zone_size, frontier=frontier,
                     picks=picks, warnings=[warning], limit=limit, seed=seed)


def analyze_matrix(
    matrix: UtilityMatrix,
    parties: Sequence[str] | None = None,
    rounds_elapsed: int = 0,
    *,
    work_limit: int | None = WORK_LIMIT,
) -> Analysis:
    """The exact analysis from an already built matrix (default: all its parties).

    ValueError names a party the matrix lacks. It does not check that the matrix is current:
    rebuild it after events change preferences.
    """
    space = matrix.space
    chosen = _check_parties(space, matrix.party_ids if parties is None else parties)
    missing = [p for p in chosen if p not in matrix.party_ids]
    if missing:
        raise ValueError(f"the matrix has no column for {missing}")
    cols = [matrix.party_ids.index(p) for p in chosen]
    utilities = matrix.utilities if cols == list(range(len(matrix.party_ids))) else (
        np.asfortranarray(matrix.utilities[:, cols])
    )
    rows = _Rows(space.digits, utilities, _all(matrix.sign_ok[:, cols]))
    view = _View(space, chosen, rounds_elapsed)
    zone_size, picks = _solve(space, view, chosen, rows)
    frontier = _frontier(chosen, rows, work_limit, sampled=False)
    return _assemble(space, chosen, rounds_elapsed, zone_size=zone_size, frontier=frontier,
                     picks=picks, warnings=[])


def _assemble(
    space: OutcomeSpace,
    parties: tuple[str, ...],
    rounds_elapsed: int,
    *,
    zone_size: int,
    frontier: Frontier,
    picks: list[Solution | None],
    warnings: list[str],
    limit: int = DENSE_LIMIT,
    seed: int = 0,
) -> Analysis:
    approximate = bool(warnings)
    if not frontier.complete and not approximate:
        approximate = True
        warnings.append(
            f"the Pareto frontier search stopped at its work limit after {frontier.size:,} "
            "texts: every text listed is Pareto-optimal, but others are missing"
        )
    ranges, ranges_exact = _ranges(space, limit, seed)
    if not ranges_exact:
        approximate = True
        warnings.append("some parties' best and worst utilities were found by hill-climbing")
    return Analysis(
        space=space,
        parties=parties,
        rounds_elapsed=rounds_elapsed,
        ranges=ranges,
        zone_size=zone_size,
        frontier=frontier,
        nash=picks[0],
        kalai_smorodinsky=picks[1],
        max_welfare=picks[2],
        approximate=approximate,
        warnings=tuple(warnings),
    )


def zone_is_empty(
    scenario: Scenario,
    parties: Sequence[str] | None = None,
    rounds_elapsed: int = 0,
    *,
    fixed: Mapping[str, str] | None = None,
    seed: int = 0,
    limit: int = DENSE_LIMIT,
) -> bool:
    """True when no text can satisfy every analysed party (default: the signatories).

    For the validator's warning. Cheaper than `analyze`: it stops at the first obstacle and
    never computes the frontier. Above `limit` texts True means that a seeded search found no
    such text, not that none exists.
    """
    space = scenario_space(scenario, fixed=scenario.locked_clauses if fixed is None else fixed)
    chosen = scenario.agreement.signatories if parties is None else parties
    return space_zone_is_empty(space, chosen, rounds_elapsed, seed=seed, limit=limit)


def space_zone_is_empty(
    space: OutcomeSpace,
    parties: Sequence[str],
    rounds_elapsed: int = 0,
    *,
    seed: int = 0,
    limit: int = DENSE_LIMIT,
) -> bool:
    """`zone_is_empty` for a space; see there."""
    chosen = _check_parties(space, parties)
    view = _View(space, chosen, rounds_elapsed)
    for j, p in enumerate(chosen):
        ext = space.extremes(p, limit=limit)
        if ext is not None and (ext.best_signable is None or ext.best_signable < view.threshold[j]):
            return True
    if space.size <= limit:
        matrix = space.matrix(chosen, limit=limit)
        zone = matrix.sign_ok.all(axis=1)
        for j in range(len(chosen)):
            zone &= matrix.utilities[:, j] >= view.threshold[j]
            if not zone.any():
                return True
        return False
    rows, _ = _sample_and_climb(space, view, chosen, np.random.default_rng(seed), only_zone=True)
    zone = rows.signable & view.reaches(rows.utilities).all(axis=1)
    return not bool(zone.any())


def _check_parties(space: OutcomeSpace, parties: Sequence[str]) -> tuple[str, ...]:
    chosen = tuple(sorted(set(parties)))
    if not chosen:
        raise ValueError("no parties to analyse")
    unknown = [p for p in chosen if p not in space.party_ids]
    if unknown:
        raise ValueError(f"unknown parties {unknown}; the space has {list(space.party_ids)}")
    return chosen


def _ranges(space: OutcomeSpace, limit: int, seed: int) -> tuple[tuple[PartyRange, ...], bool]:
    out = []
    exact = True
    for c, p in sorted(enumerate(space.party_ids), key=lambda cp: cp[1]):
        ext = space.extremes(p, limit=limit)
        if ext is None:
            exact = False
            best, worst, best_ok = _climb_range(space, p, np.random.default_rng(seed))
        else:
            best, worst, best_ok = ext.best, ext.worst, ext.best_signable
        out.append(PartyRange(p, best, worst, best_ok, space.reservations[c], space.urgencies[c]))
    return tuple(out), exact


# -- approximation for large spaces ----------------------------------------------------------

_Key = Callable[[F32, Bools], tuple[F64, F64]]


def _sample(space: OutcomeSpace, rng: np.random.Generator, n: int) -> I64:
    radices = np.asarray(space.radices, dtype=np.int64)
    if radices.size == 0:
        return np.zeros((n, 0), dtype=np.int64)
    out: I64 = rng.integers(0, radices, size=(n, radices.size), dtype=np.int64)
    return out


@dataclass(frozen=True, eq=False)
class _Moves:
    """The single-clause changes of a text and, when few enough, the two-clause ones."""

    pos: I64
    opt: I64
    pairs: tuple[I64, I64] | None  # indices into pos/opt of the two changes


def _moves(space: OutcomeSpace) -> _Moves:
    pos = np.asarray([i for i, k in enumerate(space.radices) for _ in range(k)], dtype=np.int64)
    opt = np.asarray([o for k in space.radices for o in range(k)], dtype=np.int64)
    radices = space.radices
    count = (sum(radices) ** 2 - sum(k * k for k in radices)) // 2
    if count > PAIR_LIMIT:
        return _Moves(pos, opt, None)
    a, b = np.triu_indices(pos.size, k=1)
    different = pos[a] != pos[b]
    return _Moves(pos, opt, (a[different], b[different]))


def _climb(
    space: OutcomeSpace,
    parties: tuple[str, ...],
    key: _Key,
    start: I64,
    *,
    moves: _Moves,
    visited: list[I64],
) -> None:
    """Best-improvement hill-climb; appends the texts it evaluates to `visited`.

    It tries every single-clause change, and the two-clause changes only when no single one
    improves: a trade moves two clauses, and maximin objectives such as Kalai–Smorodinsky
    often need one.
    """
    cur = start.copy()
    u, ok = space.evaluate(cur[None, :], parties)
    p0, s0 = key(u, ok)
    best = (float(p0[0]), float(s0[0]))
    singles = np.arange(moves.pos.size)
    for _ in range(MAX_STEPS):
        nb = np.repeat(cur[None, :], moves.pos.size, axis=0)
        nb[singles, moves.pos] = moves.opt
        visited.append(nb)
        found = _best_of(space, parties, key, nb)
        if found[0] <= best and moves.pairs is not None:
            a, b = moves.pairs
            nb = np.repeat(cur[None, :], a.size, axis=0)
            rows = np.arange(a.size)
            nb[rows, moves.pos[a]] = moves.opt[a]
            nb[rows, moves.pos[b]] = moves.opt[b]
            found = _best_of(space, parties, key, nb)
            visited.append(nb[found[1]:found[1] + 1])
        if found[0] <= best:
            return
        best = found[0]
        cur = nb[found[1]]


def _best_of(
    space: OutcomeSpace, parties: tuple[str, ...], key: _Key, texts: I64
) -> tuple[tuple[float, float], int]:
    u, ok = space.evaluate(texts, parties)
    p, s = key(u, ok)
    k = _lex_best(p, s)
    return (float(p[k]), float(s[k])), k


def _lex_best(primary: F64, secondary: F64) -> int:
    top = primary == primary.max()
    masked = np.where(top, secondary, -np.inf)
    return int(np.argmax(masked))


def _zone_keys(view: _View) -> Callable[[str | int, F64 | None], _Key]:
    """Objective keys: (in the zone, value) so the climb first reaches the zone.

    Kalai–Smorodinsky ("ks") needs the ideal scores found so far.
    """

    def make(rule: str | int, ideal: F64 | None = None) -> _Key:
        def key(u32: F32, ok: Bools) -> tuple[F64, F64]:
            _, scores, surplus = view.values(u32)
            signable = ok.all(axis=1)
            inside = signable & view.reaches(u32).all(axis=1)
            shortfall = np.maximum(-surplus, 0.0).sum(axis=1) + 100.0 * (~ok).sum(axis=1)
            if rule == "nash":
                value = np.prod(np.maximum(surplus, 0.0), axis=1)
            elif rule == "welfare":
                value = scores.sum(axis=1)
            elif rule == "feasible":
                value = np.maximum(surplus, 0.0).min(axis=1)
            elif rule == "ks" and ideal is not None:
                span = np.maximum(ideal - view.reservation, 0.0)
                ratio = np.where(span > 0, surplus / np.where(span > 0, span, 1.0), 1.0)
                # a little of the mean lets the climb cross the min's plateaus
                value = ratio.min(axis=1) + 1e-3 * ratio.mean(axis=1)
            else:
                value = scores[:, int(rule)]
            return np.asarray(inside, dtype=np.float64), np.asarray(
                np.where(inside, value, -shortfall), dtype=np.float64
            )

        return key

    return make


def _sample_and_climb(
    space: OutcomeSpace,
    view: _View,
    parties: tuple[str, ...],
    rng: np.random.Generator,
    *,
    only_zone: bool = False,
) -> tuple[_Rows, float]:
    """Uniform samples plus hill-climbs towards each bargaining objective.

    Returns the distinct texts evaluated and the share of the uniform samples in the zone.
    """
    samples = _sample(space, rng, SAMPLES)
    u, ok = space.evaluate(samples, parties)
    inside = ok.all(axis=1) & view.reaches(u).all(axis=1)
    share = float(inside.mean()) if inside.size else 0.0
    moves = _moves(space)
    make = _zone_keys(view)
    visited: list[I64] = [samples]
    rules: list[str | int] = ["feasible"] if only_zone else [
        "nash", "welfare", "feasible", *range(len(parties))
    ]
    for rule in rules:
        _climb_from_best(space, parties, make(rule, None), samples=samples, evaluated=(u, ok),
                         moves=moves, visited=visited)
    digits = _distinct_texts(visited)
    found_u, found_ok = space.evaluate(digits, parties)
    if not only_zone:
        inside = found_ok.all(axis=1) & view.reaches(found_u).all(axis=1)
        if inside.any():
            ideal = view.values(found_u[inside])[1].max(axis=0)
            # from the best texts found so far: the other climbs' ends lie near it
            _climb_from_best(space, parties, make("ks", ideal), samples=digits,
                             evaluated=(found_u, found_ok), moves=moves, visited=visited)
            digits = _distinct_texts(visited)
            found_u, found_ok = space.evaluate(digits, parties)
    u, ok = found_u, found_ok

    def rows_digits(r: I64) -> I64:
        return digits[r]

    rows = _Rows(rows_digits, np.asfortranarray(u), _all(ok))
    return rows, share


def _distinct_texts(visited: list[I64]) -> I64:
    """The distinct digit rows in outcome-index order, so ties go to the lowest index."""
    digits = np.asarray(_unique_rows(np.concatenate(visited))[0], dtype=np.int64)
    order = np.lexsort(tuple(digits[:, k] for k in reversed(range(digits.shape[1]))))
    return digits[order]


def _climb_from_best(
    space: OutcomeSpace,
    parties: tuple[str, ...],
    key: _Key,
    *,
    samples: I64,
    evaluated: tuple[F32, Bools],
    moves: _Moves,
    visited: list[I64],
) -> None:
    """Hill-climb from the `STARTS` best samples under `key`."""
    p, s = key(*evaluated)
    for k in np.lexsort((-s, -p))[:STARTS]:
        _climb(space, parties, key, samples[k], moves=moves, visited=visited)


def _climb_range(
    space: OutcomeSpace, party: str, rng: np.random.Generator
) -> tuple[float, float, float | None]:
    """A party's best, worst and best signable utility by sampling and hill-climbing."""
    samples = _sample(space, rng, min(SAMPLES, 10_000))
    moves = _moves(space)
    found = []
    for sign, need_ok in ((1.0, False), (-1.0, False), (1.0, True)):
        def key(u32: F32, ok: Bools, sign: float = sign, need_ok: bool = need_ok
                ) -> tuple[F64, F64]:
            primary = ok[:, 0].astype(np.float64) if need_ok else np.ones(u32.shape[0])
            return primary, sign * u32[:, 0].astype(np.float64)

        visited: list[I64] = [samples]
        u, ok = space.evaluate(samples, (party,))
        p, s = key(u, ok)
        for k in np.lexsort((-s, -p))[:STARTS]:
            _climb(space, (party,), key, samples[k], moves=moves, visited=visited)
        u, ok = space.evaluate(np.concatenate(visited), (party,))
        p, s = key(u, ok)
        k = _lex_best(p, s)
        found.append(float(_exact(u[k])[0]) if ok[k, 0] or not need_ok else None)
    return found[0] or 0.0, found[1] or 0.0, found[2]
