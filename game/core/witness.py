"""A quick search for one text that every signatory would sign: a witness that a deal exists.

The exact zone of possible agreement needs the whole outcome space (`game.core.analysis`,
numpy, a fraction of a second for the flagship). Most scenarios have a zone, and proving that
only takes one text, so the validator first runs this plain-Python local search and falls back
to the exact analysis only when it finds nothing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from game.core.model import Scenario
from game.core.scoring import discounted, red_lines_crossed, utility

_BLOCKED = -1_000.0


def _slack(scenario: Scenario, text: Mapping[str, str], parties: Sequence[str],
           rounds_elapsed: int) -> float:
    """min over parties of (discounted utility - reservation); very low across a red line."""
    ids = scenario.issue_ids
    worst = float("inf")
    for pid in parties:
        prefs = scenario.party(pid).preferences
        crossed = len(red_lines_crossed(prefs, text))
        if crossed:
            return _BLOCKED * crossed
        u = discounted(utility(prefs, text, ids), prefs.urgency, rounds_elapsed)
        worst = min(worst, u - prefs.reservation)
    return worst


def agreement_witness(scenario: Scenario, parties: Sequence[str] | None = None, *,
                      rounds_elapsed: int = 0) -> dict[str, str] | None:
    """A complete text that every one of `parties` (default: the signatories) can sign and
    values at or above its reservation, or None when the search found none.

    None does not prove the zone is empty: the search is a heuristic (hill-climbing on the
    worst-off party's slack from each party's favourite text). Locked issues keep their draft
    option.
    """
    who = tuple(parties) if parties is not None else scenario.agreement.signatories
    locked = scenario.locked_clauses
    choices = {i.id: (locked[i.id],) if i.id in locked else i.option_ids for i in scenario.issues}
    starts = []
    for pid in who:
        values = scenario.party(pid).preferences.values
        starts.append({iid: max(opts, key=values[iid].__getitem__)
                       for iid, opts in choices.items()})
    for text in starts:
        best = _slack(scenario, text, who, rounds_elapsed)
        while best < 0:
            move: tuple[float, str, str] | None = None
            for iid, opts in choices.items():
                current = text[iid]
                for option in opts:
                    if option == current:
                        continue
                    text[iid] = option
                    slack = _slack(scenario, text, who, rounds_elapsed)
                    if slack > best and (move is None or slack > move[0]):
                        move = (slack, iid, option)
                text[iid] = current
            if move is None:
                break
            best, iid, option = move
            text[iid] = option
        if best >= 0:
            return dict(text)
    return None
