"""Scoring one text at a time: the plain-Python half of the utility model (no numpy).

The rules, the bots and the validator score single texts; keeping this apart from the numpy
outcome space (`game.core.utility`) lets them start without importing numpy. The arithmetic is
shared with the matrix: see `game.core.utility` for why terms are summed as whole micro-points.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from game.core.model import Issue, Preferences, RedLine

QUANTUM = 1e-3
"""Utilities are rounded to this many points (the game shows whole points)."""
MICRO = 1_000_000
"""Terms are summed as integers in units of 1 / MICRO points."""
_PER_QUANTUM = round(QUANTUM * MICRO)
_TOP = 100 * MICRO

def micro(points: float) -> int:
    """A term in whole micro-points (round half to even)."""
    return round(points * MICRO)


def from_micro(total: int) -> float:
    """A micro-point total clipped to 0..100 and rounded (half up) to `QUANTUM` points."""
    total = min(max(total, 0), _TOP)
    return ((total + _PER_QUANTUM // 2) // _PER_QUANTUM) / (MICRO // _PER_QUANTUM)


def normalised_weights(prefs: Preferences, issue_ids: Iterable[str]) -> dict[str, float]:
    """Each issue's weight divided by the total over `issue_ids` (all 0 when the total is 0).

    An issue the preferences do not weigh counts 0. It does not check for negative weights.
    """
    weights: Mapping[str, float] = prefs.weights  # typed as a Mapping for its `get` overloads
    raw = {i: weights.get(i, 0.0) for i in issue_ids}
    total = sum(raw.values())
    if total <= 0:
        return dict.fromkeys(raw, 0.0)
    return {i: w / total for i, w in raw.items()}


def _values(prefs: Preferences, issue_id: str) -> Mapping[str, float]:
    """The party's values for an issue's options (empty for an issue it has none for)."""
    values: Mapping[str, Mapping[str, float]] = prefs.values
    return values.get(issue_id, {})


class Scorer:
    """One party's preferences compiled for fast scoring of complete texts.

    Build one per (preferences, issue list) and call it per text; `utility` keeps a small cache
    of these. Calling it does not check that the text is complete: an open issue (None), a
    missing issue or an option without a value counts 0, as in the utility matrix.
    """

    __slots__ = ("_interactions", "_tables")

    def __init__(self, prefs: Preferences, issue_ids: Sequence[str]) -> None:
        weights = normalised_weights(prefs, issue_ids)
        in_play = set(issue_ids)
        self._tables: tuple[tuple[str, dict[str | None, int]], ...] = tuple(
            (i, {o: micro(weights[i] * v) for o, v in _values(prefs, i).items()})
            for i in issue_ids
        )
        self._interactions: tuple[tuple[int, tuple[tuple[str, frozenset[str]], ...]], ...] = (
            tuple(
                (micro(x.value), tuple((i, frozenset(opts)) for i, opts in x.when.items()))
                for x in prefs.interactions
                if all(i in in_play for i in x.when)  # as in the matrix: see `_compile`
            )
        )

    def __call__(self, text: Mapping[str, str | None]) -> float:
        s = 0
        for issue, table in self._tables:
            s += table.get(text.get(issue), 0)
        for value, condition in self._interactions:
            for issue, options in condition:
                if text.get(issue) not in options:
                    break
            else:
                s += value
        return from_micro(s)


_SCORERS: dict[tuple[int, tuple[str, ...]], tuple[Preferences, Scorer]] = {}
_SCORER_CACHE_SIZE = 256


def scorer(prefs: Preferences, issue_ids: Sequence[str]) -> Scorer:
    """The cached `Scorer` for these preferences over these issues.

    The cache is keyed on the identity of `prefs` (hashing a `Preferences` costs more than
    scoring a text) and holds the object, so its id cannot be reused while the entry lives.
    """
    key = (id(prefs), issue_ids if isinstance(issue_ids, tuple) else tuple(issue_ids))
    hit = _SCORERS.get(key)
    if hit is not None and hit[0] is prefs:
        return hit[1]
    if len(_SCORERS) >= _SCORER_CACHE_SIZE:
        _SCORERS.clear()
    made = Scorer(prefs, key[1])
    _SCORERS[key] = (prefs, made)
    return made


def utility(
    prefs: Preferences, text: Mapping[str, str | None], issue_ids: Sequence[str]
) -> float:
    """A party's utility (0..100, rounded to `QUANTUM`) for a complete text.

    `issue_ids` are the issues in play (for example `scenario.issue_ids`); the weights are
    normalised over them. It does not check that the text is complete: an open or missing issue,
    or an option the preferences give no value, counts 0. Red lines are not applied; see
    `red_lines_crossed`.
    """
    return scorer(prefs, issue_ids)(text)


def with_fallbacks(issues: Iterable[Issue], text: Mapping[str, str | None]
                   ) -> dict[str, str | None]:
    """The text with each open clause read as its `if_open` option, where it has one: the text
    as the final signing would read it. Every screen and report that shows a party's utility
    for a draft reads it this way, so they all show the same number."""
    return {i.id: text.get(i.id) or i.if_open for i in issues}


def open_without_fallback(issues: Iterable[Issue], text: Mapping[str, str | None]
                          ) -> tuple[Issue, ...]:
    """The clauses open in `text` that have no `if_open` fallback. While any is open the text
    cannot be signed (the final signing has no option to read there), so to every party it is
    worth no more than no deal, whatever `utility` makes of its other clauses (it counts these
    0): a screen comparing two drafts compares such a one as the walk-away."""
    return tuple(i for i in issues if text.get(i.id) is None and i.if_open is None)


def red_lines_crossed(prefs: Preferences, text: Mapping[str, str | None]) -> tuple[RedLine, ...]:
    """The party's red lines that the text crosses, in the order the preferences list them.

    A red line on an issue missing from the text, or open in it, is not crossed.
    """
    return tuple(r for r in prefs.red_lines if text.get(r.issue) in r.options)


def can_sign(prefs: Preferences, text: Mapping[str, str | None]) -> bool:
    """True when the text crosses none of the party's red lines (utility is not considered)."""
    return not any(text.get(r.issue) in r.options for r in prefs.red_lines)


def discount(urgency: float, rounds_elapsed: int) -> float:
    """The factor `(1 - urgency) ** rounds_elapsed` applied to a later agreement's utility.

    It does not check that urgency is in [0, 1) or that rounds_elapsed is non-negative.
    """
    return float((1.0 - urgency) ** rounds_elapsed)


def discounted(u: float, urgency: float, rounds_elapsed: int) -> float:
    """A signed agreement's score: `u * (1 - urgency) ** rounds_elapsed` (DESIGN §2)."""
    return u * discount(urgency, rounds_elapsed)


def score(
    prefs: Preferences,
    text: Mapping[str, str | None],
    issue_ids: Sequence[str],
    rounds_elapsed: int,
) -> float:
    """The party's score if this text is signed after `rounds_elapsed` rounds.

    It does not check red lines or the reservation: a no-deal scores the reservation instead,
    which is the caller's decision.
    """
    return discounted(utility(prefs, text, issue_ids), prefs.urgency, rounds_elapsed)
