"""The quick agreement witness: whenever it answers, the answer is a deal everyone can sign."""

from __future__ import annotations

import pytest

from game.core.analysis import analyze
from game.core.scoring import can_sign, utility
from game.core.witness import agreement_witness
from game.paths import bundled_scenarios
from game.scenario import load_bytes, load_scenario


@pytest.mark.parametrize("path", bundled_scenarios(), ids=lambda p: p.stem)
def test_the_witness_is_in_the_zone(path) -> None:  # type: ignore[no-untyped-def]
    s = load_scenario(path).scenario
    text = agreement_witness(s)
    assert text is not None and set(text) == set(s.issue_ids)
    for pid in s.agreement.signatories:
        prefs = s.party(pid).preferences
        assert can_sign(prefs, text)
        assert utility(prefs, text, s.issue_ids) >= prefs.reservation
    assert analyze(s).zone_size > 0


def test_no_witness_when_the_zone_is_empty(minimal_text: str) -> None:
    text = minimal_text.replace("reservation: 40", "reservation: 90")
    s = load_bytes(text.encode(), "m.yaml").scenario
    assert agreement_witness(s) is None
    assert analyze(s).zone_size == 0


def test_locked_issues_keep_their_option(minimal_text: str) -> None:
    text = minimal_text.replace("rounds: 3", "rounds: 3\ndraft: {size: large}").replace(
        "    name: Force size\n", "    name: Force size\n    locked: true\n")
    s = load_bytes(text.encode(), "m.yaml").scenario
    witness = agreement_witness(s)
    assert witness is not None and witness["size"] == "large"
