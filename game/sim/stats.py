"""The few statistics a batch of games needs, with 95% intervals.

Trainers read "agreement in 41% of games (35–47%)", so every rate and mean comes with an
interval. Plain Python on purpose: results must be identical on every machine, and the inputs
are a few thousand numbers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

Z95 = 1.959963984540054
"""The two-sided 95% quantile of the standard normal distribution."""


@dataclass(frozen=True, slots=True)
class Estimate:
    """A value with its 95% interval (equal to the value when there is nothing to vary)."""

    value: float
    low: float
    high: float

    def within(self, low: float, high: float) -> Estimate:
        """The interval cut to what the quantity can be (a normal approximation of a mean
        of percentages can run past 100)."""
        return Estimate(self.value, max(low, self.low), min(high, self.high))

    def to_dict(self, places: int = 6) -> dict[str, float]:
        return {"value": round(self.value, places), "low": round(self.low, places),
                "high": round(self.high, places)}


def wilson(successes: int, trials: int) -> Estimate:
    """A proportion with its Wilson score interval; (0, 0, 1) for no trials.

    It does not check that `successes` is between 0 and `trials`.
    """
    if trials == 0:
        return Estimate(0.0, 0.0, 1.0)
    p = successes / trials
    z2 = Z95 * Z95
    centre = (p + z2 / (2 * trials)) / (1 + z2 / trials)
    half = Z95 * math.sqrt(p * (1 - p) / trials + z2 / (4 * trials * trials)) / (1 + z2 / trials)
    # at 0 or all successes the bound is exactly 0 or 1; rounding would leave 1e-16 off
    low = 0.0 if successes == 0 else max(0.0, centre - half)
    high = 1.0 if successes == trials else min(1.0, centre + half)
    return Estimate(p, low, high)


def mean(values: Sequence[float]) -> Estimate:
    """The mean with a normal-approximation interval, mean ± 1.96 standard errors.

    (0, 0, 0) for no values; a single value has a zero-width interval.
    """
    n = len(values)
    if n == 0:
        return Estimate(0.0, 0.0, 0.0)
    m = math.fsum(values) / n
    if n == 1:
        return Estimate(m, m, m)
    variance = math.fsum((v - m) ** 2 for v in values) / (n - 1)
    half = Z95 * math.sqrt(variance / n)
    return Estimate(m, m - half, m + half)
