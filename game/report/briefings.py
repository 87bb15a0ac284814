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

from game.core.model import Condition, Party, Scenario
from game.core.scoring import normalised_weights
from game.core.words import and_list


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
    signing: str
    """Whether the agreement needs this party's signature, in a sentence."""


_THE = ("Kingdom", "States", "Federation", "Republic", "Union", "Emirates", "Islands",
        "Netherlands", "Philippines", "Commission", "Council", "Secretariat", "Alliance",
        "Coalition", "Organisation", "Organization", "Authority")
"""Words that make a delegation's name a description, said with "the": the United Kingdom,
the Russian Federation, the European Commission (but France, Türkiye, NATO)."""


def with_article(name: str) -> str:
    """A delegation's name as it reads inside a sentence: "the United States", "France"."""
    words = name.split()
    described = bool(set(words) & set(_THE)) or "of" in words
    return f"the {name}" if described and words[0].lower() != "the" else name


def signatures_needed(scenario: Scenario) -> str:
    """Who must sign and how many signatures make the agreement, in one sentence with the
    delegations' names: "The agreement needs the signatures of Ukraine, the United States and
    France, and at least 5 signatures in all." (the rules: every signatory, and the quorum)."""
    signatories = scenario.agreement.signatories
    names = and_list([with_article(scenario.party(p).name) for p in signatories])
    needed = (f"the signature of {names}" if len(signatories) == 1
              else f"the signatures of {names}")
    if scenario.agreement.quorum > len(signatories):
        needed += f", and at least {scenario.agreement.quorum} signatures in all"
    return f"The agreement needs {needed}."


def _signing(scenario: Scenario, party: Party) -> str:
    agreement = scenario.agreement
    if party.id in agreement.signatories:
        return "There is no agreement without your signature."
    if agreement.quorum > len(agreement.signatories):
        return (f"Your signature is not required, but it counts towards the "
                f"{agreement.quorum} the agreement needs.")
    return "The agreement does not need your signature."


def condition_words(scenario: Scenario, when: Condition) -> str:
    """A combination of options in the names the players see: "US backstop is “None” or
    “Intelligence” and Force size is “About 15,000”"."""
    issues = {i.id: i for i in scenario.issues}
    parts = []
    for issue_id, options in when.items():
        issue = issues.get(issue_id)  # an issue an event adds later is named by its id
        labels = {o.id: o.label for o in issue.options} if issue else {}
        said = [f"“{labels.get(o, o)}”" for o in options]
        either = ", ".join(said[:-1]) + " or " + said[-1] if len(said) > 1 else said[0]
        parts.append(f"{issue.name if issue else issue_id} is {either}")
    return and_list(parts)


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
        notes = tuple(f"{i.value:+g} points when {condition_words(scenario, i.when)}"
                      + (f": {i.note}" if i.note else "") for i in prefs.interactions)
        cards.append(RoleCard(party, tuple(issues), notes, _signing(scenario, party)))
    return cards


_ENV = jinja2.Environment(
    loader=jinja2.PackageLoader("game.report", "templates"),
    autoescape=jinja2.select_autoescape(default=True, default_for_string=True),
    trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined,
)


def briefings_html(scenario: Scenario) -> str:
    """The role cards of `scenario` as one printable HTML page."""
    return _ENV.get_template("briefings.html.j2").render(
        scenario=scenario, cards=role_cards(scenario), needed=signatures_needed(scenario))
