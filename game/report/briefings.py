"""Printed role cards: `backstop briefings SCENARIO --html FILE`.

For a projector seminar with delegations around the room, each delegation gets a page: its
confidential briefing, what every option is worth to it, its red lines and walk-away value, and
a blank score sheet. The public briefing comes first. Pages break between parties when printed.
The HTML is rendered by jinja2 with autoescaping on, so scenario text can never inject markup.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import jinja2

from game.core.model import Party, Scenario
from game.core.scoring import normalised_weights


@dataclass(frozen=True, slots=True)
class OptionRow:
    label: str
    value: float
    red_line: str
    """The red line's reason ("" when the option is not a red line; "red line" if no reason)."""


@dataclass(frozen=True, slots=True)
class IssueCard:
    name: str
    weight_pct: float
    options: tuple[OptionRow, ...]


@dataclass(frozen=True, slots=True)
class RoleCard:
    party: Party
    issues: tuple[IssueCard, ...]
    interactions: tuple[str, ...]


def role_cards(scenario: Scenario) -> list[RoleCard]:
    ids = scenario.issue_ids
    cards = []
    for party in scenario.parties:
        prefs = party.preferences
        weights = normalised_weights(prefs, ids)
        issues = []
        for issue in scenario.issues:
            values: Mapping[str, float] = prefs.values.get(issue.id, {})
            reds = {o: (r.reason or "red line") for r in prefs.red_lines if r.issue == issue.id
                    for o in r.options}
            issues.append(IssueCard(issue.name, round(100 * weights.get(issue.id, 0.0), 1), tuple(
                OptionRow(o.label, float(values.get(o.id, 0.0)), reds.get(o.id, ""))
                for o in issue.options)))
        notes = tuple(f"{'+' if i.value >= 0 else ''}{i.value:g} points: {i.note}" if i.note
                      else f"{'+' if i.value >= 0 else ''}{i.value:g} points"
                      for i in prefs.interactions)
        cards.append(RoleCard(party, tuple(issues), notes))
    return cards


_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("game.report", "templates"),
    autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
    trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
)


def briefings_html(scenario: Scenario) -> str:
    """The role cards of `scenario` as one printable HTML page."""
    return _ENV.get_template("briefings.html.j2").render(
        scenario=scenario, cards=role_cards(scenario))
