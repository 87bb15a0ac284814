"""What a complete text is worth to each party, one text at a time or every text at once.

DESIGN §2 defines a party's utility for a complete text as

    U = clip(0, 100, sum_i w_i * v_i(option_i) + sum of matching interaction terms)

with the weights normalised to sum to 1 over the issues in play. Two consumers need it:

- the engine and the bots score one text per action, so `game.core.scoring.utility` (and the
  `Scorer` it caches) is a plain-Python fast path of a few microseconds, kept free of numpy;
- the analysis needs every text, so `OutcomeSpace` numbers the texts in mixed radix (one digit
  per issue, the last issue fastest) and `OutcomeSpace.matrix()` builds the texts x parties
  utility matrix with numpy broadcasting, never a Python loop over texts.

Both take the issues and preferences as they are now, not a `Scenario`, because events add and
remove options and issues and shift preferences during a game. Both add the terms as whole
micro-points (each weighted value and interaction rounded to 1e-6) and round the clipped total
to `QUANTUM` points. Integer sums are exact in any order, so the matrix holds exactly
`float32(utility(...))`, texts whose utilities are equal compare equal, and a bot's scalar
check against a reservation agrees with the analysis.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from game.core.model import FrozenMap, Issue, Preferences, Scenario
from game.core.scoring import (  # the arithmetic shared with scalar scoring
    _PER_QUANTUM,
    _TOP,
    MICRO,
    _values,
    from_micro,
    micro,
    normalised_weights,
)

F64 = npt.NDArray[np.float64]
I64 = npt.NDArray[np.int64]
F32 = npt.NDArray[np.float32]
Bools = npt.NDArray[np.bool_]


def _quantise(a: I64) -> F64:
    """Micro-point totals as utilities, with the steps of `from_micro` (`a` is overwritten)."""
    np.clip(a, 0, _TOP, out=a)
    a += _PER_QUANTUM // 2
    a //= _PER_QUANTUM
    out: F64 = a / (MICRO // _PER_QUANTUM)
    return out


class SpaceTooLargeError(ValueError):
    """The dense utility matrix was asked for a space above the size limit."""

    code = "analysis/space_too_large"


DENSE_LIMIT = 2_000_000
"""Above this many texts the dense matrix is refused and the analysis approximates."""


@dataclass(frozen=True, slots=True, eq=False)
class _PartyTables:
    """One party's preferences laid out per issue position of a space."""

    values: tuple[I64, ...]  # per issue: micro(normalised weight * value) of each option
    allowed: tuple[Bools, ...]  # per issue: option crosses none of the party's red lines
    # per interaction: micro(value) and, per issue it names, a mask over that issue's options
    interactions: tuple[tuple[int, tuple[tuple[int, Bools], ...]], ...]
    has_red_lines: bool


@dataclass(frozen=True, slots=True)
class Extremes:
    """A party's best and worst utility over a space, and its best over texts it can sign."""

    best: float
    worst: float
    best_signable: float | None  # None: its red lines rule out every text


@dataclass(frozen=True, eq=False)
class OutcomeSpace:
    """Every complete text over some issues, and each party's compiled preferences.

    A text is a digit per issue (the option's position in `option_ids[i]`), and its outcome
    index is the mixed-radix number of those digits with the last issue fastest, as in
    `numpy.ravel_multi_index`. Building one costs microseconds per party and never enumerates
    texts; `matrix()` does. Rebuild it whenever issues, options or preferences change.
    """

    issue_ids: tuple[str, ...]
    option_ids: tuple[tuple[str, ...], ...]
    party_ids: tuple[str, ...]
    reservations: tuple[float, ...]
    urgencies: tuple[float, ...]
    fixed: FrozenMap[str, str]  # the locked clauses the space was restricted to
    _tables: tuple[_PartyTables, ...] = field(repr=False)

    @property
    def radices(self) -> tuple[int, ...]:
        return tuple(len(o) for o in self.option_ids)

    @property
    def size(self) -> int:
        """How many complete texts the space holds (a Python int: it may exceed int64)."""
        n = 1
        for k in self.radices:
            n *= k
        return n

    def party_index(self, party_id: str) -> int:
        """The party's column; ValueError when it is not in the space."""
        return self.party_ids.index(party_id)

    def digits_of(self, text: Mapping[str, str | None]) -> tuple[int, ...]:
        """A complete text's digits; KeyError names an issue or option the space lacks."""
        out = []
        for issue, options in zip(self.issue_ids, self.option_ids, strict=True):
            option = text.get(issue)
            if option not in options:
                raise KeyError(f"the text has {issue}={option!r}; the space allows {options}")
            out.append(options.index(option))
        return tuple(out)

    def index_of(self, text: Mapping[str, str | None]) -> int:
        """A complete text's outcome index; KeyError names an issue or option the space lacks."""
        index = 0
        for d, k in zip(self.digits_of(text), self.radices, strict=True):
            index = index * k + d
        return index

    def text_of(self, index: int) -> dict[str, str]:
        """The complete text with this outcome index (it does not check the range)."""
        digits: list[int] = []
        for k in reversed(self.radices):
            index, d = divmod(int(index), k)
            digits.append(d)
        return self.text_of_digits(digits[::-1])

    def text_of_digits(self, digits: Sequence[int] | I64) -> dict[str, str]:
        """The complete text with these digits (it does not check their range)."""
        return {
            i: o[int(d)] for i, o, d in zip(self.issue_ids, self.option_ids, digits, strict=True)
        }

    def digits(self, indices: npt.ArrayLike) -> I64:
        """Digit rows, shape (m, issues), of outcome indices (the space must be below 2**63)."""
        flat = np.asarray(indices, dtype=np.int64).reshape(-1)
        if not self.issue_ids:
            return np.zeros((flat.size, 0), dtype=np.int64)
        return np.stack(np.unravel_index(flat, self.radices), axis=1).astype(np.int64)

    def indices(self, digits: npt.ArrayLike) -> I64:
        """Outcome indices of digit rows, shape (m, issues) (the space must be below 2**63)."""
        d = np.asarray(digits, dtype=np.int64).reshape(-1, len(self.issue_ids))
        if not self.issue_ids:
            return np.zeros(d.shape[0], dtype=np.int64)
        out: I64 = np.asarray(np.ravel_multi_index(tuple(d.T), self.radices), dtype=np.int64)
        return out

    def evaluate(
        self, digits: npt.ArrayLike, parties: Sequence[str] | None = None
    ) -> tuple[F32, Bools]:
        """Utilities and red-line-ok flags, each (m, parties), of digit rows (m, issues).

        For samples of spaces too large for `matrix()`; the values equal the matrix's. It does
        not check the digits' range.
        """
        d = np.asarray(digits, dtype=np.int64).reshape(-1, len(self.issue_ids))
        columns = self._columns(parties)
        m = d.shape[0]
        u = np.empty((m, len(columns)), dtype=np.float32)
        ok = np.ones((m, len(columns)), dtype=np.bool_)
        for j, c in enumerate(columns):
            t = self._tables[c]
            acc = np.zeros(m, dtype=np.int64)
            for pos, values in enumerate(t.values):
                acc += values[d[:, pos]]
            for value, condition in t.interactions:
                hit = np.ones(m, dtype=np.bool_)
                for pos, mask in condition:
                    hit &= mask[d[:, pos]]
                acc += value * hit
            u[:, j] = _quantise(acc)
            if t.has_red_lines:
                for pos, allowed in enumerate(t.allowed):
                    ok[:, j] &= allowed[d[:, pos]]
        return u, ok

    def matrix(
        self, parties: Sequence[str] | None = None, *, limit: int = DENSE_LIMIT
    ) -> UtilityMatrix:
        """Every text's utility and red-line flags for these parties (default all), vectorised.

        Raises `SpaceTooLargeError` above `limit` texts rather than run out of memory.
        """
        n = self.size
        if n > limit:
            raise SpaceTooLargeError(f"the outcome space has {n:,} texts, over {limit:,}")
        columns = self._columns(parties)
        radices = self.radices
        # column-major: the analysis reads one party's column at a time
        u = np.empty((n, len(columns)), dtype=np.float32, order="F")
        ok = np.ones((n, len(columns)), dtype=np.bool_, order="F")
        for j, c in enumerate(columns):
            t = self._tables[c]
            acc = _outer(t.values, np.add, 0)
            shaped = acc.reshape(radices)
            for value, condition in t.interactions:
                shaped += _term(value, condition, radices, range(len(radices)))
            u[:, j] = _quantise(acc)
            if t.has_red_lines:
                ok[:, j] = _outer(t.allowed, np.logical_and, True)
        return UtilityMatrix(self, tuple(self.party_ids[c] for c in columns), u, ok)

    def extremes(self, party_id: str, *, limit: int = DENSE_LIMIT) -> Extremes | None:
        """The party's exact best and worst utility, without enumerating the space.

        Issues its interactions do not link add independently, so it maximises each linked
        group of issues on its own; clipping and rounding preserve order, so the sum of the
        group maxima gives the best utility. None when a linked group alone has over `limit`
        texts.
        """
        t = self._tables[self.party_index(party_id)]
        radices = self.radices
        groups = _linked_groups(len(radices), t.interactions)
        best = worst = best_ok = 0
        signable = True
        for value, condition in t.interactions:
            if not condition:  # a condition on nothing always holds
                best, worst, best_ok = best + value, worst + value, best_ok + value
        for group in groups:
            size = 1
            for pos in group:
                size *= radices[pos]
            if size > limit:
                return None
            shape = tuple(radices[pos] for pos in group)
            acc = _outer([t.values[pos] for pos in group], np.add, 0)
            shaped = acc.reshape(shape)
            for value, condition in t.interactions:
                if condition and condition[0][0] in group:
                    shaped += _term(value, condition, shape, group)
            best += int(acc.max())
            worst += int(acc.min())
            allowed = _outer([t.allowed[pos] for pos in group], np.logical_and, True)
            if allowed.any():
                best_ok += int(acc[allowed].max())
            else:
                signable = False
        return Extremes(
            best=from_micro(best),
            worst=from_micro(worst),
            best_signable=from_micro(best_ok) if signable else None,
        )

    def _columns(self, parties: Sequence[str] | None) -> tuple[int, ...]:
        if parties is None:
            return tuple(range(len(self.party_ids)))
        return tuple(self.party_index(p) for p in parties)


def _term(
    value: int,
    condition: tuple[tuple[int, Bools], ...],
    shape: Sequence[int],
    axes: Sequence[int],
) -> I64:
    """An interaction's micro-points where it holds (0 elsewhere), broadcastable to `shape`.

    `axes` names the issue position of each axis of `shape`.
    """
    term = np.asarray(value, dtype=np.int64)
    where = {pos: a for a, pos in enumerate(axes)}
    for pos, mask in condition:
        dims = [1] * len(shape)
        dims[where[pos]] = shape[where[pos]]
        term = term * mask.reshape(dims)
    return term


def _linked_groups(
    n_issues: int, interactions: Sequence[tuple[int, tuple[tuple[int, Bools], ...]]]
) -> list[tuple[int, ...]]:
    """Issue positions grouped so that every interaction falls inside one group (union-find)."""
    parent = list(range(n_issues))

    def root(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for _, condition in interactions:
        for (a, _), (b, _) in itertools.pairwise(condition):
            parent[root(b)] = root(a)
    groups: dict[int, list[int]] = {}
    for pos in range(n_issues):
        groups.setdefault(root(pos), []).append(pos)
    return [tuple(g) for g in groups.values()]


def _outer(tables: Sequence[npt.NDArray[Any]], op: np.ufunc, start: object) -> npt.NDArray[Any]:
    """Flattened outer combination of per-issue arrays, the last one fastest.

    It folds from the last array to the first so that each step's inner loop runs over the long
    accumulated axis rather than over one issue's few options.
    """
    acc = np.asarray([start], dtype=tables[0].dtype if tables else np.int64)
    for t in reversed(tables):
        acc = op.outer(t, acc).ravel()
    return acc


@dataclass(frozen=True, eq=False)
class UtilityMatrix:
    """Every text of a space with some parties' utilities and whether each may sign it.

    `utilities[k, j]` is `float32(utility(...))` of text k (its outcome index) for party
    `party_ids[j]`; `sign_ok[k, j]` is False when text k crosses one of that party's red lines.
    Both are column-major (n_outcomes, n_parties) arrays; treat them as read-only.
    """

    space: OutcomeSpace
    party_ids: tuple[str, ...]
    utilities: F32
    sign_ok: Bools

    def column(self, party_id: str) -> F32:
        return self.utilities[:, self.party_ids.index(party_id)]


def outcome_space(
    issues: Sequence[Issue],
    prefs: Mapping[str, Preferences],
    *,
    parties: Sequence[str] | None = None,
    fixed: Mapping[str, str] | None = None,
) -> OutcomeSpace:
    """The space of complete texts over `issues` (their current options) for these parties.

    `parties` picks and orders the columns (default: every party in `prefs`, sorted by id).
    `fixed` locks clauses: each named issue keeps only that option, so the space shrinks, while
    the weights are still normalised over every issue in `issues`. KeyError names a fixed issue
    or option that does not exist. It does not check that issue or option ids are unique, or
    that preferences name only existing issues: unknown ones in interactions or red lines can
    never match.
    """
    fixed = fixed or {}
    by_id = {i.id: i for i in issues}
    for issue_id, option_id in fixed.items():
        if issue_id not in by_id:
            raise KeyError(f"fixed issue {issue_id!r} is not among the issues {sorted(by_id)}")
        if option_id not in by_id[issue_id].option_ids:
            raise KeyError(f"fixed option {issue_id}={option_id!r} is not one of "
                           f"{by_id[issue_id].option_ids}")
    issue_ids = tuple(i.id for i in issues)
    option_ids = tuple(
        (fixed[i.id],) if i.id in fixed else i.option_ids for i in issues
    )
    party_ids = tuple(parties) if parties is not None else tuple(sorted(prefs))
    tables = tuple(_compile(prefs[p], issue_ids, option_ids) for p in party_ids)
    return OutcomeSpace(
        issue_ids=issue_ids,
        option_ids=option_ids,
        party_ids=party_ids,
        reservations=tuple(float(prefs[p].reservation) for p in party_ids),
        urgencies=tuple(float(prefs[p].urgency) for p in party_ids),
        fixed=FrozenMap({i: fixed[i] for i in issue_ids if i in fixed}),
        _tables=tables,
    )


def scenario_space(
    scenario: Scenario,
    *,
    parties: Sequence[str] | None = None,
    fixed: Mapping[str, str] | None = None,
) -> OutcomeSpace:
    """`outcome_space` over a scenario's issues and its parties' starting preferences."""
    prefs = {p.id: p.preferences for p in scenario.parties}
    return outcome_space(scenario.issues, prefs, parties=parties, fixed=fixed)


def _compile(
    prefs: Preferences, issue_ids: tuple[str, ...], option_ids: tuple[tuple[str, ...], ...]
) -> _PartyTables:
    weights = normalised_weights(prefs, issue_ids)
    values = tuple(
        np.array([micro(weights[i] * _values(prefs, i).get(o, 0.0)) for o in opts],
                 dtype=np.int64)
        for i, opts in zip(issue_ids, option_ids, strict=True)
    )
    forbidden: dict[str, set[str]] = {}
    for r in prefs.red_lines:
        forbidden.setdefault(r.issue, set()).update(r.options)
    allowed = tuple(
        np.array([o not in forbidden.get(i, ()) for o in opts], dtype=np.bool_)
        for i, opts in zip(issue_ids, option_ids, strict=True)
    )
    position = {i: k for k, i in enumerate(issue_ids)}
    interactions: list[tuple[int, tuple[tuple[int, Bools], ...]]] = []
    for x in prefs.interactions:
        if any(i not in position for i in x.when):
            continue  # an issue no longer in play: the condition can never hold
        condition = tuple(
            (position[i], np.array([o in opts for o in option_ids[position[i]]], dtype=np.bool_))
            for i, opts in x.when.items()
        )
        interactions.append((micro(x.value), condition))
    return _PartyTables(
        values=values,
        allowed=allowed,
        interactions=tuple(interactions),
        has_red_lines=any(not a.all() for a in allowed),
    )
