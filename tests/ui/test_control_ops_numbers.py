"""The inject form's number fields: a bad number is refused with an example that fits it."""

from __future__ import annotations

import re

import pytest

from game.core.model import AdjustParty
from game.ui import control_ops as ops


@pytest.mark.parametrize("kind", ops.WITH_NUMBER)
def test_a_bad_number_is_refused_with_examples_the_kind_accepts(kind: str) -> None:
    with pytest.raises(ValueError) as info:
        ops.make_effect(ops.EffectRow(kind, target="north", value="lots"))
    message = str(info.value)
    examples = re.findall(r"-?\d+(?:\.\d+)?", message.split("such as", 1)[1])
    assert len(examples) >= 2, message
    for example in examples:  # each example, typed in, makes an effect of this kind
        made = ops.make_effect(ops.EffectRow(kind, target="north", value=example))
        assert isinstance(made, AdjustParty)
        assert getattr(made, kind) == float(example)
        others = [k for k in ops.WITH_NUMBER if k != kind]
        assert all(getattr(made, k) == 0 for k in others)
    # and fits its range: urgency is a fraction lost per round, reservation a number of points
    if kind == "urgency":
        assert all(abs(float(e)) < 1 for e in examples), message
    else:
        assert all(abs(float(e)) >= 1 for e in examples), message
